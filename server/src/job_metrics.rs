//! The job queue's metrics: depth per queue and state and the age of the oldest due job per queue,
//! read from the store at each scrape (so every node reports the whole queue); attempts,
//! completions, failures and dead jobs per kind, counted by this node's workers.

use std::sync::Mutex;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

use plero_core::jobs::{DEFAULT_QUEUE, FEDERATION_QUEUE, RuntimeStats};
use plero_core::model::JobState;
use plero_core::store::Store;

/// Labels of a queue's depth.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct QueueStateLabels {
    pub queue: String,
    pub state: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct QueueLabels {
    pub queue: String,
}

/// Labels of per-kind counters: job kinds are few and named by code, never by clients.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct KindLabels {
    pub kind: String,
}

/// The job queue's metrics (see the module's documentation).
pub struct JobMetrics {
    depth: Family<QueueStateLabels, Gauge>,
    oldest_due_age: Family<QueueLabels, Gauge<f64, std::sync::atomic::AtomicU64>>,
    attempts: Family<KindLabels, Counter>,
    completed: Family<KindLabels, Counter>,
    failures: Family<KindLabels, Counter>,
    dead: Family<KindLabels, Counter>,
    /// Scrapes at once must not both add the same increase to the counters.
    sync: Mutex<()>,
}

impl JobMetrics {
    /// Registers the job metrics in `registry`.
    pub fn register(registry: &mut Registry) -> Self {
        let this = Self {
            depth: Family::default(),
            oldest_due_age: Family::default(),
            attempts: Family::default(),
            completed: Family::default(),
            failures: Family::default(),
            dead: Family::default(),
            sync: Mutex::new(()),
        };
        registry.register("jobs", "Jobs in the durable queue by queue and state", this.depth.clone());
        registry.register_with_unit(
            "jobs_oldest_due_age",
            "Age of the oldest due job waiting for a worker, by queue (0 when none waits)",
            prometheus_client::registry::Unit::Seconds,
            this.oldest_due_age.clone(),
        );
        registry.register(
            "job_attempts",
            "Job attempts started by this node, by kind",
            this.attempts.clone(),
        );
        registry.register("job_completions", "Jobs this node completed, by kind", this.completed.clone());
        registry.register("job_failures", "Failed job attempts on this node, by kind", this.failures.clone());
        registry.register("job_dead", "Jobs that went dead on this node, by kind", this.dead.clone());
        this
    }

    /// Reads the queue's depth and oldest due job from the store, and this node's counts from
    /// `stats`.
    pub async fn refresh(&self, store: &Store, stats: &RuntimeStats) {
        match store.queue_depths().await {
            Ok(depths) => {
                self.depth.clear();
                for queue in [DEFAULT_QUEUE, FEDERATION_QUEUE] {
                    for state in JobState::ALL {
                        self.depth
                            .get_or_create(&QueueStateLabels { queue: queue.into(), state: state.as_str() })
                            .set(0);
                    }
                }
                for d in depths {
                    self.depth
                        .get_or_create(&QueueStateLabels { queue: d.queue, state: d.state.as_str() })
                        .set(d.count);
                }
            }
            Err(err) => tracing::warn!(error = %err, "cannot count jobs for /metrics"),
        }
        match store.oldest_due_jobs().await {
            Ok(oldest) => {
                self.oldest_due_age.clear();
                for queue in [DEFAULT_QUEUE, FEDERATION_QUEUE] {
                    self.oldest_due_age.get_or_create(&QueueLabels { queue: queue.into() }).set(0.0);
                }
                let now = chrono::Utc::now();
                for o in oldest {
                    let age = (now - o.run_at).num_milliseconds().max(0) as f64 / 1000.0;
                    self.oldest_due_age.get_or_create(&QueueLabels { queue: o.queue }).set(age);
                }
            }
            Err(err) => tracing::warn!(error = %err, "cannot find the oldest due job for /metrics"),
        }
        let _one_at_a_time = self.sync.lock().expect("job metrics lock");
        for (kind, counts) in stats.kinds() {
            let labels = KindLabels { kind };
            for (family, value) in [
                (&self.attempts, counts.attempts),
                (&self.completed, counts.completed),
                (&self.failures, counts.failures),
                (&self.dead, counts.dead),
            ] {
                let counter = family.get_or_create(&labels);
                counter.inc_by(value.saturating_sub(counter.get()));
            }
        }
    }
}
