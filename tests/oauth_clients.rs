//! Checked by what no one here wrote: Mastodon.py logging in (password grant) and signing up, the
//! Mastodon API's OpenAPI schema validating our entities (with Python's jsonschema), and a real
//! headless Chromium driven through the sign-in, consent and invite sign-up pages.
//!
//! Outside CI, a test whose client or reference schema is missing prints why and passes; with `CI` set
//! it fails instead, naming what is missing.

mod support;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use reqwest::StatusCode;
use support::TestServer;
use support::accounts::{PASSWORD, create_user};
use support::clients::{on_path, required_tool, required_tool_in, run_python, venv_python};
use support::mastodon::{Api, OOB, pkce_pair};

#[test]
fn mastodon_py_logs_in_with_the_password_grant() {
    let Some(python) = venv_python() else { return };
    let server = TestServer::start();
    create_user(&server, "alice", &[]);
    let seen = run_python(&python, "mastodon_py_login.py", &server, &["alice@example.com"]);
    assert_eq!(seen["username"], "alice");
    assert_eq!(seen["acct"], "alice");
    assert_eq!(seen["display_name"], "Py Client");
    assert_eq!(seen["source_note"], "Written by Mastodon.py");
    assert_eq!(seen["lookup_id"], seen["id"]);
}

#[test]
fn mastodon_py_signs_up_and_reads_field_errors() {
    let Some(python) = venv_python() else { return };
    let server = TestServer::builder().set("instance.registrations", "open").start();
    let seen = run_python(&python, "mastodon_py_signup.py", &server, &["carol"]);
    assert_eq!(seen["username"], "carol");
    assert_eq!(seen["second_token"], serde_json::Value::Null);
    assert_eq!(seen["second_error"], "ERR_TAKEN");
}

/// Where the Mastodon API's OpenAPI description is: `PLERO_MASTODON_OPENAPI` (`.ci/run` sets it
/// when it finds the workplace's copy), or that copy beside the checkout. Missing, the test is
/// skipped outside CI and fails in CI, like a missing client: without it nothing is checked.
fn mastodon_openapi() -> Option<PathBuf> {
    let configured = std::env::var_os("PLERO_MASTODON_OPENAPI").map(PathBuf::from);
    mastodon_openapi_in(std::env::var_os("CI").is_some(), configured)
}

/// [`mastodon_openapi`] with CI set (`in_ci`) or not, and `PLERO_MASTODON_OPENAPI` as given.
fn mastodon_openapi_in(in_ci: bool, configured: Option<PathBuf>) -> Option<PathBuf> {
    let path = configured.unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/reference/mastodon-openapi/schema.json")
    });
    let hint = format!(
        "no file at {}; set PLERO_MASTODON_OPENAPI to the dist/schema.json of github.com/abraham/mastodon-openapi",
        path.display()
    );
    required_tool_in(in_ci, "the Mastodon OpenAPI schema", path.is_file().then_some(path), &hint)
}

#[test]
#[should_panic(
    expected = "the Mastodon OpenAPI schema is missing and CI is set: no file at /nowhere/schema.json; set PLERO_MASTODON_OPENAPI"
)]
fn in_ci_a_missing_openapi_schema_fails_the_schema_test_naming_the_path_and_variable() {
    mastodon_openapi_in(true, Some(PathBuf::from("/nowhere/schema.json")));
}

#[test]
fn outside_ci_a_missing_openapi_schema_skips_the_schema_test() {
    assert_eq!(mastodon_openapi_in(false, Some(PathBuf::from("/nowhere/schema.json"))), None);
}

