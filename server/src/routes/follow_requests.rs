//! `/api/v1/follow_requests`: the requests to follow a locked account, and their answers.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};

use plero_core::accounts::follows::{self, FollowError};

use crate::app::AppState;
use crate::entities::{Account, Relationship};
use crate::error::ApiError;
use crate::extract::{Pagination, User, scopes};
use crate::routes::accounts::{base_url, parse_id, relationship, store_failed};

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
    let page = state.store.follow_requests(user.account_id, &pagination.page).await.map_err(store_failed)?;
    let base = base_url(&state);
    let cursors: Vec<_> = page.iter().map(|p| p.cursor).collect();
    let accounts: Vec<Account> = page.iter().map(|p| Account::from_core(&p.item, &base)).collect();
    let mut headers = HeaderMap::new();
    if let Some(link) = pagination.link_header(&base, "/api/v1/follow_requests", &cursors) {
        headers.insert(header::LINK, link);
    }
    Ok((headers, Json(accounts)).into_response())
}

async fn answer(
    state: &AppState,
    target: User<scopes::WriteFollows>,
    id: &str,
    accept: bool,
) -> Result<Json<Relationship>, ApiError> {
    let requester = parse_id(id)?;
    match follows::answer_request(&state.store, target.account_id, requester, accept).await {
        Ok(rel) => Ok(Json(relationship(requester, rel))),
        Err(FollowError::Store(e)) => Err(store_failed(e)),
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
