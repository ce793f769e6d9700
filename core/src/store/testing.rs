//! Test databases for the conformance suite: every case runs once on SQLite and once on
//! PostgreSQL (a database created for the test and dropped afterwards).

use super::{ConnectOptions, Store};
use crate::accounts::{LocalUrls, Registration, register};
use crate::model::{NewLocalAccount, UserAccount};

/// The password of every user [`user`] makes.
pub const PASSWORD: &str = "correct horse battery";

/// The instance URLs test users are made under.
pub fn urls() -> LocalUrls {
    LocalUrls::new("https://social.example")
}

/// The registration of a confirmed, approved local user `nickname` (email
/// `nickname@mail.example`, password [`PASSWORD`]); change fields for other cases.
pub fn registration(nickname: &str) -> Registration {
    Registration {
        nickname: nickname.into(),
        email: format!("{}@mail.example", nickname.to_lowercase()),
        password: PASSWORD.into(),
        confirmed: true,
        approved: true,
        ..Default::default()
    }
}

/// What the store is given for a new local user `nickname` (with the standard URLs under
/// [`urls`]), as the registration service would give it, without the service's checks.
pub fn new_local_account(nickname: &str, public_key_pem: &str, private_key_pem: &str) -> NewLocalAccount {
    NewLocalAccount {
        nickname: nickname.into(),
        email: format!("{}@mail.example", nickname.to_lowercase()),
        password_hash: "$argon2id$not-a-real-hash".into(),
        display_name: String::new(),
        note: String::new(),
        admin: false,
        moderator: false,
        confirmed: true,
        approved: true,
        locale: "en".into(),
        endpoints: urls().endpoints(nickname, public_key_pem.into()),
        private_key_pem: private_key_pem.into(),
        invite_code: None,
    }
}

/// Whether `password` matches a stored PHC string (checked on this thread, in memory of its own).
pub fn password_matches(password: &str, phc: &str) -> bool {
    crate::accounts::password::verify(&mut crate::crypto::Workspace::new(), password, phc)
}

/// Registers [`registration`]`(nickname)`.
pub async fn user(store: &Store, nickname: &str) -> UserAccount {
    register(store, &urls(), registration(nickname)).await.expect("registers")
}

/// Runs `future` and counts the SQL statements sqlx runs meanwhile (each one it logs under
/// `sqlx::query`), leaving out the PRAGMAs a new SQLite connection is set up with: how a test shows
/// that a store method's queries do not grow with its input.
///
/// The counter listens process-wide, since SQLite's statements run (and are logged) on its worker
/// threads: exact under `cargo nextest`, which runs each test in a process of its own.
pub async fn count_queries<T>(future: impl std::future::Future<Output = T>) -> (T, usize) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing::{Event, Metadata};

    static STATEMENTS: AtomicUsize = AtomicUsize::new(0);

    /// Whether the statement an event logs is a PRAGMA.
    struct Pragma(bool);
    impl Visit for Pragma {
        fn record_str(&mut self, field: &Field, value: &str) {
            if field.name() == "summary" {
                self.0 = value.trim_start().to_ascii_lowercase().starts_with("pragma");
            }
        }
        fn record_debug(&mut self, _: &Field, _: &dyn std::fmt::Debug) {}
    }

    /// A subscriber that wants everything and only counts sqlx's statements.
    struct Counter;
    impl tracing::Subscriber for Counter {
        fn enabled(&self, _: &Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, _: &Attributes<'_>) -> Id {
            Id::from_u64(1)
        }
        fn record(&self, _: &Id, _: &Record<'_>) {}
        fn record_follows_from(&self, _: &Id, _: &Id) {}
        fn event(&self, event: &Event<'_>) {
            if event.metadata().target() == "sqlx::query" {
                let mut pragma = Pragma(false);
                event.record(&mut pragma);
                if !pragma.0 {
                    STATEMENTS.fetch_add(1, Ordering::SeqCst);
                }
            }
        }
        fn enter(&self, _: &Id) {}
        fn exit(&self, _: &Id) {}
    }
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| tracing::subscriber::set_global_default(Counter).expect("no other subscriber"));
    let before = STATEMENTS.load(Ordering::SeqCst);
    let output = future.await;
    (output, STATEMENTS.load(Ordering::SeqCst) - before)
}

