//! `/api/v1/statuses`: post, read and delete statuses; and the timelines that list them
//! (`/api/v1/timelines/home`, `/api/v1/timelines/public`, `/api/v1/accounts/:id/statuses`).

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};

use plero_core::model::{AccountId, MediaId, StatusId, Visibility};
use plero_core::statuses::actions::{self, ActionError};
use plero_core::statuses::edit::{self, EditError};
use plero_core::statuses::{self, Compose, ContentType, DeleteError, PostError, StatusView};
use plero_core::store::PageItem;
use plero_core::store::statuses::{AccountStatusesFilter, HashtagQuery, PublicScope};

use crate::app::AppState;
use crate::entities::status::{StatusEdit, StatusSource, timestamp};
use crate::entities::{Account, MediaAttachment, Status};
use crate::error::{ApiError, capitalized, parse_id};
use crate::extract::{MaybeUser, Pagination, User, scopes};
use crate::params::Params;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/statuses", post(create))
        .route("/api/v1/statuses/{id}", get(show).delete(destroy).put(update))
        .route("/api/v1/statuses/{id}/history", get(history))
        .route("/api/v1/statuses/{id}/source", get(source))
        .route("/api/v1/statuses/{id}/pin", post(pin))
        .route("/api/v1/statuses/{id}/unpin", post(unpin))
        .route("/api/v1/statuses/{id}/context", get(context))
        .route("/api/v1/statuses/{id}/favourited_by", get(favourited_by))
        .route("/api/v1/statuses/{id}/reblogged_by", get(reblogged_by))
        .route("/api/v1/statuses/{id}/favourite", post(favourite))
        .route("/api/v1/statuses/{id}/unfavourite", post(unfavourite))
        .route("/api/v1/statuses/{id}/bookmark", post(bookmark))
        .route("/api/v1/statuses/{id}/unbookmark", post(unbookmark))
        .route("/api/v1/statuses/{id}/mute", post(mute))
        .route("/api/v1/statuses/{id}/unmute", post(unmute))
        .route("/api/v1/statuses/{id}/reblog", post(reblog))
        .route("/api/v1/statuses/{id}/unreblog", post(unreblog))
        .route("/api/v1/favourites", get(favourites))
        .route("/api/v1/bookmarks", get(bookmarks))
        .route("/api/v1/timelines/tag/{hashtag}", get(hashtag))
        .route("/api/v1/timelines/home", get(home))
        .route("/api/v1/timelines/public", get(public))
        .route("/api/v1/accounts/{id}/statuses", get(account_statuses))
}

/// Longest `Idempotency-Key` kept; a longer one is refused rather than cut (two keys that differ
/// past the cut would collide).
const MAX_IDEMPOTENCY_KEY: usize = 256;

async fn create(
    State(state): State<AppState>,
    user: User<scopes::WriteStatuses>,
    headers: HeaderMap,
    params: Params,
) -> Result<Json<Status>, ApiError> {
    let field = |name: &str, message: String| ApiError::unprocessable(format!("{name}: {message}"));
    refuse_unsupported(&params)?;
    if params.get("scheduled_at").is_some() {
        return Err(field("scheduled_at", "scheduled statuses are not supported by this server yet".into()));
    }
    let visibility = match params.get("visibility") {
        None => Visibility::Public,
        Some(v) => v.parse().map_err(|e: String| field("visibility", e))?,
    };
    let content_type = match params.get("content_type") {
        None => ContentType::Plain,
        Some(v) => v.parse().map_err(|e: String| field("content_type", e))?,
    };
    let in_reply_to_id = match params.get("in_reply_to_id") {
        None => None,
        Some(id) => Some(id.parse::<StatusId>().map_err(|_| reply_not_found())?),
    };
    let idempotency_key = match headers.get("idempotency-key") {
        None => None,
        Some(value) => {
            let key =
                value.to_str().ok().filter(|k| !k.is_empty() && k.len() <= MAX_IDEMPOTENCY_KEY).ok_or_else(
                    || {
                        ApiError::bad_request(format!(
                            "Idempotency-Key: use 1 to {MAX_IDEMPOTENCY_KEY} visible ASCII characters"
                        ))
                    },
                )?;
            Some(key.to_string())
        }
    };
    let compose = Compose {
        text: params.raw("status").unwrap_or_default().to_string(),
        content_type,
        spoiler_text: params.raw("spoiler_text").unwrap_or_default().to_string(),
        visibility,
        sensitive: params.bool("sensitive")?.unwrap_or(false),
        language: params.get("language").map(str::to_string),
        in_reply_to_id,
        app_id: user.auth.app_id,
        idempotency_key,
        media_ids: media_ids(&params)?,
    };
    let author = state.store.find_account(user.account_id).await?.ok_or_else(ApiError::not_found)?;
    let view = statuses::post(&state.store, &state.config, &author, compose).await.map_err(post_error)?;
    Ok(Json(Status::from_view(&view, state.urls.base())))
}

