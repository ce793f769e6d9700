//! `pleroctl uploads migrate --to s3`: copies the files of the local backend into the bucket and
//! points the stored URLs at them.
//!
//! Files go in batches of [`BATCH`]. For each batch: every file is copied under the same key
//! (keys are never reused, so an object already there with the same size and checksum is the same
//! file and is not sent again) and verified (size, then the SHA-256 checksum the service kept or
//! an MD5 ETag, or else the bytes read back); then the URLs of the accounts whose avatar or header
//! is one of the batch's files, and of the attachments whose original or preview is, are rewritten
//! in one unit of work, which records that each account changed, so that every node drops what it
//! cached; then, with `--delete`, the local files whose
//! URL now points at the bucket are deleted, never before.
//!
//! Killed at any point (`kill -9`), a run leaves objects that are copies of local files, and URLs
//! that point either at the local file or at its copy: running it again finishes the work, sending
//! only what is missing, and creates no second object for any file.

use std::collections::BTreeMap;
use std::time::Instant;

use serde::Serialize;
use tokio::task::JoinSet;

use super::{Cause, Digests, LocalUploads, ObjectKey, S3Uploads, UploadError, Uploader, Verdict};
use crate::accounts::images::{MediaName, ProfileImage};
use crate::media::AttachmentName;
use crate::model::AccountId;
use crate::store::{Store, StoreError};

/// Files per batch: per unit of work that rewrites URLs.
pub const BATCH: usize = 100;

/// What the operator must do once the files are in the bucket.
pub const NEXT_STEP: &str = "set uploads.backend = \"s3\" in the configuration and restart every node, then run \
     `pleroctl uploads migrate --to s3` once more for uploads made meanwhile";

/// How to migrate.
#[derive(Debug, Clone, Copy)]
pub struct MigrateOptions {
    /// Only say what would be done: read the files, the bucket and the database, write nothing.
    pub dry_run: bool,
    /// Delete each local file once its URL points at the bucket.
    pub delete_local: bool,
    /// How many files are copied at once (at least 1).
    pub concurrency: usize,
}

/// What happened to one file's copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CopyOutcome {
    /// Copied now and verified (dry run: would be copied).
    Copied,
    /// The same object was in the bucket already (an earlier, interrupted run).
    AlreadyThere,
    /// The file is gone since it was listed (replaced or deleted meanwhile): nothing to do.
    Vanished,
}

/// Progress, for a progress bar or log lines.
#[derive(Debug, Clone)]
pub enum Progress {
    /// The local files were listed.
    Planned {
        /// How many will be migrated.
        files: u64,
        /// Their total size.
        bytes: u64,
    },
    /// One file is done with (copied and verified, or failed).
    File {
        /// Its key.
        key: ObjectKey,
        /// What happened, or why it failed.
        outcome: Result<CopyOutcome, String>,
    },
    /// A batch's URLs were rewritten and committed (dry run: counted).
    Batch {
        /// Files handled so far.
        done: u64,
        /// Of all files.
        files: u64,
        /// URLs rewritten so far.
        urls_rewritten: u64,
    },
}

/// A file that could not be migrated (it stays local and its URL unchanged; run again).
#[derive(Debug, Clone, Serialize)]
pub struct FailedFile {
    /// Its key.
    pub key: String,
    /// Which part of the set-up is at fault.
    pub cause: Cause,
    /// What went wrong.
    pub error: String,
}

