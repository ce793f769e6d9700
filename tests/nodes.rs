//! Several `pleroctl serve` nodes on one database, and `pleroctl` as yet another process: what one
//! of them commits reaches every node's caches through its change feed (issue 16), and tokens are
//! checked against the database on every request, on every node.
//!
//! No timing is asserted: what the feed should deliver within a second is polled for with a
//! generous deadline, and the delay observed is printed (`--no-capture` shows it).

mod support;

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;
use sqlx::Connection;
use support::TestServer;
use support::accounts::{PASSWORD, admin, create_user, create_user_with};
use support::db::{PgRole, TestDb};
use support::mastodon::{Api, OOB};

const VERIFY: &str = "/api/v1/accounts/verify_credentials";
/// Mastodon's text for a deactivated login.
const DISABLED: &str = "Your login is currently disabled";
/// The domain every node of one instance serves.
const DOMAIN: &str = "nodes.plero.test";
const METRICS_TOKEN: &str = "nodes-scrape-5d1e7a";
/// `application_name` of a node's LISTEN connection (core/src/events/feed.rs).
const LISTENER: &str = "plero change feed";
/// How long a poll waits for what should arrive within a second: generous, for a loaded machine.
const DEADLINE: Duration = Duration::from_secs(30);
const POLL: Duration = Duration::from_millis(50);

/// A node of the instance on PostgreSQL database `pg_url` (`None`: SQLite, a database of its own
/// under its temp dir): the same domain, secret key base and settings as every other node, and
/// `/metrics` on.
fn node_with(pg_url: Option<&str>, sets: &[(&str, &str)]) -> TestServer {
    let mut builder = TestServer::builder()
        .set("instance.domain", DOMAIN)
        .file("prod.secret.toml", &format!("[metrics]\nenabled = true\ntoken = \"{METRICS_TOKEN}\"\n"));
    if let Some(url) = pg_url {
        builder =
            builder.file("prod.toml", &format!("[database]\nbackend = \"postgres\"\nurl = \"{url}\"\n"));
    }
    for (key, value) in sets {
        builder = builder.set(key, value);
    }
    builder.start()
}

fn node(pg_url: Option<&str>) -> TestServer {
    node_with(pg_url, &[])
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Runtime::new().expect("a tokio runtime")
}

/// `stats.user_count` of `/api/v1/instance`.
async fn user_count(api: &Api) -> u64 {
    let (status, instance) = api.get("/api/v1/instance", None).await;
    assert_eq!(status, StatusCode::OK, "{instance}");
    instance["stats"]["user_count"].as_u64().unwrap_or_else(|| panic!("no user count: {instance}"))
}

/// Polls `/api/v1/instance` of `server` until it counts `expected` users; returns how long after
/// `since` it did. Fails with the last count and the server's log after [`DEADLINE`].
async fn await_user_count(server: &TestServer, expected: u64, since: Instant) -> Duration {
    let api = Api::new(&server.url(""));
    loop {
        let count = user_count(&api).await;
        if count == expected {
            return since.elapsed();
        }
        assert!(
            since.elapsed() < DEADLINE,
            "node {} still counts {count} users, not {expected}, {:?} after the change; its log:\n{}",
            server.port(),
            since.elapsed(),
            server.log()
        );
        tokio::time::sleep(POLL).await;
    }
}

/// The value of metric `name` (no labels) on `server`'s `/metrics`.
async fn metric(server: &TestServer, name: &str) -> f64 {
    let res = reqwest::Client::new()
        .get(server.url("/metrics"))
        .bearer_auth(METRICS_TOKEN)
        .send()
        .await
        .expect("GET /metrics");
    assert_eq!(res.status(), StatusCode::OK);
    let text = res.text().await.expect("metrics text");
    let line = text.lines().find_map(|l| l.strip_prefix(name)?.strip_prefix(' '));
    line.unwrap_or_else(|| panic!("no metric {name}:\n{text}")).trim().parse().expect("a number")
}

/// Waits until metric `name` of `server` is `expected`.
async fn await_metric(server: &TestServer, name: &str, expected: f64) {
    let start = Instant::now();
    loop {
        let value = metric(server, name).await;
        if value == expected {
            return;
        }
        assert!(
            start.elapsed() < DEADLINE,
            "{name} is {value}, not {expected}, on node {}; its log:\n{}",
            server.port(),
            server.log()
        );
        tokio::time::sleep(POLL).await;
    }
}

/// PIDs of the LISTEN connections of change feeds on database `name`.
async fn listeners(conn: &mut sqlx::PgConnection, name: &str) -> Vec<i32> {
    sqlx::query_scalar("SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = $2")
        .bind(LISTENER)
        .bind(name)
        .fetch_all(&mut *conn)
        .await
        .expect("pg_stat_activity")
}

