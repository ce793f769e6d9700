//! Units of work: one use case's writes (rows, jobs, change events) in one commit or none.
//!
//! Every repository method is written once, on [`Conn`] (a connection of either backend), and the
//! [`repository!`] macro gives it twice to callers: on [`Store`], where it runs on a pooled
//! connection (or, for `atomic` methods, in a transaction of its own), and on [`Tx`], where it runs
//! inside the caller's transaction. A use case that writes several things begins a [`Tx`], calls
//! the same methods on it, and commits once.
//!
//! Change events are recorded on the unit ([`Conn::record`]) and inserted at commit with the id of
//! the transaction that wrote them (see `store/events.rs` for how readers order them without a
//! lock between writers); once committed, this process is told at once ([`Signals`]) and, on
//! PostgreSQL, every other node through `NOTIFY`, sent after the commit: a `NOTIFY` inside the
//! transaction would make PostgreSQL serialize the commits of every transaction that sends one,
//! disk flush included.

use std::sync::Arc;

use sqlx::{PgConnection, Postgres, Sqlite, SqliteConnection, Transaction};

use super::{Pool, Store, StoreError};
use crate::events::Change;

/// A connection of either backend: one borrowed from the pool, or the one a [`Tx`] holds.
pub(crate) struct Conn<'c> {
    pub(crate) db: Db<'c>,
    /// The unit of work this connection belongs to; `None` outside a transaction.
    unit: Option<&'c mut Pending>,
}

