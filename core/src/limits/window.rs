//! A fixed-window request counter, as Rack::Attack (Mastodon's limiter) keeps them: windows of
//! `period` seconds aligned to the Unix epoch, one count per key per window.
//!
//! Why not GCRA (the `governor` crate): Mastodon's clients read `X-RateLimit-Limit`, `-Remaining`
//! and `-Reset` (when the window ends), which a fixed window answers exactly; and counts of past
//! windows are worthless, so pruning is dropping the whole map when a window ends, O(1), with no
//! sweep to schedule. The price, up to twice the limit across a window boundary, is Mastodon's too.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};

/// Where a key stands in the current window, for the `X-RateLimit-*` headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// Requests allowed per window.
    pub limit: u32,
    /// Requests left in this window.
    pub remaining: u32,
    /// When the window ends and the count starts again.
    pub reset: DateTime<Utc>,
}

/// A refused request: the key used up its window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limited {
    /// The budget (none remaining).
    pub budget: Budget,
    /// How long until the window ends (`Retry-After`), at least a second.
    pub retry_after: Duration,
}

/// Counts hits per key in fixed windows. Memory is bounded: a window holds at most `max_keys`
/// keys, and a new window starts from an empty map.
#[derive(Debug)]
pub struct FixedWindow<K> {
    limit: u32,
    period_secs: i64,
    max_keys: usize,
    state: Mutex<Window<K>>,
}

#[derive(Debug)]
struct Window<K> {
    index: i64,
    counts: HashMap<K, u32>,
    /// Whether a key went uncounted in this window because the map was full (logged once).
    saturated: bool,
}

impl<K: Hash + Eq> FixedWindow<K> {
    /// `limit` hits per `period_secs` (at least 1) per key, tracking at most `max_keys` keys.
    pub fn new(limit: u32, period_secs: u64, max_keys: usize) -> Self {
        Self {
            limit,
            period_secs: i64::try_from(period_secs.max(1)).unwrap_or(i64::MAX),
            max_keys,
            state: Mutex::new(Window { index: i64::MIN, counts: HashMap::new(), saturated: false }),
        }
    }

    /// Counts a hit of `key` at `now`: its budget after it, or [`Limited`] when the window's
    /// limit was already used up.
    ///
    /// With `max_keys` keys counted in this window, a new key is let through uncounted rather than
    /// refused: a flood from that many addresses already gets that many allowances, and refusing
    /// every newcomer would lock everyone out.
    pub fn hit(&self, key: K, now: DateTime<Utc>) -> Result<Budget, Limited> {
        let index = now.timestamp().div_euclid(self.period_secs);
        let reset = Utc
            .timestamp_opt((index + 1).saturating_mul(self.period_secs), 0)
            .single()
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        let mut window = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if window.index != index {
            // A fresh map, not `clear()`: a flood's capacity is given back with its window.
            *window = Window { index, counts: HashMap::new(), saturated: false };
        }
        let count = if let Some(count) = window.counts.get_mut(&key) {
            *count = count.saturating_add(1);
            *count
        } else if window.counts.len() < self.max_keys {
            window.counts.insert(key, 1);
            1
        } else {
            if !window.saturated {
                window.saturated = true;
                tracing::warn!(
                    keys = self.max_keys,
                    "rate limit table full: new clients go uncounted until the window ends"
                );
            }
            1
        };
        let budget = Budget { limit: self.limit, remaining: self.limit.saturating_sub(count), reset };
        if count > self.limit {
            let left = (reset - now).to_std().unwrap_or_default();
            let retry_after = Duration::from_secs(left.as_secs() + u64::from(left.subsec_nanos() > 0))
                .max(Duration::from_secs(1));
            return Err(Limited { budget, retry_after });
        }
        Ok(budget)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(secs, 0).unwrap()
    }

    #[test]
    fn a_key_gets_its_limit_per_window_then_waits_for_the_next() {
        let window = FixedWindow::new(3, 300, 100);
        let start = at(1_800_000_000); // a multiple of 300: a window begins here
        for remaining in [2, 1, 0] {
            assert_eq!(window.hit("a", start + chrono::Duration::seconds(10)).unwrap().remaining, remaining);
        }
        let refused = window.hit("a", start + chrono::Duration::seconds(100)).unwrap_err();
        assert_eq!(refused.budget.remaining, 0);
        assert_eq!(refused.budget.reset, start + chrono::Duration::seconds(300));
        assert_eq!(refused.retry_after, Duration::from_secs(200));
        assert_eq!(window.hit("b", start).unwrap().remaining, 2, "other keys have their own count");
        assert_eq!(window.hit("a", start + chrono::Duration::seconds(300)).unwrap().remaining, 2);
    }

    #[test]
    fn past_windows_are_forgotten_and_a_full_table_lets_new_keys_through_uncounted() {
        let window = FixedWindow::new(1, 60, 2);
        let start = at(1_800_000_000);
        window.hit(1, start).unwrap();
        window.hit(2, start).unwrap();
        assert!(window.hit(3, start).is_ok());
        assert!(window.hit(3, start).is_ok(), "key 3 is not tracked while the table is full");
        assert!(window.hit(1, start).is_err(), "tracked keys keep their count");
        let next = start + chrono::Duration::seconds(60);
        assert!(window.hit(3, next).is_ok());
        assert!(window.hit(3, next).is_err(), "a new window tracks key 3");
        assert_eq!(window.state.lock().unwrap().counts.len(), 1);
    }
}
