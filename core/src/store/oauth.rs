//! OAuth applications, authorization codes and tokens. Every secret is stored as its SHA-256
//! ([`SecretHash`]); the secrets themselves are only ever shown to the client once.
//!
//! Pattern for new methods: SQL with `$n` placeholders shared by both backends, run through
//! `on_pool!` (or `in_transaction!`), rows decoded into the `FromRow` structs below, times from
//! `model::time::now()`.

use serde::Serialize;

use super::{Store, StoreError, in_transaction, on_pool};
use crate::auth::{ScopeError, Scopes, SecretHash};
use crate::model::time::{now, truncate};
use crate::model::{AccountId, AppId, AuthorizationId, Timestamp, TokenId};

/// Revokes the live tokens of account `$1` at `$2`: one statement for every path that signs a user
/// out (sign-out, password change, password reset), run in the caller's transaction.
pub(crate) const REVOKE_ACCOUNT_TOKENS: &str =
    "UPDATE oauth_tokens SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL";
/// Marks the unused authorization codes of account `$1` used at `$2`, run with
/// [`REVOKE_ACCOUNT_TOKENS`]: a code granted before a sign-out must not mint a token after it.
pub(crate) const VOID_ACCOUNT_CODES: &str =
    "UPDATE oauth_authorizations SET used_at = $2 WHERE account_id = $1 AND used_at IS NULL";

/// A registered OAuth application (`POST /api/v1/apps`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct OAuthApp {
    pub id: AppId,
    pub name: String,
    pub website: Option<String>,
    /// Newline-separated, as registered.
    pub redirect_uris: String,
    /// Space-separated.
    pub scopes: String,
    pub client_id: String,
    #[serde(skip)]
    pub client_secret_hash: String,
    pub owner_account_id: Option<AccountId>,
    pub created_at: Timestamp,
}

impl OAuthApp {
    pub fn scopes(&self) -> Result<Scopes, ScopeError> {
        Scopes::parse(&self.scopes)
    }

    /// Constant-time check of a presented client secret.
    pub fn secret_matches(&self, presented: &str) -> bool {
        SecretHash::from_stored(self.client_secret_hash.clone()).matches(presented)
    }
}

/// What registering an application stores.
#[derive(Debug, Clone)]
pub struct NewOAuthApp {
    pub name: String,
    pub website: Option<String>,
    pub redirect_uris: String,
    pub scopes: Scopes,
    pub client_id: String,
    pub client_secret_hash: SecretHash,
    pub owner_account_id: Option<AccountId>,
}

/// An authorization code granted on the consent page, single use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Authorization {
    pub id: AuthorizationId,
    pub app_id: AppId,
    pub account_id: AccountId,
    #[serde(skip)]
    pub code_hash: String,
    pub redirect_uri: String,
    pub scopes: String,
    /// PKCE S256 challenge, when the client sent one.
    pub code_challenge: Option<String>,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub used_at: Option<Timestamp>,
}

impl Authorization {
    pub fn scopes(&self) -> Result<Scopes, ScopeError> {
        Scopes::parse(&self.scopes)
    }
}

#[derive(Debug, Clone)]
pub struct NewAuthorization {
    pub app_id: AppId,
    pub account_id: AccountId,
    pub code_hash: SecretHash,
    pub redirect_uri: String,
    pub scopes: Scopes,
    pub code_challenge: Option<String>,
    pub expires_at: Timestamp,
}

/// An access token (and its refresh token), stored hashed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Token {
    pub id: TokenId,
    pub app_id: Option<AppId>,
    /// `None` for client_credentials tokens (an app acting for itself).
    pub account_id: Option<AccountId>,
    #[serde(skip)]
    pub token_hash: String,
    #[serde(skip)]
    pub refresh_token_hash: Option<String>,
    pub scopes: String,
    pub created_at: Timestamp,
    pub expires_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
    pub last_used_at: Option<Timestamp>,
}

impl Token {
    pub fn scopes(&self) -> Result<Scopes, ScopeError> {
        Scopes::parse(&self.scopes)
    }
}

#[derive(Debug, Clone)]
pub struct NewToken {
    pub app_id: Option<AppId>,
    pub account_id: Option<AccountId>,
    pub token_hash: SecretHash,
    pub refresh_token_hash: Option<SecretHash>,
    pub scopes: Scopes,
    pub expires_at: Option<Timestamp>,
}

fn insert_token_sql() -> String {
    format!(
        "INSERT INTO oauth_tokens (id, app_id, account_id, token_hash, refresh_token_hash, scopes, created_at, \
         expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {TOKEN_COLUMNS}"
    )
}

