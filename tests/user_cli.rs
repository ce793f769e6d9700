//! `pleroctl user …` on SQLite and PostgreSQL.

mod support;

use serde_json::Value;
use support::db::TestDb;
use support::{ok, stderr, stdout};

fn migrated(db: &TestDb) {
    ok(db.run(&["migrate"]));
}

fn json(out: std::process::Output) -> Value {
    serde_json::from_str(&stdout(&ok(out))).expect("stdout is JSON")
}

fn create(db: &TestDb, nick: &str, extra: &[&str]) -> Value {
    let email = format!("{}@mail.example", nick.to_lowercase());
    let mut args = vec!["user", "new", nick, &email, "--yes", "-o", "json"];
    args.extend_from_slice(extra);
    json(db.run(&args))
}

both_backends! {
    fn user_new_prints_a_generated_password_once_on_stdout(db: &TestDb) {
        migrated(db);
        let out = ok(db.run(&["user", "new", "alice", "alice@mail.example", "--yes"]));
        let line = stdout(&out);
        let password = line.trim().strip_prefix("password: ").expect("stdout holds the password");
        assert_eq!(password.len(), 20, "{line}");
        assert!(stderr(&out).contains("shown only once"));
        let shown = stdout(&ok(db.run(&["user", "show", "alice"])));
        assert!(!shown.contains(password), "the password is never shown again");
    }

    /// Also: piping the password is the confirmation; no --yes needed.
    fn user_new_with_password_stdin_prints_no_password(db: &TestDb) {
        migrated(db);
        let out = ok(db.run_with_stdin(
            &["user", "new", "bob", "bob@mail.example", "--password-stdin", "--admin", "--name", "Bob B.", "-o", "json"],
            "a long enough password\n",
        ));
        let user: Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(user["acct"], "bob");
        assert_eq!(user["admin"], true);
        assert_eq!(user["display_name"], "Bob B.");
        assert!(user["id"].as_str().unwrap().parse::<i64>().is_ok(), "ids are strings of digits");
        assert!(user.get("password").is_none());
    }

    fn user_new_without_yes_and_without_a_terminal_names_the_flag(db: &TestDb) {
        migrated(db);
        let out = db.run(&["user", "new", "alice", "alice@mail.example"]);
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains("--yes"), "{}", stderr(&out));
        assert_eq!(db.run(&["user", "show", "alice"]).status.code(), Some(3), "nothing was created");
    }

    fn nicknames_are_unique_in_any_case(db: &TestDb) {
        migrated(db);
        create(db, "alice", &[]);
        let out = db.run(&["user", "new", "ALICE", "other@mail.example", "--yes"]);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains("nickname `ALICE` is already taken"), "{}", stderr(&out));
        create(db, "bob", &[]);
        let out = db.run(&["user", "new", "carol", "BOB@mail.example", "--yes"]);
        assert_eq!(out.status.code(), Some(1), "taken is a failure, not a usage error");
        assert!(stderr(&out).contains("is already in use"), "{}", stderr(&out));
    }

    fn bad_nicknames_emails_and_passwords_are_usage_errors_that_say_why(db: &TestDb) {
        migrated(db);
        let cases: [(&[&str], &str, &str); 4] = [
            (&["user", "new", "al.ice", "a@mail.example", "--yes"], "", "letters (a-z, A-Z), digits and underscores"),
            (&["user", "new", "root", "a@mail.example", "--yes"], "", "is reserved"),
            (&["user", "new", "alice", "not-an-email", "--yes"], "", "not a valid email address"),
            (&["user", "new", "alice", "a@mail.example", "--yes", "--password-stdin"], "short\n", "at least 8 characters"),
        ];
        for (args, input, message) in cases {
            let out = db.run_with_stdin(args, input);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
            assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
        }
        let all = json(db.run(&["user", "list", "-o", "json"]));
        assert_eq!(all.as_array().unwrap().len(), 0);
    }

    fn user_list_filters_and_renders_json_csv_and_table(db: &TestDb) {
        migrated(db);
        create(db, "alice", &["--admin"]);
        create(db, "bob", &["--moderator"]);
        create(db, "carol", &[]);
        ok(db.run(&["user", "deactivate", "carol"]));
        let accts = |args: &[&str]| -> Vec<String> {
            let mut full = vec!["user", "list", "-o", "json"];
            full.extend_from_slice(args);
            json(db.run(&full)).as_array().unwrap().iter().map(|u| u["acct"].as_str().unwrap().to_string()).collect()
        };
        assert_eq!(accts(&[]), ["alice", "bob", "carol"]);
        assert_eq!(accts(&["--admins"]), ["alice"]);
        assert_eq!(accts(&["--moderators"]), ["bob"]);
        assert_eq!(accts(&["--deactivated"]), ["carol"]);
        assert_eq!(accts(&["--local"]).len(), 3);
        assert_eq!(accts(&["--limit", "2"]), ["alice", "bob"]);
        let bob_id = json(db.run(&["user", "show", "bob", "-o", "json"]))["id"].as_str().unwrap().to_string();
        assert_eq!(accts(&["--after", &bob_id]), ["carol"]);
        assert!(accts(&["--remote"]).is_empty());
        let csv = stdout(&ok(db.run(&["user", "list", "--output", "csv"])));
        let mut lines = csv.lines();
        assert_eq!(lines.next(), Some("id,acct,email,admin,moderator,confirmed,approved,deactivated,created_at"));
        assert!(lines.next().unwrap().contains(",alice,alice@mail.example,yes,no,yes,yes,no,"), "{csv}");
        let table = stdout(&ok(db.run(&["user", "list"])));
        assert!(table.lines().next().unwrap().contains("acct"), "{table}");
        assert_eq!(table.lines().count(), 4, "{table}");
    }

    fn user_commands_on_an_unmigrated_database_say_to_migrate(db: &TestDb) {
        let out = db.run(&["user", "list"]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(stderr(&out).contains("run `pleroctl migrate` first"), "{}", stderr(&out));
        assert!(!stderr(&out).contains("no such table"), "{}", stderr(&out));
        if !db.is_postgres() {
            assert!(!db.dir().join("data").exists(), "no empty database is left behind");
        }
    }

    fn user_show_finds_any_case_and_unknown_is_exit_3(db: &TestDb) {
        migrated(db);
        create(db, "Alice", &[]);
        let user = json(db.run(&["user", "show", "alice", "-o", "json"]));
        assert_eq!(user["acct"], "Alice");
        assert!(user["actor_url"].as_str().unwrap().ends_with("/users/Alice"));
        let missing = db.run(&["user", "show", "nobody"]);
        assert_eq!(missing.status.code(), Some(3));
        assert!(stderr(&missing).contains("no account `nobody`"));
    }

    fn user_set_changes_only_the_given_flags(db: &TestDb) {
        migrated(db);
        create(db, "alice", &["--admin"]);
        let after = json(db.run(&["user", "set", "alice", "--moderator", "--locked", "--no-confirmed", "--bio", "hi", "-o", "json"]));
        assert_eq!((after["admin"].as_bool(), after["moderator"].as_bool()), (Some(true), Some(true)));
        assert_eq!((after["locked"].as_bool(), after["confirmed"].as_bool()), (Some(true), Some(false)));
        assert_eq!(after["bio"], "hi");
        let again = json(db.run(&["user", "set", "alice", "--no-admin", "--display-name", "Alice", "-o", "json"]));
        assert_eq!(again["admin"], false);
        assert_eq!(again["moderator"], true);
        assert_eq!(again["display_name"], "Alice");
        let nothing = db.run(&["user", "set", "alice"]);
        assert_eq!(nothing.status.code(), Some(2));
        assert_eq!(db.run(&["user", "set", "nobody", "--admin"]).status.code(), Some(3));
    }

    fn profile_text_is_held_to_the_apis_limits(db: &TestDb) {
        migrated(db);
        create(db, "alice", &[]);
        let long = "a".repeat(31);
        let out = db.run(&["user", "set", "alice", "--display-name", &long]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains("display_name is too long: at most 30 characters"), "{}", stderr(&out));
        let out = db.run(&["user", "set", "alice", "--display-name", "evil\u{1b}[31mred"]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains("control characters"), "{}", stderr(&out));
        let out = db.run(&["user", "new", "bob", "bob@mail.example", "--yes", "--bio", &"b".repeat(501)]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert_eq!(db.run(&["user", "show", "bob"]).status.code(), Some(3), "no user was made");
        assert_eq!(json(db.run(&["user", "show", "alice", "-o", "json"]))["display_name"], "", "unchanged");
    }

    fn approve_checks_every_name_first_and_says_what_it_did(db: &TestDb) {
        migrated(db);
        create(db, "alice", &[]);
        let typo = db.run(&["user", "approve", "alice", "nobody"]);
        assert_eq!(typo.status.code(), Some(3), "{}", stderr(&typo));
        assert!(stderr(&typo).contains("no local user `nobody`"), "{}", stderr(&typo));
        assert!(!stderr(&typo).contains("alice"), "nothing was done before the typo was found");
        let again = ok(db.run(&["user", "approve", "alice"]));
        assert!(stderr(&again).contains("alice was already approved"), "{}", stderr(&again));
        assert_eq!(db.run(&["user", "approve"]).status.code(), Some(2), "a name is required");
    }

    fn deactivate_and_activate_toggle_the_user(db: &TestDb) {
        migrated(db);
        create(db, "alice", &[]);
        ok(db.run(&["user", "deactivate", "alice"]));
        assert_eq!(json(db.run(&["user", "show", "alice", "-o", "json"]))["deactivated"], true);
        ok(db.run(&["user", "activate", "alice"]));
        assert_eq!(json(db.run(&["user", "show", "alice", "-o", "json"]))["deactivated"], false);
        assert_eq!(db.run(&["user", "deactivate", "nobody"]).status.code(), Some(3));
    }

    fn rm_asks_unless_yes_and_removes_the_user(db: &TestDb) {
        migrated(db);
        create(db, "alice", &[]);
        let refused = db.run(&["user", "rm", "alice"]);
        assert_eq!(refused.status.code(), Some(2));
        assert!(stderr(&refused).contains("--yes"));
        ok(db.run(&["user", "show", "alice"]));
        let out = ok(db.run(&["user", "rm", "alice", "--yes"]));
        assert!(stderr(&out).contains("deleted alice"), "{}", stderr(&out));
        assert_eq!(db.run(&["user", "show", "alice"]).status.code(), Some(3));
        assert_eq!(db.run(&["user", "rm", "alice", "--yes"]).status.code(), Some(3));
    }

    fn reset_password_prints_a_one_time_link_or_takes_a_new_password(db: &TestDb) {
        migrated(db);
        create(db, "alice", &[]);
        let link = stdout(&ok(db.run(&["user", "reset-password", "alice"])));
        assert!(link.contains("/auth/password/edit?reset_password_token="), "{link}");
        let other = stdout(&ok(db.run(&["user", "reset-password", "alice"])));
        assert_ne!(link, other, "each link is new");
        let record = json(db.run(&["user", "reset-password", "alice", "--output", "json"]));
        assert_eq!(record["nickname"], "alice");
        assert!(record["url"].as_str().unwrap().contains("reset_password_token="), "{record}");
        assert!(record["expires_at"].is_string(), "{record}");
        ok(db.run_with_stdin(&["user", "reset-password", "alice", "--password-stdin"], "a brand new password\n"));
        let short = db.run_with_stdin(&["user", "reset-password", "alice", "--password-stdin"], "short\n");
        assert_eq!(short.status.code(), Some(2));
    }

    fn sign_out_reports_revoked_tokens_and_unknown_users_are_exit_3(db: &TestDb) {
        migrated(db);
        create(db, "alice", &[]);
        let out = ok(db.run(&["user", "sign-out", "alice"]));
        assert!(stderr(&out).contains("revoked 0 tokens of alice"), "{}", stderr(&out));
        assert_eq!(db.run(&["user", "sign-out", "nobody"]).status.code(), Some(3));
    }

    fn invites_are_created_listed_and_revoked(db: &TestDb) {
        migrated(db);
        let invite = json(db.run(&["user", "invite", "--max-use", "2", "--expires-at", "2099-01-01", "-o", "json"]));
        let code = invite["code"].as_str().unwrap().to_string();
        assert_eq!(invite["max_uses"], 2);
        assert_eq!(invite["valid"], true);
        assert!(invite["url"].as_str().unwrap().ends_with(&format!("/invite/{code}")));
        let plain = stdout(&ok(db.run(&["user", "invite"])));
        assert_eq!(plain.trim().len(), 12, "the code alone on stdout: {plain}");
        let listed = json(db.run(&["user", "invites", "-o", "json"]));
        assert_eq!(listed.as_array().unwrap().len(), 2);
        ok(db.run(&["user", "revoke-invite", &code]));
        let listed = json(db.run(&["user", "invites", "-o", "json"]));
        let revoked = listed.as_array().unwrap().iter().find(|i| i["code"] == code.as_str()).unwrap();
        assert_eq!((revoked["revoked"].as_bool(), revoked["valid"].as_bool()), (Some(true), Some(false)));
        let missing = db.run(&["user", "revoke-invite", "nosuchcode"]);
        assert_eq!(missing.status.code(), Some(3));
        let bad_date = db.run(&["user", "invite", "--expires-at", "tomorrow"]);
        assert_eq!(bad_date.status.code(), Some(2));
        assert!(stderr(&bad_date).contains("YYYY-MM-DD"));
    }

    fn an_invite_no_one_could_use_is_a_usage_error(db: &TestDb) {
        migrated(db);
        let past = db.run(&["user", "invite", "--expires-at", "2020-01-01"]);
        assert_eq!(past.status.code(), Some(2), "{}", stderr(&past));
        assert!(stderr(&past).contains("--expires-at: 2020-01-01T00:00:00+00:00 is not in the future"), "{}", stderr(&past));
        let none = db.run(&["user", "invite", "--max-use", "0"]);
        assert_eq!(none.status.code(), Some(2), "{}", stderr(&none));
        assert!(stderr(&none).contains("--max-use"), "{}", stderr(&none));
        assert_eq!(json(db.run(&["user", "invites", "-o", "json"])).as_array().unwrap().len(), 0, "none was made");
    }

    fn remote_accounts_are_listed_apart_and_shown_by_nick_at_domain(db: &TestDb) {
        migrated(db);
        create(db, "alice", &[]);
        db.execute(
            "INSERT INTO accounts (id, nickname, domain, actor_url, url, inbox_url, outbox_url, followers_url, \
             following_url, public_key_id, public_key_pem, created_at, updated_at) VALUES (42, 'bob', \
             'remote.example', 'https://remote.example/users/bob', 'https://remote.example/@bob', 'i', 'o', 'f', \
             'g', 'k', 'pem', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00')",
        );
        let accts = |flag: &str| -> Vec<String> {
            json(db.run(&["user", "list", flag, "-o", "json"]))
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u["acct"].as_str().unwrap().to_string())
                .collect()
        };
        assert_eq!(accts("--remote"), ["bob@remote.example"]);
        assert_eq!(accts("--local"), ["alice"]);
        let bob = json(db.run(&["user", "show", "bob@remote.example", "-o", "json"]));
        assert_eq!((bob["id"].as_str(), bob["local"].as_bool()), (Some("42"), Some(false)));
        assert!(bob["email"].is_null());
        let not_a_user = db.run(&["user", "deactivate", "bob@remote.example"]);
        assert_eq!(not_a_user.status.code(), Some(3), "remote accounts have no login to deactivate");
    }
}