fn reply_not_found() -> ApiError {
    ApiError::not_found_because("The post you are trying to reply to does not appear to exist.")
}

fn post_error(err: PostError) -> ApiError {
    match err {
        PostError::Store(e) => e.into(),
        PostError::ReplyNotFound => reply_not_found(),
        PostError::NoSuchAccount => ApiError::not_found(),
        other => ApiError::unprocessable(format!("Validation failed: {}", capitalized(&other.to_string()))),
    }
}

async fn one_view(
    state: &AppState,
    viewer: Option<AccountId>,
    status: plero_core::model::Status,
) -> Result<StatusView, ApiError> {
    let mut views = statuses::view::load(&state.store, viewer, vec![status]).await?;
    views.pop().ok_or_else(ApiError::not_found)
}

async fn show(
    State(state): State<AppState>,
    viewer: MaybeUser,
    Path(id): Path<String>,
) -> Result<Json<Status>, ApiError> {
    let status =
        statuses::find(&state.store, parse_id(&id)?, viewer.0).await?.ok_or_else(ApiError::not_found)?;
    let view = one_view(&state, viewer.0, status).await?;
    Ok(Json(Status::from_view(&view, state.urls.base())))
}

async fn destroy(
    State(state): State<AppState>,
    user: User<scopes::WriteStatuses>,
    Path(id): Path<String>,
) -> Result<Json<Status>, ApiError> {
    let id: StatusId = parse_id(&id)?;
    // Rendered before it goes (its author and mentions are read with it), answered after.
    let status =
        statuses::find(&state.store, id, Some(user.account_id)).await?.ok_or_else(ApiError::not_found)?;
    let view = one_view(&state, Some(user.account_id), status).await?;
    let deleted = statuses::delete(&state.store, user.account_id, id).await.map_err(|err| match err {
        DeleteError::NotFound => ApiError::not_found(),
        DeleteError::Store(e) => e.into(),
    })?;
    let mut entity = Status::from_view(&view, state.urls.base());
    entity.text = deleted.source_text;
    Ok(Json(entity))
}

fn respond(state: &AppState, pagination: &Pagination, path: &str, page: &[PageItem<StatusView>]) -> Response {
    pagination.respond(state.urls.base(), path, page, |view| Status::from_view(view, state.urls.base()))
}

async fn home(
    State(state): State<AppState>,
    user: User<scopes::ReadStatuses>,
    pagination: Pagination,
) -> Result<Response, ApiError> {
    let page = statuses::home(&state.store, user.account_id, &pagination.page).await?;
    Ok(respond(&state, &pagination, "/api/v1/timelines/home", &page))
}

async fn public(
    State(state): State<AppState>,
    viewer: MaybeUser,
    pagination: Pagination,
    params: Params,
) -> Result<Response, ApiError> {
    let scope = public_scope(&params)?;
    let only_media = params.bool("only_media")?.unwrap_or(false);
    let page = statuses::public(&state.store, viewer.0, scope, only_media, &pagination.page).await?;
    Ok(respond(&state, &pagination, "/api/v1/timelines/public", &page))
}

/// `local=true` or `remote=true`, or neither.
fn public_scope(params: &Params) -> Result<PublicScope, ApiError> {
    match (params.bool("local")?.unwrap_or(false), params.bool("remote")?.unwrap_or(false)) {
        (true, true) => Err(ApiError::unprocessable("local and remote: ask for one of them, not both")),
        (true, false) => Ok(PublicScope::Local),
        (false, true) => Ok(PublicScope::Remote),
        (false, false) => Ok(PublicScope::All),
    }
}

