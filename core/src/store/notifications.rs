//! Notifications and markers.
//!
//! A notification is written by the use case that causes it, in its unit of work ([`Conn::notify`]),
//! and only for local accounts (remote ones hear through federation) other than the actor.

use super::StoreError;
use super::page::{BindPage, PageItem, PageRequest};
use super::unit::{Conn, on_conn, repository};
use crate::events::Change;
use crate::model::time::now;
use crate::model::{AccountId, Id, Notification, NotificationId, NotificationType, StatusId, Timestamp};

const NOTIFICATION_COLUMNS: &str = "n.id, n.account_id, n.from_account_id, n.type, n.status_id, n.created_at";

/// Which notifications to list (`GET /api/v1/notifications`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NotificationFilter {
    /// Only these types (empty: every type).
    pub types: Vec<NotificationType>,
    /// Not these types.
    pub exclude_types: Vec<NotificationType>,
    /// Only those from this account.
    pub from_account: Option<AccountId>,
}

/// Where an account stopped reading a timeline (`home` or `notifications`).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Marker {
    /// `home` or `notifications`.
    pub timeline: String,
    /// The last status or notification read.
    pub last_read_id: Id,
    /// How many times it was moved.
    pub version: i64,
    /// When it was last moved.
    pub updated_at: Timestamp,
}

/// The timelines markers are kept for.
pub const MARKER_TIMELINES: [&str; 2] = ["home", "notifications"];

/// The notifications one group of the grouped notifications folds: of `kind`, about `status`
/// (`None`: about no status), made in `[from, to)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupSpan {
    /// Their type.
    pub kind: NotificationType,
    /// The status they are about.
    pub status: Option<StatusId>,
    /// The first instant they may be made at.
    pub from: Timestamp,
    /// The instant after the last.
    pub to: Timestamp,
}

/// What one group of the grouped notifications holds (see [`Store::group_summary`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupSummary {
    /// Its notifications.
    pub count: i64,
    /// Who caused the newest of them, newest first.
    pub recent_accounts: Vec<AccountId>,
}

/// Whether the notification `n` is shown to its reader at `$account` as of `$at`: not from an
/// account the reader muted with its notifications, nor from a hidden domain.
fn shown_notification(account: usize, at: usize) -> String {
    format!(
        "NOT EXISTS (SELECT 1 FROM mutes mu WHERE mu.account_id = ${account} AND mu.target_account_id = n.from_account_id \
             AND mu.notifications AND (mu.expires_at IS NULL OR mu.expires_at > ${at})) \
         AND NOT EXISTS (SELECT 1 FROM account_domain_blocks db JOIN accounts f ON f.domain = db.domain \
             WHERE db.account_id = ${account} AND f.id = n.from_account_id)"
    )
}

fn types_list(types: &[NotificationType]) -> String {
    serde_json::to_string(&types.iter().map(|t| t.as_str()).collect::<Vec<_>>()).expect("strings are JSON")
}

