//! Invites.

use super::StoreError;
use super::unit::{on_conn, repository};
use crate::model::time::now;
use crate::model::{Invite, InviteId, NewInvite};

const COLUMNS: &str = "id, code, created_by_account_id, max_uses, uses, expires_at, revoked_at, created_at";

/// Invite codes: 12 letters and digits, easy to read out and type, with 70 bits of randomness (57 symbols, 12 times).
fn generate_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    (0..12).map(|_| ALPHABET[rand::random_range(0..ALPHABET.len())] as char).collect()
}

repository! {
    /// Creates an invite with a fresh random code.
    plain fn create_invite(c, new: &NewInvite) -> Result<Invite, StoreError> {
        let sql = format!(
            "INSERT INTO invites (id, code, created_by_account_id, max_uses, expires_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING {COLUMNS}"
        );
        let code = generate_code();
        let expires_at = new.expires_at.map(crate::model::time::truncate);
        Ok(on_conn!(c, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(InviteId::generate())
            .bind(&code)
            .bind(new.created_by)
            .bind(new.max_uses)
            .bind(expires_at)
            .bind(now())
            .fetch_one(&mut *c)
            .await)?)
    }

    /// Every invite, newest first (used, expired and revoked ones included).
    plain fn list_invites(c) -> Result<Vec<Invite>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM invites ORDER BY id DESC");
        Ok(on_conn!(c, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(&mut *c).await)?)
    }

    /// An invite by its code.
    plain fn find_invite(c, code: &str) -> Result<Option<Invite>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM invites WHERE code = $1");
        Ok(on_conn!(c, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(code)
            .fetch_optional(&mut *c)
            .await)?)
    }

    /// Revokes an invite so it can no longer be used; `None` when there is no such code.
    plain fn revoke_invite(c, code: &str) -> Result<Option<Invite>, StoreError> {
        let sql = format!(
            "UPDATE invites SET revoked_at = COALESCE(revoked_at, $2) WHERE code = $1 RETURNING {COLUMNS}"
        );
        Ok(on_conn!(c, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(code)
            .bind(now())
            .fetch_optional(&mut *c)
            .await)?)
    }
}
