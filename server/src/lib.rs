//! plero-server: the HTTP daemon (axum) over plero-core.
//!
//! [`daemon::run`] is what `pleroctl serve` calls; [`app::app`] builds the whole HTTP service (routes
//! plus the layers every request goes through), so tests and benchmarks can serve the same thing.

pub mod app;
pub mod body_limit;
pub mod busy;
pub mod client;
pub mod daemon;
pub mod entities;
pub mod error;
pub mod extract;
pub mod forms;
pub mod heap;
pub mod instance_docs;
pub mod job_metrics;
pub mod logging;
pub mod metrics;
pub mod pages;
pub mod params;
pub mod probe;
pub mod rate_limit;
pub mod routes;

#[cfg(test)]
mod testing;
