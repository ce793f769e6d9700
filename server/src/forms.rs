//! What every server-rendered form needs (the OAuth sign-in and consent pages, the password-reset
//! page, the invite sign-up page): a CSRF cookie with tokens signed for it, and the headers every
//! HTML page is sent with.
//!
//! Double-submit: the browser holds a random nonce in an HttpOnly cookie; each form carries a token
//! signed for that nonce. Another site can neither read the cookie nor set it on our origin, so it
//! cannot forge a post. Nothing is stored on the server between showing a form and its post.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::Markup;

use plero_core::auth::{BearerSecret, CsrfError, FormSigner};
use plero_core::config::{Config, Scheme};

use crate::pages;

/// The cookie holding the browser's CSRF nonce, over http.
const COOKIE: &str = "plero_csrf";
/// Its name over https: browsers keep a `__Host-` cookie only when it is `Secure`, has `Path=/` and
/// no `Domain`, so neither a sibling subdomain nor a plain-http page can plant one for us.
const HOST_COOKIE: &str = "__Host-plero_csrf";

/// The CSRF cookie's name for the scheme the instance is served over.
fn cookie_name(config: &Config) -> &'static str {
    if config.http.public_scheme == Scheme::Https { HOST_COOKIE } else { COOKIE }
}
/// How long a form may stay open before its post is refused.
pub const FORM_TTL_SECS: i64 = 60 * 60;

/// The key forms are signed with, from `security.secret_key_base` (never empty in a server:
/// `serve` refuses an empty one, and the quick-start keeps one in its data directory).
pub fn signer(config: &Config) -> FormSigner {
    let base = config.security.secret_key_base.expose();
    FormSigner::new(base.as_bytes(), config.security.signing_salt.expose().as_bytes())
}

/// Now, in Unix seconds (what signed form values expire against).
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// The browser's form session: its cookie nonce and the signer. Made when a form is shown
/// ([`FormSession::for_page`]) and checked when it is posted ([`FormSession::for_post`]).
pub struct FormSession {
    nonce: String,
    signer: FormSigner,
    fresh: bool,
}

impl FormSession {
    /// For a page showing a form: the browser's nonce, or a new one to set.
    pub fn for_page(config: &Config, headers: &HeaderMap) -> Self {
        let (nonce, fresh) = match cookie_nonce(headers, cookie_name(config)) {
            Some(nonce) => (nonce, false),
            None => (BearerSecret::generate().expose().to_string(), true),
        };
        Self { nonce, signer: signer(config), fresh }
    }

    /// For a posted form: refuses a post without our cookie or whose `csrf_token` field was not
    /// signed for it.
    pub fn for_post(config: &Config, headers: &HeaderMap, csrf_token: Option<&str>) -> Result<Self, Refused> {
        let Some(nonce) = cookie_nonce(headers, cookie_name(config)) else {
            return Err(Refused::NoCookie);
        };
        let session = Self { nonce, signer: signer(config), fresh: false };
        session
            .signer
            .verify_csrf(&session.nonce, csrf_token.unwrap_or_default(), now())
            .map_err(Refused::Token)?;
        Ok(session)
    }

    /// The browser's nonce (to bind other signed values to this browser).
    pub fn nonce(&self) -> &str {
        &self.nonce
    }

    pub fn signer(&self) -> &FormSigner {
        &self.signer
    }

    /// A CSRF token for the next form shown to this browser.
    pub fn csrf_token(&self) -> String {
        self.signer.csrf_token(&self.nonce, now() + FORM_TTL_SECS)
    }

    /// An HTML page carrying a form of this session; sets the cookie when the browser had none.
    pub fn page(&self, config: &Config, status: StatusCode, markup: Markup) -> Response {
        let mut response = html_page(status, markup);
        if self.fresh {
            response.headers_mut().insert(header::SET_COOKIE, set_cookie(config, &self.nonce));
        }
        response
    }
}

/// Why a posted form was refused; its response is a 403 page saying what to do.
#[derive(Debug)]
pub enum Refused {
    NoCookie,
    Token(CsrfError),
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        let message = match self {
            Self::NoCookie => {
                "Your browser did not send back our cookie: allow cookies for this site, reload the \
                               page and try again."
                    .to_string()
            }
            Self::Token(e) => e.to_string(),
        };
        message_page(StatusCode::FORBIDDEN, "Form refused", &message)
    }
}

