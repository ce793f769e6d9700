//! `pleroctl jobs bench`: how many no-op jobs per second this node's workers get through on this
//! database, like pgbench for the queue; operators use it to size the database and concurrency.
//! The jobs go to a queue of their own, which no other node runs, and are deleted afterwards.

use std::time::{Duration, Instant};

use serde::Serialize;

use super::handler::Registry;
use super::runtime::{QueueSettings, Runtime, RuntimeSettings};
use crate::model::{Id, NewJob};
use crate::store::{Store, StoreError};

/// The kind of the benchmark's jobs, which do nothing.
pub const NOOP_KIND: &str = "bench.noop";

/// What the benchmark measured.
#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    /// `postgres` or `sqlite`.
    pub backend: &'static str,
    /// Jobs run.
    pub jobs: u64,
    /// Jobs run at once.
    pub workers: usize,
    /// Seconds to enqueue them all (one transaction).
    pub enqueue_seconds: f64,
    /// Seconds from the workers' start to the last job's acknowledgement.
    pub run_seconds: f64,
    /// `jobs / run_seconds`.
    pub jobs_per_second: f64,
}

/// Enqueues `jobs` no-op jobs, runs them with `workers` at once, and deletes them.
pub async fn run(store: &Store, jobs: u64, workers: usize) -> Result<BenchReport, StoreError> {
    let queue = format!("bench-{}", Id::generate().0);
    let started = Instant::now();
    let mut tx = store.begin().await?;
    for i in 0..jobs {
        let job = NewJob {
            queue: queue.clone(),
            kind: NOOP_KIND.into(),
            payload: format!("{{\"n\":{i}}}"),
            run_at: None,
            max_attempts: 1,
            unique_key: None,
        };
        tx.enqueue(&job).await?;
    }
    tx.commit().await?;
    let enqueue_seconds = started.elapsed().as_secs_f64();

    let mut registry = Registry::new();
    registry.register(NOOP_KIND, |_job| async { Ok(()) });
    let settings = RuntimeSettings {
        queues: vec![QueueSettings { name: queue.clone(), concurrency: workers.max(1) }],
        lease: Duration::from_secs(60),
        poll: Duration::from_millis(100),
        grace: Duration::from_secs(5),
        retention: None,
        maintenance: false,
        worker: super::runtime::worker_name(),
    };
    let started = Instant::now();
    let runtime = Runtime::start(store.clone(), registry, settings, Default::default());
    while runtime.stats().completed() < jobs {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let run_seconds = started.elapsed().as_secs_f64();
    runtime.shutdown().await;
    store.delete_queue(&queue).await?;
    Ok(BenchReport {
        backend: store.backend().as_str(),
        jobs,
        workers: workers.max(1),
        enqueue_seconds,
        run_seconds,
        jobs_per_second: jobs as f64 / run_seconds.max(f64::EPSILON),
    })
}
