//! Discovery as other servers and Mastodon clients see it: the instance documents, NodeInfo,
//! host-meta, WebFinger and the OAuth server metadata of a real `pleroctl serve`.

mod support;

use serde_json::Value;
use support::TestServer;

async fn get_json(url: &str) -> (reqwest::StatusCode, Value) {
    let response = reqwest::get(url).await.expect("request sent");
    let status = response.status();
    (status, response.json().await.expect("JSON body"))
}

fn server() -> TestServer {
    TestServer::builder()
        .set("instance.name", "Plero Test Town")
        .set("instance.registrations", "open")
        .set("instance.post_length_limit", "777")
        .start()
}

#[tokio::test]
async fn instance_v1_has_mastodons_shape_and_a_compatible_version() {
    let server = server();
    let (status, body) = get_json(&server.url("/api/v1/instance")).await;
    assert_eq!(status, 200);
    assert_eq!(body["uri"], server.domain());
    assert_eq!(body["title"], "Plero Test Town");
    assert_eq!(body["email"], "admin@example.com");
    let version = body["version"].as_str().unwrap();
    assert!(version.starts_with("4."), "{version}");
    assert!(version.ends_with(&format!("(compatible; plero {})", env!("CARGO_PKG_VERSION"))), "{version}");
    assert_eq!(body["registrations"], true);
    assert_eq!(body["approval_required"], false);
    assert_eq!(body["urls"]["streaming_api"], "", "no streaming API is served yet");
    assert_eq!(body["configuration"]["statuses"]["max_characters"], 777);
    assert_eq!(body["stats"]["user_count"], 0);
    assert_eq!(body["thumbnail"], format!("http://{}/instance/thumbnail.png", server.domain()));
    for key in ["short_description", "description", "languages", "rules", "invites_enabled"] {
        assert!(body.get(key).is_some(), "missing {key}: {body}");
    }
}

#[tokio::test]
async fn instance_v2_has_api_versions_configuration_and_registrations() {
    let server = server();
    let (status, body) = get_json(&server.url("/api/v2/instance")).await;
    assert_eq!(status, 200);
    assert_eq!(body["domain"], server.domain());
    assert!(body["version"].as_str().unwrap().contains("(compatible; plero "));
    assert!(body["api_versions"]["mastodon"].as_u64().unwrap() >= 2);
    assert_eq!(body["configuration"]["urls"]["streaming"], Value::Null, "no streaming API is served yet");
    assert_eq!(body["configuration"]["statuses"]["max_characters"], 777);
    assert!(body["configuration"]["media_attachments"]["supported_mime_types"].as_array().unwrap().len() > 1);
    assert_eq!(body["registrations"]["enabled"], true);
    assert_eq!(body["contact"]["email"], "admin@example.com");
    assert_eq!(body["usage"]["users"]["active_month"], 0);

    let thumbnail = body["thumbnail"]["url"].as_str().unwrap();
    let response = reqwest::get(thumbnail).await.unwrap();
    assert_eq!(response.status(), 200, "the thumbnail it names is served");
    assert_eq!(response.headers()["content-type"], "image/png");
}

#[tokio::test]
async fn the_instance_is_reachable_with_a_trailing_slash() {
    let server = server();
    let (status, body) = get_json(&server.url("/api/v1/instance/")).await;
    assert_eq!(status, 200);
    assert_eq!(body["uri"], server.domain());
}