fn cookie_nonce(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 64
                && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

/// `Set-Cookie` for a new nonce: host-only (no `Domain`), for the whole site, `Secure` over https.
fn set_cookie(config: &Config, nonce: &str) -> HeaderValue {
    let name = cookie_name(config);
    let secure = if name == HOST_COOKIE { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{name}={nonce}; Path=/; HttpOnly; SameSite=Lax{secure}"))
        .expect("nonce is URL-safe base64")
}

/// An HTML page with the headers every form page needs: never cached, never framed (a button must
/// not be clickjacked), no referrer (URLs carry states, codes and reset tokens).
pub fn html_page(status: StatusCode, markup: Markup) -> Response {
    let mut response = (status, markup).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // No form-action: browsers apply it to the redirect that follows the OAuth consent form, and
    // that redirect goes to the application, wherever it is.
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"),
    );
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

/// A page with a heading and one message (errors, confirmations).
pub fn message_page(status: StatusCode, title: &str, message: &str) -> Response {
    html_page(status, pages::message(title, message))
}

/// The page for a store failure: logged with its cause, shown without it.
pub fn store_failed_page(err: impl std::fmt::Display) -> Response {
    tracing::error!(error = %err, "store failed");
    message_page(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong",
        "Something went wrong on our side; please try again.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(cookie: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_str(cookie).unwrap());
        headers
    }

    #[test]
    fn the_nonce_is_read_among_other_cookies() {
        assert_eq!(
            cookie_nonce(&headers("a=1; plero_csrf=abc_D-9; b=2"), COOKIE).as_deref(),
            Some("abc_D-9")
        );
    }

    #[test]
    fn a_nonce_with_foreign_characters_is_ignored() {
        assert_eq!(cookie_nonce(&headers("plero_csrf=a\"b"), COOKIE), None);
        assert_eq!(cookie_nonce(&headers("plero_csrf="), COOKIE), None);
    }

    fn config(scheme: Scheme) -> Config {
        let mut config = Config::default();
        config.http.public_scheme = scheme;
        config
    }

    /// The attributes of the cookie a page sets for a browser that has none.
    fn cookie_set_by_a_page(config: &Config) -> Vec<String> {
        let page =
            FormSession::for_page(config, &HeaderMap::new()).page(config, StatusCode::OK, maud::html!());
        let set = page.headers()[header::SET_COOKIE].to_str().unwrap().to_string();
        set.split(';').map(|part| part.trim().to_string()).collect()
    }

    #[test]
    fn over_https_the_cookie_is_a_host_cookie() {
        let attributes = cookie_set_by_a_page(&config(Scheme::Https));
        assert!(attributes[0].starts_with("__Host-plero_csrf="), "{attributes:?}");
        for required in ["Secure", "Path=/", "HttpOnly"] {
            assert!(attributes.iter().any(|a| a == required), "{required} missing: {attributes:?}");
        }
        assert!(!attributes.iter().any(|a| a.to_ascii_lowercase().starts_with("domain")), "{attributes:?}");
    }

    #[test]
    fn over_http_the_cookie_keeps_its_name_and_is_not_secure() {
        let attributes = cookie_set_by_a_page(&config(Scheme::Http));
        assert!(attributes[0].starts_with("plero_csrf="), "{attributes:?}");
        assert!(attributes.iter().any(|a| a == "Path=/"), "{attributes:?}");
        assert!(
            !attributes.iter().any(|a| a == "Secure"),
            "a Secure cookie is not sent over http: {attributes:?}"
        );
    }

    #[test]
    fn over_https_a_cookie_without_the_prefix_does_not_pass() {
        let config = config(Scheme::Https);
        let shown = FormSession::for_page(&config, &HeaderMap::new());
        let token = shown.csrf_token();
        let plain = headers(&format!("plero_csrf={}", shown.nonce()));
        assert!(FormSession::for_post(&config, &plain, Some(&token)).is_err(), "a cookie anyone could plant");
        let host = headers(&format!("__Host-plero_csrf={}", shown.nonce()));
        assert!(FormSession::for_post(&config, &host, Some(&token)).is_ok());
    }

    #[test]
    fn a_token_shown_with_a_page_passes_its_post() {
        let config = config(Scheme::Http);
        let shown = FormSession::for_page(&config, &HeaderMap::new());
        let token = shown.csrf_token();
        let cookie = format!("plero_csrf={}", shown.nonce());
        assert!(FormSession::for_post(&config, &headers(&cookie), Some(&token)).is_ok());
        let other = headers("plero_csrf=someone-else");
        assert_eq!(
            FormSession::for_post(&config, &other, Some(&token)).err().map(|r| r.into_response().status()),
            Some(StatusCode::FORBIDDEN)
        );
    }
}
