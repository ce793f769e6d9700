//! `pleroctl migrate` and `pleroctl db create`, on SQLite and PostgreSQL.

mod support;

use std::process::Command;

use support::db::TestDb;
use support::{stderr, stdout};

fn assert_ok(out: &std::process::Output) {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        stdout(out),
        stderr(out)
    );
}

/// The migrations this binary embeds, `(version, description)` oldest first, read from the same
/// folder (both backends have the same versions), so these tests hold as migrations are added.
fn migrations() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../migrations/sqlite");
    let mut found: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("the migrations folder")
        .filter_map(|entry| {
            let name = entry.unwrap().file_name().into_string().unwrap();
            let stem = name.strip_suffix(".up.sql")?;
            let (version, description) = stem.split_once('_').unwrap();
            Some((version.to_string(), description.replace('_', " ")))
        })
        .collect();
    found.sort();
    found
}

/// What `migrate` says when it applies every migration of an empty database.
fn applied_all() -> String {
    let n = migrations().len();
    format!("applied {n} migration{}", if n == 1 { "" } else { "s" })
}

both_backends! {
    fn migrate_applies_pending_migrations_then_finds_nothing_to_do(db: &TestDb) {
        let first = db.run(&["migrate"]);
        assert_ok(&first);
        assert!(stderr(&first).contains(&applied_all()), "{}", stderr(&first));
        assert!(stderr(&first).contains("initial schema"), "progress names each migration: {}", stderr(&first));
        assert_eq!(stdout(&first), "", "progress goes to stderr");
        let second = db.run(&["migrate"]);
        assert_ok(&second);
        assert!(stderr(&second).contains("up to date"), "{}", stderr(&second));
    }

    fn migrate_check_fails_while_something_is_pending(db: &TestDb) {
        let before = db.run(&["migrate", "check"]);
        assert_eq!(before.status.code(), Some(1), "{}", stderr(&before));
        let pending = migrations().len();
        let pending_line = format!("{pending} migration{} pending", if pending == 1 { "" } else { "s" });
        assert!(stdout(&before).contains(&pending_line), "{}", stdout(&before));
        let json = db.run(&["migrate", "check", "--output", "json"]);
        assert_eq!(json.status.code(), Some(1));
        let report: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
        assert_eq!(report["up_to_date"], false);
        assert_eq!(report["pending"].as_array().unwrap().len(), pending);
        assert_ok(&db.run(&["migrate"]));
        let after = db.run(&["migrate", "check"]);
        assert_ok(&after);
        let report: serde_json::Value =
            serde_json::from_str(&stdout(&db.run(&["migrate", "check", "-o", "json"]))).unwrap();
        assert_eq!((report["up_to_date"].as_bool(), report["pending"].as_array().unwrap().len()), (Some(true), 0));
    }

    fn migrate_status_lists_each_migration_with_its_state_as_json(db: &TestDb) {
        let pending: serde_json::Value =
            serde_json::from_str(&stdout(&db.run(&["migrate", "status", "--output", "json"]))).unwrap();
        assert_eq!(pending[0]["state"], "pending");
        assert_eq!(pending[0]["description"], "initial schema");
        assert!(pending[0]["applied_at"].is_null());
        assert_ok(&db.run(&["migrate"]));
        let applied: serde_json::Value =
            serde_json::from_str(&stdout(&db.run(&["migrate", "status", "-o", "json"]))).unwrap();
        assert_eq!(applied[0]["state"], "applied");
        // RFC 3339 in UTC on both backends, like every other time pleroctl prints.
        let at = applied[0]["applied_at"].as_str().unwrap();
        let (date, time) = at.split_once('T').unwrap_or_else(|| panic!("{at}"));
        assert!(date.len() == 10 && time.ends_with('Z') && time.len() >= 9, "{at}");
        let table = stdout(&db.run(&["migrate", "status"]));
        assert!(table.lines().next().unwrap().contains("version"), "{table}");
        assert!(table.contains("applied"), "{table}");
    }

    fn revert_asks_for_confirmation_and_yes_skips_it(db: &TestDb) {
        assert_ok(&db.run(&["migrate"]));
        let refused = db.run(&["migrate", "revert"]);
        assert_eq!(refused.status.code(), Some(2));
        assert!(stderr(&refused).contains("--yes"), "{}", stderr(&refused));
        assert_ok(&db.run(&["migrate", "check"]));
        let reverted = db.run(&["migrate", "revert", "--yes"]);
        assert_ok(&reverted);
        assert!(stderr(&reverted).contains("reverted 1 migration"), "{}", stderr(&reverted));
        assert_eq!(db.run(&["migrate", "check"]).status.code(), Some(1));
        assert_ok(&db.run(&["migrate"]));
    }

    fn revert_to_the_current_version_does_nothing_and_to_0_reverts_everything(db: &TestDb) {
        assert_ok(&db.run(&["migrate"]));
        let status: serde_json::Value =
            serde_json::from_slice(&db.run(&["migrate", "status", "-o", "json"]).stdout).unwrap();
        let newest = status.as_array().unwrap().last().unwrap()["version"].to_string();
        let nothing = db.run(&["migrate", "revert", "--to", &newest, "--yes"]);
        assert_ok(&nothing);
        assert!(stderr(&nothing).contains("nothing to revert"), "{}", stderr(&nothing));
        assert_ok(&db.run(&["migrate", "check"]));
        let all = db.run(&["migrate", "revert", "--to", "0", "--yes"]);
        assert_ok(&all);
        let applied: Vec<_> = serde_json::from_slice::<serde_json::Value>(&db.run(&["migrate", "status", "-o", "json"]).stdout)
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["state"] == "applied")
            .cloned()
            .collect();
        assert!(applied.is_empty(), "every migration is reverted: {applied:?}");
    }

    fn revert_to_an_unknown_version_is_refused(db: &TestDb) {
        assert_ok(&db.run(&["migrate"]));
        let out = db.run(&["migrate", "revert", "--to", "42"]);
        assert_eq!(out.status.code(), Some(3), "refused before any question: {}", stderr(&out));
        assert!(stderr(&out).contains("migration 42 is not one this binary knows"), "{}", stderr(&out));
        assert_ok(&db.run(&["migrate", "check"]));
    }

    fn a_database_with_a_newer_schema_is_refused_clearly(db: &TestDb) {
        assert_ok(&db.run(&["migrate"]));
        db.execute(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             SELECT 29991231000000, 'from the future', TRUE, checksum, 0 FROM _sqlx_migrations LIMIT 1",
        );
        for args in [&["migrate"][..], &["migrate", "check"]] {
            let out = db.run(args);
            assert_eq!(out.status.code(), Some(1), "{args:?}");
            let err = stderr(&out);
            assert!(err.contains("29991231000000") && err.contains("newer than this binary"), "{err}");
            assert!(!err.contains("panicked"), "{err}");
        }
        let status = stdout(&db.run(&["migrate", "status"]));
        assert!(status.contains("unknown to this binary"), "{status}");
    }

    fn a_changed_migration_is_refused_clearly(db: &TestDb) {
        assert_ok(&db.run(&["migrate"]));
        db.execute("UPDATE _sqlx_migrations SET checksum = substr(checksum, 2)");
        let out = db.run(&["migrate"]);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains("was changed after it was applied"), "{}", stderr(&out));
    }

    fn db_create_is_idempotent(db: &TestDb) {
        let out = db.run(&["db", "create"]);
        assert_ok(&out);
        let expected = if db.is_postgres() { "already exists" } else { "created database" };
        assert!(stderr(&out).contains(expected), "{}", stderr(&out));
        let again = db.run(&["db", "create"]);
        assert_ok(&again);
        assert!(stderr(&again).contains("already exists"), "{}", stderr(&again));
    }
}

