//! Abuse limits in the spirit of Mastodon's Rack::Attack rules: requests counted per client
//! address (or per account for the authenticated API) over fixed windows, refused past the
//! `[rate_limits]` limits. In memory and per process: each node counts on its own.

pub mod client;
pub mod window;

use chrono::{DateTime, Utc};

use crate::config::RateLimitsConfig;
use crate::model::AccountId;

pub use client::{ClientNet, TrustedProxy, client_ip, is_trusted};
pub use window::{Budget, FixedWindow, Limited};

/// Keys one rule tracks per window at most (about 40 bytes each): past that, new clients go
/// uncounted until the window ends (see [`FixedWindow::hit`]).
const MAX_KEYS_PER_RULE: usize = 50_000;

/// What a limit counts, each with its window (Mastodon's periods).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Password sign-ins (the password grant and the sign-in page), per address, per 5 minutes.
    SignIn,
    /// Sign-ups (`POST /api/v1/accounts`, the invite page), per address, per 30 minutes.
    SignUp,
    /// Password-reset form posts, per address, per 5 minutes.
    PasswordReset,
    /// `POST /api/v1/apps`, per address, per 10 minutes.
    AppRegistration,
    /// API requests without a user's token, per address, per 5 minutes.
    UnauthenticatedApi,
    /// API requests with a user's token, per account, per 5 minutes.
    AuthenticatedApi,
}

impl Rule {
    /// Every rule.
    pub const ALL: [Rule; 6] = [
        Rule::SignIn,
        Rule::SignUp,
        Rule::PasswordReset,
        Rule::AppRegistration,
        Rule::UnauthenticatedApi,
        Rule::AuthenticatedApi,
    ];

    /// The window, in seconds.
    pub fn period_secs(self) -> u64 {
        match self {
            Rule::SignIn | Rule::PasswordReset | Rule::UnauthenticatedApi | Rule::AuthenticatedApi => 5 * 60,
            Rule::SignUp => 30 * 60,
            Rule::AppRegistration => 10 * 60,
        }
    }

    /// The configured limit per window.
    pub fn limit(self, config: &RateLimitsConfig) -> u32 {
        match self {
            Rule::SignIn => config.sign_in,
            Rule::SignUp => config.sign_up,
            Rule::PasswordReset => config.password_reset,
            Rule::AppRegistration => config.app_registration,
            Rule::UnauthenticatedApi => config.unauthenticated_api,
            Rule::AuthenticatedApi => config.authenticated_api,
        }
    }
}

/// Who a limit counts: a client's address, or an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Counted {
    /// A client's address (see [`ClientNet`]).
    Client(ClientNet),
    /// A signed-in account, whatever address it uses.
    Account(AccountId),
}

/// The counters of every [`Rule`], from `[rate_limits]`.
#[derive(Debug)]
pub struct RateLimits {
    /// `None` when `rate_limits.enabled` is false.
    windows: Option<Vec<(Rule, FixedWindow<Counted>)>>,
}

impl RateLimits {
    /// Counters for the limits of `config`.
    pub fn new(config: &RateLimitsConfig) -> Self {
        let windows = config.enabled.then(|| {
            Rule::ALL
                .iter()
                .map(|&rule| {
                    (rule, FixedWindow::new(rule.limit(config), rule.period_secs(), MAX_KEYS_PER_RULE))
                })
                .collect()
        });
        Self { windows }
    }

    /// Counts a request under `rule`: its budget after it (`None` while limits are off), or
    /// [`Limited`] past the limit.
    pub fn hit(&self, rule: Rule, who: Counted, now: DateTime<Utc>) -> Result<Option<Budget>, Limited> {
        let Some(windows) = &self.windows else { return Ok(None) };
        let (_, window) = windows.iter().find(|(r, _)| *r == rule).expect("a window per rule");
        window.hit(who, now).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_rule_counts_on_its_own_and_disabled_limits_count_nothing() {
        let config = RateLimitsConfig { sign_up: 1, ..RateLimitsConfig::default() };
        let limits = RateLimits::new(&config);
        let who = Counted::Client(ClientNet::V4(1));
        let now = Utc::now();
        assert!(limits.hit(Rule::SignUp, who, now).is_ok());
        assert!(limits.hit(Rule::SignUp, who, now).is_err());
        assert!(limits.hit(Rule::SignIn, who, now).is_ok(), "sign-ins are counted apart");
        let off = RateLimits::new(&RateLimitsConfig { enabled: false, ..config });
        for _ in 0..3 {
            assert_eq!(off.hit(Rule::SignUp, who, now), Ok(None));
        }
    }
}