async fn account_statuses(
    State(state): State<AppState>,
    viewer: MaybeUser,
    Path(id): Path<String>,
    pagination: Pagination,
    params: Params,
) -> Result<Response, ApiError> {
    let author: AccountId = parse_id(&id)?;
    state.store.find_account(author).await?.ok_or_else(ApiError::not_found)?;
    if params.bool("pinned")?.unwrap_or(false) {
        // At most five: one page, newest pin first; paging past it finds nothing more.
        let page = if pagination.page.max_id.is_some() || pagination.page.min_id.is_some() {
            Vec::new()
        } else {
            statuses::pinned(&state.store, author, viewer.0).await?
        };
        let path = format!("/api/v1/accounts/{author}/statuses");
        return Ok(respond(&state, &pagination, &path, &page));
    }
    let filter = AccountStatusesFilter {
        exclude_replies: params.bool("exclude_replies")?.unwrap_or(false),
        exclude_reblogs: params.bool("exclude_reblogs")?.unwrap_or(false),
        only_media: params.bool("only_media")?.unwrap_or(false),
        tagged: params.get("tagged").map(str::to_string),
    };
    let page = statuses::of_account(&state.store, author, viewer.0, &filter, &pagination.page).await?;
    Ok(respond(&state, &pagination, &format!("/api/v1/accounts/{author}/statuses"), &page))
}

/// Statuses and accounts one status's thread shows.
#[derive(serde::Serialize)]
struct Context {
    ancestors: Vec<Status>,
    descendants: Vec<Status>,
}

async fn context(
    State(state): State<AppState>,
    viewer: MaybeUser,
    Path(id): Path<String>,
) -> Result<Json<Context>, ApiError> {
    let thread =
        actions::context(&state.store, parse_id(&id)?, viewer.0).await?.ok_or_else(ApiError::not_found)?;
    let render =
        |views: &[StatusView]| views.iter().map(|v| Status::from_view(v, state.urls.base())).collect();
    Ok(Json(Context { ancestors: render(&thread.ancestors), descendants: render(&thread.descendants) }))
}

async fn favourited_by(
    State(state): State<AppState>,
    viewer: MaybeUser,
    Path(id): Path<String>,
    pagination: Pagination,
) -> Result<Response, ApiError> {
    let status: StatusId = parse_id(&id)?;
    let page = actions::favourited_by(&state.store, status, viewer.0, &pagination.page)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let path = format!("/api/v1/statuses/{status}/favourited_by");
    Ok(pagination.respond(state.urls.base(), &path, &page, |a| Account::from_core(a, state.urls.base())))
}

async fn reblogged_by(
    State(state): State<AppState>,
    viewer: MaybeUser,
    Path(id): Path<String>,
    pagination: Pagination,
) -> Result<Response, ApiError> {
    let status: StatusId = parse_id(&id)?;
    let page = actions::reblogged_by(&state.store, status, viewer.0, &pagination.page)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let path = format!("/api/v1/statuses/{status}/reblogged_by");
    Ok(pagination.respond(state.urls.base(), &path, &page, |a| Account::from_core(a, state.urls.base())))
}

fn action_error(err: ActionError) -> ApiError {
    match err {
        ActionError::NotFound => ApiError::not_found(),
        ActionError::Store(e) => e.into(),
        other => ApiError::unprocessable(format!("Validation failed: {}", capitalized(&other.to_string()))),
    }
}

/// The answer to an action: the status as the actor sees it now.
async fn acted(
    state: &AppState,
    account: AccountId,
    result: Result<plero_core::model::Status, ActionError>,
) -> Result<Json<Status>, ApiError> {
    let status = result.map_err(action_error)?;
    let view = one_view(state, Some(account), status).await?;
    Ok(Json(Status::from_view(&view, state.urls.base())))
}

async fn favourite(
    State(state): State<AppState>,
    user: User<scopes::WriteFavourites>,
    Path(id): Path<String>,
) -> Result<Json<Status>, ApiError> {
    let done = actions::favourite(&state.store, user.account_id, parse_id(&id)?).await;
    acted(&state, user.account_id, done).await
}

async fn unfavourite(
    State(state): State<AppState>,
    user: User<scopes::WriteFavourites>,
    Path(id): Path<String>,
) -> Result<Json<Status>, ApiError> {
    let done = actions::unfavourite(&state.store, user.account_id, parse_id(&id)?).await;
    acted(&state, user.account_id, done).await
}

async fn bookmark(
    State(state): State<AppState>,
    user: User<scopes::WriteBookmarks>,
    Path(id): Path<String>,
) -> Result<Json<Status>, ApiError> {
    let done = actions::bookmark(&state.store, user.account_id, parse_id(&id)?).await;
    acted(&state, user.account_id, done).await
}

