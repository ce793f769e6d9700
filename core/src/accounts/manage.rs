//! Managing existing accounts: what `pleroctl user …` and the admin API both do. Changes take
//! effect on the next request of a running server: the token check reads the user's state from
//! the store each time (see `Store::find_live_token`).

use super::images::{self, ImageError};
use super::password::{self, PasswordError};
use super::urls::LocalUrls;
use crate::auth::BearerSecret;
use crate::config::Secret;
use crate::crypto::{self, PoolError};
use crate::model::{AccountId, UserAccount, UserFlags};
use crate::store::{AccountDeletion, Store, StoreError};
use crate::uploads::Uploader;

/// How long a password-reset link works.
pub const PASSWORD_RESET_VALIDITY: chrono::Duration = chrono::Duration::hours(6);

/// Why a management action failed.
#[derive(Debug, thiserror::Error)]
pub enum ManageError {
    /// No local user has this account id.
    #[error("no local user with account id {0}")]
    NotFound(AccountId),
    /// The reset token is unknown, already used, or older than [`PASSWORD_RESET_VALIDITY`].
    #[error("the password-reset link is unknown, used or older than 6 hours: ask for a new one")]
    ResetTokenInvalid,
    /// The new display name or bio is not acceptable.
    #[error(transparent)]
    Profile(#[from] super::profile::ProfileError),
    /// The new password is not acceptable.
    #[error(transparent)]
    Password(#[from] PasswordError),
    /// The account was deleted, but some of its files could not be.
    #[error("the account was deleted, but not all of its files: {0}")]
    FilesLeft(#[source] ImageError),
    /// The crypto pool is full ([`PoolError::Busy`]: try again shortly) or its job failed.
    #[error(transparent)]
    Pool(#[from] PoolError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Changes roles, lock, confirmation and profile text; `None` fields stay as they are.
pub async fn set_flags(store: &Store, id: AccountId, flags: &UserFlags) -> Result<UserAccount, ManageError> {
    let checked = UserFlags {
        display_name: flags.display_name.as_deref().map(super::profile::display_name).transpose()?,
        note: flags.note.as_deref().map(super::profile::note).transpose()?,
        ..flags.clone()
    };
    store.update_user(id, &checked).await?.ok_or(ManageError::NotFound(id))
}

/// Deactivates a user: no sign-in, and every token stops working at once.
pub async fn deactivate(store: &Store, id: AccountId) -> Result<UserAccount, ManageError> {
    store.set_deactivated(id, true).await?.ok_or(ManageError::NotFound(id))
}

/// Reactivates a deactivated user; tokens issued before work again unless revoked.
pub async fn activate(store: &Store, id: AccountId) -> Result<UserAccount, ManageError> {
    store.set_deactivated(id, false).await?.ok_or(ManageError::NotFound(id))
}

/// Approves a sign-up that waits for approval (`instance.registrations = "approval"`): the user
/// may sign in from now on. Refusing one is deleting it ([`delete`]).
pub async fn approve(store: &Store, id: AccountId) -> Result<UserAccount, ManageError> {
    set_flags(store, id, &UserFlags { approved: Some(true), ..Default::default() }).await
}

/// Revokes every token of the user. Returns how many were live.
pub async fn sign_out(store: &Store, id: AccountId) -> Result<u64, ManageError> {
    Ok(store.revoke_account_tokens(id).await?)
}

/// Deletes the account and its content, then, once that has committed, its files (avatar and
/// header). (Once federation exists, a Delete activity is queued here.)
pub async fn delete(
    store: &Store,
    uploader: &Uploader,
    id: AccountId,
) -> Result<AccountDeletion, ManageError> {
    let deletion = store.delete_account(id).await?.ok_or(ManageError::NotFound(id))?;
    images::remove_account_images(uploader, id).await.map_err(ManageError::FilesLeft)?;
    Ok(deletion)
}

/// Sets a new password (validated, Argon2id-hashed) and revokes every token, so whoever knew the
/// old password is signed out.
pub async fn set_password(store: &Store, id: AccountId, new_password: &str) -> Result<(), ManageError> {
    let hash = hash_new_password(new_password).await?;
    if !store.replace_password(id, &hash).await? {
        return Err(ManageError::NotFound(id));
    }
    Ok(())
}

/// Issues a one-time password-reset token (its hash is stored, replacing an earlier one) and
/// returns the link that redeems it.
pub async fn password_reset_link(
    store: &Store,
    urls: &LocalUrls,
    id: AccountId,
) -> Result<String, ManageError> {
    let token = BearerSecret::generate();
    if !store.set_reset_password_token(id, token.hash().as_str()).await? {
        return Err(ManageError::NotFound(id));
    }
    Ok(urls.password_reset(token.expose()))
}

/// The user a password-reset link's token belongs to, while the link still works (unused, at most
/// [`PASSWORD_RESET_VALIDITY`] old).
pub async fn password_reset_user(store: &Store, token: &str) -> Result<UserAccount, ManageError> {
    let hash = crate::auth::SecretHash::of(token);
    let issued_after = crate::model::time::now() - PASSWORD_RESET_VALIDITY;
    store.find_user_by_reset_token(hash.as_str(), issued_after).await?.ok_or(ManageError::ResetTokenInvalid)
}

/// Redeems a password-reset link's token: sets the new password (validated first, so a rejected
/// password leaves the link usable) and signs the user out everywhere, all in one transaction, so
/// a failure leaves both the old password and the link working. Returns the account.
pub async fn redeem_password_reset(
    store: &Store,
    token: &str,
    new_password: &str,
) -> Result<AccountId, ManageError> {
    let hash = hash_new_password(new_password).await?;
    let token_hash = crate::auth::SecretHash::of(token);
    let issued_after = crate::model::time::now() - PASSWORD_RESET_VALIDITY;
    store
        .reset_password_with_token(token_hash.as_str(), issued_after, &hash)
        .await?
        .ok_or(ManageError::ResetTokenInvalid)
}

/// Validates a new password and hashes it in the crypto pool (Argon2id takes tens of ms).
async fn hash_new_password(new_password: &str) -> Result<String, ManageError> {
    password::validate(new_password)?;
    let owned = Secret::new(new_password);
    Ok(crypto::pool().run(move |workspace| password::hash(workspace, owned.expose())).await??)
}
