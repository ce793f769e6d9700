//! Prometheus metrics: requests and their latency by route template and status, database pool use,
//! job queue, build info and the process's memory. Rendered in the Prometheus text format (0.0.4)
//! by `GET /metrics` (routes/metrics.rs), which the bearer token guards.
//!
//! prometheus-client is the Prometheus project's own Rust client: typed label sets, no global
//! registry (so tests can make as many as they like), and a 0.0.4 text encoder.

use std::sync::atomic::Ordering;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

use plero_core::events::FeedStats;

use crate::app::AppState;

/// Request latency buckets in seconds: from sub-millisecond cached documents to slow searches.
const LATENCY_BUCKETS: [f64; 14] =
    [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// Labels of a request: the route *template* (`/api/v1/accounts/{id}`), never the raw path, so the
/// number of series stays bounded; paths no route matched share `route="unmatched"`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub method: String,
    pub route: String,
    pub status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct StateLabels {
    pub state: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct BuildLabels {
    version: &'static str,
}

fn latency_histogram() -> Histogram {
    Histogram::new(LATENCY_BUCKETS)
}

/// Every metric the daemon exports.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RequestLabels, Histogram, fn() -> Histogram>,
    /// Database connections by state (`idle`, `in_use`), set at each scrape.
    pub db_connections: Family<StateLabels, Gauge>,
    pub db_max_connections: Gauge,
    /// The job queue's metrics (server/src/job_metrics.rs).
    pub jobs: crate::job_metrics::JobMetrics,
    resident_memory: Gauge,
    change_feed: ChangeFeedMetrics,
    /// Requests served, for the heap trimmer (`heap.rs`) without reading the labelled families.
    served: std::sync::atomic::AtomicU64,
}

/// The change feed's figures, copied from its counters at each scrape.
#[derive(Default)]
struct ChangeFeedMetrics {
    position: Gauge,
    delivered: Counter,
    reconnects: Counter,
    pruned: Counter,
}

impl ChangeFeedMetrics {
    fn register(&self, registry: &mut Registry) {
        registry.register(
            "change_feed_position",
            "Position of the last change event this node delivered to its caches",
            self.position.clone(),
        );
        registry.register(
            "change_feed_delivered",
            "Change events this node delivered to its caches",
            self.delivered.clone(),
        );
        registry.register(
            "change_feed_reconnects",
            "Times this node's LISTEN connection to PostgreSQL was lost and made again",
            self.reconnects.clone(),
        );
        registry.register(
            "change_feed_pruned",
            "Change events this node pruned after events.retention_hours",
            self.pruned.clone(),
        );
    }
}

/// Brings `counter` up to `value` (a count kept elsewhere; counters only go up).
fn catch_up(counter: &Counter, value: u64) {
    counter.inc_by(value.saturating_sub(counter.get()));
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("plero");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests by method, route template and status",
            requests.clone(),
        );
        let latency = Family::<RequestLabels, Histogram, fn() -> Histogram>::new_with_constructor(
            latency_histogram as fn() -> Histogram,
        );
        registry.register_with_unit(
            "http_request_duration",
            "Time to the response head, by method, route template and status",
            prometheus_client::registry::Unit::Seconds,
            latency.clone(),
        );
        let db_connections = Family::<StateLabels, Gauge>::default();
        registry.register(
            "db_pool_connections",
            "Database pool connections by state",
            db_connections.clone(),
        );
        let db_max_connections = Gauge::default();
        registry.register(
            "db_pool_max_connections",
            "Most connections the database pool opens (database.pool_size)",
            db_max_connections.clone(),
        );
        let jobs = crate::job_metrics::JobMetrics::register(&mut registry);
        let build = Family::<BuildLabels, Gauge>::default();
        build.get_or_create(&BuildLabels { version: env!("CARGO_PKG_VERSION") }).set(1);
        registry.register("build_info", "The running plero version (value is always 1)", build);
        let resident_memory = Gauge::default();
        registry.register_with_unit(
            "process_resident_memory",
            "Resident memory of the server process",
            prometheus_client::registry::Unit::Bytes,
            resident_memory.clone(),
        );
        let change_feed = ChangeFeedMetrics::default();
        change_feed.register(&mut registry);
        Self {
            registry,
            requests,
            latency,
            db_connections,
            db_max_connections,
            jobs,
            resident_memory,
            change_feed,
            served: Default::default(),
        }
    }

    /// Copies the change feed's counters (at scrape time).
    pub fn set_change_feed(&self, stats: &FeedStats) {
        let feed = &self.change_feed;
        feed.position.set(stats.position.load(Ordering::Relaxed));
        catch_up(&feed.delivered, stats.delivered.load(Ordering::Relaxed));
        catch_up(&feed.reconnects, stats.reconnects.load(Ordering::Relaxed));
        catch_up(&feed.pruned, stats.pruned.load(Ordering::Relaxed));
    }

    /// Counts one request.
    pub fn observe(&self, labels: &RequestLabels, seconds: f64) {
        self.served.fetch_add(1, Ordering::Relaxed);
        self.requests.get_or_create(labels).inc();
        self.latency.get_or_create(labels).observe(seconds);
    }

    /// Requests served so far.
    pub fn served(&self) -> u64 {
        self.served.load(Ordering::Relaxed)
    }

    /// The Prometheus text exposition of every metric.
    pub fn render(&self) -> String {
        if let Some(bytes) = resident_memory_bytes() {
            self.resident_memory.set(bytes);
        }
        let mut out = String::with_capacity(8 * 1024);
        prometheus_client::encoding::prometheus_text::encode(&mut out, &self.registry)
            .expect("writing to a String cannot fail");
        out
    }
}

