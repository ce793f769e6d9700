//! Accounts and the users of local ones.

use sqlx::Row;

use super::oauth::{REVOKE_ACCOUNT_TOKENS, VOID_ACCOUNT_CODES};
use super::unit::{id_list, on_conn, repository};
use super::{Conflict, StoreError};
use crate::events::Change;
use crate::model::time::now;
use crate::model::{
    Account, AccountFilter, AccountId, NewLocalAccount, NewRemoteAccount, User, UserAccount, UserFlags,
    UserId,
};

pub(crate) const ACCOUNT_COLUMNS: &str = "a.id, a.nickname, a.domain, a.display_name, a.note, a.locked, a.bot, \
    a.discoverable, a.fields, a.actor_url, a.url, a.inbox_url, a.outbox_url, a.shared_inbox_url, \
    a.followers_url, a.following_url, a.featured_url, a.public_key_id, a.public_key_pem, a.avatar_url, \
    a.header_url, a.followers_count, a.following_count, a.statuses_count, a.last_status_at, a.moved_to_id, \
    a.created_at, a.updated_at, a.fetched_at, a.suspended_at, a.silenced_at";

pub(crate) const USER_COLUMNS: &str = "u.id AS user_id, u.account_id, u.email, u.admin, u.moderator, \
    u.confirmed_at, u.approved, u.deactivated_at, u.locale, u.invite_id, u.last_sign_in_at, \
    u.created_at AS user_created_at";

/// What deleting an account took with it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct AccountDeletion {
    /// How many statuses were deleted with it.
    pub statuses: i64,
    /// How many media attachments were deleted with it.
    pub media: i64,
    /// How many OAuth tokens were deleted with it.
    pub tokens: i64,
}

/// An account and, for a local one, its user: a row of `pleroctl user list`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AccountWithUser {
    /// The account.
    pub account: Account,
    /// Its login; `None` for a remote account.
    pub user: Option<User>,
}

impl<'r, R> sqlx::FromRow<'r, R> for AccountWithUser
where
    R: Row,
    Account: sqlx::FromRow<'r, R>,
    User: sqlx::FromRow<'r, R>,
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    Option<i64>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    fn from_row(row: &'r R) -> Result<Self, sqlx::Error> {
        let user_id: Option<i64> = row.try_get("user_id")?;
        let user = match user_id {
            Some(_) => Some(User::from_row(row)?),
            None => None,
        };
        Ok(Self { account: Account::from_row(row)?, user })
    }
}

fn user_query(condition: &str) -> String {
    format!(
        "SELECT {ACCOUNT_COLUMNS}, {USER_COLUMNS} FROM accounts a JOIN users u ON u.account_id = a.id WHERE {condition}"
    )
}

