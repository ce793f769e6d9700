//! The OAuth 2 endpoints: the authorize pages (sign-in, then consent), `/oauth/token` with its four
//! grants, and `/oauth/revoke`. Logic lives in `plero_core::auth`; this file speaks HTTP and HTML.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;

use plero_core::auth::request::redirect_with;
use plero_core::auth::service::{self, AuthError};
use plero_core::auth::{AuthorizeParams, AuthorizeRequest, OAuthError, OOB_REDIRECT_URI, RedirectUris};
use plero_core::limits::Rule;
use plero_core::model::AccountId;
use plero_core::store::oauth::OAuthApp;

use crate::app::AppState;
use crate::client::ClientAddr;
use crate::entities::{OAuthErrorBody, Token};
use crate::error::capitalized;
use crate::forms::{FormSession, html_page, message_page, now, store_failed_page};
use crate::pages::oauth as pages;
use crate::params::Params;
use crate::rate_limit;

/// How long a user has between signing in and answering the consent page.
const CONSENT_TTL_SECS: i64 = 10 * 60;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/oauth/authorize", get(authorize_page).post(authorize_form))
        .route("/oauth/token", post(token))
        .route("/oauth/revoke", post(revoke))
}

// ---- authorize pages ----------------------------------------------------------------------------

fn authorize_params(params: &Params) -> AuthorizeParams {
    let get = |key: &str| params.get(key).map(str::to_string);
    AuthorizeParams {
        response_type: get("response_type"),
        client_id: get("client_id"),
        redirect_uri: get("redirect_uri"),
        scope: get("scope"),
        state: get("state"),
        code_challenge: get("code_challenge"),
        code_challenge_method: get("code_challenge_method"),
    }
}

fn error_page(status: StatusCode, message: &str) -> Response {
    message_page(status, "Authorization failed", message)
}

/// The application and the validated request, or the error page to show (never a redirect: until
/// the client and its redirect URI are known good, redirecting would make us an open redirector).
async fn checked_request(
    state: &AppState,
    params: &AuthorizeParams,
) -> Result<(OAuthApp, AuthorizeRequest), Response> {
    let app = match service::find_client(&state.store, params.client_id.as_deref()).await {
        Ok(app) => app,
        Err(AuthError::Store(e)) => return Err(store_failed_page(e)),
        Err(_) => {
            return Err(error_page(
                StatusCode::BAD_REQUEST,
                "Unknown application (client_id): the application that sent you here is not registered on this server.",
            ));
        }
    };
    let registered_scopes = app.scopes().map_err(|e| store_failed_page(format!("app {}: {e}", app.id)))?;
    let registered_uris = RedirectUris::from_stored(&app.redirect_uris);
    // Until the redirect URI is known to be the app's, errors are shown here, never redirected.
    let redirect_uri = registered_uris
        .resolve(params.redirect_uri.as_deref())
        .map_err(|e| error_page(StatusCode::BAD_REQUEST, &capitalized(&e.description())))?;
    let request = AuthorizeRequest::validate(params, &registered_uris, &registered_scopes).map_err(|e| {
        // RFC 6749 §4.1.2.1: other errors go back to the app, which can tell its user.
        let description = e.description();
        let mut query = vec![("error", e.code()), ("error_description", description.as_str())];
        if let Some(state) = params.state.as_deref() {
            query.push(("state", state));
        }
        match redirect_with(&redirect_uri, &query) {
            Some(url) => Redirect::to(&url).into_response(),
            None => error_page(StatusCode::BAD_REQUEST, &capitalized(&e.description())),
        }
    })?;
    Ok((app, request))
}

async fn authorize_page(State(state): State<AppState>, headers: HeaderMap, params: Params) -> Response {
    let params = authorize_params(&params);
    let (app, request) = match checked_request(&state, &params).await {
        Ok(checked) => checked,
        Err(response) => return response,
    };
    let session = FormSession::for_page(&state.config, &headers);
    let csrf_token = session.csrf_token();
    let form = pages::FormState { params: &params, csrf_token: &csrf_token };
    let markup = pages::sign_in(&app.name, state.config.instance.title(), &request.scopes, &form, None);
    session.page(&state.config, StatusCode::OK, markup)
}

/// What the consent page's ticket proves: this browser signed in as this account for this client.
fn ticket_payload(account_id: AccountId, nonce: &str, client_id: &str) -> String {
    format!("{account_id}:{nonce}:{client_id}")
}

