//! What apps read once after signing in: `/api/v1/preferences` and `/api/v1/custom_emojis`.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

use crate::app::AppState;
use crate::error::ApiError;
use crate::extract::{User, scopes};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/preferences", get(preferences))
        .route("/api/v1/custom_emojis", get(custom_emojis))
}

/// The posting and reading defaults; posts default to public and the account's locale, as its
/// `source` says in `verify_credentials`.
async fn preferences(
    State(state): State<AppState>,
    user: User<scopes::ReadAccounts>,
) -> Result<Json<Value>, ApiError> {
    let found = state.store.find_user_by_account(user.account_id).await?.ok_or_else(ApiError::not_found)?;
    Ok(Json(json!({
        "posting:default:visibility": "public",
        "posting:default:sensitive": false,
        "posting:default:language": found.user.locale,
        "reading:expand:media": "default",
        "reading:expand:spoilers": false,
    })))
}

/// No custom emoji are served yet: the list is empty, as on an instance that uploaded none.
async fn custom_emojis() -> Json<Value> {
    Json(json!([]))
}
