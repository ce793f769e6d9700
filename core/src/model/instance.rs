//! Remote instances and whether deliveries reach them.

use serde::Serialize;

use super::Timestamp;

/// A remote server we federate with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Instance {
    /// Lowercase host (with `:port` when not the default).
    pub domain: String,
    pub software: Option<String>,
    pub software_version: Option<String>,
    pub shared_inbox_url: Option<String>,
    pub first_seen_at: Timestamp,
    pub last_success_at: Option<Timestamp>,
    pub last_failure_at: Option<Timestamp>,
    /// Failed deliveries since the last success.
    pub failure_count: i32,
    /// Since when every delivery failed; `None` while it answers.
    pub unreachable_since: Option<Timestamp>,
    pub blocked: bool,
}

impl Instance {
    /// Whether deliveries should still be attempted at `now`: it answered lately, or has been
    /// failing for less than `give_up_after` (Pleroma's "unreachable" rule).
    pub fn is_reachable(&self, now: Timestamp, give_up_after: chrono::Duration) -> bool {
        self.unreachable_since.is_none_or(|since| now - since < give_up_after)
    }
}
