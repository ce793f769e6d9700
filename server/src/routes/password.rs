//! The password-reset page: `GET /auth/password/edit?reset_password_token=…` (the link
//! `pleroctl user reset-password NICK` prints) shows a form; `POST /auth/password` sets the new
//! password and signs the user out of every app. Logic in `plero_core::accounts::manage`.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use plero_core::accounts::manage::{self, ManageError};
use plero_core::limits::Rule;

use crate::app::AppState;
use crate::client::ClientAddr;
use crate::error::capitalized;
use crate::forms::{FormSession, message_page, store_failed_page};
use crate::pages::password as pages;
use crate::params::Params;
use crate::rate_limit;

pub fn routes() -> Router<AppState> {
    Router::new().route("/auth/password/edit", get(edit)).route(pages::ACTION, post(update))
}

async fn edit(State(state): State<AppState>, headers: HeaderMap, params: Params) -> Response {
    let token = params.get("reset_password_token").unwrap_or_default();
    let user = match manage::password_reset_user(&state.store, token).await {
        Ok(user) => user,
        Err(err) => return failed(err),
    };
    let session = FormSession::for_page(&state.config, &headers);
    let markup = pages::reset_form(&user.account.nickname, token, &session.csrf_token(), None);
    session.page(&state.config, StatusCode::OK, markup)
}

async fn update(
    State(state): State<AppState>,
    client: ClientAddr,
    headers: HeaderMap,
    form: Params,
) -> Response {
    if let Err(limited) = rate_limit::check(&state, Rule::PasswordReset, client) {
        return limited.page();
    }
    let session = match FormSession::for_post(&state.config, &headers, form.get("csrf_token")) {
        Ok(session) => session,
        Err(refused) => return refused.into_response(),
    };
    let token = form.get("reset_password_token").unwrap_or_default();
    // Checked before hashing anything: a bogus token costs no Argon2 run.
    let user = match manage::password_reset_user(&state.store, token).await {
        Ok(user) => user,
        Err(err) => return failed(err),
    };
    let again = |error: &str| {
        let markup = pages::reset_form(&user.account.nickname, token, &session.csrf_token(), Some(error));
        session.page(&state.config, StatusCode::UNPROCESSABLE_ENTITY, markup)
    };
    let password = form.raw("password").unwrap_or_default();
    if form.raw("password_confirmation").unwrap_or_default() != password {
        return again("The two passwords differ: type the same new password in both fields.");
    }
    match manage::redeem_password_reset(&state.store, token, password).await {
        Ok(_) => message_page(
            StatusCode::OK,
            "Password changed",
            "Your password was changed and every app was signed out: sign in again with the new password.",
        ),
        Err(ManageError::Password(err)) => again(&format!("{}.", capitalized(&err.to_string()))),
        Err(ManageError::Pool(err)) => crate::busy::page(err),
        Err(err) => failed(err),
    }
}

fn failed(err: ManageError) -> Response {
    match err {
        ManageError::ResetTokenInvalid => message_page(
            StatusCode::NOT_FOUND,
            "Password-reset link not valid",
            &format!("{}.", capitalized(&err.to_string())),
        ),
        other => store_failed_page(other),
    }
}
