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

/// Parses `2026-12-31` (midnight UTC) or an RFC 3339 time (`2026-12-31T12:00:00Z`).
pub fn parse_date_or_time(s: &str) -> Result<Timestamp, String> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(truncate(t.with_timezone(&Utc)));
    }
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(|d| d.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc())
        .map_err(|_| format!("`{s}` is not a date: use YYYY-MM-DD or RFC 3339 (2026-12-31T12:00:00Z)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_midnight_utc_and_times_keep_their_offset() {
        assert_eq!(parse_date_or_time("2026-12-31").unwrap().to_rfc3339(), "2026-12-31T00:00:00+00:00");
        assert_eq!(
            parse_date_or_time("2026-12-31T12:00:00+02:00").unwrap().to_rfc3339(),
            "2026-12-31T10:00:00+00:00"
        );
        assert!(parse_date_or_time("31/12/2026").unwrap_err().contains("YYYY-MM-DD"));
    }
}
