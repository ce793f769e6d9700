//! Schema migrations, embedded in the binary: `migrations/postgres/` and `migrations/sqlite/`.
//!
//! sqlx's `Migrator::run` already takes a PostgreSQL advisory lock (so of two `pleroctl migrate`
//! started at once one applies and the other waits, then finds nothing pending) and applies each
//! migration in its own transaction. It reports no progress, though, so the loop is ours, built on
//! the same `Migrate` primitives and the same lock. sqlx's SQLite lock does nothing; there an OS
//! file lock next to the database plays the advisory lock's part (released by the OS even when the
//! process dies).

use std::collections::HashMap;
use std::time::Duration;

use sqlx::migrate::{AppliedMigration, Migrate, MigrateError, Migration, Migrator};

use super::{Backend, Pool, Store, StoreError, on_pool};
use crate::model::Timestamp;

static POSTGRES: Migrator = sqlx::migrate!("../migrations/postgres");
static SQLITE: Migrator = sqlx::migrate!("../migrations/sqlite");

/// sqlx's bookkeeping table.
const TABLE: &str = "_sqlx_migrations";

fn migrator(backend: Backend) -> &'static Migrator {
    match backend {
        Backend::Postgres => &POSTGRES,
        Backend::Sqlite => &SQLITE,
    }
}

/// A migration this binary knows.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MigrationInfo {
    /// The version: the number the migration's file name starts with (e.g. `20261125000001`).
    pub version: i64,
    /// The rest of the file name, with `_` as spaces (e.g. `initial schema`).
    pub description: String,
}

impl MigrationInfo {
    fn of(m: &Migration) -> Self {
        Self { version: m.version, description: m.description.to_string() }
    }
}

/// Where a migration stands in the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MigrationState {
    /// Applied, and the same SQL as this binary's.
    Applied,
    /// Known to this binary, not yet applied.
    Pending,
    /// Applied, but its SQL in this binary differs from what was applied.
    ChecksumMismatch,
    /// Applied by a newer binary: this one does not know it.
    Unknown,
}

/// One row of `pleroctl migrate status`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MigrationStatus {
    /// The version (see [`MigrationInfo::version`]).
    pub version: i64,
    /// What the migration does, from its file name.
    pub description: String,
    /// Where it stands in the database.
    pub state: MigrationState,
    /// When it was applied; `None` while pending.
    pub applied_at: Option<Timestamp>,
}

/// What a running migration or revert reports, for a progress bar or log lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// About to take the migration lock: this waits while another process migrates.
    Locking,
    /// `count` migrations are about to be applied (or reverted).
    Planned {
        /// How many.
        count: usize,
    },
    /// A migration is starting.
    Started(MigrationInfo),
    /// A migration is done, and how long it took.
    Finished(MigrationInfo, Duration),
}

impl Store {
    /// The migrations this binary embeds for this store's backend, oldest first.
    pub fn known_migrations(&self) -> Vec<MigrationInfo> {
        ups(migrator(self.backend())).map(MigrationInfo::of).collect()
    }

    /// The state of every migration, known or found in the database, by version.
    pub async fn migration_status(&self) -> Result<Vec<MigrationStatus>, StoreError> {
        let applied = self.applied_migrations().await?;
        let installed = self.installed().await?;
        let known = migrator(self.backend());
        let mut rows: Vec<MigrationStatus> = ups(known)
            .map(|m| {
                let state = match applied.iter().find(|a| a.version == m.version) {
                    None => MigrationState::Pending,
                    Some(a) if a.checksum == m.checksum => MigrationState::Applied,
                    Some(_) => MigrationState::ChecksumMismatch,
                };
                MigrationStatus {
                    version: m.version,
                    description: m.description.to_string(),
                    state,
                    applied_at: installed.get(&m.version).map(|(_, at)| *at),
                }
            })
            .collect();
        for a in applied.iter().filter(|a| !known.version_exists(a.version)) {
            rows.push(MigrationStatus {
                version: a.version,
                description: installed.get(&a.version).map(|(d, _)| d.clone()).unwrap_or_default(),
                state: MigrationState::Unknown,
                applied_at: installed.get(&a.version).map(|(_, at)| *at),
            });
        }
        rows.sort_by_key(|r| r.version);
        Ok(rows)
    }

    /// The migrations not applied yet. Fails when the database schema is newer than this binary or
    /// an applied migration was changed: the server must not start on such a database.
    pub async fn pending_migrations(&self) -> Result<Vec<MigrationInfo>, StoreError> {
        let applied = self.applied_migrations().await?;
        let known = migrator(self.backend());
        validate(&applied, known)?;
        Ok(ups(known)
            .filter(|m| !applied.iter().any(|a| a.version == m.version))
            .map(MigrationInfo::of)
            .collect())
    }

