//! A node's change feed: one task that reads committed change events in position order and hands
//! them to this node's subscribers.
//!
//! One reader per node keeps delivery ordered and free of duplicates whatever woke it: this
//! process's own commits ([`crate::store::Signals`]), a `NOTIFY` from another node (PostgreSQL), a
//! poll (SQLite, where `pleroctl` writes from another process), or a reconnect. Whatever woke it,
//! it reads every event after the last position it delivered, so a lost notification costs latency,
//! never an event.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::Duration;

use sqlx::postgres::{PgListener, PgPool, PgPoolOptions};
use tokio::sync::broadcast;
use tokio::task::JoinHandle;
use tracing::{debug, info, warn};

use super::{Change, Event};
use crate::store::{CHANGES_CHANNEL, JOBS_CHANNEL, Store, StoreError};

/// How often a SQLite node reads the newest position (an indexed read of the table's last row):
/// the bound on how late it hears of another process's commit.
pub const SQLITE_POLL: Duration = Duration::from_millis(250);

/// How often a PostgreSQL node reads new events even without a notification: a safety net, since a
/// notification can be lost between a dropped connection and its replacement.
const PG_SAFETY_POLL: Duration = Duration::from_secs(5);

/// Events read per query while catching up.
const BATCH: i64 = 500;

/// Events a slow subscriber may fall behind before it is told to resync ([`Event::Resync`]).
const SUBSCRIBER_BUFFER: usize = 4096;

/// How often old events are pruned.
const PRUNE_EVERY: Duration = Duration::from_secs(3600);

/// How the feed runs.
#[derive(Debug, Clone)]
pub struct FeedSettings {
    /// How long events are kept (`events.retention_hours`): the longest a node may be cut off from
    /// the database and still catch up event by event rather than resync.
    pub retention: Duration,
}

/// What the feed has done, for `/metrics`.
#[derive(Debug, Default)]
pub struct FeedStats {
    /// The position of the last event delivered.
    pub position: AtomicI64,
    /// Events delivered to subscribers.
    pub delivered: AtomicU64,
    /// Times the `LISTEN` connection was lost and made again (PostgreSQL).
    pub reconnects: AtomicU64,
    /// Events pruned after the retention period.
    pub pruned: AtomicU64,
}

/// A running change feed (see the module's documentation). Dropping it stops the reader.
pub struct ChangeFeed {
    sender: broadcast::Sender<Event>,
    stats: Arc<FeedStats>,
    task: JoinHandle<()>,
}

impl std::fmt::Debug for ChangeFeed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChangeFeed").field("stats", &self.stats).finish_non_exhaustive()
    }
}

impl Drop for ChangeFeed {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl ChangeFeed {
    /// Starts the feed at the newest committed position: subscribers hear of what is committed from
    /// now on. On PostgreSQL the `LISTEN` connection is made before this returns, so a failure to
    /// reach the database is reported here.
    pub async fn start(store: Store, settings: FeedSettings) -> Result<Self, StoreError> {
        let (sender, _) = broadcast::channel(SUBSCRIBER_BUFFER);
        let stats = Arc::new(FeedStats::default());
        let position = store.newest_change_position().await?;
        stats.position.store(position, Ordering::Relaxed);
        let listener = match store.postgres_pool() {
            Some(pool) => Some(Listener::connect(pool).await.map_err(StoreError::from)?),
            None => None,
        };
        let reader = Reader { store, sender: sender.clone(), stats: stats.clone(), position, settings };
        let task = tokio::spawn(reader.run(listener));
        Ok(Self { sender, stats, task })
    }

    /// A new subscription: every event committed from now on, in position order. A subscriber that
    /// falls more than a few thousand events behind gets `RecvError::Lagged`; it must then treat
    /// everything as changed (as for [`Event::Resync`]).
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.sender.subscribe()
    }

    /// What the feed has done so far.
    pub fn stats(&self) -> &FeedStats {
        &self.stats
    }
}

/// The `LISTEN` connection of a PostgreSQL node, on a pool of its own so that it never takes one
/// of the request pool's connections, and named so that operators (and tests) can find it in
/// `pg_stat_activity`.
struct Listener {
    pool: PgPool,
    listener: Option<PgListener>,
}

/// `application_name` of the `LISTEN` connection.
pub const LISTENER_APPLICATION_NAME: &str = "plero change feed";

impl Listener {
    async fn connect(store_pool: &PgPool) -> Result<Self, sqlx::Error> {
        let options = (*store_pool.connect_options()).clone().application_name(LISTENER_APPLICATION_NAME);
        let pool = PgPoolOptions::new()
            .max_connections(1)
            .min_connections(0)
            .max_lifetime(None)
            .idle_timeout(None)
            .acquire_timeout(Duration::from_secs(5))
            .connect_lazy_with(options);
        let mut this = Self { pool, listener: None };
        this.listen().await?;
        Ok(this)
    }

