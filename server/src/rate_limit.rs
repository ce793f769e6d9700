//! The `[rate_limits]` limits over HTTP: the API budget as a layer over `/api/` (per account with a
//! user's token, per client address otherwise), the per-endpoint limits as [`check`] calls in
//! their handlers (sign-in depends on the form's grant or step), and Mastodon's answer past a
//! limit: 429 with `Retry-After` and `X-RateLimit-Limit`, `-Remaining`, `-Reset`.

use axum::Json;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{SecondsFormat, Utc};
use plero_core::auth::service::Authenticated;
use plero_core::limits::{Budget, Counted, Limited, Rule};

use crate::app::AppState;
use crate::client::ClientAddr;
use crate::extract::{BearerLookup, lookup_bearer};
use crate::forms::message_page;

const LIMIT: HeaderName = HeaderName::from_static("x-ratelimit-limit");
const REMAINING: HeaderName = HeaderName::from_static("x-ratelimit-remaining");
const RESET: HeaderName = HeaderName::from_static("x-ratelimit-reset");

/// A request refused for going over a limit.
#[derive(Debug)]
pub struct TooManyRequests(pub Limited);

impl TooManyRequests {
    /// The answer for a browser form: the same status and headers on an HTML page.
    pub fn page(&self) -> Response {
        let minutes = self.0.retry_after.as_secs().div_ceil(60).max(1);
        let mut response = message_page(
            StatusCode::TOO_MANY_REQUESTS,
            "Too many requests",
            &format!("Too many attempts from your address: try again in {minutes} minute(s)."),
        );
        self.headers(response.headers_mut());
        response
    }

    fn headers(&self, headers: &mut HeaderMap) {
        budget_headers(headers, &self.0.budget);
        headers.insert(header::RETRY_AFTER, HeaderValue::from(self.0.retry_after.as_secs()));
    }
}

impl IntoResponse for TooManyRequests {
    fn into_response(self) -> Response {
        // Mastodon's body for every throttled request.
        let mut response =
            (StatusCode::TOO_MANY_REQUESTS, Json(serde_json::json!({"error": "Too many requests"})))
                .into_response();
        self.headers(response.headers_mut());
        response
    }
}

/// Mastodon's budget headers; the reset time in ISO 8601, as Mastodon writes it.
fn budget_headers(headers: &mut HeaderMap, budget: &Budget) {
    headers.insert(LIMIT, HeaderValue::from(budget.limit));
    headers.insert(REMAINING, HeaderValue::from(budget.remaining));
    let reset = budget.reset.to_rfc3339_opts(SecondsFormat::Micros, true);
    headers.insert(RESET, HeaderValue::from_str(&reset).expect("a timestamp is a header value"));
}

/// Counts a request from `client` under `rule` (an endpoint's own limit).
pub fn check(state: &AppState, rule: Rule, client: ClientAddr) -> Result<(), TooManyRequests> {
    state
        .rate_limits
        .hit(rule, Counted::Client(client.net()), Utc::now())
        .map(|_| ())
        .map_err(TooManyRequests)
}

/// The API budget, around every `/api/` route: a user's token counts against its account,
/// anything else against the client's address. The token is looked up here once and handed to
/// the auth extractors; the budget goes on the response, as Mastodon sends it.
pub async fn api_budget(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let lookup = lookup_bearer(request.headers(), &state).await;
    let counted = match &lookup {
        Ok(Some(Authenticated { account_id: Some(account), .. })) => {
            (Rule::AuthenticatedApi, Counted::Account(*account))
        }
        _ => {
            let client = request.extensions().get::<ClientAddr>().copied();
            let net = client.unwrap_or(ClientAddr(std::net::Ipv4Addr::UNSPECIFIED.into())).net();
            (Rule::UnauthenticatedApi, Counted::Client(net))
        }
    };
    request.extensions_mut().insert(BearerLookup(lookup));
    match state.rate_limits.hit(counted.0, counted.1, Utc::now()) {
        Err(limited) => TooManyRequests(limited).into_response(),
        Ok(budget) => {
            let mut response = next.run(request).await;
            // An endpoint's own refusal carries its own (tighter) budget.
            if let Some(budget) = budget
                && !response.headers().contains_key(REMAINING)
            {
                budget_headers(response.headers_mut(), &budget);
            }
            response
        }
    }
}
