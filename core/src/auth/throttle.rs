//! Slows down password guessing without handing anyone a way to lock others out: failed
//! sign-ins are counted per (account, client address). [`LockoutLimits::per_ip`] failures lock
//! that address out of that account; [`LockoutLimits::per_account`] failures from all addresses
//! together lock the account for everyone (a guesser spread over many addresses). Both last
//! [`LockoutLimits::window`] from the first failure, and refuse even the right password.
//!
//! Per process and in memory: a guesser spread over several nodes gets each node's allowance.
//! Bounded: logins that name no account are tracked in a table of their own (by a hash, so a long
//! login costs nothing), so a flood of made-up logins can only push out made-up logins, never the
//! counts of real accounts.

use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::config::RateLimitsConfig;
use crate::limits::ClientNet;
use crate::model::AccountId;

/// The lockout's limits (`rate_limits.failed_sign_ins_*`, `rate_limits.lockout_secs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutLimits {
    /// Failures of one account from one address that lock that address out of it.
    pub per_ip: u32,
    /// Failures of one account from all addresses that lock it for everyone.
    pub per_account: u32,
    /// How long failures count, and a lockout lasts, from the first failure.
    pub window: Duration,
}

impl Default for LockoutLimits {
    fn default() -> Self {
        Self::from(&RateLimitsConfig::default())
    }
}

impl From<&RateLimitsConfig> for LockoutLimits {
    fn from(config: &RateLimitsConfig) -> Self {
        Self {
            per_ip: config.failed_sign_ins_per_ip,
            per_account: config.failed_sign_ins_per_account,
            window: Duration::from_secs(config.lockout_secs),
        }
    }
}

/// Whose failures a sign-in counts against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject<'a> {
    /// The account the login named (whichever spelling: nickname, e-mail, any case).
    Account(AccountId),
    /// A login that names no account; counted alike, so a lockout does not tell which exist.
    Login(&'a str),
}

/// Failed sign-ins per (subject, client address) and per subject.
#[derive(Debug)]
pub struct LoginThrottle {
    limits: LockoutLimits,
    accounts: Mutex<Table<AccountId>>,
    unknown: Mutex<Table<u64>>,
    hasher: RandomState,
}

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    first: Instant,
}

impl Failures {
    fn active(&self, now: Instant, window: Duration) -> bool {
        now < self.first + window
    }

    /// Counts one more failure, starting a new window when the last one is over.
    fn add(&mut self, now: Instant, window: Duration) {
        if !self.active(now, window) {
            *self = Failures { count: 0, first: now };
        }
        self.count += 1;
    }
}

#[derive(Debug)]
struct Tally {
    total: Failures,
    per_client: HashMap<ClientNet, Failures>,
}

#[derive(Debug)]
struct Table<K> {
    tallies: HashMap<K, Tally>,
}

impl<K> Default for Table<K> {
    fn default() -> Self {
        Self { tallies: HashMap::new() }
    }
}

impl<K: std::hash::Hash + Eq + Copy> Table<K> {
    fn check(&self, key: K, client: ClientNet, now: Instant, limits: &LockoutLimits) -> Result<(), Duration> {
        let Some(tally) = self.tallies.get(&key) else { return Ok(()) };
        let locked = |f: &Failures, max: u32| f.count >= max && f.active(now, limits.window);
        let mut wait = None;
        if locked(&tally.total, limits.per_account) {
            wait = Some(tally.total.first + limits.window - now);
        }
        if let Some(f) = tally.per_client.get(&client).filter(|f| locked(f, limits.per_ip)) {
            wait = wait.max(Some(f.first + limits.window - now));
        }
        wait.map_or(Ok(()), Err)
    }

    fn record_failure(&mut self, key: K, client: ClientNet, now: Instant, limits: &LockoutLimits) {
        if !self.tallies.contains_key(&key) && self.tallies.len() >= LoginThrottle::MAX_TRACKED {
            self.tallies.retain(|_, t| t.total.active(now, limits.window));
            if self.tallies.len() >= LoginThrottle::MAX_TRACKED
                && let Some(oldest) = self.tallies.iter().min_by_key(|(_, t)| t.total.first).map(|(k, _)| *k)
            {
                self.tallies.remove(&oldest);
            }
        }
        let tally = self.tallies.entry(key).or_insert_with(|| Tally {
            total: Failures { count: 0, first: now },
            per_client: HashMap::new(),
        });
        tally.total.add(now, limits.window);
        // Addresses are bounded by the failures of one window (at most `per_account` before the
        // account locks); those of windows that are over go first.
        if tally.per_client.len() > limits.per_account as usize {
            tally.per_client.retain(|_, f| f.active(now, limits.window));
        }
        tally.per_client.entry(client).or_insert(Failures { count: 0, first: now }).add(now, limits.window);
    }

    fn record_success(&mut self, key: K, client: ClientNet) {
        if let Some(tally) = self.tallies.get_mut(&key) {
            tally.per_client.remove(&client);
        }
    }
}

impl LoginThrottle {
    /// Subjects tracked at once per table (accounts; logins naming none); past this, windows that
    /// are over are dropped, then the oldest.
    const MAX_TRACKED: usize = 10_000;

    /// An empty throttle with these limits.
    pub fn new(limits: LockoutLimits) -> Self {
        Self {
            limits,
            accounts: Mutex::new(Table::default()),
            unknown: Mutex::new(Table::default()),
            hasher: RandomState::new(),
        }
    }

