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

impl Token {
    /// The response for a freshly issued token: the only time its secrets are shown.
    pub fn from_issued(issued: plero_core::auth::service::IssuedToken) -> Self {
        Self {
            access_token: issued.access_token.expose().to_string(),
            token_type: "Bearer",
            scope: issued.scopes.to_string(),
            created_at: issued.token.created_at.timestamp(),
            refresh_token: issued.refresh_token.map(|t| t.expose().to_string()),
        }
    }
}
