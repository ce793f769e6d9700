//! Registering a local account: the one function `pleroctl user new` and `POST /api/v1/accounts`
//! both call.

use super::email::{self, EmailError};
use super::keys::{self, KeyError};
use super::nickname::{self, NicknameError};
use super::password::{self, PasswordError};
use super::urls::LocalUrls;
use crate::model::{NewLocalAccount, UserAccount};
use crate::store::{Store, StoreError};

/// What a new local account starts with.
#[derive(Debug, Clone, Default)]
pub struct Registration {
    pub nickname: String,
    pub email: String,
    pub password: String,
    pub display_name: String,
    pub note: String,
    pub admin: bool,
    pub moderator: bool,
    /// Whether the email counts as confirmed already (accounts an admin creates do).
    pub confirmed: bool,
    /// False when registrations need a moderator's approval.
    pub approved: bool,
    pub locale: String,
    /// An invite code to use up.
    pub invite_code: Option<String>,
}

/// Why a registration was refused. [`RegistrationError::field`] names the form field at fault.
#[derive(Debug, thiserror::Error)]
pub enum RegistrationError {
    #[error(transparent)]
    Nickname(#[from] NicknameError),
    #[error("nickname `{0}` is already taken")]
    NicknameTaken(String),
    #[error(transparent)]
    Email(#[from] EmailError),
    #[error("email address `{0}` is already in use")]
    EmailTaken(String),
    #[error(transparent)]
    Password(#[from] PasswordError),
    #[error("the invite code is unknown, expired, revoked or used up: ask for a new invite")]
    InviteNotUsable,
    #[error(transparent)]
    Keys(#[from] KeyError),
    #[error(transparent)]
    Store(StoreError),
}

impl RegistrationError {
    /// The registration form field (Mastodon's names) the error is about, if any.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Self::Nickname(_) | Self::NicknameTaken(_) => Some("username"),
            Self::Email(_) | Self::EmailTaken(_) => Some("email"),
            Self::Password(_) => Some("password"),
            Self::InviteNotUsable => Some("invite_code"),
            Self::Keys(_) | Self::Store(_) => None,
        }
    }
}

/// Validates, hashes the password (Argon2id), generates the RSA-2048 key pair, and stores the
/// account and its user in one transaction.
pub async fn register(
    store: &Store,
    urls: &LocalUrls,
    registration: Registration,
) -> Result<UserAccount, RegistrationError> {
    let Registration { nickname, email, password, .. } = &registration;
    let nickname = nickname.trim().to_string();
    let email = email.trim().to_string();
    nickname::validate(&nickname)?;
    email::validate(&email)?;
    password::validate(password)?;

    // Checked before the slow part for a quick answer; the unique indexes decide under races.
    if store.find_account_by_nickname(&nickname, None).await.map_err(RegistrationError::Store)?.is_some() {
        return Err(RegistrationError::NicknameTaken(nickname));
    }
    if store.find_user_by_email(&email).await.map_err(RegistrationError::Store)?.is_some() {
        return Err(RegistrationError::EmailTaken(email));
    }

    let password = password.clone();
    let (password_hash, keys) = tokio::task::spawn_blocking(move || -> Result<_, RegistrationError> {
        Ok((password::hash(&password)?, keys::generate()?))
    })
    .await
    .map_err(|e| RegistrationError::Password(PasswordError::Hashing(e.to_string())))??;

    let actor = urls.actor(&nickname);
    let new = NewLocalAccount {
        email: email.clone(),
        password_hash,
        display_name: registration.display_name.trim().to_string(),
        note: registration.note.clone(),
        admin: registration.admin,
        moderator: registration.moderator,
        confirmed: registration.confirmed,
        approved: registration.approved,
        locale: if registration.locale.is_empty() { "en".into() } else { registration.locale.clone() },
        url: urls.profile(&nickname),
        inbox_url: format!("{actor}/inbox"),
        outbox_url: format!("{actor}/outbox"),
        shared_inbox_url: urls.shared_inbox(),
        followers_url: format!("{actor}/followers"),
        following_url: format!("{actor}/following"),
        featured_url: format!("{actor}/collections/featured"),
        public_key_id: format!("{actor}#main-key"),
        public_key_pem: keys.public_pem,
        private_key_pem: keys.private_pem,
        actor_url: actor,
        invite_code: registration.invite_code.clone(),
        nickname: nickname.clone(),
    };
    store.create_local_user(&new).await.map_err(|err| match err {
        StoreError::Conflict { what } if what.contains("nickname") => {
            RegistrationError::NicknameTaken(nickname)
        }
        StoreError::Conflict { what } if what.contains("email") => RegistrationError::EmailTaken(email),
        StoreError::InviteNotUsable => RegistrationError::InviteNotUsable,
        other => RegistrationError::Store(other),
    })
}
