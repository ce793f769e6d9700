//! `GET /metrics`: Prometheus text, off by default, guarded by the bearer token of `metrics.token`.

mod support;

use support::TestServer;

const TOKEN: &str = "scrape-me-7f3a9c";

fn server_with_metrics() -> TestServer {
    TestServer::builder()
        .file("prod.secret.toml", &format!("[metrics]\nenabled = true\ntoken = \"{TOKEN}\"\n"))
        .start()
}

async fn scrape(server: &TestServer, token: Option<&str>) -> reqwest::Response {
    let mut request = reqwest::Client::new().get(server.url("/metrics"));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.expect("request sent")
}

#[tokio::test]
async fn metrics_are_off_unless_enabled() {
    let server = TestServer::start();
    assert_eq!(scrape(&server, Some(TOKEN)).await.status(), 404);
}

#[tokio::test]
async fn metrics_without_the_token_are_refused() {
    let server = server_with_metrics();
    assert_eq!(scrape(&server, None).await.status(), 401);
    assert_eq!(scrape(&server, Some("wrong-token")).await.status(), 401);
}

#[tokio::test]
async fn metrics_count_requests_by_route_template_and_status() {
    let server = server_with_metrics();
    for _ in 0..3 {
        reqwest::get(server.url("/readyz/")).await.unwrap();
    }
    reqwest::get(server.url("/no/such/page")).await.unwrap();

    let response = scrape(&server, Some(TOKEN)).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/plain; version=0.0.4"));
    let text = response.text().await.unwrap();
    assert!(
        text.contains(r#"plero_http_requests_total{method="GET",route="/readyz",status="200"} 3"#),
        "{text}"
    );
    assert!(text.contains(r#"route="unmatched",status="404"} 1"#), "{text}");
    assert!(text.contains("plero_http_request_duration_seconds_bucket{"), "{text}");
    assert!(
        text.contains(&format!(r#"plero_build_info{{version="{}"}} 1"#, env!("CARGO_PKG_VERSION"))),
        "{text}"
    );
    assert!(text.contains("plero_db_pool_max_connections 10"), "database.pool_size: {text}");
    assert!(text.contains(r#"plero_db_pool_connections{state="in_use"}"#), "{text}");
    assert!(text.contains(r#"plero_jobs{queue="default",state="queued"} 0"#), "{text}");
    assert!(text.contains(r#"plero_jobs{queue="federation",state="dead"} 0"#), "{text}");
    assert!(text.contains(r#"plero_jobs_oldest_due_age_seconds{queue="federation"} 0"#), "{text}");
    assert!(!text.contains(TOKEN), "the token must never be shown");
}

#[tokio::test]
async fn a_request_cut_off_by_the_timeout_is_a_408_counted_for_its_route() {
    use std::io::{Read, Write};
    let server = TestServer::builder()
        .file("prod.secret.toml", &format!("[metrics]\nenabled = true\ntoken = \"{TOKEN}\"\n"))
        .set("http.request_timeout_secs", "1")
        .start();
    let mut stalled = std::net::TcpStream::connect(("127.0.0.1", server.port())).unwrap();
    stalled.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
    write!(
        stalled,
        "POST /api/v1/apps HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: 500\r\nConnection: close\r\n\r\nclient_name=never",
        server.domain()
    )
    .unwrap();
    let mut response = String::new();
    let _ = stalled.read_to_string(&mut response);
    assert!(response.starts_with("HTTP/1.1 408"), "{response}");

    let text = scrape(&server, Some(TOKEN)).await.text().await.unwrap();
    assert!(
        text.contains(r#"plero_http_requests_total{method="POST",route="/api/v1/apps",status="408"} 1"#),
        "{text}"
    );
}