#[tokio::test]
async fn nodeinfo_links_lead_to_2_0_and_2_1_documents() {
    let server = server();
    let (status, links) = get_json(&server.url("/.well-known/nodeinfo")).await;
    assert_eq!(status, 200);
    let links = links["links"].as_array().unwrap();
    for version in ["2.0", "2.1"] {
        let link = links
            .iter()
            .find(|l| l["rel"] == format!("http://nodeinfo.diaspora.software/ns/schema/{version}"))
            .unwrap_or_else(|| panic!("no link for {version}: {links:?}"));
        let (status, doc) = get_json(link["href"].as_str().unwrap()).await;
        assert_eq!(status, 200);
        assert_eq!(doc["version"], version);
        assert_eq!(doc["software"]["name"], "plero");
        assert_eq!(doc["software"]["version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(doc["protocols"], serde_json::json!([]), "no ActivityPub inbox is served yet");
        assert_eq!(doc["metadata"]["features"], serde_json::json!(["mastodon_api"]), "no streaming");
        assert_eq!(
            doc["metadata"]["postFormats"],
            serde_json::json!(["text/plain", "text/markdown"]),
            "statuses are written as plain text or Markdown"
        );
        assert_eq!(doc["metadata"]["federation"]["enabled"], false);
        assert_eq!(doc["services"], serde_json::json!({"inbound": [], "outbound": []}));
        assert_eq!(doc["openRegistrations"], true);
        assert_eq!(doc["usage"]["users"]["total"], 0);
        assert_eq!(doc["usage"]["localPosts"], 0);
        assert_eq!(doc["metadata"]["nodeName"], "Plero Test Town");
    }
}

#[tokio::test]
async fn closed_registrations_show_in_every_document() {
    let server = TestServer::builder().set("instance.registrations", "closed").start();
    let (_, v1) = get_json(&server.url("/api/v1/instance")).await;
    let (_, v2) = get_json(&server.url("/api/v2/instance")).await;
    let (_, nodeinfo) = get_json(&server.url("/nodeinfo/2.1")).await;
    assert_eq!(v1["registrations"], false);
    assert_eq!(v2["registrations"]["enabled"], false);
    assert_eq!(nodeinfo["openRegistrations"], false);
}

#[tokio::test]
async fn host_meta_points_at_webfinger() {
    let server = server();
    let response = reqwest::get(server.url("/.well-known/host-meta")).await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("application/xrd+xml"));
    let xml = response.text().await.unwrap();
    let template = format!("template=\"http://{}/.well-known/webfinger?resource={{uri}}\"", server.domain());
    assert!(xml.contains(&template), "{xml}");
}

#[tokio::test]
async fn webfinger_without_a_known_account_is_404_and_without_a_resource_is_400() {
    let server = server();
    let unknown = format!("/.well-known/webfinger?resource=acct:nobody@{}", server.domain());
    assert_eq!(reqwest::get(server.url(&unknown)).await.unwrap().status(), 404);
    assert_eq!(reqwest::get(server.url("/.well-known/webfinger")).await.unwrap().status(), 400);
}

#[tokio::test]
async fn oauth_server_metadata_lists_the_supported_grants() {
    let server = server();
    let (status, body) = get_json(&server.url("/.well-known/oauth-authorization-server")).await;
    assert_eq!(status, 200);
    let base = server.url("");
    assert_eq!(body["authorization_endpoint"], format!("{base}/oauth/authorize"));
    assert_eq!(body["token_endpoint"], format!("{base}/oauth/token"));
    assert_eq!(body["app_registration_endpoint"], format!("{base}/api/v1/apps"));
    let mut grants: Vec<&str> =
        body["grant_types_supported"].as_array().unwrap().iter().map(|g| g.as_str().unwrap()).collect();
    grants.sort();
    assert_eq!(grants, ["authorization_code", "client_credentials", "password", "refresh_token"]);
    let scopes = body["scopes_supported"].as_array().unwrap();
    for scope in ["read", "write", "follow", "push", "read:accounts"] {
        assert!(scopes.iter().any(|s| s == scope), "missing scope {scope}: {scopes:?}");
    }
    assert_eq!(body["code_challenge_methods_supported"][0], "S256");
}

#[tokio::test]
async fn an_admin_made_with_pleroctl_is_found_by_webfinger_and_is_the_contact() {
    let server = server();
    let out = server.pleroctl(&["user", "new", "alice", "alice@example.com", "--admin", "--yes"]);
    assert!(out.status.success(), "user new failed: {}", support::stderr(&out));

    let resource = format!("acct:alice@{}", server.domain());
    let (status, jrd) = get_json(&server.url(&format!("/.well-known/webfinger?resource={resource}"))).await;
    assert_eq!(status, 200);
    let actor = jrd["links"].as_array().unwrap().iter().find(|l| l["rel"] == "self").expect("self link");
    assert_eq!(actor["type"], "application/activity+json");
    let actor_url = actor["href"].as_str().unwrap().to_owned();

    let page = reqwest::get(server.url("/@alice")).await.unwrap().text().await.unwrap();
    assert!(page.contains(&format!(r#"type="application/activity+json" href="{actor_url}""#)), "{page}");

    let (_, v2) = get_json(&server.url("/api/v2/instance")).await;
    assert_eq!(v2["contact"]["account"]["username"], "alice");
    let (_, v1) = get_json(&server.url("/api/v1/instance")).await;
    assert_eq!(v1["contact_account"]["username"], "alice");
    assert_eq!(v1["stats"]["user_count"], 1);
}

#[tokio::test]
async fn megalodon_detects_a_mastodon_api_and_reads_the_instance() {
    let server = server();
    // megalodon needs a contact account, as every real instance has: its admin.
    let out = server.pleroctl(&["user", "new", "boss", "boss@example.com", "--admin", "--yes"]);
    assert!(out.status.success(), "user new failed: {}", support::stderr(&out));
    let sns = megalodon::detector(&server.url("")).await.expect("megalodon recognises the server");
    assert!(matches!(sns, megalodon::SNS::Mastodon), "detected as {sns:?}");

    let client = megalodon::generator(sns, server.url(""), None, None).unwrap();
    let instance = client.get_instance().await.expect("megalodon parses /api/v1/instance").json;
    assert_eq!(instance.uri, server.domain());
    assert_eq!(instance.title, "Plero Test Town");
    assert_eq!(instance.configuration.statuses.max_characters, 777);
    assert!(instance.registrations);
    assert_eq!(instance.contact_account.expect("contact").username, "boss");
}

/// Every URL in `value` (a JSON document) that points at `base`.
fn own_urls(value: &Value, base: &str, found: &mut Vec<String>) {
    match value {
        Value::String(s) if s.starts_with(base) => found.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| own_urls(v, base, found)),
        Value::Object(map) => map.values().for_each(|v| own_urls(v, base, found)),
        _ => {}
    }
}

#[tokio::test]
async fn every_link_the_instance_documents_give_out_is_served() {
    let server = server();
    let mut urls = Vec::new();
    for path in
        ["/api/v1/instance", "/api/v2/instance", "/nodeinfo/2.0", "/nodeinfo/2.1", "/.well-known/nodeinfo"]
    {
        own_urls(&get_json(&server.url(path)).await.1, &server.url(""), &mut urls);
    }
    assert!(urls.iter().any(|u| u.ends_with("/about")), "the about page is linked: {urls:?}");
    for url in urls {
        assert_eq!(reqwest::get(&url).await.unwrap().status(), 200, "{url} is advertised");
    }
}

async fn page(server: &TestServer, path: &str) -> String {
    let response = reqwest::get(server.url(path)).await.unwrap();
    assert_eq!(response.status(), 200, "{path}");
    let content_type = response.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(content_type.starts_with("text/html"), "{path}: {content_type}");
    let csp = response.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.starts_with("default-src 'none'"), "no script may run: {csp}");
    let html = response.text().await.unwrap();
    assert!(!html.contains("<script"), "{html}");
    html
}

fn described_server() -> TestServer {
    TestServer::builder()
        .set("instance.name", "Tea & <Cake>")
        .set("instance.description", "A server for <b>tea</b> drinkers.")
        .set("instance.registrations", "approval")
        .start()
}

#[tokio::test]
async fn the_home_page_says_what_the_instance_is_who_may_join_and_how_to_sign_in() {
    let server = described_server();
    let html = page(&server, "/").await;
    assert!(html.contains("<h1>Tea &amp; &lt;Cake&gt;</h1>"), "the name, escaped: {html}");
    assert!(
        html.contains("A server for &lt;b&gt;tea&lt;/b&gt; drinkers."),
        "the description, escaped: {html}"
    );
    assert!(html.contains("a moderator reviews each new account"), "the registration state: {html}");
    assert!(html.contains("use any Mastodon app"), "how to sign in: {html}");
    assert!(html.contains(&format!("<code>{}</code>", server.domain())), "the server to enter: {html}");
    assert!(html.contains(r#"<a href="/about">"#), "{html}");

    let closed = TestServer::builder().set("instance.registrations", "closed").start();
    assert!(page(&closed, "/").await.contains("Registrations are closed"));
}

#[tokio::test]
async fn the_about_page_names_the_admins_contact_and_the_software() {
    let server = described_server();
    let html = page(&server, "/about").await;
    assert!(html.contains("About Tea &amp; &lt;Cake&gt;"), "{html}");
    assert!(html.contains("A server for &lt;b&gt;tea&lt;/b&gt; drinkers."), "{html}");
    assert!(html.contains(r#"<a href="mailto:admin@example.com">admin@example.com</a>"#), "{html}");
    assert!(html.contains("No rules are published here yet."), "{html}");
    assert!(html.contains(&format!("plero {}", env!("CARGO_PKG_VERSION"))), "{html}");
}
