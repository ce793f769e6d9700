//! Following between local accounts: a follow, or a follow request when the target is locked.

use crate::model::{Account, AccountId};
use crate::store::follows::{FollowOutcome, FollowRelation};
use crate::store::{Conflict, Store, StoreError};

/// Why a follow action failed.
#[derive(Debug, thiserror::Error)]
pub enum FollowError {
    /// The target account does not exist.
    #[error("account {0} does not exist")]
    NoSuchAccount(AccountId),
    /// There is no pending follow request from that account to answer.
    #[error("account {0} has not asked to follow you")]
    NoSuchRequest(AccountId),
    /// A block stands between the two accounts (either way).
    #[error("this action is not allowed: a block stands between you and that account")]
    Blocked,
    /// An account tried to follow itself.
    #[error("you cannot follow yourself")]
    SelfFollow,
    /// The target is a remote account; following those needs federation, not implemented yet.
    #[error("following remote accounts needs federation, which this server does not do yet")]
    Remote,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// `follower` follows `target`; a locked target gets a follow request instead. Returns the
/// relation afterwards.
pub async fn follow(
    store: &Store,
    follower: AccountId,
    target: AccountId,
) -> Result<FollowRelation, FollowError> {
    let account = target_account(store, follower, target).await?;
    // The target checked above may be deleted before the follow is written: the foreign key
    // refuses the row, and the answer is the one a missing target gets.
    let outcome = store.follow(follower, target, account.locked).await.map_err(|err| match err {
        StoreError::Conflict(Conflict::ReferenceGone) => FollowError::NoSuchAccount(target),
        other => FollowError::Store(other),
    })?;
    if outcome == FollowOutcome::Blocked {
        return Err(FollowError::Blocked);
    }
    relation(store, follower, target).await
}

/// Stops following (or withdraws the request). Returns the relation afterwards.
pub async fn unfollow(
    store: &Store,
    follower: AccountId,
    target: AccountId,
) -> Result<FollowRelation, FollowError> {
    store.find_account(target).await?.ok_or(FollowError::NoSuchAccount(target))?;
    store.unfollow(follower, target).await?;
    relation(store, follower, target).await
}

/// `target` answers `requester`'s follow request. Returns how `target` relates to `requester`
/// afterwards (`followed_by` once accepted), as Mastodon's follow_requests API does.
pub async fn answer_request(
    store: &Store,
    target: AccountId,
    requester: AccountId,
    accept: bool,
) -> Result<FollowRelation, FollowError> {
    let answered = store.answer_follow_request(requester, target, accept).await.map_err(|err| match err {
        // The requester was deleted while answering: its request went with it.
        StoreError::Conflict(Conflict::ReferenceGone) => FollowError::NoSuchRequest(requester),
        other => FollowError::Store(other),
    })?;
    if !answered {
        return Err(FollowError::NoSuchRequest(requester));
    }
    relation(store, target, requester).await
}

async fn target_account(
    store: &Store,
    follower: AccountId,
    target: AccountId,
) -> Result<Account, FollowError> {
    if follower == target {
        return Err(FollowError::SelfFollow);
    }
    let account = store.find_account(target).await?.ok_or(FollowError::NoSuchAccount(target))?;
    if !account.is_local() {
        return Err(FollowError::Remote);
    }
    Ok(account)
}

async fn relation(store: &Store, from: AccountId, to: AccountId) -> Result<FollowRelation, FollowError> {
    Ok(store.follow_relations(from, &[to]).await?.pop().map(|(_, rel)| rel).unwrap_or_default())
}