/// What a migration did (dry run: would do). Printed as JSON by `--output json`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MigrateSummary {
    /// Whether nothing was written.
    pub dry_run: bool,
    /// The bucket written to.
    pub bucket: String,
    /// URLs of migrated files start with this.
    pub public_base: String,
    /// Local files found (those plero stored).
    pub files: u64,
    /// Their total size in bytes.
    pub bytes: u64,
    /// Files copied to the bucket now (dry run: to be copied).
    pub copied: u64,
    /// Files whose object was in the bucket already, the same size and checksum.
    pub already_in_bucket: u64,
    /// Files gone since they were listed.
    pub vanished: u64,
    /// Avatar and header URLs pointed at the bucket now (dry run: to be).
    pub urls_rewritten: u64,
    /// URLs that pointed at the bucket already (an earlier, interrupted run).
    pub urls_already_rewritten: u64,
    /// Files no account refers to (copied, and kept on disk).
    pub unreferenced: u64,
    /// Local files deleted (`--delete`; dry run: to be deleted).
    pub local_deleted: u64,
    /// Files that failed; they stay local, their URLs unchanged.
    pub failed: Vec<FailedFile>,
    /// How long it took.
    pub seconds: f64,
    /// Files handled per second.
    pub files_per_second: f64,
    /// What the operator does next.
    pub next_step: String,
}

/// Why a migration stopped.
#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    /// The local files could not be listed.
    #[error(transparent)]
    Upload(#[from] UploadError),
    /// The database failed; batches committed before stay done (run again to finish).
    #[error("the database failed, batches committed before stay migrated (run again to finish): {0}")]
    Store(#[from] StoreError),
}

/// Whose file it is.
#[derive(Debug, Clone)]
enum Name {
    /// An avatar or header, named by its account's URL.
    Profile(MediaName),
    /// An attachment's original or preview, named by its attachment's row.
    Attachment(AttachmentName),
}

/// A local file to migrate.
#[derive(Debug, Clone)]
struct Item {
    name: Name,
    key: ObjectKey,
}

impl Item {
    fn of(key: ObjectKey) -> Option<Self> {
        let name = match MediaName::parse(key.as_str()) {
            Some(profile) => Name::Profile(profile),
            None => Name::Attachment(AttachmentName::parse(key.as_str())?),
        };
        Some(Self { name, key })
    }

    fn mime(&self) -> &'static str {
        match &self.name {
            Name::Profile(name) => name.kind.mime(),
            Name::Attachment(name) => name.kind.mime(),
        }
    }
}

