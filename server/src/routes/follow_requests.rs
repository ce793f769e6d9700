//! `/api/v1/follow_requests`: the requests to follow a locked account, and their answers.

use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};

use plero_core::accounts::follows::{self, FollowError};

use crate::app::AppState;
use crate::entities::{Account, Relationship};
use crate::error::{ApiError, parse_id};
use crate::extract::{Pagination, User, scopes};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/follow_requests", get(list))
        .route("/api/v1/follow_requests/{id}/authorize", post(authorize))
        .route("/api/v1/follow_requests/{id}/reject", post(reject))
}

async fn list(
    State(state): State<AppState>,
    user: User<scopes::ReadFollows>,
    pagination: Pagination,
) -> Result<Response, ApiError> {
    let page = state.store.follow_requests(user.account_id, &pagination.page).await?;
    let base = state.urls.base();
    Ok(pagination.respond(base, "/api/v1/follow_requests", &page, |a| Account::from_core(a, base)))
}

async fn answer(
    state: &AppState,
    target: User<scopes::WriteFollows>,
    id: &str,
    accept: bool,
) -> Result<Json<Relationship>, ApiError> {
    let requester = parse_id(id)?;
    match follows::answer_request(&state.store, target.account_id, requester, accept).await {
        Ok(rel) => Ok(Json(Relationship::from_core(requester, rel))),
        Err(FollowError::Store(e)) => Err(e.into()),
        Err(_) => Err(ApiError::not_found()),
    }
}

async fn authorize(
    State(state): State<AppState>,
    user: User<scopes::WriteFollows>,
    Path(id): Path<String>,
) -> Result<Json<Relationship>, ApiError> {
    answer(&state, user, &id, true).await
}

async fn reject(
    State(state): State<AppState>,
    user: User<scopes::WriteFollows>,
    Path(id): Path<String>,
) -> Result<Json<Relationship>, ApiError> {
    answer(&state, user, &id, false).await
}
