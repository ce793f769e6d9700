//! Extractors handlers share: request ids (and, from the OAuth half, tokens and scopes).

use std::convert::Infallible;
use std::marker::PhantomData;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use plero_core::auth::Scope;
use plero_core::auth::service::{self, AuthError, Authenticated};
use plero_core::auth::token_use;
use plero_core::model::{AccountId, Id, LoginRefusal};
use plero_core::store::{PageItem, PageRequest};

use crate::app::{AppState, REQUEST_ID_HEADER};

/// The id of the current request, as sent back in `x-request-id` and logged on every line of the
/// request. Empty only if the request-id layer is missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(pub String);

impl<S: Send + Sync> FromRequestParts<S> for RequestId {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Infallible> {
        Ok(Self(request_id(parts.headers.get(REQUEST_ID_HEADER))))
    }
}

/// The request id of a header value; non-ASCII ids (from a misbehaving proxy) are dropped.
pub fn request_id(value: Option<&axum::http::HeaderValue>) -> String {
    value.and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

// ---- OAuth: bearer tokens and scopes -------------------------------------------------------------

/// The scopes an endpoint accepts: any one of [`RequiredScopes::ANY_OF`] (implied scopes count:
/// `read` satisfies `read:accounts`). Empty means any valid token.
pub trait RequiredScopes {
    const ANY_OF: &'static [Scope];
}

/// Marker types naming endpoints' scope requirements, used as `User<scopes::ReadAccounts>`.
pub mod scopes {
    use super::{RequiredScopes, Scope};

    macro_rules! required {
        ($($(#[$doc:meta])* $name:ident => [$($scope:ident),*];)*) => {$(
            $(#[$doc])*
            pub struct $name;
            impl RequiredScopes for $name {
                const ANY_OF: &'static [Scope] = &[$(Scope::$scope),*];
            }
        )*};
    }

    required! {
        /// Any valid token, whatever its scopes.
        AnyScope => [];
        /// Who is signed in: `profile`, or anything that reads accounts.
        Profile => [Profile];
        ReadAccounts => [ReadAccounts];
        WriteAccounts => [WriteAccounts];
        ReadFollows => [ReadFollows];
        WriteFollows => [WriteFollows];
        ReadStatuses => [ReadStatuses];
        WriteStatuses => [WriteStatuses];
        ReadFavourites => [ReadFavourites];
        WriteFavourites => [WriteFavourites];
        ReadBookmarks => [ReadBookmarks];
        WriteBookmarks => [WriteBookmarks];
        ReadNotifications => [ReadNotifications];
        ReadBlocks => [ReadBlocks];
        WriteBlocks => [WriteBlocks];
        ReadMutes => [ReadMutes];
        WriteMutes => [WriteMutes];
        WriteNotifications => [WriteNotifications];
        WriteMedia => [WriteMedia];
    }
}

/// Why a request was refused before its handler ran, in Mastodon's words.
#[derive(Debug, Clone)]
pub enum AuthRejection {
    /// No token, or one that is unknown, revoked or expired.
    InvalidToken,
    /// A valid token whose user may not use it now (unconfirmed, pending, disabled): 403, not
    /// 401, since apps take 401 for "signed out" and forget the account.
    Refused(LoginRefusal),
    /// A valid token without any of the scopes the endpoint needs.
    InsufficientScope,
    /// An application token where a user is needed.
    UserRequired,
    Internal,
}

impl IntoResponse for AuthRejection {
    fn into_response(self) -> Response {
        let (status, message, challenge) = match &self {
            AuthRejection::InvalidToken => (
                StatusCode::UNAUTHORIZED,
                "The access token is invalid".to_string(),
                Some("Bearer error=\"invalid_token\", error_description=\"The access token is invalid\""),
            ),
            AuthRejection::Refused(refusal) => (StatusCode::FORBIDDEN, refusal.to_string(), None),
            AuthRejection::InsufficientScope => (
                StatusCode::FORBIDDEN,
                "This action is outside the authorized scopes".to_string(),
                Some("Bearer error=\"insufficient_scope\""),
            ),
            AuthRejection::UserRequired => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "This method requires an authenticated user".to_string(),
                None,
            ),
            AuthRejection::Internal => {
                (StatusCode::INTERNAL_SERVER_ERROR, "Internal server error".to_string(), None)
            }
        };
        let mut response = (status, axum::Json(serde_json::json!({ "error": message }))).into_response();
        if let Some(challenge) = challenge {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static(challenge));
        }
        response
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim()).filter(|t| !t.is_empty())
}

/// What looking the request's bearer token up gave, kept in the request's extensions by the
/// layer that needed it first (the API budget), so a request looks its token up once.
#[derive(Debug, Clone)]
pub struct BearerLookup(pub Result<Option<Authenticated>, AuthRejection>);

/// Looks the token of a request with these headers up (on every request: no cache, so a
/// revocation or a deactivation made by `pleroctl` is seen at once). `Ok(None)`: no
/// Authorization header.
pub async fn lookup_bearer(
    headers: &HeaderMap,
    state: &AppState,
) -> Result<Option<Authenticated>, AuthRejection> {
    let Some(token) = bearer(headers) else { return Ok(None) };
    match service::authenticate_bearer(&state.store, token).await {
        Ok(Some(auth)) => {
            token_use::record_in_background(&state.store, &auth);
            Ok(Some(auth))
        }
        Ok(None) => Err(AuthRejection::InvalidToken),
        Err(AuthError::Refused(refusal)) => Err(AuthRejection::Refused(refusal)),
        Err(err) => {
            tracing::error!(error = %err, "token lookup failed");
            Err(AuthRejection::Internal)
        }
    }
}

/// The request's token: as an outer layer found it, or looked up now.
async fn authenticate(parts: &Parts, state: &AppState) -> Result<Option<Authenticated>, AuthRejection> {
    if let Some(BearerLookup(found)) = parts.extensions.get::<BearerLookup>() {
        return found.clone();
    }
    lookup_bearer(&parts.headers, state).await
}

fn check_scopes<R: RequiredScopes>(auth: &Authenticated) -> Result<(), AuthRejection> {
    if R::ANY_OF.is_empty() || service::allows_any(&auth.scopes, R::ANY_OF) {
        Ok(())
    } else {
        Err(AuthRejection::InsufficientScope)
    }
}

/// A request with a valid token (an application's or a user's) holding scopes `R`.
pub struct Token<R: RequiredScopes> {
    pub auth: Authenticated,
    _scopes: PhantomData<R>,
}

impl<R: RequiredScopes> FromRequestParts<AppState> for Token<R> {
    type Rejection = AuthRejection;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AuthRejection> {
        let auth = authenticate(parts, state).await?.ok_or(AuthRejection::InvalidToken)?;
        check_scopes::<R>(&auth)?;
        Ok(Self { auth, _scopes: PhantomData })
    }
}

/// A request made for a signed-in user, with scopes `R`.
pub struct User<R: RequiredScopes> {
    pub account_id: AccountId,
    pub auth: Authenticated,
    _scopes: PhantomData<R>,
}

impl<R: RequiredScopes> FromRequestParts<AppState> for User<R> {
    type Rejection = AuthRejection;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AuthRejection> {
        let auth = authenticate(parts, state).await?.ok_or(AuthRejection::InvalidToken)?;
        let account_id = auth.account_id.ok_or(AuthRejection::UserRequired)?;
        check_scopes::<R>(&auth)?;
        Ok(Self { account_id, auth, _scopes: PhantomData })
    }
}

/// Public endpoints: the signed-in user when a valid token was sent. A token that was sent but is
/// invalid is refused, as Mastodon does, so a client learns its token is gone.
pub struct MaybeUser(pub Option<AccountId>);

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = AuthRejection;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AuthRejection> {
        Ok(Self(authenticate(parts, state).await?.and_then(|a| a.account_id)))
    }
}

