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
pub use feed::{ChangeFeed, FeedSettings, FeedStats};