/// Base URL of the PostgreSQL server tests create their databases on.
pub fn pg_base_url() -> String {
    std::env::var("PLERO_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A migrated, empty database that goes away with this value.
pub struct TestDb {
    pub store: Store,
    pg_url: Option<String>,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    pub async fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("plero.db").display());
        let store = Store::connect(&url, &ConnectOptions::default()).await.expect("sqlite opens");
        store.migrate(&mut |_| {}).await.expect("sqlite migrates");
        Self { store, pg_url: None, _dir: Some(dir) }
    }

    /// The URL other processes reach this database at.
    pub fn url(&self) -> String {
        match &self.pg_url {
            Some(url) => url.clone(),
            None => format!("sqlite://{}", self.sqlite_path().display()),
        }
    }

    /// The database file of a [`TestDb::sqlite`].
    pub fn sqlite_path(&self) -> std::path::PathBuf {
        self._dir.as_ref().expect("a SQLite test database").path().join("plero.db")
    }

    pub async fn postgres() -> Self {
        let url = Self::create_pg_database().await;
        let store = Store::connect(&url, &ConnectOptions::default()).await.expect("postgres connects");
        store.migrate(&mut |_| {}).await.expect("postgres migrates");
        Self { store, pg_url: Some(url), _dir: None }
    }

    /// An empty, unmigrated PostgreSQL database; dropped by [`drop_pg_database`].
    pub async fn create_pg_database() -> String {
        let mut url = url::Url::parse(&pg_base_url()).expect("PLERO_TEST_PG_URL is a URL");
        // The process id too: test processes that claimed no id node may draw the same one.
        url.set_path(&format!("plero_test_{}_{}", std::process::id(), crate::model::Id::generate().0));
        let url = url.to_string();
        super::create_database(&url).await.expect("test database is created");
        url
    }
}

/// Drops a test database, disconnecting whoever is still on it.
pub fn drop_pg_database(url: String) {
    // Drop cannot await: a short-lived runtime on its own thread does it, also while panicking.
    let _ = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        rt.block_on(async {
            use sqlx::migrate::MigrateDatabase;
            let _ = sqlx::Postgres::force_drop_database(&url).await;
        });
    })
    .join();
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(url) = self.pg_url.take() {
            drop_pg_database(url);
        }
    }
}

/// Declares storage tests that run on both backends: each `async fn case(store: &Store) {…}`
/// becomes a module `case` with tests `sqlite` and `postgres`.
macro_rules! store_tests {
    ($($(#[$doc:meta])* async fn $name:ident($store:ident: &Store) $body:block)*) => {$(
        $(#[$doc])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn case($store: &$crate::store::Store) $body

            #[tokio::test]
            async fn sqlite() {
                let db = $crate::store::testing::TestDb::sqlite().await;
                case(&db.store).await;
            }

            #[tokio::test]
            async fn postgres() {
                let db = $crate::store::testing::TestDb::postgres().await;
                case(&db.store).await;
                db.store.close().await;
            }
        }
    )*};
}
pub(crate) use store_tests;

/// Another "node" on the database of `store`: a pool of its own and signals of its own, as a second
/// `pleroctl serve` (or a `pleroctl` command) would have.
pub fn another_node(store: &Store) -> Store {
    let pool = match &store.pool {
        super::Pool::Postgres(pool) => super::Pool::Postgres(
            sqlx::postgres::PgPoolOptions::new()
                .max_connections(4)
                .connect_lazy_with((*pool.connect_options()).clone()),
        ),
        super::Pool::Sqlite(pool) => super::Pool::Sqlite(
            sqlx::sqlite::SqlitePoolOptions::new()
                .max_connections(4)
                .connect_lazy_with((*pool.connect_options()).clone()),
        ),
    };
    Store { pool, url: store.url.clone(), signals: Default::default(), caches: Default::default() }
}

/// The events committed after `cursor`, in stream order, once none waits behind a transaction
/// still running (on PostgreSQL, a test on another database of the server may hold one briefly).
pub(crate) async fn settled_after(
    store: &super::Store,
    cursor: super::ChangeCursor,
) -> Vec<crate::store::StoredChange> {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let batch = store.changes_after(cursor, 1000).await.unwrap();
        if !batch.unsettled || tokio::time::Instant::now() > deadline {
            return batch.changes;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}

/// The changes committed after `cursor` ([`settled_after`]).
pub(crate) async fn changes_after(
    store: &super::Store,
    cursor: super::ChangeCursor,
) -> Vec<crate::events::Change> {
    settled_after(store, cursor).await.iter().map(|c| crate::events::Change::from_json(&c.payload)).collect()
}

/// The cursor after every event committed so far (`change_cursor_now` may lie a little before
/// it on PostgreSQL while another transaction of the server runs; tests want it exact).
pub(crate) async fn end_of_stream(store: &super::Store) -> super::ChangeCursor {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let batch = store.changes_after(super::ChangeCursor::default(), 100_000).await.unwrap();
        if !batch.unsettled || tokio::time::Instant::now() > deadline {
            return batch.changes.last().map(|c| c.cursor()).unwrap_or_default();
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}