/// `user rm` on a terminal asks; "n" keeps the user, "yes" deletes it.
#[test]
fn rm_on_a_terminal_asks_and_honours_the_answer() {
    use expectrl::{Eof, Expect, Session};
    let db = TestDb::sqlite();
    migrated(&db);
    create(&db, "alice", &[]);
    for (answer, kept) in [("n", true), ("YES", false)] {
        let mut cmd = db.cmd(&["user", "rm", "alice"]);
        cmd.env("TERM", "dumb").stdin(std::process::Stdio::inherit());
        let mut term = Session::spawn(cmd).expect("a pseudo-terminal");
        term.set_expect_timeout(Some(std::time::Duration::from_secs(20)));
        term.expect("Delete user alice").expect("the question");
        term.send_line(answer).unwrap();
        term.expect(Eof).unwrap();
        let status = term.get_process().wait().unwrap();
        assert!(matches!(status, expectrl::process::unix::WaitStatus::Exited(_, 0)), "{status:?}");
        let show = db.run(&["user", "show", "alice"]);
        assert_eq!(show.status.success(), kept, "after answering {answer}");
    }
}

/// Without any configuration file the links and actor ids pleroctl makes are those of the
/// quick-start server, which speaks plain HTTP: an https link there would lead nowhere.
#[test]
fn a_quick_start_instance_gets_http_links_and_actor_ids_from_pleroctl() {
    let dir = tempfile::tempdir().unwrap();
    ok(support::run_in(dir.path(), &["migrate"]));
    let user = json(support::run_in(
        dir.path(),
        &["user", "new", "alice", "alice@mail.example", "--yes", "-o", "json"],
    ));
    assert_eq!(user["actor_url"], "http://localhost:4000/users/alice");
    let invite = json(support::run_in(dir.path(), &["user", "invite", "-o", "json"]));
    assert!(invite["url"].as_str().unwrap().starts_with("http://localhost:4000/invite/"), "{invite}");
}

