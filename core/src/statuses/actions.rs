//! What an account does to a status it can see: favourite, reblog, bookmark, mute its conversation,
//! and their undoing; and what is read around one: its thread, who favourited and reblogged it.

use crate::accounts::LocalUrls;
use crate::config::Config;
use crate::model::time::now;
use crate::model::{Account, AccountId, ContentType, NewStatus, Status, StatusId, Visibility};
use crate::store::{Conflict, PageItem, PageRequest, Store, StoreError};

use super::view::{StatusView, load};

/// Why an action on a status was refused.
#[derive(Debug, thiserror::Error)]
pub enum ActionError {
    /// No such status, or one the account may not see.
    #[error("no such status")]
    NotFound,
    /// Private and direct statuses are not reblogged (by anyone but their author, privately), and
    /// neither are reblogs.
    #[error("this status cannot be reblogged")]
    NotReblogable,
    /// A reblog is public, unlisted or private.
    #[error("a reblog is public, unlisted or private, not direct")]
    ReblogVisibility,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The status `id` when `account` may see it; a reblog stands for the status it reblogs, as
/// Mastodon acts on the original when a client favourites a reblog.
async fn visible(store: &Store, account: AccountId, id: StatusId) -> Result<Status, ActionError> {
    let status = store.find_visible_status(id, Some(account)).await?.ok_or(ActionError::NotFound)?;
    match status.reblog_of_id {
        Some(original) => {
            store.find_visible_status(original, Some(account)).await?.ok_or(ActionError::NotFound)
        }
        None => Ok(status),
    }
}

/// `account` favourites status `id` (again: nothing changes). Returns the status.
pub async fn favourite(store: &Store, account: AccountId, id: StatusId) -> Result<Status, ActionError> {
    let status = visible(store, account, id).await?;
    store.favourite(account, status.id, status.account_id).await?;
    store.find_status(status.id).await?.ok_or(ActionError::NotFound)
}

/// `account` takes back its favourite of status `id`, if any. Returns the status.
pub async fn unfavourite(store: &Store, account: AccountId, id: StatusId) -> Result<Status, ActionError> {
    let status = visible(store, account, id).await?;
    store.unfavourite(account, status.id).await?;
    store.find_status(status.id).await?.ok_or(ActionError::NotFound)
}

/// `account` bookmarks status `id`. Returns the status.
pub async fn bookmark(store: &Store, account: AccountId, id: StatusId) -> Result<Status, ActionError> {
    let status = visible(store, account, id).await?;
    store.bookmark(account, status.id).await?;
    Ok(status)
}

/// `account` drops its bookmark of status `id`. Returns the status.
pub async fn unbookmark(store: &Store, account: AccountId, id: StatusId) -> Result<Status, ActionError> {
    let status = visible(store, account, id).await?;
    store.unbookmark(account, status.id).await?;
    Ok(status)
}

/// `account` mutes the conversation status `id` is in: no more notifications about its thread.
/// Returns the status.
pub async fn mute_conversation(
    store: &Store,
    account: AccountId,
    id: StatusId,
) -> Result<Status, ActionError> {
    let status = visible(store, account, id).await?;
    store.mute_conversation(account, status.id).await?;
    Ok(status)
}

/// `account` hears of status `id`'s conversation again. Returns the status.
pub async fn unmute_conversation(
    store: &Store,
    account: AccountId,
    id: StatusId,
) -> Result<Status, ActionError> {
    let status = visible(store, account, id).await?;
    store.unmute_conversation(account, status.id).await?;
    Ok(status)
}

/// `reblogger` reblogs status `id` with `visibility` (public by default): a new status pointing at
/// the original, counted, its author notified. Reblogging again returns the existing reblog.
/// Private statuses are reblogged only by their author (and then privately); direct ones never.
pub async fn reblog(
    store: &Store,
    config: &Config,
    reblogger: &Account,
    id: StatusId,
    visibility: Option<Visibility>,
) -> Result<Status, ActionError> {
    let original = visible(store, reblogger.id, id).await?;
    let own = original.account_id == reblogger.id;
    let visibility = match (original.visibility, visibility.unwrap_or(Visibility::Public)) {
        (_, Visibility::Direct) => return Err(ActionError::ReblogVisibility),
        (Visibility::Public | Visibility::Unlisted, chosen) => chosen,
        (Visibility::Private, _) if own => Visibility::Private,
        _ => return Err(ActionError::NotReblogable),
    };
    if let Some(existing) = store.find_reblog(reblogger.id, original.id).await? {
        return Ok(existing);
    }
    let urls = LocalUrls::from_config(config);
    let reblog_id = StatusId::generate();
    let new = NewStatus {
        id: reblog_id,
        account_id: reblogger.id,
        uri: format!("{}/activity", urls.status(&reblogger.nickname, reblog_id)),
        url: None,
        content: String::new(),
        source_text: None,
        content_type: ContentType::Plain,
        spoiler_text: String::new(),
        visibility,
        sensitive: false,
        language: None,
        in_reply_to: None,
        reblog_of_id: Some(original.id),
        app_id: None,
        local: true,
        mentions: Vec::new(),
        tags: Vec::new(),
        media: Vec::new(),
        created_at: now(),
    };
    match store.insert_status(&new, None).await {
        Ok(stored) => Ok(stored),
        // Two reblogs raced; the other one stands.
        Err(StoreError::Conflict(Conflict::AlreadyReblogged)) => {
            store.find_reblog(reblogger.id, original.id).await?.ok_or(ActionError::NotFound)
        }
        Err(other) => Err(other.into()),
    }
}

/// `reblogger` takes back its reblog of status `id`, if any. Returns the original status.
pub async fn unreblog(store: &Store, reblogger: AccountId, id: StatusId) -> Result<Status, ActionError> {
    let original = visible(store, reblogger, id).await?;
    if let Some(reblog) = store.find_reblog(reblogger, original.id).await? {
        store.delete_status(reblogger, reblog.id).await?;
    }
    store.find_status(original.id).await?.ok_or(ActionError::NotFound)
}

/// A status's thread as `viewer` may see it: the statuses it answers, oldest first, and the
/// replies below it.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// Up the thread, oldest first.
    pub ancestors: Vec<StatusView>,
    /// Down the thread, oldest first.
    pub descendants: Vec<StatusView>,
}

