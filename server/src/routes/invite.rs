//! The invite sign-up page: `GET /invite/{code}` (the link `pleroctl user invite` prints) shows a
//! sign-up form; posting it registers the user through the same sign-up service as
//! `POST /api/v1/accounts`. An invite admits whatever `instance.registrations` says.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use plero_core::accounts::RegistrationError;
use plero_core::accounts::signup::{self, SignUp, SignUpError};
use plero_core::limits::Rule;

use crate::app::AppState;
use crate::client::ClientAddr;
use crate::error::capitalized;
use crate::forms::{FormSession, html_page, message_page, store_failed_page};
use crate::pages::invite as pages;
use crate::params::Params;
use crate::rate_limit;

pub fn routes() -> Router<AppState> {
    Router::new().route("/invite/{code}", get(show).post(submit))
}

async fn show(State(state): State<AppState>, Path(code): Path<String>, headers: HeaderMap) -> Response {
    if let Err(err) = signup::usable_invite(&state.store, &code).await {
        return failed(err);
    }
    let session = FormSession::for_page(&state.config, &headers);
    let typed = pages::Typed::default();
    let markup =
        pages::sign_up_form(state.config.instance.title(), &code, &typed, &session.csrf_token(), None);
    session.page(&state.config, StatusCode::OK, markup)
}

async fn submit(
    State(state): State<AppState>,
    Path(code): Path<String>,
    client: ClientAddr,
    headers: HeaderMap,
    form: Params,
) -> Response {
    if let Err(limited) = rate_limit::check(&state, Rule::SignUp, client) {
        return limited.page();
    }
    let session = match FormSession::for_post(&state.config, &headers, form.get("csrf_token")) {
        Ok(session) => session,
        Err(refused) => return refused.into_response(),
    };
    if let Err(err) = signup::usable_invite(&state.store, &code).await {
        return failed(err);
    }
    let username = form.get("username").unwrap_or_default();
    let email = form.get("email").unwrap_or_default();
    let again = |error: &str| {
        let typed = pages::Typed { username, email };
        let instance = state.config.instance.title();
        let markup = pages::sign_up_form(instance, &code, &typed, &session.csrf_token(), Some(error));
        session.page(&state.config, StatusCode::UNPROCESSABLE_ENTITY, markup)
    };
    let password = form.raw("password").unwrap_or_default();
    if form.raw("password_confirmation").unwrap_or_default() != password {
        return again("The two passwords differ: type the same password in both fields.");
    }
    let sign_up = SignUp {
        username: username.to_string(),
        email: email.to_string(),
        password: password.into(),
        agreement: form.get("agreement").is_some(),
        locale: None,
        invite_code: Some(code.clone()),
    };
    match signup::sign_up(&state.store, &state.config, sign_up).await {
        Ok(user) => {
            let domain = &state.config.instance.domain;
            let acct = format!("{}@{domain}", user.account.nickname);
            html_page(StatusCode::OK, pages::welcome(state.config.instance.title(), &acct, domain))
        }
        Err(err @ SignUpError::Registration(RegistrationError::InviteNotUsable)) => failed(err),
        Err(SignUpError::Registration(RegistrationError::Store(e))) => store_failed_page(e),
        Err(SignUpError::Registration(RegistrationError::Keys(e))) => store_failed_page(e),
        Err(SignUpError::Registration(RegistrationError::Pool(e))) => crate::busy::page(e),
        Err(err) => again(&format!("{}.", capitalized(&err.to_string()))),
    }
}

fn failed(err: SignUpError) -> Response {
    match err {
        SignUpError::Registration(RegistrationError::Store(e)) => store_failed_page(e),
        other => message_page(
            StatusCode::NOT_FOUND,
            "Invite not valid",
            &format!("{}.", capitalized(&other.to_string())),
        ),
    }
}