    /// Applies every pending migration, each in its own transaction, under the migration lock.
    /// Returns what was applied (nothing when another process applied them meanwhile).
    pub async fn migrate(
        &self,
        progress: &mut (dyn FnMut(Progress) + Send),
    ) -> Result<Vec<MigrationInfo>, StoreError> {
        let known = migrator(self.backend());
        progress(Progress::Locking);
        let _file_lock = self.sqlite_migration_lock().await?;
        on_pool!(self, |pool| {
            let mut conn = pool.acquire().await?;
            run_locked(&mut *conn, known, Op::Apply, progress).await
        })
    }

    /// Refuses a `--to` version this binary does not know (0 means "revert everything"), so a
    /// caller can say so before asking for confirmation.
    pub fn check_revert_target(&self, to: Option<i64>) -> Result<(), StoreError> {
        match to {
            Some(target) if target != 0 && !migrator(self.backend()).version_exists(target) => {
                Err(StoreError::UnknownVersion { version: target })
            }
            _ => Ok(()),
        }
    }

    /// Reverts applied migrations newer than `to` (newest first); with `to = None`, only the newest
    /// one. Returns what was reverted.
    pub async fn revert(
        &self,
        to: Option<i64>,
        progress: &mut (dyn FnMut(Progress) + Send),
    ) -> Result<Vec<MigrationInfo>, StoreError> {
        self.check_revert_target(to)?;
        let known = migrator(self.backend());
        progress(Progress::Locking);
        let _file_lock = self.sqlite_migration_lock().await?;
        on_pool!(self, |pool| {
            let mut conn = pool.acquire().await?;
            run_locked(&mut *conn, known, Op::Revert(to), progress).await
        })
    }

    /// SQLite: an exclusive lock on `<database>.migrate-lock`, held until the returned file is
    /// dropped; waits while another process holds it. PostgreSQL and in-memory SQLite: none.
    async fn sqlite_migration_lock(&self) -> Result<Option<std::fs::File>, StoreError> {
        let Pool::Sqlite(pool) = &self.pool else {
            return Ok(None);
        };
        let db = pool.connect_options().get_filename().to_path_buf();
        if db.as_os_str().is_empty() || db.as_os_str() == ":memory:" {
            return Ok(None);
        }
        let mut path = db.into_os_string();
        path.push(".migrate-lock");
        let path = std::path::PathBuf::from(path);
        let locked = tokio::task::spawn_blocking(move || {
            let file = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path)?;
            file.lock()?;
            Ok::<_, std::io::Error>(file)
        })
        .await
        .map_err(|e| StoreError::Database(sqlx::Error::Io(std::io::Error::other(e))))?;
        locked.map(Some).map_err(|e| StoreError::Database(sqlx::Error::Io(e)))
    }

    async fn applied_migrations(&self) -> Result<Vec<AppliedMigration>, StoreError> {
        if !self.has_migrations_table().await? {
            return Ok(Vec::new());
        }
        on_pool!(self, |pool| {
            let mut conn = pool.acquire().await?;
            conn.list_applied_migrations(TABLE).await.map_err(migrate_error)
        })
    }

    /// When each applied migration was applied, and its description as recorded then (what a
    /// newer binary called it, for migrations this one does not know).
    async fn installed(&self) -> Result<HashMap<i64, (String, Timestamp)>, StoreError> {
        if !self.has_migrations_table().await? {
            return Ok(HashMap::new());
        }
        let sql = "SELECT version, description, installed_on FROM _sqlx_migrations ORDER BY version";
        let rows: Vec<(i64, String, Timestamp)> =
            on_pool!(self, |pool| sqlx::query_as(sql).fetch_all(pool).await)?;
        Ok(rows.into_iter().map(|(version, description, at)| (version, (description, at))).collect())
    }

    /// Reading status must not create the bookkeeping table (a read-only look at a database).
    async fn has_migrations_table(&self) -> Result<bool, StoreError> {
        let count: i64 = match &self.pool {
            Pool::Postgres(pool) => {
                sqlx::query_scalar("SELECT count(*) FROM pg_tables WHERE tablename = '_sqlx_migrations' AND schemaname = current_schema()")
                    .fetch_one(pool)
                    .await?
            }
            Pool::Sqlite(pool) => {
                sqlx::query_scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'")
                    .fetch_one(pool)
                    .await?
            }
        };
        Ok(count > 0)
    }
}

