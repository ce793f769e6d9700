//! The bounded crypto pool seen from outside: when every worker is busy and the queue is full,
//! each request that would hash a password answers 429 with `Retry-After` at once, never a 5xx;
//! requests refused for other reasons are refused before the pool is asked.
//!
//! Saturating it deterministically: one worker, no queue, and one sign-in whose stored hash asks
//! Argon2 for 2^32-1 passes, which keeps that worker busy for hours; the server logs when the job
//! starts, and the test waits for that line. Everything after it finds the pool full.

mod support;

use reqwest::{StatusCode, header};
use serde_json::Value;
use support::TestServer;
use support::accounts::{PASSWORD, admin, create_user};
use support::mastodon::{Api, OOB};
use support::pages::Page;

/// An Argon2id hash with minimal memory and the most passes the format allows.
const ENDLESS_HASH: &str =
    "$argon2id$v=19$m=8,t=4294967295,p=1$c29tZXNhbHRzb21lc2FsdA$hhrURK/sWdSyE5pncqS4Eu2Dm/pt3fEFZOYmkK2nm6I";

const NEW_PASSWORD: &str = "a brand new password";

fn patience() -> std::time::Duration {
    std::time::Duration::from_secs(60)
}

fn assert_busy(what: &str, status: StatusCode, headers: &header::HeaderMap, body: &str) {
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{what}: {body}");
    assert_eq!(headers.get(header::RETRY_AFTER).map(|v| v.to_str().unwrap()), Some("1"), "{what}");
    assert!(body.contains("Too many requests"), "{what} says why: {body}");
}

/// A form POST with an optional bearer token: status, headers and the body as text.
async fn post(
    api: &Api,
    path: &str,
    token: Option<&str>,
    form: &[(&str, &str)],
) -> (StatusCode, header::HeaderMap, String) {
    let mut request = api.http.post(api.url(path)).form(form);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let res = request.send().await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    (status, headers, res.text().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saturated_pool_answers_429_with_retry_after_wherever_a_password_is_hashed() {
    let server = TestServer::builder()
        .set("security.crypto_workers", "1")
        .set("security.crypto_queue", "0")
        .set("instance.registrations", "open")
        .set("logging.level", "info,plero_core::crypto=debug")
        .start();
    create_user(&server, "alice", &[]);
    create_user(&server, "slow", &[]);
    let api = Api::new(&server.url(""));

    // Everything that needs no hashing is fetched first: app, app token, the three forms.
    let app = api.register_app("read write", OOB).await;
    let (_, app_token) =
        api.token(&app, &[("grant_type", "client_credentials"), ("scope", "read write")]).await;
    let app_token = app_token["access_token"].as_str().unwrap().to_string();
    let sign_in_url =
        format!("{}?response_type=code&client_id={}", api.url("/oauth/authorize"), app.client_id);
    let sign_in_page = Page::open(&api, &sign_in_url).await;
    let invite: Value =
        serde_json::from_str(&admin(&server, &["user", "invite", "--output", "json"])).unwrap();
    let invite_page = Page::open(&api, invite["url"].as_str().unwrap()).await;
    let reset_page = Page::open(&api, admin(&server, &["user", "reset-password", "alice"]).trim()).await;
    for page in [&sign_in_page, &invite_page, &reset_page] {
        assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    }

    // Occupy the only worker.
    let db = server.config_dir().parent().unwrap().join("data/plero.db");
    sqlx_execute(
        &db,
        &format!("UPDATE users SET password_hash = '{ENDLESS_HASH}' WHERE email = 'slow@example.com'"),
    )
    .await;
    let occupier = {
        let (api, app) = (Api::new(&server.url("")), app.clone());
        tokio::spawn(async move {
            let form = [
                ("grant_type", "password"),
                ("username", "slow"),
                ("password", "anything"),
                ("scope", "read"),
            ];
            api.token(&app, &form).await
        })
    };
    tokio::task::block_in_place(|| server.wait_log("crypto job started", patience()));

    let client = [("client_id", app.client_id.as_str()), ("client_secret", app.client_secret.as_str())];
    for (what, login) in
        [("password grant", "alice"), ("password grant of an unknown login (the dummy hash)", "nobody")]
    {
        let grant =
            [("grant_type", "password"), ("username", login), ("password", PASSWORD), ("scope", "read")];
        let (status, headers, body) =
            post(&api, "/oauth/token", None, &[&client[..], &grant[..]].concat()).await;
        assert_busy(what, status, &headers, &body);
    }

    let sign_up = [
        ("username", "dave"),
        ("email", "dave@example.com"),
        ("password", NEW_PASSWORD),
        ("agreement", "true"),
    ];
    let (status, headers, body) = post(&api, "/api/v1/accounts", Some(&app_token), &sign_up).await;
    assert_busy("sign-up", status, &headers, &body);

    let signed_in = sign_in_page.submit(&api, &[("username", "alice"), ("password", PASSWORD)]).await;
    assert_busy("sign-in page", signed_in.status, &signed_in.headers, &signed_in.html);
    let typed = [
        ("username", "erin"),
        ("email", "erin@example.com"),
        ("password", NEW_PASSWORD),
        ("password_confirmation", NEW_PASSWORD),
        ("agreement", "1"),
    ];
    let invited = invite_page.submit(&api, &typed).await;
    assert_busy("invite page", invited.status, &invited.headers, &invited.html);
    let reset =
        reset_page.submit(&api, &[("password", NEW_PASSWORD), ("password_confirmation", NEW_PASSWORD)]).await;
    assert_busy("password-reset page", reset.status, &reset.headers, &reset.html);

    // Refusals that need no hashing come before the pool: a bad invite code is named, not "busy".
    let bad_invite = [&sign_up[..], &[("invite_code", "nosuchcode")]].concat();
    let (status, _, body) = post(&api, "/api/v1/accounts", Some(&app_token), &bad_invite).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("invite_code"), "{body}");
    occupier.abort();
}

async fn sqlx_execute(db: &std::path::Path, sql: &str) {
    use sqlx::Connection;
    let mut conn =
        sqlx::SqliteConnection::connect(&format!("sqlite://{}", db.display())).await.expect("connects");
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string())).execute(&mut conn).await.expect("SQL runs");
}
