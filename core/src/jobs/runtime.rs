//! The workers of one node: a fetcher task per queue, a reaper, and their shutdown.
//!
//! Each queue's fetcher owns its running jobs. One unit of work per turn settles what finished
//! (all completions in one statement, each failure with its backoff) and claims as many due jobs as
//! there are free slots; so a busy queue costs one transaction per batch, not several per job.
//! When its jobs are short (shorter than a turn of the database), the fetcher also claims a few
//! ahead of its slots and runs them from that buffer, so one turn serves several rounds of slots:
//! the batches grow, and so does throughput, while at most [`PREFETCH_PER_SLOT`] jobs per slot wait
//! on this node; slow jobs (deliveries) are never held back from other nodes this way. An
//! idle fetcher waits for a wake-up (a job enqueued by this process, or by any node on PostgreSQL
//! through `NOTIFY`), for the next scheduled job, or for the poll interval, whichever comes first:
//! idle workers never poll hot.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::{AbortHandle, JoinSet};
use tokio::time::Instant;
use tracing::{debug, info, warn};

use super::backoff::random_retry_delay;
use super::handler::{JobError, Registry};
use crate::config::JobsConfig;
use crate::model::time::now;
use crate::model::{Job, JobId, JobState, Lease, NewJob, Timestamp};
use crate::store::{Store, StoreError};

/// How often finished jobs are pruned.
const PRUNE_EVERY: Duration = Duration::from_secs(3600);
/// How long a fetcher waits, after one job finished, for others to finish before settling them.
const BATCH_WINDOW: Duration = Duration::from_millis(2);
/// The shortest an idle fetcher sleeps.
const MIN_IDLE: Duration = Duration::from_millis(10);
/// Jobs that usually take less than this are "short": a fetcher claims ahead for them.
const SHORT_JOB: Duration = Duration::from_millis(5);
/// How many jobs per slot a fetcher of short jobs claims ahead of its free slots.
const PREFETCH_PER_SLOT: usize = 3;
/// How long a fetcher waits after the database failed it before trying again.
/// A claim looks from the start of the queue at least this often, so a job due before the last
/// one claimed (released, or put back by the reaper) waits no longer than this under a backlog.
const RESCAN_EVERY: Duration = Duration::from_secs(1);
const ERROR_PAUSE: Duration = Duration::from_millis(500);

/// One queue a node runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueSettings {
    /// The queue's name.
    pub name: String,
    /// How many of its jobs run at once on this node.
    pub concurrency: usize,
}

/// How a node's workers run.
#[derive(Debug, Clone)]
pub struct RuntimeSettings {
    /// The queues this node runs (a queue with concurrency 0 is left out).
    pub queues: Vec<QueueSettings>,
    /// How long a claim lasts unless renewed (`jobs.lease_secs`).
    pub lease: Duration,
    /// How often an idle fetcher looks for due jobs anyway (`jobs.poll_interval_ms`).
    pub poll: Duration,
    /// How long running jobs get to finish after the stop signal (`http.shutdown_grace_secs`).
    pub grace: Duration,
    /// How long finished jobs are kept (`jobs.retention_hours`); `None`: forever.
    pub retention: Option<Duration>,
    /// Whether this runtime reaps expired leases and prunes finished jobs (every node does; a
    /// benchmark does not, to measure the workers alone).
    pub maintenance: bool,
    /// Who claims (`locked_by`): host and process id.
    pub worker: String,
}

impl RuntimeSettings {
    /// The `[jobs]` queues, lease, poll interval and retention, with `grace` for shutdown.
    pub fn from_config(jobs: &JobsConfig, grace: Duration) -> Self {
        let queues = [
            (super::DEFAULT_QUEUE, jobs.default_concurrency),
            (super::FEDERATION_QUEUE, jobs.federation_concurrency),
        ]
        .into_iter()
        .filter(|(_, concurrency)| *concurrency > 0)
        .map(|(name, concurrency)| QueueSettings { name: name.into(), concurrency: concurrency as usize })
        .collect();
        Self {
            queues,
            lease: Duration::from_secs(jobs.lease_secs.max(1)),
            poll: Duration::from_millis(jobs.poll_interval_ms.max(1)),
            grace,
            // Capped at a century: longer is forever, and cannot overflow a date.
            retention: (jobs.retention_hours > 0)
                .then(|| Duration::from_secs(jobs.retention_hours.min(100 * 365 * 24).saturating_mul(3600))),
            maintenance: true,
            worker: worker_name(),
        }
    }
}

