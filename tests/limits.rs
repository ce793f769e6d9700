//! Abuse limits against the real `pleroctl serve`: per-address request limits answered 429 with
//! Mastodon's headers, the client's address behind trusted proxies, the sign-in lockout per
//! (account, address), and one rule for whether a login may be used (403 with Mastodon's texts).
//! Clients bind to different loopback addresses (127.0.0.X) to be different clients.

mod support;

use std::net::IpAddr;

use reqwest::header::HeaderMap;
use reqwest::{Client, StatusCode};
use serde_json::Value;
use support::TestServer;
use support::accounts::{PASSWORD, admin, create_user};
use support::mastodon::{Api, App, OOB};

/// An API client whose connections come from `local` (a 127.0.0.X address).
fn api_from(server: &TestServer, local: &str) -> Api {
    let mut api = Api::new(&server.url(""));
    api.http = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .local_address(local.parse::<IpAddr>().expect("an address"))
        .timeout(std::time::Duration::from_secs(20))
        .build()
        .expect("reqwest client");
    api
}

/// `POST /oauth/token` with the password grant from `api`, with an optional `X-Forwarded-For`.
async fn password_grant(api: &Api, app: &App, password: &str) -> (StatusCode, HeaderMap, Value) {
    let form = [
        ("client_id", app.client_id.as_str()),
        ("client_secret", app.client_secret.as_str()),
        ("grant_type", "password"),
        ("username", "alice"),
        ("password", password),
        ("scope", "read"),
    ];
    let res = api.http.post(api.url("/oauth/token")).form(&form).send().await.expect("POST /oauth/token");
    let (status, headers) = (res.status(), res.headers().clone());
    (status, headers, res.json().await.unwrap_or(Value::Null))
}

/// `POST /api/v1/apps` from `api`, with `X-Forwarded-For: forwarded` when given.
async fn register_app(api: &Api, forwarded: Option<&str>) -> (StatusCode, HeaderMap) {
    let mut req = api.http.post(api.url("/api/v1/apps")).form(&[
        ("client_name", "limits"),
        ("redirect_uris", OOB),
        ("scopes", "read"),
    ]);
    if let Some(forwarded) = forwarded {
        req = req.header("x-forwarded-for", forwarded);
    }
    let res = req.send().await.expect("POST /api/v1/apps");
    (res.status(), res.headers().clone())
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers.get(name).unwrap_or_else(|| panic!("no {name} header in {headers:?}")).to_str().unwrap()
}

/// Checks a 429's headers: `Retry-After` within the window, and the budget used up with its end.
fn assert_limited(status: StatusCode, headers: &HeaderMap, limit: u32, period_secs: u64) {
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{headers:?}");
    let retry_after: u64 = header(headers, "retry-after").parse().expect("Retry-After is seconds");
    assert!((1..=period_secs).contains(&retry_after), "Retry-After {retry_after}");
    assert_eq!(header(headers, "x-ratelimit-limit"), limit.to_string());
    assert_eq!(header(headers, "x-ratelimit-remaining"), "0");
    let reset = chrono::DateTime::parse_from_rfc3339(header(headers, "x-ratelimit-reset"))
        .expect("X-RateLimit-Reset is an ISO 8601 time");
    assert!(reset > chrono::Utc::now(), "the window ends in the future: {reset}");
}

#[tokio::test]
async fn sign_ins_past_the_limit_get_429_with_the_budget_and_other_addresses_do_not() {
    let server = TestServer::builder().set("rate_limits.sign_in", "3").start();
    create_user(&server, "alice", &[]);
    let app = Api::new(&server.url("")).register_app("read", OOB).await;
    let guesser = api_from(&server, "127.0.0.2");
    for _ in 0..3 {
        assert_eq!(password_grant(&guesser, &app, "guess").await.0, StatusCode::BAD_REQUEST);
    }
    let (status, headers, body) = password_grant(&guesser, &app, PASSWORD).await;
    assert_limited(status, &headers, 3, 300);
    assert_eq!(body["error"], "Too many requests", "Mastodon's body: {body}");
    let (status, _, body) = password_grant(&api_from(&server, "127.0.0.3"), &app, PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "another address signs in: {body}");
}

#[tokio::test]
async fn the_api_budget_is_on_every_api_response_and_probes_are_never_limited() {
    let server = TestServer::builder().set("rate_limits.unauthenticated_api", "2").start();
    let api = api_from(&server, "127.0.0.4");
    let (status, headers, _) = api.call(reqwest::Method::GET, "/api/v1/instance", None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header(&headers, "x-ratelimit-limit"), "2");
    assert_eq!(header(&headers, "x-ratelimit-remaining"), "1");
    assert!(chrono::DateTime::parse_from_rfc3339(header(&headers, "x-ratelimit-reset")).is_ok());
    api.call(reqwest::Method::GET, "/api/v1/instance", None, None).await;
    let (status, headers, _) = api.call(reqwest::Method::GET, "/api/v2/instance", None, None).await;
    assert_limited(status, &headers, 2, 300);
    for probe in ["/healthz", "/readyz", "/healthz"] {
        assert_eq!(api.http.get(api.url(probe)).send().await.unwrap().status(), StatusCode::OK, "{probe}");
    }
    let (status, _, _) =
        api_from(&server, "127.0.0.5").call(reqwest::Method::GET, "/api/v1/instance", None, None).await;
    assert_eq!(status, StatusCode::OK, "another address has its own budget");
}

