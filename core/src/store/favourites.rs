//! Favourites and bookmarks of statuses, who favourited or reblogged one, and the lists of an
//! account's favourites and bookmarks.

use super::StoreError;
use super::page::{BindPage, PageItem, PageRequest};
use super::statuses::{STATUS_COLUMNS, visible_to};
use super::unit::{Conn, on_conn, repository};
use crate::events::Change;
use crate::model::time::now;
use crate::model::{Account, AccountId, Id, NotificationType, Status, StatusId};

#[derive(sqlx::FromRow)]
struct Marked {
    cursor: Id,
    #[sqlx(flatten)]
    status: Status,
}

repository! {
    /// `account` favourites `status` (by `author`): counted, and the author notified, once. Returns
    /// whether it is new.
    atomic fn favourite(c, account: AccountId, status: StatusId, author: AccountId) -> Result<bool, StoreError> {
        let at = now();
        let insert = "INSERT INTO favourites (id, account_id, status_id, created_at) VALUES ($1, $2, $3, $4) \
            ON CONFLICT (account_id, status_id) DO NOTHING";
        let inserted = on_conn!(c, |c| sqlx::query(insert)
            .bind(Id::generate())
            .bind(account)
            .bind(status)
            .bind(at)
            .execute(&mut *c)
            .await.map(|r| r.rows_affected()))?;
        if inserted == 0 {
            return Ok(false);
        }
        let count = "UPDATE statuses SET favourites_count = favourites_count + 1 WHERE id = $1";
        on_conn!(c, |c| sqlx::query(count).bind(status).execute(&mut *c).await.map(|r| r.rows_affected()))?;
        c.notify(author, account, NotificationType::Favourite, Some(status), at).await?;
        c.record(Change::StatusMarked { status_id: status, account_id: account })?;
        Ok(true)
    }

    /// Undoes [`favourite`](Self::favourite): the count and the notification go back. Returns
    /// whether there was one.
    atomic fn unfavourite(c, account: AccountId, status: StatusId) -> Result<bool, StoreError> {
        let delete = "DELETE FROM favourites WHERE account_id = $1 AND status_id = $2";
        let deleted =
            on_conn!(c, |c| sqlx::query(delete).bind(account).bind(status).execute(&mut *c).await.map(|r| r.rows_affected()))?;
        if deleted == 0 {
            return Ok(false);
        }
        let count = "UPDATE statuses SET favourites_count = favourites_count - 1 WHERE id = $1 AND favourites_count > 0";
        on_conn!(c, |c| sqlx::query(count).bind(status).execute(&mut *c).await.map(|r| r.rows_affected()))?;
        c.unnotify(account, NotificationType::Favourite, status).await?;
        c.record(Change::StatusMarked { status_id: status, account_id: account })?;
        Ok(true)
    }

    /// `account` bookmarks `status` (again: nothing changes).
    atomic fn bookmark(c, account: AccountId, status: StatusId) -> Result<(), StoreError> {
        let insert = "INSERT INTO bookmarks (id, account_id, status_id, created_at) VALUES ($1, $2, $3, $4) \
            ON CONFLICT (account_id, status_id) DO NOTHING";
        let changed = on_conn!(c, |c| sqlx::query(insert)
            .bind(Id::generate())
            .bind(account)
            .bind(status)
            .bind(now())
            .execute(&mut *c)
            .await.map(|r| r.rows_affected()))?;
        if changed > 0 {
            c.record(Change::StatusMarked { status_id: status, account_id: account })?;
        }
        Ok(())
    }

    /// `account` drops its bookmark of `status`, if any.
    atomic fn unbookmark(c, account: AccountId, status: StatusId) -> Result<(), StoreError> {
        let delete = "DELETE FROM bookmarks WHERE account_id = $1 AND status_id = $2";
        let changed = on_conn!(c, |c| sqlx::query(delete).bind(account).bind(status).execute(&mut *c).await.map(|r| r.rows_affected()))?;
        if changed > 0 {
            c.record(Change::StatusMarked { status_id: status, account_id: account })?;
        }
        Ok(())
    }

    /// `account` mutes the thread `status` belongs to (again: nothing changes).
    atomic fn mute_conversation(c, account: AccountId, status: StatusId) -> Result<(), StoreError> {
        let insert = "INSERT INTO conversation_mutes (account_id, thread_id, created_at) \
            SELECT $1, COALESCE(s.thread_id, s.id), $3 FROM statuses s WHERE s.id = $2 \
            ON CONFLICT (account_id, thread_id) DO NOTHING";
        let changed = on_conn!(c, |c| sqlx::query(insert)
            .bind(account)
            .bind(status)
            .bind(now())
            .execute(&mut *c)
            .await.map(|r| r.rows_affected()))?;
        if changed > 0 {
            c.record(Change::StatusMarked { status_id: status, account_id: account })?;
        }
        Ok(())
    }

    /// `account` unmutes the thread `status` belongs to, if muted.
    atomic fn unmute_conversation(c, account: AccountId, status: StatusId) -> Result<(), StoreError> {
        let delete = "DELETE FROM conversation_mutes WHERE account_id = $1 \
            AND thread_id = (SELECT COALESCE(s.thread_id, s.id) FROM statuses s WHERE s.id = $2)";
        let changed = on_conn!(c, |c| sqlx::query(delete).bind(account).bind(status).execute(&mut *c).await.map(|r| r.rows_affected()))?;
        if changed > 0 {
            c.record(Change::StatusMarked { status_id: status, account_id: account })?;
        }
        Ok(())
    }

    /// Who favourited `status`, newest favourite first, paged by favourite id.
    plain fn favourited_by(c, status: StatusId, page: &PageRequest) -> Result<Vec<PageItem<Account>>, StoreError> {
        c.account_page("favourites", "f.status_id = $1", "a.id = f.account_id", status.into(), page).await
    }

    /// Who reblogged `status`, newest reblog first, paged by the reblog's id.
    plain fn reblogged_by(c, status: StatusId, page: &PageRequest) -> Result<Vec<PageItem<Account>>, StoreError> {
        c.account_page("statuses", "f.reblog_of_id = $1", "a.id = f.account_id", status.into(), page).await
    }

    /// The statuses `account` favourited and may still see, newest favourite first.
    plain fn favourites_of(c, account: AccountId, page: &PageRequest) -> Result<Vec<PageItem<Status>>, StoreError> {
        c.marked_page("favourites", account, page).await
    }

    /// The statuses `account` bookmarked and may still see, newest bookmark first.
    plain fn bookmarks_of(c, account: AccountId, page: &PageRequest) -> Result<Vec<PageItem<Status>>, StoreError> {
        c.marked_page("bookmarks", account, page).await
    }
}

impl Conn<'_> {
    /// A page of the statuses `account` marked in `table` (favourites, bookmarks), paged by the
    /// mark's id, left out when the account may no longer see them.
    async fn marked_page(
        &mut self,
        table: &str,
        account: AccountId,
        page: &PageRequest,
    ) -> Result<Vec<PageItem<Status>>, StoreError> {
        let sql = format!(
            // CROSS JOIN keeps SQLite walking the account's own entries first, as the hashtag
            // timeline must (see `hashtag_timeline`).
            "SELECT f.id AS cursor, {STATUS_COLUMNS} FROM {table} f CROSS JOIN statuses s \
             WHERE s.id = f.status_id AND f.account_id = $1 AND s.deleted_at IS NULL AND {visible} AND {bounds} ORDER BY f.id {order} LIMIT $5",
            visible = visible_to(1),
            bounds = page.sql_bounds("f.id", 2),
            order = page.sql_order(),
        );
        let rows: Vec<Marked> = on_conn!(self, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(account)
            .bind_page(page)
            .fetch_all(&mut *c)
            .await)?;
        Ok(page.arrange(rows.into_iter().map(|r| PageItem { cursor: r.cursor, item: r.status }).collect()))
    }
}
