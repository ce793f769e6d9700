//! `pleroctl serve`: the daemon's probes, request ids, trailing slashes and shutdown.

mod support;

use support::TestServer;

async fn get(url: &str) -> reqwest::Response {
    reqwest::get(url).await.expect("request sent")
}

#[tokio::test]
async fn healthz_answers_ok() {
    let server = TestServer::start();
    let response = get(&server.url("/healthz")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap().trim(), "ok");
}

#[tokio::test]
async fn a_trailing_slash_reaches_the_same_route() {
    let server = TestServer::start();
    let response = get(&server.url("/healthz/")).await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn every_response_carries_a_request_id_and_a_given_one_is_kept() {
    let server = TestServer::start();
    let response = get(&server.url("/healthz")).await;
    let made =
        response.headers().get("x-request-id").expect("x-request-id made").to_str().unwrap().to_owned();
    assert!(made.len() >= 16, "request id {made:?} looks too short to be unique");

    let response = reqwest::Client::new()
        .get(server.url("/healthz"))
        .header("x-request-id", "from-the-proxy-42")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-request-id"], "from-the-proxy-42");
}

#[tokio::test]
async fn an_unknown_path_is_a_json_404() {
    let server = TestServer::start();
    let response = get(&server.url("/api/v1/no-such-thing")).await;
    assert_eq!(response.status(), 404);
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(body["error"].is_string(), "body: {body}");
}

#[tokio::test]
async fn readyz_is_ok_when_the_database_answers_and_the_schema_is_current() {
    let server = TestServer::start();
    let response = get(&server.url("/readyz")).await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["ready"], true);
}

#[test]
fn serve_refuses_to_start_while_migrations_are_pending() {
    let mut server = TestServer::builder().migrate(false).spawn_only();
    let status = server.wait_exit(std::time::Duration::from_secs(30)).expect("serve exits on its own");
    assert_eq!(status.code(), Some(1));
    let log = server.log();
    assert!(log.contains("pending"), "{log}");
    assert!(log.contains("pleroctl migrate") && log.contains("--migrate"), "names both ways out: {log}");
    assert!(!log.contains("listening"), "it never listened: {log}");
}

#[test]
fn a_port_in_use_is_exit_1_saying_which_and_how_to_choose_another() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let mut server = TestServer::builder().set("http.port", &port).spawn_only();
    let status = server.wait_exit(std::time::Duration::from_secs(30)).expect("serve exits on its own");
    assert_eq!(status.code(), Some(1));
    let log = server.log();
    assert!(log.contains(&format!("cannot listen on 127.0.0.1:{port}")), "{log}");
    assert!(log.contains("http.port"), "says how to choose another: {log}");
}

#[tokio::test]
async fn with_migrate_a_fresh_database_is_migrated_then_served() {
    let server = TestServer::start();
    assert!(server.log().contains("database schema is current"), "{}", server.log());
    assert_eq!(get(&server.url("/readyz")).await.status(), 200);
}

/// The request in flight is an app registration whose form body a slow client is still sending
/// when SIGTERM arrives: a slow request by nature (a phone on a bad network), no test hook needed.
#[test]
fn sigterm_lets_a_request_in_flight_finish_refuses_new_ones_and_exits_0() {
    use std::io::{Read, Write};
    use std::time::Duration;

    // Request ids on log lines (tower_http=debug logs each request as it starts) tell when the
    // request has reached the server, so the test waits for events instead of sleeping.
    let mut server = TestServer::builder().set("logging.level", "info,tower_http=debug").start();
    let body = "client_name=Slow+Phone&redirect_uris=urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob&scopes=read";
    let (first, rest) = body.split_at(20);
    let mut slow = std::net::TcpStream::connect(("127.0.0.1", server.port())).unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        slow,
        "POST /api/v1/apps HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         x-request-id: slow-phone-1\r\nContent-Length: {}\r\n\r\n{first}",
        server.domain(),
        body.len()
    )
    .unwrap();
    slow.flush().unwrap();
    server.wait_log("slow-phone-1", Duration::from_secs(30));

    server.signal("TERM");
    server.wait_log("shutting down", Duration::from_secs(30));
    // The listener closes right after that line: from then on connections are refused.
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", server.port())).is_ok() {
        assert!(std::time::Instant::now() < deadline, "new connections are still accepted while draining");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(server.wait_exit(Duration::ZERO).is_none(), "the server waits for the request in flight");

    slow.write_all(rest.as_bytes()).unwrap();
    let mut response = String::new();
    slow.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("\"client_id\""), "{response}");

    let status = server.wait_exit(Duration::from_secs(10)).expect("the server exits after the drain");
    assert_eq!(status.code(), Some(0), "{}", server.log());
    let log = server.log();
    assert!(log.contains("SIGTERM") && log.contains("shutting down") && log.contains("stopped"), "{log}");
}

