//! The queue as users see it, on both backends: worker processes started from this test binary
//! (each one the ignored test [`child_worker`], run again with its settings in the environment)
//! claim jobs from a shared database, are killed with `kill -9` or stopped with SIGTERM, and what
//! they did is read back from the files they append to and from the database.
//!
//! Waits are bounded polls with generous deadlines; nothing asserts how long something took.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use super::backoff::retry_delay;
use super::{JobError, QueueSettings, Registry, Runtime, RuntimeSettings};
use crate::model::{Job, JobId, JobState, Lease, NewJob};
use crate::store::testing::TestDb;
use crate::store::{ConnectOptions, Store};

const QUEUE: &str = "test";
const KIND: &str = "test.job";
const CHILD_URL: &str = "PLERO_TEST_JOBS_CHILD_URL";
const CHILD_OUT: &str = "PLERO_TEST_JOBS_CHILD_OUT";
const CHILD_MODE: &str = "PLERO_TEST_JOBS_CHILD_MODE";
const CHILD_LEASE_MS: &str = "PLERO_TEST_JOBS_CHILD_LEASE_MS";
const CHILD_GRACE_MS: &str = "PLERO_TEST_JOBS_CHILD_GRACE_MS";
/// How long to wait for what should happen within seconds.
const DEADLINE: Duration = Duration::from_secs(120);

/// What a child's handler does with each job, besides writing `start ID TOKEN` first.
#[derive(Debug, Clone, Copy)]
enum Mode {
    /// Writes `end ID TOKEN` and succeeds.
    Record,
    /// Sleeps a second, writes `end ID TOKEN`, succeeds.
    Slow,
    /// Never returns.
    Hang,
}

impl Mode {
    fn name(self) -> &'static str {
        match self {
            Mode::Record => "record",
            Mode::Slow => "slow",
            Mode::Hang => "hang",
        }
    }
}

fn append(path: &Path, line: &str) {
    let mut file = std::fs::OpenOptions::new().create(true).append(true).open(path).expect("the log opens");
    file.write_all(format!("{line}\n").as_bytes()).expect("the log is written");
}

/// The body of each worker process the tests start (it does nothing when run on its own): runs
/// the queue `test` with 4 at once until SIGTERM, then shuts down as `serve` does.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a worker process of the job queue tests"]
async fn child_worker() {
    let (Ok(url), Ok(out)) = (std::env::var(CHILD_URL), std::env::var(CHILD_OUT)) else { return };
    let mode = match std::env::var(CHILD_MODE).as_deref() {
        Ok("slow") => Mode::Slow,
        Ok("hang") => Mode::Hang,
        _ => Mode::Record,
    };
    let millis = |name: &str| Duration::from_millis(std::env::var(name).unwrap().parse().unwrap());
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).unwrap();
    let options = ConnectOptions { max_connections: 4, ..ConnectOptions::default() };
    let store = Store::connect(&url, &options).await.expect("the child connects");
    let out = PathBuf::from(out);
    let log = out.clone();
    let mut registry = Registry::new();
    registry.register(KIND, move |job: Job| {
        let log = log.clone();
        async move {
            append(&log, &format!("start {} {}", job.id, job.lease_token));
            match mode {
                Mode::Record => {}
                Mode::Slow => tokio::time::sleep(Duration::from_secs(1)).await,
                Mode::Hang => std::future::pending::<()>().await,
            }
            append(&log, &format!("end {} {}", job.id, job.lease_token));
            Ok(())
        }
    });
    let settings = RuntimeSettings {
        queues: vec![QueueSettings { name: QUEUE.into(), concurrency: 4 }],
        lease: millis(CHILD_LEASE_MS),
        poll: Duration::from_millis(100),
        grace: millis(CHILD_GRACE_MS),
        retention: None,
        maintenance: true,
        worker: super::runtime::worker_name(),
    };
    let runtime = Runtime::start(store.clone(), registry, settings, Default::default());
    append(&out, "ready");
    terminate.recv().await;
    runtime.shutdown().await;
    append(&out, "stopped");
}

/// A worker process (see [`child_worker`]) and the file it writes.
struct Worker {
    child: Child,
    log: PathBuf,
}

