//! The accounts API against the real `pleroctl serve`: registration rules, profiles, lookups,
//! follows and relationships, paginated follower lists.

mod support;

use reqwest::{Method, StatusCode};
use serde_json::Value;
use support::accounts::{Instance, PASSWORD, admin, create_user};
use support::db::TestDb;
use support::mastodon::{Api, App, OOB};
use support::{ServerBuilder, TestServer};

async fn app_token(api: &Api) -> (App, String) {
    let app = api.register_app("read write follow", OOB).await;
    let (status, token) =
        api.token(&app, &[("grant_type", "client_credentials"), ("scope", "read write follow")]).await;
    assert_eq!(status, StatusCode::OK, "{token}");
    (app, token["access_token"].as_str().unwrap().to_string())
}

fn register_form<'a>(nick: &'a str, email: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("username", nick),
        ("email", email),
        ("password", PASSWORD),
        ("agreement", "true"),
        ("locale", "en"),
    ]
}

#[tokio::test]
async fn registration_is_refused_when_closed() {
    let server = TestServer::builder().set("instance.registrations", "closed").start();
    let api = Api::new(&server.url(""));
    let (_, token) = app_token(&api).await;
    let (status, body) =
        api.post("/api/v1/accounts", Some(&token), &register_form("bob", "bob@example.com")).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
}

