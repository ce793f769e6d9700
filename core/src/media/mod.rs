//! Media attachments of statuses, as Mastodon's `/api/v1/media`: an upload is checked, processed
//! ([`process`]: size, preview, blurhash, metadata removed) and stored through the [`Uploader`]
//! (local directory or S3) before its row is written, so a row never names a missing file. A
//! status attaches up to four of its author's unused uploads in the unit of work that posts it
//! (`store::media`); an upload no status used for [`UNUSED_FOR`] is removed by the sweep job
//! ([`SWEEP_JOB`]), files first, then its row.

pub mod name;
pub mod process;

use std::sync::LazyLock;

use tokio::sync::Semaphore;

use crate::config::Config;
use crate::model::time::now;
use crate::model::{AccountId, Attachment, Focus, MediaId, MediaKind, NewAttachment, Timestamp};
use crate::store::{Store, StoreError};
use crate::uploads::{ObjectKey, UploadError, Uploader};
pub use name::AttachmentName;
pub use process::ProcessError;

/// How long an upload may wait for a status before the sweep removes it (a status deleted lets go
/// of its attachments, which then wait as long, so delete-and-redraft can use them again).
pub const UNUSED_FOR: chrono::Duration = chrono::Duration::hours(24);

/// Longest alt text, in characters (Mastodon's limit).
pub const MAX_DESCRIPTION: usize = 1500;

/// The job kind that removes unused uploads.
pub const SWEEP_JOB: &str = "media.sweep";

/// Uploads removed per sweep query.
const SWEEP_BATCH: i64 = 100;

/// Images processed at once on this node: decoding a large one takes about 130 MB and a core for
/// a second, so more at once only costs memory.
static PROCESSING: LazyLock<Semaphore> = LazyLock::new(|| {
    Semaphore::new(std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2).min(4))
});

/// Why an upload, a lookup or an edit of an attachment failed.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    /// Over `uploads.size_limit_bytes`.
    #[error("file: the file is {size} bytes, over the limit of {limit} bytes (uploads.size_limit_bytes)")]
    TooLarge {
        /// The file's size.
        size: usize,
        /// The limit.
        limit: u64,
    },
    /// Not an image this server takes, too large in pixels, or damaged.
    #[error(transparent)]
    Image(#[from] ProcessError),
    /// Alt text over [`MAX_DESCRIPTION`] characters.
    #[error("description: {0} characters, at most {MAX_DESCRIPTION} are allowed")]
    DescriptionTooLong(usize),
    /// No such attachment of the caller's.
    #[error("no such media attachment of yours")]
    NotFound,
    /// The uploads backend failed.
    #[error(transparent)]
    Upload(#[from] UploadError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// An upload as a client sends it.
#[derive(Debug, Clone, Default)]
pub struct Upload {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Alt text.
    pub description: Option<String>,
    /// The focal point.
    pub focus: Option<Focus>,
}

fn checked_description(description: Option<String>) -> Result<Option<String>, MediaError> {
    let description = description.map(|d| d.trim().to_string()).filter(|d| !d.is_empty());
    match description {
        Some(d) if d.chars().count() > MAX_DESCRIPTION => {
            Err(MediaError::DescriptionTooLong(d.chars().count()))
        }
        other => Ok(other),
    }
}

/// Checks, processes and stores `owner`'s upload; returns the new, unattached attachment, built
/// from what was stored (no read back).
pub async fn upload(
    store: &Store,
    config: &Config,
    uploader: &Uploader,
    owner: AccountId,
    upload: Upload,
) -> Result<Attachment, MediaError> {
    let limit = config.uploads.size_limit_bytes;
    if upload.bytes.len() as u64 > limit {
        return Err(MediaError::TooLarge { size: upload.bytes.len(), limit });
    }
    let description = checked_description(upload.description)?;
    let strip = config.uploads.strip_exif;
    let processed = {
        let _permit = PROCESSING.acquire().await.expect("the semaphore is never closed");
        let bytes = upload.bytes;
        tokio::task::spawn_blocking(move || process::process(bytes, strip))
            .await
            .map_err(|e| ProcessError::Damaged(format!("the image could not be processed: {e}")))??
    };
    let (original, small) = AttachmentName::fresh(owner, processed.original.kind, processed.preview.kind);
    let file_size = processed.original.bytes.len() as i64;
    let url = uploader.put(&original.key(), processed.original.bytes, original.kind.mime()).await?;
    let preview_url = match uploader.put(&small.key(), processed.preview.bytes, small.kind.mime()).await {
        Ok(url) => url,
        Err(err) => {
            let _ = uploader.delete(&original.key()).await;
            return Err(err.into());
        }
    };
    let new = NewAttachment {
        id: MediaId::generate(),
        account_id: owner,
        kind: MediaKind::Image,
        content_type: original.kind.mime().to_string(),
        file_key: original.key().to_string(),
        url,
        file_size,
        original: Some(processed.original.dimensions),
        preview_key: Some(small.key().to_string()),
        preview_url: Some(preview_url),
        small: Some(processed.preview.dimensions),
        blurhash: Some(processed.blurhash),
        description,
        focus: upload.focus,
        created_at: now(),
    };
    if let Err(err) = store.insert_attachment(&new).await {
        // Nothing refers to the files: they go too (the sweep only knows files with a row).
        let _ = uploader.delete(&original.key()).await;
        let _ = uploader.delete(&small.key()).await;
        return Err(err.into());
    }
    Ok(new.stored())
}

/// `owner`'s attachment `id` (another account's is [`MediaError::NotFound`], as Mastodon).
pub async fn find_own(store: &Store, owner: AccountId, id: MediaId) -> Result<Attachment, MediaError> {
    match store.find_attachment(id).await? {
        Some(attachment) if attachment.account_id == owner => Ok(attachment),
        _ => Err(MediaError::NotFound),
    }
}

/// Sets the alt text and focal point of `owner`'s attachment `id` (`None` keeps each), while no
/// status uses it.
pub async fn describe(
    store: &Store,
    owner: AccountId,
    id: MediaId,
    description: Option<String>,
    focus: Option<Focus>,
) -> Result<Attachment, MediaError> {
    let description = match description {
        // Sent empty: the alt text is cleared.
        Some(d) if d.trim().is_empty() => Some(String::new()),
        other => checked_description(other)?,
    };
    store.describe_attachment(owner, id, description.as_deref(), focus).await?.ok_or(MediaError::NotFound)
}

/// What a sweep did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SweepReport {
    /// Attachments removed, files and rows.
    pub removed: u64,
}

/// Removes the uploads no status used since before `now - UNUSED_FOR`: their files, then their
/// rows. A file that is gone already is no error; a failing backend stops the sweep with the row
/// kept, so the next sweep tries again. Posting refuses an upload this old, so none is attached
/// while its files go.
pub async fn sweep(store: &Store, uploader: &Uploader, at: Timestamp) -> Result<SweepReport, MediaError> {
    let before = at - UNUSED_FOR;
    let mut report = SweepReport::default();
    loop {
        let batch = store.unattached_before(before, SWEEP_BATCH).await?;
        let full = batch.len() as i64 == SWEEP_BATCH;
        for attachment in batch {
            for key in [&attachment.file_key, &attachment.preview_key].into_iter().flatten() {
                if let Some(key) = ObjectKey::parse(key) {
                    uploader.delete(&key).await?;
                }
            }
            if store.delete_unattached(attachment.id, before).await? {
                report.removed += 1;
            }
        }
        if !full {
            return Ok(report);
        }
    }
}

#[cfg(test)]
mod tests;
