//! The durable job queue's runtime: workers that claim due jobs of their queues, run them with the
//! handler of their kind, renew their leases while they run, and settle them (done, retried after a
//! backoff, or dead); a reaper that puts back the jobs of dead workers; a clean shutdown.
//!
//! Semantics, as Oban and Sidekiq users expect: at-least-once (handlers are idempotent), a lease
//! per claim with fencing (only the current claim settles a job, see `store::jobs`), exponential
//! backoff with jitter ([`backoff`]), `max_attempts` then dead, and an optional unique key per
//! (kind, key) among queued and running jobs. The storage side is `store::jobs`.

pub mod backoff;
pub mod bench;
mod handler;
mod runtime;

pub use handler::{JobError, JobFuture, JobHandler, Registry, production};
pub use runtime::{KindStats, QueueSettings, Runtime, RuntimeSettings, RuntimeStats};

/// The queue of jobs without a queue of their own.
pub const DEFAULT_QUEUE: &str = "default";
/// The queue of ActivityPub deliveries.
pub const FEDERATION_QUEUE: &str = "federation";

#[cfg(test)]
mod tests;
