//! The daemon `pleroctl serve` runs: check the database, bind, serve, drain on SIGTERM/SIGINT.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::ServiceExt;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tracing::{info, warn};

use plero_core::config::{Config, quick_start};
use plero_core::crypto::{self, PoolSettings, WhenFull};
use plero_core::events::{ChangeFeed, FeedSettings};
use plero_core::jobs;
use plero_core::store::{MigrationInfo, Progress, Store, StoreError};

use crate::app::{AppRequest, AppState, app};
use crate::logging;

/// How `pleroctl serve` was asked to start.
#[derive(Debug, Clone, Default)]
pub struct ServeOptions {
    /// Apply pending migrations before serving; without it, pending migrations refuse the start.
    pub migrate: bool,
    /// No configuration file was found: say so, since the instance runs on built-in defaults.
    pub quick_start: bool,
}

/// Why the daemon could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum DaemonError {
    #[error(transparent)]
    Logging(#[from] logging::LoggingError),
    #[error("cannot start the async runtime: {0}")]
    Runtime(#[source] std::io::Error),
    #[error(
        "cannot listen on {addr}: {source} (set http.ip/http.port, e.g. --set http.port=4001, or stop what uses it)"
    )]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("the HTTP server failed: {0}")]
    Serve(#[source] std::io::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    QuickStart(#[from] quick_start::QuickStartError),
    #[error(transparent)]
    CryptoPool(#[from] crypto::AlreadyRunning),
    #[error(
        "{} database migration(s) pending ({}): run `pleroctl migrate` first, or start with `pleroctl serve --migrate`",
        .0.len(),
        .0.iter().map(|m| format!("{} {}", m.version, m.description)).collect::<Vec<_>>().join(", ")
    )]
    MigrationsPending(Vec<MigrationInfo>),
}

/// Runs the daemon until SIGTERM or SIGINT, then drains. Blocks the calling thread.
pub fn run(mut config: Config, options: ServeOptions) -> Result<(), DaemonError> {
    limit_malloc_arenas();
    if options.quick_start && config.security.secret_key_base.is_empty() {
        // Kept, so a restart does not refuse the forms open in browsers (see LoadedConfig::serve_problems
        // for why anywhere else an empty key is refused instead).
        config.security.secret_key_base = quick_start::secret_key_base(&config.instance.data_dir)?;
    }
    // Two workers: requests are short and mostly CPU-light, and a small pool keeps idle memory low
    // on the small machines plero targets; blocking work (SQLite) has its own threads, and argon2
    // and RSA key generation the bounded crypto pool.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(16)
        .enable_all()
        .build()
        .map_err(DaemonError::Runtime)?;
    runtime.block_on(run_async(Arc::new(config), options))
}

/// glibc gives each thread that allocates an arena of its own (up to eight per core), and each
/// keeps what it was given: with a thread per SQLite connection, tokio's and the crypto pool's,
/// that was several MB of resident memory at the peak of a burst of sign-ins (benches/burst.sh).
/// Two arenas are plenty for a daemon whose heavy work (Argon2) allocates nothing per job. Called
/// before the runtime starts its threads.
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; M_ARENA_MAX takes any positive count.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

async fn run_async(config: Arc<Config>, options: ServeOptions) -> Result<(), DaemonError> {
    let logs = logging::init(&config.logging, &config.instance.domain)?;
    if options.quick_start {
        info!(
            domain = %config.instance.domain,
            data_dir = %config.instance.data_dir.display(),
            "quick-start mode: no configuration file found, running on built-in defaults with the embedded \
             SQLite database and a secret key kept in the data directory (development only; `pleroctl \
             instance gen` writes a real configuration)"
        );
    }
    let pool = crypto::install(PoolSettings::from_config(&config.security, WhenFull::Refuse))?;
    let sizes = pool.settings();
    info!(
        workers = sizes.workers,
        queue = sizes.queue,
        "crypto pool started (password hashing, key generation)"
    );
    let store = Store::open(&config).await?;
    prepare_schema(&store, options.migrate).await?;
    let feed = ChangeFeed::start(store.clone(), FeedSettings::from_config(&config)).await?;
    info!(backend = store.backend().as_str(), "change feed started");
    let state = AppState::new(config.clone(), store.clone(), Arc::new(feed));
    let counted = state.clone();
    crate::heap::spawn_trimmer(move || counted.metrics.served());
    let addr = SocketAddr::new(config.http.ip, config.http.port);
    let listener = TcpListener::bind(addr).await.map_err(|source| DaemonError::Bind { addr, source })?;
    info!(%addr, version = env!("CARGO_PKG_VERSION"), "listening");
    let grace = Duration::from_secs(config.http.shutdown_grace_secs);
    let jobs = start_job_workers(&config, &store, &state, grace);
    // One signal for both drains: HTTP stops accepting while the workers stop claiming, and both
    // finish what is in flight within the grace period, at once.
    let (stop_tx, stop_rx) = watch::channel(false);
    tokio::spawn(async move {
        shutdown_signal().await;
        let _ = stop_tx.send(true);
    });
    let (result, ()) = tokio::join!(
        serve(listener, state, stop_requested(stop_rx.clone()), grace),
        stop_job_workers(jobs, stop_rx),
    );
    store.close().await;
    logs.flush().await;
    result.map_err(DaemonError::Serve)
}