/// The thread around status `id`, or `None` when `viewer` may not see it.
pub async fn context(
    store: &Store,
    id: StatusId,
    viewer: Option<AccountId>,
) -> Result<Option<Context>, StoreError> {
    if store.find_visible_status(id, viewer).await?.is_none() {
        return Ok(None);
    }
    let ancestors = store.ancestors(id, viewer).await?;
    let descendants = store.descendants(id, viewer).await?;
    Ok(Some(Context {
        ancestors: load(store, viewer, ancestors).await?,
        descendants: load(store, viewer, descendants).await?,
    }))
}

/// Who favourited status `id` (when `viewer` may see it).
pub async fn favourited_by(
    store: &Store,
    id: StatusId,
    viewer: Option<AccountId>,
    page: &PageRequest,
) -> Result<Option<Vec<PageItem<Account>>>, StoreError> {
    if store.find_visible_status(id, viewer).await?.is_none() {
        return Ok(None);
    }
    Ok(Some(store.favourited_by(id, page).await?))
}

/// Who reblogged status `id` (when `viewer` may see it).
pub async fn reblogged_by(
    store: &Store,
    id: StatusId,
    viewer: Option<AccountId>,
    page: &PageRequest,
) -> Result<Option<Vec<PageItem<Account>>>, StoreError> {
    if store.find_visible_status(id, viewer).await?.is_none() {
        return Ok(None);
    }
    Ok(Some(store.reblogged_by(id, page).await?))
}