#[tokio::test]
async fn entities_match_the_mastodon_openapi_schema() {
    let (Some(python), Some(schema)) = (venv_python(), mastodon_openapi()) else { return };
    let server = TestServer::start();
    create_user(&server, "alice", &[]);
    create_user(&server, "bob", &[]);
    let api = Api::new(&server.url(""));
    let (_, registered) = api
        .post(
            "/api/v1/apps",
            None,
            &[("client_name", "Schema"), ("redirect_uris", OOB), ("scopes", "read write follow")],
        )
        .await;
    let app = support::mastodon::App {
        id: registered["id"].as_str().unwrap().to_string(),
        client_id: registered["client_id"].as_str().unwrap().to_string(),
        client_secret: registered["client_secret"].as_str().unwrap().to_string(),
    };
    let (_, token) = api
        .token(
            &app,
            &[
                ("grant_type", "password"),
                ("username", "alice"),
                ("password", PASSWORD),
                ("scope", "read write follow"),
            ],
        )
        .await;
    let alice = token["access_token"].as_str().expect("a token").to_string();
    let bob_id = api.account_id("bob").await;
    api.post(&format!("/api/v1/accounts/{bob_id}/follow"), Some(&alice), &[]).await;
    let get = |path: &'static str, auth: bool| {
        let api = api.clone();
        let alice = alice.clone();
        async move {
            let (status, body) = api.get(path, auth.then_some(alice.as_str())).await;
            assert_eq!(status, StatusCode::OK, "{path}: {body}");
            body
        }
    };
    let relationships =
        api.get(&format!("/api/v1/accounts/relationships?id[]={bob_id}"), Some(&alice)).await.1;
    let (_, error) = api.get("/api/v1/accounts/verify_credentials", None).await;
    let (posted_status, posted) = api
        .post(
            "/api/v1/statuses",
            Some(&alice),
            &[("status", "Hello @bob #schema https://example.com"), ("spoiler_text", "cw")],
        )
        .await;
    assert_eq!(posted_status, StatusCode::OK, "{posted}");
    let (_, reply) = api
        .post(
            "/api/v1/statuses",
            Some(&alice),
            &[("status", "a reply"), ("in_reply_to_id", posted["id"].as_str().unwrap())],
        )
        .await;
    let signed_out = api.get(&format!("/api/v1/statuses/{}", reply["id"].as_str().unwrap()), None).await.1;
    let bob = api.user_token("bob").await;
    api.post(&format!("/api/v1/statuses/{}/favourite", posted["id"].as_str().unwrap()), Some(&bob), &[])
        .await;
    let notifications = get("/api/v1/notifications", true).await;
    let context =
        api.get(&format!("/api/v1/statuses/{}/context", reply["id"].as_str().unwrap()), Some(&alice)).await.1;
    let note_id = notifications[0]["id"].as_str().unwrap().to_string();
    let markers =
        api.post("/api/v1/markers", Some(&alice), &[("notifications[last_read_id]", &note_id)]).await.1;
    let grouped = get("/api/v2/notifications", true).await;
    let image = reqwest::multipart::Part::bytes(support::images::jpeg(64, 48))
        .file_name("a.jpg")
        .mime_str("image/jpeg")
        .unwrap();
    let form = reqwest::multipart::Form::new()
        .part("file", image)
        .text("description", "alt text")
        .text("focus", "0.1,0.2");
    let media: serde_json::Value = api
        .http
        .post(api.url("/api/v2/media"))
        .bearer_auth(&alice)
        .multipart(form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let (_, with_media) = api
        .post(
            "/api/v1/statuses",
            Some(&alice),
            &[("status", "a picture"), ("media_ids[]", media["id"].as_str().unwrap())],
        )
        .await;
    assert_eq!(with_media["media_attachments"][0]["id"], media["id"], "{with_media}");
    let cases = serde_json::json!([
        {"component": "CredentialApplication", "value": registered},
        {"component": "Token", "value": token},
        {"component": "Application", "value": get("/api/v1/apps/verify_credentials", true).await},
        {"component": "CredentialAccount", "value": get("/api/v1/accounts/verify_credentials", true).await},
        {"component": "Account", "value": api.get(&format!("/api/v1/accounts/{bob_id}"), None).await.1},
        {"component": "Relationship", "value": relationships[0]},
        {"component": "V1Instance", "value": get("/api/v1/instance", false).await},
        {"component": "Instance", "value": get("/api/v2/instance", false).await},
        {"component": "Error", "value": error},
        {"component": "Status", "value": posted},
        {"component": "Status", "value": signed_out},
        {"component": "Status", "value": with_media},
        {"component": "MediaAttachment", "value": media},
        {"component": "Notification", "value": notifications[0]},
        {"component": "GroupedNotificationsResults", "value": grouped},
        {"component": "Context", "value": context},
        {"component": "Marker", "value": markers["notifications"]},
    ]);
    let script = format!("{}/../tests/clients/schema_check.py", env!("CARGO_MANIFEST_DIR"));
    let mut child = Command::new(&python)
        .args([script.as_str(), schema.to_str().unwrap()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python runs");
    child.stdin.take().unwrap().write_all(cases.to_string().as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "schema_check.py failed: {}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("the script prints JSON");
    assert_eq!(report["checked"], 17);
    assert_eq!(context["ancestors"][0]["id"], posted["id"]);
    assert_eq!(grouped["notification_groups"][0]["type"], "favourite", "{grouped}");
    assert_eq!(report["errors"], serde_json::json!([]), "entities that differ from Mastodon's schema");
}

/// chromedriver on a free loopback port, killed when dropped.
struct Driver {
    child: std::process::Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `Some(true)` when chromedriver answers ready on `port`, `Some(false)` when something else
/// answers there, `None` when nothing does yet. (chromedriver keeps the connection open after its
/// answer, so the answer is read up to its end, not to the end of the stream.)
fn chromedriver_status(port: u16) -> Option<bool> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(std::time::Duration::from_secs(2))).ok()?;
    write!(stream, "GET /status HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n").ok()?;
    let mut answer = Vec::new();
    let mut chunk = [0u8; 4096];
    while let Ok(n) = stream.read(&mut chunk) {
        if n == 0 {
            break;
        }
        answer.extend_from_slice(&chunk[..n]);
        if answer.ends_with(b"}") {
            break;
        }
    }
    let answer = String::from_utf8_lossy(&answer);
    if answer.is_empty() {
        return None;
    }
    Some(answer.contains("ChromeDriver") && answer.contains("\"ready\":true"))
}

/// Starts chromedriver on a free port and waits until it says it is ready. Another test may take
/// the port between our probe and chromedriver's bind: then chromedriver exits, or someone else
/// answers `/status`, and we try another port.
fn start_chromedriver(path: &PathBuf) -> Driver {
    for _ in 0..5 {
        let port = support::free_port();
        let child = Command::new(path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let mut driver = Driver { child, port };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while std::time::Instant::now() < deadline {
            if driver.child.try_wait().expect("try_wait").is_some() {
                break;
            }
            match chromedriver_status(port) {
                Some(true) => return driver,
                Some(false) => break,
                None => {}
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
    panic!("chromedriver did not become ready on any of five ports");
}

/// A headless Chromium driven over WebDriver; `None` (after saying why) where it is not installed
/// and the test may skip.
struct Browser {
    client: fantoccini::Client,
    _driver: Driver,
    _profile: tempfile::TempDir,
}

impl Browser {
    async fn start() -> Option<Browser> {
        let hint = "apt-get install chromium chromium-driver";
        let chromium = required_tool("chromium", on_path("chromium"), hint)?;
        let chromedriver = required_tool("chromedriver", on_path("chromedriver"), hint)?;
        let driver = start_chromedriver(&chromedriver);
        let profile = tempfile::tempdir().unwrap();
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": chromium,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
            }),
        );
        let client =
            fantoccini::ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                .capabilities(caps)
                .connect(&format!("http://127.0.0.1:{}", driver.port))
                .await
                .expect("a WebDriver session in chromium");
        Some(Browser { client, _driver: driver, _profile: profile })
    }

    /// Ends the WebDriver session (closing Chromium) before chromedriver is killed on drop.
    async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

#[tokio::test]
async fn chromium_signs_in_and_consents_to_an_authorization_code() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let server = TestServer::start();
    create_user(&server, "alice", &[]);
    let api = Api::new(&server.url(""));
    let app = api.register_app("read write", OOB).await;
    let (verifier, challenge) = pkce_pair();

    let mut authorize = url::Url::parse(&server.url("/oauth/authorize")).unwrap();
    authorize
        .query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", &app.client_id)
        .append_pair("redirect_uri", OOB)
        .append_pair("scope", "read")
        .append_pair("code_challenge", &challenge)
        .append_pair("code_challenge_method", "S256");
    let result = async {
        use fantoccini::Locator;
        browser.client.goto(authorize.as_str()).await?;
        browser.client.find(Locator::Id("username")).await?.send_keys("alice").await?;
        browser.client.find(Locator::Id("password")).await?.send_keys(PASSWORD).await?;
        browser.client.find(Locator::Id("sign-in")).await?.click().await?;
        // A click returns before the next page has loaded: wait for what that page shows.
        browser.client.wait().for_element(Locator::Id("authorize")).await?;
        let scopes = browser.client.find(Locator::Id("scopes")).await?.text().await?;
        browser.client.find(Locator::Id("authorize")).await?.click().await?;
        let code = browser.client.wait().for_element(Locator::Id("authorization-code")).await?.text().await?;
        Ok::<_, fantoccini::error::CmdError>((scopes, code))
    }
    .await;
    let page = browser.client.source().await.unwrap_or_default();
    browser.close().await;
    let (scopes, code) = result.unwrap_or_else(|e| {
        panic!(
            "the browser went through sign-in and consent: {e}\nlast page:\n{page}\nserver log:\n{}",
            server.log()
        )
    });
    assert_eq!(scopes.trim(), "read");

    let (status, token) = api
        .token(
            &app,
            &[
                ("grant_type", "authorization_code"),
                ("code", code.trim()),
                ("redirect_uri", OOB),
                ("code_verifier", &verifier),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{token}");
    let (status, me) = api.get("/api/v1/accounts/verify_credentials", token["access_token"].as_str()).await;
    assert_eq!((status, me["username"].as_str()), (StatusCode::OK, Some("alice")));
}

#[tokio::test]
async fn chromium_signs_up_through_an_invite_link() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let server = TestServer::start();
    let invite = server.pleroctl(&["user", "invite", "--max-use", "1", "--output", "json"]);
    assert!(invite.status.success(), "{}", String::from_utf8_lossy(&invite.stderr));
    let invite: serde_json::Value = serde_json::from_slice(&invite.stdout).unwrap();
    let password = "typed in a real browser";
    let result = async {
        use fantoccini::Locator;
        let b = &browser.client;
        b.goto(invite["url"].as_str().unwrap()).await?;
        b.find(Locator::Id("username")).await?.send_keys("dave").await?;
        b.find(Locator::Id("email")).await?.send_keys("dave@example.com").await?;
        b.find(Locator::Id("password")).await?.send_keys(password).await?;
        b.find(Locator::Id("password_confirmation")).await?.send_keys(password).await?;
        b.find(Locator::Id("agreement")).await?.click().await?;
        b.find(Locator::Id("sign-up")).await?.click().await?;
        b.wait().for_element(Locator::Id("message")).await?.text().await
    }
    .await;
    let page = browser.client.source().await.unwrap_or_default();
    browser.close().await;
    let message = result.unwrap_or_else(|e| {
        panic!("the browser signed up: {e}\nlast page:\n{page}\nserver log:\n{}", server.log())
    });
    assert!(message.contains(&format!("@dave@{}", server.domain())), "{message}");
    let api = Api::new(&server.url(""));
    let app = api.register_app("read", OOB).await;
    let token = api.password_token(&app, "dave", password, "read").await;
    let (status, me) = api.get("/api/v1/accounts/verify_credentials", Some(&token)).await;
    assert_eq!((status, me["username"].as_str()), (StatusCode::OK, Some("dave")));
}