async fn authorize_form(
    State(state): State<AppState>,
    client: ClientAddr,
    headers: HeaderMap,
    form: Params,
) -> Response {
    if form.get("step") == Some("sign_in")
        && let Err(limited) = rate_limit::check(&state, Rule::SignIn, client)
    {
        return limited.page();
    }
    let params = authorize_params(&form);
    let session = match FormSession::for_post(&state.config, &headers, form.get("csrf_token")) {
        Ok(session) => session,
        Err(refused) => return refused.into_response(),
    };
    let (signer, nonce) = (session.signer(), session.nonce());
    let (app, request) = match checked_request(&state, &params).await {
        Ok(checked) => checked,
        Err(response) => return response,
    };
    let csrf_token = session.csrf_token();
    let form_state = pages::FormState { params: &params, csrf_token: &csrf_token };
    match form.get("step") {
        Some("sign_in") => {
            let username = form.get("username").unwrap_or_default();
            let password = form.raw("password").unwrap_or_default();
            match service::sign_in(&state.store, &state.login_throttle, client.net(), username, password)
                .await
            {
                Ok(user) => {
                    let ticket = signer.sign(
                        "consent",
                        &ticket_payload(user.account.id, nonce, &app.client_id),
                        now() + CONSENT_TTL_SECS,
                    );
                    html_page(
                        StatusCode::OK,
                        pages::consent(
                            &app.name,
                            &user.account.acct(),
                            &request.scopes,
                            &form_state,
                            &ticket,
                        ),
                    )
                }
                Err(AuthError::Store(e)) => store_failed_page(e),
                Err(AuthError::Pool(e)) => crate::busy::page(e),
                Err(err) => {
                    let (status, message) = match &err {
                        AuthError::OAuth(e) => (StatusCode::UNAUTHORIZED, capitalized(&e.description())),
                        AuthError::LockedOut { .. } => {
                            (StatusCode::TOO_MANY_REQUESTS, capitalized(&err.to_string()))
                        }
                        _ => (StatusCode::FORBIDDEN, err.to_string()),
                    };
                    let instance = state.config.instance.title();
                    let message = format!("{message}.");
                    let markup =
                        pages::sign_in(&app.name, instance, &request.scopes, &form_state, Some(&message));
                    let mut response = html_page(status, markup);
                    if let AuthError::LockedOut { retry_after } = err {
                        response
                            .headers_mut()
                            .insert(header::RETRY_AFTER, HeaderValue::from(retry_after.as_secs()));
                    }
                    response
                }
            }
        }
        Some(step @ ("approve" | "deny")) => {
            let account_id = match signer.verify("consent", form.get("ticket").unwrap_or_default(), now()) {
                Ok(payload) => {
                    let mut parts = payload.splitn(3, ':');
                    let (id, ticket_nonce, client) = (parts.next(), parts.next(), parts.next());
                    match id.and_then(|id| id.parse::<AccountId>().ok()) {
                        Some(id) if ticket_nonce == Some(nonce) && client == Some(app.client_id.as_str()) => {
                            id
                        }
                        _ => {
                            return error_page(
                                StatusCode::FORBIDDEN,
                                "This consent form is not for this browser session; sign in again.",
                            );
                        }
                    }
                }
                Err(e) => return error_page(StatusCode::FORBIDDEN, &format!("{e} (sign in again)")),
            };
            if step == "deny" {
                let mut query =
                    vec![("error", "access_denied"), ("error_description", "The user denied the request")];
                if let Some(s) = request.state.as_deref() {
                    query.push(("state", s));
                }
                return match redirect_with(&request.redirect_uri, &query) {
                    Some(url) => Redirect::to(&url).into_response(),
                    None => error_page(StatusCode::OK, "You denied the application access to your account."),
                };
            }
            match service::grant_code(&state.store, &app, account_id, &request).await {
                Ok(code) => {
                    if request.redirect_uri == OOB_REDIRECT_URI {
                        return html_page(StatusCode::OK, pages::show_code(&app.name, code.expose()));
                    }
                    let mut query = vec![("code", code.expose())];
                    if let Some(s) = request.state.as_deref() {
                        query.push(("state", s));
                    }
                    match redirect_with(&request.redirect_uri, &query) {
                        Some(url) => Redirect::to(&url).into_response(),
                        None => {
                            store_failed_page(format!("unparsable stored redirect URI of app {}", app.id))
                        }
                    }
                }
                Err(AuthError::Store(e)) => store_failed_page(e),
                Err(AuthError::OAuth(e)) => {
                    error_page(StatusCode::BAD_REQUEST, &capitalized(&e.description()))
                }
                Err(e) => error_page(StatusCode::FORBIDDEN, &e.to_string()),
            }
        }
        _ => error_page(StatusCode::BAD_REQUEST, "The form is missing its step; reload the sign-in page."),
    }
}

// ---- token endpoint -----------------------------------------------------------------------------

/// An RFC 6749 error response of the token and revoke endpoints.
struct OAuthFailure(AuthError);

