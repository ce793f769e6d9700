//! `/api/v1/accounts/…`: the signed-in user's profile, registration, lookups, follows and
//! relationships, follower lists.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use serde_json::json;

use plero_core::accounts::RegistrationError;
use plero_core::accounts::blocks::{self, RelationError};
use plero_core::accounts::follows::{self, FollowError};
use plero_core::accounts::images::ProfileImage;
use plero_core::accounts::profile::{self, NewImages, ProfileError};
use plero_core::accounts::signup::{self, SignUp, SignUpError};
use plero_core::auth::service;
use plero_core::config::Config;
use plero_core::limits::Rule;
use plero_core::model::{Account as CoreAccount, AccountId};
use plero_core::store::PageItem;
use plero_core::store::follows::ProfileUpdate;

use crate::app::AppState;
use crate::body_limit::BodyLimit;
use crate::client::ClientAddr;
use crate::entities::{Account, CredentialAccount, Relationship, Token as TokenEntity};
use crate::error::{ApiError, capitalized, parse_id};
use crate::extract::{MaybeUser, Pagination, Token, User, scopes};
use crate::params::Params;
use crate::rate_limit;

pub fn routes(config: &Config) -> Router<AppState> {
    // An avatar and a header.
    let uploads = BodyLimit::uploads(config, 2);
    Router::new()
        .route("/api/v1/accounts", post(create))
        .route("/api/v1/accounts/verify_credentials", get(verify_credentials))
        .route("/api/v1/accounts/update_credentials", uploads.on(patch(update_credentials)))
        .route("/api/v1/accounts/lookup", get(lookup))
        .route("/api/v1/accounts/relationships", get(relationships))
        .route("/api/v1/accounts/{id}", get(show))
        .route("/api/v1/accounts/{id}/followers", get(followers))
        .route("/api/v1/accounts/{id}/following", get(following))
        .route("/api/v1/accounts/{id}/follow", post(follow))
        .route("/api/v1/accounts/{id}/unfollow", post(unfollow))
        .route("/api/v1/accounts/{id}/block", post(block))
        .route("/api/v1/accounts/{id}/unblock", post(unblock))
        .route("/api/v1/accounts/{id}/mute", post(mute))
        .route("/api/v1/accounts/{id}/unmute", post(unmute))
}

async fn credential_account(state: &AppState, id: AccountId) -> Result<Json<CredentialAccount>, ApiError> {
    let (user, requests) =
        state.store.find_user_with_follow_requests(id).await?.ok_or_else(ApiError::not_found)?;
    Ok(Json(CredentialAccount::from_core(&user, requests, state.urls.base())))
}

async fn verify_credentials(
    State(state): State<AppState>,
    user: User<scopes::Profile>,
) -> Result<Json<CredentialAccount>, ApiError> {
    credential_account(&state, user.account_id).await
}

async fn update_credentials(
    State(state): State<AppState>,
    user: User<scopes::WriteAccounts>,
    mut params: Params,
) -> Result<Json<CredentialAccount>, ApiError> {
    let uploads = NewImages {
        avatar: params.take_file(ProfileImage::Avatar.field()),
        header: params.take_file(ProfileImage::Header.field()),
    };
    let fields_given = params.indexed("fields_attributes");
    let fields = if fields_given.is_empty() {
        None
    } else {
        let pairs = fields_given
            .into_iter()
            .map(|group| {
                let get = |key: &str| group.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.clone());
                (get("name").unwrap_or_default(), get("value").unwrap_or_default())
            })
            .collect();
        Some(profile::fields_from_pairs(pairs).map_err(profile_error)?)
    };
    let update = ProfileUpdate {
        display_name: params.raw("display_name").map(str::to_string),
        note: params.raw("note").map(str::to_string),
        locked: params.bool("locked")?,
        bot: params.bool("bot")?,
        discoverable: params.bool("discoverable")?,
        fields,
        ..ProfileUpdate::default()
    };
    profile::update_profile(&state.store, &state.config, &state.uploader, user.account_id, update, uploads)
        .await
        .map_err(profile_error)?;
    credential_account(&state, user.account_id).await
}

fn profile_error(err: ProfileError) -> ApiError {
    match err {
        ProfileError::Store(e) => e.into(),
        ProfileError::Image(e) if e.field().is_none() => ApiError::failed(e),
        ProfileError::NoSuchAccount(_) => ApiError::not_found(),
        other => ApiError::unprocessable(format!("Validation failed: {other}")),
    }
}

async fn show(
    State(state): State<AppState>,
    _viewer: MaybeUser,
    Path(id): Path<String>,
) -> Result<Json<Account>, ApiError> {
    let account = state.store.find_account(parse_id(&id)?).await?.ok_or_else(ApiError::not_found)?;
    Ok(Json(Account::from_core(&account, state.urls.base())))
}

