//! The `change_events` table: change events recorded by units of work, read by every node's feed.

use super::unit::{Conn, on_conn};
use super::{Store, StoreError, on_pool};
use crate::events::Change;
use crate::model::Timestamp;
use crate::model::time::{now, truncate};

/// A stored change event.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredChange {
    /// Its place in the stream; increases in commit order.
    pub position: i64,
    /// The change as JSON ([`Change::to_json`]).
    pub payload: String,
    /// When it was committed.
    pub created_at: Timestamp,
}

impl Conn<'_> {
    /// Inserts the unit's changes and returns their positions, in order. Called by `Tx::commit`
    /// under the ordering lock.
    pub(crate) async fn insert_changes(&mut self, changes: &[Change]) -> Result<Vec<i64>, StoreError> {
        let sql =
            "INSERT INTO change_events (kind, payload, created_at) VALUES ($1, $2, $3) RETURNING position";
        let at = now();
        let mut positions = Vec::with_capacity(changes.len());
        for change in changes {
            let position: i64 = on_conn!(self, |c| sqlx::query_scalar(sql)
                .bind(change.kind())
                .bind(change.to_json())
                .bind(at)
                .fetch_one(&mut *c)
                .await)?;
            positions.push(position);
        }
        Ok(positions)
    }
}

impl Store {
    /// Up to `limit` changes after `position`, oldest first.
    pub async fn changes_after(&self, position: i64, limit: i64) -> Result<Vec<StoredChange>, StoreError> {
        let sql = "SELECT position, payload, created_at FROM change_events WHERE position > $1 \
                   ORDER BY position LIMIT $2";
        Ok(on_pool!(self, |pool| sqlx::query_as(sql).bind(position).bind(limit).fetch_all(pool).await)?)
    }

    /// The newest position committed (0 when there is none): where a node that starts now begins.
    pub async fn newest_change_position(&self) -> Result<i64, StoreError> {
        let sql = "SELECT COALESCE(MAX(position), 0) FROM change_events";
        Ok(on_pool!(self, |pool| sqlx::query_scalar(sql).fetch_one(pool).await)?)
    }

    /// Deletes changes committed before `before` (`events.retention_hours`), keeping the newest
    /// one so that positions never restart. Returns how many were deleted.
    pub async fn prune_changes(&self, before: Timestamp) -> Result<u64, StoreError> {
        let sql = "DELETE FROM change_events WHERE created_at < $1 \
                   AND position < (SELECT MAX(position) FROM change_events)";
        Ok(on_pool!(self, |pool| sqlx::query(sql)
            .bind(truncate(before))
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?)
    }
}
