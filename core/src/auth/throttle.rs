//! Slows down password guessing: after [`LoginThrottle::MAX_FAILURES`] failed sign-ins for one
//! key (an account, or a login that names none) within [`LoginThrottle::WINDOW`], further attempts
//! for it are refused until the window has passed, whether the password is right or not.
//!
//! Per process and in memory: a guesser spread over several nodes gets each node's allowance, which
//! still caps guesses at a handful per window. Bounded, so a flood of made-up logins cannot grow it
//! without limit.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failed sign-ins per key (see `auth::service::sign_in` for the keys).
#[derive(Debug, Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, Failures>>,
}

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    first: Instant,
}

impl LoginThrottle {
    /// Failures within [`Self::WINDOW`] that lock a key.
    pub const MAX_FAILURES: u32 = 5;
    /// How long failures count, and a lock lasts, from the first failure.
    pub const WINDOW: Duration = Duration::from_secs(15 * 60);
    /// Logins tracked at once; past this, windows that are over are dropped, then the oldest.
    const MAX_TRACKED: usize = 10_000;

    /// An empty throttle.
    pub fn new() -> Self {
        Self::default()
    }

    fn key(key: &str) -> String {
        key.trim().to_lowercase()
    }

    /// `Err(wait)` while `key` is locked out, with how long is left.
    pub fn check(&self, key: &str, now: Instant) -> Result<(), Duration> {
        let failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        match failures.get(&Self::key(key)) {
            Some(f) if f.count >= Self::MAX_FAILURES && now < f.first + Self::WINDOW => {
                Err(f.first + Self::WINDOW - now)
            }
            _ => Ok(()),
        }
    }

    /// Counts a failed sign-in for `key`.
    pub fn record_failure(&self, key: &str, now: Instant) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if failures.len() >= Self::MAX_TRACKED {
            failures.retain(|_, f| now < f.first + Self::WINDOW);
            if failures.len() >= Self::MAX_TRACKED
                && let Some(oldest) = failures.iter().min_by_key(|(_, f)| f.first).map(|(k, _)| k.clone())
            {
                failures.remove(&oldest);
            }
        }
        let entry = failures.entry(Self::key(key)).or_insert(Failures { count: 0, first: now });
        if now >= entry.first + Self::WINDOW {
            *entry = Failures { count: 0, first: now };
        }
        entry.count += 1;
    }

    /// Forgets the failures of `key` after a successful sign-in.
    pub fn record_success(&self, key: &str) {
        self.failures.lock().unwrap_or_else(|e| e.into_inner()).remove(&Self::key(key));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_login_is_locked_after_five_failures_until_the_window_passes() {
        let throttle = LoginThrottle::new();
        let start = Instant::now();
        for _ in 0..LoginThrottle::MAX_FAILURES {
            assert_eq!(throttle.check("Alice", start), Ok(()));
            throttle.record_failure("alice", start);
        }
        let wait = throttle.check("ALICE", start + Duration::from_secs(60)).unwrap_err();
        assert_eq!(wait, LoginThrottle::WINDOW - Duration::from_secs(60));
        assert_eq!(throttle.check("bob", start), Ok(()), "other logins are not affected");
        assert_eq!(throttle.check("alice", start + LoginThrottle::WINDOW), Ok(()));
    }

    #[test]
    fn a_success_clears_the_failures() {
        let throttle = LoginThrottle::new();
        let now = Instant::now();
        for _ in 0..LoginThrottle::MAX_FAILURES - 1 {
            throttle.record_failure("alice", now);
        }
        throttle.record_success("alice");
        throttle.record_failure("alice", now);
        assert_eq!(throttle.check("alice", now), Ok(()));
    }

    #[test]
    fn failures_from_an_old_window_do_not_count() {
        let throttle = LoginThrottle::new();
        let start = Instant::now();
        for _ in 0..LoginThrottle::MAX_FAILURES - 1 {
            throttle.record_failure("alice", start);
        }
        let later = start + LoginThrottle::WINDOW + Duration::from_secs(1);
        throttle.record_failure("alice", later);
        assert_eq!(throttle.check("alice", later), Ok(()));
    }
}
