//! Gives the heap that a burst of requests freed back to the operating system once the burst is
//! over. glibc keeps freed memory in its arenas (two, `daemon::limit_malloc_arenas`); its own
//! trimming only returns the top of each heap, not the free pages between live allocations. In
//! `benches/timelines.sh` (PostgreSQL, wrk -c50 on the home and public timelines) that was about
//! 5.5 MB of the 29.7 MB resident after the load, and `malloc_trim(0)` returned it (anonymous
//! memory 11.5 → 5.9 MB). The trim runs on the first quiet second after requests, never while
//! they keep coming, so a sustained load does not pay for freeing pages it is about to reuse;
//! under steady light traffic it runs at most once a minute.

use std::time::Duration;

/// How often the trimmer looks at the request count.
const TICK: Duration = Duration::from_secs(1);

/// Longest a busy process goes without a trim.
const MAX_TICKS_BETWEEN_TRIMS: u32 = 60;

/// When a trim is due, from the count of requests served seen at each tick.
#[derive(Debug, Default)]
struct Trigger {
    last_count: u64,
    /// Requests were served since the last trim.
    dirty: bool,
    /// Ticks since the last trim (while dirty).
    ticks: u32,
}

impl Trigger {
    /// Whether to trim now, given the requests served so far.
    fn tick(&mut self, served: u64) -> bool {
        let moved = served != self.last_count;
        self.last_count = served;
        if moved {
            self.dirty = true;
        }
        if !self.dirty {
            return false;
        }
        self.ticks += 1;
        if !moved || self.ticks >= MAX_TICKS_BETWEEN_TRIMS {
            self.dirty = false;
            self.ticks = 0;
            return true;
        }
        false
    }
}

/// Runs the trimmer until the runtime stops; `served` reads how many requests were served so far.
pub fn spawn_trimmer(served: impl Fn() -> u64 + Send + 'static) {
    tokio::spawn(async move {
        let mut trigger = Trigger { last_count: served(), ..Trigger::default() };
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
        let mut trigger = Trigger::default();
        assert!(!trigger.tick(0), "nothing served yet");
        assert!(!trigger.tick(0));
        assert!(!trigger.tick(10), "a burst is going on");
        assert!(!trigger.tick(25));
        assert!(trigger.tick(25), "the burst is over");
        assert!(!trigger.tick(25), "once");
        assert!(!trigger.tick(25));
    }

    #[test]
    fn steady_traffic_gets_a_trim_a_minute() {
        let mut trigger = Trigger::default();
        let due: Vec<u64> = (1..=150).filter(|n| trigger.tick(*n)).collect();
        assert_eq!(due, [60, 120]);
    }
}
