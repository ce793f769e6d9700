//! `POST /api/v1/apps` and `GET /api/v1/apps/verify_credentials`.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};

use plero_core::auth::NewApp;
use plero_core::auth::service::{self, AuthError};
use plero_core::limits::Rule;
use plero_core::store::oauth::OAuthApp;

use crate::app::AppState;
use crate::client::ClientAddr;
use crate::entities::{Application, CredentialApplication};
use crate::error::ApiError;
use crate::extract::{Token, scopes};
use crate::params::Params;
use crate::rate_limit;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/apps", post(create))
        .route("/api/v1/apps/verify_credentials", get(verify_credentials))
}

/// Renders an application as Mastodon shows it.
pub fn application(app: &OAuthApp, vapid_key: &str) -> Application {
    let redirect_uris: Vec<String> = app.redirect_uris.split_whitespace().map(str::to_string).collect();
    Application {
        id: app.id.to_string(),
        name: app.name.clone(),
        website: app.website.clone(),
        scopes: app.scopes.split_whitespace().map(str::to_string).collect(),
        redirect_uri: redirect_uris.join("\n"),
        redirect_uris,
        vapid_key: vapid_key.to_string(),
    }
}

async fn create(
    State(state): State<AppState>,
    client: ClientAddr,
    params: Params,
) -> Result<Response, ApiError> {
    if let Err(limited) = rate_limit::check(&state, Rule::AppRegistration, client) {
        return Ok(limited.into_response());
    }
    let new = NewApp::validate(
        params.get("client_name"),
        params.all("redirect_uris"),
        params.joined("scopes").as_deref(),
        params.get("website"),
    )
    .map_err(|e| ApiError::unprocessable(e.description()))?;
    let registered = service::register_app(&state.store, new).await.map_err(auth_error)?;
    Ok(Json(CredentialApplication {
        application: application(&registered.app, &state.config.security.vapid_public_key),
        client_id: registered.app.client_id.clone(),
        client_secret: registered.client_secret.expose().to_string(),
        client_secret_expires_at: 0,
    })
    .into_response())
}

async fn verify_credentials(
    State(state): State<AppState>,
    token: Token<scopes::AnyScope>,
) -> Result<Json<Application>, ApiError> {
    let app_id = token.auth.app_id.ok_or_else(ApiError::not_found)?;
    let app = state.store.find_app(app_id).await?.ok_or_else(ApiError::not_found)?;
    Ok(Json(application(&app, &state.config.security.vapid_public_key)))
}

fn auth_error(err: AuthError) -> ApiError {
    match err {
        AuthError::OAuth(e) => ApiError::unprocessable(e.description()),
        AuthError::Store(e) => e.into(),
        // Registering an app hashes nothing with the pool.
        AuthError::Pool(e) => ApiError::failed(e),
        other => ApiError::unprocessable(other.to_string()),
    }
}