async fn lookup(
    State(state): State<AppState>,
    _viewer: MaybeUser,
    params: Params,
) -> Result<Json<Account>, ApiError> {
    let acct =
        params.get("acct").ok_or_else(|| ApiError::bad_request("acct is required (nick or nick@domain)"))?;
    let acct = acct.trim_start_matches('@');
    let (nick, domain) = match acct.split_once('@') {
        Some((nick, domain)) => (nick, Some(domain)),
        None => (acct, None),
    };
    let ours = |d: &str| {
        d.eq_ignore_ascii_case(&state.config.instance.domain)
            || d.eq_ignore_ascii_case(&state.config.http.public_host)
    };
    let domain = domain.filter(|d| !ours(d));
    let account =
        state.store.find_account_by_nickname(nick, domain).await?.ok_or_else(ApiError::not_found)?;
    Ok(Json(Account::from_core(&account, state.urls.base())))
}

/// Most ids one relationships request may ask about: the longest page of accounts the API gives,
/// so a client can ask about a whole page at once, while what one request makes the database read
/// stays bounded.
const MAX_RELATIONSHIP_IDS: usize = Pagination::MAX_LIMIT as usize;

async fn relationships(
    State(state): State<AppState>,
    user: User<scopes::ReadFollows>,
    params: Params,
) -> Result<Json<Vec<Relationship>>, ApiError> {
    let asked = params.all("id");
    if asked.len() > MAX_RELATIONSHIP_IDS {
        return Err(ApiError::unprocessable(format!(
            "at most {MAX_RELATIONSHIP_IDS} ids may be asked about at once, {} were given; ask in batches",
            asked.len()
        )));
    }
    // Malformed ids are left out here, unknown ones by the store, as Mastodon does.
    let ids: Vec<AccountId> = asked.into_iter().filter_map(|id| id.parse().ok()).collect();
    let relations = state.store.follow_relations(user.account_id, &ids).await?;
    Ok(Json(relations.into_iter().map(|(id, rel)| Relationship::from_core(id, rel)).collect()))
}

fn follow_error(err: FollowError) -> ApiError {
    match err {
        FollowError::NoSuchAccount(_) | FollowError::NoSuchRequest(_) => ApiError::not_found(),
        FollowError::SelfFollow | FollowError::Remote | FollowError::Blocked => {
            ApiError::forbidden(err.to_string())
        }
        FollowError::Store(e) => e.into(),
    }
}

async fn follow(
    State(state): State<AppState>,
    user: User<scopes::WriteFollows>,
    Path(id): Path<String>,
) -> Result<Json<Relationship>, ApiError> {
    let target = parse_id(&id)?;
    let rel = follows::follow(&state.store, user.account_id, target).await.map_err(follow_error)?;
    Ok(Json(Relationship::from_core(target, rel)))
}

async fn unfollow(
    State(state): State<AppState>,
    user: User<scopes::WriteFollows>,
    Path(id): Path<String>,
) -> Result<Json<Relationship>, ApiError> {
    let target = parse_id(&id)?;
    let rel = follows::unfollow(&state.store, user.account_id, target).await.map_err(follow_error)?;
    Ok(Json(Relationship::from_core(target, rel)))
}

async fn follow_list(
    state: &AppState,
    id: &str,
    pagination: Pagination,
    which: &str,
) -> Result<Response, ApiError> {
    let id = parse_id(id)?;
    state.store.find_account(id).await?.ok_or_else(ApiError::not_found)?;
    let page: Vec<PageItem<CoreAccount>> = if which == "followers" {
        state.store.followers(id, &pagination.page).await
    } else {
        state.store.following(id, &pagination.page).await
    }?;
    let base = state.urls.base();
    let path = format!("/api/v1/accounts/{id}/{which}");
    Ok(pagination.respond(base, &path, &page, |a| Account::from_core(a, base)))
}

async fn followers(
    State(state): State<AppState>,
    _viewer: MaybeUser,
    Path(id): Path<String>,
    pagination: Pagination,
) -> Result<Response, ApiError> {
    follow_list(&state, &id, pagination, "followers").await
}

async fn following(
    State(state): State<AppState>,
    _viewer: MaybeUser,
    Path(id): Path<String>,
    pagination: Pagination,
) -> Result<Response, ApiError> {
    follow_list(&state, &id, pagination, "following").await
}

