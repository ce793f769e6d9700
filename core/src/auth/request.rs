//! The validated shapes of OAuth requests (RFC 6749 as Mastodon implements it) and the errors they
//! produce, before any database is involved.

use url::Url;

use super::pkce::{CodeChallenge, PkceError};
use super::scope::{ScopeError, Scopes};

/// The redirect URI of clients that cannot receive a redirect: the code is shown on a page instead.
pub const OOB_REDIRECT_URI: &str = "urn:ietf:wg:oauth:2.0:oob";

/// How long an authorization code may wait before it is exchanged for a token.
pub const AUTHORIZATION_CODE_TTL_SECS: i64 = 10 * 60;

/// An OAuth error, with the RFC 6749 code clients branch on and a description for people.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OAuthError {
    /// A parameter is missing, repeated or malformed; holds what is wrong.
    #[error("invalid_request: {0}")]
    InvalidRequest(String),
    /// Unknown `client_id` or wrong `client_secret`.
    #[error(
        "invalid_client: client authentication failed (unknown client_id or wrong client_secret); \
         register the application again with POST /api/v1/apps"
    )]
    InvalidClient,
    /// The code, refresh token or credentials are invalid, expired, used, or issued to another
    /// client, or the user may not sign in; holds why.
    #[error("invalid_grant: {0}")]
    InvalidGrant(String),
    /// The client may not do this, e.g. revoke a token issued to another application; holds why.
    #[error("unauthorized_client: {0}")]
    UnauthorizedClient(String),
    /// A `grant_type` plero does not support; holds it.
    #[error(
        "unsupported_grant_type: `{0}` is not supported; use authorization_code, password, \
         client_credentials or refresh_token"
    )]
    UnsupportedGrantType(String),
    /// A `response_type` other than `code`; holds it.
    #[error("unsupported_response_type: `{0}` is not supported; use response_type=code")]
    UnsupportedResponseType(String),
    /// An unknown scope, or one the application did not register; holds why.
    #[error("invalid_scope: {0}")]
    InvalidScope(String),
    /// The user declined on the consent page.
    #[error("access_denied: the user denied the authorization request")]
    AccessDenied,
}

impl OAuthError {
    /// The RFC 6749 error code (`error` in the JSON body).
    pub fn code(&self) -> &'static str {
        match self {
            OAuthError::InvalidRequest(_) => "invalid_request",
            OAuthError::InvalidClient => "invalid_client",
            OAuthError::InvalidGrant(_) => "invalid_grant",
            OAuthError::UnauthorizedClient(_) => "unauthorized_client",
            OAuthError::UnsupportedGrantType(_) => "unsupported_grant_type",
            OAuthError::UnsupportedResponseType(_) => "unsupported_response_type",
            OAuthError::InvalidScope(_) => "invalid_scope",
            OAuthError::AccessDenied => "access_denied",
        }
    }

    /// The human description (`error_description` in the JSON body).
    pub fn description(&self) -> String {
        let full = self.to_string();
        match full.split_once(": ") {
            Some((_, rest)) => rest.to_string(),
            None => full,
        }
    }
}

impl From<ScopeError> for OAuthError {
    fn from(err: ScopeError) -> Self {
        OAuthError::InvalidScope(err.to_string())
    }
}

impl From<PkceError> for OAuthError {
    fn from(err: PkceError) -> Self {
        match err {
            PkceError::UnsupportedMethod(_) | PkceError::MalformedChallenge => {
                OAuthError::InvalidRequest(err.to_string())
            }
            _ => OAuthError::InvalidGrant(err.to_string()),
        }
    }
}

/// The redirect URIs an application registered: absolute URIs (custom schemes allowed, as
/// mobile apps use them) without fragments, or the out-of-band URI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedirectUris(Vec<String>);