/// `host:pid`, what `locked_by` shows of a claim.
pub fn worker_name() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".into());
    format!("{host}:{}", std::process::id())
}

/// What this node's workers did to jobs of one kind since start (for `/metrics`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KindStats {
    /// Attempts started.
    pub attempts: u64,
    /// Attempts that succeeded and were acknowledged.
    pub completed: u64,
    /// Attempts that failed (retried or dead).
    pub failures: u64,
    /// Jobs that went dead after failing here.
    pub dead: u64,
}

/// What this node's workers did since start.
#[derive(Debug, Default)]
pub struct RuntimeStats {
    kinds: Mutex<BTreeMap<String, KindStats>>,
    /// Jobs whose lease expired, put back (or dead) by this node's reaper.
    pub reaped: std::sync::atomic::AtomicU64,
    /// Jobs released at shutdown for another node.
    pub released: std::sync::atomic::AtomicU64,
}

impl RuntimeStats {
    /// Counts per kind, by kind.
    pub fn kinds(&self) -> BTreeMap<String, KindStats> {
        self.kinds.lock().expect("stats lock").clone()
    }

    /// Attempts acknowledged as done, of every kind.
    pub fn completed(&self) -> u64 {
        self.kinds.lock().expect("stats lock").values().map(|k| k.completed).sum()
    }

    fn count(&self, kind: &str, change: impl FnOnce(&mut KindStats)) {
        let mut kinds = self.kinds.lock().expect("stats lock");
        match kinds.get_mut(kind) {
            Some(stats) => change(stats),
            None => change(kinds.entry(kind.to_string()).or_default()),
        }
    }
}

/// A node's running workers. [`Runtime::shutdown`] stops them cleanly; dropping the runtime
/// without it aborts them, leaving their jobs to the reaper after their leases.
pub struct Runtime {
    stop: watch::Sender<bool>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
    stats: Arc<RuntimeStats>,
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime").field("stats", &self.stats).finish_non_exhaustive()
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

impl Runtime {
    /// Starts a fetcher per queue of `settings` (and the reaper, with `settings.maintenance`),
    /// counting what they do in `stats`.
    pub fn start(
        store: Store,
        registry: Registry,
        settings: RuntimeSettings,
        stats: Arc<RuntimeStats>,
    ) -> Self {
        let (stop, stopped) = watch::channel(false);
        let registry = Arc::new(registry);
        let mut tasks = Vec::new();
        for queue in &settings.queues {
            let fetcher = Fetcher {
                store: store.clone(),
                registry: registry.clone(),
                queue: queue.name.clone(),
                concurrency: queue.concurrency.max(1),
                settings: settings.clone(),
                stats: stats.clone(),
                stop: stopped.clone(),
                running: JoinSet::new(),
                held: HashMap::new(),
                finished: Vec::new(),
                ready: VecDeque::new(),
                typical_run: None,
                claimed_to: None,
                scanned_from_start: std::time::Instant::now(),
            };
            tasks.push(tokio::spawn(fetcher.run()));
        }
        for (kind, every) in registry.periodic() {
            tasks.push(tokio::spawn(enqueue_periodically(
                store.clone(),
                kind.clone(),
                *every,
                stopped.clone(),
            )));
        }
        if settings.maintenance {
            tasks.push(tokio::spawn(maintain(store, settings.clone(), stats.clone(), stopped)));
        }
        info!(
            queues = ?settings.queues.iter().map(|q| format!("{}={}", q.name, q.concurrency)).collect::<Vec<_>>(),
            kinds = ?registry.kinds(),
            lease_secs = settings.lease.as_secs(),
            "job workers started"
        );
        Self { stop, tasks, stats }
    }

    /// What the workers did so far.
    pub fn stats(&self) -> &Arc<RuntimeStats> {
        &self.stats
    }

    /// Stops claiming, lets running jobs finish within the grace period, aborts the rest and puts
    /// them back in their queue for another node; returns when all of it is done.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        for task in std::mem::take(&mut self.tasks) {
            let _ = task.await;
        }
        info!("job workers stopped");
    }
}

