//! `/api/v1/notifications` (list, one, dismiss, clear, unread count), Mastodon 4.3's grouped
//! `/api/v2/notifications` (list, one group, its accounts, dismiss a group) and `/api/v1/markers`.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};

use plero_core::model::{AccountId, Id, NotificationId, NotificationType};
use plero_core::notifications;
use plero_core::store::notifications::{MARKER_TIMELINES, NotificationFilter};

use crate::app::AppState;
use crate::entities::notification::{GroupedNotifications, NotificationGroup};
use crate::entities::{Account, Marker, Notification, Status};
use crate::error::{ApiError, parse_id};
use crate::extract::{Pagination, User, scopes};
use crate::params::Params;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/notifications", get(list))
        .route("/api/v1/notifications/clear", post(clear))
        .route("/api/v1/notifications/unread_count", get(unread_count))
        .route("/api/v1/notifications/{id}", get(show))
        .route("/api/v1/notifications/{id}/dismiss", post(dismiss))
        .route("/api/v1/markers", get(markers).post(set_markers))
        .route("/api/v2/notifications", get(grouped))
        .route("/api/v2/notifications/unread_count", get(unread_count))
        .route("/api/v2/notifications/{group_key}", get(group))
        .route("/api/v2/notifications/{group_key}/dismiss", post(dismiss_group))
        .route("/api/v2/notifications/{group_key}/accounts", get(group_accounts))
}

fn types(params: &Params, key: &str) -> Result<Vec<NotificationType>, ApiError> {
    params
        .all(key)
        .into_iter()
        // Types of Mastodon this server never makes (poll, admin.*, severed_relationships, …) match
        // nothing, as in Mastodon; unknown words are refused naming them.
        .filter(|t| {
            !matches!(
                *t,
                "poll"
                    | "admin.sign_up"
                    | "admin.report"
                    | "severed_relationships"
                    | "moderation_warning"
                    | "annual_report"
                    | "quote"
                    | "quoted_update"
            )
        })
        .map(|t| t.parse().map_err(|e: String| ApiError::unprocessable(format!("{key}[]: {e}"))))
        .collect()
}

async fn list(
    State(state): State<AppState>,
    user: User<scopes::ReadNotifications>,
    pagination: Pagination,
    params: Params,
) -> Result<Response, ApiError> {
    let Some(filter) = filter(&params)? else {
        return Ok(pagination.respond(
            state.urls.base(),
            "/api/v1/notifications",
            &[],
            |v: &notifications::NotificationView| Notification::from_view(v, state.urls.base()),
        ));
    };
    let page = notifications::list(&state.store, user.account_id, &filter, &pagination.page).await?;
    Ok(pagination.respond(state.urls.base(), "/api/v1/notifications", &page, |v| {
        Notification::from_view(v, state.urls.base())
    }))
}

async fn show(
    State(state): State<AppState>,
    user: User<scopes::ReadNotifications>,
    Path(id): Path<String>,
) -> Result<Json<Notification>, ApiError> {
    let id: NotificationId = parse_id(&id)?;
    let view =
        notifications::find(&state.store, user.account_id, id).await?.ok_or_else(ApiError::not_found)?;
    Ok(Json(Notification::from_view(&view, state.urls.base())))
}

async fn dismiss(
    State(state): State<AppState>,
    user: User<scopes::WriteNotifications>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id: NotificationId = parse_id(&id)?;
    if !state.store.dismiss_notification(user.account_id, id).await? {
        return Err(ApiError::not_found());
    }
    Ok(Json(json!({})))
}

async fn clear(
    State(state): State<AppState>,
    user: User<scopes::WriteNotifications>,
) -> Result<Json<Value>, ApiError> {
    state.store.clear_notifications(user.account_id).await?;
    Ok(Json(json!({})))
}

/// Mastodon's default and greatest `limit` of the unread count.
const UNREAD_DEFAULT: i64 = 100;
const UNREAD_MAX: i64 = 1000;

async fn unread_count(
    State(state): State<AppState>,
    user: User<scopes::ReadNotifications>,
    params: Params,
) -> Result<Json<Value>, ApiError> {
    let limit = match params.get("limit") {
        None => UNREAD_DEFAULT,
        Some(v) => {
            v.parse::<i64>().map_err(|_| ApiError::bad_request(format!("limit: `{v}` is not a number")))?
        }
    };
    let count = state.store.unread_notifications(user.account_id, limit.clamp(1, UNREAD_MAX)).await?;
    Ok(Json(json!({ "count": count })))
}

async fn markers(
    State(state): State<AppState>,
    user: User<scopes::ReadStatuses>,
    params: Params,
) -> Result<Json<BTreeMap<String, Marker>>, ApiError> {
    let wanted = params.all("timeline");
    let all = state.store.markers(user.account_id).await?;
    Ok(Json(
        all.iter()
            .filter(|m| wanted.is_empty() || wanted.contains(&m.timeline.as_str()))
            .map(|m| (m.timeline.clone(), Marker::from_core(m)))
            .collect(),
    ))
}

