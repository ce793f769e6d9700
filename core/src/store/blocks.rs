//! Blocks, mutes and the domains a user hides: the rows, and the SQL conditions every read with a
//! viewer applies ([`hidden_from`], [`muted_for`]).
//!
//! A block ends the follows and follow requests between the two accounts in the same unit of
//! work, and both sides stop seeing each other; a mute only takes the muted account's statuses (and,
//! when asked, notifications) out of the muter's lists; a domain block does both for every account
//! of the domain, and drops the followers the user had there.

use super::StoreError;
use super::page::{PageItem, PageRequest};
use super::unit::{Conn, on_conn, repository};
use crate::events::Change;
use crate::model::time::now;
use crate::model::{Account, AccountId, Id, Timestamp};

/// Whether status `s` (or the status it reblogs, `s.reblog_of_id`) is hidden from the viewer bound
/// at `$v` by a block either way or a domain the viewer blocked. `NULL` viewer: nothing is hidden.
pub(crate) fn hidden_from(v: usize) -> String {
    let authors = "(s.account_id, (SELECT r.account_id FROM statuses r WHERE r.id = s.reblog_of_id))";
    format!(
        "(EXISTS (SELECT 1 FROM blocks bk WHERE (bk.account_id = ${v} AND bk.target_account_id IN {authors}) \
            OR (bk.target_account_id = ${v} AND bk.account_id IN {authors})) \
         OR EXISTS (SELECT 1 FROM account_domain_blocks db JOIN accounts da ON da.domain = db.domain \
            WHERE db.account_id = ${v} AND da.id IN {authors}))"
    )
}

/// Whether the author of `s` (or of the status it reblogs) is muted by the viewer at `$v`, as of
/// `$at` (a mute may expire).
pub(crate) fn muted_for(v: usize, at: usize) -> String {
    format!(
        "EXISTS (SELECT 1 FROM mutes mu WHERE mu.account_id = ${v} \
           AND mu.target_account_id IN (s.account_id, (SELECT r.account_id FROM statuses r WHERE r.id = s.reblog_of_id)) \
           AND (mu.expires_at IS NULL OR mu.expires_at > ${at}))"
    )
}

/// A muted account, with how it is muted.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Muted {
    /// The list's cursor.
    pub cursor: Id,
    /// Whether its notifications are hidden too.
    pub notifications: bool,
    /// When the mute ends; `None`: never.
    pub expires_at: Option<Timestamp>,
    /// The account.
    #[sqlx(flatten)]
    pub account: Account,
}

