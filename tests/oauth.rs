//! OAuth against the real `pleroctl serve`: apps, the token endpoint's four grants, the authorize
//! forms, scopes on every endpoint, revocation and deactivation.

mod support;

use reqwest::StatusCode;
use serde_json::json;
use support::TestServer;
use support::accounts::{Instance, PASSWORD, admin, create_user};
use support::mastodon::{Api, OOB, pkce_pair, query_param};

#[tokio::test]
async fn app_registration_returns_credentials_and_the_app_can_verify_itself() {
    let Instance { server: _server, api } = Instance::with_users(&["alice"]);
    let res = api
        .http
        .post(api.url("/api/v1/apps"))
        .json(&json!({"client_name": "JSON app", "redirect_uris": ["https://app.example/cb", OOB], "scopes": ["read", "write"], "website": "https://app.example"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let app: serde_json::Value = res.json().await.unwrap();
    assert_eq!(app["name"], "JSON app");
    assert_eq!(app["scopes"], json!(["read", "write"]));
    assert_eq!(app["redirect_uris"], json!(["https://app.example/cb", OOB]));
    assert_eq!(app["redirect_uri"], format!("https://app.example/cb\n{OOB}"));
    assert_eq!(app["website"], "https://app.example");
    let client_id = app["client_id"].as_str().unwrap();
    let client_secret = app["client_secret"].as_str().unwrap();

    let (status, token) = api
        .token(
            &support::mastodon::App {
                id: app["id"].as_str().unwrap().into(),
                client_id: client_id.into(),
                client_secret: client_secret.into(),
            },
            &[("grant_type", "client_credentials"), ("scope", "read")],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{token}");
    assert_eq!(token["scope"], "read");
    assert_eq!(token["token_type"], "Bearer");

    let (status, me) = api.get("/api/v1/apps/verify_credentials", token["access_token"].as_str()).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["name"], "JSON app");
    assert!(me.get("client_secret").is_none(), "verify_credentials must not show the secret: {me}");
}

#[tokio::test]
async fn app_registration_without_redirect_uris_names_the_field() {
    let Instance { server: _server, api } = Instance::with_users(&["alice"]);
    let (status, body) = api.post("/api/v1/apps", None, &[("client_name", "x")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["error"].as_str().unwrap().contains("redirect_uris"), "{body}");
}

#[tokio::test]
async fn password_grant_gives_a_token_with_its_scope_that_reads_the_account() {
    let Instance { server: _server, api } = Instance::with_users(&["alice"]);
    let app = api.register_app("read write follow", OOB).await;
    let (status, token) = api
        .token(
            &app,
            &[
                ("grant_type", "password"),
                ("username", "alice@example.com"),
                ("password", PASSWORD),
                ("scope", "read write"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{token}");
    assert_eq!(token["scope"], "read write");
    assert!(token["created_at"].is_i64(), "{token}");
    let (status, me) = api.get("/api/v1/accounts/verify_credentials", token["access_token"].as_str()).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["username"], "alice");
    assert_eq!(me["acct"], "alice");
    assert_eq!(me["source"]["privacy"], "public");
}

#[tokio::test]
async fn password_grant_accepts_the_nickname_too() {
    let Instance { server: _server, api } = Instance::with_users(&["alice"]);
    let app = api.register_app("read", OOB).await;
    let token = api.password_token(&app, "alice", PASSWORD, "read").await;
    let (_, me) = api.get("/api/v1/accounts/verify_credentials", Some(&token)).await;
    assert_eq!(me["username"], "alice", "the token is alice's: {me}");
}

#[tokio::test]
async fn a_wrong_password_is_invalid_grant() {
    let Instance { server: _server, api } = Instance::with_users(&["alice"]);
    let app = api.register_app("read", OOB).await;
    let (status, body) = api
        .token(
            &app,
            &[("grant_type", "password"), ("username", "alice"), ("password", "nope"), ("scope", "read")],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"], "invalid_grant");
}

#[tokio::test]
async fn repeated_wrong_passwords_lock_the_login_for_a_while_with_429() {
    let Instance { server: _server, api } = Instance::with_users(&["alice"]);
    let app = api.register_app("read", OOB).await;
    let attempt = |password: &'static str| {
        let (api, app) = (api.clone(), app.clone());
        async move {
            api.token(
                &app,
                &[
                    ("grant_type", "password"),
                    ("username", "alice"),
                    ("password", password),
                    ("scope", "read"),
                ],
            )
            .await
        }
    };
    for _ in 0..5 {
        assert_eq!(attempt("guess").await.0, StatusCode::BAD_REQUEST);
    }
    let (status, body) = attempt(PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert!(body["error_description"].as_str().unwrap().contains("too many failed sign-ins"), "{body}");
}

#[tokio::test]
async fn a_wrong_client_secret_is_invalid_client() {
    let Instance { server: _server, api } = Instance::with_users(&["alice"]);
    let mut app = api.register_app("read", OOB).await;
    app.client_secret = "not the secret".into();
    let (status, body) = api.token(&app, &[("grant_type", "client_credentials")]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert_eq!(body["error"], "invalid_client");
}

#[tokio::test]
async fn the_client_may_authenticate_with_http_basic() {
    let Instance { server: _server, api } = Instance::with_users(&["alice"]);
    let app = api.register_app("read", OOB).await;
    let res = api
        .http
        .post(api.url("/oauth/token"))
        .basic_auth(&app.client_id, Some(&app.client_secret))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let res = api
        .http
        .post(api.url("/oauth/token"))
        .basic_auth(&app.client_id, Some("wrong"))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_scope_beyond_the_apps_is_invalid_scope() {
    let Instance { server: _server, api } = Instance::with_users(&["alice"]);
    let app = api.register_app("read", OOB).await;
    let (status, body) = api
        .token(
            &app,
            &[("grant_type", "password"), ("username", "alice"), ("password", PASSWORD), ("scope", "write")],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"], "invalid_scope");
}

#[tokio::test]
async fn an_unknown_grant_type_is_unsupported_grant_type() {
    let Instance { server: _server, api } = Instance::with_users(&["alice"]);
    let app = api.register_app("read", OOB).await;
    let (status, body) = api.token(&app, &[("grant_type", "implicit")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"], "unsupported_grant_type");
}

#[tokio::test]
async fn a_request_without_a_token_is_unauthorized() {
    let Instance { server: _server, api } = Instance::with_users(&["alice"]);
    let (status, body) = api.get("/api/v1/accounts/verify_credentials", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    let (status, _) = api.get("/api/v1/accounts/verify_credentials", Some("made-up-token")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_token_without_the_required_scope_is_forbidden() {
    let Instance { server: _server, api } = Instance::with_users(&["alice"]);
    let app = api.register_app("read write", OOB).await;
    let write_only = api.password_token(&app, "alice", PASSWORD, "write").await;
    let (status, body) = api.get("/api/v1/accounts/verify_credentials", Some(&write_only)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(body["error"].as_str().unwrap().contains("scope"), "{body}");
    let read_only = api.password_token(&app, "alice", PASSWORD, "read").await;
    let (status, body) = api
        .call(
            reqwest::Method::PATCH,
            "/api/v1/accounts/update_credentials",
            Some(&read_only),
            Some(&[("note", "x")]),
        )
        .await
        .into_status_body();
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
}

#[tokio::test]
async fn a_granular_scope_is_enough_for_its_endpoint() {
    let Instance { server: _server, api } = Instance::with_users(&["alice"]);
    let app = api.register_app("read write", OOB).await;
    let token = api.password_token(&app, "alice", PASSWORD, "read:accounts").await;
    let (status, body) = api.get("/api/v1/accounts/verify_credentials", Some(&token)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn a_profile_token_shows_who_is_signed_in_and_nothing_else() {
    let Instance { server: _server, api } = Instance::with_users(&["alice"]);
    let app = api.register_app("read write follow profile", OOB).await;
    let token = api.password_token(&app, "alice", PASSWORD, "profile").await;
    let (status, me) = api.get("/api/v1/accounts/verify_credentials", Some(&token)).await;
    assert_eq!((status, me["username"].as_str()), (StatusCode::OK, Some("alice")));
    let (status, _) = api
        .get(&format!("/api/v1/accounts/relationships?id[]={}", me["id"].as_str().unwrap()), Some(&token))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_revoked_token_is_refused() {
    let Instance { server: _server, api } = Instance::with_users(&["alice"]);
    let app = api.register_app("read", OOB).await;
    let token = api.password_token(&app, "alice", PASSWORD, "read").await;
    let (status, _) = api
        .post(
            "/oauth/revoke",
            None,
            &[("client_id", &app.client_id), ("client_secret", &app.client_secret), ("token", &token)],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = api.get("/api/v1/accounts/verify_credentials", Some(&token)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_deactivated_users_token_is_refused_on_the_next_request() {
    let Instance { server, api } = Instance::with_users(&["alice"]);
    let app = api.register_app("read", OOB).await;
    let token = api.password_token(&app, "alice", PASSWORD, "read").await;
    assert_eq!(api.get("/api/v1/accounts/verify_credentials", Some(&token)).await.0, StatusCode::OK);
    admin(&server, &["user", "deactivate", "alice"]);
    let (status, body) = api.get("/api/v1/accounts/verify_credentials", Some(&token)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["error"], "Your login is currently disabled", "{body}");
    let (status, body) = api
        .token(
            &app,
            &[("grant_type", "password"), ("username", "alice"), ("password", PASSWORD), ("scope", "read")],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["error_description"], "Your login is currently disabled", "{body}");
}

#[tokio::test]
async fn a_refresh_token_gives_a_new_token_once() {
    let Instance { server: _server, api } = Instance::with_users(&["alice"]);
    let app = api.register_app("read", OOB).await;
    let (_, first) = api
        .token(
            &app,
            &[("grant_type", "password"), ("username", "alice"), ("password", PASSWORD), ("scope", "read")],
        )
        .await;
    let refresh = first["refresh_token"].as_str().expect("a refresh token").to_string();
    let (status, second) =
        api.token(&app, &[("grant_type", "refresh_token"), ("refresh_token", &refresh)]).await;
    assert_eq!(status, StatusCode::OK, "{second}");
    assert_eq!(second["scope"], "read");
    assert_ne!(second["access_token"], first["access_token"]);
    let (status, _) = api.get("/api/v1/accounts/verify_credentials", second["access_token"].as_str()).await;
    assert_eq!(status, StatusCode::OK);
    let (status, again) =
        api.token(&app, &[("grant_type", "refresh_token"), ("refresh_token", &refresh)]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{again}");
    assert_eq!(again["error"], "invalid_grant");
}

#[tokio::test]
async fn a_client_credentials_token_cannot_act_as_a_user() {
    let Instance { server: _server, api } = Instance::with_users(&["alice"]);
    let app = api.register_app("read", OOB).await;
    let (_, token) = api.token(&app, &[("grant_type", "client_credentials")]).await;
    let (status, body) = api.get("/api/v1/accounts/verify_credentials", token["access_token"].as_str()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
}

/// Signs alice in through the forms for a PKCE authorization of `app` (redirect URI
/// https://app.example/cb); returns the Location the consent answer redirects to.
async fn authorize_pkce(api: &Api, app: &support::mastodon::App, challenge: &str) -> String {
    let query = [
        ("response_type", "code"),
        ("client_id", app.client_id.as_str()),
        ("redirect_uri", "https://app.example/cb"),
        ("scope", "read"),
        ("state", "opaque state"),
        ("code_challenge", challenge),
        ("code_challenge_method", "S256"),
    ];
    let res = api.authorize_with_forms(&query, "alice", PASSWORD, "approve").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "a redirect the browser follows with GET");
    res.headers()["location"].to_str().unwrap().to_string()
}

async fn exchange(
    api: &Api,
    app: &support::mastodon::App,
    code: &str,
    verifier: &str,
) -> (StatusCode, serde_json::Value) {
    api.token(
        app,
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", "https://app.example/cb"),
            ("code_verifier", verifier),
        ],
    )
    .await
}

#[tokio::test]
async fn the_authorization_code_flow_with_pkce_redirects_with_code_and_state() {
    let Instance { server: _server, api } = Instance::with_users(&["alice"]);
    let app = api.register_app("read write", "https://app.example/cb").await;
    let (verifier, challenge) = pkce_pair();
    let location = authorize_pkce(&api, &app, &challenge).await;
    assert!(location.starts_with("https://app.example/cb?"), "{location}");
    assert_eq!(query_param(&location, "state").as_deref(), Some("opaque state"));
    let code = query_param(&location, "code").expect("code in redirect");

    let (status, token) = exchange(&api, &app, &code, &verifier).await;
    assert_eq!(status, StatusCode::OK, "{token}");
    assert_eq!(token["scope"], "read");
    let (status, me) = api.get("/api/v1/accounts/verify_credentials", token["access_token"].as_str()).await;
    assert_eq!((status, me["username"].as_str()), (StatusCode::OK, Some("alice")));
    let (status, body) = exchange(&api, &app, &code, &verifier).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a code is single use: {body}");
}

#[tokio::test]
async fn a_code_with_the_wrong_pkce_verifier_is_invalid_grant() {
    let Instance { server: _server, api } = Instance::with_users(&["alice"]);
    let app = api.register_app("read", "https://app.example/cb").await;
    let (verifier, challenge) = pkce_pair();
    let location = authorize_pkce(&api, &app, &challenge).await;
    let code = query_param(&location, "code").expect("code in redirect");
    let (status, body) = exchange(&api, &app, &code, &format!("{verifier}-wrong")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"], "invalid_grant");
    assert!(body["error_description"].as_str().unwrap().contains("code_verifier"), "{body}");
}

#[tokio::test]
async fn the_code_exchange_needs_the_redirect_uri_the_authorization_request_named() {
    let Instance { server: _server, api } = Instance::with_users(&["alice"]);
    let app = api.register_app("read", "https://app.example/cb").await;
    let (verifier, challenge) = pkce_pair();
    let exchange_with = |redirect_uri: Option<&'static str>| {
        let (api, app, verifier, challenge) = (api.clone(), app.clone(), verifier.clone(), challenge.clone());
        async move {
            let code = query_param(&authorize_pkce(&api, &app, &challenge).await, "code").expect("a code");
            let mut form = vec![
                ("grant_type", "authorization_code"),
                ("code", code.as_str()),
                ("code_verifier", verifier.as_str()),
            ];
            form.extend(redirect_uri.map(|uri| ("redirect_uri", uri)));
            api.token(&app, &form).await
        }
    };
    for refused in [None, Some("https://app.example/other")] {
        let (status, body) = exchange_with(refused).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (StatusCode::BAD_REQUEST, Some("invalid_grant")),
            "{refused:?}: {body}"
        );
        assert!(body["error_description"].as_str().unwrap().contains("redirect_uri"), "{body}");
    }
    let (status, token) = exchange_with(Some("https://app.example/cb")).await;
    assert_eq!(status, StatusCode::OK, "{token}");
    assert!(token["access_token"].is_string(), "{token}");
}

#[tokio::test]
async fn denying_consent_redirects_with_access_denied() {
    let Instance { server: _server, api } = Instance::with_users(&["alice"]);
    let app = api.register_app("read", "https://app.example/cb").await;
    let query = [("response_type", "code"), ("client_id", app.client_id.as_str()), ("state", "s")];
    let res = api.authorize_with_forms(&query, "alice", PASSWORD, "deny").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "a redirect the browser follows with GET");
    let location = res.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(query_param(&location, "error").as_deref(), Some("access_denied"), "{location}");
    assert_eq!(query_param(&location, "code"), None);
}

#[tokio::test]
async fn a_scope_beyond_the_apps_on_the_authorize_page_goes_back_to_the_app() {
    let Instance { server: _server, api } = Instance::with_users(&["alice"]);
    let app = api.register_app("read", "https://app.example/cb").await;
    let query = [
        ("response_type", "code"),
        ("client_id", app.client_id.as_str()),
        ("scope", "write"),
        ("state", "s"),
    ];
    let res = api.http.get(api.url("/oauth/authorize")).query(&query).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let location = res.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with("https://app.example/cb?"), "{location}");
    assert_eq!(query_param(&location, "error").as_deref(), Some("invalid_scope"));
    assert_eq!(query_param(&location, "state").as_deref(), Some("s"));
}

#[tokio::test]
async fn the_out_of_band_flow_shows_the_code_on_a_page() {
    let Instance { server: _server, api } = Instance::with_users(&["alice"]);
    let app = api.register_app("read", OOB).await;
    let query = [("response_type", "code"), ("client_id", app.client_id.as_str()), ("redirect_uri", OOB)];
    let res = api.authorize_with_forms(&query, "alice", PASSWORD, "approve").await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    let code =
        html.split("id=\"authorization-code\">").nth(1).and_then(|s| s.split('<').next()).expect("code");
    let (status, token) =
        api.token(&app, &[("grant_type", "authorization_code"), ("code", code), ("redirect_uri", OOB)]).await;
    assert_eq!(status, StatusCode::OK, "{token}");
    let (_, me) =
        api.get("/api/v1/accounts/verify_credentials", Some(token["access_token"].as_str().unwrap())).await;
    assert_eq!(me["username"], "alice", "the token is the signed-in user's: {me}");
}

#[tokio::test]
async fn a_sign_in_post_without_the_csrf_cookie_is_refused() {
    let Instance { server: _server, api } = Instance::with_users(&["alice"]);
    let app = api.register_app("read", OOB).await;
    let page = api
        .http
        .get(api.url("/oauth/authorize"))
        .query(&[("response_type", "code"), ("client_id", app.client_id.as_str())])
        .send()
        .await
        .unwrap();
    let mut form = support::mastodon::hidden_inputs(&page.text().await.unwrap());
    form.push(("username".into(), "alice".into()));
    form.push(("password".into(), PASSWORD.into()));
    let res = api.http.post(api.url("/oauth/authorize")).form(&form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

/// The `Set-Cookie` of the sign-in page of an instance served over `scheme`, split into its parts.
async fn sign_in_page_cookie(scheme: &str) -> Vec<String> {
    let server = TestServer::builder().set("http.public_scheme", scheme).start();
    let api = Api::new(&server.url(""));
    let app = api.register_app("read", OOB).await;
    let query = [("response_type", "code"), ("client_id", app.client_id.as_str())];
    let page = api.http.get(api.url("/oauth/authorize")).query(&query).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let set_cookie = page.headers()["set-cookie"].to_str().unwrap();
    set_cookie.split(';').map(|part| part.trim().to_string()).collect()
}

#[tokio::test]
async fn over_https_the_form_cookie_is_a_secure_host_only_cookie_for_the_whole_site() {
    let cookie = sign_in_page_cookie("https").await;
    assert!(cookie[0].starts_with("__Host-plero_csrf="), "{cookie:?}");
    assert!(cookie.contains(&"Secure".to_string()) && cookie.contains(&"Path=/".to_string()), "{cookie:?}");
    assert!(!cookie.iter().any(|part| part.to_ascii_lowercase().starts_with("domain=")), "{cookie:?}");
}

#[tokio::test]
async fn over_http_the_form_cookie_keeps_its_plain_name() {
    let cookie = sign_in_page_cookie("http").await;
    assert!(cookie[0].starts_with("plero_csrf="), "{cookie:?}");
    assert!(
        !cookie.contains(&"Secure".to_string()),
        "browsers drop a Secure cookie sent over http: {cookie:?}"
    );
}

#[tokio::test]
async fn over_https_the_sign_in_and_consent_forms_work_with_the_host_cookie() {
    let server = TestServer::builder().set("http.public_scheme", "https").start();
    create_user(&server, "alice", &[]);
    let api = Api::new(&server.url(""));
    let app = api.register_app("read", OOB).await;
    let query = [("response_type", "code"), ("client_id", app.client_id.as_str()), ("redirect_uri", OOB)];
    let res = api.authorize_with_forms(&query, "alice", PASSWORD, "approve").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("id=\"authorization-code\""), "the code page");
}

#[tokio::test]
async fn a_wrong_password_on_the_sign_in_page_shows_the_form_again() {
    let Instance { server: _server, api } = Instance::with_users(&["alice"]);
    let app = api.register_app("read", OOB).await;
    let query = [("response_type", "code"), ("client_id", app.client_id.as_str())];
    let page = api.http.get(api.url("/oauth/authorize")).query(&query).send().await.unwrap();
    let cookie = support::mastodon::session_cookie(&page);
    let mut form = support::mastodon::hidden_inputs(&page.text().await.unwrap());
    form.push(("username".into(), "alice".into()));
    form.push(("password".into(), "wrong".into()));
    let res =
        api.http.post(api.url("/oauth/authorize")).header("cookie", cookie).form(&form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let html = res.text().await.unwrap();
    assert!(html.contains("id=\"password\""), "the sign-in form again");
    assert!(html.contains("Invalid"), "{html}");
}

#[tokio::test]
async fn an_unknown_client_id_gets_an_error_page_not_a_redirect() {
    let Instance { server: _server, api } = Instance::with_users(&["alice"]);
    let res = api
        .http
        .get(api.url("/oauth/authorize"))
        .query(&[("response_type", "code"), ("client_id", "nope"), ("redirect_uri", "https://evil.example/")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res.text().await.unwrap().contains("Authorization failed"));
}

#[tokio::test]
async fn using_a_token_records_when_it_was_last_used() {
    use sqlx::Connection;
    let Instance { server, api } = Instance::with_users(&["alice"]);
    let app = api.register_app("read", OOB).await;
    let token = api.password_token(&app, "alice", PASSWORD, "read").await;
    let db = server.config_dir().parent().unwrap().join("data").join("plero.db");
    let recorded_uses = || async {
        let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}?mode=ro", db.display()))
            .await
            .expect("the server's database opens");
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM oauth_tokens WHERE last_used_at IS NOT NULL")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        n
    };
    assert_eq!(recorded_uses().await, 0, "issuing a token is not using it");
    assert_eq!(api.get("/api/v1/accounts/verify_credentials", Some(&token)).await.0, StatusCode::OK);
    // The use is written after the response, off the request's path: wait until it is there.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while recorded_uses().await == 0 {
        assert!(std::time::Instant::now() < deadline, "no use recorded; server log:\n{}", server.log());
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// A sync test: creating and dropping the PostgreSQL database blocks, outside the test's runtime.
#[test]
fn tokens_scopes_and_deactivation_work_on_postgresql() {
    let db = support::db::TestDb::postgres();
    let url = db.pg_url().expect("a PostgreSQL database");
    let server = TestServer::builder()
        .file("prod.toml", &format!("[database]\nbackend = \"postgres\"\nurl = \"{url}\"\n"))
        .start();
    create_user(&server, "alice", &[]);
    let sqlite_file = server.config_dir().parent().unwrap().join("data").join("plero.db");
    assert!(!sqlite_file.exists(), "the server must use PostgreSQL, not {}", sqlite_file.display());
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    runtime.block_on(async {
        let api = Api::new(&server.url(""));
        let app = api.register_app("read write", OOB).await;
        let token = api.password_token(&app, "alice@example.com", PASSWORD, "read").await;
        let (status, me) = api.get("/api/v1/accounts/verify_credentials", Some(&token)).await;
        assert_eq!((status, me["username"].as_str()), (StatusCode::OK, Some("alice")));
        let (status, _, _) = api
            .call(
                reqwest::Method::PATCH,
                "/api/v1/accounts/update_credentials",
                Some(&token),
                Some(&[("note", "x")]),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "a read token cannot write");
        admin(&server, &["user", "deactivate", "alice"]);
        assert_eq!(
            api.get("/api/v1/accounts/verify_credentials", Some(&token)).await.0,
            StatusCode::FORBIDDEN
        );
    });
}

#[tokio::test]
async fn megalodon_registers_an_app_exchanges_a_code_and_verifies_credentials() {
    use megalodon::megalodon::AppInputOptions;
    let Instance { server, api } = Instance::with_users(&["alice"]);
    let client = megalodon::generator(megalodon::SNS::Mastodon, server.url(""), None, None).unwrap();
    let options = AppInputOptions {
        scopes: Some(vec!["read".into(), "write".into()]),
        redirect_uris: Some(OOB.into()),
        ..Default::default()
    };
    let app = client.register_app("megalodon e2e".into(), &options).await.expect("register_app");
    let auth_url = app.url.clone().expect("authorization URL");
    assert!(auth_url.starts_with(&server.url("/oauth/authorize?")), "{auth_url}");

    // The user signs in on the URL megalodon built (scripted here as a browser without JS would).
    let query: Vec<(String, String)> =
        url::Url::parse(&auth_url).unwrap().query_pairs().into_owned().collect();
    let query: Vec<(&str, &str)> = query.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let page = api.authorize_with_forms(&query, "alice", PASSWORD, "approve").await;
    let html = page.text().await.unwrap();
    let code =
        html.split("id=\"authorization-code\">").nth(1).and_then(|s| s.split('<').next()).expect("code");

    let token = client
        .fetch_access_token(app.client_id.clone(), app.client_secret.clone(), code.into(), OOB.into())
        .await
        .expect("fetch_access_token");
    let user = megalodon::generator(megalodon::SNS::Mastodon, server.url(""), Some(token.access_token), None)
        .unwrap();
    let me = user.verify_account_credentials().await.expect("verify_account_credentials").json;
    assert_eq!(me.username, "alice");
    assert_eq!(me.acct, "alice");
}

trait IntoStatusBody {
    fn into_status_body(self) -> (StatusCode, serde_json::Value);
}

impl IntoStatusBody for (StatusCode, reqwest::header::HeaderMap, serde_json::Value) {
    fn into_status_body(self) -> (StatusCode, serde_json::Value) {
        (self.0, self.2)
    }
}
