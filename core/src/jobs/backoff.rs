//! How long a failed job waits before its next attempt: Sidekiq's curve, `count⁴ + 15 +
//! rand(0..10) × (count + 1)` seconds where `count` is the number of retries so far. The first
//! retry comes after 15 to 24 seconds; 20 attempts span about five days, 25 retries (Sidekiq's
//! default) about three weeks. The
//! random part spreads out the retries of jobs that failed together (a peer that was down), so they
//! do not all come back at the same second.

use std::time::Duration;

/// Attempts past this wait as long as this one (the delay is already about three years).
const CAP: u64 = 200;

/// The delay after failed attempt `attempt` (1 for the first), with `jitter` in `0..10` (larger
/// values are taken modulo 10): a pure function of both, so the schedule can be tested.
pub fn retry_delay(attempt: i32, jitter: u32) -> Duration {
    let count = u64::try_from(attempt.saturating_sub(1)).unwrap_or(0).min(CAP);
    let jitter = u64::from(jitter % 10);
    Duration::from_secs(count.pow(4) + 15 + jitter * (count + 1))
}

/// [`retry_delay`] with a random jitter.
pub fn random_retry_delay(attempt: i32) -> Duration {
    retry_delay(attempt, rand::random_range(0..10))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: u64 = 24 * 3600;

    fn bounds(attempt: i32) -> (u64, u64) {
        (retry_delay(attempt, 0).as_secs(), retry_delay(attempt, 9).as_secs())
    }

    #[test]
    fn the_first_retry_comes_after_15_to_24_seconds() {
        assert_eq!(bounds(1), (15, 24));
        assert_eq!(bounds(2), (16, 34));
        assert_eq!(bounds(3), (31, 58));
    }

    #[test]
    fn each_retry_waits_at_least_as_long_as_the_one_before_whatever_the_jitter() {
        for attempt in 1..60 {
            assert!(bounds(attempt + 1).0 >= bounds(attempt).1 || attempt < 3, "attempt {attempt}");
            assert!(bounds(attempt + 1).0 > bounds(attempt).0, "attempt {attempt}");
        }
    }

    #[test]
    fn twenty_attempts_span_about_five_days_and_twenty_five_retries_about_three_weeks() {
        let total = |attempts: i32, jitter: u32| -> u64 {
            (1..attempts).map(|a| retry_delay(a, jitter).as_secs()).sum()
        };
        assert!((4 * DAY..6 * DAY).contains(&total(20, 0)), "{}", total(20, 0) / 3600);
        assert!((4 * DAY..6 * DAY).contains(&total(20, 9)), "{}", total(20, 9) / 3600);
        assert!((19 * DAY..23 * DAY).contains(&total(26, 0)), "{}", total(26, 0) / 3600);
    }

    #[test]
    fn the_jitter_stays_in_its_range_and_huge_attempts_do_not_overflow() {
        for _ in 0..1000 {
            let d = random_retry_delay(5).as_secs();
            assert!((bounds(5).0..=bounds(5).1).contains(&d), "{d}");
        }
        assert_eq!(retry_delay(i32::MAX, 3), retry_delay(201, 3));
        assert_eq!(retry_delay(0, 0), retry_delay(1, 0), "no attempt counts as the first");
        assert_eq!(retry_delay(1, 13), retry_delay(1, 3));
    }
}