/// The native connection of [`Conn`].
pub(crate) enum Db<'c> {
    Postgres(&'c mut PgConnection),
    Sqlite(&'c mut SqliteConnection),
}

/// Runs `$body` with `$c` bound to the native connection (`&mut PgConnection` or
/// `&mut SqliteConnection`) of a [`Conn`]; the body is compiled once per backend, so queries
/// shared by both are written once. Pass the connection to sqlx as `&mut *$c`.
macro_rules! on_conn {
    ($conn:expr, |$c:ident| $body:expr) => {
        match &mut $conn.db {
            $crate::store::unit::Db::Postgres(inner) => {
                let $c: &mut sqlx::PgConnection = &mut **inner;
                $body
            }
            $crate::store::unit::Db::Sqlite(inner) => {
                let $c: &mut sqlx::SqliteConnection = &mut **inner;
                $body
            }
        }
    };
}
pub(crate) use on_conn;

/// Declares repository methods once, on [`Conn`], and gives each to [`Store`] and [`Tx`].
///
/// `plain` methods run on [`Store`] over a pooled connection, with no transaction (one statement,
/// or reads only); `atomic` methods run on [`Store`] in a transaction of their own, committed when
/// they return `Ok` (several statements that must hold together, or change events). On [`Tx`]
/// both run in the caller's transaction. The first parameter names the [`Conn`].
macro_rules! repository {
    ($(
        $(#[$meta:meta])*
        $mode:ident fn $name:ident($c:ident $(, $arg:ident : $ty:ty)* $(,)?) -> $ret:ty $body:block
    )*) => {
        impl $crate::store::unit::Conn<'_> {
            $(
                #[allow(clippy::needless_lifetimes)]
                pub(crate) async fn $name(&mut self $(, $arg: $ty)*) -> $ret {
                    let $c = self;
                    $body
                }
            )*
        }
        impl $crate::store::Store {
            $(
                $(#[$meta])*
                pub async fn $name(&self $(, $arg: $ty)*) -> $ret {
                    $crate::store::unit::repository!(@store $mode self, $name($($arg),*))
                }
            )*
        }
        impl $crate::store::Tx {
            $(
                $(#[$meta])*
                pub async fn $name(&mut self $(, $arg: $ty)*) -> $ret {
                    self.conn().$name($($arg),*).await
                }
            )*
        }
    };
    (@store plain $store:ident, $name:ident($($arg:ident),*)) => {{
        let mut held = $store.acquire().await?;
        held.conn().$name($($arg),*).await
    }};
    (@store atomic $store:ident, $name:ident($($arg:ident),*)) => {{
        let mut tx = $store.begin().await?;
        let out = tx.conn().$name($($arg),*).await?;
        tx.commit().await?;
        Ok(out)
    }};
}
pub(crate) use repository;

impl Conn<'_> {
    /// Which database this connection talks to.
    pub(crate) fn backend(&self) -> super::Backend {
        match self.db {
            Db::Postgres(_) => super::Backend::Postgres,
            Db::Sqlite(_) => super::Backend::Sqlite,
        }
    }

    /// SQL selecting the ids of a JSON array bound at `$param` ([`id_list`]), for `x IN (…)`: a
    /// single bind whatever the number of ids (no IN list of as many placeholders, which would be
    /// a different statement per count and hit the backends' bind limits), unpacked by each
    /// backend's own JSON function.
    pub(crate) fn ids_in(&self, param: usize) -> String {
        match self.backend() {
            super::Backend::Postgres => {
                format!("SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST(${param} AS json))")
            }
            super::Backend::Sqlite => format!("SELECT CAST(value AS INTEGER) FROM json_each(${param})"),
        }
    }

    /// [`Conn::ids_in`] for a JSON array of strings bound at `$param`.
    pub(crate) fn texts_in(&self, param: usize) -> String {
        match self.backend() {
            super::Backend::Postgres => {
                format!("SELECT value FROM json_array_elements_text(CAST(${param} AS json))")
            }
            super::Backend::Sqlite => format!("SELECT value FROM json_each(${param})"),
        }
    }

    /// Records `change` in this unit of work: it is stored with the unit's other writes at commit
    /// and published after it. Outside a transaction this is a bug of the calling method (declare
    /// it `atomic`), reported as [`StoreError::NoUnitOfWork`] rather than losing the event.
    pub(crate) fn record(&mut self, change: Change) -> Result<(), StoreError> {
        match self.unit.as_deref_mut() {
            Some(pending) => {
                pending.changes.push(change);
                Ok(())
            }
            None => Err(StoreError::NoUnitOfWork),
        }
    }

    /// Notes that this unit enqueued a job on `queue`: idle workers of this process are woken after
    /// commit (other nodes hear of it through `NOTIFY`, sent by the enqueue itself).
    pub(crate) fn enqueued(&mut self) {
        if let Some(pending) = self.unit.as_deref_mut() {
            pending.enqueued = true;
        }
    }
}

/// Ids as the JSON array [`Conn::ids_in`] unpacks.
pub(crate) fn id_list<I: Into<crate::model::Id> + Copy>(ids: &[I]) -> String {
    let ids: Vec<i64> = ids.iter().map(|id| (*id).into().0).collect();
    serde_json::to_string(&ids).expect("a list of integers is JSON")
}

/// What a unit of work does after it commits.
#[derive(Debug, Default)]
pub(crate) struct Pending {
    changes: Vec<Change>,
    enqueued: bool,
}

/// Wake-ups inside one process, shared by every clone of a [`Store`]: a unit that committed
/// change events or jobs tells this process's change feed and job workers at once, without
/// waiting for a poll or a round trip through the database.
#[derive(Debug, Default)]
pub struct Signals {
    /// Change events were committed.
    pub changes: tokio::sync::Notify,
    /// Where in the stream this process's newest committed change is (for read-your-writes, see
    /// `ChangeFeed::caught_up`).
    pub committed: std::sync::Mutex<super::ChangeCursor>,
    /// Jobs were enqueued (or released) and may be claimed.
    pub jobs: tokio::sync::Notify,
}

/// A pooled connection held for one repository call on [`Store`].
pub(crate) enum Held {
    Postgres(sqlx::pool::PoolConnection<Postgres>),
    Sqlite(sqlx::pool::PoolConnection<Sqlite>),
}

impl Held {
    pub(crate) fn conn(&mut self) -> Conn<'_> {
        let db = match self {
            Held::Postgres(c) => Db::Postgres(&mut *c),
            Held::Sqlite(c) => Db::Sqlite(&mut *c),
        };
        Conn { db, unit: None }
    }
}

enum Inner {
    Postgres(Transaction<'static, Postgres>),
    Sqlite(Transaction<'static, Sqlite>),
}

/// A unit of work: a transaction with every repository method of [`Store`]. Dropped without
/// [`Tx::commit`], it rolls back and publishes nothing.
pub struct Tx {
    inner: Inner,
    pending: Pending,
    store: Store,
}

impl std::fmt::Debug for Tx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tx").field("pending", &self.pending).finish_non_exhaustive()
    }
}

/// The PostgreSQL channel change events are announced on (empty payload: readers read what is new).
pub const CHANGES_CHANNEL: &str = "plero_changes";

/// The PostgreSQL channel enqueued jobs are announced on, so idle workers on every node wake up;
/// the payload is the queue's name.
pub const JOBS_CHANNEL: &str = "plero_jobs";

impl Store {
    /// Begins a unit of work. On SQLite the write lock is taken up front (`BEGIN IMMEDIATE`): a
    /// deferred transaction that reads and then writes fails at once with SQLITE_BUSY when another
    /// connection wrote in between, which `busy_timeout` does not retry.
    pub async fn begin(&self) -> Result<Tx, StoreError> {
        let inner = match &self.pool {
            Pool::Postgres(pool) => Inner::Postgres(pool.begin().await?),
            Pool::Sqlite(pool) => Inner::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
        };
        Ok(Tx { inner, pending: Pending::default(), store: self.clone() })
    }

    /// A pooled connection for one repository call outside a transaction.
    pub(crate) async fn acquire(&self) -> Result<Held, StoreError> {
        Ok(match &self.pool {
            Pool::Postgres(pool) => Held::Postgres(pool.acquire().await?),
            Pool::Sqlite(pool) => Held::Sqlite(pool.acquire().await?),
        })
    }

    /// This process's wake-ups (see [`Signals`]).
    pub fn signals(&self) -> &Arc<Signals> {
        &self.signals
    }
}

impl Tx {
    /// The unit's connection, for repository methods.
    pub(crate) fn conn(&mut self) -> Conn<'_> {
        let db = match &mut self.inner {
            Inner::Postgres(tx) => Db::Postgres(tx),
            Inner::Sqlite(tx) => Db::Sqlite(tx),
        };
        Conn { db, unit: Some(&mut self.pending) }
    }

    /// Records a change of the use case itself (one no repository method records), committed with
    /// the unit's other writes.
    pub fn record(&mut self, change: Change) {
        self.pending.changes.push(change);
    }

    /// Commits every write of the unit, with its change events; then tells this process (and, on
    /// PostgreSQL, every node) what was committed. Returns the events' positions.
    pub async fn commit(mut self) -> Result<Vec<i64>, StoreError> {
        let changes = std::mem::take(&mut self.pending.changes);
        let cursors =
            if changes.is_empty() { Vec::new() } else { self.conn().insert_changes(&changes).await? };
        match self.inner {
            Inner::Postgres(tx) => tx.commit().await?,
            Inner::Sqlite(tx) => tx.commit().await?,
        }
        // This node reads its own writes at once; other nodes hear of them through the feed.
        for change in &changes {
            self.store.caches.apply(change);
        }
        let signals = &self.store.signals;
        if let Some(last) = cursors.iter().max() {
            let mut committed = signals.committed.lock().unwrap_or_else(|e| e.into_inner());
            *committed = (*committed).max(*last);
            drop(committed);
            signals.changes.notify_one();
        }
        if self.pending.enqueued {
            signals.jobs.notify_waiters();
        }
        if let Pool::Postgres(pool) = &self.store.pool {
            let channels = [(!cursors.is_empty(), CHANGES_CHANNEL), (self.pending.enqueued, JOBS_CHANNEL)];
            for (_, channel) in channels.iter().filter(|(wanted, _)| *wanted) {
                // A notification-only statement writes nothing to disk. If it fails, the commit
                // stands: other nodes find the change at their next read (at most a safety poll).
                if let Err(err) = sqlx::query("SELECT pg_notify($1, '')").bind(channel).execute(pool).await {
                    tracing::warn!(error = %err, channel, "cannot notify other nodes of a commit");
                }
            }
        }
        Ok(cursors.iter().map(|c| c.position).collect())
    }

    /// Rolls the unit back (as dropping it does, but waiting for the database to confirm).
    pub async fn rollback(self) -> Result<(), StoreError> {
        match self.inner {
            Inner::Postgres(tx) => tx.rollback().await?,
            Inner::Sqlite(tx) => tx.rollback().await?,
        }
        Ok(())
    }
}