repository! {
    /// Creates a local account and its user in one transaction; with an invite code, uses the invite
    /// up in the same transaction. Fails with [`Conflict::NicknameTaken`] or [`Conflict::EmailTaken`] (both
    /// compared case-insensitively) when another registration took them, even one racing this one, [`StoreError::InviteNotUsable`] for a bad invite.
    atomic fn create_local_user(c, new: &NewLocalAccount) -> Result<UserAccount, StoreError> {
        let account_id = AccountId::generate();
        let user_id = UserId::generate();
        let at = now();
        let confirmed_at = new.confirmed.then_some(at);
        let e = &new.endpoints;
        let insert_account = "INSERT INTO accounts (id, nickname, domain, display_name, note, actor_url, url, \
            inbox_url, outbox_url, shared_inbox_url, followers_url, following_url, featured_url, public_key_id, \
            public_key_pem, private_key_pem, created_at, updated_at) \
            VALUES ($1, $2, NULL, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16)";
        let insert_user = "INSERT INTO users (id, account_id, email, password_hash, admin, moderator, confirmed_at, \
            approved, locale, invite_id, created_at, updated_at) \
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)";
        let use_invite = "UPDATE invites SET uses = uses + 1 WHERE code = $1 AND revoked_at IS NULL \
            AND (expires_at IS NULL OR expires_at > $2) AND (max_uses IS NULL OR uses < max_uses) RETURNING id";
        let result: Result<(), StoreError> = on_conn!(c, |tx| {
            async {
                let invite_id: Option<i64> = match &new.invite_code {
                    Some(code) => Some(
                        sqlx::query_scalar(use_invite)
                            .bind(code)
                            .bind(at)
                            .fetch_optional(&mut *tx)
                            .await?
                            .ok_or(StoreError::InviteNotUsable)?,
                    ),
                    None => None,
                };
                sqlx::query(insert_account)
                    .bind(account_id)
                    .bind(&new.nickname)
                    .bind(&new.display_name)
                    .bind(&new.note)
                    .bind(&e.actor_url)
                    .bind(&e.url)
                    .bind(&e.inbox_url)
                    .bind(&e.outbox_url)
                    .bind(&e.shared_inbox_url)
                    .bind(&e.followers_url)
                    .bind(&e.following_url)
                    .bind(&e.featured_url)
                    .bind(&e.public_key_id)
                    .bind(&e.public_key_pem)
                    .bind(new.private_key_pem.expose())
                    .bind(at)
                    .execute(&mut *tx)
                    .await
                    .map_err(|err| match StoreError::from(err) {
                        // A local actor URL is made from the nickname, and the backends check
                        // the two indexes in different orders (SQLite: the actor URL's first).
                        StoreError::Conflict(Conflict::ActorUrlTaken) => Conflict::NicknameTaken.into(),
                        other => other,
                    })?;
                sqlx::query(insert_user)
                    .bind(user_id)
                    .bind(account_id)
                    .bind(&new.email)
                    .bind(new.password_hash.expose())
                    .bind(new.admin)
                    .bind(new.moderator)
                    .bind(confirmed_at)
                    .bind(new.approved)
                    .bind(&new.locale)
                    .bind(invite_id)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?;
                Ok::<(), StoreError>(())
            }
            .await
        });
        result?;
        c.record(Change::AccountCreated { account_id })?;
        c.find_user_by_account(account_id)
            .await?
            .ok_or_else(|| StoreError::Database(sqlx::Error::RowNotFound))
    }

    /// Stores a remote actor, or refreshes it when its actor URL is known already (its id and
    /// creation time stay). Fails with [`Conflict::NicknameTaken`] when another actor holds the same
    /// nickname on that domain, [`Conflict::LocalActor`] when the actor URL is a local account's.
    atomic fn upsert_remote_account(c, new: &NewRemoteAccount) -> Result<Account, StoreError> {
        let at = now();
        let sql = format!(
            "INSERT INTO accounts (id, nickname, domain, display_name, note, locked, bot, discoverable, fields, \
             actor_url, url, inbox_url, outbox_url, shared_inbox_url, followers_url, following_url, featured_url, \
             public_key_id, public_key_pem, avatar_url, header_url, followers_count, following_count, \
             statuses_count, created_at, updated_at, fetched_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, \
             $22, $23, $24, $25, $25, $25) \
             ON CONFLICT (actor_url) DO UPDATE SET nickname = excluded.nickname, domain = excluded.domain, \
             display_name = excluded.display_name, note = excluded.note, locked = excluded.locked, \
             bot = excluded.bot, discoverable = excluded.discoverable, fields = excluded.fields, url = excluded.url, \
             inbox_url = excluded.inbox_url, outbox_url = excluded.outbox_url, \
             shared_inbox_url = excluded.shared_inbox_url, followers_url = excluded.followers_url, \
             following_url = excluded.following_url, featured_url = excluded.featured_url, \
             public_key_id = excluded.public_key_id, public_key_pem = excluded.public_key_pem, \
             avatar_url = excluded.avatar_url, header_url = excluded.header_url, \
             followers_count = excluded.followers_count, following_count = excluded.following_count, \
             statuses_count = excluded.statuses_count, updated_at = excluded.updated_at, \
             fetched_at = excluded.fetched_at \
             WHERE accounts.domain IS NOT NULL \
             RETURNING {}",
            // RETURNING names the table's own columns, without the `a.` alias.
            ACCOUNT_COLUMNS.replace("a.", "")
        );
        let domain = new.domain.to_ascii_lowercase();
        let fields = new.fields.to_json();
        let e = &new.endpoints;
        let account: Option<Account> = on_conn!(c, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(AccountId::generate())
            .bind(&new.nickname)
            .bind(&domain)
            .bind(&new.display_name)
            .bind(&new.note)
            .bind(new.locked)
            .bind(new.bot)
            .bind(new.discoverable)
            .bind(&fields)
            .bind(&e.actor_url)
            .bind(&e.url)
            .bind(&e.inbox_url)
            .bind(&e.outbox_url)
            .bind(e.shared_inbox_url.as_deref())
            .bind(&e.followers_url)
            .bind(&e.following_url)
            .bind(e.featured_url.as_deref())
            .bind(&e.public_key_id)
            .bind(&e.public_key_pem)
            .bind(new.avatar_url.as_deref())
            .bind(new.header_url.as_deref())
            .bind(new.followers_count)
            .bind(new.following_count)
            .bind(new.statuses_count)
            .bind(at)
            .fetch_optional(&mut *c)
            .await)?;
        // No row: the actor URL belongs to a local account, which a remote document must never
        // overwrite.
        let account = account.ok_or(StoreError::Conflict(Conflict::LocalActor))?;
        c.record(Change::AccountUpdated { account_id: account.id })?;
        Ok(account)
    }

    /// An account, local or remote.
    plain fn find_account(c, id: AccountId) -> Result<Option<Account>, StoreError> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.id = $1");
        Ok(on_conn!(c, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&mut *c)
            .await)?)
    }

    /// An account by nickname (case-insensitive) and domain (`None`: local).
    plain fn find_account_by_nickname(c, nickname: &str, domain: Option<&str>) -> Result<Option<Account>, StoreError> {
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE lower(a.nickname) = lower($1) AND COALESCE(a.domain, '') = $2"
        );
        let domain = domain.map(str::to_ascii_lowercase).unwrap_or_default();
        Ok(on_conn!(c, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(nickname)
            .bind(&domain)
            .fetch_optional(&mut *c)
            .await)?)
    }

    /// The accounts of `ids` that exist, in no particular order: the authors of a page of
    /// statuses, in one query.
    plain fn find_accounts(c, ids: &[AccountId]) -> Result<Vec<Account>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.id IN ({})", c.ids_in(1));
        let ids = id_list(ids);
        Ok(on_conn!(c, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(&ids).fetch_all(&mut *c).await)?)
    }

    /// An account by its ActivityPub actor id.
    plain fn find_account_by_actor_url(c, actor_url: &str) -> Result<Option<Account>, StoreError> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.actor_url = $1");
        Ok(on_conn!(c, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(actor_url)
            .fetch_optional(&mut *c)
            .await)?)
    }

    /// A local user by nickname, compared case-insensitively.
    plain fn find_user_by_nickname(c, nickname: &str) -> Result<Option<UserAccount>, StoreError> {
        let sql = user_query("lower(a.nickname) = lower($1) AND a.domain IS NULL");
        Ok(on_conn!(c, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(nickname)
            .fetch_optional(&mut *c)
            .await)?)
    }

    /// A local user by email, compared case-insensitively.
    plain fn find_user_by_email(c, email: &str) -> Result<Option<UserAccount>, StoreError> {
        let sql = user_query("lower(u.email) = lower($1)");
        Ok(on_conn!(c, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(email)
            .fetch_optional(&mut *c)
            .await)?)
    }

    /// The user of a local account.
    plain fn find_user_by_account(c, id: AccountId) -> Result<Option<UserAccount>, StoreError> {
        let sql = user_query("a.id = $1");
        Ok(on_conn!(c, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&mut *c)
            .await)?)
    }

    /// Accounts matching `filter`, oldest first, with the user of each local one.
    plain fn list_accounts(c, filter: &AccountFilter) -> Result<Vec<AccountWithUser>, StoreError> {
        let mut conditions = Vec::new();
        match filter.local {
            Some(true) => conditions.push("a.domain IS NULL"),
            Some(false) => conditions.push("a.domain IS NOT NULL"),
            None => {}
        }
        if filter.admins {
            conditions.push("u.admin");
        }
        if filter.moderators {
            conditions.push("u.moderator");
        }
        if filter.deactivated {
            conditions.push("u.deactivated_at IS NOT NULL");
        }
        if filter.pending {
            conditions.push("NOT u.approved");
        }
        // Keyset pagination; ids are positive, so `> 0` is "from the start".
        conditions.push("a.id > $1");
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS}, {USER_COLUMNS} FROM accounts a LEFT JOIN users u ON u.account_id = a.id \
             WHERE {} ORDER BY a.id LIMIT $2",
            conditions.join(" AND ")
        );
        let after = filter.after.unwrap_or(AccountId(0));
        let limit = filter.limit.map_or(i64::MAX, |n| n.max(0));
        Ok(on_conn!(c, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(after)
            .bind(limit)
            .fetch_all(&mut *c)
            .await)?)
    }

    /// Changes the flags that are `Some` in `flags`; `None` when there is no such local user.
    atomic fn update_user(c, id: AccountId, flags: &UserFlags) -> Result<Option<UserAccount>, StoreError> {
        let at = now();
        let update_user = "UPDATE users SET admin = COALESCE($2, admin), moderator = COALESCE($3, moderator), \
            approved = COALESCE($4, approved), \
            confirmed_at = CASE WHEN $5 IS NULL THEN confirmed_at WHEN $5 THEN COALESCE(confirmed_at, $6) ELSE NULL END, \
            updated_at = $6 WHERE account_id = $1";
        let update_account = "UPDATE accounts SET locked = COALESCE($2, locked), \
            display_name = COALESCE($3, display_name), note = COALESCE($4, note), updated_at = $5 \
            WHERE id = $1 AND domain IS NULL";
        let updated: Result<u64, StoreError> = on_conn!(c, |tx| {
            async {
                let n = sqlx::query(update_user)
                    .bind(id)
                    .bind(flags.admin)
                    .bind(flags.moderator)
                    .bind(flags.approved)
                    .bind(flags.confirmed)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if n > 0 {
                    sqlx::query(update_account)
                        .bind(id)
                        .bind(flags.locked)
                        .bind(flags.display_name.as_deref())
                        .bind(flags.note.as_deref())
                        .bind(at)
                        .execute(&mut *tx)
                        .await?;
                }
                Ok::<u64, StoreError>(n)
            }
            .await
        });
        if updated? == 0 {
            return Ok(None);
        }
        c.record(Change::AccountUpdated { account_id: id })?;
        c.find_user_by_account(id).await
    }

    /// Deactivates (`true`) or reactivates a local user. A deactivated user cannot sign in and its
    /// tokens stop working on the next request. `None` when there is no such user.
    atomic fn set_deactivated(c, id: AccountId, deactivated: bool) -> Result<Option<UserAccount>, StoreError> {
        let at = now();
        let sql = "UPDATE users SET deactivated_at = CASE WHEN $2 THEN COALESCE(deactivated_at, $3) ELSE NULL END, \
            updated_at = $3 WHERE account_id = $1";
        let n = on_conn!(c, |c| sqlx::query(sql)
            .bind(id)
            .bind(deactivated)
            .bind(at)
            .execute(&mut *c)
            .await
            .map(|r| r.rows_affected()))?;
        if n == 0 {
            return Ok(None);
        }
        c.record(if deactivated {
            Change::AccountDeactivated { account_id: id }
        } else {
            Change::AccountActivated { account_id: id }
        })?;
        c.find_user_by_account(id).await
    }

    /// The Argon2id hash of a local user's password.
    plain fn password_hash(c, id: AccountId) -> Result<Option<String>, StoreError> {
        let sql = "SELECT password_hash FROM users WHERE account_id = $1";
        Ok(on_conn!(c, |c| sqlx::query_scalar(sql).bind(id).fetch_optional(&mut *c).await)?)
    }

    /// Replaces a local user's password hash, clears any pending reset token and signs the user
    /// out (every token revoked, unused authorization codes voided), in one transaction. Returns
    /// whether the user exists.
    atomic fn replace_password(c, id: AccountId, password_hash: &str) -> Result<bool, StoreError> {
        let at = now();
        let sql = "UPDATE users SET password_hash = $2, reset_password_token_hash = NULL, \
            reset_password_sent_at = NULL, updated_at = $3 WHERE account_id = $1";
        let replaced: Result<bool, StoreError> = on_conn!(c, |tx| {
            async {
                let n = sqlx::query(sql)
                    .bind(id)
                    .bind(password_hash)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if n > 0 {
                    for sign_out in [REVOKE_ACCOUNT_TOKENS, VOID_ACCOUNT_CODES] {
                        sqlx::query(sign_out).bind(id).bind(at).execute(&mut *tx).await?;
                    }
                }
                Ok::<_, StoreError>(n > 0)
            }
            .await
        });
        if replaced? {
            c.record(Change::TokensRevoked { account_id: id })?;
            return Ok(true);
        }
        Ok(false)
    }

    /// Stores the hash of a one-time password-reset token (replacing an earlier one). Returns
    /// whether the user exists.
    plain fn set_reset_password_token(c, id: AccountId, token_hash: &str) -> Result<bool, StoreError> {
        let sql = "UPDATE users SET reset_password_token_hash = $2, reset_password_sent_at = $3, updated_at = $3 \
            WHERE account_id = $1";
        let n = on_conn!(c, |c| sqlx::query(sql)
            .bind(id)
            .bind(token_hash)
            .bind(now())
            .execute(&mut *c)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(n > 0)
    }

    /// The user a password-reset token issued after `issued_after` belongs to; `None` for an
    /// unknown, used or expired token. Reads only: the reset page shows whose password it changes.
    plain fn find_user_by_reset_token(c, token_hash: &str, issued_after: crate::model::Timestamp) -> Result<Option<UserAccount>, StoreError> {
        let sql = user_query("u.reset_password_token_hash = $1 AND u.reset_password_sent_at > $2");
        Ok(on_conn!(c, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(token_hash)
            .bind(crate::model::time::truncate(issued_after))
            .fetch_optional(&mut *c)
            .await)?)
    }

    /// Redeems a password-reset token issued after `issued_after`: in one transaction, clears the
    /// token, stores `password_hash` and revokes every token of the account. Returns the account;
    /// `None` (and nothing changed) for an unknown, used or expired token. A token works once.
    atomic fn reset_password_with_token(c, token_hash: &str, issued_after: crate::model::Timestamp, password_hash: &str) -> Result<Option<AccountId>, StoreError> {
        let at = now();
        let reset = "UPDATE users SET password_hash = $3, reset_password_token_hash = NULL, \
                     reset_password_sent_at = NULL, updated_at = $4 \
                     WHERE reset_password_token_hash = $1 AND reset_password_sent_at > $2 RETURNING account_id";
        let result: Result<Option<AccountId>, StoreError> = on_conn!(c, |tx| {
            async {
                let id: Option<AccountId> = sqlx::query_scalar(reset)
                    .bind(token_hash)
                    .bind(crate::model::time::truncate(issued_after))
                    .bind(password_hash)
                    .bind(at)
                    .fetch_optional(&mut *tx)
                    .await?;
                if let Some(id) = id {
                    for sign_out in [REVOKE_ACCOUNT_TOKENS, VOID_ACCOUNT_CODES] {
                        sqlx::query(sign_out).bind(id).bind(at).execute(&mut *tx).await?;
                    }
                }
                Ok::<_, StoreError>(id)
            }
            .await
        });
        if let Some(id) = result? {
            c.record(Change::TokensRevoked { account_id: id })?;
            return Ok(Some(id));
        }
        Ok(None)
    }

    /// Records a successful sign-in.
    plain fn record_sign_in(c, id: AccountId) -> Result<(), StoreError> {
        let sql = "UPDATE users SET last_sign_in_at = $2 WHERE account_id = $1";
        on_conn!(c, |c| sqlx::query(sql)
            .bind(id)
            .bind(now())
            .execute(&mut *c)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// The PKCS#8 PEM private key of a local account (for signing its activities).
    plain fn account_private_key(c, id: AccountId) -> Result<Option<String>, StoreError> {
        let sql = "SELECT private_key_pem FROM accounts WHERE id = $1";
        let key: Option<Option<String>> =
            on_conn!(c, |c| sqlx::query_scalar(sql).bind(id).fetch_optional(&mut *c).await)?;
        Ok(key.flatten())
    }

    /// Deletes an account with everything it owns (statuses, media, follows, favourites, tokens, …),
    /// keeping the follower counts of the accounts it followed right. `None` when there is no such
    /// account.
    atomic fn delete_account(c, id: AccountId) -> Result<Option<AccountDeletion>, StoreError> {
        let result: Result<Option<AccountDeletion>, StoreError> = on_conn!(c, |tx| {
            async {
                let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM accounts WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
                if exists.is_none() {
                    return Ok(None);
                }
                let mut deletion = AccountDeletion::default();
                for (count, slot) in [
                    ("SELECT count(*) FROM statuses WHERE account_id = $1", &mut deletion.statuses),
                    ("SELECT count(*) FROM media_attachments WHERE account_id = $1", &mut deletion.media),
                    ("SELECT count(*) FROM oauth_tokens WHERE account_id = $1", &mut deletion.tokens),
                ] {
                    *slot = sqlx::query_scalar(count).bind(id).fetch_one(&mut *tx).await?;
                }
                sqlx::query(
                    "UPDATE accounts SET followers_count = followers_count - 1 \
                     WHERE id IN (SELECT target_account_id FROM follows WHERE account_id = $1)",
                )
                .bind(id)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "UPDATE accounts SET following_count = following_count - 1 \
                     WHERE id IN (SELECT account_id FROM follows WHERE target_account_id = $1)",
                )
                .bind(id)
                .execute(&mut *tx)
                .await?;
                sqlx::query("DELETE FROM accounts WHERE id = $1").bind(id).execute(&mut *tx).await?;
                Ok::<_, StoreError>(Some(deletion))
            }
            .await
        });
        if let Some(deletion) = result? {
            c.record(Change::AccountDeleted { account_id: id })?;
            return Ok(Some(deletion));
        }
        Ok(None)
    }
}
