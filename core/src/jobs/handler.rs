//! What runs a job: a [`JobHandler`] per kind, found in a [`Registry`].

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use std::time::Duration;

use crate::media;
use crate::model::Job;
use crate::model::time::now;
use crate::store::Store;
use crate::uploads::Uploader;

/// The future a handler returns: boxed, so handlers of every kind share one registry.
pub type JobFuture = Pin<Box<dyn Future<Output = Result<(), JobError>> + Send + 'static>>;

/// Why an attempt did not succeed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JobError {
    /// Worth another attempt (a peer that did not answer): retried after a backoff while the job
    /// has attempts left, dead after the last.
    #[error("{0}")]
    Retry(String),
    /// Another attempt would fail the same way (a peer that answered 410 Gone, a payload that does
    /// not parse): dead at once.
    #[error("{0}")]
    Discard(String),
}

/// Runs the jobs of one kind. Handlers must be idempotent: the queue runs each job at least once,
/// and again when a worker dies or loses its lease mid-job.
pub trait JobHandler: Send + Sync + 'static {
    /// Runs one attempt of `job` (its payload, attempt number and all).
    fn run(&self, job: Job) -> JobFuture;
}

impl<F, Fut> JobHandler for F
where
    F: Fn(Job) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), JobError>> + Send + 'static,
{
    fn run(&self, job: Job) -> JobFuture {
        Box::pin(self(job))
    }
}

/// The handlers of a node, by job kind. A job whose kind has no handler here fails its attempt
/// (and is retried: a newer node may know it) with an error naming the kind.
#[derive(Clone, Default)]
pub struct Registry {
    handlers: HashMap<String, Arc<dyn JobHandler>>,
    periodic: Vec<(String, Duration)>,
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut kinds: Vec<_> = self.handlers.keys().collect();
        kinds.sort();
        f.debug_struct("Registry").field("kinds", &kinds).finish()
    }
}

impl Registry {
    /// A registry without handlers.
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs jobs of `kind` with `handler` (replacing any handler it had).
    pub fn register(&mut self, kind: impl Into<String>, handler: impl JobHandler) -> &mut Self {
        self.handlers.insert(kind.into(), Arc::new(handler));
        self
    }

    /// Runs jobs of `kind` with `handler`, and has the runtime enqueue one every `every` (and at
    /// start). The job is unique per kind, so nodes enqueueing it at once still run it once.
    pub fn register_periodic(
        &mut self,
        kind: impl Into<String>,
        every: Duration,
        handler: impl JobHandler,
    ) -> &mut Self {
        let kind = kind.into();
        self.periodic.retain(|(k, _)| *k != kind);
        self.periodic.push((kind.clone(), every));
        self.register(kind, handler)
    }

    /// The periodic kinds and how often each is enqueued.
    pub fn periodic(&self) -> &[(String, Duration)] {
        &self.periodic
    }

    /// The handler of `kind`.
    pub fn get(&self, kind: &str) -> Option<&Arc<dyn JobHandler>> {
        self.handlers.get(kind)
    }

    /// The kinds handled, sorted.
    pub fn kinds(&self) -> Vec<&str> {
        let mut kinds: Vec<&str> = self.handlers.keys().map(String::as_str).collect();
        kinds.sort_unstable();
        kinds
    }
}

/// How often a node enqueues the sweep of unused uploads.
pub const MEDIA_SWEEP_EVERY: Duration = Duration::from_secs(3600);

/// The handlers of a production node: the hourly sweep of uploads no status used for a day.
pub fn production(store: Store, uploader: Uploader) -> Registry {
    let mut registry = Registry::new();
    registry.register_periodic(media::SWEEP_JOB, MEDIA_SWEEP_EVERY, move |_job: Job| {
        let (store, uploader) = (store.clone(), uploader.clone());
        async move {
            let report =
                media::sweep(&store, &uploader, now()).await.map_err(|e| JobError::Retry(e.to_string()))?;
            if report.removed > 0 {
                tracing::info!(removed = report.removed, "uploads no status used for a day were removed");
            }
            Ok(())
        }
    });
    registry
}
