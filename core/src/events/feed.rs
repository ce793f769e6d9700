//! A node's change feed: one task that reads committed change events in stream order and hands
//! them to this node's subscribers.
//!
//! One reader per node keeps delivery ordered and free of duplicates whatever woke it: this
//! process's own commits ([`crate::store::Signals`]), a `NOTIFY` from another node (PostgreSQL), a
//! poll (SQLite, where `pleroctl` writes from another process), or a reconnect. Whatever woke it,
//! it reads every event after the last one it delivered, so a lost notification costs latency,
//! never an event.

use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use sqlx::postgres::{PgListener, PgPool, PgPoolOptions};
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tracing::{debug, info, warn};

use super::{Change, Event};
use crate::store::{CHANGES_CHANNEL, ChangeCursor, JOBS_CHANNEL, Store, StoreError};

/// How often a SQLite node reads what is new (an indexed read past the last event it delivered):
/// the bound on how late it hears of another process's commit.
pub const SQLITE_POLL: Duration = Duration::from_millis(250);

/// How often a PostgreSQL node reads new events even without a notification: a safety net, since a
/// notification can be lost between a dropped connection and its replacement.
const PG_SAFETY_POLL: Duration = Duration::from_secs(5);

/// How soon to read again when events wait behind an older transaction still running (doubling,
/// up to [`RECHECK_MAX`], while they wait).
const RECHECK_FIRST: Duration = Duration::from_millis(2);
const RECHECK_MAX: Duration = Duration::from_millis(200);

/// Events read per query while catching up.
const BATCH: i64 = 500;

/// How long [`ChangeFeed::caught_up`] waits for this process's own commits to be applied before
/// giving up (the database is unreachable): a request is served slightly stale rather than hung.
const CATCH_UP_WAIT: Duration = Duration::from_secs(2);

/// How often old events are pruned.
const PRUNE_EVERY: Duration = Duration::from_secs(3600);

/// How the feed runs.
#[derive(Debug, Clone)]
pub struct FeedSettings {
    /// How long events are kept (`events.retention_hours`): the longest a node may be cut off from
    /// the database and still catch up event by event rather than resync.
    pub retention: Duration,
}

impl FeedSettings {
    /// `events.retention_hours`.
    pub fn from_config(config: &crate::config::Config) -> Self {
        Self { retention: Duration::from_secs(config.events.retention_hours.saturating_mul(3600)) }
    }
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

/// A subscriber: called by the reader for each event, in stream order. It must be quick and
/// must not block (bump a cache generation, push into a channel).
pub type Subscriber = Box<dyn Fn(&Event) + Send + Sync>;

/// A running change feed (see the module's documentation). Dropping it stops the reader.
pub struct ChangeFeed {
    subscribers: Arc<RwLock<Vec<Subscriber>>>,
    /// Where in the stream every subscriber has been called up to.
    applied: watch::Receiver<ChangeCursor>,
    signals: Arc<crate::store::Signals>,
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
    /// Starts the feed at the end of the stream: subscribers hear of what is committed from
    /// now on. On PostgreSQL the `LISTEN` connection is made before this returns, so a failure to
    /// reach the database is reported here.
    pub async fn start(store: Store, settings: FeedSettings) -> Result<Self, StoreError> {
        let stats = Arc::new(FeedStats::default());
        let cursor = store.change_cursor_now().await?;
        let (applied_tx, applied) = watch::channel(cursor);
        let subscribers: Arc<RwLock<Vec<Subscriber>>> = Arc::default();
        let signals = store.signals().clone();
        let listener = match store.postgres_pool() {
            Some(pool) => Some(Listener::connect(pool).await.map_err(StoreError::from)?),
            None => None,
        };
        let reader = Reader {
            store,
            subscribers: subscribers.clone(),
            applied: applied_tx,
            stats: stats.clone(),
            cursor,
            settings,
            recheck: None,
        };
        let task = tokio::spawn(reader.run(listener));
        Ok(Self { subscribers, applied, signals, stats, task })
    }

    /// Calls `subscriber` for every event delivered from now on, in stream order, on the feed's
    /// task.
    pub fn subscribe(&self, subscriber: impl Fn(&Event) + Send + Sync + 'static) {
        self.subscribers.write().unwrap_or_else(|e| e.into_inner()).push(Box::new(subscriber));
    }

    /// Waits until every change this process committed has been applied by the subscribers: after
    /// it, a cache read on this node sees this node's own writes (read-your-writes). Immediate when
    /// there is nothing to wait for; gives up after a short while if the database cannot be read.
    pub async fn caught_up(&self) {
        let committed = *self.signals.committed.lock().unwrap_or_else(|e| e.into_inner());
        if *self.applied.borrow() >= committed {
            return;
        }
        let mut applied = self.applied.clone();
        let _ = tokio::time::timeout(CATCH_UP_WAIT, applied.wait_for(|p| *p >= committed)).await;
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
        // Without this, a lost connection is made again inside `try_recv`, an await that the
        // reader's `select!` may cancel: the next call then reconnects silently, and the reader
        // never learns that it must catch up and tell subscribers to resync. Off, the loss is
        // reported at once (`Ok(None)`), and the reader reconnects itself.
        listener.eager_reconnect(false);
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
    subscribers: Arc<RwLock<Vec<Subscriber>>>,
    applied: watch::Sender<ChangeCursor>,
    stats: Arc<FeedStats>,
    cursor: ChangeCursor,
    settings: FeedSettings,
    /// When events wait behind an older running transaction: how soon to read again.
    recheck: Option<Duration>,
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
                _ = tokio::time::sleep(self.recheck.unwrap_or_default()), if self.recheck.is_some() => Wake::Read,
                _ = prune.tick() => {
                    self.prune().await;
                    continue;
                }
                wake = next_notification(&mut listener, &signals) => wake,
            };
            if let Wake::Lost = wake {
                let Some(l) = listener.as_mut() else { continue };
                self.reconnect(l).await;
                self.catch_up().await;
                // Events older than the retention period may have been pruned meanwhile, and a
                // gap in positions cannot tell a pruned event from a rolled-back one.
                self.deliver(&Event::Resync);
                continue;
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
            position = self.cursor.position,
            "change feed: LISTEN connection made again; catching up"
        );
    }

    fn deliver(&self, event: &Event) {
        for subscriber in self.subscribers.read().unwrap_or_else(|e| e.into_inner()).iter() {
            subscriber(event);
        }
    }

    /// Delivers every settled event after the last one delivered.
    async fn catch_up(&mut self) {
        loop {
            let batch = match self.store.changes_after(self.cursor, BATCH).await {
                Ok(batch) => batch,
                Err(err) => {
                    // The next wake-up (at most one poll later) tries again from the same position.
                    warn!(error = %err, position = self.cursor.position, "change feed: cannot read new events");
                    return;
                }
            };
            let full = batch.changes.len() as i64 == BATCH;
            self.recheck = match (batch.unsettled, self.recheck) {
                (false, _) => None,
                (true, None) => Some(RECHECK_FIRST),
                (true, Some(delay)) => Some((delay * 2).min(RECHECK_MAX)),
            };
            for stored in batch.changes {
                let change = Change::from_json(&stored.payload);
                debug!(position = stored.position, kind = change.kind(), "change event");
                self.cursor = stored.cursor();
                self.deliver(&Event::Change { position: stored.position, change, at: stored.created_at });
                self.stats.delivered.fetch_add(1, Ordering::Relaxed);
            }
            self.stats.position.store(self.cursor.position, Ordering::Relaxed);
            self.applied.send_replace(self.cursor);
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
