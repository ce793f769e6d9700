//! Error-level events of a real `pleroctl serve` reach a Slack incoming webhook (a loopback
//! listener that plays Slack here): batched, so a storm of errors is one post.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use support::TestServer;

/// Accepts webhook posts on loopback and keeps their bodies.
fn fake_slack() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/services/T0/B0/secret-part", listener.local_addr().unwrap());
    let posts = Arc::new(Mutex::new(Vec::new()));
    let kept = posts.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = value.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            if reader.read_exact(&mut body).is_ok() {
                kept.lock().unwrap().push(String::from_utf8_lossy(&body).into_owned());
            }
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        }
    });
    (url, posts)
}

#[tokio::test]
async fn a_storm_of_server_errors_is_one_slack_post_and_the_webhook_is_never_logged() {
    let (webhook, posts) = fake_slack();
    let server = TestServer::builder()
        .file("prod.secret.toml", &format!("[logging]\nslack_webhook_url = \"{webhook}\"\n"))
        .start();
    // Pull the schema from under the running server: every instance document now fails.
    let out = server.pleroctl(&["migrate", "revert", "--to", "0", "--yes"]);
    assert!(out.status.success(), "revert failed: {}", support::stderr(&out));
    for _ in 0..20 {
        let response = reqwest::get(server.url("/api/v1/instance")).await.unwrap();
        assert_eq!(response.status(), 500);
    }

    let deadline = Instant::now() + Duration::from_secs(8);
    while posts.lock().unwrap().is_empty() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let posts = posts.lock().unwrap().clone();
    assert_eq!(posts.len(), 1, "one batched post, not a storm: {posts:?}");
    let text =
        serde_json::from_str::<serde_json::Value>(&posts[0]).unwrap()["text"].as_str().unwrap().to_owned();
    assert!(text.contains("errors"), "{text}");
    assert!(text.contains("cannot count the instance's usage"), "{text}");
    assert!(text.contains("request_id="), "{text}");
    assert!(text.contains("more not shown"), "the rest are counted: {text}");
    assert!(!server.log().contains("secret-part"), "the webhook URL is a secret");
}