/// Waits until a LISTEN connection other than `old` is open on database `name`; returns its PID.
async fn await_new_listener(conn: &mut sqlx::PgConnection, name: &str, old: i32, server: &TestServer) -> i32 {
    let start = Instant::now();
    loop {
        let pids = listeners(conn, name).await;
        if let Some(pid) = pids.iter().find(|p| **p != old) {
            return *pid;
        }
        assert!(
            start.elapsed() < DEADLINE,
            "no new LISTEN connection (now: {pids:?}, killed: {old}); the node's log:\n{}",
            server.log()
        );
        tokio::time::sleep(POLL).await;
    }
}

/// Waits until `server`'s `/metrics` counts at least one reconnect of the LISTEN connection.
async fn await_reconnect_counted(server: &TestServer) -> f64 {
    let start = Instant::now();
    loop {
        let reconnects = metric(server, "plero_change_feed_reconnects_total").await;
        if reconnects >= 1.0 {
            return reconnects;
        }
        assert!(start.elapsed() < DEADLINE, "no reconnect counted; the node's log:\n{}", server.log());
        tokio::time::sleep(POLL).await;
    }
}

/// Kills the one LISTEN connection on database `name` with `pg_terminate_backend`; returns its PID.
async fn kill_listener(conn: &mut sqlx::PgConnection, name: &str) -> i32 {
    let pids = listeners(conn, name).await;
    assert_eq!(pids.len(), 1, "one node, one LISTEN connection: {pids:?}");
    let killed: bool = sqlx::query_scalar("SELECT pg_terminate_backend($1)")
        .bind(pids[0])
        .fetch_one(&mut *conn)
        .await
        .expect("pg_terminate_backend");
    assert!(killed, "pg_terminate_backend({}) killed nothing", pids[0]);
    pids[0]
}

// ---- two nodes on PostgreSQL, pleroctl as a third process ----------------------------------------

/// Deactivation is checked on every request, on every node: no node may accept a token its user
/// can no longer use, whatever process made the change.
#[test]
fn a_user_deactivated_by_pleroctl_is_refused_on_the_next_request_by_both_nodes() {
    let db = TestDb::postgres();
    let (a, b) = (node(db.pg_url()), node(db.pg_url()));
    create_user(&a, "alice", &[]);
    runtime().block_on(async {
        let (api_a, api_b) = (Api::new(&a.url("")), Api::new(&b.url("")));
        let app = api_a.register_app("read", OOB).await;
        let token = api_a.password_token(&app, "alice", PASSWORD, "read").await;
        for api in [&api_a, &api_b] {
            let (status, me) = api.get(VERIFY, Some(&token)).await;
            assert_eq!((status, me["username"].as_str()), (StatusCode::OK, Some("alice")), "{}", api.base);
        }

        admin(&a, &["user", "deactivate", "alice"]);
        for api in [&api_a, &api_b] {
            assert_eq!(
                api.get(VERIFY, Some(&token)).await,
                (StatusCode::FORBIDDEN, json!({"error": DISABLED})),
                "the next request on {}",
                api.base
            );
        }

        admin(&b, &["user", "activate", "alice"]);
        for api in [&api_a, &api_b] {
            assert_eq!(api.get(VERIFY, Some(&token)).await.0, StatusCode::OK, "on {}", api.base);
        }
    });
}

/// Both nodes cache `/api/v1/instance` with no time-to-live: only the change feed can make them
/// show a user that `pleroctl` made or deactivated.
#[test]
fn user_counts_made_by_pleroctl_show_on_both_nodes_with_warm_caches() {
    let db = TestDb::postgres();
    let (a, b) = (node(db.pg_url()), node(db.pg_url()));
    create_user(&a, "alice", &[]);
    runtime().block_on(async {
        for server in [&a, &b] {
            assert_eq!(user_count(&Api::new(&server.url(""))).await, 1, "warm on {}", server.port());
        }

        let since = Instant::now();
        create_user(&b, "bob", &[]);
        let made = Instant::now();
        for (name, server) in [("A", &a), ("B", &b)] {
            let delay = await_user_count(server, 2, made).await;
            let started = since.elapsed();
            eprintln!("user new: node {name} counts 2 users {delay:?} after pleroctl exited ({started:?} after it started)");
        }

        admin(&a, &["user", "deactivate", "bob"]);
        let deactivated = Instant::now();
        for (name, server) in [("A", &a), ("B", &b)] {
            let delay = await_user_count(server, 1, deactivated).await;
            eprintln!("user deactivate: node {name} counts 1 user {delay:?} after pleroctl exited");
        }

        // Both nodes delivered every committed event, in the same stream.
        let mut conn = sqlx::PgConnection::connect(db.pg_url().unwrap()).await.expect("connects");
        let newest: i64 = sqlx::query_scalar("SELECT max(position) FROM change_events")
            .fetch_one(&mut conn)
            .await
            .expect("the newest position");
        for server in [&a, &b] {
            await_metric(server, "plero_change_feed_position", newest as f64).await;
        }
    });
}

