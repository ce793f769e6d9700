//! Editing a status (every version kept, `history` and `source` to read them) and pinning one to
//! its author's profile.

use crate::config::Config;
use crate::model::time::now;
use crate::model::{
    AccountId, ContentType, MediaId, Status, StatusId, StatusUpdate, StatusVersion, Visibility,
};
use crate::store::edits::Pinned;
use crate::store::{Conflict, Store, StoreError};

use super::{PostError, Written, attachable, check_media, prepare};

/// Why an edit or a pin was refused.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// No such status of the caller's (another's status looks missing).
    #[error("no such status of yours")]
    NotFound,
    /// The new text or attachments are refused, as a post's would be.
    #[error(transparent)]
    Text(#[from] PostError),
    /// Only public and unlisted statuses are pinned.
    #[error("only public and unlisted statuses can be pinned")]
    NotPinnable,
    /// The account pinned as many statuses as it may.
    #[error("you have pinned {0} statuses already: unpin one first")]
    TooManyPins(i64),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// `author`'s own status `id` (a reblog is no status to edit or pin).
async fn own(store: &Store, author: AccountId, id: StatusId) -> Result<Status, EditError> {
    match store.find_status(id).await? {
        Some(status) if status.account_id == author && status.reblog_of_id.is_none() => Ok(status),
        _ => Err(EditError::NotFound),
    }
}

/// What an edit changes. `None` keeps what the status has: Mastodon's clients send the whole
/// status, some send only what changed.
#[derive(Debug, Clone, Copy, Default)]
pub struct Changes<'c> {
    /// The new text.
    pub text: Option<&'c str>,
    /// How the new text is written; by default, as the status was.
    pub content_type: Option<ContentType>,
    /// The new content warning.
    pub spoiler_text: Option<&'c str>,
    /// Whether media are hidden behind a warning.
    pub sensitive: Option<bool>,
    /// The new language code.
    pub language: Option<&'c str>,
    /// The attachments from now on, in order: ones it has, or uploads of the author's no status
    /// uses (as a post takes them).
    pub media_ids: Option<&'c [MediaId]>,
}

/// `author` edits its status `id` (checked and rendered as a post is). Returns the status as it
/// is now.
pub async fn edit(
    store: &Store,
    config: &Config,
    author: AccountId,
    id: StatusId,
    changes: &Changes<'_>,
) -> Result<Status, EditError> {
    let status = own(store, author, id).await?;
    let current: Vec<MediaId> = store.status_attachments(&[id]).await?.iter().map(|a| a.id).collect();
    if let Some(wanted) = changes.media_ids {
        let new: Vec<MediaId> = wanted.iter().filter(|m| !current.contains(m)).copied().collect();
        check_media(wanted)?;
        attachable(store, author, &new).await?;
    }
    let content_type = changes.content_type.unwrap_or(status.content_type);
    let written = Written {
        text: changes.text.or(status.source_text.as_deref()).unwrap_or_default(),
        content_type,
        spoiler_text: changes.spoiler_text.unwrap_or(&status.spoiler_text),
        sensitive: changes.sensitive.unwrap_or(status.sensitive),
        language: changes.language.or(status.language.as_deref()),
        // A status with media may have no text, as when it was posted.
        with_media: !changes.media_ids.unwrap_or(&current).is_empty(),
    };
    let prepared = prepare(store, config, &written).await?;
    let update = StatusUpdate {
        id,
        content: prepared.html,
        source_text: prepared.text,
        content_type,
        spoiler_text: prepared.spoiler_text,
        sensitive: prepared.sensitive,
        language: prepared.language,
        mentions: prepared.mentions,
        tags: prepared.tags,
        media: changes.media_ids.map(<[MediaId]>::to_vec),
        edited_at: now(),
    };
    match store.edit_status(&update).await {
        Ok(edited) => edited.ok_or(EditError::NotFound),
        // Attached by a post that raced this edit.
        Err(StoreError::Conflict(Conflict::MediaNotAttachable(id))) => {
            Err(EditError::Text(PostError::MediaNotAttachable(id)))
        }
        Err(other) => Err(other.into()),
    }
}

/// The versions of status `id`, oldest first, when `viewer` may see it.
pub async fn history(
    store: &Store,
    id: StatusId,
    viewer: Option<AccountId>,
) -> Result<Option<(Status, Vec<StatusVersion>)>, StoreError> {
    let Some(status) = store.find_visible_status(id, viewer).await? else { return Ok(None) };
    let versions = store.status_versions(id).await?;
    Ok(Some((status, versions)))
}

/// The text `author` wrote for its status `id`, to edit it.
pub async fn source(store: &Store, author: AccountId, id: StatusId) -> Result<Status, EditError> {
    own(store, author, id).await
}

/// `author` pins its public or unlisted status `id`.
pub async fn pin(store: &Store, author: AccountId, id: StatusId) -> Result<Status, EditError> {
    let status = own(store, author, id).await?;
    if !matches!(status.visibility, Visibility::Public | Visibility::Unlisted) {
        return Err(EditError::NotPinnable);
    }
    match store.pin_status(author, id).await? {
        Pinned::Pinned => Ok(status),
        Pinned::Full => Err(EditError::TooManyPins(crate::store::edits::MAX_PINNED)),
    }
}

/// `author` unpins its status `id`.
pub async fn unpin(store: &Store, author: AccountId, id: StatusId) -> Result<Status, EditError> {
    let status = own(store, author, id).await?;
    store.unpin_status(author, id).await?;
    Ok(status)
}