#[test]
fn an_unreachable_database_is_a_clear_error_not_a_panic() {
    let db = TestDb::sqlite();
    let out = db
        .cmd(&["migrate"])
        .env("PLERO_DATABASE__BACKEND", "postgres")
        .env("PLERO_DATABASE__URL", "postgres://plero:hunter2secret@127.0.0.1:1/plero")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("cannot connect to the database at postgres://plero:"), "{err}");
    assert!(err.contains("check that the database server runs"), "{err}");
    assert!(!err.contains("hunter2secret"), "the password is redacted: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn db_create_makes_a_missing_postgres_database_that_migrate_then_fills() {
    let db = TestDb::postgres();
    let mut url = url::Url::parse(&support::pg_base_url()).unwrap();
    let name = format!("plero_db_create_{}", std::process::id());
    url.set_path(&name);
    let drop = || {
        let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        let out = Command::new("psql").arg(support::pg_base_url()).args(["-qc", &sql]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    drop();
    let created = db.cmd(&["db", "create"]).env("PLERO_DATABASE__URL", url.as_str()).output().unwrap();
    let migrated = db.cmd(&["migrate"]).env("PLERO_DATABASE__URL", url.as_str()).output().unwrap();
    drop();
    assert_ok(&created);
    assert!(stderr(&created).contains("created database"), "{}", stderr(&created));
    assert_ok(&migrated);
}

#[test]
fn a_missing_postgres_database_suggests_db_create() {
    let db = TestDb::postgres();
    let mut url = url::Url::parse(&support::pg_base_url()).unwrap();
    url.set_path("plero_surely_missing_db");
    let out = db.cmd(&["migrate"]).env("PLERO_DATABASE__URL", url.as_str()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("pleroctl db create"), "{}", stderr(&out));
}

fn two_migrates_at_once_apply_once_and_both_succeed(db: &TestDb) {
    let children: Vec<_> = (0..2)
        .map(|_| {
            db.cmd(&["migrate"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("pleroctl starts")
        })
        .collect();
    let outs: Vec<_> = children.into_iter().map(|c| c.wait_with_output().unwrap()).collect();
    for out in &outs {
        assert_ok(out);
    }
    let applied = outs.iter().filter(|o| stderr(o).contains(&applied_all())).count();
    let idle = outs.iter().filter(|o| stderr(o).contains("up to date")).count();
    assert_eq!((applied, idle), (1, 1), "{:?}", outs.iter().map(stderr).collect::<Vec<_>>());
    let status: serde_json::Value =
        serde_json::from_str(&stdout(&db.run(&["migrate", "status", "-o", "json"]))).unwrap();
    assert_eq!(status.as_array().unwrap().len(), migrations().len());
    assert!(status.as_array().unwrap().iter().all(|m| m["state"] == "applied"), "{status}");
}

#[test]
fn two_migrates_at_once_on_postgres_apply_once_and_both_succeed() {
    two_migrates_at_once_apply_once_and_both_succeed(&TestDb::postgres());
}

/// Several processes on one SQLite file (`serve --migrate` next to a `pleroctl migrate`).
#[test]
fn two_migrates_at_once_on_sqlite_apply_once_and_both_succeed() {
    for _ in 0..5 {
        two_migrates_at_once_apply_once_and_both_succeed(&TestDb::sqlite());
    }
}

/// On a terminal, migrate draws its progress on the terminal and revert asks before dropping.
#[test]
fn on_a_terminal_migrate_shows_progress_and_revert_asks() {
    use expectrl::{Eof, Expect, Session};
    let db = TestDb::sqlite();
    let run = |args: &[&str], answer: Option<&str>| -> String {
        let mut cmd = db.cmd(args);
        cmd.env("TERM", "dumb").stdin(std::process::Stdio::inherit());
        let mut term = Session::spawn(cmd).expect("a pseudo-terminal");
        term.set_expect_timeout(Some(std::time::Duration::from_secs(20)));
        if let Some(answer) = answer {
            let (version, description) = migrations().pop().unwrap();
            term.expect(format!("Revert {version} {description}").as_str()).expect("the question");
            term.send_line(answer).unwrap();
        }
        let rest = term.expect(Eof).unwrap();
        let status = term.get_process().wait().unwrap();
        assert!(matches!(status, expectrl::process::unix::WaitStatus::Exited(_, 0)), "{status:?}");
        String::from_utf8_lossy(rest.as_bytes()).into_owned()
    };
    let migrated = run(&["migrate"], None);
    assert!(migrated.contains(&applied_all()), "{migrated}");
    assert!(!migrated.contains("done in"), "no log lines on a terminal: {migrated}");
    let kept = run(&["migrate", "revert"], Some("no"));
    assert!(kept.contains("nothing reverted"), "{kept}");
    assert!(db.run(&["migrate", "check"]).status.success());
    run(&["migrate", "revert"], Some("y"));
    assert_eq!(db.run(&["migrate", "check"]).status.code(), Some(1));
}

/// Managed PostgreSQL (RDS, Cloud SQL, …) wants TLS: `?sslmode=require` in the URL must work.
#[test]
fn postgres_over_tls_works_with_sslmode_require() {
    let db = TestDb::postgres();
    let url = format!("{}?sslmode=require", db.pg_url().unwrap());
    let ssl = Command::new("psql").arg(support::pg_base_url()).args(["-Atc", "SHOW ssl"]).output().unwrap();
    let server_has_tls = String::from_utf8_lossy(&ssl.stdout).trim() == "on";
    let out = db.cmd(&["migrate"]).env("PLERO_DATABASE__URL", &url).output().unwrap();
    assert!(!stderr(&out).contains("without TLS support"), "{}", stderr(&out));
    if server_has_tls {
        assert_ok(&out);
    } else {
        // A server without TLS (a throwaway cluster): the refusal is the server's, not ours.
        assert_eq!(out.status.code(), Some(1));
    }
}

/// The race made certain: this test holds the SQLite migration lock while two `pleroctl migrate`
/// start, sees both waiting for it, then lets go. One applies; the other finds nothing to do.
#[test]
fn two_migrates_waiting_on_the_lock_apply_once_when_it_is_released() {
    use std::io::BufRead;
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};

    let db = TestDb::sqlite();
    let data = db.dir().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let lock = std::fs::File::create(data.join("plero.db.migrate-lock")).unwrap();
    lock.lock().unwrap();

    let (mut children, mut logs, mut readers) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..2 {
        let mut child = db.cmd(&["migrate"]).stderr(std::process::Stdio::piped()).spawn().unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let (stderr, sink) = (child.stderr.take().unwrap(), log.clone());
        readers.push(std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr).lines().map_while(Result::ok) {
                sink.lock().unwrap().push_str(&(line + "\n"));
            }
        }));
        children.push(child);
        logs.push(log);
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    while !logs.iter().all(|l| l.lock().unwrap().contains("taking the migration lock")) {
        assert!(Instant::now() < deadline, "both reach the lock: {logs:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
    for child in &mut children {
        assert!(child.try_wait().unwrap().is_none(), "it waits while the lock is held: {logs:?}");
    }
    drop(lock);

    for child in &mut children {
        assert!(child.wait().unwrap().success(), "{logs:?}");
    }
    readers.into_iter().for_each(|r| r.join().unwrap()); // every line is read
    let logs: Vec<String> = logs.iter().map(|l| l.lock().unwrap().clone()).collect();
    let applied = logs.iter().filter(|l| l.contains(&applied_all())).count();
    let idle = logs.iter().filter(|l| l.contains("up to date")).count();
    assert_eq!((applied, idle), (1, 1), "{logs:?}");
}
