//! The shared state handlers get, and the service every request goes through.

use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use axum::http::HeaderName;
use tower::Layer;
use tower_http::normalize_path::{NormalizePath, NormalizePathLayer};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use plero_core::config::Config;
use plero_core::store::Store;

use crate::metrics::Metrics;

/// The header carrying the request id: taken from a trusted proxy when present, made otherwise, and
/// sent back on the response.
pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// What every handler can reach. Cheap to clone (one `Arc`); extend [`AppInner`] with a field and
/// build it in [`AppState::new`].
#[derive(Clone)]
pub struct AppState(Arc<AppInner>);

pub struct AppInner {
    pub config: Arc<Config>,
    pub metrics: Metrics,
    pub store: Store,
}

impl AppState {
    pub fn new(config: Arc<Config>, store: Store) -> Self {
        Self(Arc::new(AppInner { config, metrics: Metrics::new(), store }))
    }

    /// Sets the gauges read at scrape time (database pool, job queue).
    pub async fn refresh_gauges(&self) {}
}

impl Deref for AppState {
    type Target = AppInner;

    fn deref(&self) -> &AppInner {
        &self.0
    }
}

/// The whole HTTP service: routes, then request ids, timeouts, and trailing-slash tolerance
/// (`/api/v1/instance/` is `/api/v1/instance`). The path is normalised before routing, so route
/// templates and metrics never see the slash.
pub fn app(state: AppState) -> NormalizePath<Router> {
    let timeout = Duration::from_secs(state.config.http.request_timeout_secs.max(1));
    let router = crate::routes::router(state)
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::REQUEST_TIMEOUT, timeout))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_request(())
                .on_response(DefaultOnResponse::new().level(Level::DEBUG)),
        )
        .layer(PropagateRequestIdLayer::new(REQUEST_ID_HEADER))
        .layer(SetRequestIdLayer::new(REQUEST_ID_HEADER, MakeRequestUuid));
    NormalizePathLayer::trim_trailing_slash().layer(router)
}

/// The span every line logged while serving a request belongs to: its id, method and path. Only the
/// path: query strings can carry secrets (OAuth codes, `access_token=` on streaming URLs).
fn request_span(request: &Request) -> tracing::Span {
    let id = crate::extract::request_id(request.headers().get(REQUEST_ID_HEADER));
    tracing::info_span!("request", id = %id, method = %request.method(), path = %request.uri().path())
}

/// The request type the service takes (for `ServiceExt::into_make_service` at the call site).
pub type AppRequest = Request;
