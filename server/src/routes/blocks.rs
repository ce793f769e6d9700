//! The lists of blocked and muted accounts (`/api/v1/blocks`, `/api/v1/mutes`) and the domains a
//! user hides (`/api/v1/domain_blocks`).

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

use plero_core::accounts::blocks::{self, RelationError};
use plero_core::store::PageItem;

use crate::app::AppState;
use crate::entities::Account;
use crate::entities::status::timestamp;
use crate::error::{ApiError, capitalized};
use crate::extract::{Pagination, User, scopes};
use crate::params::Params;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/blocks", get(blocked))
        .route("/api/v1/mutes", get(muted))
        .route("/api/v1/domain_blocks", get(domains).post(hide_domain).delete(show_domain))
}

async fn blocked(
    State(state): State<AppState>,
    user: User<scopes::ReadBlocks>,
    pagination: Pagination,
) -> Result<Response, ApiError> {
    let page = state.store.blocked_accounts(user.account_id, &pagination.page).await?;
    Ok(pagination
        .respond(state.urls.base(), "/api/v1/blocks", &page, |a| Account::from_core(a, state.urls.base())))
}

/// A muted account, with `mute_expires_at` as Mastodon adds it.
#[derive(serde::Serialize)]
struct MutedAccount {
    #[serde(flatten)]
    account: Account,
    mute_expires_at: Option<String>,
}

async fn muted(
    State(state): State<AppState>,
    user: User<scopes::ReadMutes>,
    pagination: Pagination,
) -> Result<Response, ApiError> {
    let rows = state.store.muted_accounts(user.account_id, &pagination.page).await?;
    let page: Vec<PageItem<_>> = rows.into_iter().map(|m| PageItem { cursor: m.cursor, item: m }).collect();
    Ok(pagination.respond(state.urls.base(), "/api/v1/mutes", &page, |m| MutedAccount {
        account: Account::from_core(&m.account, state.urls.base()),
        mute_expires_at: m.expires_at.map(timestamp),
    }))
}

async fn domains(
    State(state): State<AppState>,
    user: User<scopes::ReadBlocks>,
    pagination: Pagination,
) -> Result<Response, ApiError> {
    let page = state.store.blocked_domains(user.account_id, &pagination.page).await?;
    Ok(pagination.respond(state.urls.base(), "/api/v1/domain_blocks", &page, |d: &String| d.clone()))
}

fn domain(state: &AppState, params: &Params) -> Result<String, ApiError> {
    let raw =
        params.get("domain").ok_or_else(|| ApiError::unprocessable("domain: give the domain to hide"))?;
    blocks::domain_to_hide(raw, &state.config.instance.domain).map_err(|err| match err {
        RelationError::Store(e) => e.into(),
        other => ApiError::unprocessable(format!("Validation failed: {}", capitalized(&other.to_string()))),
    })
}

async fn hide_domain(
    State(state): State<AppState>,
    user: User<scopes::WriteBlocks>,
    params: Params,
) -> Result<Json<Value>, ApiError> {
    let domain = domain(&state, &params)?;
    state.store.block_domain(user.account_id, &domain).await?;
    Ok(Json(json!({})))
}

async fn show_domain(
    State(state): State<AppState>,
    user: User<scopes::WriteBlocks>,
    params: Params,
) -> Result<Response, ApiError> {
    let domain = domain(&state, &params)?;
    state.store.unblock_domain(user.account_id, &domain).await?;
    Ok(Json(json!({})).into_response())
}