impl IntoResponse for OAuthFailure {
    fn into_response(self) -> Response {
        let refusal = |status: StatusCode, description: String| {
            let body = OAuthErrorBody { error: "invalid_grant".into(), error_description: description };
            (status, no_store(), Json(body)).into_response()
        };
        match self.0 {
            err @ AuthError::LockedOut { .. } => {
                let AuthError::LockedOut { retry_after } = err else { unreachable!() };
                let mut response = refusal(StatusCode::TOO_MANY_REQUESTS, err.to_string());
                response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after.as_secs()));
                response
            }
            // The credentials were right: 403 with Mastodon's text, so apps tell their user why.
            AuthError::Refused(refusal_reason) => refusal(StatusCode::FORBIDDEN, refusal_reason.to_string()),
            AuthError::OAuth(err) => {
                let status = match err {
                    OAuthError::InvalidClient => StatusCode::UNAUTHORIZED,
                    OAuthError::UnauthorizedClient(_) | OAuthError::AccessDenied => StatusCode::FORBIDDEN,
                    _ => StatusCode::BAD_REQUEST,
                };
                let body =
                    OAuthErrorBody { error: err.code().to_string(), error_description: err.description() };
                (status, no_store(), Json(body)).into_response()
            }
            AuthError::Store(err) => {
                tracing::error!(error = %err, "store failed");
                (StatusCode::INTERNAL_SERVER_ERROR, Json(serde_json::json!({"error": "server_error"})))
                    .into_response()
            }
            AuthError::Pool(err) => crate::busy::json(err),
        }
    }
}

impl From<AuthError> for OAuthFailure {
    fn from(err: AuthError) -> Self {
        Self(err)
    }
}

fn no_store() -> [(header::HeaderName, HeaderValue); 2] {
    [
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        (header::PRAGMA, HeaderValue::from_static("no-cache")),
    ]
}

/// The client's id and secret: from HTTP Basic authentication (`client_secret_basic`) when sent,
/// otherwise from the body (`client_secret_post`), the two methods the metadata document lists.
fn client_credentials_of(headers: &HeaderMap, params: &Params) -> (Option<String>, Option<String>) {
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' ').filter(|(scheme, _)| scheme.eq_ignore_ascii_case("basic")))
        .and_then(|(_, encoded)| BASE64.decode(encoded.trim()).ok())
        .and_then(|bytes| String::from_utf8(bytes).ok());
    if let Some((id, secret)) = basic.as_deref().and_then(|b| b.split_once(':')) {
        // RFC 6749 §2.3.1: both parts are form-urlencoded before they are joined.
        let decode = |s: &str| {
            url::form_urlencoded::parse(format!("v={s}").as_bytes()).next().map(|(_, v)| v.into_owned())
        };
        return (decode(id), decode(secret));
    }
    (params.get("client_id").map(str::to_string), params.raw("client_secret").map(str::to_string))
}

async fn token(
    State(state): State<AppState>,
    client: ClientAddr,
    headers: HeaderMap,
    params: Params,
) -> Result<Response, OAuthFailure> {
    if params.get("grant_type") == Some("password")
        && let Err(limited) = rate_limit::check(&state, Rule::SignIn, client)
    {
        return Ok(limited.into_response());
    }
    let store = &state.store;
    let (client_id, client_secret) = client_credentials_of(&headers, &params);
    let app = service::authenticate_client(store, client_id.as_deref(), client_secret.as_deref()).await?;
    let scope = params.joined("scope");
    let scope = scope.as_deref();
    let issued = match params.get("grant_type") {
        Some("authorization_code") => {
            service::exchange_code(
                store,
                &app,
                params.get("code"),
                params.get("redirect_uri"),
                params.get("code_verifier"),
            )
            .await?
        }
        Some("password") => {
            service::password_grant(
                store,
                &state.login_throttle,
                client.net(),
                &app,
                params.get("username"),
                params.raw("password"),
                scope,
            )
            .await?
        }
        Some("client_credentials") => service::client_credentials(store, &app, scope).await?,
        Some("refresh_token") => service::refresh(store, &app, params.get("refresh_token"), scope).await?,
        Some(other) => {
            return Err(AuthError::from(OAuthError::UnsupportedGrantType(other.to_string())).into());
        }
        None => {
            return Err(AuthError::from(OAuthError::InvalidRequest("grant_type is required".into())).into());
        }
    };
    Ok((no_store(), Json(Token::from_issued(issued))).into_response())
}

async fn revoke(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Params,
) -> Result<Response, OAuthFailure> {
    let (client_id, client_secret) = client_credentials_of(&headers, &params);
    let app =
        service::authenticate_client(&state.store, client_id.as_deref(), client_secret.as_deref()).await?;
    service::revoke(&state.store, &app, params.get("token")).await?;
    Ok(Json(serde_json::json!({})).into_response())
}