async fn set_markers(
    State(state): State<AppState>,
    user: User<scopes::WriteStatuses>,
    params: Params,
) -> Result<Json<BTreeMap<String, Marker>>, ApiError> {
    let mut given = Vec::new();
    for timeline in MARKER_TIMELINES {
        if let Some(raw) = params.get(&format!("{timeline}[last_read_id]")) {
            let id = raw.parse::<i64>().map_err(|_| {
                ApiError::unprocessable(format!("{timeline}[last_read_id]: `{raw}` is not an id"))
            })?;
            given.push((timeline, Id(id)));
        }
    }
    if given.is_empty() {
        return Err(ApiError::bad_request("give home[last_read_id] or notifications[last_read_id]"));
    }
    for (timeline, id) in &given {
        state.store.set_marker(user.account_id, timeline, *id).await?;
    }
    let all = state.store.markers(user.account_id).await?;
    Ok(Json(
        all.iter()
            .filter(|m| given.iter().any(|(t, _)| *t == m.timeline))
            .map(|m| (m.timeline.clone(), Marker::from_core(m)))
            .collect(),
    ))
}

/// The filter of a notifications list; `None` when only types this server never makes were asked
/// for (then nothing matches).
fn filter(params: &Params) -> Result<Option<NotificationFilter>, ApiError> {
    let asked_types = !params.all("types").is_empty();
    let filter = NotificationFilter {
        types: types(params, "types")?,
        exclude_types: types(params, "exclude_types")?,
        from_account: match params.get("account_id") {
            None => None,
            Some(id) => Some(
                id.parse::<AccountId>()
                    .map_err(|_| ApiError::unprocessable("account_id: not an account id"))?,
            ),
        },
    };
    Ok((!asked_types || !filter.types.is_empty()).then_some(filter))
}

async fn grouped(
    State(state): State<AppState>,
    user: User<scopes::ReadNotifications>,
    pagination: Pagination,
    params: Params,
) -> Result<Response, ApiError> {
    let base = state.urls.base();
    let grouped_types = if params.all("grouped_types").is_empty() {
        notifications::GROUPABLE.to_vec()
    } else {
        types(&params, "grouped_types")?
    };
    let page = match filter(&params)? {
        Some(filter) => {
            notifications::grouped(&state.store, user.account_id, &filter, &pagination.page, &grouped_types)
                .await?
        }
        None => notifications::GroupedPage::default(),
    };
    let body = grouped_body(&page, base);
    let mut headers = HeaderMap::new();
    if let (Some(next), Some(prev)) = (page.next, page.prev) {
        let limit = pagination.page.limit;
        let path = "/api/v2/notifications";
        let link = format!(
            "<{base}{path}?limit={limit}&max_id={}>; rel=\"next\", <{base}{path}?limit={limit}&min_id={}>; rel=\"prev\"",
            next.0, prev.0
        );
        if let Ok(value) = HeaderValue::from_str(&link) {
            headers.insert(header::LINK, value);
        }
    }
    Ok((headers, Json(body)).into_response())
}

/// The grouped notifications' JSON of `page`.
fn grouped_body(page: &notifications::GroupedPage, base: &str) -> GroupedNotifications {
    GroupedNotifications {
        accounts: page.accounts.iter().map(|a| Account::from_core(a, base)).collect(),
        statuses: page.statuses.iter().map(|v| Status::from_view(v, base)).collect(),
        notification_groups: page.groups.iter().map(|g| NotificationGroup::from_core(&g.item)).collect(),
    }
}

async fn group(
    State(state): State<AppState>,
    user: User<scopes::ReadNotifications>,
    Path(key): Path<String>,
) -> Result<Json<GroupedNotifications>, ApiError> {
    let page =
        notifications::group(&state.store, user.account_id, &key).await?.ok_or_else(ApiError::not_found)?;
    Ok(Json(grouped_body(&page, state.urls.base())))
}

/// The accounts of a group, newest notification first (who favourited, who followed).
async fn group_accounts(
    State(state): State<AppState>,
    user: User<scopes::ReadNotifications>,
    Path(key): Path<String>,
) -> Result<Json<Vec<Account>>, ApiError> {
    let page =
        notifications::group(&state.store, user.account_id, &key).await?.ok_or_else(ApiError::not_found)?;
    let base = state.urls.base();
    let mut seen = std::collections::HashSet::new();
    let accounts = page.groups[0]
        .item
        .notifications
        .iter()
        .filter(|n| seen.insert(n.from_account_id))
        .filter_map(|n| page.accounts.iter().find(|a| a.id == n.from_account_id))
        .map(|a| Account::from_core(a, base))
        .collect();
    Ok(Json(accounts))
}

async fn dismiss_group(
    State(state): State<AppState>,
    user: User<scopes::WriteNotifications>,
    Path(key): Path<String>,
) -> Result<Json<Value>, ApiError> {
    if !notifications::dismiss_group(&state.store, user.account_id, &key).await? {
        return Err(ApiError::not_found());
    }
    Ok(Json(json!({})))
}