#[test]
fn sigint_stops_an_idle_server_with_exit_0() {
    let mut server = TestServer::start();
    server.signal("INT");
    let status = server.wait_exit(std::time::Duration::from_secs(10)).expect("exits");
    assert_eq!(status.code(), Some(0), "{}", server.log());
}

#[test]
fn a_request_that_outlasts_the_grace_period_is_cut_off_and_the_exit_is_still_0() {
    use std::io::Write;
    use std::time::Duration;

    let mut server = TestServer::builder()
        .set("http.shutdown_grace_secs", "1")
        .set("logging.level", "info,tower_http=debug")
        .start();
    let mut stalled = std::net::TcpStream::connect(("127.0.0.1", server.port())).unwrap();
    write!(
        stalled,
        "POST /api/v1/apps HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         x-request-id: stalled-1\r\nContent-Length: 500\r\n\r\nclient_name=never",
        server.domain()
    )
    .unwrap();
    server.wait_log("stalled-1", Duration::from_secs(30));

    server.signal("TERM");
    let status = server.wait_exit(Duration::from_secs(30)).expect("exits once the grace period is over");
    assert_eq!(status.code(), Some(0), "{}", server.log());
    assert!(server.log().contains("grace period over"), "it waited for the request, then cut it off");
}

#[tokio::test]
async fn log_lines_of_a_request_carry_its_request_id_as_json() {
    let server = TestServer::builder().set("logging.level", "info,tower_http=debug").start();
    let response = reqwest::Client::new()
        .get(server.url("/api/v1/instance?access_token=do-not-log-me"))
        .header("x-request-id", "trace-me-123")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);

    let line = server.wait_log("trace-me-123", std::time::Duration::from_secs(30));
    let entry: serde_json::Value = serde_json::from_str(&line).expect("a JSON log line");
    assert_eq!(entry["span"]["id"], "trace-me-123", "{line}");
    assert_eq!(entry["span"]["path"], "/api/v1/instance", "{line}");
    assert!(!server.log().contains("do-not-log-me"), "the query string is never logged");
}

#[tokio::test]
async fn without_any_config_it_runs_on_sqlite_and_says_it_is_in_quick_start_mode() {
    let server = TestServer::builder().quick_start().start();
    assert_eq!(get(&server.url("/readyz")).await.status(), 200);
    let log = server.log();
    assert!(log.contains("quick-start mode"), "{log}");
    assert!(log.contains("pleroctl instance gen"), "says how to leave it: {log}");
}

#[tokio::test]
async fn a_quick_start_server_gives_out_plain_http_urls_on_the_port_it_serves() {
    let server = TestServer::builder().quick_start().start();
    let instance: serde_json::Value = get(&server.url("/api/v2/instance")).await.json().await.unwrap();
    let domain = format!("localhost:{}", server.port());
    assert_eq!(instance["domain"], domain, "{instance}");
    assert_eq!(instance["thumbnail"]["url"], format!("http://{domain}/instance/thumbnail.png"), "{instance}");
}

/// `pleroctl` run in a quick-start server's directory with no configuration, the port given by
/// the environment only.
fn quick_start_pleroctl(server: &TestServer, args: &[&str]) -> serde_json::Value {
    let out = support::pleroctl()
        .current_dir(server.dir())
        .env("PLERO_HTTP__PORT", server.port().to_string())
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("pleroctl runs");
    assert!(out.status.success(), "{args:?}: {}", support::stderr(&out));
    serde_json::from_str(&support::stdout(&out)).expect("JSON")
}

