//! Change events: what other parts of the system (caches now; streaming and timelines later) must
//! hear of, on this node and on every other.
//!
//! A change is recorded by the repository method that makes it, in the same transaction
//! (`store::Tx`), with an ordered position; after commit, each node's [`ChangeFeed`] reads what is
//! new and hands it to its subscribers. How a node hears that something is new: at once for its own
//! commits, through `LISTEN/NOTIFY` from other nodes on PostgreSQL, and by an indexed read of the
//! newest position every [`feed::SQLITE_POLL`] on SQLite (where `pleroctl` is the other process).

mod change;
pub mod feed;

pub use change::{Change, Event};

use crate::store::{Store, StoreError};

/// Commits a [`Change::Ping`] in a unit of work of its own: every node's feed delivers it, so a
/// subscriber can measure how long a commit takes to reach it. Returns the ping's position.
pub async fn ping(store: &Store) -> Result<i64, StoreError> {
    let mut tx = store.begin().await?;
    tx.record(Change::Ping { sent_at: chrono::Utc::now() });
    let positions = tx.commit().await?;
    Ok(positions.last().copied().unwrap_or_default())
}
pub use feed::{ChangeFeed, FeedSettings, FeedStats};
