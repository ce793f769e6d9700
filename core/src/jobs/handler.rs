//! What runs a job: a [`JobHandler`] per kind, found in a [`Registry`].

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::model::Job;

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

/// The handlers of a production node. There are no job kinds yet (federation delivery will be the
/// first); the runtime still runs, so leases are reaped and finished jobs pruned.
pub fn production() -> Registry {
    Registry::new()
}