#[tokio::test]
async fn a_signed_in_user_spends_the_accounts_budget_not_the_addresss() {
    let server = TestServer::builder()
        .set("rate_limits.unauthenticated_api", "1")
        .set("rate_limits.authenticated_api", "7")
        .start();
    create_user(&server, "alice", &[]);
    let api = api_from(&server, "127.0.0.6");
    let app = Api::new(&server.url("")).register_app("read", OOB).await;
    let token = Api::new(&server.url("")).password_token(&app, "alice", PASSWORD, "read").await;
    for remaining in ["6", "5"] {
        let (status, headers, body) =
            api.call(reqwest::Method::GET, "/api/v1/accounts/verify_credentials", Some(&token), None).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(header(&headers, "x-ratelimit-limit"), "7");
        assert_eq!(header(&headers, "x-ratelimit-remaining"), remaining);
    }
}

#[tokio::test]
async fn x_forwarded_for_names_the_client_only_from_a_trusted_proxy() {
    let server = TestServer::builder()
        .set("http.trusted_proxies", "127.0.0.1")
        .set("rate_limits.app_registration", "2")
        .start();
    // Through the proxy (127.0.0.1): each forwarded client is counted on its own.
    let proxy = api_from(&server, "127.0.0.1");
    for _ in 0..2 {
        assert_eq!(register_app(&proxy, Some("203.0.113.5")).await.0, StatusCode::OK);
    }
    let (status, headers) = register_app(&proxy, Some("198.51.100.1, 203.0.113.5")).await;
    assert_limited(status, &headers, 2, 600);
    assert_eq!(register_app(&proxy, Some("203.0.113.6")).await.0, StatusCode::OK, "another client");
    // From an untrusted peer, a forged header changes nothing: the peer is the client.
    let direct = api_from(&server, "127.0.0.2");
    for forged in ["192.0.2.1", "192.0.2.2"] {
        assert_eq!(register_app(&direct, Some(forged)).await.0, StatusCode::OK);
    }
    let (status, headers) = register_app(&direct, Some("192.0.2.3")).await;
    assert_limited(status, &headers, 2, 600);
}

#[tokio::test]
async fn a_request_id_is_kept_only_from_a_trusted_proxy() {
    let server = TestServer::builder().set("http.trusted_proxies", "127.0.0.1").start();
    let id_from = |local: &'static str| {
        let api = api_from(&server, local);
        async move {
            let res = api.http.get(api.url("/healthz")).header("x-request-id", "chosen-id-7").send().await;
            res.unwrap().headers()["x-request-id"].to_str().unwrap().to_owned()
        }
    };
    assert_eq!(id_from("127.0.0.1").await, "chosen-id-7");
    let replaced = id_from("127.0.0.2").await;
    assert_ne!(replaced, "chosen-id-7", "a client cannot choose the id its requests are logged under");
    assert!(!replaced.is_empty());
}

#[tokio::test]
async fn bad_passwords_from_another_address_do_not_lock_the_owner_out() {
    let server = TestServer::start();
    create_user(&server, "alice", &[]);
    let app = Api::new(&server.url("")).register_app("read", OOB).await;
    let attacker = api_from(&server, "127.0.0.9");
    for _ in 0..5 {
        assert_eq!(password_grant(&attacker, &app, "guess").await.0, StatusCode::BAD_REQUEST);
    }
    let (status, headers, body) = password_grant(&attacker, &app, PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "a lockout, even for the right password: {body}");
    let retry_after: u64 = header(&headers, "retry-after").parse().unwrap();
    assert!((1..=900).contains(&retry_after), "{retry_after}");
    assert!(body["error_description"].as_str().unwrap().contains("too many failed sign-ins"), "{body}");
    let (status, _, body) = password_grant(&api_from(&server, "127.0.0.1"), &app, PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "the owner signs in from their own address: {body}");
}

