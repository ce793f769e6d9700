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
    assert!(support::raw_get(server.port(), "/healthz").is_none(), "nothing listens");
}

#[tokio::test]
async fn with_migrate_a_fresh_database_is_migrated_then_served() {
    let server = TestServer::start();
    assert!(server.log().contains("database schema is current"), "{}", server.log());
    assert_eq!(get(&server.url("/readyz")).await.status(), 200);
}
