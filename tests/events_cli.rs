//! `pleroctl events tail|ping`: a process that watches the change stream sees what another
//! process commits, on SQLite and PostgreSQL.

mod support;

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use serde_json::Value;
use support::{ok, stderr, stdout};

both_backends! {
    fn tail_prints_each_change_another_process_commits_with_pings_timed(db: &TestDb) {
        ok(db.run(&["migrate"]));
        let mut tail = db
            .cmd(&["events", "tail", "--output", "json", "--count", "2", "--timeout", "60"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("tail starts");
        // Once it says it listens, its feed has its starting place: later commits reach it.
        let mut log = BufReader::new(tail.stderr.take().unwrap());
        let mut line = String::new();
        log.read_line(&mut line).unwrap();
        assert!(line.contains("listening for change events"), "{line}");

        let alice: Value =
            serde_json::from_str(&stdout(&ok(db.run(&["user", "new", "alice", "alice@mail.example", "--yes", "-o", "json"]))))
                .unwrap();
        let pinged = ok(db.run(&["events", "ping"]));
        let position: i64 = stdout(&pinged).trim().parse().expect("ping prints its position");

        let out = tail.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", stdout(&out));
        let lines: Vec<Value> = stdout(&out).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert_eq!(lines[0]["kind"], "account_created");
        assert_eq!(lines[0]["change"]["account_id"], alice["id"]);
        assert_eq!(lines[1]["kind"], "ping");
        assert_eq!(lines[1]["position"], position);
        assert!(lines[1]["delivery_us"].as_i64().unwrap() >= 0, "{}", lines[1]);
        assert!(lines[1]["position"].as_i64() > lines[0]["position"].as_i64());
    }

    fn ping_reports_in_json_how_many_it_committed_and_where_the_last_one_is(db: &TestDb) {
        ok(db.run(&["migrate"]));
        let out = ok(db.run(&["events", "ping", "--count", "3", "-o", "json"]));
        let summary: Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(summary["pings"], 3);
        let next = stdout(&ok(db.run(&["events", "ping"]))).trim().parse::<i64>().unwrap();
        assert!(summary["last_position"].as_i64().unwrap() < next, "{summary}");
        assert!(summary["per_second"].as_f64().unwrap() > 0.0, "{summary}");
    }

    fn tail_with_a_timeout_and_nothing_committed_prints_nothing_and_succeeds(db: &TestDb) {
        ok(db.run(&["migrate"]));
        let out = ok(db.run(&["events", "tail", "--timeout", "1"]));
        assert_eq!(stdout(&out), "");
    }

    fn events_on_a_database_not_migrated_say_what_to_run(db: &TestDb) {
        let out = db.run(&["events", "ping"]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(stderr(&out).contains("pleroctl migrate"), "{}", stderr(&out));
    }
}