#[tokio::test]
async fn registration_when_open_gives_a_working_user_token() {
    let server = TestServer::builder().set("instance.registrations", "open").start();
    let api = Api::new(&server.url(""));
    let (_, token) = app_token(&api).await;
    let (status, body) =
        api.post("/api/v1/accounts", Some(&token), &register_form("bob", "bob@example.com")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let user_token = body["access_token"].as_str().expect("a token for the new user");
    let (status, me) = api.get("/api/v1/accounts/verify_credentials", Some(user_token)).await;
    assert_eq!((status, me["username"].as_str()), (StatusCode::OK, Some("bob")));
}

#[tokio::test]
async fn an_account_waiting_for_approval_cannot_sign_in_yet() {
    let server = TestServer::builder().set("instance.registrations", "approval").start();
    let api = Api::new(&server.url(""));
    let (app, token) = app_token(&api).await;
    let (status, body) =
        api.post("/api/v1/accounts", Some(&token), &register_form("bob", "bob@example.com")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let pending = body["access_token"].as_str().expect("a token for bob");
    // As Mastodon: the sign-up's token is refused with 403 and why, not 401 ("signed out").
    let text = "Your login is currently pending approval";
    let (status, body) = api.get("/api/v1/accounts/verify_credentials", Some(pending)).await;
    assert_eq!((status, body), (StatusCode::FORBIDDEN, serde_json::json!({"error": text})));
    let (status, body) = api
        .token(
            &app,
            &[("grant_type", "password"), ("username", "bob"), ("password", PASSWORD), ("scope", "read")],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error_description"], text, "{body}");
}

#[tokio::test]
async fn registration_reports_a_taken_nickname_by_field() {
    let server = TestServer::builder().set("instance.registrations", "open").start();
    create_user(&server, "bob", &[]);
    let api = Api::new(&server.url(""));
    let (_, token) = app_token(&api).await;
    let (status, body) =
        api.post("/api/v1/accounts", Some(&token), &register_form("BOB", "other@example.com")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["details"]["username"][0]["error"], "ERR_TAKEN", "{body}");
}

/// Sign-ups racing for one nickname, then for one email address: each passes the early check
/// while the others hash their password, so the unique index decides. The winner gets its token;
/// every loser Mastodon's 422 naming the field, never a 500. Whether the race is won in the early
/// check or at the index, the answers are the same, so nothing here depends on timing.
async fn racing_sign_ups_lose_with_a_taken_field(builder: ServerBuilder) {
    let server = builder.set("instance.registrations", "open").start();
    let api = Api::new(&server.url(""));
    let (_, token) = app_token(&api).await;
    let forms: [(&str, Vec<(String, String)>); 2] = [
        ("username", (0..6).map(|i| ("dana".to_string(), format!("dana{i}@example.com"))).collect()),
        ("email", (0..6).map(|i| (format!("erin{i}"), "erin@example.com".to_string())).collect()),
    ];
    for (field, forms) in forms {
        let racers: Vec<_> = forms
            .into_iter()
            .map(|(nick, email)| {
                let (api, token) = (api.clone(), token.clone());
                tokio::spawn(async move {
                    api.post("/api/v1/accounts", Some(&token), &register_form(&nick, &email)).await
                })
            })
            .collect();
        let mut won = 0;
        for racer in racers {
            let (status, body) = racer.await.unwrap();
            match status {
                StatusCode::OK => won += 1,
                StatusCode::UNPROCESSABLE_ENTITY => {
                    assert_eq!(body["details"][field][0]["error"], "ERR_TAKEN", "{body}\n{}", server.log())
                }
                other => panic!("{field} race: {other} {body}\n{}", server.log()),
            }
        }
        assert_eq!(won, 1, "exactly one sign-up gets the {field}");
    }
    assert!(!server.log().contains("store failed"), "{}", server.log());
}

// Plain tests with their own runtime: TestDb and the server's start block, outside any runtime.
#[test]
fn racing_sign_ups_lose_with_a_taken_field_on_sqlite() {
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    runtime.block_on(racing_sign_ups_lose_with_a_taken_field(TestServer::builder()));
}

#[test]
fn racing_sign_ups_lose_with_a_taken_field_on_postgres() {
    let db = TestDb::postgres();
    let url = db.pg_url().expect("a PostgreSQL database");
    let prod = format!("[database]\nbackend = \"postgres\"\nurl = \"{url}\"\n");
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    runtime.block_on(racing_sign_ups_lose_with_a_taken_field(TestServer::builder().file("prod.toml", &prod)));
}

#[tokio::test]
async fn registration_needs_an_app_token() {
    let server = TestServer::builder().set("instance.registrations", "open").start();
    let api = Api::new(&server.url(""));
    let (status, _) = api.post("/api/v1/accounts", None, &register_form("bob", "bob@example.com")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn registration_by_invite_needs_a_valid_invite() {
    let server = TestServer::builder().set("instance.registrations", "invite").start();
    let api = Api::new(&server.url(""));
    let (_, token) = app_token(&api).await;
    let (status, body) =
        api.post("/api/v1/accounts", Some(&token), &register_form("bob", "bob@example.com")).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "without an invite: {body}");

    let invite: Value =
        serde_json::from_str(&admin(&server, &["user", "invite", "--output", "json"])).unwrap();
    let code = invite["code"].as_str().expect("invite code in JSON output").to_string();
    let mut form = register_form("bob", "bob@example.com");
    form.push(("invite_code", &code));
    let (status, body) = api.post("/api/v1/accounts", Some(&token), &form).await;
    assert_eq!(status, StatusCode::OK, "with an invite: {body}");
}

#[tokio::test]
async fn update_credentials_changes_the_profile_others_see() {
    let Instance { server: _server, api } = Instance::with_users(&["alice"]);
    let token = api.user_token("alice").await;
    let form = [
        ("display_name", "Alice A."),
        ("note", "Hello <world>\nsecond line"),
        ("locked", "true"),
        ("fields_attributes[0][name]", "Pronouns"),
        ("fields_attributes[0][value]", "she/her"),
    ];
    let (status, _, me) =
        api.call(Method::PATCH, "/api/v1/accounts/update_credentials", Some(&token), Some(&form)).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["display_name"], "Alice A.");
    assert_eq!(me["locked"], true);
    assert_eq!(me["source"]["note"], "Hello <world>\nsecond line");
    assert_eq!(me["note"], "<p>Hello &lt;world&gt;<br>second line</p>");
    assert_eq!(me["fields"][0]["name"], "Pronouns");
    assert_eq!(me["fields"][0]["value"], "she/her");

    let (status, public) = api.get(&format!("/api/v1/accounts/{}", me["id"].as_str().unwrap()), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(public["display_name"], "Alice A.");
    assert!(public.get("source").is_none(), "source is only for the owner: {public}");
}

#[tokio::test]
async fn update_credentials_refuses_a_too_long_display_name() {
    let Instance { server: _server, api } = Instance::with_users(&["alice"]);
    let token = api.user_token("alice").await;
    let long = "x".repeat(31);
    let (status, _, body) = api
        .call(
            Method::PATCH,
            "/api/v1/accounts/update_credentials",
            Some(&token),
            Some(&[("display_name", &long)]),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["error"].as_str().unwrap().contains("display_name"), "{body}");
}

#[tokio::test]
async fn lookup_finds_a_local_account_by_acct_and_unknown_is_not_found() {
    let Instance { server, api } = Instance::with_users(&["alice"]);
    let (status, found) = api.get("/api/v1/accounts/lookup?acct=alice", None).await;
    assert_eq!((status, found["username"].as_str()), (StatusCode::OK, Some("alice")));
    let (status, with_domain) =
        api.get(&format!("/api/v1/accounts/lookup?acct=alice@{}", server.domain()), None).await;
    assert_eq!((status, with_domain["id"].clone()), (StatusCode::OK, found["id"].clone()));
    let (status, _) = api.get("/api/v1/accounts/lookup?acct=nobody", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = api.get("/api/v1/accounts/123456789", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn following_an_account_shows_in_relationships_and_counts() {
    let Instance { server: _server, api } = Instance::with_users(&["alice", "bob"]);
    let alice = api.user_token("alice").await;
    let bob_id = api.account_id("bob").await;

    let (status, rel) = api.post(&format!("/api/v1/accounts/{bob_id}/follow"), Some(&alice), &[]).await;
    assert_eq!(status, StatusCode::OK, "{rel}");
    assert_eq!((rel["following"].as_bool(), rel["requested"].as_bool()), (Some(true), Some(false)));

    let (status, rels) =
        api.get(&format!("/api/v1/accounts/relationships?id[]={bob_id}"), Some(&alice)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(rels[0]["id"], bob_id.as_str());
    assert_eq!(rels[0]["following"], true);
    assert_eq!(rels[0]["followed_by"], false);

    let (_, bob) = api.get(&format!("/api/v1/accounts/{bob_id}"), None).await;
    assert_eq!(bob["followers_count"], 1);

    let (status, rel) = api.post(&format!("/api/v1/accounts/{bob_id}/unfollow"), Some(&alice), &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(rel["following"], false);
    let (_, bob) = api.get(&format!("/api/v1/accounts/{bob_id}"), None).await;
    assert_eq!(bob["followers_count"], 0);
}

#[tokio::test]
async fn following_a_locked_account_makes_a_request() {
    let Instance { server, api } = Instance::with_users(&["alice", "bob"]);
    admin(&server, &["user", "set", "bob", "--locked"]);
    let alice = api.user_token("alice").await;
    let bob_id = api.account_id("bob").await;
    let (status, rel) = api.post(&format!("/api/v1/accounts/{bob_id}/follow"), Some(&alice), &[]).await;
    assert_eq!(status, StatusCode::OK, "{rel}");
    assert_eq!((rel["following"].as_bool(), rel["requested"].as_bool()), (Some(false), Some(true)));
    // As Mastodon: a pending request shows the reblogs choice it will follow with (the default, on).
    assert_eq!(rel["showing_reblogs"], true, "{rel}");
    let (_, rels) = api.get(&format!("/api/v1/accounts/relationships?id[]={bob_id}"), Some(&alice)).await;
    assert_eq!(
        (rels[0]["requested"].as_bool(), rels[0]["showing_reblogs"].as_bool()),
        (Some(true), Some(true))
    );
    let bob = api.user_token("bob").await;
    let alice_id = api.account_id("alice").await;
    let (_, rels) = api.get(&format!("/api/v1/accounts/relationships?id[]={alice_id}"), Some(&bob)).await;
    assert_eq!(rels[0]["requested_by"], true);
}

#[tokio::test]
async fn a_locked_account_accepts_a_follow_request() {
    let Instance { server, api } = Instance::with_users(&["alice", "bob"]);
    admin(&server, &["user", "set", "bob", "--locked"]);
    let alice = api.user_token("alice").await;
    let bob = api.user_token("bob").await;
    let bob_id = api.account_id("bob").await;
    let alice_id = api.account_id("alice").await;
    let (status, relationship) =
        api.post(&format!("/api/v1/accounts/{bob_id}/follow"), Some(&alice), &[]).await;
    assert_eq!((status, &relationship["requested"]), (StatusCode::OK, &serde_json::json!(true)));

    let (status, requests) = api.get("/api/v1/follow_requests", Some(&bob)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(requests[0]["username"], "alice");
    let (_, me) = api.get("/api/v1/accounts/verify_credentials", Some(&bob)).await;
    assert_eq!(me["source"]["follow_requests_count"], 1);

    let (status, rel) =
        api.post(&format!("/api/v1/follow_requests/{alice_id}/authorize"), Some(&bob), &[]).await;
    assert_eq!(status, StatusCode::OK, "{rel}");
    assert_eq!(rel["followed_by"], true);
    let (_, rels) = api.get(&format!("/api/v1/accounts/relationships?id[]={bob_id}"), Some(&alice)).await;
    assert_eq!((rels[0]["following"].as_bool(), rels[0]["requested"].as_bool()), (Some(true), Some(false)));
    let (status, _) =
        api.post(&format!("/api/v1/follow_requests/{alice_id}/authorize"), Some(&bob), &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "answered already");
}

#[tokio::test]
async fn a_rejected_follow_request_leaves_no_follow_and_no_request() {
    let Instance { server, api } = Instance::with_users(&["alice", "bob"]);
    admin(&server, &["user", "set", "bob", "--locked"]);
    let alice = api.user_token("alice").await;
    let bob = api.user_token("bob").await;
    let (bob_id, alice_id) = (api.account_id("bob").await, api.account_id("alice").await);
    api.post(&format!("/api/v1/accounts/{bob_id}/follow"), Some(&alice), &[]).await;

    let (status, rel) =
        api.post(&format!("/api/v1/follow_requests/{alice_id}/reject"), Some(&bob), &[]).await;
    assert_eq!(status, StatusCode::OK, "{rel}");
    assert_eq!(
        (rel["followed_by"].as_bool(), rel["requested_by"].as_bool()),
        (Some(false), Some(false)),
        "{rel}"
    );
    let (_, requests) = api.get("/api/v1/follow_requests", Some(&bob)).await;
    assert_eq!(requests.as_array().map(Vec::len), Some(0), "{requests}");
    let (_, rels) = api.get(&format!("/api/v1/accounts/relationships?id[]={bob_id}"), Some(&alice)).await;
    assert_eq!((rels[0]["following"].as_bool(), rels[0]["requested"].as_bool()), (Some(false), Some(false)));
}

#[tokio::test]
async fn follow_needs_a_follow_scope() {
    let Instance { server: _server, api } = Instance::with_users(&["alice", "bob"]);
    let app = api.register_app("read write follow", OOB).await;
    let read_only = api.password_token(&app, "alice", PASSWORD, "read").await;
    let bob_id = api.account_id("bob").await;
    let (status, _) = api.post(&format!("/api/v1/accounts/{bob_id}/follow"), Some(&read_only), &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn followers_are_paginated_with_link_headers() {
    let nicks = ["f1", "f2", "f3"];
    let Instance { server, api } = Instance::with_users(&["target", "f1", "f2", "f3"]);
    let target_id = api.account_id("target").await;
    for nick in nicks {
        let token = api.user_token(nick).await;
        let (status, _) = api.post(&format!("/api/v1/accounts/{target_id}/follow"), Some(&token), &[]).await;
        assert_eq!(status, StatusCode::OK);
    }
    let (status, headers, page) =
        api.call(Method::GET, &format!("/api/v1/accounts/{target_id}/followers?limit=2"), None, None).await;
    assert_eq!(status, StatusCode::OK);
    let names: Vec<&str> = page.as_array().unwrap().iter().map(|a| a["username"].as_str().unwrap()).collect();
    assert_eq!(names, ["f3", "f2"], "newest follow first");
    let link = headers["link"].to_str().unwrap().to_string();
    let next = link
        .split(',')
        .find(|part| part.contains("rel=\"next\""))
        .and_then(|part| part.split(['<', '>']).nth(1))
        .expect("a next link")
        .to_string();
    assert!(link.contains("rel=\"prev\""), "{link}");
    let path = next.strip_prefix(&server.url("")).expect("absolute link to this server");
    let (_, rest) = api.get(path, None).await;
    let names: Vec<&str> = rest.as_array().unwrap().iter().map(|a| a["username"].as_str().unwrap()).collect();
    assert_eq!(names, ["f1"]);

    let f1_id = api.account_id("f1").await;
    let (_, following) = api.get(&format!("/api/v1/accounts/{f1_id}/following"), None).await;
    assert_eq!(following[0]["username"], "target");
}

/// `PATCH /api/v1/accounts/update_credentials` with a multipart form, as apps upload images.
async fn update_credentials_multipart(
    api: &Api,
    token: &str,
    form: reqwest::multipart::Form,
) -> reqwest::Response {
    let url = api.url("/api/v1/accounts/update_credentials");
    api.http.patch(url).bearer_auth(token).multipart(form).send().await.expect("PATCH update_credentials")
}

/// A tiny JPEG container whose EXIF segment holds a marker a test can look for.
fn jpeg_with_exif_marker() -> Vec<u8> {
    let exif = b"Exif\0\0GPS-SECRET-LOCATION";
    let mut bytes = vec![0xff, 0xd8, 0xff, 0xe1];
    bytes.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
    bytes.extend_from_slice(exif);
    bytes.extend_from_slice(&[0xff, 0xda, 0x00, 0x02, 0xff, 0xd9]);
    bytes
}

#[tokio::test]
async fn an_uploaded_avatar_is_served_without_its_exif_data() {
    let Instance { server, api } = Instance::with_users(&["alice"]);
    let token = api.user_token("alice").await;
    let part = reqwest::multipart::Part::bytes(jpeg_with_exif_marker())
        .file_name("me.jpg")
        .mime_str("image/jpeg")
        .unwrap();
    let form = reqwest::multipart::Form::new().part("avatar", part).text("display_name", "With Avatar");
    let res = update_credentials_multipart(&api, &token, form).await;
    assert_eq!(res.status(), StatusCode::OK);
    let me: Value = res.json().await.unwrap();
    assert_eq!(me["display_name"], "With Avatar");
    let avatar = me["avatar"].as_str().unwrap();
    assert!(avatar.starts_with(&server.url("/media/")), "{avatar}");
    let image = api.http.get(avatar).send().await.unwrap();
    assert_eq!(image.status(), StatusCode::OK);
    assert_eq!(image.headers()["content-type"], "image/jpeg");
    assert_eq!(image.headers()["x-content-type-options"], "nosniff");
    let bytes = image.bytes().await.unwrap();
    assert!(bytes.starts_with(&[0xff, 0xd8]), "a JPEG");
    assert!(!bytes.windows(10).any(|w| w == b"GPS-SECRET"), "EXIF stripped");
}

#[tokio::test]
async fn an_avatar_that_is_not_an_image_is_refused() {
    let Instance { server: _server, api } = Instance::with_users(&["alice"]);
    let token = api.user_token("alice").await;
    let part = reqwest::multipart::Part::bytes(b"<svg onload=alert(1)>".to_vec()).file_name("x.svg");
    let res =
        update_credentials_multipart(&api, &token, reqwest::multipart::Form::new().part("avatar", part))
            .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("avatar"), "{body}");
}

#[tokio::test]
async fn an_account_without_images_points_at_default_images_that_load() {
    let Instance { server: _server, api } = Instance::with_users(&["alice"]);
    let (status, alice) = api.get("/api/v1/accounts/lookup?acct=alice", None).await;
    assert_eq!(status, StatusCode::OK);
    for field in ["avatar", "avatar_static", "header", "header_static"] {
        let url = alice[field].as_str().unwrap();
        let image = api.http.get(url).send().await.unwrap();
        assert_eq!(image.status(), StatusCode::OK, "{field}: {url}");
        assert_eq!(image.headers()["content-type"], "image/png", "{field}");
        assert!(image.bytes().await.unwrap().starts_with(b"\x89PNG"), "{field}");
    }
}

#[tokio::test]
async fn relationships_answer_a_page_of_ids_and_refuse_more_by_name() {
    let Instance { server: _server, api } = Instance::with_users(&["alice", "bob"]);
    let alice = api.user_token("alice").await;
    let bob_id = api.account_id("bob").await;
    api.post(&format!("/api/v1/accounts/{bob_id}/follow"), Some(&alice), &[]).await;

    // A whole page of ids (the API's longest, 80): bob among unknown ones is answered.
    let mut query: Vec<String> = (1..80).map(|n| format!("id[]={n}")).collect();
    query.push(format!("id[]={bob_id}"));
    let (status, rels) =
        api.get(&format!("/api/v1/accounts/relationships?{}", query.join("&")), Some(&alice)).await;
    assert_eq!(status, StatusCode::OK, "{rels}");
    assert_eq!(rels.as_array().map(Vec::len), Some(1), "{rels}");
    assert_eq!((rels[0]["id"].as_str(), rels[0]["following"].as_bool()), (Some(bob_id.as_str()), Some(true)));

    query.push("id[]=81".into());
    let (status, body) =
        api.get(&format!("/api/v1/accounts/relationships?{}", query.join("&")), Some(&alice)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let error = body["error"].as_str().unwrap_or_default();
    assert!(error.contains("at most 80 ids") && error.contains("81 were given"), "{body}");
}
