//! Mastodon's JSON shapes, rendered from core's types. Core speaks the domain; these speak Mastodon.

pub mod account;
pub mod application;
pub mod instance;
pub mod media_attachment;
pub mod nodeinfo;
pub mod notification;
pub mod oauth_error;
pub mod relationship;
pub mod status;
pub mod token;
pub mod webfinger;

pub use account::{Account, CredentialAccount};
pub use application::{Application, CredentialApplication};
pub use media_attachment::MediaAttachment;
pub use notification::{Marker, Notification};
pub use oauth_error::OAuthErrorBody;
pub use relationship::Relationship;
pub use status::Status;
pub use token::Token;