fn ups(migrator: &Migrator) -> impl Iterator<Item = &Migration> {
    migrator.iter().filter(|m| !m.migration_type.is_down_migration())
}

/// What to do under the lock.
#[derive(Clone, Copy)]
enum Op {
    Apply,
    Revert(Option<i64>),
}

/// Takes the migration lock (waiting while another process holds it), runs `op`, and releases the
/// lock — also when `op` failed.
async fn run_locked<C: Migrate + Send>(
    conn: &mut C,
    known: &Migrator,
    op: Op,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> Result<Vec<MigrationInfo>, StoreError> {
    conn.lock().await.map_err(migrate_error)?;
    let result = run_op(&mut *conn, known, op, progress).await;
    let unlocked = conn.unlock().await.map_err(migrate_error);
    let done = result?;
    unlocked?;
    Ok(done)
}

async fn run_op<C: Migrate + Send>(
    conn: &mut C,
    known: &Migrator,
    op: Op,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> Result<Vec<MigrationInfo>, StoreError> {
    conn.ensure_migrations_table(TABLE).await.map_err(migrate_error)?;
    if let Some(version) = conn.dirty_version(TABLE).await.map_err(migrate_error)? {
        return Err(StoreError::Dirty { version });
    }
    match op {
        Op::Apply => apply_pending(conn, known, progress).await,
        Op::Revert(to) => revert_to(conn, known, to, progress).await,
    }
}

async fn apply_pending<C: Migrate + Send>(
    conn: &mut C,
    known: &Migrator,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> Result<Vec<MigrationInfo>, StoreError> {
    let applied = conn.list_applied_migrations(TABLE).await.map_err(migrate_error)?;
    validate(&applied, known)?;
    let pending: Vec<&Migration> =
        ups(known).filter(|m| !applied.iter().any(|a| a.version == m.version)).collect();
    progress(Progress::Planned { count: pending.len() });
    let mut done = Vec::new();
    for migration in pending {
        let info = MigrationInfo::of(migration);
        progress(Progress::Started(info.clone()));
        let elapsed = conn.apply(TABLE, migration).await.map_err(|e| step_error(e, migration.version))?;
        progress(Progress::Finished(info.clone(), elapsed));
        done.push(info);
    }
    Ok(done)
}

async fn revert_to<C: Migrate + Send>(
    conn: &mut C,
    known: &Migrator,
    to: Option<i64>,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> Result<Vec<MigrationInfo>, StoreError> {
    let applied = conn.list_applied_migrations(TABLE).await.map_err(migrate_error)?;
    validate(&applied, known)?;
    let mut versions: Vec<i64> = applied.iter().map(|a| a.version).collect();
    versions.sort_unstable_by(|a, b| b.cmp(a));
    let selected: Vec<i64> = match to {
        Some(target) => versions.into_iter().filter(|v| *v > target).collect(),
        None => versions.into_iter().take(1).collect(),
    };
    let downs: Vec<&Migration> = selected
        .iter()
        .filter_map(|v| known.iter().find(|m| m.version == *v && m.migration_type.is_down_migration()))
        .collect();
    progress(Progress::Planned { count: downs.len() });
    let mut done = Vec::new();
    for migration in downs {
        let info = MigrationInfo::of(migration);
        progress(Progress::Started(info.clone()));
        let elapsed = conn.revert(TABLE, migration).await.map_err(|e| step_error(e, migration.version))?;
        progress(Progress::Finished(info.clone(), elapsed));
        done.push(info);
    }
    Ok(done)
}

/// Every applied migration must be known with the same checksum.
fn validate(applied: &[AppliedMigration], known: &Migrator) -> Result<(), StoreError> {
    for a in applied {
        match ups(known).find(|m| m.version == a.version) {
            None => return Err(StoreError::SchemaNewer { version: a.version }),
            Some(m) if m.checksum != a.checksum => {
                return Err(StoreError::ChecksumMismatch {
                    version: a.version,
                    description: m.description.to_string(),
                });
            }
            Some(_) => {}
        }
    }
    Ok(())
}

fn step_error(err: MigrateError, version: i64) -> StoreError {
    match err {
        MigrateError::ExecuteMigration(source, version) => StoreError::Migration { version, cause: source },
        MigrateError::Execute(source) => StoreError::Migration { version, cause: source },
        other => StoreError::Migrate(other),
    }
}

fn migrate_error(err: MigrateError) -> StoreError {
    match err {
        MigrateError::Execute(source) => StoreError::Database(source),
        MigrateError::Dirty(version) => StoreError::Dirty { version },
        other => StoreError::Migrate(other),
    }
}