repository! {
    /// `account`'s notifications, newest first, filtered, paged by notification id. Notifications from
    /// accounts that are gone went with them (ON DELETE CASCADE); those from accounts muted with
    /// their notifications, or of a hidden domain, are left out while the mute or block lasts.
    plain fn notifications(c, account: AccountId, filter: &NotificationFilter, page: &PageRequest) -> Result<Vec<PageItem<Notification>>, StoreError> {
        let only = if filter.types.is_empty() { None } else { Some(types_list(&filter.types)) };
        let except = if filter.exclude_types.is_empty() { None } else { Some(types_list(&filter.exclude_types)) };
        let sql = format!(
            "SELECT {NOTIFICATION_COLUMNS} FROM notifications n WHERE n.account_id = $1 \
             AND ($2 IS NULL OR n.type IN ({only})) AND ($3 IS NULL OR n.type NOT IN ({except})) \
             AND ($4 IS NULL OR n.from_account_id = $4) \
             AND {shown} \
             AND {bounds} ORDER BY n.id {order} LIMIT $8",
            shown = shown_notification(1, 9),
            only = c.texts_in(2),
            except = c.texts_in(3),
            bounds = page.sql_bounds("n.id", 5),
            order = page.sql_order(),
        );
        let rows: Vec<Notification> = on_conn!(c, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(account)
            .bind(&only)
            .bind(&except)
            .bind(filter.from_account)
            .bind_page(page)
            .bind(now())
            .fetch_all(&mut *c)
            .await)?;
        Ok(page.arrange(rows.into_iter().map(|n| PageItem { cursor: n.id.into(), item: n }).collect()))
    }

    /// `account`'s notifications of `kind` about `status` (none: about no status) made in
    /// `[from, to)`, newest first, at most `limit`: one group of the grouped notifications.
    plain fn notifications_in_group(c, account: AccountId, kind: NotificationType, status: Option<StatusId>, from: Timestamp, to: Timestamp, limit: i64) -> Result<Vec<Notification>, StoreError> {
        let sql = format!(
            "SELECT {NOTIFICATION_COLUMNS} FROM notifications n WHERE n.account_id = $1 AND n.type = $2 \
             AND (n.status_id = $3 OR ($3 IS NULL AND n.status_id IS NULL)) AND n.created_at >= $4 AND n.created_at < $5 \
             ORDER BY n.id DESC LIMIT $6"
        );
        Ok(on_conn!(c, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(account)
            .bind(kind.as_str())
            .bind(status)
            .bind(from)
            .bind(to)
            .bind(limit)
            .fetch_all(&mut *c)
            .await)?)
    }

    /// How many of `account`'s notifications of one group (`group`) there are up to `upto`
    /// (included), and who caused the newest of them (distinct accounts, newest
    /// first, at most `sample`): one group of the grouped notifications as Mastodon counts it,
    /// whatever part of it a page shows. Left out as the list leaves them out: from accounts
    /// muted with their notifications, or of a hidden domain.
    plain fn group_summary(c, account: AccountId, group: &GroupSpan, upto: NotificationId, sample: i64) -> Result<GroupSummary, StoreError> {
        let GroupSpan { kind, status, from, to } = *group;
        // Ids grow with time: the day's id range keeps the scan to the group's day.
        let from_id = Id::from_timestamp_ms(from.timestamp_millis());
        // One row per sender, newest first; the window sums every sender's count before the LIMIT.
        let sql = format!(
            "SELECT n.from_account_id, CAST(SUM(COUNT(*)) OVER () AS BIGINT) AS total FROM notifications n \
             WHERE n.account_id = $1 AND n.type = $2 AND (n.status_id = $3 OR ($3 IS NULL AND n.status_id IS NULL)) \
             AND n.created_at >= $4 AND n.created_at < $5 AND n.id >= $6 AND n.id <= $7 AND {} \
             GROUP BY n.from_account_id ORDER BY MAX(n.id) DESC LIMIT $9",
            shown_notification(1, 8)
        );
        let rows: Vec<(AccountId, i64)> = on_conn!(c, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(account)
            .bind(kind.as_str())
            .bind(status)
            .bind(from)
            .bind(to)
            .bind(from_id)
            .bind(upto)
            .bind(now())
            .bind(sample)
            .fetch_all(&mut *c)
            .await)?;
        let count = rows.first().map_or(0, |(_, total)| *total);
        let recent_accounts = rows.into_iter().map(|(account, _)| account).collect();
        Ok(GroupSummary { count, recent_accounts })
    }

    /// Deletes `account`'s notifications of one group (see [`Store::notifications_in_group`]);
    /// how many went.
    plain fn dismiss_group(c, account: AccountId, kind: NotificationType, status: Option<StatusId>, from: Timestamp, to: Timestamp) -> Result<u64, StoreError> {
        let sql = "DELETE FROM notifications WHERE account_id = $1 AND type = $2 \
            AND (status_id = $3 OR ($3 IS NULL AND status_id IS NULL)) AND created_at >= $4 AND created_at < $5";
        Ok(on_conn!(c, |c| sqlx::query(sql)
            .bind(account)
            .bind(kind.as_str())
            .bind(status)
            .bind(from)
            .bind(to)
            .execute(&mut *c)
            .await
            .map(|r| r.rows_affected()))?)
    }

    /// One of `account`'s notifications.
    plain fn find_notification(c, account: AccountId, id: NotificationId) -> Result<Option<Notification>, StoreError> {
        let sql = format!("SELECT {NOTIFICATION_COLUMNS} FROM notifications n WHERE n.id = $1 AND n.account_id = $2");
        Ok(on_conn!(c, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).bind(account).fetch_optional(&mut *c).await)?)
    }

    /// Dismisses one of `account`'s notifications; whether there was one.
    plain fn dismiss_notification(c, account: AccountId, id: NotificationId) -> Result<bool, StoreError> {
        let sql = "DELETE FROM notifications WHERE id = $1 AND account_id = $2";
        let done = on_conn!(c, |c| sqlx::query(sql).bind(id).bind(account).execute(&mut *c).await.map(|r| r.rows_affected()))?;
        Ok(done > 0)
    }

    /// Dismisses all of `account`'s notifications; how many there were.
    plain fn clear_notifications(c, account: AccountId) -> Result<u64, StoreError> {
        let sql = "DELETE FROM notifications WHERE account_id = $1";
        let done = on_conn!(c, |c| sqlx::query(sql).bind(account).execute(&mut *c).await.map(|r| r.rows_affected()))?;
        Ok(done)
    }

    /// How many of `account`'s notifications are newer than its `notifications` marker, counting at
    /// most `limit` (Mastodon's unread count).
    plain fn unread_notifications(c, account: AccountId, limit: i64) -> Result<i64, StoreError> {
        let sql = "SELECT COUNT(*) FROM (SELECT 1 FROM notifications n WHERE n.account_id = $1 AND n.id > \
            COALESCE((SELECT m.last_read_id FROM markers m WHERE m.account_id = $1 AND m.timeline = 'notifications'), 0) \
            LIMIT $2) unread";
        Ok(on_conn!(c, |c| sqlx::query_scalar(sql).bind(account).bind(limit).fetch_one(&mut *c).await)?)
    }

    /// `account`'s markers of `timelines`.
    plain fn markers(c, account: AccountId) -> Result<Vec<Marker>, StoreError> {
        let sql = "SELECT timeline, last_read_id, version, updated_at FROM markers WHERE account_id = $1 ORDER BY timeline";
        Ok(on_conn!(c, |c| sqlx::query_as(sql).bind(account).fetch_all(&mut *c).await)?)
    }

    /// Moves `account`'s marker of `timeline` to `last_read_id`, counting a version.
    plain fn set_marker(c, account: AccountId, timeline: &str, last_read_id: Id) -> Result<(), StoreError> {
        let sql = "INSERT INTO markers (account_id, timeline, last_read_id, version, updated_at) VALUES ($1, $2, $3, 1, $4) \
            ON CONFLICT (account_id, timeline) DO UPDATE SET last_read_id = excluded.last_read_id, \
            version = markers.version + 1, updated_at = excluded.updated_at";
        on_conn!(c, |c| sqlx::query(sql).bind(account).bind(timeline).bind(last_read_id).bind(now()).execute(&mut *c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }
}

impl Conn<'_> {
    /// Notifies the local account `account` that `from` did `kind` (about `status`), in this unit of
    /// work. Nothing when `account` is `from` or not local, a block stands between them, `account`
    /// hides `from`'s domain, muted its notifications, or muted the thread `status` is in.
    pub(crate) async fn notify(
        &mut self,
        account: AccountId,
        from: AccountId,
        kind: NotificationType,
        status: Option<StatusId>,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        if account == from {
            return Ok(());
        }
        // Not across a block, from a domain the account hides, from an account it muted with its
        // notifications, or about a thread it muted.
        let sql = "INSERT INTO notifications (id, account_id, from_account_id, type, status_id, created_at) \
            SELECT $1, a.id, $3, $4, $5, $6 FROM accounts a WHERE a.id = $2 AND a.domain IS NULL \
            AND NOT EXISTS (SELECT 1 FROM blocks b WHERE (b.account_id = $2 AND b.target_account_id = $3) \
                OR (b.account_id = $3 AND b.target_account_id = $2)) \
            AND NOT EXISTS (SELECT 1 FROM account_domain_blocks db JOIN accounts f ON f.domain = db.domain \
                WHERE db.account_id = $2 AND f.id = $3) \
            AND NOT EXISTS (SELECT 1 FROM mutes mu WHERE mu.account_id = $2 AND mu.target_account_id = $3 \
                AND mu.notifications AND (mu.expires_at IS NULL OR mu.expires_at > $6)) \
            AND NOT EXISTS (SELECT 1 FROM conversation_mutes cm JOIN statuses s ON cm.thread_id = s.thread_id \
                WHERE cm.account_id = $2 AND s.id = $5)";
        let id = NotificationId::generate();
        let inserted = on_conn!(self, |c| sqlx::query(sql)
            .bind(id)
            .bind(account)
            .bind(from)
            .bind(kind.as_str())
            .bind(status)
            .bind(at)
            .execute(&mut *c)
            .await
            .map(|r| r.rows_affected()))?;
        if inserted > 0 {
            self.record(Change::NotificationCreated { notification_id: id, account_id: account })?;
        }
        Ok(())
    }

    /// Takes back what [`Conn::notify`] wrote for an undone favourite or reblog.
    pub(crate) async fn unnotify(
        &mut self,
        from: AccountId,
        kind: NotificationType,
        status: StatusId,
    ) -> Result<(), StoreError> {
        let sql = "DELETE FROM notifications WHERE status_id = $1 AND from_account_id = $2 AND type = $3";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(status)
            .bind(from)
            .bind(kind.as_str())
            .execute(&mut *c)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }
}
