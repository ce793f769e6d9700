//! A string that never shows itself in logs, `Debug`, errors or `config show`: configuration
//! secrets, passwords in clear, private keys.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// What every redacted secret is shown as.
pub const REDACTED: &str = "<redacted>";

/// A secret configuration value. `Debug`, `Display` and `Serialize` print [`REDACTED`] (or `""` when
/// empty, so an unset secret is visible as unset); only [`Secret::expose`] gives the value.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value so it is no longer printed.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The real value: call it only where the secret is used, never to print.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the value is empty: the secret is unset.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn shown(&self) -> &'static str {
        if self.0.is_empty() { "" } else { REDACTED }
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_string())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.shown())
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.shown())
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.shown())
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Secret)
    }
}
