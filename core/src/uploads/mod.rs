//! Where uploaded files go: one interface, [`Uploader`], over two backends, [`LocalUploads`]
//! (files under `uploads.local_dir`, served by plero under `/media/`) and [`S3Uploads`] (a bucket
//! of AWS S3 or an S3-compatible service, served by it or by a CDN in front of it).
//!
//! Every upload (avatars, headers and status attachments) is written through an
//! [`Uploader`] made once from the configuration ([`Uploader::from_config`]). Objects are written
//! under names that are never reused ([`ObjectKey`]: content-addressed or random), so what is
//! under a name never changes and clients may cache it for a year ([`CACHE_CONTROL`]).
//!
//! `pleroctl uploads check` is [`check`], `pleroctl uploads migrate` is [`migrate`].

pub mod check;
mod key;
mod local;
pub mod migrate;
mod s3;

use std::path::PathBuf;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use sha2::Digest;

pub use key::ObjectKey;
pub use local::LocalUploads;
pub use s3::{S3Failure, S3Uploads};

use crate::config::{Config, UploadsBackend};

/// `Cache-Control` of every stored object: names are never reused, so an object never changes.
pub const CACHE_CONTROL: &str = "public, max-age=31536000, immutable";

/// The URL path local uploads are served under.
pub const MEDIA_PATH: &str = "/media";

/// The configured uploads backend: the single way uploads are written, read and deleted. Cheap to
/// clone (the S3 client is shared).
#[derive(Debug, Clone)]
pub enum Uploader {
    /// Files under `uploads.local_dir`.
    Local(LocalUploads),
    /// Objects in `uploads.s3_bucket`.
    S3(S3Uploads),
}

impl Uploader {
    /// The backend `uploads.backend` names. No I/O: the S3 client is made on first use.
    pub fn from_config(config: &Config) -> Self {
        match config.uploads.backend {
            UploadsBackend::Local => Self::Local(LocalUploads::from_config(config)),
            UploadsBackend::S3 => Self::S3(S3Uploads::from_config(config)),
        }
    }

    /// Which backend this is.
    pub fn backend(&self) -> UploadsBackend {
        match self {
            Self::Local(_) => UploadsBackend::Local,
            Self::S3(_) => UploadsBackend::S3,
        }
    }

    /// Stores `bytes` under `key` with their media type (and, on S3, [`CACHE_CONTROL`] and
    /// checksums the service verifies on receipt). Returns the URL clients fetch it from.
    pub async fn put(
        &self,
        key: &ObjectKey,
        bytes: Vec<u8>,
        content_type: &str,
    ) -> Result<String, UploadError> {
        match self {
            Self::Local(local) => local.put(key, bytes).await,
            Self::S3(s3) => s3.put(key, bytes, content_type).await,
        }
    }

    /// The bytes stored under `key`; `None` when there is no such object.
    pub async fn get(&self, key: &ObjectKey) -> Result<Option<Vec<u8>>, UploadError> {
        match self {
            Self::Local(local) => local.get(key).await,
            Self::S3(s3) => s3.get(key).await,
        }
    }

    /// The size and checksums of the object under `key`; `None` when there is none.
    pub async fn head(&self, key: &ObjectKey) -> Result<Option<ObjectInfo>, UploadError> {
        match self {
            Self::Local(local) => local.head(key).await,
            Self::S3(s3) => s3.head(key).await,
        }
    }

    /// Deletes the object under `key`; one that is gone already is no error.
    pub async fn delete(&self, key: &ObjectKey) -> Result<(), UploadError> {
        match self {
            Self::Local(local) => local.delete(key).await,
            Self::S3(s3) => s3.delete(key).await,
        }
    }

    /// Deletes every object under the folder `prefix` (an account's avatars, say).
    pub async fn delete_folder(&self, prefix: &ObjectKey) -> Result<(), UploadError> {
        match self {
            Self::Local(local) => local.delete_folder(prefix).await,
            Self::S3(s3) => s3.delete_folder(prefix).await,
        }
    }

    /// The URL clients fetch `key` from.
    pub fn url(&self, key: &ObjectKey) -> String {
        match self {
            Self::Local(local) => local.url(key),
            Self::S3(s3) => s3.url(key),
        }
    }

    /// The key a URL this backend made points at; `None` for any other URL.
    pub fn key_of_url(&self, url: &str) -> Option<ObjectKey> {
        match self {
            Self::Local(local) => local.key_of_url(url),
            Self::S3(s3) => s3.key_of_url(url),
        }
    }

    /// Where objects go, for messages: `uploads.local_dir "uploads"` or `s3://bucket at endpoint`.
    pub fn describe(&self) -> String {
        match self {
            Self::Local(local) => format!("uploads.local_dir {:?}", local.root().display().to_string()),
            Self::S3(s3) => s3.describe(),
        }
    }
}