const APP_COLUMNS: &str =
    "id, name, website, redirect_uris, scopes, client_id, client_secret_hash, owner_account_id, created_at";
const AUTHORIZATION_COLUMNS: &str = "id, app_id, account_id, code_hash, redirect_uri, scopes, code_challenge, created_at, expires_at, used_at";
const TOKEN_COLUMNS: &str = "id, app_id, account_id, token_hash, refresh_token_hash, scopes, created_at, \
    expires_at, revoked_at, last_used_at";

/// A token is usable while not revoked, not expired, and its user (if any) is neither deactivated
/// nor unapproved: one condition, so a `pleroctl user deactivate` takes effect on the next request.
const TOKEN_USABLE: &str = "revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2) \
    AND (account_id IS NULL OR EXISTS (SELECT 1 FROM users u WHERE u.account_id = oauth_tokens.account_id \
    AND u.deactivated_at IS NULL AND u.approved))";

impl Store {
    pub async fn create_app(&self, new: &NewOAuthApp) -> Result<OAuthApp, StoreError> {
        let sql = format!(
            "INSERT INTO oauth_apps (id, name, website, redirect_uris, scopes, client_id, client_secret_hash, \
             owner_account_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING {APP_COLUMNS}"
        );
        let scopes = new.scopes.to_string();
        Ok(on_pool!(self, |pool| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(AppId::generate())
            .bind(&new.name)
            .bind(new.website.as_deref())
            .bind(&new.redirect_uris)
            .bind(&scopes)
            .bind(&new.client_id)
            .bind(new.client_secret_hash.as_str())
            .bind(new.owner_account_id)
            .bind(now())
            .fetch_one(pool)
            .await)?)
    }

    pub async fn find_app(&self, id: AppId) -> Result<Option<OAuthApp>, StoreError> {
        let sql = format!("SELECT {APP_COLUMNS} FROM oauth_apps WHERE id = $1");
        Ok(on_pool!(self, |pool| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(pool)
            .await)?)
    }

    pub async fn find_app_by_client_id(&self, client_id: &str) -> Result<Option<OAuthApp>, StoreError> {
        let sql = format!("SELECT {APP_COLUMNS} FROM oauth_apps WHERE client_id = $1");
        Ok(on_pool!(self, |pool| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(client_id)
            .fetch_optional(pool)
            .await)?)
    }

    pub async fn create_authorization(&self, new: &NewAuthorization) -> Result<Authorization, StoreError> {
        let sql = format!(
            "INSERT INTO oauth_authorizations (id, app_id, account_id, code_hash, redirect_uri, scopes, \
             code_challenge, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             RETURNING {AUTHORIZATION_COLUMNS}"
        );
        let scopes = new.scopes.to_string();
        Ok(on_pool!(self, |pool| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(AuthorizationId::generate())
            .bind(new.app_id)
            .bind(new.account_id)
            .bind(new.code_hash.as_str())
            .bind(&new.redirect_uri)
            .bind(&scopes)
            .bind(new.code_challenge.as_deref())
            .bind(now())
            .bind(truncate(new.expires_at))
            .fetch_one(pool)
            .await)?)
    }

    /// Marks an authorization code used and returns it — once: a second call with the same code, or
    /// a call after it expired, returns `None`. Atomic, so two concurrent exchanges cannot both win.
    pub async fn consume_authorization(
        &self,
        code_hash: &SecretHash,
    ) -> Result<Option<Authorization>, StoreError> {
        let sql = format!(
            "UPDATE oauth_authorizations SET used_at = $2 WHERE code_hash = $1 AND used_at IS NULL \
             AND expires_at > $2 RETURNING {AUTHORIZATION_COLUMNS}"
        );
        Ok(on_pool!(self, |pool| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(code_hash.as_str())
            .bind(now())
            .fetch_optional(pool)
            .await)?)
    }

    pub async fn create_token(&self, new: &NewToken) -> Result<Token, StoreError> {
        let sql = insert_token_sql();
        let scopes = new.scopes.to_string();
        Ok(on_pool!(self, |pool| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(TokenId::generate())
            .bind(new.app_id)
            .bind(new.account_id)
            .bind(new.token_hash.as_str())
            .bind(new.refresh_token_hash.as_ref().map(SecretHash::as_str))
            .bind(&scopes)
            .bind(now())
            .bind(new.expires_at.map(truncate))
            .fetch_one(pool)
            .await)?)
    }

