//! What can go wrong in the store, saying what to do next.

use std::path::PathBuf;

use super::Conflict;

/// An error of the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database URL names no supported backend; holds the URL with its password redacted.
    #[error(
        "database URL `{0}` is not supported: use postgres://USER@HOST/NAME or sqlite://PATH \
         (set database.url, or database.backend and its keys)"
    )]
    UnsupportedUrl(String),

    /// The database could not be reached, or refused the connection.
    #[error(
        "cannot connect to the database at {url}: {} ({})", describe(.cause), connect_hint(.cause)
    )]
    Connect {
        /// The database URL, password redacted.
        url: String,
        /// What sqlx reported.
        cause: sqlx::Error,
    },

    /// The SQLite database file, or a directory above it, could not be created.
    #[error(
        "cannot create {} for the SQLite database: {cause} (check the permissions there, or set \
         instance.data_dir or database.url)", .path.display()
    )]
    CreateFile {
        /// The file or directory that could not be created.
        path: PathBuf,
        /// Why it could not be created.
        cause: std::io::Error,
    },

    /// The SQLite database file does not exist, and the command only works on a migrated one.
    #[error("there is no database at {}: run `pleroctl migrate` first, which creates it", .0.display())]
    NoDatabase(PathBuf),

    /// `pleroctl db create` could not create the PostgreSQL database.
    #[error(
        "cannot create the database {url}: {} (the role needs the CREATEDB privilege, or create it as \
         a superuser)", describe(.cause)
    )]
    CreateDatabase {
        /// The database URL, password redacted.
        url: String,
        /// What sqlx reported.
        cause: sqlx::Error,
    },

    /// A write broke a rule of the schema that means something to the user (a taken nickname, a
    /// follow that exists already, a row deleted meanwhile); typed so that callers match on it,
    /// whichever backend reported it.
    #[error(transparent)]
    Conflict(#[from] Conflict),

    /// Registration named an invite code that is unknown, expired, revoked or used up (nothing
    /// was stored).
    #[error("the invite code is unknown, expired, revoked or used up: ask for a new invite")]
    InviteNotUsable,

    /// The database has a migration applied that this binary does not know: the schema is newer.
    #[error(
        "the database has migration {version} applied, which this pleroctl does not know: the \
         database schema is newer than this binary (upgrade pleroctl, or run `pleroctl migrate \
         revert` with the newer binary)"
    )]
    SchemaNewer {
        /// The unknown migration's version.
        version: i64,
    },

    /// An applied migration's checksum differs from the one built into this binary: it was edited.
    #[error(
        "migration {version} ({description}) was changed after it was applied: its checksum in the \
         database differs from this binary's (restore the original migration; never edit an \
         applied one)"
    )]
    ChecksumMismatch {
        /// The migration's version.
        version: i64,
        /// The migration's description.
        description: String,
    },

    /// A migration failed midway and was not rolled back; the schema needs fixing by hand.
    #[error(
        "migration {version} was left partially applied (fix the schema by hand, then delete its \
         row from _sqlx_migrations)"
    )]
    Dirty {
        /// The migration's version.
        version: i64,
    },

    /// A migration version was asked for that this binary does not know.
    #[error("migration {version} is not one this binary knows: run `pleroctl migrate status` to list them")]
    UnknownVersion {
        /// The version asked for.
        version: i64,
    },

    /// A migration failed and its transaction was rolled back.
    #[error("migration {version} failed and was rolled back: {}", describe(.cause))]
    Migration {
        /// The migration's version.
        version: i64,
        /// What the database reported.
        cause: sqlx::Error,
    },

    /// Any other error of sqlx's migrator.
    #[error("migrations: {0}")]
    Migrate(sqlx::migrate::MigrateError),

    /// Every id node of the database is held by a running process (see `model::id`).
    #[error(
        "all {} id nodes of the database are held by running processes (each `pleroctl serve` and \
         each running `pleroctl` command holds one): stop some and try again",
        crate::model::id::NODES
    )]
    NoIdNode,

    /// The lock file of a SQLite id node could not be created or locked.
    #[error(
        "cannot lock {} (the file that keeps this process's ids apart from other processes'): {cause} \
         (check the permissions of the database's directory)", .path.display()
    )]
    IdNodeLock {
        /// The lock file or its directory.
        path: PathBuf,
        /// What the OS reported.
        cause: std::io::Error,
    },

    /// A repository method recorded a change event outside a unit of work: a bug of plero's (the
    /// method must be declared `atomic`), reported instead of losing the event.
    #[error("internal error: a change event was recorded outside a transaction (please report this bug)")]
    NoUnitOfWork,

    /// Any other database error.
    #[error("database error: {}", describe(.0))]
    Database(sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    /// Constraint violations become [`StoreError::Conflict`] here, once for every query, so that a
    /// race the use case's early check could not see still ends in a typed error.
    fn from(err: sqlx::Error) -> Self {
        match &err {
            sqlx::Error::Database(db) => match Conflict::classify(db.as_ref()) {
                Some(conflict) => StoreError::Conflict(conflict),
                None => StoreError::Database(err),
            },
            _ => StoreError::Database(err),
        }
    }
}

fn connect_hint(err: &sqlx::Error) -> &'static str {
    match err {
        // invalid_catalog_name: the server runs, the database does not exist yet.
        sqlx::Error::Database(db) if db.code().as_deref() == Some("3D000") => {
            "create it with `pleroctl db create`"
        }
        _ => {
            "check that the database server runs and that database.url or database.host/port/name/user are right"
        }
    }
}

/// sqlx's message without its repetitions: the server's own message for database errors, the OS
/// error for I/O ones.
pub(crate) fn describe(err: &sqlx::Error) -> String {
    match err {
        sqlx::Error::Database(db) => db.message().to_string(),
        sqlx::Error::Io(io) => io.to_string(),
        sqlx::Error::PoolTimedOut => "timed out waiting for a connection".to_string(),
        other => other.to_string(),
    }
}