/// A claimed job while its handler runs.
struct Held {
    lease: Lease,
    kind: String,
    attempts: i32,
    abort: AbortHandle,
}

/// How an attempt ended, waiting to be settled.
struct Finished {
    lease: Lease,
    kind: String,
    attempts: i32,
    result: Result<(), JobError>,
    /// How long the handler ran.
    took: Duration,
}

/// The fetcher of one queue (see the module's documentation).
struct Fetcher {
    store: Store,
    registry: Arc<Registry>,
    queue: String,
    concurrency: usize,
    settings: RuntimeSettings,
    stats: Arc<RuntimeStats>,
    stop: watch::Receiver<bool>,
    running: JoinSet<Finished>,
    held: HashMap<tokio::task::Id, Held>,
    finished: Vec<Finished>,
    /// Jobs claimed ahead of the free slots, not started yet (their leases are held and renewed).
    ready: VecDeque<Job>,
    /// A moving average of how long this queue's jobs run; `None` until one finished.
    typical_run: Option<Duration>,
    /// `(run_at, id)` of the last job claimed while claims came back full: the next claim looks
    /// past it (see `Store::claim_jobs_after`). `None`: claim from the start.
    claimed_to: Option<(Timestamp, JobId)>,
    /// When a claim last looked from the start of the queue.
    scanned_from_start: std::time::Instant,
}

impl Fetcher {
    async fn run(mut self) {
        let signals = self.store.signals().clone();
        let renew_every = self.settings.lease / 3;
        let mut renew_at = Instant::now() + renew_every;
        while !*self.stop.borrow() {
            self.collect_finished();
            // Enabled before claiming, so a job enqueued while the claim runs still wakes us.
            let notified = signals.jobs.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            self.start_ready();
            // Enough claimed ahead for the next round of slots: no turn of the database yet (what
            // finished is settled with the next one).
            let filled = if self.ready.len() >= self.concurrency {
                true
            } else {
                let wanted = self.wanted();
                let claimed = match self.settle_and_claim(wanted).await {
                    Ok(claimed) => claimed,
                    Err(err) => {
                        warn!(queue = %self.queue, error = %err, "job queue: cannot settle or claim jobs; trying again");
                        tokio::time::sleep(ERROR_PAUSE).await;
                        continue;
                    }
                };
                let filled = claimed.len() == wanted;
                self.ready.extend(claimed);
                self.start_ready();
                filled
            };
            // Slots still free: the queue has nothing more due now; wait for a wake-up, the next
            // scheduled job or the poll. All slots busy: wait for one to finish.
            let idle_wait = if self.running.len() < self.concurrency && !filled {
                self.until_next_due().await
            } else {
                Duration::MAX
            };
            let stop = self.stop.clone();
            tokio::select! {
                joined = self.running.join_next_with_id(), if !self.running.is_empty() => {
                    if let Some(joined) = joined {
                        self.joined(joined);
                        self.gather().await;
                    }
                }
                _ = &mut notified, if self.running.len() < self.concurrency => {}
                _ = sleep_for(idle_wait) => {}
                _ = tokio::time::sleep_until(renew_at) => {
                    self.renew().await;
                    renew_at = Instant::now() + renew_every;
                }
                _ = stopped(stop) => {}
            }
        }
        self.drain(renew_at, renew_every).await;
    }

    /// After a job finished, waits a moment for the others to finish too (at most [`BATCH_WINDOW`],
    /// and not beyond every slot being free), so that one unit of work settles and refills them
    /// together. Without it, short jobs fall into step one by one: each turn would settle one job
    /// and claim one, a transaction per job.
    async fn gather(&mut self) {
        let deadline = Instant::now() + BATCH_WINDOW;
        while !self.running.is_empty() {
            match tokio::time::timeout_at(deadline, self.running.join_next_with_id()).await {
                Ok(Some(joined)) => self.joined(joined),
                _ => break,
            }
        }
    }

    /// How long an idle fetcher may sleep: until the next scheduled job, at most the poll interval.
    async fn until_next_due(&self) -> Duration {
        match self.store.next_due_at(&self.queue).await {
            // At least a moment: a job due now that the claim skipped is being claimed by another
            // worker (PostgreSQL skips locked rows), which is about to commit.
            Ok(Some(at)) => (at - now())
                .to_std()
                .unwrap_or(Duration::ZERO)
                .clamp(MIN_IDLE, self.settings.poll.max(MIN_IDLE)),
            Ok(None) => self.settings.poll,
            Err(err) => {
                debug!(queue = %self.queue, error = %err, "job queue: cannot read the next due job");
                self.settings.poll
            }
        }
    }

