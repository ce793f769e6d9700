//! Authentication and authorization: OAuth scopes, PKCE, bearer secrets, signed forms, and the OAuth
//! service the HTTP API calls.

pub mod csrf;
pub mod pkce;
pub mod request;
pub mod scope;
pub mod service;
pub mod throttle;
pub mod token;
pub mod token_use;

pub use csrf::{CsrfError, FormSigner};
pub use pkce::{CodeChallenge, PkceError};
pub use request::{AuthorizeParams, AuthorizeRequest, NewApp, OAuthError, OOB_REDIRECT_URI, RedirectUris};
pub use scope::{Scope, ScopeError, Scopes};
pub use token::{BearerSecret, SecretHash};