/// Starts the job workers every node runs (`[jobs]`), counting into the metrics' stats.
fn start_job_workers(config: &Config, store: &Store, state: &AppState, grace: Duration) -> jobs::Runtime {
    let settings = jobs::RuntimeSettings::from_config(&config.jobs, grace);
    jobs::Runtime::start(
        store.clone(),
        jobs::production(store.clone(), state.uploader.clone()),
        settings,
        state.job_stats.clone(),
    )
}

/// After the stop signal: the workers stop claiming, running jobs get the grace period, and the
/// rest go back to the queue, before the process exits.
async fn stop_job_workers(jobs: jobs::Runtime, stop: watch::Receiver<bool>) {
    stop_requested(stop).await;
    jobs.shutdown().await;
}

/// Resolves once the shutdown signal was received.
async fn stop_requested(mut stop: watch::Receiver<bool>) {
    let _ = stop.wait_for(|stop| *stop).await;
}

/// Refuses a database with pending migrations, or applies them when asked (`--migrate`). A schema
/// newer than this binary, or a changed migration, is an error either way.
async fn prepare_schema(store: &Store, migrate: bool) -> Result<(), DaemonError> {
    let pending = store.pending_migrations().await?;
    if pending.is_empty() {
        return Ok(());
    }
    if !migrate {
        return Err(DaemonError::MigrationsPending(pending));
    }
    let applied = store
        .migrate(&mut |progress| match progress {
            Progress::Locking => info!("taking the migration lock"),
            Progress::Planned { count } => info!(count, "applying migrations"),
            Progress::Started(m) => info!(version = m.version, description = %m.description, "migrating"),
            Progress::Finished(m, took) => {
                info!(version = m.version, took_ms = took.as_millis() as u64, "migrated")
            }
        })
        .await?;
    info!(applied = applied.len(), backend = store.backend().as_str(), "database schema is current");
    Ok(())
}

/// Serves `state` on `listener` until `shutdown` resolves; then stops accepting and gives in-flight
/// requests up to `grace` to finish. Returns `Ok` after a drain, even one cut short by `grace`.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
    grace: Duration,
) -> std::io::Result<()> {
    let (stop_tx, mut stop_rx) = watch::channel(false);
    // With the peer's address: the client's address comes from it (see `client::resolve`).
    let service = ServiceExt::<AppRequest>::into_make_service_with_connect_info::<SocketAddr>(app(state));
    let server = tokio::spawn(async move {
        axum::serve(listener, service)
            .with_graceful_shutdown(async move {
                let _ = stop_rx.wait_for(|stop| *stop).await;
            })
            .await
    });
    shutdown.await;
    info!(grace_secs = grace.as_secs(), "shutting down: no new connections, finishing requests in flight");
    let _ = stop_tx.send(true);
    match tokio::time::timeout(grace, server).await {
        Ok(Ok(result)) => {
            info!("stopped");
            result
        }
        Ok(Err(join)) => Err(std::io::Error::other(join)),
        Err(_) => {
            warn!(grace_secs = grace.as_secs(), "grace period over: requests still in flight were cut off");
            Ok(())
        }
    }
}

/// Resolves on the first SIGTERM (Kubernetes, systemd, docker stop) or SIGINT (Ctrl-C).
pub async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate()).expect("SIGTERM handler installs");
        tokio::select! {
            _ = term.recv() => info!(signal = "SIGTERM", "signal received"),
            _ = tokio::signal::ctrl_c() => info!(signal = "SIGINT", "signal received"),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
        info!(signal = "SIGINT", "signal received");
    }
}
