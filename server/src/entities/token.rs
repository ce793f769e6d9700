//! Mastodon's `Token`: the `POST /oauth/token` response.

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Token {
    pub access_token: String,
    pub token_type: &'static str,
    /// The granted scopes, space-separated.
    pub scope: String,
    /// Unix seconds.
    pub created_at: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}
