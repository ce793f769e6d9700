//! A fixed set of worker threads for CPU- and memory-heavy work (Argon2id, RSA key generation)
//! behind a bounded queue. Memory stays at `workers × 19 MiB` at most whatever the load, and a full
//! queue answers "busy" at once instead of piling up requests.

use std::collections::VecDeque;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::{Semaphore, oneshot};

use super::memory::{MemoryCounters, Workspace};
use crate::config::SecurityConfig;

/// How long a client told "busy" should wait before trying again, in seconds (`Retry-After`): a
/// full default queue drains in well under a second.
pub const RETRY_AFTER_SECS: u64 = 1;

/// How long a worker keeps its buffer without a job before unmapping it: long enough to reuse it
/// through a burst, short enough that memory is back soon after.
pub const DEFAULT_RELEASE_IDLE_AFTER: Duration = Duration::from_secs(2);

/// Why the pool did not run a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PoolError {
    /// Every worker is busy and the queue is full: try again in [`RETRY_AFTER_SECS`].
    #[error("the server is busy: too many sign-ins and sign-ups at once, try again in a second")]
    Busy,
    /// The job panicked (a bug; the worker survives and the panic is logged).
    #[error("a password-hashing or key-generation job failed unexpectedly")]
    Crashed,
}

/// What a submission does when every worker is busy and the queue is full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhenFull {
    /// Refuse at once with [`PoolError::Busy`] (the server).
    Refuse,
    /// Wait for room (the CLI, which has nobody to tell "try again").
    Wait,
}

/// How a pool is sized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolSettings {
    /// Worker threads; at least one.
    pub workers: usize,
    /// Jobs that may wait for a worker beyond those running.
    pub queue: usize,
    /// What to do when `workers + queue` jobs are in.
    pub when_full: WhenFull,
    /// How long an idle worker keeps its working memory.
    pub release_idle_after: Duration,
}

impl PoolSettings {
    /// The settings `security.crypto_workers` and `security.crypto_queue` give (0 workers: one per
    /// core).
    pub fn from_config(security: &SecurityConfig, when_full: WhenFull) -> Self {
        let workers = match security.crypto_workers {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n as usize,
        };
        Self {
            workers,
            queue: security.crypto_queue as usize,
            when_full,
            release_idle_after: DEFAULT_RELEASE_IDLE_AFTER,
        }
    }
}

impl Default for PoolSettings {
    fn default() -> Self {
        Self::from_config(&SecurityConfig::default(), WhenFull::Refuse)
    }
}

/// What the pool is doing, for metrics and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PoolStats {
    /// Jobs accepted since the start.
    pub accepted: u64,
    /// Jobs refused as busy since the start.
    pub refused: u64,
    /// Jobs running now.
    pub running: usize,
    /// Jobs waiting for a worker now.
    pub waiting: usize,
    /// Argon2 buffers mapped now (at most one per worker).
    pub buffers_held: usize,
    /// Argon2 buffers mapped since the start (reuse keeps this low).
    pub buffers_mapped: u64,
}

type Job = Box<dyn FnOnce(&mut Workspace) + Send>;

#[derive(Default)]
struct Queue {
    jobs: VecDeque<Job>,
    closed: bool,
}

#[derive(Default)]
struct Shared {
    queue: Mutex<Queue>,
    /// Signalled when a job is queued or the pool closes.
    work: Condvar,
    /// Signalled whenever a statistic changes, for [`CryptoPool::wait_for`].
    changed: Condvar,
    changed_lock: Mutex<()>,
    accepted: AtomicU64,
    refused: AtomicU64,
    running: AtomicUsize,
    memory: Arc<MemoryCounters>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Queue> {
        // A job never runs under the lock, so a poisoned lock only means a panic between two
        // lines of ours: the queue itself is consistent.
        self.queue.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn announce(&self) {
        let _guard = self.changed_lock.lock().unwrap_or_else(|p| p.into_inner());
        self.changed.notify_all();
    }
}

/// The pool: see the module documentation. Dropping it lets the workers finish the queue and
/// exit.
pub struct CryptoPool {
    shared: Arc<Shared>,
    /// One permit per job allowed in (running or waiting): `workers + queue`.
    room: Arc<Semaphore>,
    settings: PoolSettings,
}

impl std::fmt::Debug for CryptoPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CryptoPool").field("settings", &self.settings).field("stats", &self.stats()).finish()
    }
}

