//! What the client gets when the crypto pool refuses work (every worker busy, queue full): 429
//! Too Many Requests with `Retry-After`, never a 5xx, since nothing is broken and a retry in a
//! second will likely succeed. A job that crashed is ours: 500, logged.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use plero_core::crypto::{PoolError, RETRY_AFTER_SECS};

use crate::error::ApiError;
use crate::forms::message_page;

/// What a refused client is told (Mastodon's rack-attack says "Too many requests").
const MESSAGE: &str = "Too many requests: the server is busy signing people in, try again in a second";

/// The API's answer (Mastodon's `{"error": "..."}`).
pub fn json(err: PoolError) -> Response {
    match err {
        PoolError::Busy => {
            with_retry_after(ApiError::new(StatusCode::TOO_MANY_REQUESTS, MESSAGE).into_response())
        }
        PoolError::Crashed => {
            tracing::error!(error = %err, "crypto job failed");
            ApiError::internal().into_response()
        }
    }
}

/// The HTML forms' answer (sign-in, invite and password-reset pages).
pub fn page(err: PoolError) -> Response {
    match err {
        PoolError::Busy => with_retry_after(message_page(
            StatusCode::TOO_MANY_REQUESTS,
            "Too many requests",
            "The server is busy signing people in: go back and send the form again in a second.",
        )),
        PoolError::Crashed => {
            tracing::error!(error = %err, "crypto job failed");
            message_page(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong",
                "Something went wrong on our side; please try again.",
            )
        }
    }
}

fn with_retry_after(mut response: Response) -> Response {
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn busy_is_429_with_retry_after_and_mastodon_s_error_body() {
        let response = json(PoolError::Busy);
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers()[header::RETRY_AFTER], "1");
        let body = axum::body::to_bytes(response.into_body(), 1 << 16).await.unwrap();
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert!(body["error"].as_str().unwrap().starts_with("Too many requests"), "{body}");
    }

    #[test]
    fn a_crashed_job_is_a_server_error() {
        assert_eq!(json(PoolError::Crashed).status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(page(PoolError::Crashed).status(), StatusCode::INTERNAL_SERVER_ERROR);
    }
}
