//! The `change_events` table: change events recorded by units of work, read by every node's feed.
//!
//! How readers never skip an event without a lock between writers: a position from a sequence is
//! taken at insert, and transactions commit in any order, so "everything after the last position
//! read" could skip a smaller position committed later. On PostgreSQL each event also keeps the id
//! of the transaction that wrote it, and readers go in (transaction id, position) order, only as far
//! as the oldest transaction still running (`pg_snapshot_xmin`): every transaction older than that
//! has ended, so nothing can appear behind the reader. Newer rows are *unsettled*: the reader
//! comes back for them shortly. On SQLite one writer at a time commits in position order, and the
//! transaction id is 0.

use super::unit::{Conn, Db, on_conn};
use super::{Store, StoreError, on_pool};
use crate::events::Change;
use crate::model::Timestamp;
use crate::model::time::{now, truncate};

/// A place in the change stream: events are read in this order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct ChangeCursor {
    /// The id of the transaction that wrote the event (PostgreSQL); 0 on SQLite.
    pub tx: i64,
    /// The event's position, unique and increasing within a transaction.
    pub position: i64,
}

/// A stored change event.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredChange {
    /// Its place in the stream.
    pub position: i64,
    /// The transaction that wrote it (0 on SQLite).
    pub tx_id: i64,
    /// The change as JSON ([`Change::to_json`]).
    pub payload: String,
    /// When it was committed.
    pub created_at: Timestamp,
}

impl StoredChange {
    /// Where this event is in the stream.
    pub fn cursor(&self) -> ChangeCursor {
        ChangeCursor { tx: self.tx_id, position: self.position }
    }
}

/// What [`Store::changes_after`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeBatch {
    /// Settled events after the cursor, in stream order.
    pub changes: Vec<StoredChange>,
    /// Whether committed events exist that cannot be delivered yet, because an older transaction
    /// is still running: read again shortly.
    pub unsettled: bool,
}

#[derive(sqlx::FromRow)]
struct Row {
    #[sqlx(flatten)]
    change: StoredChange,
    settled: bool,
}

/// The oldest transaction id still running, as a BIGINT (`xid8` has no direct cast).
const XMIN: &str = "CAST(CAST(pg_snapshot_xmin(pg_current_snapshot()) AS TEXT) AS BIGINT)";

impl Conn<'_> {
    /// Inserts the unit's changes and returns where they are in the stream, in order. Called by
    /// `Tx::commit` just before it commits.
    pub(crate) async fn insert_changes(
        &mut self,
        changes: &[Change],
    ) -> Result<Vec<ChangeCursor>, StoreError> {
        let tx_id = match self.db {
            Db::Postgres(_) => "CAST(CAST(pg_current_xact_id() AS TEXT) AS BIGINT)",
            Db::Sqlite(_) => "0",
        };
        let sql = format!(
            "INSERT INTO change_events (tx_id, kind, payload, created_at) VALUES ({tx_id}, $1, $2, $3) \
             RETURNING position, tx_id"
        );
        let at = now();
        let mut cursors = Vec::with_capacity(changes.len());
        for change in changes {
            let (position, tx): (i64, i64) =
                on_conn!(self, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
                    .bind(change.kind())
                    .bind(change.to_json())
                    .bind(at)
                    .fetch_one(&mut *c)
                    .await)?;
            cursors.push(ChangeCursor { tx, position });
        }
        Ok(cursors)
    }
}

impl Store {
    /// Up to `limit` events after `cursor`, in stream order, as far as they are settled.
    pub async fn changes_after(&self, cursor: ChangeCursor, limit: i64) -> Result<ChangeBatch, StoreError> {
        let settled = match self.backend() {
            super::Backend::Postgres => format!("tx_id < {XMIN}"),
            super::Backend::Sqlite => "TRUE".to_string(),
        };
        let sql = format!(
            "SELECT position, tx_id, payload, created_at, {settled} AS settled FROM change_events \
             WHERE (tx_id, position) > ($1, $2) ORDER BY tx_id, position LIMIT $3"
        );
        let rows: Vec<Row> = on_pool!(self, |pool| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(cursor.tx)
            .bind(cursor.position)
            .bind(limit)
            .fetch_all(pool)
            .await)?;
        let unsettled = rows.iter().any(|r| !r.settled);
        // Sorted by transaction id, so the settled rows come first.
        let changes = rows.into_iter().take_while(|r| r.settled).map(|r| r.change).collect();
        Ok(ChangeBatch { changes, unsettled })
    }

    /// Where a reader that starts now begins: after every event settled so far. (On PostgreSQL an
    /// event committed just before may be read once more; readers treat events as "something
    /// changed", so a repeat costs a cache refill, never a wrong answer.)
    pub async fn change_cursor_now(&self) -> Result<ChangeCursor, StoreError> {
        Ok(match self.backend() {
            super::Backend::Postgres => {
                let sql = format!("SELECT {XMIN}");
                let xmin: i64 = on_pool!(self, |pool| sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                    .fetch_one(pool)
                    .await)?;
                ChangeCursor { tx: xmin - 1, position: i64::MAX }
            }
            super::Backend::Sqlite => {
                let sql = "SELECT COALESCE(MAX(position), 0) FROM change_events";
                let position: i64 = on_pool!(self, |pool| sqlx::query_scalar(sql).fetch_one(pool).await)?;
                ChangeCursor { tx: 0, position }
            }
        })
    }

    /// Deletes changes committed before `before` (`events.retention_hours`). Returns how many.
    pub async fn prune_changes(&self, before: Timestamp) -> Result<u64, StoreError> {
        let sql = "DELETE FROM change_events WHERE created_at < $1";
        Ok(on_pool!(self, |pool| sqlx::query(sql)
            .bind(truncate(before))
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?)
    }
}
