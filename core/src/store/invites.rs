//! Invites.

use super::{Store, StoreError, on_pool};
use crate::model::time::now;
use crate::model::{Invite, InviteId, NewInvite};

const COLUMNS: &str = "id, code, created_by_account_id, max_uses, uses, expires_at, revoked_at, created_at";

/// Invite codes: 12 letters and digits, easy to read out and type, with 70 bits of randomness (57 symbols, 12 times).
fn generate_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    (0..12).map(|_| ALPHABET[rand::random_range(0..ALPHABET.len())] as char).collect()
}

impl Store {
    /// Creates an invite with a fresh random code.
    pub async fn create_invite(&self, new: &NewInvite) -> Result<Invite, StoreError> {
        let sql = format!(
            "INSERT INTO invites (id, code, created_by_account_id, max_uses, expires_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING {COLUMNS}"
        );
        let code = generate_code();
        let expires_at = new.expires_at.map(crate::model::time::truncate);
        Ok(on_pool!(self, |pool| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(InviteId::generate())
            .bind(&code)
            .bind(new.created_by)
            .bind(new.max_uses)
            .bind(expires_at)
            .bind(now())
            .fetch_one(pool)
            .await)?)
    }

    /// Every invite, newest first (used, expired and revoked ones included).
    pub async fn list_invites(&self) -> Result<Vec<Invite>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM invites ORDER BY id DESC");
        Ok(on_pool!(self, |pool| sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(pool).await)?)
    }

    /// An invite by its code.
    pub async fn find_invite(&self, code: &str) -> Result<Option<Invite>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM invites WHERE code = $1");
        Ok(on_pool!(self, |pool| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(code)
            .fetch_optional(pool)
            .await)?)
    }

    /// Revokes an invite so it can no longer be used; `None` when there is no such code.
    pub async fn revoke_invite(&self, code: &str) -> Result<Option<Invite>, StoreError> {
        let sql = format!(
            "UPDATE invites SET revoked_at = COALESCE(revoked_at, $2) WHERE code = $1 RETURNING {COLUMNS}"
        );
        Ok(on_pool!(self, |pool| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(code)
            .bind(now())
            .fetch_optional(pool)
            .await)?)
    }
}