async fn unbookmark(
    State(state): State<AppState>,
    user: User<scopes::WriteBookmarks>,
    Path(id): Path<String>,
) -> Result<Json<Status>, ApiError> {
    let done = actions::unbookmark(&state.store, user.account_id, parse_id(&id)?).await;
    acted(&state, user.account_id, done).await
}

async fn mute(
    State(state): State<AppState>,
    user: User<scopes::WriteMutes>,
    Path(id): Path<String>,
) -> Result<Json<Status>, ApiError> {
    let done = actions::mute_conversation(&state.store, user.account_id, parse_id(&id)?).await;
    acted(&state, user.account_id, done).await
}

async fn unmute(
    State(state): State<AppState>,
    user: User<scopes::WriteMutes>,
    Path(id): Path<String>,
) -> Result<Json<Status>, ApiError> {
    let done = actions::unmute_conversation(&state.store, user.account_id, parse_id(&id)?).await;
    acted(&state, user.account_id, done).await
}

async fn reblog(
    State(state): State<AppState>,
    user: User<scopes::WriteStatuses>,
    Path(id): Path<String>,
    params: Params,
) -> Result<Json<Status>, ApiError> {
    let visibility = match params.get("visibility") {
        None => None,
        Some(v) => {
            Some(v.parse::<Visibility>().map_err(|e| ApiError::unprocessable(format!("visibility: {e}")))?)
        }
    };
    let reblogger = state.store.find_account(user.account_id).await?.ok_or_else(ApiError::not_found)?;
    let done = actions::reblog(&state.store, &state.config, &reblogger, parse_id(&id)?, visibility).await;
    acted(&state, user.account_id, done).await
}

async fn unreblog(
    State(state): State<AppState>,
    user: User<scopes::WriteStatuses>,
    Path(id): Path<String>,
) -> Result<Json<Status>, ApiError> {
    let done = actions::unreblog(&state.store, user.account_id, parse_id(&id)?).await;
    acted(&state, user.account_id, done).await
}

async fn favourites(
    State(state): State<AppState>,
    user: User<scopes::ReadFavourites>,
    pagination: Pagination,
) -> Result<Response, ApiError> {
    let page = statuses::favourites(&state.store, user.account_id, &pagination.page).await?;
    Ok(respond(&state, &pagination, "/api/v1/favourites", &page))
}

async fn bookmarks(
    State(state): State<AppState>,
    user: User<scopes::ReadBookmarks>,
    pagination: Pagination,
) -> Result<Response, ApiError> {
    let page = statuses::bookmarks(&state.store, user.account_id, &pagination.page).await?;
    Ok(respond(&state, &pagination, "/api/v1/bookmarks", &page))
}

/// Most hashtags one of `any[]`, `all[]`, `none[]` takes.
const MAX_TAGS_PER_QUERY: usize = 4;

async fn hashtag(
    State(state): State<AppState>,
    viewer: MaybeUser,
    Path(hashtag): Path<String>,
    pagination: Pagination,
    params: Params,
) -> Result<Response, ApiError> {
    let names = |key: &str| -> Result<Vec<String>, ApiError> {
        let names: Vec<String> =
            params.all(key).into_iter().map(|n| n.trim_start_matches('#').to_string()).collect();
        if names.len() > MAX_TAGS_PER_QUERY {
            return Err(ApiError::unprocessable(format!("{key}[]: at most {MAX_TAGS_PER_QUERY} hashtags")));
        }
        Ok(names)
    };
    let mut any = vec![hashtag.trim_start_matches('#').to_string()];
    any.extend(names("any")?);
    let query = HashtagQuery {
        any,
        all: names("all")?,
        none: names("none")?,
        scope: public_scope(&params)?,
        only_media: params.bool("only_media")?.unwrap_or(false),
    };
    let page = statuses::tagged(&state.store, viewer.0, &query, &pagination.page).await?;
    let path = format!(
        "/api/v1/timelines/tag/{}",
        url::form_urlencoded::byte_serialize(hashtag.as_bytes()).collect::<String>()
    );
    Ok(respond(&state, &pagination, &path, &page))
}

/// Media and polls, which this server does not take yet: refused naming the field, rather than
/// posted without them.
/// `media_ids[]`, each an id.
fn media_ids(params: &Params) -> Result<Vec<MediaId>, ApiError> {
    params
        .all("media_ids")
        .into_iter()
        .map(|id| {
            id.parse().map_err(|_| {
                ApiError::unprocessable(format!(
                    "Validation failed: media_ids: `{id}` is not an id of an upload"
                ))
            })
        })
        .collect()
}