/// What a backend says about a stored object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectInfo {
    /// Its size in bytes.
    pub size: u64,
    /// Its SHA-256 checksum (base64), when the service kept the one it was given.
    pub sha256: Option<String>,
    /// Its MD5 (hex), when the ETag is one (a single-part upload without KMS encryption).
    pub md5: Option<String>,
}

/// Whether a stored object holds the bytes it should.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Same size and checksum.
    Same,
    /// It differs: what did.
    Differs(String),
    /// Same size, but the service gave no checksum to compare (the bytes must be read back).
    Unknown,
}

impl ObjectInfo {
    /// Compares the object with the `size` bytes whose digests are `digests`.
    pub fn verify(&self, size: u64, digests: &Digests) -> Verdict {
        if self.size != size {
            return Verdict::Differs(format!("{} bytes stored, {size} expected", self.size));
        }
        match (&self.sha256, &self.md5) {
            (Some(sha256), _) if *sha256 == digests.sha256 => Verdict::Same,
            (Some(sha256), _) => {
                Verdict::Differs(format!("SHA-256 {sha256} stored, {} expected", digests.sha256))
            }
            (None, Some(md5)) if *md5 == digests.md5_hex => Verdict::Same,
            (None, Some(md5)) => Verdict::Differs(format!("MD5 {md5} stored, {} expected", digests.md5_hex)),
            (None, None) => Verdict::Unknown,
        }
    }
}

/// The checksums of some bytes, in the forms S3 speaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digests {
    /// SHA-256, base64 (`x-amz-checksum-sha256`).
    pub sha256: String,
    /// MD5, hex (a single-part upload's ETag).
    pub md5_hex: String,
    /// MD5, base64 (`Content-MD5`).
    pub md5_base64: String,
}

impl Digests {
    /// The digests of `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        let md5 = md5::Md5::digest(bytes);
        Self {
            sha256: BASE64.encode(sha2::Sha256::digest(bytes)),
            md5_hex: hex::encode(md5),
            md5_base64: BASE64.encode(md5),
        }
    }
}

/// Why an upload, read or deletion failed. [`UploadError::cause`] says which part is at fault.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    /// A file of the local backend could not be written, read or deleted.
    #[error(
        "cannot {action} {path}: {source} (check that uploads.local_dir exists and plero may write to it)"
    )]
    Local {
        /// `write`, `read` or `delete`.
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// What the operating system reported.
        #[source]
        source: std::io::Error,
    },
    /// A request to the bucket failed.
    #[error("S3 {action} of {key:?} in bucket {bucket:?} failed: {failure}")]
    S3 {
        /// The S3 action (`PutObject`, `GetObject`, …), as IAM policies name it.
        action: &'static str,
        /// The bucket.
        bucket: String,
        /// The object's key (or the folder listed).
        key: String,
        /// What went wrong.
        #[source]
        failure: S3Failure,
    },
}

/// Which part of the set-up an [`UploadError`] points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// No credentials were found, or they were refused.
    Credentials,
    /// The bucket does not exist.
    Bucket,
    /// The credentials may not do what was asked.
    Permissions,
    /// The endpoint cannot be reached, or did not answer in time.
    Endpoint,
    /// The local uploads directory cannot be written or read.
    Disk,
    /// Anything else (the service's message says what).
    Other,
}

impl Cause {
    /// Its name, as in JSON: `credentials`, `bucket`, `permissions`, `endpoint`, `disk`, `other`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Credentials => "credentials",
            Self::Bucket => "bucket",
            Self::Permissions => "permissions",
            Self::Endpoint => "endpoint",
            Self::Disk => "disk",
            Self::Other => "other",
        }
    }
}

impl UploadError {
    /// Which part of the set-up is at fault.
    pub fn cause(&self) -> Cause {
        match self {
            Self::Local { .. } => Cause::Disk,
            Self::S3 { failure, .. } => failure.cause(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(size: u64, sha256: Option<&str>, md5: Option<&str>) -> ObjectInfo {
        ObjectInfo { size, sha256: sha256.map(Into::into), md5: md5.map(Into::into) }
    }

    #[test]
    fn an_object_is_verified_by_size_then_sha256_then_an_md5_etag() {
        let bytes = b"hello";
        let d = Digests::of(bytes);
        assert_eq!(d.md5_hex, "5d41402abc4b2a76b9719d911017c592");
        assert_eq!(d.sha256, "LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=");
        assert_eq!(info(5, Some(&d.sha256), None).verify(5, &d), Verdict::Same);
        assert_eq!(info(5, None, Some(&d.md5_hex)).verify(5, &d), Verdict::Same);
        assert!(matches!(info(4, Some(&d.sha256), None).verify(5, &d), Verdict::Differs(_)));
        assert!(matches!(info(5, Some("x"), Some(&d.md5_hex)).verify(5, &d), Verdict::Differs(_)));
        assert!(matches!(info(5, None, Some("00")).verify(5, &d), Verdict::Differs(_)));
        assert_eq!(info(5, None, None).verify(5, &d), Verdict::Unknown);
    }
}
