//! Timestamps as both backends store them.

use chrono::{DateTime, SubsecRound, Utc};

/// A point in time, UTC. Stored as `TIMESTAMPTZ` on PostgreSQL and as RFC 3339 text on SQLite.
pub type Timestamp = DateTime<Utc>;

/// The current time, truncated to whole milliseconds.
///
/// Why: SQLite keeps timestamps as text, and text compares like time only when every value has the
/// same fractional precision (sqlx writes 0 or 3 digits for whole milliseconds, and `+` sorts
/// before `.`). Every timestamp written to the store comes from here or from [`truncate`].
pub fn now() -> Timestamp {
    truncate(Utc::now())
}

/// `t` truncated to whole milliseconds (see [`now`]).
pub fn truncate(t: Timestamp) -> Timestamp {
    t.trunc_subsecs(3)
}
