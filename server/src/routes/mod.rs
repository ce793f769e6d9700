//! One file per API area, each with a `routes()` mounted here with one line.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::middleware;
use std::time::Duration;
use tower_http::timeout::TimeoutLayer;

use crate::app::AppState;
use crate::body_limit::BodyLimit;
use crate::error::ApiError;

pub mod accounts;
pub mod apps;
pub mod attachments;
pub mod blocks;
pub mod discovery;
pub mod follow_requests;
pub mod health;
pub mod instance;
pub mod invite;
pub mod media;
pub mod metrics;
pub mod notifications;
pub mod oauth;
pub mod password;
pub mod preferences;
pub mod profile;
pub mod statuses;

/// Every route of the server. A new area: add `pub mod area;` above and one `.merge(area::routes())`.
pub fn router(state: AppState) -> Router {
    let timeout = Duration::from_secs(state.config.http.request_timeout_secs.max(1));
    Router::new()
        .merge(health::routes())
        .merge(metrics::routes())
        .merge(apps::routes())
        .merge(accounts::routes(&state.config))
        .merge(follow_requests::routes())
        .merge(media::routes())
        .merge(attachments::routes(&state.config))
        .merge(oauth::routes())
        .merge(password::routes())
        .merge(invite::routes())
        .merge(discovery::routes())
        .merge(instance::routes())
        .merge(profile::routes())
        .merge(statuses::routes())
        .merge(notifications::routes())
        .merge(blocks::routes())
        .merge(preferences::routes())
        .fallback(not_found)
        // Small unless a route takes uploads (`BodyLimit::on`, which wins: it is nearer the handler).
        .layer(DefaultBodyLimit::max(BodyLimit::FORM.bytes))
        .layer(middleware::from_fn_with_state(state.clone(), crate::rate_limit::api_budget))
        // Inside the metrics layer, so requests cut off by http.request_timeout_secs count as 408.
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, timeout))
        // Last, so it wraps every route above (and sees their MatchedPath).
        .layer(middleware::from_fn_with_state(state.clone(), crate::metrics::track))
        .with_state(state)
}

async fn not_found() -> ApiError {
    ApiError::not_found()
}