    /// How many jobs to claim: one per free slot, and for short jobs a few more ahead.
    fn wanted(&self) -> usize {
        let short = self.typical_run.is_some_and(|run| run < SHORT_JOB);
        let ahead = if short { self.concurrency * PREFETCH_PER_SLOT } else { 0 };
        (self.concurrency + ahead).saturating_sub(self.running.len() + self.ready.len())
    }

    /// Starts claimed jobs while slots are free.
    fn start_ready(&mut self) {
        while self.running.len() < self.concurrency
            && let Some(job) = self.ready.pop_front()
        {
            self.spawn(job);
        }
    }

    /// Moves the attempts that ended from `running` to `finished`.
    fn collect_finished(&mut self) {
        while let Some(joined) = self.running.try_join_next_with_id() {
            self.joined(joined);
        }
    }

    fn joined(&mut self, joined: Result<(tokio::task::Id, Finished), tokio::task::JoinError>) {
        match joined {
            Ok((id, finished)) => {
                // A weighted average (one part in four for the newest) follows a changing mix of
                // jobs without jumping at one outlier.
                self.typical_run = Some(match self.typical_run {
                    Some(typical) => (typical * 3 + finished.took) / 4,
                    None => finished.took,
                });
                // A job whose lease was lost was dropped from `held`: its result is discarded.
                if self.held.remove(&id).is_some() {
                    self.finished.push(finished);
                }
            }
            Err(err) => {
                let Some(held) = self.held.remove(&err.id()) else { return };
                if err.is_panic() {
                    self.finished.push(Finished {
                        lease: held.lease,
                        kind: held.kind,
                        attempts: held.attempts,
                        result: Err(JobError::Retry("the job's handler panicked".into())),
                        took: Duration::ZERO,
                    });
                }
            }
        }
    }

    fn spawn(&mut self, job: Job) {
        self.stats.count(&job.kind, |k| k.attempts += 1);
        let lease = job.lease();
        let kind = job.kind.clone();
        let attempts = job.attempts;
        let handler = self.registry.get(&job.kind).cloned();
        let queue = self.queue.clone();
        let task_kind = kind.clone();
        let abort = self.running.spawn(async move {
            let started = std::time::Instant::now();
            let result = match handler {
                Some(handler) => handler.run(job).await,
                None => Err(JobError::Retry(format!(
                    "no handler for job kind `{task_kind}` on this node (queue `{queue}`): a node of another \
                     version may know it; otherwise cancel it with `pleroctl jobs cancel`"
                ))),
            };
            Finished { lease, kind: task_kind, attempts, result, took: started.elapsed() }
        });
        self.held.insert(abort.id(), Held { lease, kind, attempts, abort });
    }

    /// One unit of work: settles every finished attempt and claims up to `free` jobs (none while
    /// stopping). Finished attempts stay queued here until it commits.
    async fn settle_and_claim(&mut self, free: usize) -> Result<Vec<Job>, StoreError> {
        let claim = free > 0 && !*self.stop.borrow();
        if self.finished.is_empty() && !claim {
            return Ok(Vec::new());
        }
        let mut tx = self.store.begin().await?;
        tx.commit_without_sync().await?;
        let done: Vec<Lease> = self.finished.iter().filter(|f| f.result.is_ok()).map(|f| f.lease).collect();
        let completed = tx.complete_jobs(&done).await?;
        let mut failures = Vec::new();
        for finished in self.finished.iter().filter(|f| f.result.is_err()) {
            let Err(error) = &finished.result else { continue };
            let retry_at = match error {
                JobError::Retry(_) => Some(now() + random_retry_delay(finished.attempts)),
                JobError::Discard(_) => None,
            };
            let state = tx.fail_job(finished.lease, &error.to_string(), retry_at).await?;
            failures.push((finished.kind.clone(), finished.lease, state, error.to_string()));
        }
        let after = self.claimed_to.filter(|_| self.scanned_from_start.elapsed() < RESCAN_EVERY);
        let claimed = if claim {
            tx.claim_jobs_after(&self.queue, &self.settings.worker, free as i64, self.settings.lease, after)
                .await?
        } else {
            Vec::new()
        };
        tx.commit().await?;
        if claim {
            if after.is_none() {
                self.scanned_from_start = std::time::Instant::now();
            }
            // A full claim means more may be due past it; a short one saw the end of what is due.
            self.claimed_to =
                if claimed.len() == free { claimed.last().map(|j| (j.run_at, j.id)) } else { None };
        }
        for finished in self.finished.drain(..).filter(|f| f.result.is_ok()) {
            if completed.contains(&finished.lease.id) {
                self.stats.count(&finished.kind, |k| k.completed += 1);
            } else {
                warn!(job = %finished.lease.id, kind = %finished.kind, "job finished after its lease was lost: its result was refused");
            }
        }
        for (kind, lease, state, error) in failures {
            match state {
                Some(JobState::Dead) => {
                    self.stats.count(&kind, |k| {
                        k.failures += 1;
                        k.dead += 1;
                    });
                    warn!(job = %lease.id, %kind, %error, "job failed for good: it is dead (`pleroctl jobs retry` runs it again)");
                }
                Some(_) => {
                    self.stats.count(&kind, |k| k.failures += 1);
                    info!(job = %lease.id, %kind, %error, "job failed; it will be retried");
                }
                None => {
                    warn!(job = %lease.id, %kind, "job failed after its lease was lost: nothing recorded")
                }
            }
        }
        Ok(claimed)
    }

