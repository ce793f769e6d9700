//! Self-service sign-up (`POST /api/v1/accounts`): the instance's registration policy, then the
//! same registration service `pleroctl user new` uses.

use super::{LocalUrls, Registration, RegistrationError, register};
use crate::config::{Config, Registrations, Secret};
use crate::model::{Invite, UserAccount};
use crate::store::Store;

/// What a person signing up from an app sends.
#[derive(Debug, Clone, Default)]
pub struct SignUp {
    /// The wanted nickname.
    pub username: String,
    /// The email address.
    pub email: String,
    /// The password in clear (`Debug` shows it redacted).
    pub password: Secret,
    /// Whether they accepted the server's rules.
    pub agreement: bool,
    /// The user's language; `None` means `en`.
    pub locale: Option<String>,
    /// An invite code; with one, the sign-up is let in whatever `instance.registrations` says
    /// (if the code is usable).
    pub invite_code: Option<String>,
}

/// Why a sign-up was refused.
#[derive(Debug, thiserror::Error)]
pub enum SignUpError {
    /// `instance.registrations` is `closed` and no invite code was sent.
    #[error("registrations are closed on this server")]
    Closed,
    /// `instance.registrations` is `invite` and no invite code was sent.
    #[error("registrations on this server need an invite: send invite_code")]
    InviteRequired,
    /// The person did not accept the server's rules.
    #[error("you must accept the server rules (agreement=true)")]
    AgreementRequired,
    /// The registration itself was refused.
    #[error(transparent)]
    Registration(#[from] RegistrationError),
}

/// Whether the instance's policy lets this sign-up in, and whether it starts approved: with an
/// invite always (an invite is an admin's say-so), otherwise per `instance.registrations`.
pub fn admission(policy: Registrations, has_invite: bool) -> Result<bool, SignUpError> {
    match (policy, has_invite) {
        (_, true) | (Registrations::Open, false) => Ok(true),
        (Registrations::Approval, false) => Ok(false),
        (Registrations::Invite, false) => Err(SignUpError::InviteRequired),
        (Registrations::Closed, false) => Err(SignUpError::Closed),
    }
}

/// The invite behind an invite link, while it can still be used (not revoked, expired or used up).
pub async fn usable_invite(store: &Store, code: &str) -> Result<Invite, SignUpError> {
    Ok(super::registration::usable_invite(store, code).await?)
}

/// Registers a local user from a sign-up. The email counts as confirmed: plero sends no mail yet,
/// so there is no confirmation step to wait for.
pub async fn sign_up(store: &Store, config: &Config, signup: SignUp) -> Result<UserAccount, SignUpError> {
    let approved = admission(config.instance.registrations, signup.invite_code.is_some())?;
    if !signup.agreement {
        return Err(SignUpError::AgreementRequired);
    }
    let registration = Registration {
        nickname: signup.username,
        email: signup.email,
        password: signup.password,
        confirmed: true,
        approved,
        locale: signup.locale.unwrap_or_else(|| "en".into()),
        invite_code: signup.invite_code,
        ..Default::default()
    };
    Ok(register(store, &LocalUrls::from_config(config), registration).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invite_admits_whatever_the_policy() {
        for policy in
            [Registrations::Open, Registrations::Approval, Registrations::Invite, Registrations::Closed]
        {
            assert!(admission(policy, true).unwrap(), "{policy:?}");
        }
    }

    #[test]
    fn without_an_invite_the_policy_decides() {
        assert!(admission(Registrations::Open, false).unwrap());
        assert!(!admission(Registrations::Approval, false).unwrap(), "waits for approval");
        assert!(matches!(admission(Registrations::Invite, false), Err(SignUpError::InviteRequired)));
        assert!(matches!(admission(Registrations::Closed, false), Err(SignUpError::Closed)));
    }

    #[test]
    fn a_sign_up_never_prints_its_password() {
        let signup =
            SignUp { username: "alice".into(), password: "hunter2hunter2".into(), ..Default::default() };
        let shown = format!("{signup:?}");
        assert!(shown.contains("alice") && !shown.contains("hunter2"), "{shown}");
    }
}
