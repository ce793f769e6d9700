//! `pleroctl user` against a running `pleroctl serve`: its changes take effect on the next request,
//! and the links it prints (password reset, invites) work in a browser.

mod support;

use reqwest::StatusCode;
use support::TestServer;
use support::accounts::{Instance, PASSWORD, admin};
use support::mastodon::{Api, OOB};
use support::pages::Page;

const VERIFY: &str = "/api/v1/accounts/verify_credentials";

#[tokio::test]
async fn sign_out_revokes_every_live_token_of_the_user() {
    let Instance { server, api } = Instance::with_users(&["alice"]);
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
    let Instance { server, api } = Instance::with_users(&["alice"]);
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
    let Instance { server, api } = Instance::with_users(&["alice"]);
    let app = api.register_app("read", OOB).await;
    let token = api.password_token(&app, "alice", PASSWORD, "read").await;
    let (status, me) = api.get(VERIFY, Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    let id = me["id"].as_str().unwrap().to_string();
    admin(&server, &["user", "rm", "alice", "--yes"]);
    assert_eq!(api.get(VERIFY, Some(&token)).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(api.get(&format!("/api/v1/accounts/{id}"), None).await.0, StatusCode::NOT_FOUND);
}

// ---- the password-reset link `user reset-password` prints ----------------------------------------

const NEW_PASSWORD: &str = "a brand new password";

fn reset_link(server: &TestServer) -> String {
    admin(server, &["user", "reset-password", "alice"]).trim().to_string()
}

#[tokio::test]
async fn a_reset_link_sets_the_new_password_and_signs_out_every_app() {
    let Instance { server, api } = Instance::with_users(&["alice"]);
    let app = api.register_app("read", OOB).await;
    let old_token = api.password_token(&app, "alice", PASSWORD, "read").await;
    let page = Page::open(&api, &reset_link(&server)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    assert!(page.html.contains("@alice"), "the page names whose password it changes");
    let done =
        page.submit(&api, &[("password", NEW_PASSWORD), ("password_confirmation", NEW_PASSWORD)]).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.html);
    assert!(done.message().unwrap().contains("signed out"), "{}", done.html);
    assert_eq!(api.get(VERIFY, Some(&old_token)).await.0, StatusCode::UNAUTHORIZED);
    let form = [("grant_type", "password"), ("username", "alice"), ("password", PASSWORD), ("scope", "read")];
    assert_eq!(api.token(&app, &form).await.0, StatusCode::BAD_REQUEST, "the old password is refused");
    let token = api.password_token(&app, "alice", NEW_PASSWORD, "read").await;
    assert_eq!(api.get(VERIFY, Some(&token)).await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_reset_link_works_once() {
    let Instance { server, api } = Instance::with_users(&["alice"]);
    let link = reset_link(&server);
    let page = Page::open(&api, &link).await;
    let typed = [("password", NEW_PASSWORD), ("password_confirmation", NEW_PASSWORD)];
    assert_eq!(page.submit(&api, &typed).await.status, StatusCode::OK);
    let again = Page::open(&api, &link).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert!(again.message().unwrap().contains("ask for a new one"), "{}", again.html);
    let replayed =
        page.submit(&api, &[("password", "yet another one!"), ("password_confirmation", "yet another one!")]);
    assert_eq!(replayed.await.status, StatusCode::NOT_FOUND, "the old form cannot be posted twice");
}

#[tokio::test]
async fn a_refused_new_password_keeps_the_link_and_the_old_password() {
    let Instance { server, api } = Instance::with_users(&["alice"]);
    let page = Page::open(&api, &reset_link(&server)).await;
    let differ =
        page.submit(&api, &[("password", NEW_PASSWORD), ("password_confirmation", "something else")]).await;
    assert_eq!(differ.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(differ.message().unwrap().contains("differ"), "{}", differ.html);
    let short = differ.submit(&api, &[("password", "short"), ("password_confirmation", "short")]).await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.message().unwrap().contains("at least 8 characters"), "{}", short.html);
    let app = api.register_app("read", OOB).await;
    api.password_token(&app, "alice", PASSWORD, "read").await;
    let done =
        short.submit(&api, &[("password", NEW_PASSWORD), ("password_confirmation", NEW_PASSWORD)]).await;
    assert_eq!(done.status, StatusCode::OK, "the form shown with the error still works: {}", done.html);
}

#[tokio::test]
async fn a_reset_form_posted_without_the_browsers_cookie_changes_nothing() {
    let Instance { server, api } = Instance::with_users(&["alice"]);
    let page = Page::open(&api, &reset_link(&server)).await;
    let forged = Page { cookie: None, ..page };
    let refused =
        forged.submit(&api, &[("password", NEW_PASSWORD), ("password_confirmation", NEW_PASSWORD)]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.message().unwrap().contains("cookie"), "{}", refused.html);
    let app = api.register_app("read", OOB).await;
    api.password_token(&app, "alice", PASSWORD, "read").await;
    let still = Page::open(&api, &reset_link(&server)).await;
    assert_eq!(still.status, StatusCode::OK);
}

#[tokio::test]
async fn an_unknown_reset_link_says_so() {
    let Instance { server, api } = Instance::with_users(&["alice"]);
    let page = Page::open(&api, &server.url("/auth/password/edit?reset_password_token=not-a-token")).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.message().unwrap().contains("unknown, used or older than 6 hours"), "{}", page.html);
}

// ---- the invite link `user invite` prints --------------------------------------------------------

fn invite_link(server: &TestServer, extra: &[&str]) -> String {
    let mut args = vec!["user", "invite", "--output", "json"];
    args.extend_from_slice(extra);
    let invite: serde_json::Value = serde_json::from_str(&admin(server, &args)).unwrap();
    invite["url"].as_str().unwrap().to_string()
}

fn sign_up_fields<'a>(username: &'a str, email: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("username", username),
        ("email", email),
        ("password", NEW_PASSWORD),
        ("password_confirmation", NEW_PASSWORD),
        ("agreement", "1"),
    ]
}

#[tokio::test]
async fn an_invite_link_signs_up_a_user_on_a_closed_server() {
    let Instance { server, api } = Instance::with_users(&["alice"]);
    let page = Page::open(&api, &invite_link(&server, &[])).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    let welcome = page.submit(&api, &sign_up_fields("dave", "dave@example.com")).await;
    assert_eq!(welcome.status, StatusCode::OK, "{}", welcome.html);
    assert!(welcome.message().unwrap().contains(&format!("@dave@{}", server.domain())), "{}", welcome.html);
    let app = api.register_app("read", OOB).await;
    let token = api.password_token(&app, "dave@example.com", NEW_PASSWORD, "read").await;
    let (status, me) = api.get(VERIFY, Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["acct"], "dave");
    let (_, instance) = api.get("/api/v1/instance", None).await;
    assert_eq!(instance["stats"]["user_count"], 2, "the instance counts the new user at once");
}

#[tokio::test]
async fn a_used_up_invite_link_says_so() {
    let Instance { server, api } = Instance::with_users(&["alice"]);
    let link = invite_link(&server, &["--max-use", "1"]);
    let page = Page::open(&api, &link).await;
    assert_eq!(page.submit(&api, &sign_up_fields("dave", "dave@example.com")).await.status, StatusCode::OK);
    let used = Page::open(&api, &link).await;
    assert_eq!(used.status, StatusCode::NOT_FOUND);
    assert!(used.message().unwrap().contains("used up"), "{}", used.html);
    let late = page.submit(&api, &sign_up_fields("erin", "erin@example.com")).await;
    assert_eq!(late.status, StatusCode::NOT_FOUND, "a form opened before cannot use it either");
}

#[tokio::test]
async fn a_revoked_invite_link_says_so() {
    let Instance { server, api } = Instance::with_users(&["alice"]);
    let link = invite_link(&server, &[]);
    let code = link.rsplit('/').next().unwrap();
    admin(&server, &["user", "revoke-invite", code]);
    let page = Page::open(&api, &link).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.message().unwrap().contains("revoked"), "{}", page.html);
}