/// The SQLite file holds the accounts' private keys and password hashes: only its owner may read it.
#[test]
fn the_sqlite_database_is_created_readable_by_its_owner_alone() {
    use std::os::unix::fs::PermissionsExt;
    let db = TestDb::sqlite();
    migrated(&db);
    create(&db, "alice", &[]);
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let data = db.dir().join("data");
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join("plero.db")), 0o600);
    // SQLite may remove its WAL files when the last connection closes; while there, they match.
    for file in ["plero.db-wal", "plero.db-shm"].map(|f| data.join(f)).iter().filter(|p| p.exists()) {
        assert_eq!(mode(file), 0o600, "{}", file.display());
    }
}

/// A generated password is shown once: when its reader is gone the command says so (exit 1) and
/// how to recover, instead of exiting 0 with the password lost.
#[test]
fn a_generated_password_that_cannot_be_printed_is_a_failure_saying_what_to_do() {
    let db = TestDb::sqlite();
    migrated(&db);
    let mut child = db
        .cmd(&["user", "new", "alice", "alice@mail.example", "--yes"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader is gone before anything is written
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("user alice was created"), "{}", stderr(&out));
    assert!(stderr(&out).contains("pleroctl user reset-password alice"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("shown only once"), "{}", stderr(&out));
}

#[test]
fn a_password_on_stdin_that_is_not_text_is_a_usage_error() {
    let db = TestDb::sqlite();
    migrated(&db);
    let out =
        db.run_with_stdin(&["user", "new", "alice", "alice@mail.example", "--password-stdin"], b"\xff\xfe\n");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--password-stdin: the password is not valid UTF-8"), "{}", stderr(&out));
}
