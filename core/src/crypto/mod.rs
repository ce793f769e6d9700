//! The process's bounded pool for expensive crypto: every Argon2id hash and verification and every
//! RSA key generation runs on it (see [`pool`]), never on tokio's unbounded blocking threads.
//!
//! One pool per process, like the allocator it protects: the server's handlers, the OAuth service
//! and the CLI reach it without passing it down, and however many app states a test builds they
//! share one memory bound. `pleroctl serve` and `pleroctl user` size it from the configuration with
//! [`install`] before any use; anything else gets [`PoolSettings::default`].

pub mod memory;
pub mod pool;

use std::sync::OnceLock;

pub use memory::{MemoryError, Workspace};
pub use pool::{CryptoPool, PoolError, PoolSettings, PoolStats, RETRY_AFTER_SECS, WhenFull};

static POOL: OnceLock<CryptoPool> = OnceLock::new();

/// [`install`] came after the pool had started (with other settings).
#[derive(Debug, thiserror::Error)]
#[error("the crypto pool is already running with {running:?}; install it before the first hash")]
pub struct AlreadyRunning {
    /// The settings it runs with.
    pub running: PoolSettings,
}

/// Starts the process's pool with `settings`. Call once, before anything hashes; installing the
/// same settings again is a no-op.
pub fn install(settings: PoolSettings) -> Result<&'static CryptoPool, AlreadyRunning> {
    let mut fresh = Some(settings.clone());
    let pool = POOL.get_or_init(|| CryptoPool::new(fresh.take().expect("init runs once")));
    let wanted = PoolSettings { workers: settings.workers.max(1), ..settings };
    if fresh.is_some() && *pool.settings() != wanted {
        return Err(AlreadyRunning { running: pool.settings().clone() });
    }
    Ok(pool)
}

/// The process's pool: the one [`install`] started, or one with default settings.
pub fn pool() -> &'static CryptoPool {
    POOL.get_or_init(|| CryptoPool::new(PoolSettings::default()))
}
