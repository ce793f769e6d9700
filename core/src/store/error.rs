//! What can go wrong in the store, saying what to do next.

use std::path::PathBuf;

/// An error of the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "database URL `{0}` is not supported: use postgres://USER@HOST/NAME or sqlite://PATH \
         (set database.url, or database.backend and its keys)"
    )]
    UnsupportedUrl(String),

    #[error(
        "cannot connect to the database at {url}: {source} (check that the database server runs and \
         that database.url or database.host/port/name/user are right)"
    )]
    Connect {
        url: String,
        #[source]
        source: sqlx::Error,
    },

    #[error("cannot create directory {path} for the SQLite database: {source}")]
    CreateDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("cannot create the database {url}: {source} (the role needs the CREATEDB privilege)")]
    CreateDatabase {
        url: String,
        #[source]
        source: sqlx::Error,
    },

    /// A uniqueness rule was broken: `what` names the value that is taken.
    #[error("{what} is already taken")]
    Conflict { what: String },

    #[error("the invite code is unknown, expired, revoked or used up: ask for a new invite")]
    InviteNotUsable,

    #[error(
        "the database has migration {version} applied, which this pleroctl does not know: the \
         database schema is newer than this binary (upgrade pleroctl, or run `pleroctl migrate \
         revert` with the newer binary)"
    )]
    SchemaNewer { version: i64 },

    #[error(
        "migration {version} ({description}) was changed after it was applied: its checksum in the \
         database differs from this binary's (restore the original migration; never edit an \
         applied one)"
    )]
    ChecksumMismatch { version: i64, description: String },

    #[error(
        "migration {version} was left partially applied (fix the schema by hand, then delete its \
         row from _sqlx_migrations)"
    )]
    Dirty { version: i64 },

    #[error("migration {version} is not one this binary knows: run `pleroctl migrate status` to list them")]
    UnknownVersion { version: i64 },

    #[error("migration {version} failed: {source}")]
    Migration {
        version: i64,
        #[source]
        source: sqlx::Error,
    },

    #[error("migrations: {0}")]
    Migrate(#[source] sqlx::migrate::MigrateError),

    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

impl StoreError {
    /// Maps a unique violation to [`StoreError::Conflict`] naming the taken value, using
    /// `name_of` to translate the index (constraint) name; any other error is kept as is.
    pub(crate) fn from_unique(err: sqlx::Error, name_of: impl Fn(&str) -> Option<&'static str>) -> Self {
        if let sqlx::Error::Database(db) = &err
            && db.is_unique_violation()
        {
            // PostgreSQL names the constraint; SQLite only says it in the message
            // ("UNIQUE constraint failed: index 'accounts_nickname_domain'" or "…: users.email").
            let text = db.constraint().map(str::to_string).unwrap_or_else(|| db.message().to_string());
            let what = name_of(&text).unwrap_or("a unique value");
            return StoreError::Conflict { what: what.to_string() };
        }
        StoreError::Database(err)
    }
}