/// Copies every local file plero stored (avatars, headers, attachments) to the bucket, rewrites the URLs
/// that point at them, and, with `delete_local`, deletes the local files whose URL was rewritten.
/// `progress` hears of each file and batch.
pub async fn migrate_to_s3(
    store: &Store,
    local: &LocalUploads,
    s3: &S3Uploads,
    options: MigrateOptions,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> Result<MigrateSummary, MigrateError> {
    let started = Instant::now();
    let listed = local.files().await?;
    let mut summary = MigrateSummary {
        dry_run: options.dry_run,
        bucket: s3.bucket().to_string(),
        public_base: s3.public_base().to_string(),
        next_step: NEXT_STEP.to_string(),
        ..Default::default()
    };
    // Only names plero made: anything else in the directory is not an upload of ours.
    let items: Vec<Item> = listed
        .into_iter()
        .filter_map(|(key, size)| {
            let item = Item::of(key)?;
            summary.bytes += size;
            Some(item)
        })
        .collect();
    summary.files = items.len() as u64;
    progress(Progress::Planned { files: summary.files, bytes: summary.bytes });

    let mut done = 0;
    for batch in items.chunks(BATCH) {
        let copied = copy_batch(local, s3, batch, options, &mut summary, progress).await;
        rewrite_batch(store, local, s3, &copied, options, &mut summary).await?;
        done += batch.len() as u64;
        progress(Progress::Batch { done, files: summary.files, urls_rewritten: summary.urls_rewritten });
    }
    summary.seconds = started.elapsed().as_secs_f64();
    summary.files_per_second =
        if summary.seconds > 0.0 { summary.files as f64 / summary.seconds } else { 0.0 };
    Ok(summary)
}

/// Copies and verifies the batch's files, `concurrency` at once; returns those now in the bucket.
async fn copy_batch(
    local: &LocalUploads,
    s3: &S3Uploads,
    batch: &[Item],
    options: MigrateOptions,
    summary: &mut MigrateSummary,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> Vec<Item> {
    let mut waiting = batch.iter().cloned();
    let mut running: JoinSet<(Item, Result<CopyOutcome, CopyError>)> = JoinSet::new();
    let spawn = |running: &mut JoinSet<(Item, Result<CopyOutcome, CopyError>)>, item: Item| {
        let (local, s3) = (local.clone(), s3.clone());
        running.spawn(async move {
            let outcome = copy_one(&local, &s3, &item, options.dry_run).await;
            (item, outcome)
        });
    };
    for item in waiting.by_ref().take(options.concurrency.max(1)) {
        spawn(&mut running, item);
    }
    let mut in_bucket = Vec::with_capacity(batch.len());
    while let Some(joined) = running.join_next().await {
        let (item, outcome) = joined.expect("a copy task does not panic");
        if let Some(next) = waiting.next() {
            spawn(&mut running, next);
        }
        match &outcome {
            Ok(CopyOutcome::Copied) => summary.copied += 1,
            Ok(CopyOutcome::AlreadyThere) => summary.already_in_bucket += 1,
            Ok(CopyOutcome::Vanished) => summary.vanished += 1,
            Err(err) => summary.failed.push(FailedFile {
                key: item.key.to_string(),
                cause: err.cause(),
                error: err.to_string(),
            }),
        }
        let reported = outcome.as_ref().map(|copy| *copy).map_err(ToString::to_string);
        progress(Progress::File { key: item.key.clone(), outcome: reported });
        if matches!(outcome, Ok(CopyOutcome::Copied | CopyOutcome::AlreadyThere)) {
            in_bucket.push(item);
        }
    }
    in_bucket.sort_by(|a, b| a.key.cmp(&b.key));
    in_bucket
}

/// Why one file could not be copied.
#[derive(Debug, thiserror::Error)]
enum CopyError {
    #[error(transparent)]
    Upload(#[from] UploadError),
    #[error("the object differs from the local file after the upload: {0}")]
    Differs(String),
}

impl CopyError {
    fn cause(&self) -> Cause {
        match self {
            Self::Upload(err) => err.cause(),
            Self::Differs(_) => Cause::Other,
        }
    }
}

async fn copy_one(
    local: &LocalUploads,
    s3: &S3Uploads,
    item: &Item,
    dry_run: bool,
) -> Result<CopyOutcome, CopyError> {
    let local_uploader = Uploader::Local(local.clone());
    let bucket = Uploader::S3(s3.clone());
    let Some(bytes) = local_uploader.get(&item.key).await? else {
        return Ok(CopyOutcome::Vanished);
    };
    let size = bytes.len() as u64;
    let digests = Digests::of(&bytes);
    if same_object(&bucket, &item.key, size, &digests).await? == Some(true) {
        return Ok(CopyOutcome::AlreadyThere);
    }
    if dry_run {
        return Ok(CopyOutcome::Copied);
    }
    bucket.put(&item.key, bytes, item.mime()).await?;
    match same_object(&bucket, &item.key, size, &digests).await? {
        Some(true) => Ok(CopyOutcome::Copied),
        Some(false) => {
            Err(CopyError::Differs(format!("{size} bytes with SHA-256 {} were sent", digests.sha256)))
        }
        None => Err(CopyError::Differs("the object is missing right after it was written".into())),
    }
}

/// Whether the object under `key` holds the bytes of `digests`: `None` when there is no object.
/// When the service keeps no checksum to compare, the object is read back.
async fn same_object(
    bucket: &Uploader,
    key: &ObjectKey,
    size: u64,
    digests: &Digests,
) -> Result<Option<bool>, UploadError> {
    let Some(info) = bucket.head(key).await? else { return Ok(None) };
    Ok(Some(match info.verify(size, digests) {
        Verdict::Same => true,
        Verdict::Differs(_) => false,
        Verdict::Unknown => bucket.get(key).await?.is_some_and(|stored| Digests::of(&stored) == *digests),
    }))
}

/// What an account's URL says about a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reference {
    /// It points at the local file.
    Local,
    /// It points at the file's copy in the bucket.
    Bucket,
    /// It points elsewhere (or the account is gone): no account refers to the file.
    None,
}

fn reference(url: Option<&str>, key: &ObjectKey, local: &LocalUploads, s3: &S3Uploads) -> Reference {
    let Some(url) = url else { return Reference::None };
    if local.key_of_url(url).as_ref() == Some(key) {
        Reference::Local
    } else if s3.key_of_url(url).as_ref() == Some(key) {
        Reference::Bucket
    } else {
        Reference::None
    }
}

/// Counts a copied file by what its URL said before the rewrite; whether its local copy may go
/// (its URL points at the bucket now).
fn tally(found: Reference, summary: &mut MigrateSummary) -> bool {
    match found {
        Reference::Local => summary.urls_rewritten += 1,
        Reference::Bucket => summary.urls_already_rewritten += 1,
        Reference::None => summary.unreferenced += 1,
    }
    found != Reference::None
}

/// Rewrites, in one unit of work, the URLs of the accounts whose images are among `copied`; then
/// (with `delete_local`) deletes the local files whose URL points at the bucket.
async fn rewrite_batch(
    store: &Store,
    local: &LocalUploads,
    s3: &S3Uploads,
    copied: &[Item],
    options: MigrateOptions,
    summary: &mut MigrateSummary,
) -> Result<(), MigrateError> {
    let mut by_account: BTreeMap<AccountId, Vec<(&Item, ProfileImage)>> = BTreeMap::new();
    let mut attachments = Vec::new();
    for item in copied {
        match &item.name {
            Name::Profile(name) => by_account.entry(name.account).or_default().push((item, name.which)),
            Name::Attachment(_) => attachments.push(item),
        }
    }
    let mut tx = if options.dry_run { None } else { Some(store.begin().await?) };
    let mut deletable = Vec::new();
    for item in attachments {
        let key = item.key.as_str();
        let url = match tx.as_mut() {
            Some(tx) => tx.attachment_file_url(key).await?,
            None => store.attachment_file_url(key).await?,
        };
        let found = reference(url.as_deref(), &item.key, local, s3);
        if found == Reference::Local
            && let Some(tx) = tx.as_mut()
        {
            tx.set_attachment_file_url(key, &s3.url(&item.key)).await?;
        }
        if tally(found, summary) {
            deletable.push(item);
        }
    }
    for (account, items) in by_account {
        let urls = match tx.as_mut() {
            Some(tx) => tx.profile_image_urls(account).await?,
            None => store.profile_image_urls(account).await?,
        };
        let before = urls.unwrap_or_default();
        let mut after = before.clone();
        for (item, which) in items {
            let slot = match which {
                ProfileImage::Avatar => &mut after.avatar_url,
                ProfileImage::Header => &mut after.header_url,
            };
            let found = reference(slot.as_deref(), &item.key, local, s3);
            if found == Reference::Local {
                *slot = Some(s3.url(&item.key));
            }
            if tally(found, summary) {
                deletable.push(item);
            }
        }
        if after != before
            && let Some(tx) = tx.as_mut()
        {
            tx.set_profile_image_urls(account, &after).await?;
        }
    }
    if let Some(tx) = tx {
        tx.commit().await?;
    }
    if !options.delete_local {
        return Ok(());
    }
    // Committed: the URLs point at the bucket, so the local files are referred to by nothing.
    for item in deletable {
        if options.dry_run {
            summary.local_deleted += 1;
            continue;
        }
        match Uploader::Local(local.clone()).delete(&item.key).await {
            Ok(()) => summary.local_deleted += 1,
            Err(err) => summary.failed.push(FailedFile {
                key: item.key.to_string(),
                cause: err.cause(),
                error: format!("copied and its URL rewritten, but the local file stays: {err}"),
            }),
        }
    }
    Ok(())
}
