//! How other servers and clients find this one and its accounts: WebFinger, host-meta, NodeInfo,
//! and the OAuth authorization server metadata (RFC 8414).

use axum::Json;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use serde_json::{Value, json};

use plero_core::auth::Scope;
use plero_core::model::Account;

use crate::app::AppState;
use crate::entities::nodeinfo::{self, Links};
use crate::entities::webfinger::{self, Jrd};
use crate::error::ApiError;
use crate::routes::instance::json as rendered_json;

/// The OAuth grants `POST /oauth/token` accepts (routes/oauth.rs).
pub const GRANT_TYPES: [&str; 4] = ["authorization_code", "password", "client_credentials", "refresh_token"];

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/.well-known/webfinger", get(webfinger))
        .route("/.well-known/host-meta", get(host_meta))
        .route("/.well-known/host-meta.json", get(host_meta_json))
        .route("/.well-known/nodeinfo", get(nodeinfo_links))
        .route("/nodeinfo/{version}", get(nodeinfo_document))
        .route("/.well-known/oauth-authorization-server", get(oauth_metadata))
}

#[derive(Deserialize)]
struct WebfingerQuery {
    resource: Option<String>,
}

/// `acct:nick@domain` (or `nick@domain`), the actor URL, or the profile URL of a local account.
async fn webfinger(
    State(state): State<AppState>,
    Query(query): Query<WebfingerQuery>,
) -> Result<Response, ApiError> {
    let resource = query
        .resource
        .filter(|r| !r.is_empty())
        .ok_or_else(|| ApiError::bad_request("resource is missing: use ?resource=acct:nick@domain"))?;
    let account = find_local(&state, &resource).await?.ok_or_else(ApiError::not_found)?;
    if account.suspended_at.is_some() {
        return Err(ApiError::new(StatusCode::GONE, "This account is suspended"));
    }
    let acct = format!("{}@{}", account.nickname, state.config.instance.domain);
    let jrd = Jrd::account(&acct, &account.endpoints.actor_url, &account.endpoints.url);
    Ok(([(header::CONTENT_TYPE, "application/jrd+json; charset=utf-8")], Json(jrd)).into_response())
}

/// The local account a WebFinger resource names, if any; a resource on another domain names none.
async fn find_local(state: &AppState, resource: &str) -> Result<Option<Account>, ApiError> {
    if resource.starts_with("https://") || resource.starts_with("http://") {
        if let Some(account) = state.store.find_account_by_actor_url(resource).await? {
            return Ok(account.is_local().then_some(account));
        }
        let profile_prefix = format!("{}/@", state.urls.base());
        let Some(nickname) = resource.strip_prefix(&profile_prefix) else { return Ok(None) };
        return state.store.find_account_by_nickname(nickname, None).await.map_err(ApiError::from);
    }
    let acct = resource.strip_prefix("acct:").unwrap_or(resource);
    let acct = acct.strip_prefix('@').unwrap_or(acct);
    let Some((nickname, domain)) = acct.rsplit_once('@') else { return Ok(None) };
    let public_host = &state.config.http.public_host;
    let ours = domain.eq_ignore_ascii_case(&state.config.instance.domain)
        || (!public_host.is_empty() && domain.eq_ignore_ascii_case(public_host));
    if !ours {
        return Ok(None);
    }
    state.store.find_account_by_nickname(nickname, None).await.map_err(ApiError::from)
}

async fn host_meta(State(state): State<AppState>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/xrd+xml; charset=utf-8")],
        webfinger::host_meta_xml(state.urls.base()),
    )
        .into_response()
}

async fn host_meta_json(State(state): State<AppState>) -> Json<Value> {
    Json(webfinger::host_meta_json(state.urls.base()))
}

async fn nodeinfo_links(State(state): State<AppState>) -> Json<Links> {
    Json(Links::new(state.urls.base()))
}