impl RedirectUris {
    /// Parses what `POST /api/v1/apps` received: one string with URIs separated by whitespace
    /// (the historical form) or several values (the array form).
    pub fn parse<'a>(values: impl IntoIterator<Item = &'a str>) -> Result<Self, OAuthError> {
        let mut uris = Vec::new();
        for value in values {
            for uri in value.split_whitespace() {
                validate_redirect_uri(uri)?;
                if !uris.iter().any(|u| u == uri) {
                    uris.push(uri.to_string());
                }
            }
        }
        if uris.is_empty() {
            return Err(OAuthError::InvalidRequest(format!(
                "redirect_uris is required: give your app's callback URI, or {OOB_REDIRECT_URI} to \
                 have the code shown to the user"
            )));
        }
        Ok(Self(uris))
    }

    /// Wraps the newline-separated list read back from the database.
    pub fn from_stored(stored: &str) -> Self {
        Self(stored.split_whitespace().map(str::to_string).collect())
    }

    /// The list as stored and as Mastodon's `redirect_uri` field shows it: one per line.
    pub fn joined(&self) -> String {
        self.0.join("\n")
    }

    /// The URIs, in the order registered.
    pub fn as_slice(&self) -> &[String] {
        &self.0
    }

    /// The redirect URI an authorization request uses: the one it names, which must be
    /// registered exactly, or the only registered one when it names none.
    pub fn resolve(&self, requested: Option<&str>) -> Result<String, OAuthError> {
        match requested.filter(|r| !r.is_empty()) {
            Some(uri) if self.0.iter().any(|u| u == uri) => Ok(uri.to_string()),
            Some(uri) => Err(OAuthError::InvalidRequest(format!(
                "redirect_uri `{uri}` is not one the application registered ({})",
                self.0.join(", ")
            ))),
            None if self.0.len() == 1 => Ok(self.0[0].clone()),
            None => Err(OAuthError::InvalidRequest(
                "redirect_uri is required: the application registered several".into(),
            )),
        }
    }
}

fn validate_redirect_uri(uri: &str) -> Result<(), OAuthError> {
    if uri == OOB_REDIRECT_URI {
        return Ok(());
    }
    let parsed = Url::parse(uri).map_err(|e| {
        OAuthError::InvalidRequest(format!(
            "redirect_uris: `{uri}` is not an absolute URI ({e}); use e.g. https://app.example/callback, \
             myapp://callback or {OOB_REDIRECT_URI}"
        ))
    })?;
    if parsed.fragment().is_some() {
        return Err(OAuthError::InvalidRequest(format!(
            "redirect_uris: `{uri}` must not contain a fragment (#…)"
        )));
    }
    if matches!(parsed.scheme(), "javascript" | "data" | "vbscript" | "file") {
        return Err(OAuthError::InvalidRequest(format!(
            "redirect_uris: scheme `{}` is not allowed",
            parsed.scheme()
        )));
    }
    Ok(())
}

/// What `POST /api/v1/apps` asks for, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApp {
    /// `client_name`, trimmed: 1 to 255 characters.
    pub name: String,
    /// The redirect URIs, checked.
    pub redirect_uris: RedirectUris,
    /// The scopes; `read` when none were asked for.
    pub scopes: Scopes,
    /// An `http(s)` URL; `None` when absent or blank.
    pub website: Option<String>,
}

impl NewApp {
    /// Checks the form fields of `POST /api/v1/apps`; an [`OAuthError::InvalidRequest`] or
    /// [`OAuthError::InvalidScope`] says what is wrong.
    pub fn validate<'a>(
        client_name: Option<&str>,
        redirect_uris: impl IntoIterator<Item = &'a str>,
        scopes: Option<&str>,
        website: Option<&str>,
    ) -> Result<Self, OAuthError> {
        let name = client_name.map(str::trim).unwrap_or_default();
        if name.is_empty() {
            return Err(OAuthError::InvalidRequest("client_name is required".into()));
        }
        if name.chars().count() > 255 {
            return Err(OAuthError::InvalidRequest("client_name must be at most 255 characters".into()));
        }
        let website = website.map(str::trim).filter(|w| !w.is_empty());
        if let Some(site) = website {
            match Url::parse(site) {
                Ok(url) if matches!(url.scheme(), "http" | "https") => {}
                _ => {
                    return Err(OAuthError::InvalidRequest(format!(
                        "website `{site}` must be an http(s) URL"
                    )));
                }
            }
        }
        Ok(Self {
            name: name.to_string(),
            redirect_uris: RedirectUris::parse(redirect_uris)?,
            scopes: Scopes::parse(scopes.unwrap_or_default())?,
            website: website.map(str::to_string),
        })
    }
}