    async fn listen(&mut self) -> Result<(), sqlx::Error> {
        let mut listener = PgListener::connect_with(&self.pool).await?;
        listener.ignore_pool_close_event(true);
        listener.listen_all([CHANGES_CHANNEL, JOBS_CHANNEL]).await?;
        self.listener = Some(listener);
        Ok(())
    }
}

/// What woke the reader.
enum Wake {
    /// Read what is new.
    Read,
    /// The `LISTEN` connection was lost.
    Lost,
}

struct Reader {
    store: Store,
    sender: broadcast::Sender<Event>,
    stats: Arc<FeedStats>,
    position: i64,
    settings: FeedSettings,
}

impl Reader {
    async fn run(mut self, mut listener: Option<Listener>) {
        let signals = self.store.signals().clone();
        let poll = if listener.is_some() { PG_SAFETY_POLL } else { SQLITE_POLL };
        let mut tick = tokio::time::interval(poll);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut prune = tokio::time::interval(PRUNE_EVERY);
        prune.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            let wake = tokio::select! {
                _ = signals.changes.notified() => Wake::Read,
                _ = tick.tick() => Wake::Read,
                _ = prune.tick() => {
                    self.prune().await;
                    continue;
                }
                wake = next_notification(&mut listener, &signals) => wake,
            };
            if let Wake::Lost = wake {
                let Some(l) = listener.as_mut() else { continue };
                self.reconnect(l).await;
            }
            self.catch_up().await;
        }
    }

    /// Makes the `LISTEN` connection again, retrying with backoff until it is back; then the caller
    /// reads what was committed meanwhile.
    async fn reconnect(&mut self, l: &mut Listener) {
        l.listener = None;
        let mut delay = Duration::from_millis(50);
        loop {
            match l.listen().await {
                Ok(()) => break,
                Err(err) => {
                    warn!(error = %err, retry_in_ms = delay.as_millis() as u64, "change feed: cannot LISTEN again");
                    tokio::time::sleep(delay).await;
                    delay = (delay * 2).min(Duration::from_secs(5));
                }
            }
        }
        let count = self.stats.reconnects.fetch_add(1, Ordering::Relaxed) + 1;
        info!(
            reconnects = count,
            position = self.position,
            "change feed: LISTEN connection made again; catching up"
        );
    }

    /// Delivers every event after the last delivered position.
    async fn catch_up(&mut self) {
        loop {
            let batch = match self.store.changes_after(self.position, BATCH).await {
                Ok(batch) => batch,
                Err(err) => {
                    // The next wake-up (at most one poll later) tries again from the same position.
                    warn!(error = %err, position = self.position, "change feed: cannot read new events");
                    return;
                }
            };
            let full = batch.len() as i64 == BATCH;
            for stored in batch {
                let change = Change::from_json(&stored.payload);
                debug!(position = stored.position, kind = change.kind(), "change event");
                self.position = stored.position;
                // No subscriber is not an error: the event is simply not needed on this node.
                let _ = self.sender.send(Event::Change {
                    position: stored.position,
                    change,
                    at: stored.created_at,
                });
                self.stats.delivered.fetch_add(1, Ordering::Relaxed);
            }
            self.stats.position.store(self.position, Ordering::Relaxed);
            if !full {
                return;
            }
        }
    }

    async fn prune(&mut self) {
        let Ok(retention) = chrono::Duration::from_std(self.settings.retention) else { return };
        let before = crate::model::time::now() - retention;
        match self.store.prune_changes(before).await {
            Ok(n) => {
                self.stats.pruned.fetch_add(n, Ordering::Relaxed);
                if n > 0 {
                    info!(pruned = n, "change feed: pruned old events");
                }
            }
            Err(err) => warn!(error = %err, "change feed: cannot prune old events"),
        }
    }
}

/// The next notification of the `LISTEN` connection: a change wakes the reader, a job wake-up goes
/// to this process's workers. Pending forever without a listener (SQLite).
async fn next_notification(listener: &mut Option<Listener>, signals: &crate::store::Signals) -> Wake {
    let Some(l) = listener.as_mut() else { return std::future::pending().await };
    let Some(pg) = l.listener.as_mut() else { return Wake::Lost };
    loop {
        match pg.try_recv().await {
            Ok(Some(notification)) if notification.channel() == JOBS_CHANNEL => {
                signals.jobs.notify_waiters();
            }
            Ok(Some(_)) => return Wake::Read,
            Ok(None) => return Wake::Lost,
            Err(err) => {
                warn!(error = %err, "change feed: the LISTEN connection failed");
                return Wake::Lost;
            }
        }
    }
}