    /// Revokes token `old` and creates `new` in its place, in one transaction (a refresh): `None`,
    /// and nothing changed, when `old` was already revoked, so a refresh token works once even when
    /// two requests race, and a failure leaves the old token working.
    pub async fn replace_token(&self, old: TokenId, new: &NewToken) -> Result<Option<Token>, StoreError> {
        let at = now();
        let revoke = "UPDATE oauth_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL";
        let insert = insert_token_sql();
        let scopes = new.scopes.to_string();
        let replaced: Result<Option<Token>, StoreError> = in_transaction!(self, |tx| {
            async {
                let n = sqlx::query(revoke).bind(old).bind(at).execute(&mut *tx).await?.rows_affected();
                if n == 0 {
                    return Ok(None);
                }
                let token = sqlx::query_as(sqlx::AssertSqlSafe(insert.clone()))
                    .bind(TokenId::generate())
                    .bind(new.app_id)
                    .bind(new.account_id)
                    .bind(new.token_hash.as_str())
                    .bind(new.refresh_token_hash.as_ref().map(SecretHash::as_str))
                    .bind(&scopes)
                    .bind(at)
                    .bind(new.expires_at.map(truncate))
                    .fetch_one(&mut *tx)
                    .await?;
                Ok::<_, StoreError>(Some(token))
            }
            .await
        });
        replaced
    }

    /// The usable token with this hash: not revoked, not expired, and its user active (see
    /// `TOKEN_USABLE`). What the API's bearer-token check calls on every request.
    pub async fn find_usable_token(&self, token_hash: &SecretHash) -> Result<Option<Token>, StoreError> {
        let sql =
            format!("SELECT {TOKEN_COLUMNS} FROM oauth_tokens WHERE token_hash = $1 AND {TOKEN_USABLE}");
        Ok(on_pool!(self, |pool| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(token_hash.as_str())
            .bind(now())
            .fetch_optional(pool)
            .await)?)
    }

    /// The token with this hash whatever its state (for `/oauth/revoke` and diagnostics).
    pub async fn find_token_by_hash(&self, token_hash: &SecretHash) -> Result<Option<Token>, StoreError> {
        let sql = format!("SELECT {TOKEN_COLUMNS} FROM oauth_tokens WHERE token_hash = $1");
        Ok(on_pool!(self, |pool| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(token_hash.as_str())
            .fetch_optional(pool)
            .await)?)
    }

    /// The unrevoked token a refresh token belongs to (its user active); for the refresh_token grant.
    pub async fn find_token_by_refresh_hash(
        &self,
        refresh_hash: &SecretHash,
    ) -> Result<Option<Token>, StoreError> {
        let sql = format!(
            "SELECT {TOKEN_COLUMNS} FROM oauth_tokens WHERE refresh_token_hash = $1 AND revoked_at IS NULL \
             AND (account_id IS NULL OR EXISTS (SELECT 1 FROM users u WHERE u.account_id = oauth_tokens.account_id \
             AND u.deactivated_at IS NULL AND u.approved))"
        );
        Ok(on_pool!(self, |pool| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(refresh_hash.as_str())
            .fetch_optional(pool)
            .await)?)
    }

    /// Revokes one token. Returns whether it was usable before.
    pub async fn revoke_token(&self, id: TokenId) -> Result<bool, StoreError> {
        let sql = "UPDATE oauth_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL";
        let n = on_pool!(self, |pool| sqlx::query(sql)
            .bind(id)
            .bind(now())
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(n > 0)
    }

    /// Revokes every token of an account, and voids its unused authorization codes so none can be
    /// exchanged for a new token afterwards (`pleroctl user sign-out`). Returns how many tokens
    /// were revoked.
    pub async fn revoke_account_tokens(&self, account_id: AccountId) -> Result<u64, StoreError> {
        let at = now();
        let revoked: Result<u64, StoreError> = in_transaction!(self, |tx| {
            async {
                let n = sqlx::query(REVOKE_ACCOUNT_TOKENS)
                    .bind(account_id)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                sqlx::query(VOID_ACCOUNT_CODES).bind(account_id).bind(at).execute(&mut *tx).await?;
                Ok::<_, StoreError>(n)
            }
            .await
        });
        revoked
    }

    /// Records that a token was used (at most what the caller decides to write; cheap to skip).
    pub async fn touch_token(&self, id: TokenId) -> Result<(), StoreError> {
        let sql = "UPDATE oauth_tokens SET last_used_at = $2 WHERE id = $1";
        on_pool!(self, |pool| sqlx::query(sql)
            .bind(id)
            .bind(now())
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }
}