repository! {
    /// `account` blocks `target`: the follows and follow requests between them end (counters
    /// included), and the target's notifications to `account` go. Blocking again changes nothing.
    atomic fn block(c, account: AccountId, target: AccountId) -> Result<(), StoreError> {
        let insert = "INSERT INTO blocks (id, account_id, target_account_id, created_at) VALUES ($1, $2, $3, $4) \
            ON CONFLICT (account_id, target_account_id) DO NOTHING";
        on_conn!(c, |c| sqlx::query(insert)
            .bind(Id::generate())
            .bind(account)
            .bind(target)
            .bind(now())
            .execute(&mut *c)
            .await
            .map(|r| r.rows_affected()))?;
        c.unfollow(account, target).await?;
        c.unfollow(target, account).await?;
        let notices = "DELETE FROM notifications WHERE account_id = $1 AND from_account_id = $2";
        on_conn!(c, |c| sqlx::query(notices).bind(account).bind(target).execute(&mut *c).await.map(|r| r.rows_affected()))?;
        c.record(Change::RelationshipChanged { account_id: account, target_id: target })?;
        Ok(())
    }

    /// `account` lifts its block of `target`; whether there was one.
    atomic fn unblock(c, account: AccountId, target: AccountId) -> Result<bool, StoreError> {
        let delete = "DELETE FROM blocks WHERE account_id = $1 AND target_account_id = $2";
        let gone = on_conn!(c, |c| sqlx::query(delete).bind(account).bind(target).execute(&mut *c).await.map(|r| r.rows_affected()))?;
        if gone > 0 {
            c.record(Change::RelationshipChanged { account_id: account, target_id: target })?;
        }
        Ok(gone > 0)
    }

    /// `account` mutes `target` (again: the new choices replace the old).
    atomic fn mute(c, account: AccountId, target: AccountId, notifications: bool, expires_at: Option<Timestamp>) -> Result<(), StoreError> {
        let upsert = "INSERT INTO mutes (id, account_id, target_account_id, notifications, expires_at, created_at) \
            VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (account_id, target_account_id) \
            DO UPDATE SET notifications = excluded.notifications, expires_at = excluded.expires_at";
        on_conn!(c, |c| sqlx::query(upsert)
            .bind(Id::generate())
            .bind(account)
            .bind(target)
            .bind(notifications)
            .bind(expires_at)
            .bind(now())
            .execute(&mut *c)
            .await
            .map(|r| r.rows_affected()))?;
        c.record(Change::RelationshipChanged { account_id: account, target_id: target })?;
        Ok(())
    }

    /// `account` unmutes `target`; whether it was muted.
    atomic fn unmute(c, account: AccountId, target: AccountId) -> Result<bool, StoreError> {
        let delete = "DELETE FROM mutes WHERE account_id = $1 AND target_account_id = $2";
        let gone = on_conn!(c, |c| sqlx::query(delete).bind(account).bind(target).execute(&mut *c).await.map(|r| r.rows_affected()))?;
        if gone > 0 {
            c.record(Change::RelationshipChanged { account_id: account, target_id: target })?;
        }
        Ok(gone > 0)
    }

    /// Whom `account` blocks, newest block first.
    plain fn blocked_accounts(c, account: AccountId, page: &PageRequest) -> Result<Vec<PageItem<Account>>, StoreError> {
        c.account_page("blocks", "f.account_id = $1", "a.id = f.target_account_id", account.into(), page).await
    }

    /// Whom `account` mutes (mutes that have not expired), newest first.
    plain fn muted_accounts(c, account: AccountId, page: &PageRequest) -> Result<Vec<Muted>, StoreError> {
        let sql = format!(
            "SELECT f.id AS cursor, f.notifications, f.expires_at, {} FROM mutes f JOIN accounts a ON a.id = f.target_account_id \
             WHERE f.account_id = $1 AND (f.expires_at IS NULL OR f.expires_at > $6) AND {bounds} ORDER BY f.id {order} LIMIT $5",
            super::accounts::ACCOUNT_COLUMNS,
            bounds = page.sql_bounds("f.id", 2),
            order = page.sql_order(),
        );
        let rows: Vec<Muted> = on_conn!(c, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(account)
            .bind(page.max_id)
            .bind(page.since_id)
            .bind(page.min_id)
            .bind(i64::from(page.limit))
            .bind(now())
            .fetch_all(&mut *c)
            .await)?;
        Ok(page.arrange(rows))
    }

    /// `account` hides `domain`: its accounts stop following `account` (counters included).
    atomic fn block_domain(c, account: AccountId, domain: &str) -> Result<(), StoreError> {
        let insert = "INSERT INTO account_domain_blocks (id, account_id, domain, created_at) VALUES ($1, $2, $3, $4) \
            ON CONFLICT (account_id, domain) DO NOTHING";
        on_conn!(c, |c| sqlx::query(insert).bind(Id::generate()).bind(account).bind(domain).bind(now()).execute(&mut *c).await.map(|r| r.rows_affected()))?;
        let followers = "SELECT f.account_id FROM follows f JOIN accounts a ON a.id = f.account_id \
            WHERE f.target_account_id = $1 AND a.domain = $2";
        let there: Vec<AccountId> = on_conn!(c, |c| sqlx::query_scalar(followers).bind(account).bind(domain).fetch_all(&mut *c).await)?;
        for follower in there {
            c.unfollow(follower, account).await?;
        }
        c.record(Change::DomainBlocksChanged { account_id: account })?;
        Ok(())
    }

    /// `account` stops hiding `domain`; whether it did.
    atomic fn unblock_domain(c, account: AccountId, domain: &str) -> Result<bool, StoreError> {
        let delete = "DELETE FROM account_domain_blocks WHERE account_id = $1 AND domain = $2";
        let gone = on_conn!(c, |c| sqlx::query(delete).bind(account).bind(domain).execute(&mut *c).await.map(|r| r.rows_affected()))?;
        if gone > 0 {
            c.record(Change::DomainBlocksChanged { account_id: account })?;
        }
        Ok(gone > 0)
    }

    /// The domains `account` hides, newest first, paged by the block's id.
    plain fn blocked_domains(c, account: AccountId, page: &PageRequest) -> Result<Vec<PageItem<String>>, StoreError> {
        let sql = format!(
            "SELECT f.id, f.domain FROM account_domain_blocks f WHERE f.account_id = $1 AND {bounds} ORDER BY f.id {order} LIMIT $5",
            bounds = page.sql_bounds("f.id", 2),
            order = page.sql_order(),
        );
        let rows: Vec<(Id, String)> = on_conn!(c, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(account)
            .bind(page.max_id)
            .bind(page.since_id)
            .bind(page.min_id)
            .bind(i64::from(page.limit))
            .fetch_all(&mut *c)
            .await)?;
        Ok(page.arrange(rows.into_iter().map(|(cursor, item)| PageItem { cursor, item }).collect()))
    }
}

impl Conn<'_> {
    /// Whether a block stands between `a` and `b`, either way.
    pub(crate) async fn blocked_either_way(
        &mut self,
        a: AccountId,
        b: AccountId,
    ) -> Result<bool, StoreError> {
        let sql = "SELECT COUNT(*) FROM blocks WHERE (account_id = $1 AND target_account_id = $2) \
            OR (account_id = $2 AND target_account_id = $1)";
        let n: i64 = on_conn!(self, |c| sqlx::query_scalar(sql).bind(a).bind(b).fetch_one(&mut *c).await)?;
        Ok(n > 0)
    }
}
