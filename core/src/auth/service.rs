//! The OAuth service: one function per use case, called by the HTTP API (and by the CLI where it
//! has a use for it). It validates, stores through [`Store`], and never caches: a revoked token or a
//! deactivated user is refused on the very next request.

use std::time::Instant;

use chrono::{Duration, Utc};

use super::pkce::CodeChallenge;
use super::request::{AUTHORIZATION_CODE_TTL_SECS, AuthorizeRequest, NewApp, OAuthError, requested_scopes};
use super::scope::{Scope, Scopes};
use super::throttle::{LoginThrottle, Subject};
use super::token::{BearerSecret, SecretHash};
use crate::crypto::PoolError;
use crate::limits::ClientNet;
use crate::model::{AccountId, AppId, LoginRefusal, Timestamp, TokenId, UserAccount};
use crate::store::oauth::{NewAuthorization, NewOAuthApp, NewToken, OAuthApp, Token};
use crate::store::{Store, StoreError};

/// What can go wrong in the OAuth service: the client's fault (an [`OAuthError`]) or the store's.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// The request was refused; the message can go to the client.
    #[error(transparent)]
    OAuth(#[from] OAuthError),
    /// Too many failed sign-ins: this address is locked out of the account (or the account
    /// locked) for `retry_after`.
    #[error("too many failed sign-ins for this account: try again in {} minute(s)", .retry_after.as_secs().div_ceil(60).max(1))]
    LockedOut {
        /// How long the lockout lasts.
        retry_after: std::time::Duration,
    },
    /// The credentials or token are good, but the login may not be used now (unconfirmed,
    /// pending approval, disabled).
    #[error(transparent)]
    Refused(#[from] LoginRefusal),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The crypto pool is full ([`PoolError::Busy`]: try again shortly) or its job failed.
    #[error(transparent)]
    Pool(#[from] PoolError),
}

impl From<super::scope::ScopeError> for AuthError {
    fn from(err: super::scope::ScopeError) -> Self {
        AuthError::OAuth(err.into())
    }
}

impl From<super::pkce::PkceError> for AuthError {
    fn from(err: super::pkce::PkceError) -> Self {
        AuthError::OAuth(err.into())
    }
}

/// The result of the OAuth service's functions.
pub type AuthResult<T> = Result<T, AuthError>;

/// A registered application and its client secret, which is shown this once.
#[derive(Debug)]
pub struct RegisteredApp {
    /// The stored application.
    pub app: OAuthApp,
    /// The client secret in clear; only its hash is stored.
    pub client_secret: BearerSecret,
}

/// A freshly issued access token (and refresh token), to show the client once.
#[derive(Debug)]
pub struct IssuedToken {
    /// The stored token row.
    pub token: Token,
    /// The access token in clear; only its hash is stored.
    pub access_token: BearerSecret,
    /// The refresh token in clear; `None` for client_credentials tokens.
    pub refresh_token: Option<BearerSecret>,
    /// The granted scopes.
    pub scopes: Scopes,
}

/// Who a bearer token speaks for and what it may do: what every API request is checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authenticated {
    /// The token used.
    pub token_id: TokenId,
    /// The application the token was issued to.
    pub app_id: Option<AppId>,
    /// `None` for a client_credentials token (the application acting for itself).
    pub account_id: Option<AccountId>,
    /// What the token may do.
    pub scopes: Scopes,
    /// When a use of the token was last recorded (see [`super::token_use`]).
    pub last_used_at: Option<Timestamp>,
}

const INVALID_LOGIN: &str = "invalid username or password";

/// `POST /api/v1/apps`: stores the application with a random client id and a hashed client secret.
pub async fn register_app(store: &Store, new: NewApp) -> AuthResult<RegisteredApp> {
    let client_secret = BearerSecret::generate();
    let app = store
        .create_app(&NewOAuthApp {
            name: new.name,
            website: new.website,
            redirect_uris: new.redirect_uris.joined(),
            scopes: new.scopes,
            // Client ids are not secret (they appear in authorize URLs), only unguessable.
            client_id: BearerSecret::generate().expose().to_string(),
            client_secret_hash: client_secret.hash(),
            owner_account_id: None,
        })
        .await?;
    Ok(RegisteredApp { app, client_secret })
}

/// The application a `client_id` names, for the authorize page (no secret there).
pub async fn find_client(store: &Store, client_id: Option<&str>) -> AuthResult<OAuthApp> {
    let client_id = client_id.filter(|c| !c.is_empty()).ok_or(OAuthError::InvalidClient)?;
    store.find_app_by_client_id(client_id).await?.ok_or_else(|| OAuthError::InvalidClient.into())
}

/// Client authentication of the token and revoke endpoints: the client id and its secret.
pub async fn authenticate_client(
    store: &Store,
    client_id: Option<&str>,
    client_secret: Option<&str>,
) -> AuthResult<OAuthApp> {
    let app = find_client(store, client_id).await?;
    match client_secret {
        Some(secret) if app.secret_matches(secret) => Ok(app),
        _ => Err(OAuthError::InvalidClient.into()),
    }
}

/// Checks a user's credentials: `login` is the email address (as Mastodon expects) or the
/// nickname, tried from `client`. Refuses a login `throttle` has locked for `client` after
/// repeated failures ([`AuthError::LockedOut`]), and, once the password is right, a user who may
/// not sign in ([`AuthError::Refused`]).
pub async fn sign_in(
    store: &Store,
    throttle: &LoginThrottle,
    client: ClientNet,
    login: &str,
    password: &str,
) -> AuthResult<UserAccount> {
    let login = login.trim();
    let found = if login.contains('@') {
        store.find_user_by_email(login).await?
    } else {
        store.find_user_by_nickname(login).await?
    };
    // Failures count against the account whichever login named it (nickname, email, any case),
    // so each spelling does not get an allowance of its own.
    let subject = match &found {
        Some(user) => Subject::Account(user.account.id),
        None => Subject::Login(login),
    };
    if let Err(retry_after) = throttle.check(subject, client, Instant::now()) {
        return Err(AuthError::LockedOut { retry_after });
    }
    let hash = match &found {
        Some(user) => store.password_hash(user.account.id).await?,
        None => None,
    };
    // Without a user, verify against a fixed hash anyway, so timing does not tell which logins exist.
    let password = crate::config::Secret::new(password);
    let matches = crate::crypto::pool()
        .run(move |workspace| {
            let phc = hash.unwrap_or_else(|| dummy_hash(workspace));
            crate::accounts::password::verify(workspace, password.expose(), &phc)
        })
        .await?;
    let user = match found {
        Some(user) if matches => user,
        _ => {
            throttle.record_failure(subject, client, Instant::now());
            return Err(OAuthError::InvalidGrant(INVALID_LOGIN.into()).into());
        }
    };
    throttle.record_success(subject, client);
    user.may_sign_in()?;
    store.record_sign_in(user.account.id).await?;
    Ok(user)
}

/// An Argon2id hash of a random password nobody knows, for [`sign_in`] of unknown logins; made
/// once, with the same parameters as real hashes so it costs the same to verify.
fn dummy_hash(workspace: &mut crate::crypto::Workspace) -> String {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY
        .get_or_init(|| {
            let password = crate::accounts::password::generate();
            // An empty hash would fail verification instantly and tell unknown logins apart.
            crate::accounts::password::hash(workspace, &password)
                .expect("Argon2id hashes a generated password")
        })
        .clone()
}

/// The consent page's approval: an authorization code for `account`, valid for ten minutes.
pub async fn grant_code(
    store: &Store,
    app: &OAuthApp,
    account_id: AccountId,
    request: &AuthorizeRequest,
) -> AuthResult<BearerSecret> {
    let code = BearerSecret::generate();
    store
        .create_authorization(&NewAuthorization {
            app_id: app.id,
            account_id,
            code_hash: code.hash(),
            redirect_uri: request.redirect_uri.clone(),
            redirect_uri_named: request.redirect_uri_named,
            scopes: request.scopes,
            code_challenge: request.code_challenge.as_ref().map(|c| c.as_str().to_string()),
            expires_at: Utc::now() + Duration::seconds(AUTHORIZATION_CODE_TTL_SECS),
        })
        .await?;
    Ok(code)
}

/// Issues an access token (with a refresh token for user tokens).
pub async fn issue_token(
    store: &Store,
    app_id: AppId,
    account_id: Option<AccountId>,
    scopes: Scopes,
) -> AuthResult<IssuedToken> {
    let (new, access_token, refresh_token) = new_token(app_id, account_id, scopes);
    let token = store.create_token(&new).await?;
    Ok(IssuedToken { token, access_token, refresh_token, scopes })
}

/// Fresh secrets for a token (a refresh token too when it is a user's), and the row storing their
/// hashes.
fn new_token(
    app_id: AppId,
    account_id: Option<AccountId>,
    scopes: Scopes,
) -> (NewToken, BearerSecret, Option<BearerSecret>) {
    let access_token = BearerSecret::generate();
    let refresh_token = account_id.map(|_| BearerSecret::generate());
    let new = NewToken {
        app_id: Some(app_id),
        account_id,
        token_hash: access_token.hash(),
        refresh_token_hash: refresh_token.as_ref().map(BearerSecret::hash),
        scopes,
        expires_at: None,
    };
    (new, access_token, refresh_token)
}

/// grant_type=authorization_code: exchanges a code (once) for a token, checking the redirect URI
/// and the PKCE verifier.
pub async fn exchange_code(
    store: &Store,
    app: &OAuthApp,
    code: Option<&str>,
    redirect_uri: Option<&str>,
    code_verifier: Option<&str>,
) -> AuthResult<IssuedToken> {
    let code = code
        .filter(|c| !c.is_empty())
        .ok_or_else(|| OAuthError::InvalidRequest("code is required".into()))?;
    let invalid =
        || OAuthError::InvalidGrant("the authorization code is invalid, expired or already used".into());
    let authorization = store.consume_authorization(&SecretHash::of(code)).await?.ok_or_else(invalid)?;
    if authorization.app_id != app.id {
        return Err(invalid().into());
    }
    // RFC 6749 §4.1.3: required when the authorization request named one, and then the same.
    match redirect_uri.filter(|u| !u.is_empty()) {
        None if authorization.redirect_uri_named => {
            return Err(OAuthError::InvalidGrant(
                "redirect_uri is required: give the one of the authorization request".into(),
            )
            .into());
        }
        Some(uri) if uri != authorization.redirect_uri => {
            return Err(OAuthError::InvalidGrant(
                "redirect_uri differs from the one of the authorization request".into(),
            )
            .into());
        }
        _ => {}
    }
    if let Some(challenge) = &authorization.code_challenge {
        CodeChallenge::from_stored(challenge.clone()).verify(code_verifier.filter(|v| !v.is_empty()))?;
    }
    let user = store.find_user_by_account(authorization.account_id).await?.ok_or_else(invalid)?;
    user.may_sign_in()?;
    issue_token(store, app.id, Some(authorization.account_id), authorization.scopes()?).await
}

/// grant_type=password: the user's credentials, given to a trusted client.
pub async fn password_grant(
    store: &Store,
    throttle: &LoginThrottle,
    client: ClientNet,
    app: &OAuthApp,
    username: Option<&str>,
    password: Option<&str>,
    scope: Option<&str>,
) -> AuthResult<IssuedToken> {
    let (Some(username), Some(password)) = (username, password) else {
        return Err(OAuthError::InvalidRequest("username and password are required".into()).into());
    };
    let scopes = requested_scopes(scope, &app.scopes()?)?;
    let user = sign_in(store, throttle, client, username, password).await?;
    issue_token(store, app.id, Some(user.account.id), scopes).await
}

/// grant_type=client_credentials: a token for the application itself (no user).
pub async fn client_credentials(
    store: &Store,
    app: &OAuthApp,
    scope: Option<&str>,
) -> AuthResult<IssuedToken> {
    let scopes = requested_scopes(scope, &app.scopes()?)?;
    issue_token(store, app.id, None, scopes).await
}

/// grant_type=refresh_token: a new token for the same user, the old pair revoked (each refresh
/// token works once). The scopes may narrow, never widen.
pub async fn refresh(
    store: &Store,
    app: &OAuthApp,
    refresh_token: Option<&str>,
    scope: Option<&str>,
) -> AuthResult<IssuedToken> {
    let presented = refresh_token
        .filter(|t| !t.is_empty())
        .ok_or_else(|| OAuthError::InvalidRequest("refresh_token is required".into()))?;
    let invalid = || OAuthError::InvalidGrant("the refresh token is invalid, revoked or already used".into());
    let live = store.find_token_by_refresh_hash(&SecretHash::of(presented)).await?.ok_or_else(invalid)?;
    if live.token.app_id != Some(app.id) {
        return Err(invalid().into());
    }
    if let Some(state) = live.login_state() {
        state.check()?;
    }
    let old = live.token;
    let scopes = requested_scopes(scope, &old.scopes()?)?;
    let (new, access_token, refresh_token) = new_token(app.id, old.account_id, scopes);
    let token = store.replace_token(old.id, &new).await?.ok_or_else(invalid)?;
    Ok(IssuedToken { token, access_token, refresh_token, scopes })
}

/// `POST /oauth/revoke` (RFC 7009): revokes an access or refresh token of this client. An unknown
/// token is not an error (the client's goal, an unusable token, is met).
pub async fn revoke(store: &Store, app: &OAuthApp, presented: Option<&str>) -> AuthResult<()> {
    let presented = presented
        .filter(|t| !t.is_empty())
        .ok_or_else(|| OAuthError::InvalidRequest("token is required".into()))?;
    let hash = SecretHash::of(presented);
    let token = match store.find_token_by_hash(&hash).await? {
        Some(token) => Some(token),
        None => store.find_token_by_refresh_hash(&hash).await?.map(|live| live.token),
    };
    if let Some(token) = token {
        if token.app_id != Some(app.id) {
            return Err(OAuthError::UnauthorizedClient(
                "this token was issued to another application".into(),
            )
            .into());
        }
        store.revoke_token(token.id).await?;
    }
    Ok(())
}

/// The bearer check of every API request: `Ok(None)` for an unknown, revoked or expired token,
/// [`AuthError::Refused`] when its user may not use it right now. No cache, so a revocation, a
/// deactivation or `user set --no-confirmed` takes effect on the next request.
pub async fn authenticate_bearer(store: &Store, presented: &str) -> AuthResult<Option<Authenticated>> {
    let Some(live) = store.find_live_token(&SecretHash::of(presented)).await? else {
        return Ok(None);
    };
    if let Some(state) = live.login_state() {
        state.check()?;
    }
    let token = live.token;
    Ok(Some(Authenticated {
        token_id: token.id,
        app_id: token.app_id,
        account_id: token.account_id,
        scopes: token.scopes()?,
        last_used_at: token.last_used_at,
    }))
}

/// Whether `scopes` allow any of `required` (an endpoint may accept several, e.g. verify_credentials
/// takes `read:accounts` or `profile`).
pub fn allows_any(scopes: &Scopes, required: &[Scope]) -> bool {
    required.iter().any(|s| scopes.allows(*s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::throttle::LockoutLimits;
    use crate::auth::{AuthorizeParams, RedirectUris};
    use crate::store::testing::store_tests;
    use crate::store::testing::{PASSWORD, user};

    const HOME: ClientNet = ClientNet::V4(0x0a00_0001);
    const ELSEWHERE: ClientNet = ClientNet::V4(0xc633_6407);

    fn throttle() -> LoginThrottle {
        LoginThrottle::new(LockoutLimits::default())
    }

    async fn app(store: &Store, scopes: &str) -> RegisteredApp {
        let new = NewApp::validate(Some("test"), ["https://app.example/cb"], Some(scopes), None).unwrap();
        register_app(store, new).await.unwrap()
    }

    fn request(app: &OAuthApp, scope: &str) -> AuthorizeRequest {
        validated(app, AuthorizeParams { scope: Some(scope.into()), ..Default::default() })
    }

    /// `params` as the app's authorization request, validated against what the app registered.
    fn validated(app: &OAuthApp, params: AuthorizeParams) -> AuthorizeRequest {
        let params = AuthorizeParams {
            response_type: Some("code".into()),
            client_id: Some(app.client_id.clone()),
            ..params
        };
        AuthorizeRequest::validate(
            &params,
            &RedirectUris::from_stored(&app.redirect_uris),
            &app.scopes().unwrap(),
        )
        .unwrap()
    }

    fn unconfirmed<T>(result: &AuthResult<T>) -> bool {
        matches!(result, Err(AuthError::Refused(LoginRefusal::Unconfirmed)))
    }

    /// An authorization request that names the app's redirect URI.
    fn request_naming_its_redirect_uri(app: &OAuthApp) -> AuthorizeRequest {
        validated(
            app,
            AuthorizeParams { redirect_uri: Some("https://app.example/cb".into()), ..Default::default() },
        )
    }

    fn is_invalid_grant<T: std::fmt::Debug>(result: AuthResult<T>) -> bool {
        matches!(result, Err(AuthError::OAuth(OAuthError::InvalidGrant(_))))
    }

    store_tests! {
        async fn failed_sign_ins_count_against_the_account_whatever_login_named_it(store: &Store) {
            let alice = user(store, "alice").await;
            let throttle = throttle();
            let logins = ["alice", "ALICE", &alice.user.email, "Alice"];
            for login in logins.iter().cycle().take(throttle.limits().per_ip as usize) {
                assert!(is_invalid_grant(sign_in(store, &throttle, HOME, login, "wrong password").await));
            }
            let locked = sign_in(store, &throttle, HOME, &alice.user.email, PASSWORD).await.unwrap_err();
            assert!(matches!(locked, AuthError::LockedOut { .. }), "{locked}");
            assert!(locked.to_string().contains("too many failed sign-ins"), "{locked}");
        }

        async fn a_code_is_exchanged_once_and_only_by_its_app(store: &Store) {
            let alice = user(store, "alice").await;
            let first = app(store, "read write").await;
            let other = app(store, "read").await;
            let code = grant_code(store, &first.app, alice.account.id, &request(&first.app, "read")).await.unwrap();
            assert!(is_invalid_grant(exchange_code(store, &other.app, Some(code.expose()), None, None).await));

            let code = grant_code(store, &first.app, alice.account.id, &request(&first.app, "read")).await.unwrap();
            let issued = exchange_code(store, &first.app, Some(code.expose()), None, None).await.unwrap();
            assert_eq!(issued.scopes.to_string(), "read");
            let auth = authenticate_bearer(store, issued.access_token.expose()).await.unwrap().unwrap();
            assert_eq!(auth.account_id, Some(alice.account.id));
            assert!(is_invalid_grant(exchange_code(store, &first.app, Some(code.expose()), None, None).await));
        }

        async fn a_code_whose_request_named_a_redirect_uri_is_exchanged_only_with_that_same_uri(store: &Store) {
            let alice = user(store, "alice").await;
            let client = app(store, "read").await;
            let named = request_naming_its_redirect_uri(&client.app);
            for wrong in [None, Some(""), Some("https://app.example/cb/"), Some("https://other.example/cb")] {
                let code = grant_code(store, &client.app, alice.account.id, &named).await.unwrap();
                let refused = exchange_code(store, &client.app, Some(code.expose()), wrong, None).await;
                assert!(is_invalid_grant(refused), "redirect_uri {wrong:?} must be refused");
            }
            let code = grant_code(store, &client.app, alice.account.id, &named).await.unwrap();
            let same = exchange_code(store, &client.app, Some(code.expose()), Some("https://app.example/cb"), None);
            assert_eq!(same.await.unwrap().token.account_id, Some(alice.account.id));
        }

        async fn a_code_whose_request_named_no_redirect_uri_may_be_exchanged_without_one(store: &Store) {
            let alice = user(store, "alice").await;
            let client = app(store, "read").await;
            let unnamed = request(&client.app, "read");
            let code = grant_code(store, &client.app, alice.account.id, &unnamed).await.unwrap();
            exchange_code(store, &client.app, Some(code.expose()), None, None).await.expect("RFC 6749 §4.1.3: not required");
            let code = grant_code(store, &client.app, alice.account.id, &unnamed).await.unwrap();
            let other = exchange_code(store, &client.app, Some(code.expose()), Some("https://other.example/cb"), None);
            assert!(is_invalid_grant(other.await), "one given must still be the one used");
        }

        async fn a_refresh_token_works_once_and_retires_the_old_token(store: &Store) {
            let alice = user(store, "alice").await;
            let client = app(store, "read").await;
            let first = password_grant(store, &throttle(), HOME, &client.app, Some("alice"), Some(PASSWORD), None).await.unwrap();
            let refresh_token = first.refresh_token.as_ref().unwrap().expose().to_string();
            let second = refresh(store, &client.app, Some(&refresh_token), None).await.unwrap();
            assert_eq!(second.token.account_id, Some(alice.account.id));
            assert!(authenticate_bearer(store, first.access_token.expose()).await.unwrap().is_none());
            assert!(authenticate_bearer(store, second.access_token.expose()).await.unwrap().is_some());
            assert!(is_invalid_grant(refresh(store, &client.app, Some(&refresh_token), None).await));
        }

        async fn another_apps_token_cannot_be_revoked(store: &Store) {
            user(store, "alice").await;
            let mine = app(store, "read").await;
            let theirs = app(store, "read").await;
            let issued = password_grant(store, &throttle(), HOME, &theirs.app, Some("alice"), Some(PASSWORD), None).await.unwrap();
            let refused = revoke(store, &mine.app, Some(issued.access_token.expose())).await;
            assert!(matches!(refused, Err(AuthError::OAuth(OAuthError::UnauthorizedClient(_)))));
            assert!(authenticate_bearer(store, issued.access_token.expose()).await.unwrap().is_some());
            revoke(store, &theirs.app, Some(issued.access_token.expose())).await.unwrap();
            assert!(authenticate_bearer(store, issued.access_token.expose()).await.unwrap().is_none());
            revoke(store, &theirs.app, Some("never issued")).await.expect("an unknown token is not an error");
        }

        async fn a_deactivated_user_neither_authenticates_nor_signs_in(store: &Store) {
            let alice = user(store, "alice").await;
            let client = app(store, "read").await;
            let issued = password_grant(store, &throttle(), HOME, &client.app, Some("alice@mail.example"), Some(PASSWORD), None).await.unwrap();
            store.set_deactivated(alice.account.id, true).await.unwrap();
            let refused = authenticate_bearer(store, issued.access_token.expose()).await;
            assert!(matches!(refused, Err(AuthError::Refused(LoginRefusal::Disabled))), "{refused:?}");
            let refused = sign_in(store, &throttle(), HOME, "alice", PASSWORD).await;
            assert!(matches!(refused, Err(AuthError::Refused(LoginRefusal::Disabled))), "{refused:?}");
            store.set_deactivated(alice.account.id, false).await.unwrap();
            assert!(authenticate_bearer(store, issued.access_token.expose()).await.unwrap().is_some());
        }

        async fn repeated_failures_lock_that_address_out_even_for_the_right_password(store: &Store) {
            user(store, "alice").await;
            let throttle = throttle();
            for _ in 0..throttle.limits().per_ip {
                assert!(is_invalid_grant(sign_in(store, &throttle, ELSEWHERE, "alice", "guess").await));
            }
            match sign_in(store, &throttle, ELSEWHERE, "alice", PASSWORD).await {
                Err(AuthError::LockedOut { retry_after }) => assert!(retry_after <= throttle.limits().window),
                other => panic!("expected a lockout, got {other:?}"),
            }
            sign_in(store, &throttle, HOME, "alice", PASSWORD).await.expect("the owner's address is not locked out");
            let another_process = LoginThrottle::new(LockoutLimits::default());
            sign_in(store, &another_process, ELSEWHERE, "alice", PASSWORD).await.expect("another process's count is its own");
        }

        async fn a_user_who_may_not_sign_in_is_refused_with_the_reason_and_their_refresh_too(store: &Store) {
            use crate::model::UserFlags;
            let alice = user(store, "alice").await;
            let client = app(store, "read").await;
            let issued = password_grant(store, &throttle(), HOME, &client.app, Some("alice"), Some(PASSWORD), None).await.unwrap();
            let refresh_token = issued.refresh_token.as_ref().unwrap().expose().to_string();
            store.update_user(alice.account.id, &UserFlags { confirmed: Some(false), ..Default::default() }).await.unwrap();
            let bearer = authenticate_bearer(store, issued.access_token.expose()).await;
            assert!(unconfirmed(&bearer), "{bearer:?}");
            let refreshed = refresh(store, &client.app, Some(&refresh_token), None).await;
            assert!(unconfirmed(&refreshed), "{refreshed:?}");
            let signed_in = sign_in(store, &throttle(), HOME, "alice", PASSWORD).await;
            assert!(unconfirmed(&signed_in), "{signed_in:?}");
            let wrong = sign_in(store, &throttle(), HOME, "alice", "not it").await;
            assert!(is_invalid_grant(wrong), "the reason is told only to who knows the password");
            store.update_user(alice.account.id, &UserFlags { confirmed: Some(true), ..Default::default() }).await.unwrap();
            refresh(store, &client.app, Some(&refresh_token), None).await.expect("the refresh token still works once confirmed");
        }

        async fn a_wrong_password_and_an_unknown_login_fail_alike(store: &Store) {
            user(store, "alice").await;
            let throttle = throttle();
            let wrong = sign_in(store, &throttle, HOME, "alice", "not the password").await;
            let unknown = sign_in(store, &throttle, HOME, "nobody", PASSWORD).await;
            for result in [wrong, unknown] {
                match result {
                    Err(AuthError::OAuth(e)) => assert_eq!(e.description(), INVALID_LOGIN),
                    other => panic!("expected invalid_grant, got {other:?}"),
                }
            }
        }
    }
}