impl CryptoPool {
    /// Starts `settings.workers` threads (at least one).
    pub fn new(settings: PoolSettings) -> Self {
        let settings = PoolSettings { workers: settings.workers.max(1), ..settings };
        let shared = Arc::new(Shared::default());
        for n in 0..settings.workers {
            let shared = shared.clone();
            let idle = settings.release_idle_after;
            std::thread::Builder::new()
                .name(format!("plero-crypto-{n}"))
                .spawn(move || work(&shared, idle))
                .expect("the OS starts a thread");
        }
        let room = Arc::new(Semaphore::new(settings.workers + settings.queue));
        Self { shared, room, settings }
    }

    /// The settings it runs with.
    pub fn settings(&self) -> &PoolSettings {
        &self.settings
    }

    /// Runs `job` on a worker with that worker's [`Workspace`] and returns its result. When every
    /// worker is busy and the queue is full, answers [`PoolError::Busy`] at once (or waits, per
    /// [`PoolSettings::when_full`]). A job, once accepted, runs even if the caller stops waiting.
    pub async fn run<T, F>(&self, job: F) -> Result<T, PoolError>
    where
        F: FnOnce(&mut Workspace) -> T + Send + 'static,
        T: Send + 'static,
    {
        let permit = match self.settings.when_full {
            WhenFull::Refuse => self.room.clone().try_acquire_owned().map_err(|_| {
                self.shared.refused.fetch_add(1, Ordering::Relaxed);
                self.shared.announce();
                PoolError::Busy
            })?,
            WhenFull::Wait => self.room.clone().acquire_owned().await.expect("the semaphore is never closed"),
        };
        let (tx, rx) = oneshot::channel();
        let job: Job = Box::new(move |workspace| {
            let result = std::panic::catch_unwind(AssertUnwindSafe(|| job(workspace)));
            drop(permit);
            let _ = tx.send(result.map_err(|_| PoolError::Crashed));
        });
        self.shared.accepted.fetch_add(1, Ordering::Relaxed);
        self.shared.lock().jobs.push_back(job);
        self.shared.work.notify_one();
        self.shared.announce();
        rx.await.map_err(|_| PoolError::Crashed)?
    }

    /// A snapshot of what the pool is doing.
    pub fn stats(&self) -> PoolStats {
        let shared = &self.shared;
        PoolStats {
            accepted: shared.accepted.load(Ordering::Relaxed),
            refused: shared.refused.load(Ordering::Relaxed),
            running: shared.running.load(Ordering::Relaxed),
            waiting: shared.lock().jobs.len(),
            buffers_held: shared.memory.held.load(Ordering::Relaxed),
            buffers_mapped: shared.memory.mapped.load(Ordering::Relaxed),
        }
    }

    /// Blocks until `done` holds for the pool's statistics (woken by every change, no polling),
    /// or `timeout` passes; returns the last statistics either way.
    pub fn wait_for(&self, timeout: Duration, done: impl Fn(&PoolStats) -> bool) -> PoolStats {
        let deadline = Instant::now() + timeout;
        let mut guard = self.shared.changed_lock.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            let stats = self.stats();
            let left = deadline.saturating_duration_since(Instant::now());
            if done(&stats) || left.is_zero() {
                return stats;
            }
            guard = self.shared.changed.wait_timeout(guard, left).unwrap_or_else(|p| p.into_inner()).0;
        }
    }
}

impl Drop for CryptoPool {
    fn drop(&mut self) {
        self.shared.lock().closed = true;
        self.shared.work.notify_all();
    }
}