#[tokio::test]
async fn a_refused_sign_up_comes_back_with_what_was_typed_and_keeps_the_invite() {
    let Instance { server, api } = Instance::with_users(&["alice"]);
    let link = invite_link(&server, &["--max-use", "1"]);
    let page = Page::open(&api, &link).await;
    let taken = page.submit(&api, &sign_up_fields("Alice", "someone@example.com")).await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(taken.message().unwrap().contains("already taken"), "{}", taken.html);
    assert!(taken.html.contains(r#"value="someone@example.com""#), "the email is kept: {}", taken.html);
    let mut no_agreement = sign_up_fields("dave", "dave@example.com");
    no_agreement.pop();
    let refused = taken.submit(&api, &no_agreement).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.message().unwrap().contains("rules"), "{}", refused.html);
    let done = refused.submit(&api, &sign_up_fields("dave", "dave@example.com")).await;
    assert_eq!(done.status, StatusCode::OK, "the one use is still there: {}", done.html);
}

// ---- approval-mode sign-ups and `user approve` ---------------------------------------------------

#[tokio::test]
async fn a_sign_up_waits_for_user_approve_before_it_can_sign_in() {
    let server = TestServer::builder().set("instance.registrations", "approval").start();
    let api = Api::new(&server.url(""));
    let app = api.register_app("read write", OOB).await;
    let app_token = api.token(&app, &[("grant_type", "client_credentials"), ("scope", "read write")]).await;
    let app_token = app_token.1["access_token"].as_str().unwrap().to_string();
    let form = [
        ("username", "dave"),
        ("email", "dave@example.com"),
        ("password", NEW_PASSWORD),
        ("agreement", "true"),
    ];
    assert_eq!(api.post("/api/v1/accounts", Some(&app_token), &form).await.0, StatusCode::OK);
    let sign_in =
        [("grant_type", "password"), ("username", "dave"), ("password", NEW_PASSWORD), ("scope", "read")];
    let (status, refused) = api.token(&app, &sign_in).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "not before approval: {refused}");
    assert_eq!(refused["error_description"], "Your login is currently pending approval", "says why");
    let pending: serde_json::Value =
        serde_json::from_str(&admin(&server, &["user", "list", "--pending", "-o", "json"])).unwrap();
    assert_eq!(
        pending.as_array().unwrap().iter().map(|u| u["acct"].as_str().unwrap()).collect::<Vec<_>>(),
        ["dave"]
    );
    let out = server.pleroctl(&["user", "approve", "dave"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("approved dave"));
    let token = api.password_token(&app, "dave", NEW_PASSWORD, "read").await;
    assert_eq!(api.get(VERIFY, Some(&token)).await.0, StatusCode::OK);
}