// ---- Pagination ------------------------------------------------------------------------------------

/// Mastodon's pagination parameters (`max_id`, `since_id`, `min_id`, `limit`) from the query
/// string; a limit is clamped to 1..=`max`, as Mastodon does rather than refusing.
#[derive(Debug, Clone)]
pub struct Pagination {
    pub page: PageRequest,
    /// The request's other query parameters (`local=true`, `types[]=mention`, …), urlencoded, kept
    /// in the `Link` header so that the next page lists the same thing.
    pub filters: String,
}

impl Pagination {
    pub const DEFAULT_LIMIT: u32 = 40;
    pub const MAX_LIMIT: u32 = 80;

    /// The `Link` header of a page whose entries have these cursors (newest first): `next` pages to
    /// older entries, `prev` to newer ones. `None` for an empty page (as Mastodon).
    fn link_header(&self, base_url: &str, path: &str, cursors: &[Id]) -> Option<HeaderValue> {
        let (first, last) = (cursors.first()?, cursors.last()?);
        let limit = self.page.limit;
        let filters = if self.filters.is_empty() { String::new() } else { format!("{}&", self.filters) };
        let value = format!(
            "<{base_url}{path}?{filters}limit={limit}&max_id={}>; rel=\"next\", <{base_url}{path}?{filters}limit={limit}&min_id={}>; rel=\"prev\"",
            last.0, first.0
        );
        HeaderValue::from_str(&value).ok()
    }