/// Node A caches a status's hashtags and author; node B edits the status and the author's
/// profile: A shows both changes (the feed drops what it cached), and each node shows its own
/// writes on the next request.
#[test]
fn an_edit_and_a_profile_change_on_one_node_show_on_the_other_nodes_warm_timeline() {
    let db = TestDb::postgres();
    let (a, b) = (node(db.pg_url()), node(db.pg_url()));
    create_user(&a, "alice", &[]);
    runtime().block_on(async {
        let (api_a, api_b) = (Api::new(&a.url("")), Api::new(&b.url("")));
        let token = api_a.user_token("alice").await;
        let (status, posted) =
            api_a.post("/api/v1/statuses", Some(&token), &[("status", "first #before")]).await;
        assert_eq!(status, StatusCode::OK, "{posted}");
        let id = posted["id"].as_str().unwrap().to_string();
        let tags = |page: &serde_json::Value| page[0]["tags"][0]["name"].as_str().map(str::to_string);
        for api in [&api_a, &api_b] {
            let page = api.get("/api/v1/timelines/public", None).await.1;
            assert_eq!(tags(&page).as_deref(), Some("before"), "warm: {page}");
        }

        let (status, _, edited) = api_b
            .call(
                reqwest::Method::PUT,
                &format!("/api/v1/statuses/{id}"),
                Some(&token),
                Some(&[("status", "second #after")]),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{edited}");
        assert_eq!(tags(&json!([edited])).as_deref(), Some("after"), "node B answers its own edit");
        let (_, _, _) = api_b
            .call(
                reqwest::Method::PATCH,
                "/api/v1/accounts/update_credentials",
                Some(&token),
                Some(&[("display_name", "Alice Renamed")]),
            )
            .await;
        let edited_at = Instant::now();
        loop {
            let page = api_a.get("/api/v1/timelines/public", None).await.1;
            if tags(&page).as_deref() == Some("after")
                && page[0]["account"]["display_name"] == "Alice Renamed"
            {
                eprintln!("edit and rename shown on node A {:?} after node B answered", edited_at.elapsed());
                break;
            }
            assert!(edited_at.elapsed() < DEADLINE, "node A still shows what it cached: {page}");
            tokio::time::sleep(POLL).await;
        }
    });
}

/// A sign-up is committed by node A; node B hears of it through NOTIFY, and A shows its own write
/// on the next request.
#[test]
fn a_sign_up_through_one_node_shows_in_the_other_nodes_instance_count() {
    let db = TestDb::postgres();
    let open = [("instance.registrations", "open")];
    let (a, b) = (node_with(db.pg_url(), &open), node_with(db.pg_url(), &open));
    create_user(&a, "alice", &[]);
    runtime().block_on(async {
        let (api_a, api_b) = (Api::new(&a.url("")), Api::new(&b.url("")));
        for api in [&api_a, &api_b] {
            assert_eq!(user_count(api).await, 1, "warm on {}", api.base);
        }
        let app = api_a.register_app("read write follow", OOB).await;
        let (status, issued) =
            api_a.token(&app, &[("grant_type", "client_credentials"), ("scope", "read write follow")]).await;
        assert_eq!(status, StatusCode::OK, "{issued}");
        let app_token = issued["access_token"].as_str().expect("access_token");
        let form = [
            ("username", "carol"),
            ("email", "carol@example.com"),
            ("password", PASSWORD),
            ("agreement", "true"),
            ("locale", "en"),
        ];
        let (status, body) = api_a.post("/api/v1/accounts", Some(app_token), &form).await;
        assert_eq!(status, StatusCode::OK, "sign-up on A: {body}");
        let signed_up = Instant::now();
        assert_eq!(user_count(&api_a).await, 2, "A shows its own commit on the next request");
        let delay = await_user_count(&b, 2, signed_up).await;
        eprintln!("sign-up through A: node B counts 2 users {delay:?} after A answered");
    });
}

// ---- the LISTEN connection lost ------------------------------------------------------------------

/// The node's LISTEN connection is killed and a user is made at once: the node makes the
/// connection again, counts it, and shows the user.
#[test]
fn a_node_whose_listen_connection_is_killed_reconnects_and_shows_what_was_committed() {
    let db = TestDb::postgres();
    let name = db.pg_name().expect("a PostgreSQL database");
    let server = node(db.pg_url());
    create_user(&server, "alice", &[]);
    runtime().block_on(async {
        let api = Api::new(&server.url(""));
        assert_eq!(user_count(&api).await, 1, "warm");
        assert_eq!(metric(&server, "plero_change_feed_reconnects_total").await, 0.0);
        let mut conn = sqlx::PgConnection::connect(db.pg_url().unwrap()).await.expect("connects");

        let killed_at = Instant::now();
        let killed = kill_listener(&mut conn, &name).await;
        create_user(&server, "bob", &[]);
        let delay = await_user_count(&server, 2, killed_at).await;
        eprintln!("LISTEN killed: the node counts 2 users {delay:?} after the kill");

        let reconnects = await_reconnect_counted(&server).await;
        let listener = await_new_listener(&mut conn, &name, killed, &server).await;
        eprintln!("reconnects counted: {reconnects}; LISTEN connection {killed} killed, {listener} now");
        server.wait_log("LISTEN connection made again", DEADLINE);

        // The new connection hears of the next commit too.
        let since = Instant::now();
        create_user(&server, "carol", &[]);
        let delay = await_user_count(&server, 3, since).await;
        eprintln!("after the reconnect: the node counts 3 users {delay:?} after pleroctl started");
    });
}

/// The node is cut off from the database (its role may not log in) while its LISTEN connection is
/// down, and `pleroctl` (as another role) commits meanwhile: no notification can reach the node,
/// so only reading what it missed once it is back can show the new user.
#[test]
fn a_node_cut_off_while_a_change_is_committed_applies_it_when_it_reconnects() {
    let role = PgRole::new();
    let db = TestDb::postgres();
    db.give_to(&role);
    let (admin_url, name) = (db.pg_url().unwrap().to_owned(), db.pg_name().unwrap());
    let server = node(Some(&role.url(&admin_url)));
    let as_admin = format!("database.url={admin_url}");
    let as_admin = ["--set", as_admin.as_str()];
    create_user_with(&server, &as_admin, "alice", &[]);
    runtime().block_on(async {
        let api = Api::new(&server.url(""));
        assert_eq!(user_count(&api).await, 1, "warm");
        let mut conn = sqlx::PgConnection::connect(&admin_url).await.expect("connects");

        sqlx::raw_sql(sqlx::AssertSqlSafe(role.login_sql(false))).execute(&mut conn).await.unwrap();
        let killed = kill_listener(&mut conn, &name).await;
        server.wait_log("cannot LISTEN again", DEADLINE);
        create_user_with(&server, &as_admin, "bob", &[]);
        assert!(listeners(&mut conn, &name).await.is_empty(), "the node is still cut off");

        sqlx::raw_sql(sqlx::AssertSqlSafe(role.login_sql(true))).execute(&mut conn).await.unwrap();
        let back = Instant::now();
        let delay = await_user_count(&server, 2, back).await;
        eprintln!("cut off: the node counts 2 users {delay:?} after its role may log in again");
        let listener = await_new_listener(&mut conn, &name, killed, &server).await;
        let reconnects = await_reconnect_counted(&server).await;
        eprintln!("reconnects counted: {reconnects}; LISTEN connection {killed} killed, {listener} now");
    });
}

// ---- SQLite: one server, pleroctl as the other process -------------------------------------------

/// On SQLite the server polls for what `pleroctl` committed: the count follows, and the token of a
/// deactivated user is refused on the next request.
#[test]
fn pleroctl_changes_reach_a_sqlite_server_on_the_next_request_and_in_its_counts() {
    let server = node(None);
    create_user(&server, "alice", &[]);
    runtime().block_on(async {
        let api = Api::new(&server.url(""));
        let token = api.user_token("alice").await;
        assert_eq!(api.get(VERIFY, Some(&token)).await.0, StatusCode::OK);
        assert_eq!(user_count(&api).await, 1, "warm");

        create_user(&server, "bob", &[]);
        let made = Instant::now();
        let delay = await_user_count(&server, 2, made).await;
        eprintln!("SQLite, user new: the server counts 2 users {delay:?} after pleroctl exited");

        admin(&server, &["user", "deactivate", "alice"]);
        let deactivated = Instant::now();
        assert_eq!(
            api.get(VERIFY, Some(&token)).await,
            (StatusCode::FORBIDDEN, json!({"error": DISABLED})),
            "the next request"
        );
        let delay = await_user_count(&server, 1, deactivated).await;
        eprintln!("SQLite, user deactivate: the server counts 1 user {delay:?} after pleroctl exited");
    });
}