    /// The limits this throttle applies.
    pub fn limits(&self) -> LockoutLimits {
        self.limits
    }

    fn login_key(&self, login: &str) -> u64 {
        self.hasher.hash_one(login.trim().to_lowercase())
    }

    /// `Err(wait)` while `client` is locked out of `subject`, with how long is left.
    pub fn check(&self, subject: Subject<'_>, client: ClientNet, now: Instant) -> Result<(), Duration> {
        match subject {
            Subject::Account(id) => lock(&self.accounts).check(id, client, now, &self.limits),
            Subject::Login(login) => {
                lock(&self.unknown).check(self.login_key(login), client, now, &self.limits)
            }
        }
    }

    /// Counts a failed sign-in of `subject` from `client`.
    pub fn record_failure(&self, subject: Subject<'_>, client: ClientNet, now: Instant) {
        match subject {
            Subject::Account(id) => lock(&self.accounts).record_failure(id, client, now, &self.limits),
            Subject::Login(login) => {
                let key = self.login_key(login);
                lock(&self.unknown).record_failure(key, client, now, &self.limits)
            }
        }
    }

    /// Forgets the failures of `client` on `subject` after a successful sign-in. The account's
    /// total stays: it guards against guessing from many addresses, which one success does not end.
    pub fn record_success(&self, subject: Subject<'_>, client: ClientNet) {
        match subject {
            Subject::Account(id) => lock(&self.accounts).record_success(id, client),
            Subject::Login(login) => lock(&self.unknown).record_success(self.login_key(login), client),
        }
    }

    #[cfg(test)]
    fn tracked(&self) -> (usize, usize) {
        (lock(&self.accounts).tallies.len(), lock(&self.unknown).tallies.len())
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALICE: Subject<'static> = Subject::Account(AccountId(1));
    const HOME: ClientNet = ClientNet::V4(0x0a00_0001);
    const ATTACKER: ClientNet = ClientNet::V4(0xc633_6407);

    fn throttle() -> LoginThrottle {
        LoginThrottle::new(LockoutLimits { per_ip: 5, per_account: 50, window: Duration::from_secs(900) })
    }

    #[test]
    fn an_address_is_locked_out_of_an_account_after_five_failures_until_the_window_passes() {
        let throttle = throttle();
        let start = Instant::now();
        for _ in 0..5 {
            assert_eq!(throttle.check(ALICE, ATTACKER, start), Ok(()));
            throttle.record_failure(ALICE, ATTACKER, start);
        }
        let wait = throttle.check(ALICE, ATTACKER, start + Duration::from_secs(60)).unwrap_err();
        assert_eq!(wait, Duration::from_secs(900 - 60));
        assert_eq!(throttle.check(ALICE, HOME, start), Ok(()), "the owner's address is not locked out");
        assert_eq!(throttle.check(Subject::Account(AccountId(2)), ATTACKER, start), Ok(()));
        assert_eq!(throttle.check(ALICE, ATTACKER, start + Duration::from_secs(900)), Ok(()));
    }

    #[test]
    fn failures_from_many_addresses_lock_the_account_at_its_ceiling() {
        let throttle = throttle();
        let now = Instant::now();
        for i in 0..50 {
            throttle.record_failure(ALICE, ClientNet::V4(i / 4), now);
        }
        assert!(throttle.check(ALICE, HOME, now).is_err(), "50 failures lock the account for everyone");
    }

    #[test]
    fn a_success_clears_that_addresss_failures_only() {
        let throttle = throttle();
        let now = Instant::now();
        for _ in 0..4 {
            throttle.record_failure(ALICE, HOME, now);
            throttle.record_failure(ALICE, ATTACKER, now);
        }
        throttle.record_success(ALICE, HOME);
        throttle.record_failure(ALICE, HOME, now);
        throttle.record_failure(ALICE, ATTACKER, now);
        assert_eq!(throttle.check(ALICE, HOME, now), Ok(()));
        assert!(throttle.check(ALICE, ATTACKER, now).is_err());
    }

    #[test]
    fn unknown_logins_lock_alike_by_any_spelling_and_cannot_push_out_real_accounts() {
        let throttle = throttle();
        let now = Instant::now();
        for login in ["Nobody", "nobody ", "NOBODY", "nobody", "noBody"] {
            throttle.record_failure(Subject::Login(login), ATTACKER, now);
        }
        assert!(throttle.check(Subject::Login("nobody"), ATTACKER, now).is_err());
        for _ in 0..5 {
            throttle.record_failure(ALICE, ATTACKER, now);
        }
        for i in 0..LoginThrottle::MAX_TRACKED + 10 {
            throttle.record_failure(Subject::Login(&format!("junk{i}")), ClientNet::V4(i as u32), now);
        }
        assert_eq!(throttle.tracked(), (1, LoginThrottle::MAX_TRACKED));
        assert!(throttle.check(ALICE, ATTACKER, now).is_err(), "alice's count survives the junk");
    }

    #[test]
    fn the_addresses_of_one_account_stay_bounded() {
        let throttle = throttle();
        let start = Instant::now();
        for i in 0..10_000u32 {
            // One failure per address, spread over many windows so the account never locks.
            throttle.record_failure(ALICE, ClientNet::V4(i), start + Duration::from_secs(u64::from(i) * 30));
        }
        let accounts = lock(&throttle.accounts);
        assert!(accounts.tallies[&AccountId(1)].per_client.len() <= 51);
    }
}
