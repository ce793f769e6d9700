//! `pleroctl user` against a running `pleroctl serve`: its changes take effect on the next request.

mod support;

use reqwest::StatusCode;
use support::TestServer;
use support::accounts::{PASSWORD, admin, create_user};
use support::mastodon::{Api, OOB};

const VERIFY: &str = "/api/v1/accounts/verify_credentials";

fn server_with_alice() -> (TestServer, Api) {
    let server = TestServer::start();
    create_user(&server, "alice", &[]);
    let api = Api::new(&server.url(""));
    (server, api)
}

#[tokio::test]
async fn sign_out_revokes_every_live_token_of_the_user() {
    let (server, api) = server_with_alice();
    let app = api.register_app("read", OOB).await;
    let first = api.password_token(&app, "alice", PASSWORD, "read").await;
    let second = api.password_token(&app, "alice", PASSWORD, "read").await;
    assert_eq!(api.get(VERIFY, Some(&first)).await.0, StatusCode::OK);
    let out = server.pleroctl(&["user", "sign-out", "alice"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("revoked 2 tokens of alice"));
    for token in [&first, &second] {
        assert_eq!(api.get(VERIFY, Some(token)).await.0, StatusCode::UNAUTHORIZED);
    }
    let again = api.password_token(&app, "alice", PASSWORD, "read").await;
    assert_eq!(api.get(VERIFY, Some(&again)).await.0, StatusCode::OK, "signing in again works");
}

#[tokio::test]
async fn a_password_set_from_stdin_replaces_the_old_one_and_signs_out() {
    let (server, api) = server_with_alice();
    let app = api.register_app("read", OOB).await;
    let token = api.password_token(&app, "alice", PASSWORD, "read").await;
    let mut child = support::pleroctl()
        .arg("--config-dir")
        .arg(server.config_dir())
        .args(["user", "reset-password", "alice", "--password-stdin"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"an entirely new password\n").unwrap();
    assert!(child.wait_with_output().unwrap().status.success());
    assert_eq!(api.get(VERIFY, Some(&token)).await.0, StatusCode::UNAUTHORIZED);
    let form = [("grant_type", "password"), ("username", "alice"), ("password", PASSWORD), ("scope", "read")];
    assert_eq!(api.token(&app, &form).await.0, StatusCode::BAD_REQUEST, "the old password is refused");
    let new = api.password_token(&app, "alice", "an entirely new password", "read").await;
    assert_eq!(api.get(VERIFY, Some(&new)).await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_removed_user_is_gone_from_the_api_at_once() {
    let (server, api) = server_with_alice();
    let app = api.register_app("read", OOB).await;
    let token = api.password_token(&app, "alice", PASSWORD, "read").await;
    let (status, me) = api.get(VERIFY, Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    let id = me["id"].as_str().unwrap().to_string();
    admin(&server, &["user", "rm", "alice", "--yes"]);
    assert_eq!(api.get(VERIFY, Some(&token)).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(api.get(&format!("/api/v1/accounts/{id}"), None).await.0, StatusCode::NOT_FOUND);
}
