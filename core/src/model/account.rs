//! Accounts (local and remote actors) and users (the logins of local accounts).

use serde::{Deserialize, Serialize};

use super::{AccountId, InviteId, Timestamp, UserId};

/// A profile field: `name: value`, shown on the profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    pub name: String,
    pub value: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_at: Option<Timestamp>,
}

/// The profile fields of an account, stored as a JSON array.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Fields(pub Vec<Field>);

impl TryFrom<String> for Fields {
    type Error = serde_json::Error;
    fn try_from(json: String) -> Result<Self, Self::Error> {
        serde_json::from_str(&json)
    }
}

impl Fields {
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.0).expect("fields serialize")
    }
}

/// An account: a local actor or a remote one we know of. Its private key is kept out of this type
/// (see `Store::account_private_key`) so it never lands in a log or a JSON response by accident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Account {
    pub id: AccountId,
    pub nickname: String,
    /// `None` for local accounts.
    pub domain: Option<String>,
    pub display_name: String,
    pub note: String,
    pub locked: bool,
    pub bot: bool,
    pub discoverable: bool,
    #[sqlx(try_from = "String")]
    pub fields: Fields,
    /// The ActivityPub actor id.
    pub actor_url: String,
    /// The profile page.
    pub url: String,
    pub inbox_url: String,
    pub outbox_url: String,
    pub shared_inbox_url: Option<String>,
    pub followers_url: String,
    pub following_url: String,
    pub featured_url: Option<String>,
    pub public_key_id: String,
    pub public_key_pem: String,
    pub avatar_url: Option<String>,
    pub header_url: Option<String>,
    pub followers_count: i64,
    pub following_count: i64,
    pub statuses_count: i64,
    pub last_status_at: Option<Timestamp>,
    pub moved_to_id: Option<AccountId>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub fetched_at: Option<Timestamp>,
    pub suspended_at: Option<Timestamp>,
    pub silenced_at: Option<Timestamp>,
}

impl Account {
    pub fn is_local(&self) -> bool {
        self.domain.is_none()
    }

    /// `nick` for local accounts, `nick@domain` for remote ones (Mastodon's `acct`).
    pub fn acct(&self) -> String {
        match &self.domain {
            None => self.nickname.clone(),
            Some(domain) => format!("{}@{domain}", self.nickname),
        }
    }
}

/// The login of a local account. The password hash stays in the store (see
/// `Store::password_hash`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct User {
    #[sqlx(rename = "user_id")]
    pub id: UserId,
    pub account_id: AccountId,
    pub email: String,
    pub admin: bool,
    pub moderator: bool,
    pub confirmed_at: Option<Timestamp>,
    /// False while an approval-mode registration waits for a moderator.
    pub approved: bool,
    pub deactivated_at: Option<Timestamp>,
    pub locale: String,
    pub invite_id: Option<InviteId>,
    pub last_sign_in_at: Option<Timestamp>,
    #[sqlx(rename = "user_created_at")]
    pub created_at: Timestamp,
}

impl User {
    pub fn is_confirmed(&self) -> bool {
        self.confirmed_at.is_some()
    }

    pub fn is_deactivated(&self) -> bool {
        self.deactivated_at.is_some()
    }

    /// Whether the user may sign in and use tokens: active, approved and confirmed.
    pub fn can_sign_in(&self) -> bool {
        !self.is_deactivated() && self.approved && self.is_confirmed()
    }
}

/// A local account with its login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct UserAccount {
    #[sqlx(flatten)]
    pub account: Account,
    #[sqlx(flatten)]
    pub user: User,
}

/// What [`Store::create_local_user`](crate::store::Store::create_local_user) needs, already
/// validated and hashed by the registration service.
#[derive(Debug, Clone)]
pub struct NewLocalAccount {
    pub nickname: String,
    pub email: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    pub display_name: String,
    pub note: String,
    pub admin: bool,
    pub moderator: bool,
    pub confirmed: bool,
    pub approved: bool,
    pub locale: String,
    pub actor_url: String,
    pub url: String,
    pub inbox_url: String,
    pub outbox_url: String,
    pub shared_inbox_url: String,
    pub followers_url: String,
    pub following_url: String,
    pub featured_url: String,
    pub public_key_id: String,
    pub public_key_pem: String,
    pub private_key_pem: String,
    /// An invite code to use up (checked and counted in the same transaction).
    pub invite_code: Option<String>,
}

/// Which accounts `Store::list_accounts` returns; every set filter must match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountFilter {
    /// `Some(true)`: local only; `Some(false)`: remote only.
    pub local: Option<bool>,
    pub admins: bool,
    pub moderators: bool,
    pub deactivated: bool,
    /// Only users whose sign-up waits for approval.
    pub pending: bool,
    /// Keyset pagination: only accounts with a greater id (the last id of the previous page).
    pub after: Option<AccountId>,
    /// At most this many accounts; `None`: all.
    pub limit: Option<i64>,
}

/// Flags of a user and its account that `pleroctl user set` (and the admin API) change; `None`
/// leaves a value as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserFlags {
    pub admin: Option<bool>,
    pub moderator: Option<bool>,
    pub locked: Option<bool>,
    pub confirmed: Option<bool>,
    pub approved: Option<bool>,
    pub display_name: Option<String>,
    pub note: Option<String>,
}

/// What federation learned about a remote actor; stored (or refreshed) by
/// `Store::upsert_remote_account`, keyed by `actor_url`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewRemoteAccount {
    pub nickname: String,
    /// Lowercased when stored.
    pub domain: String,
    pub display_name: String,
    pub note: String,
    pub locked: bool,
    pub bot: bool,
    pub discoverable: bool,
    pub fields: Fields,
    pub actor_url: String,
    pub url: String,
    pub inbox_url: String,
    pub outbox_url: String,
    pub shared_inbox_url: Option<String>,
    pub followers_url: String,
    pub following_url: String,
    pub featured_url: Option<String>,
    pub public_key_id: String,
    pub public_key_pem: String,
    pub avatar_url: Option<String>,
    pub header_url: Option<String>,
    pub followers_count: i64,
    pub following_count: i64,
    pub statuses_count: i64,
}