#[tokio::test]
async fn the_per_account_ceiling_locks_the_account_for_every_address() {
    let server = TestServer::builder()
        .set("rate_limits.failed_sign_ins_per_ip", "2")
        .set("rate_limits.failed_sign_ins_per_account", "4")
        .start();
    create_user(&server, "alice", &[]);
    let app = Api::new(&server.url("")).register_app("read", OOB).await;
    for local in ["127.0.0.10", "127.0.0.11"] {
        let attacker = api_from(&server, local);
        for _ in 0..2 {
            assert_eq!(password_grant(&attacker, &app, "guess").await.0, StatusCode::BAD_REQUEST);
        }
    }
    let (status, _, body) = password_grant(&api_from(&server, "127.0.0.1"), &app, PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
}

// ---- one rule for "may use this account" ---------------------------------------------------------

const VERIFY: &str = "/api/v1/accounts/verify_credentials";

/// A server on `db`'s backend with user alice.
fn server_on(db: &support::db::TestDb) -> TestServer {
    let mut builder = TestServer::builder();
    if let Some(url) = db.pg_url() {
        builder =
            builder.file("prod.toml", &format!("[database]\nbackend = \"postgres\"\nurl = \"{url}\"\n"));
    }
    let server = builder.start();
    create_user(&server, "alice", &[]);
    server
}

/// The refresh_token grant; the status and body.
async fn refresh(api: &Api, app: &App, refresh_token: &str) -> (StatusCode, Value) {
    api.token(app, &[("grant_type", "refresh_token"), ("refresh_token", refresh_token)]).await
}

both_backends! {
    /// Unconfirmed, then deactivated: existing tokens, refreshes and sign-ins stop at once, with
    /// 403 and Mastodon's text (an app would take 401 for "signed out").
    fn a_login_that_may_not_be_used_gets_403_with_mastodons_text_everywhere(db: &TestDb) {
        let server = server_on(db);
        let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
        runtime.block_on(async {
            let api = Api::new(&server.url(""));
            let app = api.register_app("read", OOB).await;
            let grant = [("grant_type", "password"), ("username", "alice"), ("password", PASSWORD), ("scope", "read")];
            let (status, issued) = api.token(&app, &grant).await;
            assert_eq!(status, StatusCode::OK, "{issued}");
            let token = issued["access_token"].as_str().unwrap().to_string();
            let refresh_token = issued["refresh_token"].as_str().unwrap().to_string();

            admin(&server, &["user", "set", "alice", "--no-confirmed"]);
            let text = "Your login is missing a confirmed e-mail address";
            assert_eq!(api.get(VERIFY, Some(&token)).await, (StatusCode::FORBIDDEN, serde_json::json!({"error": text})));
            let (status, body) = refresh(&api, &app, &refresh_token).await;
            assert_eq!((status, body["error_description"].as_str()), (StatusCode::FORBIDDEN, Some(text)), "{body}");
            let (status, body) = api.token(&app, &grant).await;
            assert_eq!((status, body["error_description"].as_str()), (StatusCode::FORBIDDEN, Some(text)), "{body}");

            admin(&server, &["user", "set", "alice", "--confirmed"]);
            admin(&server, &["user", "deactivate", "alice"]);
            let text = "Your login is currently disabled";
            assert_eq!(api.get(VERIFY, Some(&token)).await, (StatusCode::FORBIDDEN, serde_json::json!({"error": text})));
            let (status, body) = refresh(&api, &app, &refresh_token).await;
            assert_eq!((status, body["error_description"].as_str()), (StatusCode::FORBIDDEN, Some(text)), "{body}");

            admin(&server, &["user", "activate", "alice"]);
            assert_eq!(api.get(VERIFY, Some(&token)).await.0, StatusCode::OK, "the same token works again");
            let (status, body) = refresh(&api, &app, &refresh_token).await;
            assert_eq!(status, StatusCode::OK, "so does the refresh token: {body}");
        });
    }
}

#[tokio::test]
async fn the_sign_in_invite_and_password_reset_forms_are_limited_per_address() {
    use support::pages::Page;
    let server = TestServer::builder()
        .set("rate_limits.sign_in", "1")
        .set("rate_limits.sign_up", "1")
        .set("rate_limits.password_reset", "1")
        .start();
    create_user(&server, "alice", &[]);
    let api = Api::new(&server.url(""));
    let app = api.register_app("read", OOB).await;
    let authorize = format!("/oauth/authorize?response_type=code&client_id={}", app.client_id);
    let sign_in = Page::open(&api, &api.url(&authorize)).await;
    let wrong = [("username", "alice"), ("password", "guess")];
    assert_eq!(sign_in.submit(&api, &wrong).await.status, StatusCode::UNAUTHORIZED);
    let reset = Page::open(&api, admin(&server, &["user", "reset-password", "alice"]).trim()).await;
    let differ = [("password", "a long new password"), ("password_confirmation", "another one")];
    assert_eq!(reset.submit(&api, &differ).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let invite: Value =
        serde_json::from_str(&admin(&server, &["user", "invite", "--output", "json"])).unwrap();
    let sign_up = Page::open(&api, invite["url"].as_str().unwrap()).await;
    let typed = [("username", "dave"), ("email", "dave@example.com"), ("password", "a long new password")];
    assert_eq!(sign_up.submit(&api, &typed).await.status, StatusCode::UNPROCESSABLE_ENTITY);

    for (page, typed) in [(&sign_in, &wrong[..]), (&reset, &differ[..]), (&sign_up, &typed[..])] {
        let refused = page.submit(&api, typed).await;
        assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS, "{}", refused.html);
        assert!(refused.message().unwrap_or_default().contains("try again in"), "{}", refused.html);
    }
}