    /// Renews the leases of every running and claimed-ahead job; a job whose lease was lost is
    /// aborted (or not started), and its result would be refused anyway.
    async fn renew(&mut self) {
        let leases: Vec<Lease> =
            self.held.values().map(|h| h.lease).chain(self.ready.iter().map(Job::lease)).collect();
        if leases.is_empty() {
            return;
        }
        match self.store.renew_leases(&leases, self.settings.lease).await {
            Ok(kept) => {
                let lost: Vec<tokio::task::Id> = self
                    .held
                    .iter()
                    .filter(|(_, h)| !kept.contains(&h.lease.id))
                    .map(|(id, _)| *id)
                    .collect();
                for id in lost {
                    if let Some(held) = self.held.remove(&id) {
                        warn!(job = %held.lease.id, kind = %held.kind, "lost the lease of a running job (cancelled, or claimed again elsewhere): stopping it");
                        held.abort.abort();
                    }
                }
                self.ready.retain(|job| kept.contains(&job.id));
            }
            Err(err) => warn!(queue = %self.queue, error = %err, "job queue: cannot renew leases"),
        }
    }

    /// After the stop signal: running jobs get the grace period to finish; the rest are aborted
    /// and released. What finished is settled.
    async fn drain(mut self, mut renew_at: Instant, renew_every: Duration) {
        let deadline = Instant::now() + self.settings.grace;
        // Jobs claimed ahead never started: another node may run them at once.
        let unstarted: Vec<Lease> = self.ready.drain(..).map(|job| job.lease()).collect();
        match self.store.unclaim_jobs(&unstarted).await {
            Ok(0) => {}
            Ok(returned) => {
                info!(queue = %self.queue, returned, "stopping: jobs claimed ahead were put back unstarted")
            }
            Err(err) => warn!(
                queue = %self.queue, error = %err,
                "stopping: cannot put back the jobs claimed ahead; they run again after their leases expire"
            ),
        }
        if !self.running.is_empty() {
            info!(queue = %self.queue, running = self.running.len(), "stopping: letting running jobs finish");
        }
        while !self.running.is_empty() {
            tokio::select! {
                joined = self.running.join_next_with_id() => {
                    if let Some(joined) = joined {
                        self.joined(joined);
                    }
                }
                _ = tokio::time::sleep_until(deadline) => break,
                _ = tokio::time::sleep_until(renew_at) => {
                    self.renew().await;
                    renew_at = Instant::now() + renew_every;
                }
            }
        }
        let cut_off: Vec<Lease> = self.held.values().map(|h| h.lease).collect();
        self.running.abort_all();
        while let Some(joined) = self.running.join_next_with_id().await {
            // Ended on its own before the abort took effect: settle it like the others.
            if let Ok((id, finished)) = joined
                && self.held.remove(&id).is_some()
            {
                self.finished.push(finished);
            }
        }
        let cut_off: Vec<Lease> =
            cut_off.into_iter().filter(|l| !self.finished.iter().any(|f| f.lease == *l)).collect();
        for attempt in 1..=3 {
            let settled = async {
                self.settle_and_claim(0).await?;
                self.store.release_jobs(&cut_off).await
            };
            match settled.await {
                Ok(released) => {
                    if released > 0 {
                        self.stats.released.fetch_add(released, std::sync::atomic::Ordering::Relaxed);
                        warn!(queue = %self.queue, released, "grace period over: jobs still running were put back in the queue");
                    }
                    return;
                }
                Err(err) if attempt < 3 => {
                    warn!(queue = %self.queue, error = %err, "cannot settle jobs at shutdown; trying again");
                    tokio::time::sleep(ERROR_PAUSE).await;
                }
                Err(err) => warn!(
                    queue = %self.queue, error = %err,
                    "cannot settle jobs at shutdown: they run again after their leases expire"
                ),
            }
        }
    }
}

