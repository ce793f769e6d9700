//! The storage API: one [`Store`] over PostgreSQL or SQLite, chosen by the database URL.
//!
//! Why an enum over the two native pools rather than `sqlx::Any` or code generic over
//! `sqlx::Database`: shared queries are written once (the [`on_pool!`] macro type-checks the same
//! body against each pool), rows decode into the same `FromRow` structs with native types on both
//! sides (`chrono` timestamps, booleans), and what truly differs stays reachable — PostgreSQL's
//! advisory locks, `LISTEN/NOTIFY` and `SKIP LOCKED`, SQLite's pragmas. `Any` supports neither
//! chrono types nor backend-specific features, and generic code needs long trait bounds on every
//! method. SQL is written with `$1` placeholders, which both backends accept.

mod accounts;
pub mod blocks;
pub mod cache;
#[cfg(test)]
mod catalog;
mod conflict;
pub mod edits;
mod error;
mod events;
pub mod favourites;
pub mod follows;
mod id_nodes;
mod instances;
mod invites;
mod jobs;
pub mod media;
mod migrate;
pub mod notifications;
pub mod oauth;
mod page;
mod stats;
pub mod statuses;
pub(crate) mod unit;

#[cfg(test)]
mod conformance;
#[cfg(test)]
pub(crate) mod testing;
#[cfg(test)]
mod unit_conformance;

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions, PgSslMode};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{ConnectOptions as _, Connection as _};

use crate::config::{Config, redact_url};

pub use accounts::{AccountDeletion, AccountWithUser};
pub use conflict::Conflict;
pub use error::StoreError;
pub use events::{ChangeBatch, ChangeCursor, StoredChange};
pub use jobs::{JobChange, JobFilter, LEASE_EXPIRED_ON_LAST_ATTEMPT, OldestDue, QueueDepth};
pub use migrate::{MigrationInfo, MigrationState, MigrationStatus, Progress};
pub use page::{PageItem, PageRequest};
pub use stats::PoolStats;
pub use unit::{CHANGES_CHANNEL, JOBS_CHANNEL, Signals, Tx};

/// Which database a [`Store`] talks to: the backend `database.backend` names.
pub use crate::config::DatabaseBackend as Backend;

impl Backend {
    /// The backend a URL names: `postgres://`/`postgresql://` or `sqlite:`; any other is refused.
    pub fn of_url(url: &str) -> Result<Self, StoreError> {
        Self::of_scheme(url).ok_or_else(|| StoreError::UnsupportedUrl(redact_url(url)))
    }
}

/// How to connect, besides the URL.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    /// Most connections the pool opens (`database.pool_size`).
    pub max_connections: u32,
    /// How long to wait for a connection before giving up (`database.connect_timeout_secs`).
    pub connect_timeout: Duration,
    /// PostgreSQL cancels a statement running longer (so one slow query cannot hold a connection
    /// forever); `None`: no limit (migrations, which may build large indexes).
    pub statement_timeout: Option<Duration>,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        Self { max_connections: 10, connect_timeout: Duration::from_secs(5), statement_timeout: None }
    }
}