fn refuse_unsupported(params: &Params) -> Result<(), ApiError> {
    if params.has_under("poll") {
        return Err(ApiError::unprocessable("poll: polls are not supported by this server yet"));
    }
    Ok(())
}

fn edit_error(err: EditError) -> ApiError {
    match err {
        EditError::NotFound => ApiError::not_found(),
        EditError::Text(e) => post_error(e),
        EditError::Store(e) => e.into(),
        other => ApiError::unprocessable(format!("Validation failed: {}", capitalized(&other.to_string()))),
    }
}

async fn update(
    State(state): State<AppState>,
    user: User<scopes::WriteStatuses>,
    Path(id): Path<String>,
    params: Params,
) -> Result<Json<Status>, ApiError> {
    refuse_unsupported(&params)?;
    let id: StatusId = parse_id(&id)?;
    let sent_media = params.has_under("media_ids").then(|| media_ids(&params)).transpose()?;
    let changes = edit::Changes {
        text: params.raw("status"),
        content_type: params
            .get("content_type")
            .map(|v| v.parse().map_err(|e: String| ApiError::unprocessable(format!("content_type: {e}"))))
            .transpose()?,
        spoiler_text: params.raw("spoiler_text"),
        sensitive: params.bool("sensitive")?,
        language: params.get("language"),
        media_ids: sent_media.as_deref(),
    };
    let status =
        edit::edit(&state.store, &state.config, user.account_id, id, &changes).await.map_err(edit_error)?;
    let view = one_view(&state, Some(user.account_id), status).await?;
    Ok(Json(Status::from_view(&view, state.urls.base())))
}

async fn history(
    State(state): State<AppState>,
    viewer: MaybeUser,
    Path(id): Path<String>,
) -> Result<Json<Vec<StatusEdit>>, ApiError> {
    let (status, versions) =
        edit::history(&state.store, parse_id(&id)?, viewer.0).await?.ok_or_else(ApiError::not_found)?;
    let author = state.store.find_account(status.account_id).await?.ok_or_else(ApiError::not_found)?;
    let account = Account::from_core(&author, state.urls.base());
    let ids: Vec<_> = versions.iter().flat_map(|v| v.media.iter().copied()).collect();
    let media = state.store.find_attachments(&ids).await?;
    let media_of = |ids: &[plero_core::model::MediaId]| -> Vec<MediaAttachment> {
        ids.iter()
            .filter_map(|id| media.iter().find(|m| m.id == *id))
            .map(MediaAttachment::from_core)
            .collect()
    };
    Ok(Json(
        versions
            .into_iter()
            .map(|v| StatusEdit {
                content: v.content,
                spoiler_text: v.spoiler_text,
                sensitive: v.sensitive,
                created_at: timestamp(v.created_at),
                account: account.clone(),
                poll: None,
                media_attachments: media_of(&v.media),
                emojis: Vec::new(),
            })
            .collect(),
    ))
}

async fn source(
    State(state): State<AppState>,
    user: User<scopes::ReadStatuses>,
    Path(id): Path<String>,
) -> Result<Json<StatusSource>, ApiError> {
    let status = edit::source(&state.store, user.account_id, parse_id(&id)?).await.map_err(edit_error)?;
    Ok(Json(StatusSource {
        id: status.id.to_string(),
        text: status.source_text.unwrap_or_default(),
        spoiler_text: status.spoiler_text,
        content_type: status.content_type.as_str(),
    }))
}

async fn pin(
    State(state): State<AppState>,
    user: User<scopes::WriteAccounts>,
    Path(id): Path<String>,
) -> Result<Json<Status>, ApiError> {
    let status = edit::pin(&state.store, user.account_id, parse_id(&id)?).await.map_err(edit_error)?;
    let view = one_view(&state, Some(user.account_id), status).await?;
    Ok(Json(Status::from_view(&view, state.urls.base())))
}

async fn unpin(
    State(state): State<AppState>,
    user: User<scopes::WriteAccounts>,
    Path(id): Path<String>,
) -> Result<Json<Status>, ApiError> {
    let status = edit::unpin(&state.store, user.account_id, parse_id(&id)?).await.map_err(edit_error)?;
    let view = one_view(&state, Some(user.account_id), status).await?;
    Ok(Json(Status::from_view(&view, state.urls.base())))
}