/// `Content-Type` of [`Metrics::render`].
pub const CONTENT_TYPE: &str = prometheus_client::encoding::prometheus_text::CONTENT_TYPE;

/// Middleware that times and counts every request by its route template.
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = method_label(request.method());
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |path| path.as_str().to_owned());
    let response = next.run(request).await;
    let labels = RequestLabels { method, route, status: response.status().as_u16() };
    state.metrics.observe(&labels, started.elapsed().as_secs_f64());
    response
}

/// Standard methods by name; anything else is `other`, so a client cannot mint label values.
fn method_label(method: &Method) -> String {
    match *method {
        Method::GET
        | Method::POST
        | Method::PUT
        | Method::PATCH
        | Method::DELETE
        | Method::HEAD
        | Method::OPTIONS => method.as_str().to_owned(),
        _ => "other".to_owned(),
    }
}

/// VmRSS of this process (Linux); `None` elsewhere.
fn resident_memory_bytes() -> Option<i64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: i64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_is_counted_by_route_template_and_status() {
        let metrics = Metrics::new();
        let labels =
            RequestLabels { method: "GET".into(), route: "/api/v1/accounts/{id}".into(), status: 200 };
        metrics.observe(&labels, 0.003);
        metrics.observe(&labels, 0.004);
        let text = metrics.render();
        assert!(
            text.contains(
                r#"plero_http_requests_total{method="GET",route="/api/v1/accounts/{id}",status="200"} 2"#
            ),
            "{text}"
        );
        assert!(
            text.contains(r#"plero_http_request_duration_seconds_bucket{le="0.005",method="GET",route="/api/v1/accounts/{id}",status="200"} 2"#)
                || text.contains(r#"plero_http_request_duration_seconds_bucket{method="GET",route="/api/v1/accounts/{id}",status="200",le="0.005"} 2"#),
            "{text}"
        );
    }

    #[test]
    fn build_info_names_the_version() {
        let text = Metrics::new().render();
        assert!(
            text.contains(&format!(r#"plero_build_info{{version="{}"}} 1"#, env!("CARGO_PKG_VERSION"))),
            "{text}"
        );
    }
}