impl ConnectOptions {
    /// `database.pool_size`, `database.connect_timeout_secs`, `database.statement_timeout_secs`
    /// (0: no limit).
    pub fn from_config(config: &Config) -> Self {
        let statement = config.database.statement_timeout_secs;
        Self {
            max_connections: config.database.pool_size.max(1),
            connect_timeout: Duration::from_secs(config.database.connect_timeout_secs.max(1)),
            statement_timeout: (statement > 0).then(|| Duration::from_secs(statement)),
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) enum Pool {
    Postgres(PgPool),
    Sqlite(SqlitePool),
}

/// The storage API. Cheap to clone (it holds a connection pool).
#[derive(Debug, Clone)]
pub struct Store {
    pub(crate) pool: Pool,
    /// The URL with its password redacted, for messages.
    url: String,
    /// Wake-ups within this process, shared by every clone (see [`Signals`]).
    signals: std::sync::Arc<Signals>,
    /// This node's caches, shared by every clone (see [`cache`]).
    caches: std::sync::Arc<cache::Caches>,
}

/// Runs `$body` with `$pool` bound to the native pool of either backend. The body is compiled once
/// per backend, so queries shared by both are written once.
macro_rules! on_pool {
    ($store:expr, |$pool:ident| $body:expr) => {
        match &$store.pool {
            $crate::store::Pool::Postgres($pool) => $body,
            $crate::store::Pool::Sqlite($pool) => $body,
        }
    };
}
pub(crate) use on_pool;

impl Store {
    /// This node's caches of accounts and status decorations, kept right by the change stream.
    pub fn caches(&self) -> &cache::Caches {
        &self.caches
    }

    /// Connects to the database `config` names (see [`Config::database_url`]), and claims this
    /// process's id node there ([`Store::claim_id_node`]). For SQLite the database file and its
    /// directory are created on first use.
    pub async fn open(config: &Config) -> Result<Self, StoreError> {
        let store =
            Self::connect(config.database_url().expose(), &ConnectOptions::from_config(config)).await?;
        store.claim_id_node().await?;
        Ok(store)
    }

    /// Like [`Store::open`], for commands that need a database that exists already (they would find
    /// no tables in a new one): a missing SQLite file is [`StoreError::NoDatabase`], not created.
    pub async fn open_existing(config: &Config) -> Result<Self, StoreError> {
        let url = config.database_url();
        if Backend::of_url(url.expose())? == Backend::Sqlite {
            let path = sqlite_options(url.expose())
                .map_err(|cause| StoreError::Connect { url: redact_url(url.expose()), cause })?
                .get_filename()
                .to_path_buf();
            if !path.exists() {
                return Err(StoreError::NoDatabase(path));
            }
        }
        Self::open(config).await
    }

    /// Like [`Store::open`], without the statement timeout: for migrations, whose statements may
    /// run long on a big database.
    pub async fn open_for_migrations(config: &Config) -> Result<Self, StoreError> {
        let options = ConnectOptions { statement_timeout: None, ..ConnectOptions::from_config(config) };
        Self::connect(config.database_url().expose(), &options).await
    }

    /// Connects to `url` (`postgres://…` or `sqlite://…`).
    pub async fn connect(url: &str, options: &ConnectOptions) -> Result<Self, StoreError> {
        let redacted = redact_url(url);
        let connect_error = |cause: sqlx::Error| StoreError::Connect { url: redacted.clone(), cause };
        let pool = match Backend::of_url(url)? {
            Backend::Postgres => {
                let mut opts = PgConnectOptions::from_str(url).map_err(connect_error)?;
                if tls_is_pointless(url, opts.get_host()) {
                    opts = opts.ssl_mode(PgSslMode::Disable);
                }
                if let Some(timeout) = options.statement_timeout {
                    opts = opts.options([("statement_timeout", format!("{}ms", timeout.as_millis()))]);
                }
                // One connection first, so a refused or misconfigured connection reports its real
                // cause rather than the pool's "timed out".
                let first = tokio::time::timeout(options.connect_timeout, opts.connect())
                    .await
                    .map_err(|_| connect_error(sqlx::Error::PoolTimedOut))?
                    .map_err(connect_error)?;
                first.close().await.map_err(connect_error)?;
                let pool = PgPoolOptions::new()
                    .max_connections(options.max_connections)
                    .acquire_timeout(options.connect_timeout)
                    .connect_lazy_with(opts);
                Pool::Postgres(pool)
            }
            Backend::Sqlite => {
                let opts = sqlite_options(url).map_err(connect_error)?;
                create_private_file(opts.get_filename())?;
                // Switching a new database to WAL needs the file to itself, and SQLite answers
                // "database is locked" at once (busy_timeout does not cover it) while another
                // process is creating or migrating it: retry that, up to the connect timeout.
                let deadline = tokio::time::Instant::now() + options.connect_timeout;
                let pool = loop {
                    let attempt = SqlitePoolOptions::new()
                        .max_connections(options.max_connections)
                        .acquire_timeout(options.connect_timeout)
                        .connect_with(opts.clone())
                        .await;
                    match attempt {
                        Err(err) if is_sqlite_busy(&err) && tokio::time::Instant::now() < deadline => {
                            tokio::time::sleep(Duration::from_millis(20)).await;
                        }
                        other => break other.map_err(connect_error)?,
                    }
                };
                Pool::Sqlite(pool)
            }
        };
        Ok(Store { pool, url: redacted, signals: Default::default(), caches: Default::default() })
    }

    /// Which database this store talks to.
    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Postgres(_) => Backend::Postgres,
            Pool::Sqlite(_) => Backend::Sqlite,
        }
    }

