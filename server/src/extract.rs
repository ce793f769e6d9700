//! Extractors handlers share: request ids (and, from the OAuth half, tokens and scopes).

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::app::REQUEST_ID_HEADER;

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
