//! Remote instances and whether deliveries reach them.

use serde::Serialize;

use super::Timestamp;

/// A remote server we federate with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Instance {
    /// Lowercase host (with `:port` when not the default).
    pub domain: String,
    /// The software the server runs (e.g. `mastodon`); `None` while not known.
    pub software: Option<String>,
    /// The version of that software; `None` while not known.
    pub software_version: Option<String>,
    /// The server's shared inbox; `None` while not known or when it has none.
    pub shared_inbox_url: Option<String>,
    /// When the instance was first stored (its first recorded delivery).
    pub first_seen_at: Timestamp,
    /// When a delivery to it last succeeded; `None` when none has yet.
    pub last_success_at: Option<Timestamp>,
    /// When a delivery to it last failed; `None` when none has yet.
    pub last_failure_at: Option<Timestamp>,
    /// Failed deliveries since the last success.
    pub failure_count: i32,
    /// Since when every delivery failed; `None` while it answers.
    pub unreachable_since: Option<Timestamp>,
    /// Whether an admin blocked the instance.
    pub blocked: bool,
}

impl Instance {
    /// Whether deliveries should still be attempted at `now`: it answered lately, or has been
    /// failing for less than `give_up_after` (Pleroma's "unreachable" rule).
    pub fn is_reachable(&self, now: Timestamp, give_up_after: chrono::Duration) -> bool {
        self.unreachable_since.is_none_or(|since| now - since < give_up_after)
    }
}
