//! One file per API area, each with a `routes()` mounted here with one line.

use axum::Router;

use crate::app::AppState;
use crate::error::ApiError;

pub mod health;

/// Every route of the server. A new area: add `pub mod area;` above and one `.merge(area::routes())`.
pub fn router(state: AppState) -> Router {
    Router::new().merge(health::routes()).fallback(not_found).with_state(state)
}

async fn not_found() -> ApiError {
    ApiError::not_found()
}