/// The parameters of `GET /oauth/authorize`, as received.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthorizeParams {
    /// Must be `code`.
    pub response_type: Option<String>,
    /// The application's public client id.
    pub client_id: Option<String>,
    /// Where to send the browser back; must be one the application registered.
    pub redirect_uri: Option<String>,
    /// Space-separated scopes; none means the application's registered scopes.
    pub scope: Option<String>,
    /// An opaque value the client gets back unchanged with the redirect.
    pub state: Option<String>,
    /// PKCE challenge (S256), when the client uses PKCE.
    pub code_challenge: Option<String>,
    /// PKCE method; only `S256` is accepted, and none means `S256`.
    pub code_challenge_method: Option<String>,
}

/// An authorization request checked against its application: what the consent page shows and
/// what the code will carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizeRequest {
    /// The redirect URI to use, one the application registered.
    pub redirect_uri: String,
    /// Whether the request named it (rather than leaving it to the application's only one); then
    /// the code exchange must name the same one (RFC 6749 §4.1.3).
    pub redirect_uri_named: bool,
    /// The scopes to grant: those asked for, or the application's when none were.
    pub scopes: Scopes,
    /// The client's `state`, to send back with the redirect.
    pub state: Option<String>,
    /// The PKCE challenge, when the client sent one.
    pub code_challenge: Option<CodeChallenge>,
}

impl AuthorizeRequest {
    /// Validates `params` for an application that registered `registered_uris` and
    /// `registered_scopes`. Errors before the redirect URI is known must be shown to the user,
    /// never redirected (RFC 6749 §4.1.2.1).
    pub fn validate(
        params: &AuthorizeParams,
        registered_uris: &RedirectUris,
        registered_scopes: &Scopes,
    ) -> Result<Self, OAuthError> {
        let redirect_uri = registered_uris.resolve(params.redirect_uri.as_deref())?;
        match params.response_type.as_deref() {
            Some("code") => {}
            Some(other) => return Err(OAuthError::UnsupportedResponseType(other.to_string())),
            None => return Err(OAuthError::InvalidRequest("response_type=code is required".into())),
        }
        let scopes = requested_scopes(params.scope.as_deref(), registered_scopes)?;
        let code_challenge = match params.code_challenge.as_deref().filter(|c| !c.is_empty()) {
            Some(challenge) => {
                Some(CodeChallenge::parse(challenge, params.code_challenge_method.as_deref())?)
            }
            None => None,
        };
        let redirect_uri_named = params.redirect_uri.as_deref().is_some_and(|u| !u.is_empty());
        Ok(Self { redirect_uri, redirect_uri_named, scopes, state: params.state.clone(), code_challenge })
    }
}

/// The scopes a token request or authorization request asks for, which must stay within what
/// the application registered; none means all the application registered.
pub fn requested_scopes(requested: Option<&str>, registered: &Scopes) -> Result<Scopes, OAuthError> {
    let Some(requested) = requested.filter(|s| !s.trim().is_empty()) else {
        return Ok(*registered);
    };
    let scopes = Scopes::parse(requested)?;
    if !registered.covers(&scopes) {
        return Err(OAuthError::InvalidScope(format!(
            "the application registered `{registered}` and may not ask for `{scopes}`"
        )));
    }
    Ok(scopes)
}