    /// The response for a page of the list at `path` (below `base_url`): its entries rendered in
    /// page order, and the `Link` header to the pages around it.
    pub fn respond<T, E: serde::Serialize>(
        &self,
        base_url: &str,
        path: &str,
        page: &[PageItem<T>],
        render: impl Fn(&T) -> E,
    ) -> Response {
        let cursors: Vec<Id> = page.iter().map(|p| p.cursor).collect();
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        if let Some(link) = self.link_header(base_url, path, &cursors) {
            headers.insert(header::LINK, link);
        }
        match json_array(page.iter().map(|p| render(&p.item))) {
            Ok(body) => (headers, body).into_response(),
            // As axum's `Json` answers an entity that does not serialise.
            Err(err) => (StatusCode::INTERNAL_SERVER_ERROR, err.to_string()).into_response(),
        }
    }
}

/// `entities` as one JSON array, each rendered and written in turn (not all held at once), into
/// a body sized after the first: a page of statuses is tens of kilobytes, and growing it by
/// doubling copied it over and over.
fn json_array<E: serde::Serialize>(
    entities: impl ExactSizeIterator<Item = E>,
) -> serde_json::Result<Vec<u8>> {
    let count = entities.len();
    let mut body = Vec::with_capacity(256);
    body.push(b'[');
    for (i, entity) in entities.enumerate() {
        if i > 0 {
            body.push(b',');
        }
        let start = body.len();
        serde_json::to_writer(&mut body, &entity)?;
        if i == 0 {
            body.reserve((body.len() - start + 1) * (count - 1) * 9 / 8 + 1);
        }
    }
    body.push(b']');
    Ok(body)
}

impl<S: Send + Sync> FromRequestParts<S> for Pagination {
    type Rejection = crate::error::ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let params = crate::params::Params::from_urlencoded(parts.uri.query().unwrap_or_default());
        let id = |key: &str| -> Result<Option<Id>, crate::error::ApiError> {
            match params.get(key) {
                None => Ok(None),
                Some(v) => v.parse::<i64>().map(|n| Some(Id(n))).map_err(|_| {
                    crate::error::ApiError::bad_request(format!(
                        "{key}: `{v}` is not an id (ids are decimal numbers)"
                    ))
                }),
            }
        };
        let limit = match params.get("limit") {
            None => Self::DEFAULT_LIMIT,
            Some(v) => v.parse::<u32>().map_err(|_| {
                crate::error::ApiError::bad_request(format!(
                    "limit: `{v}` is not a number (1 to {})",
                    Self::MAX_LIMIT
                ))
            })?,
        };
        let paging = ["max_id", "since_id", "min_id", "limit"];
        let filters = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(
                url::form_urlencoded::parse(parts.uri.query().unwrap_or_default().as_bytes())
                    .filter(|(key, _)| !paging.contains(&key.as_ref())),
            )
            .finish();
        Ok(Self {
            filters,
            page: PageRequest {
                max_id: id("max_id")?,
                since_id: id("since_id")?,
                min_id: id("min_id")?,
                limit: limit.clamp(1, Self::MAX_LIMIT),
            },
        })
    }
}