#[tokio::test]
async fn with_the_port_from_the_environment_pleroctl_links_to_the_quick_start_server_on_that_port() {
    let server = TestServer::builder().quick_start().start();
    let base = format!("http://localhost:{}", server.port());
    let out = support::pleroctl()
        .current_dir(server.dir())
        .env("PLERO_HTTP__PORT", server.port().to_string())
        .args(["user", "new", "alice", "alice@example.com", "--yes"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", support::stderr(&out));
    let alice = quick_start_pleroctl(&server, &["user", "show", "alice", "--output", "json"]);
    assert_eq!(alice["actor_url"], format!("{base}/users/alice"), "{alice}");
    let invite = quick_start_pleroctl(&server, &["user", "invite", "--output", "json"]);
    let link = invite["url"].as_str().unwrap();
    assert!(link.starts_with(&format!("{base}/invite/")), "{link}");
    assert_eq!(get(link).await.status(), 200, "the printed link opens on the running server");
    let webfinger = format!("/.well-known/webfinger?resource=acct:alice@localhost:{}", server.port());
    let jrd: serde_json::Value = get(&server.url(&webfinger)).await.json().await.unwrap();
    assert!(jrd["links"].to_string().contains(&format!("{base}/users/alice")), "{jrd}");
}

#[tokio::test]
async fn a_quick_start_keeps_its_secret_key_so_a_form_opened_before_a_restart_still_posts() {
    use support::mastodon::Api;
    use support::pages::Page;
    let mut server = TestServer::builder().quick_start().start();
    let invite = quick_start_pleroctl(&server, &["user", "invite", "--output", "json"]);
    let api = Api::new(&server.url(""));
    let page = Page::open(&api, &server.url(&format!("/invite/{}", invite["code"].as_str().unwrap()))).await;
    assert_eq!(page.status, 200, "{}", page.html);

    server.restart();
    // A new client: the old one's pooled connection went down with the old process.
    let api = Api::new(&server.url(""));
    let password = "a long enough password";
    let fields = [
        ("username", "dave"),
        ("email", "dave@example.com"),
        ("password", password),
        ("password_confirmation", password),
        ("agreement", "1"),
    ];
    let welcome = page.submit(&api, &fields).await;
    assert_eq!(welcome.status, 200, "the form's CSRF token is still valid: {}", welcome.html);

    use std::os::unix::fs::PermissionsExt;
    let key = server.dir().join("data/secret_key_base");
    let mode = std::fs::metadata(&key).expect("the key is kept in the data dir").permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[tokio::test]
async fn outside_quick_start_an_empty_secret_key_base_refuses_the_start_saying_how_to_make_one() {
    let mut server = TestServer::builder().env("PLERO_SECURITY__SECRET_KEY_BASE", "").spawn_only();
    let status = server.wait_exit(std::time::Duration::from_secs(60)).expect("serve exits");
    assert_eq!(status.code(), Some(1));
    let log = server.log();
    assert!(log.contains("security.secret_key_base: is empty"), "{log}");
    assert!(log.contains("every node of the instance must share the same one"), "{log}");
    assert!(log.contains("pleroctl instance gen"), "{log}");
}

#[tokio::test]
async fn logging_format_text_writes_plain_lines() {
    let server = TestServer::builder().set("logging.format", "text").start();
    let log = server.log();
    let line = log.lines().find(|l| l.contains("listening")).expect("a start-up line");
    assert!(serde_json::from_str::<serde_json::Value>(line).is_err(), "not JSON: {line}");
    assert!(line.contains("INFO"), "{line}");
}

#[tokio::test]
async fn readyz_is_503_once_a_migration_is_reverted_under_the_running_server() {
    let server = TestServer::start();
    assert_eq!(get(&server.url("/readyz")).await.status(), 200);
    let out = server.pleroctl(&["migrate", "revert", "--yes"]);
    assert!(out.status.success(), "revert failed: {}", support::stderr(&out));

    let response = get(&server.url("/readyz")).await;
    assert_eq!(response.status(), 503);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["ready"], false);
    assert_eq!(body["migrations"], "pending");
    assert_eq!(get(&server.url("/healthz")).await.status(), 200, "alive all the same");
}