/// `POST /api/v1/accounts`: registration by an application (app token), when registrations are
/// open or approval-based, or with an invite code. Answers with a token for the new user.
async fn create(
    State(state): State<AppState>,
    client: ClientAddr,
    app: Token<scopes::WriteAccounts>,
    params: Params,
) -> Result<Response, ApiError> {
    if let Err(limited) = rate_limit::check(&state, Rule::SignUp, client) {
        return Ok(limited.into_response());
    }
    // Before anything is created: the new user's token is issued to this application.
    let app_id =
        app.auth.app_id.ok_or_else(|| ApiError::forbidden("registration needs an application token"))?;
    let signup = SignUp {
        username: params.get("username").unwrap_or_default().to_string(),
        email: params.get("email").unwrap_or_default().to_string(),
        password: params.raw("password").unwrap_or_default().into(),
        agreement: params.bool("agreement")?.unwrap_or(false),
        locale: params.get("locale").map(str::to_string),
        invite_code: params.get("invite_code").map(str::to_string),
    };
    let user = match signup::sign_up(&state.store, &state.config, signup).await {
        Ok(user) => user,
        Err(err @ (SignUpError::Closed | SignUpError::InviteRequired)) => {
            return Err(ApiError::forbidden(capitalized(&err.to_string())));
        }
        Err(err @ SignUpError::AgreementRequired) => {
            return Ok(validation_failed("agreement", "ERR_ACCEPTED", &err.to_string()));
        }
        Err(SignUpError::Registration(RegistrationError::Store(e))) => return Err(e.into()),
        Err(SignUpError::Registration(RegistrationError::Keys(e))) => return Err(ApiError::failed(e)),
        Err(SignUpError::Registration(RegistrationError::Pool(e))) => return Ok(crate::busy::json(e)),
        Err(SignUpError::Registration(err)) => {
            let code = match err {
                RegistrationError::NicknameTaken(_) | RegistrationError::EmailTaken(_) => "ERR_TAKEN",
                _ => "ERR_INVALID",
            };
            return Ok(validation_failed(err.field().unwrap_or("base"), code, &err.to_string()));
        }
    };
    let issued = service::issue_token(&state.store, app_id, Some(user.account.id), app.auth.scopes)
        .await
        .map_err(ApiError::failed)?;
    Ok(Json(TokenEntity::from_issued(issued)).into_response())
}

/// Mastodon's 422 with per-field details, which clients show next to the field.
fn validation_failed(field: &str, code: &str, description: &str) -> Response {
    let body = json!({
        "error": format!("Validation failed: {description}"),
        "details": { field: [{ "error": code, "description": description }] },
    });
    (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
}

fn relation_error(err: RelationError) -> ApiError {
    match err {
        RelationError::NoSuchAccount(_) => ApiError::not_found(),
        RelationError::Store(e) => e.into(),
        other => ApiError::unprocessable(format!("Validation failed: {}", capitalized(&other.to_string()))),
    }
}

async fn block(
    State(state): State<AppState>,
    user: User<scopes::WriteBlocks>,
    Path(id): Path<String>,
) -> Result<Json<Relationship>, ApiError> {
    let target = parse_id(&id)?;
    let rel = blocks::block(&state.store, user.account_id, target).await.map_err(relation_error)?;
    Ok(Json(Relationship::from_core(target, rel)))
}

async fn unblock(
    State(state): State<AppState>,
    user: User<scopes::WriteBlocks>,
    Path(id): Path<String>,
) -> Result<Json<Relationship>, ApiError> {
    let target = parse_id(&id)?;
    let rel = blocks::unblock(&state.store, user.account_id, target).await.map_err(relation_error)?;
    Ok(Json(Relationship::from_core(target, rel)))
}

async fn mute(
    State(state): State<AppState>,
    user: User<scopes::WriteMutes>,
    Path(id): Path<String>,
    params: Params,
) -> Result<Json<Relationship>, ApiError> {
    let target = parse_id(&id)?;
    let notifications = params.bool("notifications")?.unwrap_or(true);
    let duration = match params.get("duration") {
        None => None,
        Some(v) => Some(v.parse::<u64>().map_err(|_| {
            ApiError::unprocessable(format!("duration: `{v}` is not a number of seconds (0: until unmuted)"))
        })?),
    };
    let rel = blocks::mute(&state.store, user.account_id, target, notifications, duration)
        .await
        .map_err(relation_error)?;
    Ok(Json(Relationship::from_core(target, rel)))
}

async fn unmute(
    State(state): State<AppState>,
    user: User<scopes::WriteMutes>,
    Path(id): Path<String>,
) -> Result<Json<Relationship>, ApiError> {
    let target = parse_id(&id)?;
    let rel = blocks::unmute(&state.store, user.account_id, target).await.map_err(relation_error)?;
    Ok(Json(Relationship::from_core(target, rel)))
}