/// A worker: takes jobs in order; after `release_idle_after` without one, unmaps its buffer.
fn work(shared: &Shared, release_idle_after: Duration) {
    let mut workspace = Workspace::with_counters(shared.memory.clone());
    loop {
        let job = {
            let mut queue = shared.lock();
            loop {
                if let Some(job) = queue.jobs.pop_front() {
                    break Some(job);
                }
                if queue.closed {
                    return;
                }
                if !workspace.holds_memory() {
                    queue = shared.work.wait(queue).unwrap_or_else(|p| p.into_inner());
                    continue;
                }
                let (guard, waited) =
                    shared.work.wait_timeout(queue, release_idle_after).unwrap_or_else(|p| p.into_inner());
                queue = guard;
                if waited.timed_out() && queue.jobs.is_empty() {
                    break None;
                }
            }
        };
        match job {
            Some(job) => {
                shared.running.fetch_add(1, Ordering::Relaxed);
                shared.announce();
                tracing::debug!("crypto job started");
                job(&mut workspace);
                shared.running.fetch_sub(1, Ordering::Relaxed);
            }
            // Unmapped outside the lock: the other workers need not wait for the kernel.
            None => workspace.release(),
        }
        shared.announce();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    const PATIENCE: Duration = Duration::from_secs(30);

    fn pool(workers: usize, queue: usize, release_idle_after: Duration) -> CryptoPool {
        CryptoPool::new(PoolSettings { workers, queue, when_full: WhenFull::Refuse, release_idle_after })
    }

    /// Submits a job that blocks its worker until the returned sender is dropped or used.
    fn blocker(pool: &Arc<CryptoPool>) -> (mpsc::Sender<()>, tokio::task::JoinHandle<Result<(), PoolError>>) {
        let (release, wait) = mpsc::channel::<()>();
        let pool = pool.clone();
        let handle = tokio::spawn(async move {
            pool.run(move |_| {
                let _ = wait.recv();
            })
            .await
        });
        (release, handle)
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn work_beyond_the_workers_and_the_queue_is_refused_at_once() {
        let pool = Arc::new(pool(2, 3, DEFAULT_RELEASE_IDLE_AFTER));
        let blockers: Vec<_> = (0..5).map(|_| blocker(&pool)).collect();
        let stats = tokio::task::block_in_place(|| pool.wait_for(PATIENCE, |s| s.accepted == 5));
        assert_eq!(stats.accepted, 5, "{stats:?}");

        assert_eq!(pool.run(|_| ()).await, Err(PoolError::Busy));
        assert_eq!(pool.stats().refused, 1);

        // Every blocker released before any is awaited: which two of them hold the workers is up
        // to the scheduler, and awaiting a queued one first would wait behind the running ones.
        let (releases, handles): (Vec<_>, Vec<_>) = blockers.into_iter().unzip();
        drop(releases);
        for handle in handles {
            handle.await.unwrap().expect("an accepted job runs");
        }
        assert_eq!(pool.run(|_| 7).await, Ok(7), "room again once the queue drained");
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn with_no_queue_only_as_many_jobs_as_workers_get_in() {
        let pool = Arc::new(pool(1, 0, DEFAULT_RELEASE_IDLE_AFTER));
        let (release, handle) = blocker(&pool);
        tokio::task::block_in_place(|| pool.wait_for(PATIENCE, |s| s.running == 1));
        assert_eq!(pool.run(|_| ()).await, Err(PoolError::Busy));
        drop(release);
        handle.await.unwrap().unwrap();
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn a_waiting_pool_queues_instead_of_refusing() {
        let pool = Arc::new(CryptoPool::new(PoolSettings {
            workers: 1,
            queue: 0,
            when_full: WhenFull::Wait,
            release_idle_after: DEFAULT_RELEASE_IDLE_AFTER,
        }));
        let (release, handle) = blocker(&pool);
        tokio::task::block_in_place(|| pool.wait_for(PATIENCE, |s| s.running == 1));
        let waiting = {
            let pool = pool.clone();
            tokio::spawn(async move { pool.run(|_| "done").await })
        };
        drop(release);
        assert_eq!(waiting.await.unwrap(), Ok("done"));
        handle.await.unwrap().unwrap();
        assert_eq!(pool.stats().refused, 0);
    }

    #[tokio::test]
    async fn a_panicking_job_is_reported_and_the_worker_goes_on() {
        let pool = pool(1, 0, DEFAULT_RELEASE_IDLE_AFTER);
        let crashed = pool.run(|_| -> u8 { panic!("a bug in a job") }).await;
        assert_eq!(crashed, Err(PoolError::Crashed));
        assert_eq!(pool.run(|_| 1).await, Ok(1));
    }

    #[tokio::test]
    async fn a_worker_reuses_its_buffer_from_job_to_job() {
        let pool = pool(1, 0, Duration::from_secs(3600));
        for _ in 0..3 {
            pool.run(|ws| ws.argon2_blocks(1024).map(|_| ()).unwrap()).await.unwrap();
        }
        let stats = pool.stats();
        assert_eq!((stats.buffers_mapped, stats.buffers_held), (1, 1), "{stats:?}");
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn an_idle_worker_unmaps_its_buffer() {
        let pool = pool(1, 0, Duration::from_millis(50));
        let held = pool.run(|ws| ws.argon2_blocks(1024).is_ok() && ws.holds_memory()).await.unwrap();
        assert!(held, "the job had its buffer");
        let stats = tokio::task::block_in_place(|| pool.wait_for(PATIENCE, |s| s.buffers_held == 0));
        assert_eq!(stats.buffers_held, 0, "released after idling: {stats:?}");
        assert_eq!(stats.buffers_mapped, 1);
        // The next job maps a fresh one and works as before.
        assert!(pool.run(|ws| ws.argon2_blocks(1024).is_ok()).await.unwrap());
        assert_eq!(pool.stats().buffers_mapped, 2);
    }
}
