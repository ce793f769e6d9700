//! Gives the heap that a burst of requests freed back to the operating system once the burst is
//! over. glibc keeps freed memory in its arenas (two, `daemon::limit_malloc_arenas`); its own
//! trimming only returns the top of each heap, not the free pages between live allocations. In
//! `benches/timelines.sh` (PostgreSQL, wrk -c50 on the home and public timelines) that was about
//! 5.5 MB of the 29.7 MB resident after the load, and `malloc_trim(0)` returned it (anonymous
//! memory 11.5 → 5.9 MB). The trim runs on the first quiet quarter of a second after requests,
//! never while they keep coming (so a sustained load does not pay for freeing pages it is about
//! to reuse), at most every 5 s and at least every minute while requests come.

use std::time::Duration;

/// How often the trimmer looks at the request count: a burst's memory goes back within two
/// ticks (half a second) of its end, unless the previous trim was under 5 s before.
const TICK: Duration = Duration::from_millis(250);

/// Fewest ticks between two trims (5 s): light traffic with pauses does not trim after every
/// request.
const MIN_TICKS_BETWEEN_TRIMS: u32 = 20;

/// Most ticks a busy process goes without a trim (60 s).
const MAX_TICKS_BETWEEN_TRIMS: u32 = 240;

/// When a trim is due, from the count of requests served seen at each tick.
#[derive(Debug)]
struct Trigger {
    last_count: u64,
    /// Requests were served since the last trim.
    dirty: bool,
    /// Ticks since the last trim.
    since_trim: u32,
}

impl Trigger {
    fn new(served: u64) -> Self {
        Self { last_count: served, dirty: false, since_trim: MIN_TICKS_BETWEEN_TRIMS }
    }

    /// Whether to trim now, given the requests served so far.
    fn tick(&mut self, served: u64) -> bool {
        let moved = served != self.last_count;
        self.last_count = served;
        self.dirty |= moved;
        self.since_trim = self.since_trim.saturating_add(1);
        let due = self.dirty
            && ((!moved && self.since_trim >= MIN_TICKS_BETWEEN_TRIMS)
                || self.since_trim >= MAX_TICKS_BETWEEN_TRIMS);
        if due {
            self.dirty = false;
            self.since_trim = 0;
        }
        due
    }
}

/// Runs the trimmer until the runtime stops; `served` reads how many requests were served so far.
pub fn spawn_trimmer(served: impl Fn() -> u64 + Send + 'static) {
    tokio::spawn(async move {
        let mut trigger = Trigger::new(served());
        let mut interval = tokio::time::interval(TICK);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            if trigger.tick(served()) {
                trim();
            }
        }
    });
}

/// Returns every free page of the heap to the operating system.
fn trim() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases memory glibc holds as free; it takes the arenas' locks.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trim_is_due_on_the_first_quiet_tick_after_requests_and_not_while_they_come() {
        let mut trigger = Trigger::new(0);
        assert!(!trigger.tick(0), "nothing served yet");
        assert!(!trigger.tick(0));
        assert!(!trigger.tick(10), "a burst is going on");
        assert!(!trigger.tick(25));
        assert!(trigger.tick(25), "the burst is over");
        assert!(!trigger.tick(25), "once");
        assert!(!trigger.tick(25));
    }

    #[test]
    fn trims_are_at_least_five_seconds_apart_and_at_most_a_minute() {
        let mut trigger = Trigger::new(0);
        assert!(!trigger.tick(1));
        assert!(trigger.tick(1), "the first burst");
        // Another request right after: its quiet tick waits for five seconds since the last trim.
        let due: Vec<u32> = (1..=30).filter(|_| trigger.tick(2)).collect();
        assert_eq!(due, [MIN_TICKS_BETWEEN_TRIMS], "ticks after the first trim");
        // Steady traffic, a request every tick: once a minute.
        let mut steady = Trigger::new(0);
        let due: Vec<u64> = (1..=500).filter(|n| steady.tick(*n)).collect();
        let (min, max) = (u64::from(MIN_TICKS_BETWEEN_TRIMS), u64::from(MAX_TICKS_BETWEEN_TRIMS));
        assert_eq!(due, [max - min, 2 * max - min], "a new trigger counts as trimmed five seconds ago");
    }
}