/// Enqueues a job of the periodic `kind` every `every`, the first at once; unique per kind, so a
/// job still queued or running is not doubled (by this node or another).
async fn enqueue_periodically(store: Store, kind: String, every: Duration, stop: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let stopping = stopped(stop);
    tokio::pin!(stopping);
    loop {
        tokio::select! {
            _ = &mut stopping => return,
            _ = tick.tick() => {
                let job = NewJob {
                    queue: super::DEFAULT_QUEUE.to_string(),
                    kind: kind.clone(),
                    payload: "{}".to_string(),
                    run_at: None,
                    max_attempts: 5,
                    unique_key: Some(kind.clone()),
                };
                if let Err(err) = store.enqueue(&job).await {
                    warn!(error = %err, kind, "cannot enqueue a periodic job");
                }
            }
        }
    }
}

/// Sleeps for `d`; `Duration::MAX` sleeps forever (tokio's timer cannot hold it).
async fn sleep_for(d: Duration) {
    if d >= Duration::from_secs(365 * 24 * 3600) {
        std::future::pending::<()>().await;
    } else {
        tokio::time::sleep(d).await;
    }
}

/// Resolves once the stop signal is sent (or its sender is gone).
async fn stopped(mut stop: watch::Receiver<bool>) {
    let _ = stop.wait_for(|stop| *stop).await;
}

/// The reaper and pruner: puts back the jobs whose lease expired (their worker died or hung),
/// deletes finished jobs past the retention period and idempotency keys past their day. Every node runs it; the statements are
/// idempotent, so nodes running them at once do no harm.
async fn maintain(
    store: Store,
    settings: RuntimeSettings,
    stats: Arc<RuntimeStats>,
    stop: watch::Receiver<bool>,
) {
    let every = (settings.lease / 2).max(Duration::from_secs(1));
    let mut reap = tokio::time::interval(every);
    reap.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut prune = tokio::time::interval(PRUNE_EVERY);
    prune.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let stopping = stopped(stop);
    tokio::pin!(stopping);
    loop {
        tokio::select! {
            _ = &mut stopping => return,
            _ = reap.tick() => match store.release_expired_leases(now()).await {
                Ok(0) => {}
                Ok(reaped) => {
                    stats.reaped.fetch_add(reaped, std::sync::atomic::Ordering::Relaxed);
                    warn!(reaped, "jobs whose worker stopped (lease expired) were put back in their queue");
                }
                Err(err) => warn!(error = %err, "job queue: cannot reap expired leases"),
            },
            _ = prune.tick() => {
                // Posting's Idempotency-Keys name their status for a day (statuses::IDEMPOTENCY_WINDOW).
                let keys_before = now() - crate::statuses::IDEMPOTENCY_WINDOW;
                if let Err(err) = store.prune_idempotency_keys(keys_before).await {
                    warn!(error = %err, "cannot prune old idempotency keys");
                }
                let Some(retention) = settings.retention else { continue };
                let retention = retention.min(Duration::from_secs(100 * 365 * 24 * 3600));
                let before = now() - chrono::Duration::from_std(retention).expect("a century fits");
                match store.prune_finished_jobs(before).await {
                    Ok(0) => {}
                    Ok(pruned) => info!(pruned, "finished jobs past jobs.retention_hours were deleted"),
                    Err(err) => warn!(error = %err, "job queue: cannot prune finished jobs"),
                }
            }
        }
    }
}
