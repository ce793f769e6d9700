//! A small Mastodon-API client for the end-to-end tests, written against the public API only
//! (what any app sees): app registration, the token endpoint, the authorize forms, JSON calls.

use reqwest::{Client, Method, StatusCode, header};
use serde_json::Value;

pub const OOB: &str = "urn:ietf:wg:oauth:2.0:oob";

/// A registered application's credentials.
#[derive(Debug, Clone)]
pub struct App {
    pub id: String,
    pub client_id: String,
    pub client_secret: String,
}

/// An HTTP client for one instance, with no cookie jar and no redirects followed, so that tests see
/// exactly what the server answers.
#[derive(Clone)]
pub struct Api {
    pub base: String,
    pub http: Client,
}

impl Api {
    pub fn new(base: &str) -> Self {
        let http = Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(20))
            .build()
            .expect("reqwest client");
        Self { base: base.trim_end_matches('/').to_string(), http }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// `POST /api/v1/apps` with a form body; panics unless it succeeds.
    pub async fn register_app(&self, scopes: &str, redirect_uris: &str) -> App {
        let res = self
            .http
            .post(self.url("/api/v1/apps"))
            .form(&[("client_name", "plero e2e"), ("redirect_uris", redirect_uris), ("scopes", scopes)])
            .send()
            .await
            .expect("POST /api/v1/apps");
        let status = res.status();
        let body: Value = res.json().await.expect("apps JSON");
        assert_eq!(status, StatusCode::OK, "POST /api/v1/apps: {body}");
        App {
            id: body["id"].as_str().expect("id").to_string(),
            client_id: body["client_id"].as_str().expect("client_id").to_string(),
            client_secret: body["client_secret"].as_str().expect("client_secret").to_string(),
        }
    }

    /// `POST /oauth/token` with a form body; returns the status and the JSON body.
    pub async fn token(&self, app: &App, fields: &[(&str, &str)]) -> (StatusCode, Value) {
        let mut form: Vec<(&str, &str)> =
            vec![("client_id", &app.client_id), ("client_secret", &app.client_secret)];
        form.extend_from_slice(fields);
        let res =
            self.http.post(self.url("/oauth/token")).form(&form).send().await.expect("POST /oauth/token");
        let status = res.status();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// The password grant; panics unless it gives a token. Returns the access token.
    pub async fn password_token(&self, app: &App, username: &str, password: &str, scope: &str) -> String {
        let (status, body) = self
            .token(
                app,
                &[
                    ("grant_type", "password"),
                    ("username", username),
                    ("password", password),
                    ("scope", scope),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "password grant: {body}");
        body["access_token"].as_str().expect("access_token").to_string()
    }

    /// A request with an optional bearer token; returns the status, the headers and the JSON body
    /// (Null when the body is not JSON).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        form: Option<&[(&str, &str)]>,
    ) -> (StatusCode, header::HeaderMap, Value) {
        let mut req = self.http.request(method, self.url(path));
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        if let Some(form) = form {
            req = req.form(form);
        }
        let res = req.send().await.expect("request");
        let status = res.status();
        let headers = res.headers().clone();
        let body = res.json().await.unwrap_or(Value::Null);
        (status, headers, body)
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> (StatusCode, Value) {
        let (status, _, body) = self.call(Method::GET, path, token, None).await;
        (status, body)
    }

    pub async fn post(&self, path: &str, token: Option<&str>, form: &[(&str, &str)]) -> (StatusCode, Value) {
        let (status, _, body) = self.call(Method::POST, path, token, Some(form)).await;
        (status, body)
    }

    /// A `read write follow` token of local user `nick` (password `accounts::PASSWORD`), from a
    /// fresh app and the password grant.
    pub async fn user_token(&self, nick: &str) -> String {
        let app = self.register_app("read write follow", OOB).await;
        self.password_token(&app, nick, super::accounts::PASSWORD, "read write follow").await
    }

    /// The API id of account `nick`, from `/api/v1/accounts/lookup`.
    pub async fn account_id(&self, nick: &str) -> String {
        let (status, account) = self.get(&format!("/api/v1/accounts/lookup?acct={nick}"), None).await;
        assert_eq!(status, StatusCode::OK, "lookup {nick}: {account}");
        account["id"].as_str().expect("an account id").to_string()
    }

    /// Goes through the authorize pages as a browser without JavaScript would: GET the sign-in page,
    /// post the credentials, post the consent. Returns the final response (a redirect, or the page
    /// showing an out-of-band code).
    pub async fn authorize_with_forms(
        &self,
        query: &[(&str, &str)],
        username: &str,
        password: &str,
        decision: &str,
    ) -> reqwest::Response {
        let page =
            self.http.get(self.url("/oauth/authorize")).query(query).send().await.expect("GET authorize");
        assert_eq!(page.status(), StatusCode::OK, "GET /oauth/authorize");
        let cookie = session_cookie(&page);
        let html = page.text().await.expect("sign-in page");
        let mut form = hidden_inputs(&html);
        form.push(("username".into(), username.into()));
        form.push(("password".into(), password.into()));
        let consent = self
            .http
            .post(self.url("/oauth/authorize"))
            .header(header::COOKIE, &cookie)
            .form(&form)
            .send()
            .await
            .expect("POST sign-in");
        assert_eq!(consent.status(), StatusCode::OK, "POST /oauth/authorize (sign in)");
        let html = consent.text().await.expect("consent page");
        let mut form = hidden_inputs(&html);
        form.push(("step".into(), decision.into()));
        self.http
            .post(self.url("/oauth/authorize"))
            .header(header::COOKIE, &cookie)
            .form(&form)
            .send()
            .await
            .expect("POST consent")
    }
}

/// The `name=value` part of the response's Set-Cookie, to send back.
pub fn session_cookie(res: &reqwest::Response) -> String {
    let set_cookie = res.headers().get(header::SET_COOKIE).expect("the authorize page sets a cookie");
    set_cookie.to_str().unwrap().split(';').next().unwrap().to_string()
}

/// The hidden inputs of an HTML form, as the server rendered them (attributes in maud's order:
/// type, name, value).
pub fn hidden_inputs(html: &str) -> Vec<(String, String)> {
    let mut fields = Vec::new();
    for chunk in html.split("<input type=\"hidden\" ").skip(1) {
        let attr = |name: &str| {
            let start = chunk.find(&format!("{name}=\""))? + name.len() + 2;
            let end = chunk[start..].find('"')? + start;
            Some(unescape(&chunk[start..end]))
        };
        if let (Some(name), Some(value)) = (attr("name"), attr("value")) {
            fields.push((name, value));
        }
    }
    fields
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// A PKCE verifier and its S256 challenge, computed independently of the server's code.
pub fn pkce_pair() -> (String, String) {
    use base64::Engine;
    use sha2::Digest;
    let verifier = format!("e2e-verifier-{}-{}", std::process::id(), "x".repeat(40));
    let challenge =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier.as_bytes()));
    (verifier, challenge)
}

/// The value of query parameter `name` in `url`.
pub fn query_param(url: &str, name: &str) -> Option<String> {
    url::Url::parse(url).ok()?.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}