async fn nodeinfo_document(
    State(state): State<AppState>,
    Path(version): Path<String>,
) -> Result<Response, ApiError> {
    let version = version.strip_suffix(".json").unwrap_or(&version);
    if !nodeinfo::VERSIONS.iter().any(|(v, _)| *v == version) {
        return Err(ApiError::not_found());
    }
    let docs = state.instance_documents().await?;
    let bytes = if version == "2.0" { docs.nodeinfo_20.clone() } else { docs.nodeinfo_21.clone() };
    let mut response = rendered_json(bytes);
    let profile = format!(
        "application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/{version}#\"; charset=utf-8"
    );
    response.headers_mut().insert(header::CONTENT_TYPE, profile.parse().expect("valid header value"));
    Ok(response)
}

/// RFC 8414 metadata: where the OAuth endpoints are and what they support.
async fn oauth_metadata(State(state): State<AppState>) -> Json<Value> {
    let base = state.urls.base();
    Json(json!({
        "issuer": format!("{base}/"),
        "authorization_endpoint": format!("{base}/oauth/authorize"),
        "token_endpoint": format!("{base}/oauth/token"),
        "revocation_endpoint": format!("{base}/oauth/revoke"),
        "app_registration_endpoint": format!("{base}/api/v1/apps"),
        "scopes_supported": Scope::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": GRANT_TYPES,
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "code_challenge_methods_supported": ["S256"],
    }))
}

#[cfg(test)]
mod tests {
    use crate::testing::TestApp;
    use axum::http::StatusCode;
    use serde_json::Value;

    async fn webfinger(app: &TestApp, resource: &str) -> (StatusCode, String, Value) {
        let (status, content_type, body) =
            app.get(&format!("/.well-known/webfinger?resource={resource}")).await;
        (status, content_type, serde_json::from_str(&body).unwrap_or(Value::Null))
    }

    #[tokio::test]
    async fn webfinger_finds_a_local_account_by_acct_with_a_self_link_to_its_actor() {
        let app = TestApp::new().await;
        app.user("alice").await;
        let (status, content_type, jrd) = webfinger(&app, "acct:alice@social.example").await;
        assert_eq!(status, StatusCode::OK);
        assert!(content_type.starts_with("application/jrd+json"), "{content_type}");
        assert_eq!(jrd["subject"], "acct:alice@social.example");
        let links = jrd["links"].as_array().unwrap();
        let self_link = links.iter().find(|l| l["rel"] == "self").expect("a self link");
        assert_eq!(self_link["type"], "application/activity+json");
        assert_eq!(self_link["href"], "https://social.example/users/alice");
        assert!(links.iter().any(|l| l["rel"] == "http://webfinger.net/rel/profile-page"
            && l["href"] == "https://social.example/@alice"));
    }

    #[tokio::test]
    async fn webfinger_takes_the_actor_url_the_profile_url_and_any_case() {
        let app = TestApp::new().await;
        app.user("alice").await;
        for resource in [
            "https://social.example/users/alice",
            "https://social.example/@alice",
            "acct:ALICE@Social.Example",
            "alice@social.example",
        ] {
            let (status, _, jrd) = webfinger(&app, resource).await;
            assert_eq!(status, StatusCode::OK, "{resource}");
            assert_eq!(jrd["subject"], "acct:alice@social.example", "{resource}");
        }
    }

    #[tokio::test]
    async fn webfinger_knows_nothing_of_other_domains() {
        let app = TestApp::new().await;
        app.user("alice").await;
        let (status, _, _) = webfinger(&app, "acct:alice@elsewhere.example").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _, _) = webfinger(&app, "https://elsewhere.example/users/alice").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    #[tokio::test]
    async fn a_new_account_shows_in_the_counts_of_the_next_request() {
        let app = TestApp::new().await;
        let count =
            |body: String| serde_json::from_str::<Value>(&body).unwrap()["usage"]["users"]["total"].clone();
        assert_eq!(count(app.get("/nodeinfo/2.0").await.2), 0);
        app.user("alice").await;
        assert_eq!(
            count(app.get("/nodeinfo/2.0").await.2),
            1,
            "the account's change event reached the cache"
        );
    }
}