/// Where the browser goes after the consent page, with the code or the error (RFC 6749 §4.1.2).
pub fn redirect_with(redirect_uri: &str, params: &[(&str, &str)]) -> Option<String> {
    if redirect_uri == OOB_REDIRECT_URI {
        return None;
    }
    let mut url = Url::parse(redirect_uri).ok()?;
    {
        let mut query = url.query_pairs_mut();
        for (key, value) in params {
            query.append_pair(key, value);
        }
    }
    Some(url.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uris(s: &str) -> RedirectUris {
        RedirectUris::parse([s]).unwrap()
    }

    #[test]
    fn redirect_uris_accept_https_custom_schemes_and_oob() {
        let parsed = uris("https://app.example/cb myapp://callback\nurn:ietf:wg:oauth:2.0:oob");
        assert_eq!(parsed.as_slice().len(), 3);
        assert_eq!(parsed.joined(), "https://app.example/cb\nmyapp://callback\nurn:ietf:wg:oauth:2.0:oob");
    }

    #[test]
    fn relative_redirect_uri_is_refused_naming_the_field() {
        let err = RedirectUris::parse(["/callback"]).unwrap_err();
        assert_eq!(err.code(), "invalid_request");
        assert!(err.description().contains("redirect_uris"), "{err}");
    }

    #[test]
    fn redirect_uri_with_fragment_is_refused() {
        assert!(RedirectUris::parse(["https://app.example/cb#x"]).is_err());
    }

    #[test]
    fn javascript_redirect_uri_is_refused() {
        assert!(RedirectUris::parse(["javascript:alert(1)"]).is_err());
    }

    #[test]
    fn missing_redirect_uris_is_refused() {
        assert!(RedirectUris::parse([""]).is_err());
    }

    #[test]
    fn an_unregistered_redirect_uri_is_refused() {
        let err = uris("https://app.example/cb").resolve(Some("https://evil.example/cb")).unwrap_err();
        assert!(err.description().contains("evil.example"));
    }

    #[test]
    fn the_only_registered_uri_is_used_when_none_is_named() {
        assert_eq!(uris("https://app.example/cb").resolve(None).unwrap(), "https://app.example/cb");
    }

    #[test]
    fn new_app_defaults_to_read_scope() {
        let app = NewApp::validate(Some("Tusky"), ["urn:ietf:wg:oauth:2.0:oob"], None, None).unwrap();
        assert_eq!(app.scopes.to_string(), "read");
    }

    #[test]
    fn new_app_needs_a_name() {
        let err = NewApp::validate(Some("  "), ["urn:ietf:wg:oauth:2.0:oob"], None, None).unwrap_err();
        assert!(err.description().contains("client_name"));
    }

    #[test]
    fn new_app_with_unknown_scope_is_invalid_scope() {
        let err =
            NewApp::validate(Some("x"), ["urn:ietf:wg:oauth:2.0:oob"], Some("read fly"), None).unwrap_err();
        assert_eq!(err.code(), "invalid_scope");
    }

    fn params() -> AuthorizeParams {
        AuthorizeParams {
            response_type: Some("code".into()),
            client_id: Some("id".into()),
            redirect_uri: Some("https://app.example/cb".into()),
            scope: Some("read write:statuses".into()),
            state: Some("xyz".into()),
            ..Default::default()
        }
    }

    #[test]
    fn authorize_request_within_registered_scopes_is_accepted() {
        let req = AuthorizeRequest::validate(
            &params(),
            &uris("https://app.example/cb"),
            &Scopes::parse("read write").unwrap(),
        )
        .unwrap();
        assert_eq!(req.scopes.to_string(), "read write:statuses");
        assert_eq!(req.state.as_deref(), Some("xyz"));
    }

    #[test]
    fn authorize_request_beyond_registered_scopes_is_invalid_scope() {
        let err = AuthorizeRequest::validate(
            &params(),
            &uris("https://app.example/cb"),
            &Scopes::parse("read").unwrap(),
        )
        .unwrap_err();
        assert_eq!(err.code(), "invalid_scope");
    }

    #[test]
    fn authorize_request_with_token_response_type_is_refused() {
        let mut p = params();
        p.response_type = Some("token".into());
        let err = AuthorizeRequest::validate(
            &p,
            &uris("https://app.example/cb"),
            &Scopes::parse("read write").unwrap(),
        )
        .unwrap_err();
        assert_eq!(err.code(), "unsupported_response_type");
    }

    #[test]
    fn authorize_request_with_plain_pkce_is_refused() {
        let mut p = params();
        p.code_challenge = Some("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM".into());
        p.code_challenge_method = Some("plain".into());
        let err = AuthorizeRequest::validate(
            &p,
            &uris("https://app.example/cb"),
            &Scopes::parse("read write").unwrap(),
        )
        .unwrap_err();
        assert_eq!(err.code(), "invalid_request");
    }

    #[test]
    fn redirect_carries_code_and_state_and_keeps_existing_query() {
        let url = redirect_with("https://app.example/cb?x=1", &[("code", "abc"), ("state", "s t")]).unwrap();
        assert_eq!(url, "https://app.example/cb?x=1&code=abc&state=s+t");
    }

    #[test]
    fn oob_has_no_redirect() {
        assert_eq!(redirect_with(OOB_REDIRECT_URI, &[("code", "abc")]), None);
    }
}
