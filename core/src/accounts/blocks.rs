//! Blocking and muting accounts, and hiding domains: the use cases behind
//! `/api/v1/accounts/:id/{block,unblock,mute,unmute}` and `/api/v1/domain_blocks`.

use crate::model::time::now;
use crate::model::{AccountId, Timestamp};
use crate::store::follows::FollowRelation;
use crate::store::{Store, StoreError};

/// Longest a mute may be set for: ten years stand for "for good" in apps that only offer lengths.
pub const MAX_MUTE_SECS: u64 = 10 * 365 * 24 * 3600;

/// Why a block or mute was refused.
#[derive(Debug, thiserror::Error)]
pub enum RelationError {
    /// The other account does not exist.
    #[error("account {0} does not exist")]
    NoSuchAccount(AccountId),
    /// An account tried to block or mute itself.
    #[error("you cannot block or mute yourself")]
    Itself,
    /// A domain to hide that is no domain (or this instance's own).
    #[error("domain `{0}` is not a remote domain: give a host name such as example.com")]
    Domain(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

async fn other(store: &Store, account: AccountId, target: AccountId) -> Result<(), RelationError> {
    if account == target {
        return Err(RelationError::Itself);
    }
    store.find_account(target).await?.ok_or(RelationError::NoSuchAccount(target))?;
    Ok(())
}

async fn relation(
    store: &Store,
    account: AccountId,
    target: AccountId,
) -> Result<FollowRelation, RelationError> {
    let found = store.follow_relations(account, &[target]).await?;
    Ok(found.into_iter().next().map(|(_, rel)| rel).unwrap_or_default())
}

/// `account` blocks `target` (ending follows both ways). Returns the relation afterwards.
pub async fn block(
    store: &Store,
    account: AccountId,
    target: AccountId,
) -> Result<FollowRelation, RelationError> {
    other(store, account, target).await?;
    store.block(account, target).await?;
    relation(store, account, target).await
}

/// `account` lifts its block of `target`.
pub async fn unblock(
    store: &Store,
    account: AccountId,
    target: AccountId,
) -> Result<FollowRelation, RelationError> {
    other(store, account, target).await?;
    store.unblock(account, target).await?;
    relation(store, account, target).await
}

/// `account` mutes `target`, its notifications too unless `notifications` is false, for
/// `duration_secs` (0 or `None`: until unmuted).
pub async fn mute(
    store: &Store,
    account: AccountId,
    target: AccountId,
    notifications: bool,
    duration_secs: Option<u64>,
) -> Result<FollowRelation, RelationError> {
    other(store, account, target).await?;
    let expires_at: Option<Timestamp> = duration_secs
        .filter(|secs| *secs > 0)
        .map(|secs| now() + chrono::Duration::seconds(secs.min(MAX_MUTE_SECS) as i64));
    store.mute(account, target, notifications, expires_at).await?;
    relation(store, account, target).await
}

/// `account` unmutes `target`.
pub async fn unmute(
    store: &Store,
    account: AccountId,
    target: AccountId,
) -> Result<FollowRelation, RelationError> {
    other(store, account, target).await?;
    store.unmute(account, target).await?;
    relation(store, account, target).await
}

/// The host name a user asked to hide, lower-cased; refused when it is no host name or this
/// instance's own `local_domain`.
pub fn domain_to_hide(raw: &str, local_domain: &str) -> Result<String, RelationError> {
    let domain = raw.trim().trim_end_matches('.').to_ascii_lowercase();
    let valid = !domain.is_empty()
        && domain.len() <= 253
        && domain.split(':').next().is_some_and(|host| {
            host.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            })
        })
        && domain
            .split(':')
            .nth(1)
            .is_none_or(|port| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()))
        && domain.matches(':').count() <= 1;
    if !valid || domain.eq_ignore_ascii_case(local_domain) {
        return Err(RelationError::Domain(raw.trim().to_string()));
    }
    Ok(domain)
}

#[cfg(test)]
mod tests {
    use super::domain_to_hide;

    #[test]
    fn a_domain_to_hide_is_a_remote_host_name() {
        assert_eq!(domain_to_hide(" Spam.Example. ", "social.example").unwrap(), "spam.example");
        assert_eq!(domain_to_hide("127.0.0.2:4002", "social.example").unwrap(), "127.0.0.2:4002");
        for bad in ["", "social.example", "a..b", "https://x.example", "x.example/path", "a b"] {
            assert!(domain_to_hide(bad, "social.example").is_err(), "{bad:?}");
        }
    }
}
