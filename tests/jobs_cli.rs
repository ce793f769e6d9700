//! `pleroctl jobs …` on SQLite and PostgreSQL: what an operator sees, in JSON, and the exit codes.

mod support;

use serde_json::Value;
use support::db::TestDb;
use support::{ok, stderr, stdout};

fn json(out: std::process::Output) -> Value {
    serde_json::from_str(&stdout(&ok(out))).expect("stdout is JSON")
}

/// A migrated database holding a dead delivery (1001) and a queued cleanup (1002).
fn with_two_jobs(db: &TestDb) {
    ok(db.run(&["migrate"]));
    let at = "'2026-12-01T00:00:00+00:00'";
    db.execute(&format!(
        "INSERT INTO jobs (id, queue, kind, payload, state, attempts, max_attempts, run_at, last_error, created_at, \
         updated_at) VALUES \
         (1001, 'federation', 'deliver', '{{\"inbox\":\"https://remote.example/inbox\"}}', 'dead', 20, 20, {at}, \
          '410 Gone', {at}, {at}), \
         (1002, 'default', 'cleanup', '{{}}', 'queued', 0, 20, {at}, NULL, {at}, {at})"
    ));
}

fn ids(list: &Value) -> Vec<&str> {
    list.as_array().unwrap().iter().map(|j| j["id"].as_str().unwrap()).collect()
}

both_backends! {
    fn jobs_are_listed_shown_retried_and_cancelled(db: &TestDb) {
        with_two_jobs(db);
        assert_eq!(ids(&json(db.run(&["jobs", "list", "-o", "json"]))), ["1002", "1001"], "newest first");
        assert_eq!(ids(&json(db.run(&["jobs", "list", "--state", "dead", "-o", "json"]))), ["1001"]);
        assert_eq!(ids(&json(db.run(&["jobs", "list", "--queue", "default", "-o", "json"]))), ["1002"]);

        let dead = json(db.run(&["jobs", "show", "1001", "-o", "json"]));
        assert_eq!(dead["state"], "dead");
        assert_eq!(dead["last_error"], "410 Gone");
        assert_eq!(dead["payload"]["inbox"], "https://remote.example/inbox");

        let retried = json(db.run(&["jobs", "retry", "1001", "-o", "json"]));
        assert_eq!((retried["state"].as_str(), retried["attempts"].as_i64()), (Some("queued"), Some(0)));
        let cancelled = json(db.run(&["jobs", "cancel", "1002", "-o", "json"]));
        assert_eq!(cancelled["state"], "cancelled");

        let stats = json(db.run(&["jobs", "stats", "-o", "json"]));
        let queue = |name: &str| stats.as_array().unwrap().iter().find(|q| q["queue"] == name).cloned().unwrap();
        assert_eq!(queue("default")["cancelled"], 1);
        assert_eq!(queue("federation")["queued"], 1);
        assert!(queue("federation")["oldest_due_age_secs"].as_f64().unwrap() > 0.0, "due since December 1st");

        let table = stdout(&ok(db.run(&["jobs", "list"])));
        assert!(table.contains("deliver") && table.contains("0/20"), "{table}");
    }

    fn jobs_commands_name_the_job_they_cannot_find_or_change(db: &TestDb) {
        with_two_jobs(db);
        let missing = db.run(&["jobs", "show", "999"]);
        assert_eq!(missing.status.code(), Some(3), "not found");
        assert!(stderr(&missing).contains("no job 999"), "{}", stderr(&missing));
        assert_eq!(db.run(&["jobs", "retry", "999"]).status.code(), Some(3));
        let queued = db.run(&["jobs", "retry", "1002"]);
        assert_eq!(queued.status.code(), Some(1));
        assert!(stderr(&queued).contains("job 1002 is queued"), "{}", stderr(&queued));
        ok(db.run(&["jobs", "cancel", "1002"]));
        let again = db.run(&["jobs", "cancel", "1002"]);
        assert_eq!(again.status.code(), Some(1));
        assert!(stderr(&again).contains("job 1002 is cancelled"), "{}", stderr(&again));
        assert_eq!(db.run(&["jobs", "list", "--state", "failed"]).status.code(), Some(2), "usage");
        assert_eq!(db.run(&["jobs", "show", "not-an-id"]).status.code(), Some(2), "usage");
    }

    fn jobs_bench_runs_its_jobs_and_leaves_nothing_behind(db: &TestDb) {
        ok(db.run(&["migrate"]));
        let report = json(db.run(&["jobs", "bench", "--jobs", "300", "--workers", "4", "-o", "json"]));
        assert_eq!((report["jobs"].as_u64(), report["workers"].as_u64()), (Some(300), Some(4)));
        assert!(report["jobs_per_second"].as_f64().unwrap() > 0.0);
        assert_eq!(json(db.run(&["jobs", "stats", "-o", "json"])), serde_json::json!([]));
    }
}
