//! The URLs of local actors, from the instance's public address.

use crate::config::{Config, Scheme};

/// Builds the ActivityPub and profile URLs of local accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalUrls {
    /// `https://social.example`, no trailing slash.
    base: String,
}

impl LocalUrls {
    /// `base` like `https://social.example` (a trailing slash is dropped).
    pub fn new(base: impl Into<String>) -> Self {
        Self { base: base.into().trim_end_matches('/').to_string() }
    }

    /// From `http.public_scheme` and `http.public_host` (or `instance.domain`).
    pub fn from_config(config: &Config) -> Self {
        let scheme = match config.http.public_scheme {
            Scheme::Http => "http",
            Scheme::Https => "https",
        };
        let host = if config.http.public_host.is_empty() {
            &config.instance.domain
        } else {
            &config.http.public_host
        };
        Self::new(format!("{scheme}://{host}"))
    }

    /// The base URL, e.g. `https://social.example`, without a trailing slash.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The ActivityPub actor id of a local account: `<base>/users/<nickname>`.
    pub fn actor(&self, nickname: &str) -> String {
        format!("{}/users/{nickname}", self.base)
    }

    /// The profile page of a local account: `<base>/@<nickname>`.
    pub fn profile(&self, nickname: &str) -> String {
        format!("{}/@{nickname}", self.base)
    }

    /// The instance's shared inbox: `<base>/inbox`.
    pub fn shared_inbox(&self) -> String {
        format!("{}/inbox", self.base)
    }

    /// Where a password-reset token is redeemed.
    pub fn password_reset(&self, token: &str) -> String {
        format!("{}/auth/password/edit?reset_password_token={token}", self.base)
    }

    /// The sign-up page of an invite code: `<base>/invite/<code>`.
    pub fn invite(&self, code: &str) -> String {
        format!("{}/invite/{code}", self.base)
    }
}
