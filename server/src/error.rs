//! Errors of the HTTP API in Mastodon's shape: a status and `{"error": "..."}`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use plero_core::store::{Conflict, StoreError};
use serde::Serialize;

/// An error a handler returns; the message is shown to the client, so it never holds secrets or
/// internals (those are logged where the error is made).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

#[derive(Serialize)]
struct Body<'a> {
    error: &'a str,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self { status, message: message.into() }
    }

    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "Record not found")
    }

    /// 404 with Mastodon's message for a specific record (`The post you are trying to reply to …`).
    pub fn not_found_because(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, message)
    }

    pub fn unprocessable(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, message)
    }

    /// A failure of ours without a cause to log (log it where it happens); see [`ApiError::failed`].
    pub fn internal() -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "Internal server error")
    }

    /// A failure of ours: the cause is logged (with the request's id, from its span) and the client
    /// is told only that something went wrong.
    pub fn failed(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "store failed");
        Self::internal()
    }
}

/// `?` on the store: a conflict is the request's (Mastodon answers a record deleted meanwhile
/// with 404 and a duplicate with 422, never 500); any other store failure is ours, so it answers
/// 500 and logs the cause.
impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Conflict(Conflict::ReferenceGone) => Self::not_found(),
            StoreError::Conflict(conflict) => {
                // The constraint's name is no secret but means nothing to a client: log it, and
                // say only what was duplicated when a use case did not name it already.
                tracing::info!(%conflict, "request conflicts with stored data");
                Self::unprocessable(match conflict {
                    Conflict::Unique(_) | Conflict::Check(_) => "Duplicate record".to_string(),
                    known => format!("Validation failed: {}", capitalized(&known.to_string())),
                })
            }
            other => Self::failed(other),
        }
    }
}

/// The typed id (`AccountId`, …) in a path. Anything that is not one names no record: 404, as
/// Mastodon answers for an unknown id.
pub fn parse_id<T: std::str::FromStr>(id: &str) -> Result<T, ApiError> {
    id.parse().map_err(|_| ApiError::not_found())
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(Body { error: &self.message })).into_response()
    }
}

/// `s` with its first letter upper-cased: core's messages are clauses, shown as sentences.
pub fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conflicts_are_the_clients_and_say_what_not_which_constraint() {
        let taken = ApiError::from(StoreError::Conflict(Conflict::NicknameTaken));
        assert_eq!(taken, ApiError::unprocessable("Validation failed: The nickname is already taken"));
        let other =
            ApiError::from(StoreError::Conflict(Conflict::Unique("oauth_tokens_token_hash_key".into())));
        assert_eq!(other, ApiError::unprocessable("Duplicate record"));
        assert_eq!(ApiError::from(StoreError::Conflict(Conflict::ReferenceGone)), ApiError::not_found());
        let failed = ApiError::from(StoreError::NoIdNode);
        assert_eq!(failed.status, StatusCode::INTERNAL_SERVER_ERROR);
    }
}
