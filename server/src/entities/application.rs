//! Mastodon's `Application` and `CredentialApplication`.

use serde::Serialize;

/// An application as `GET /api/v1/apps/verify_credentials` and statuses show it.
#[derive(Debug, Clone, Serialize)]
pub struct Application {
    pub id: String,
    pub name: String,
    pub website: Option<String>,
    pub scopes: Vec<String>,
    /// Newline-separated, as Mastodon keeps it.
    pub redirect_uri: String,
    pub redirect_uris: Vec<String>,
    pub vapid_key: String,
}

/// The application with its credentials: only `POST /api/v1/apps` returns this.
#[derive(Debug, Clone, Serialize)]
pub struct CredentialApplication {
    #[serde(flatten)]
    pub application: Application,
    pub client_id: String,
    pub client_secret: String,
    /// 0: client secrets do not expire.
    pub client_secret_expires_at: i64,
}
