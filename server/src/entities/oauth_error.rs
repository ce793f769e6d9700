//! The JSON error body of the OAuth endpoints: RFC 6749's `error` and `error_description`, which
//! Mastodon's `Error` entity shares.

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct OAuthErrorBody {
    pub error: String,
    pub error_description: String,
}