    /// The PostgreSQL pool, for what only PostgreSQL has (`LISTEN`); `None` on SQLite.
    pub(crate) fn postgres_pool(&self) -> Option<&PgPool> {
        match &self.pool {
            Pool::Postgres(pool) => Some(pool),
            Pool::Sqlite(_) => None,
        }
    }

    /// The database URL with its password redacted.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Whether the database answers (for `/readyz`).
    pub async fn ping(&self) -> Result<(), StoreError> {
        on_pool!(self, |pool| sqlx::query("SELECT 1").execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Closes every connection of the pool.
    pub async fn close(&self) {
        on_pool!(self, |pool| pool.close().await)
    }
}

/// Creates a missing SQLite database file, and the directories above it, readable by this user alone
/// (0600 in 0700 directories): it holds the accounts' private keys and password hashes. SQLite gives
/// its `-wal` and `-shm` files the database file's permissions. An existing file is left as it is.
fn create_private_file(path: &std::path::Path) -> Result<(), StoreError> {
    if path.as_os_str().is_empty() || path.as_os_str() == ":memory:" || path.exists() {
        return Ok(());
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir).map_err(|cause| StoreError::CreateFile { path: dir.to_path_buf(), cause })?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        // Another process created it meanwhile (two migrates at once): theirs is as good.
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(cause) => Err(StoreError::CreateFile { path: path.to_path_buf(), cause }),
    }
}

/// Whether to skip TLS to PostgreSQL when the URL (and `PGSSLMODE`) leave it to the default,
/// `prefer`: on loopback or a Unix socket it protects nothing, and with sqlx 0.9.0 each handshake
/// costs ~40 ms per round trip to Nagle's algorithm (sqlx#4335, TCP_NODELAY is not set), ~300 ms
/// for every `pleroctl` command. An explicit `sslmode` is always honoured.
fn tls_is_pointless(url: &str, host: &str) -> bool {
    let explicit = url.contains("sslmode=") || std::env::var_os("PGSSLMODE").is_some();
    let local = host.starts_with('/')
        || host.eq_ignore_ascii_case("localhost")
        || host.trim_matches(['[', ']']).parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    !explicit && local
}

/// SQLITE_BUSY ("database is locked"), the primary result code 5 of any extended code.
fn is_sqlite_busy(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::Database(db) => {
            db.code().and_then(|c| c.parse::<i32>().ok()).is_some_and(|c| c & 0xff == 5)
        }
        _ => false,
    }
}

/// SQLite: create the file on first use, WAL so readers never wait for the writer, foreign keys on
/// (cascading deletes rely on them), and a busy timeout instead of "database is locked" errors.
fn sqlite_options(url: &str) -> Result<SqliteConnectOptions, sqlx::Error> {
    Ok(SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10)))
}

/// Creates the PostgreSQL database `url` names when it does not exist yet (`pleroctl db create`);
/// for SQLite, creates the file. Returns whether it was created.
pub async fn create_database(url: &str) -> Result<bool, StoreError> {
    use sqlx::migrate::MigrateDatabase;
    let redacted = redact_url(url);
    let error = |cause: sqlx::Error| StoreError::CreateDatabase { url: redacted.clone(), cause };
    match Backend::of_url(url)? {
        Backend::Postgres => {
            if sqlx::Postgres::database_exists(url).await.map_err(error)? {
                return Ok(false);
            }
            sqlx::Postgres::create_database(url).await.map_err(error)?;
            Ok(true)
        }
        Backend::Sqlite => {
            let opts = sqlite_options(url).map_err(error)?;
            let exists = opts.get_filename().exists();
            let store =
                Store::connect(url, &ConnectOptions { max_connections: 1, ..Default::default() }).await?;
            store.close().await;
            Ok(!exists)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::tls_is_pointless;

    #[test]
    fn tls_is_skipped_only_on_loopback_and_only_when_not_asked_for() {
        assert!(tls_is_pointless("postgres://p@127.0.0.1/plero", "127.0.0.1"));
        assert!(tls_is_pointless("postgres://p@localhost/plero", "localhost"));
        assert!(tls_is_pointless("postgres://p@[::1]/plero", "[::1]"));
        assert!(tls_is_pointless("postgres:///plero?host=/run/postgresql", "/run/postgresql"));
        assert!(!tls_is_pointless("postgres://p@127.0.0.1/plero?sslmode=require", "127.0.0.1"));
        assert!(!tls_is_pointless("postgres://p@db.internal/plero", "db.internal"));
        assert!(!tls_is_pointless("postgres://p@10.0.0.5/plero", "10.0.0.5"));
    }
}
