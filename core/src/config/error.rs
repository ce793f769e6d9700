//! What can go wrong while loading a configuration. Every problem names where it is and what would be
//! valid; no message ever carries a secret's value.

use std::fmt;

use super::origin::Origin;

/// One thing wrong with the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where the bad value (or key) is; `None` when the problem is about the configuration as a whole.
    pub origin: Option<Origin>,
    /// The dotted key (`http.port`), when the problem is about one key.
    pub key: Option<String>,
    /// What is wrong and what would be valid.
    pub message: String,
}

impl Problem {
    pub(crate) fn at(origin: Origin, key: impl Into<String>, message: impl Into<String>) -> Self {
        Self { origin: Some(origin), key: Some(key.into()), message: message.into() }
    }

    pub(crate) fn in_file(origin: Origin, message: impl Into<String>) -> Self {
        Self { origin: Some(origin), key: None, message: message.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(origin) = &self.origin {
            write!(f, "{origin}: ")?;
        }
        if let Some(key) = &self.key {
            write!(f, "{key}: ")?;
        }
        f.write_str(&self.message)
    }
}

/// Why [`super::load`] failed.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A `--set` flag that is not `section.key=value`: a usage error.
    #[error("--set {arg:?} is not of the form section.key=value (e.g. --set http.port=4001)")]
    BadFlag {
        /// The flag's argument as given.
        arg: String,
    },
    /// Everything found wrong, all at once, so one `config check` run lists every problem.
    #[error("{}", list(.problems))]
    Invalid {
        /// Every problem found; never empty.
        problems: Vec<Problem>,
    },
    /// AWS SSM could not be read (layer 5): nothing is loaded without its parameters.
    #[error(transparent)]
    Ssm(#[from] super::ssm::SsmError),
}

fn list(problems: &[Problem]) -> String {
    let mut out = match problems.len() {
        1 => "invalid configuration (1 problem):".to_string(),
        n => format!("invalid configuration ({n} problems):"),
    };
    for p in problems {
        out.push_str("\n  ");
        out.push_str(&p.to_string());
    }
    out
}
