//! Registering a local account: the one function `pleroctl user new` and `POST /api/v1/accounts`
//! both call.

use super::keys::{self, KeyError};
use super::nickname::{self, NicknameError};
use super::password::{self, PasswordError};
use super::urls::LocalUrls;
use crate::config::Secret;
use crate::crypto::{self, PoolError};
use crate::model::email::{self, EmailError};
use crate::model::{Invite, NewLocalAccount, UserAccount};
use crate::store::{Conflict, Store, StoreError};

/// What a new local account starts with.
#[derive(Debug, Clone, Default)]
pub struct Registration {
    /// The wanted nickname; trimmed, then checked (see [`super::nickname::validate`]) and for
    /// being free.
    pub nickname: String,
    /// The email address; trimmed, then checked for form and for being free.
    pub email: String,
    /// The password in clear; checked for length and hashed, never stored as is (nor printed:
    /// `Debug` shows it redacted).
    pub password: Secret,
    /// The name shown instead of the nickname; may be empty.
    pub display_name: String,
    /// The profile bio; may be empty.
    pub note: String,
    /// Whether the user may administer the instance.
    pub admin: bool,
    /// Whether the user may moderate accounts and content.
    pub moderator: bool,
    /// Whether the email counts as confirmed already (accounts an admin creates do).
    pub confirmed: bool,
    /// False when registrations need a moderator's approval.
    pub approved: bool,
    /// The user's language, e.g. `en`; empty means `en`.
    pub locale: String,
    /// An invite code to use up.
    pub invite_code: Option<String>,
}

/// Why a registration was refused. [`RegistrationError::field`] names the form field at fault.
#[derive(Debug, thiserror::Error)]
pub enum RegistrationError {
    /// The nickname is not acceptable.
    #[error(transparent)]
    Nickname(#[from] NicknameError),
    /// Another local account has this nickname (ignoring case); holds the nickname.
    #[error("nickname `{0}` is already taken")]
    NicknameTaken(String),
    /// The email address is not acceptable.
    #[error(transparent)]
    Email(#[from] EmailError),
    /// Another user has this email address (ignoring case); holds the address.
    #[error("email address `{0}` is already in use")]
    EmailTaken(String),
    /// The password is not acceptable, or hashing it failed.
    #[error(transparent)]
    Password(#[from] PasswordError),
    /// The invite code is unknown, expired, revoked or used up.
    #[error("the invite code is unknown, expired, revoked or used up: ask for a new invite")]
    InviteNotUsable,
    /// The display name or bio is not acceptable.
    #[error(transparent)]
    Profile(#[from] super::profile::ProfileError),
    /// The account's key pair could not be generated.
    #[error(transparent)]
    Keys(#[from] KeyError),
    /// The crypto pool is full ([`PoolError::Busy`]: try again shortly) or its job failed.
    #[error(transparent)]
    Pool(#[from] PoolError),
    /// The store failed.
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
            Self::Profile(err) => err.field(),
            Self::Keys(_) | Self::Pool(_) | Self::Store(_) => None,
        }
    }
}

/// Validates (an invite code too), hashes the password (Argon2id) and generates the RSA-2048 key
/// pair in one job of the crypto pool, and stores the account and its user in one transaction.
/// Everything that can refuse the registration is checked before the pool is asked, so refused
/// attempts cost no hashing.
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
    password::validate(password.expose())?;
    let display_name = super::profile::display_name(&registration.display_name)?;
    let note = super::profile::note(&registration.note)?;

    // Checked before the slow part for a quick answer; the unique indexes decide under races.
    if store.find_account_by_nickname(&nickname, None).await.map_err(RegistrationError::Store)?.is_some() {
        return Err(RegistrationError::NicknameTaken(nickname));
    }
    if store.find_user_by_email(&email).await.map_err(RegistrationError::Store)?.is_some() {
        return Err(RegistrationError::EmailTaken(email));
    }

    if let Some(code) = &registration.invite_code {
        usable_invite(store, code).await?;
    }

    let password = password.clone();
    let (password_hash, keys) = crypto::pool()
        .run(move |workspace| -> Result<_, RegistrationError> {
            Ok((password::hash(workspace, password.expose())?, keys::generate()?))
        })
        .await??;

    let new = NewLocalAccount {
        email: email.clone(),
        password_hash: password_hash.into(),
        display_name,
        note,
        admin: registration.admin,
        moderator: registration.moderator,
        confirmed: registration.confirmed,
        approved: registration.approved,
        locale: if registration.locale.is_empty() { "en".into() } else { registration.locale.clone() },
        endpoints: urls.endpoints(&nickname, keys.public_pem),
        private_key_pem: keys.private_pem.into(),
        invite_code: registration.invite_code.clone(),
        nickname: nickname.clone(),
    };
    store.create_local_user(&new).await.map_err(|err| match err {
        StoreError::Conflict(Conflict::NicknameTaken) => RegistrationError::NicknameTaken(nickname),
        StoreError::Conflict(Conflict::EmailTaken) => RegistrationError::EmailTaken(email),
        StoreError::InviteNotUsable => RegistrationError::InviteNotUsable,
        other => RegistrationError::Store(other),
    })
}

/// The invite a code names, while it can still be used (not revoked, expired or used up). The
/// store checks again when it uses the invite up, so two registrations racing for its last use
/// cannot both get it.
pub async fn usable_invite(store: &Store, code: &str) -> Result<Invite, RegistrationError> {
    match store.find_invite(code).await.map_err(RegistrationError::Store)? {
        Some(invite) if invite.is_valid(crate::model::time::now()) => Ok(invite),
        _ => Err(RegistrationError::InviteNotUsable),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_registration_never_prints_its_password() {
        let registration = Registration {
            nickname: "alice".into(),
            password: "hunter2hunter2".into(),
            ..Default::default()
        };
        let shown = format!("{registration:?}");
        assert!(shown.contains("alice") && !shown.contains("hunter2"), "{shown}");
    }

    #[test]
    fn a_new_account_never_prints_its_private_key_or_password_hash() {
        let new =
            crate::store::testing::new_local_account("alice", "PUBLIC", "-----BEGIN PRIVATE KEY-----secret");
        let new = NewLocalAccount { password_hash: "$argon2id$v=19$secret-hash".into(), ..new };
        let shown = format!("{new:?}");
        assert!(shown.contains("PUBLIC"), "{shown}");
        assert!(!shown.contains("secret"), "{shown}");
    }
}
