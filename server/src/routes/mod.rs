//! One file per API area, each with a `routes()` mounted here with one line.

use axum::Router;
use axum::middleware;

use crate::app::AppState;
use crate::error::ApiError;

pub mod accounts;
pub mod apps;
pub mod follow_requests;
pub mod health;
pub mod media;
pub mod metrics;
pub mod oauth;

/// Every route of the server. A new area: add `pub mod area;` above and one `.merge(area::routes())`.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(health::routes())
        .merge(metrics::routes())
        .merge(apps::routes())
        .merge(accounts::routes())
        .merge(follow_requests::routes())
        .merge(media::routes(&state))
        .merge(oauth::routes())
        .fallback(not_found)
        // Last, so it wraps every route above (and sees their MatchedPath).
        .layer(middleware::from_fn_with_state(state.clone(), crate::metrics::track))
        .with_state(state)
}

async fn not_found() -> ApiError {
    ApiError::not_found()
}
