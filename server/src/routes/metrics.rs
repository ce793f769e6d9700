//! `GET /metrics`: the Prometheus scrape endpoint, off unless `metrics.enabled`, and then only for
//! requests bearing `metrics.token`.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use subtle::ConstantTimeEq;

use crate::app::AppState;
use crate::error::ApiError;
use crate::metrics::CONTENT_TYPE;

pub fn routes() -> Router<AppState> {
    Router::new().route("/metrics", get(metrics))
}

async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let config = &state.config.metrics;
    if !config.enabled {
        return ApiError::not_found().into_response();
    }
    if !bearer_matches(&headers, config.token.expose()) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer realm=\"metrics\"")],
            ApiError::unauthorized("metrics need the bearer token of metrics.token"),
        )
            .into_response();
    }
    state.refresh_gauges().await;
    ([(header::CONTENT_TYPE, CONTENT_TYPE)], state.metrics.render()).into_response()
}

/// Whether `Authorization: Bearer <token>` carries `expected`, compared in constant time. An empty
/// expected token matches nothing: a misconfigured endpoint stays closed.
fn bearer_matches(headers: &HeaderMap, expected: &str) -> bool {
    let Some(given) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    else {
        return false;
    };
    !expected.is_empty() && bool::from(given.trim().as_bytes().ct_eq(expected.as_bytes()))
}