impl Worker {
    fn start(url: &str, dir: &Path, name: &str, mode: Mode, lease: Duration, grace: Duration) -> Self {
        let log = dir.join(name);
        let child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "jobs::tests::child_worker", "--ignored", "--nocapture"])
            .env(CHILD_URL, url)
            .env(CHILD_OUT, &log)
            .env(CHILD_MODE, mode.name())
            .env(CHILD_LEASE_MS, lease.as_millis().to_string())
            .env(CHILD_GRACE_MS, grace.as_millis().to_string())
            .stdout(Stdio::null())
            .spawn()
            .expect("the test binary starts again");
        Self { child, log }
    }

    fn lines(&self) -> Vec<String> {
        std::fs::read_to_string(&self.log).unwrap_or_default().lines().map(String::from).collect()
    }

    /// The `(id, token)` of each `start` or `end` line.
    fn events(&self, what: &str) -> Vec<(JobId, i64)> {
        self.lines()
            .iter()
            .filter_map(|l| l.strip_prefix(what).and_then(|rest| rest.strip_prefix(' ')))
            .map(|rest| {
                let (id, token) = rest.split_once(' ').expect("id and token");
                (id.parse().unwrap(), token.parse().unwrap())
            })
            .collect()
    }

    async fn wait_for(&self, what: &str, enough: impl Fn(&[String]) -> bool) {
        let until = tokio::time::Instant::now() + DEADLINE;
        while !enough(&self.lines()) {
            assert!(tokio::time::Instant::now() < until, "waited too long for {what}: {:?}", self.lines());
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Sends SIGTERM and waits for the process to exit; returns whether it exited with success.
    async fn terminate(mut self) -> (bool, Vec<String>) {
        let status = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().unwrap();
        assert!(status.success());
        let exit = tokio::task::spawn_blocking(move || {
            let exit = self.child.wait().unwrap();
            (exit, self)
        })
        .await
        .unwrap();
        (exit.0.success(), exit.1.lines())
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn new_job(max_attempts: i32) -> NewJob {
    NewJob {
        queue: QUEUE.into(),
        kind: KIND.into(),
        payload: "{}".into(),
        run_at: None,
        max_attempts,
        unique_key: None,
    }
}

async fn enqueue(store: &Store, count: usize, max_attempts: i32) -> Vec<JobId> {
    let mut tx = store.begin().await.unwrap();
    let mut ids = Vec::new();
    for _ in 0..count {
        ids.push(tx.enqueue(&new_job(max_attempts)).await.unwrap().into_job().id);
    }
    tx.commit().await.unwrap();
    ids
}

async fn count(store: &Store, state: JobState) -> i64 {
    store.queue_depths().await.unwrap().iter().filter(|d| d.state == state).map(|d| d.count).sum()
}

async fn wait_until_done(store: &Store, jobs: i64) {
    let until = tokio::time::Instant::now() + DEADLINE;
    while count(store, JobState::Done).await < jobs {
        assert!(tokio::time::Instant::now() < until, "jobs left undone: {:?}", store.queue_depths().await);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// An in-process runtime of the queue `test` whose handler records what it ran in `ran`.
fn recording_runtime(
    store: &Store,
    ran: std::sync::Arc<std::sync::Mutex<Vec<Job>>>,
    lease: Duration,
) -> Runtime {
    let mut registry = Registry::new();
    registry.register(KIND, move |job: Job| {
        let ran = ran.clone();
        async move {
            ran.lock().unwrap().push(job);
            Ok(())
        }
    });
    let settings = RuntimeSettings {
        queues: vec![QueueSettings { name: QUEUE.into(), concurrency: 4 }],
        lease,
        poll: Duration::from_millis(100),
        grace: Duration::from_secs(5),
        retention: None,
        maintenance: true,
        worker: "in-test".into(),
    };
    Runtime::start(store.clone(), registry, settings, Default::default())
}

/// Declares a scenario `async fn name(db: &TestDb)` run on SQLite and on PostgreSQL.
macro_rules! on_both_backends {
    ($(async fn $name:ident($db:ident: &TestDb) $body:block)*) => {$(
        mod $name {
            use super::*;

            async fn case($db: &TestDb) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                case(&TestDb::sqlite().await).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let db = TestDb::postgres().await;
                case(&db).await;
                db.store.close().await;
            }
        }
    )*};
}

on_both_backends! {
    async fn a_thousand_jobs_on_three_worker_processes_each_run_exactly_once(db: &TestDb) {
        let dir = tempfile::tempdir().unwrap();
        let lease = Duration::from_secs(30);
        let workers: Vec<Worker> = (0..3)
            .map(|i| Worker::start(&db.url(), dir.path(), &format!("w{i}"), Mode::Record, lease, lease))
            .collect();
        let ids = enqueue(&db.store, 1000, 3).await;
        wait_until_done(&db.store, 1000).await;
        let mut ran = Vec::new();
        let mut busy = 0;
        for worker in workers {
            let mine = worker.events("end");
            busy += usize::from(!mine.is_empty());
            ran.extend(mine.into_iter().map(|(id, _)| id));
            let (exited, lines) = worker.terminate().await;
            assert!(exited, "a worker did not stop cleanly: {lines:?}");
        }
        assert_eq!(ran.len(), 1000, "each job ran once, none twice");
        assert_eq!(ran.iter().collect::<HashSet<_>>(), ids.iter().collect::<HashSet<_>>());
        assert!(busy >= 2, "the jobs were shared between processes");
        let attempts: HashSet<i32> =
            db.store.list_jobs(&crate::store::JobFilter { limit: 2000, ..Default::default() }).await.unwrap()
                .iter().map(|j| j.attempts).collect();
        assert_eq!(attempts, HashSet::from([1]), "no job needed a second attempt");
    }

    async fn a_worker_killed_mid_job_is_replaced_after_its_lease_and_its_claim_is_refused(db: &TestDb) {
        let dir = tempfile::tempdir().unwrap();
        let lease = Duration::from_secs(2);
        let mut doomed = Worker::start(&db.url(), dir.path(), "doomed", Mode::Hang, lease, lease);
        let id = enqueue(&db.store, 1, 3).await[0];
        doomed.wait_for("the job to start", |lines| lines.iter().any(|l| l.starts_with("start "))).await;
        let killed_claim = Lease { id, token: doomed.events("start")[0].1 };
        doomed.child.kill().unwrap(); // SIGKILL: no shutdown, no release
        doomed.child.wait().unwrap();
        let held = db.store.find_job(id).await.unwrap().unwrap();
        assert_eq!((held.state, held.lease_token), (JobState::Running, killed_claim.token), "still held by the dead");

        let ran = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let runtime = recording_runtime(&db.store, ran.clone(), lease);
        wait_until_done(&db.store, 1).await;
        runtime.shutdown().await;
        let second = ran.lock().unwrap().clone();
        assert_eq!(second.len(), 1, "it ran again once");
        assert_eq!((second[0].id, second[0].attempts), (id, 2));
        assert!(second[0].lease_token > killed_claim.token);
        assert!(db.store.complete_jobs(&[killed_claim]).await.unwrap().is_empty(), "the killed claim cannot complete it");
        assert_eq!(db.store.fail_job(killed_claim, "late", None).await.unwrap(), None, "nor fail it");
        assert_eq!(db.store.find_job(id).await.unwrap().unwrap().state, JobState::Done);
    }

    async fn sigterm_lets_the_jobs_in_flight_finish_and_leaves_the_rest_queued(db: &TestDb) {
        let dir = tempfile::tempdir().unwrap();
        let lease = Duration::from_secs(30);
        let worker = Worker::start(&db.url(), dir.path(), "w", Mode::Slow, lease, Duration::from_secs(60));
        let ids = enqueue(&db.store, 10, 3).await;
        worker.wait_for("jobs in flight", |lines| lines.iter().any(|l| l.starts_with("start "))).await;
        let (exited, lines) = worker.terminate().await;
        assert!(exited, "{lines:?}");
        assert_eq!(lines.last().map(String::as_str), Some("stopped"));
        let started: HashSet<String> =
            lines.iter().filter_map(|l| l.strip_prefix("start ")).map(String::from).collect();
        let ended: HashSet<String> =
            lines.iter().filter_map(|l| l.strip_prefix("end ")).map(String::from).collect();
        assert!(!started.is_empty());
        assert_eq!(started, ended, "every job in flight finished before the process exited");
        let mut states: HashMap<JobState, usize> = HashMap::new();
        for id in &ids {
            *states.entry(db.store.find_job(*id).await.unwrap().unwrap().state).or_default() += 1;
        }
        assert_eq!(states.get(&JobState::Done).copied().unwrap_or(0), ended.len(), "{states:?}");
        assert_eq!(states.get(&JobState::Queued).copied().unwrap_or(0), 10 - ended.len(), "none lost: {states:?}");
    }

    async fn sigterm_past_the_grace_period_puts_the_jobs_in_flight_back_for_another_worker(db: &TestDb) {
        let dir = tempfile::tempdir().unwrap();
        let lease = Duration::from_secs(600);
        let worker = Worker::start(&db.url(), dir.path(), "w", Mode::Hang, lease, Duration::from_millis(200));
        let ids = enqueue(&db.store, 6, 3).await;
        worker.wait_for("four jobs in flight", |lines| lines.iter().filter(|l| l.starts_with("start ")).count() == 4).await;
        let (exited, lines) = worker.terminate().await;
        assert!(exited, "{lines:?}");
        assert_eq!(count(&db.store, JobState::Running).await, 0, "nothing left claimed by the stopped worker");
        assert_eq!(count(&db.store, JobState::Queued).await, 6, "the four cut off are queued again, due now");
        // Released, not expired: another worker takes them at once although the lease was 10 minutes.
        let ran = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let runtime = recording_runtime(&db.store, ran.clone(), lease);
        wait_until_done(&db.store, 6).await;
        runtime.shutdown().await;
        let done: HashSet<JobId> = ran.lock().unwrap().iter().map(|j| j.id).collect();
        assert_eq!(done, ids.into_iter().collect::<HashSet<_>>());
    }

    async fn a_failing_job_follows_the_backoff_schedule_then_is_dead(db: &TestDb) {
        let mut registry = Registry::new();
        registry.register(KIND, |job: Job| async move { Err(JobError::Retry(format!("attempt {} failed", job.attempts))) });
        let settings = RuntimeSettings {
            queues: vec![QueueSettings { name: QUEUE.into(), concurrency: 2 }],
            lease: Duration::from_secs(30),
            poll: Duration::from_millis(50),
            grace: Duration::from_secs(5),
            retention: None,
            maintenance: false,
            worker: "in-test".into(),
        };
        let runtime = Runtime::start(db.store.clone(), registry, settings, Default::default());
        let id = enqueue(&db.store, 1, 3).await[0];
        for attempt in 1..=3 {
            let until = tokio::time::Instant::now() + DEADLINE;
            let job = loop {
                let job = db.store.find_job(id).await.unwrap().unwrap();
                if job.attempts == attempt && job.state != JobState::Running {
                    break job;
                }
                assert!(tokio::time::Instant::now() < until, "attempt {attempt} never ended: {job:?}");
                tokio::time::sleep(Duration::from_millis(20)).await;
            };
            assert_eq!(job.last_error, Some(format!("attempt {attempt} failed")));
            if attempt == 3 {
                assert_eq!(job.state, JobState::Dead, "out of attempts");
                break;
            }
            assert_eq!(job.state, JobState::Queued);
            let wait = (job.run_at - job.updated_at).to_std().unwrap();
            let (shortest, longest) = (retry_delay(attempt, 0), retry_delay(attempt, 9));
            assert!(
                // The second's slack: the delay is counted from just before the store's clock.
                wait + Duration::from_secs(1) >= shortest && wait <= longest,
                "retry {attempt} waits {wait:?}, not within {shortest:?}..={longest:?}"
            );
            // Time passes: the retry becomes due now (the runtime sleeps until the next due job,
            // at most the poll interval).
            let sql = "UPDATE jobs SET run_at = $1 WHERE id = $2";
            crate::store::on_pool!(db.store, |pool| sqlx::query(sql)
                .bind(crate::model::time::now())
                .bind(id)
                .execute(pool)
                .await
                .map(|_| ()))
            .unwrap();
        }
        // The node's counters follow the store's write of each outcome, a moment later.
        let until = tokio::time::Instant::now() + DEADLINE;
        loop {
            let stats = runtime.stats().kinds()[KIND];
            let counted = (stats.attempts, stats.failures, stats.dead, stats.completed);
            if counted == (3, 3, 1, 0) {
                break;
            }
            assert!(tokio::time::Instant::now() < until, "counted {counted:?}, not (3, 3, 1, 0)");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        runtime.shutdown().await;
    }

    async fn a_job_of_a_kind_without_handler_fails_naming_the_kind(db: &TestDb) {
        let mut other = new_job(1);
        other.kind = "no.such.kind".into();
        let id = db.store.enqueue(&other).await.unwrap().into_job().id;
        let runtime = recording_runtime(&db.store, Default::default(), Duration::from_secs(30));
        let until = tokio::time::Instant::now() + DEADLINE;
        let dead = loop {
            let job = db.store.find_job(id).await.unwrap().unwrap();
            if job.state == JobState::Dead {
                break job;
            }
            assert!(tokio::time::Instant::now() < until, "{job:?}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        runtime.shutdown().await;
        assert!(dead.last_error.unwrap().contains("no handler for job kind `no.such.kind`"));
    }

    async fn an_idle_worker_wakes_at_once_for_a_job_enqueued_in_this_process(db: &TestDb) {
        let mut registry = Registry::new();
        registry.register(KIND, |_job: Job| async { Ok(()) });
        // Polls once an hour: only the wake-up can run the job before the deadline.
        let settings = RuntimeSettings {
            queues: vec![QueueSettings { name: QUEUE.into(), concurrency: 1 }],
            lease: Duration::from_secs(30),
            poll: Duration::from_secs(3600),
            grace: Duration::from_secs(5),
            retention: None,
            maintenance: false,
            worker: "in-test".into(),
        };
        let runtime = Runtime::start(db.store.clone(), registry, settings, Default::default());
        tokio::time::sleep(Duration::from_millis(200)).await; // let it go idle
        enqueue(&db.store, 1, 1).await;
        wait_until_done(&db.store, 1).await;
        runtime.shutdown().await;
    }

    async fn short_jobs_are_claimed_ahead_and_put_back_unstarted_at_shutdown(db: &TestDb) {
        let started = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let mut registry = Registry::new();
        let counter = started.clone();
        // The first job is short; the others never end, so what is claimed ahead stays unstarted.
        registry.register(KIND, move |job: Job| {
            let counter = counter.clone();
            async move {
                counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                if job.payload != "short" {
                    std::future::pending::<()>().await;
                }
                Ok(())
            }
        });
        let settings = RuntimeSettings {
            queues: vec![QueueSettings { name: QUEUE.into(), concurrency: 1 }],
            lease: Duration::from_secs(30),
            poll: Duration::from_millis(50),
            grace: Duration::from_millis(200),
            retention: None,
            maintenance: false,
            worker: "in-test".into(),
        };
        let runtime = Runtime::start(db.store.clone(), registry, settings, Default::default());
        db.store.enqueue(&NewJob { payload: "short".into(), ..new_job(3) }).await.unwrap();
        wait_until_done(&db.store, 1).await;
        let ids = enqueue(&db.store, 10, 3).await;
        let until = tokio::time::Instant::now() + DEADLINE;
        while count(&db.store, JobState::Running).await < 4 {
            assert!(tokio::time::Instant::now() < until, "{:?}", db.store.queue_depths().await);
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(count(&db.store, JobState::Running).await, 4, "one slot and three jobs ahead of it");
        assert_eq!(started.load(std::sync::atomic::Ordering::SeqCst), 2, "only the slot's job started");
        runtime.shutdown().await;
        let mut attempts = Vec::new();
        for id in ids {
            let job = db.store.find_job(id).await.unwrap().unwrap();
            assert_eq!(job.state, JobState::Queued, "{job:?}");
            attempts.push(job.attempts);
        }
        attempts.sort();
        assert_eq!(attempts, [vec![0; 9], vec![1]].concat(), "the cut-off attempt counts, the unstarted ones do not");
    }
}
