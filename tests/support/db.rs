//! A database for one end-to-end test, on either backend, and `pleroctl` commands pointed at it.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Runs each `fn case(db: &TestDb)` once on SQLite and once on PostgreSQL: modules `case` with
/// tests `sqlite` and `postgres`.
#[macro_export]
macro_rules! both_backends {
    ($($(#[$doc:meta])* fn $name:ident($db:ident: &TestDb) $body:block)*) => {$(
        $(#[$doc])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            fn case($db: &$crate::support::db::TestDb) $body

            #[test]
            fn sqlite() {
                case(&$crate::support::db::TestDb::sqlite());
            }

            #[test]
            fn postgres() {
                case(&$crate::support::db::TestDb::postgres());
            }
        }
    )*};
}

pub struct TestDb {
    dir: tempfile::TempDir,
    env: Vec<(&'static str, String)>,
    pg_url: Option<String>,
}

impl TestDb {
    /// The SQLite default (`data/plero.db` under a fresh working directory), not created yet.
    pub fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let data = dir.path().join("data");
        Self { env: vec![("PLERO_INSTANCE__DATA_DIR", data.display().to_string())], dir, pg_url: None }
    }

    /// A fresh, empty PostgreSQL database, dropped with this value.
    pub fn postgres() -> Self {
        let mut url = url::Url::parse(&super::pg_base_url()).expect("PLERO_TEST_PG_URL is a URL");
        let name = format!("plero_e2e_{}_{}", std::process::id(), unique());
        url.set_path(&name);
        let url = url.to_string();
        block_on(async {
            use sqlx::migrate::MigrateDatabase;
            sqlx::Postgres::create_database(&url).await.expect("test database is created");
        });
        Self {
            dir: tempfile::tempdir().expect("temp dir"),
            env: vec![("PLERO_DATABASE__BACKEND", "postgres".into()), ("PLERO_DATABASE__URL", url.clone())],
            pg_url: Some(url),
        }
    }

    /// The PostgreSQL database's URL (`None` on SQLite).
    pub fn pg_url(&self) -> Option<&str> {
        self.pg_url.as_deref()
    }

    /// The PostgreSQL database's name (`None` on SQLite).
    pub fn pg_name(&self) -> Option<String> {
        let url = url::Url::parse(self.pg_url.as_deref()?).expect("a URL");
        Some(url.path().trim_start_matches('/').to_owned())
    }

    /// Gives the PostgreSQL database to `role`, so that a server connecting as it can migrate it.
    pub fn give_to(&self, role: &PgRole) {
        let name = self.pg_name().expect("a PostgreSQL database");
        self.execute(&format!("ALTER DATABASE \"{name}\" OWNER TO \"{}\"", role.name()));
    }

    pub fn is_postgres(&self) -> bool {
        self.pg_url.is_some()
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// `pleroctl args…` against this database, with stdin not a terminal.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = super::pleroctl();
        cmd.args(args).current_dir(self.dir.path()).stdin(Stdio::null());
        for (key, value) in &self.env {
            cmd.env(key, value);
        }
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().expect("pleroctl runs")
    }

    /// Runs `pleroctl` with `input` on its stdin (a pipe, not a terminal).
    pub fn run_with_stdin(&self, args: &[&str], input: impl AsRef<[u8]>) -> Output {
        let mut child = self
            .cmd(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("pleroctl starts");
        child.stdin.take().expect("stdin").write_all(input.as_ref()).expect("stdin takes the input");
        child.wait_with_output().expect("pleroctl finishes")
    }

    /// Runs SQL on the database directly (to set up states pleroctl would never create).
    pub fn execute(&self, sql: &str) {
        let sql = sql.to_string();
        match &self.pg_url {
            Some(url) => {
                let url = url.clone();
                block_on(async move {
                    use sqlx::Connection;
                    let mut conn = sqlx::PgConnection::connect(&url).await.expect("connects");
                    sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(&mut conn).await.expect("SQL runs");
                })
            }
            None => {
                let url = format!("sqlite://{}", self.dir.path().join("data/plero.db").display());
                block_on(async move {
                    use sqlx::Connection;
                    let mut conn = sqlx::SqliteConnection::connect(&url).await.expect("connects");
                    sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(&mut conn).await.expect("SQL runs");
                })
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(url) = self.pg_url.take() {
            block_on(async move {
                use sqlx::migrate::MigrateDatabase;
                let _ = sqlx::Postgres::force_drop_database(&url).await;
            });
        }
    }
}

/// A PostgreSQL login role of its own for one test (roles belong to the whole cluster), dropped
/// with this value. Declare it before the [`TestDb`] it owns, so that the database is dropped first.
pub struct PgRole {
    name: String,
}

impl PgRole {
    pub fn new() -> Self {
        let name = format!("plero_e2e_role_{}_{}", std::process::id(), unique());
        on_cluster(format!("CREATE ROLE \"{name}\" LOGIN"));
        Self { name }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// `url` with this role as its user.
    pub fn url(&self, url: &str) -> String {
        let mut url = url::Url::parse(url).expect("a URL");
        url.set_username(&self.name).expect("a URL with a user");
        url.to_string()
    }

    /// The SQL that lets this role log in, or not (`ALTER ROLE … LOGIN`, `NOLOGIN`): whether new
    /// connections as this role are accepted; the open ones are kept either way.
    pub fn login_sql(&self, login: bool) -> String {
        format!("ALTER ROLE \"{}\" {}", self.name, if login { "LOGIN" } else { "NOLOGIN" })
    }
}

impl Drop for PgRole {
    fn drop(&mut self) {
        let sql = format!("DROP ROLE IF EXISTS \"{}\"", self.name);
        block_on(async move {
            use sqlx::Connection;
            if let Ok(mut conn) = sqlx::PgConnection::connect(&super::pg_base_url()).await {
                let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(&mut conn).await;
            }
        });
    }
}

/// Runs `sql` on the test cluster's base database.
fn on_cluster(sql: String) {
    block_on(async move {
        use sqlx::Connection;
        let mut conn = sqlx::PgConnection::connect(&super::pg_base_url()).await.expect("connects");
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(&mut conn).await.expect("SQL runs");
    })
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    (u64::from(nanos) << 8) | NEXT.fetch_add(1, Ordering::Relaxed)
}

fn block_on<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime").block_on(future)
}
