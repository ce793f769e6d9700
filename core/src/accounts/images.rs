//! Avatar and header images of local accounts, stored through the configured [`Uploader`]
//! (`uploads.backend`: the local directory or an S3 bucket).
//!
//! Only the container formats clients send for profiles are accepted (PNG, JPEG, WebP, GIF),
//! recognised by their bytes, not by what the client claims. With `uploads.strip_exif` (the
//! default) EXIF, XMP and IPTC metadata, which can hold the place a photo was taken, is removed
//! before the file is written (exactly what: [`super::image_metadata`]); the pixels are left as
//! they are.
//!
//! Every stored file has a name only plero makes ([`MediaName`]):
//! `accounts/{avatars|headers}/{account id}/{43 random URL-safe characters}.{png|jpg|webp|gif}`,
//! the same key on either backend (so `pleroctl uploads migrate` copies a file under its own name).
//! `/media/…` serves a path of the local backend only when it has that shape and the file is a
//! regular one, reached without symbolic links, whose bytes are of the type its extension says
//! ([`find_stored`]); so nothing else that lies in the uploads directory is ever served, and no
//! database query is needed to tell.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::auth::BearerSecret;
use crate::config::Config;
use crate::media::AttachmentName;
use crate::model::AccountId;
pub use crate::uploads::MEDIA_PATH;
use crate::uploads::{ObjectKey, UploadError, Uploader};

/// Which profile image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileImage {
    /// The small square picture shown next to the name.
    Avatar,
    /// The wide banner at the top of the profile.
    Header,
}

impl ProfileImage {
    /// The form field Mastodon's API names it by.
    pub fn field(self) -> &'static str {
        match self {
            ProfileImage::Avatar => "avatar",
            ProfileImage::Header => "header",
        }
    }

    fn folder(self) -> &'static str {
        match self {
            ProfileImage::Avatar => "avatars",
            ProfileImage::Header => "headers",
        }
    }

    fn of_folder(folder: &str) -> Option<Self> {
        [ProfileImage::Avatar, ProfileImage::Header].into_iter().find(|which| which.folder() == folder)
    }
}

/// The container format of an image, as its first bytes tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    /// PNG.
    Png,
    /// JPEG.
    Jpeg,
    /// WebP.
    WebP,
    /// GIF (87a or 89a).
    Gif,
}

impl ImageKind {
    const ALL: [ImageKind; 4] = [ImageKind::Png, ImageKind::Jpeg, ImageKind::WebP, ImageKind::Gif];

    /// The kind `bytes` start like; `None` for anything else.
    pub fn of(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(ImageKind::Png)
        } else if bytes.starts_with(b"\xff\xd8\xff") {
            Some(ImageKind::Jpeg)
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(ImageKind::WebP)
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            Some(ImageKind::Gif)
        } else {
            None
        }
    }

    /// The file extension plero stores it with.
    pub fn extension(self) -> &'static str {
        match self {
            ImageKind::Png => "png",
            ImageKind::Jpeg => "jpg",
            ImageKind::WebP => "webp",
            ImageKind::Gif => "gif",
        }
    }

    /// Its media type, sent as `Content-Type`.
    pub fn mime(self) -> &'static str {
        match self {
            ImageKind::Png => "image/png",
            ImageKind::Jpeg => "image/jpeg",
            ImageKind::WebP => "image/webp",
            ImageKind::Gif => "image/gif",
        }
    }

    pub(crate) fn of_extension(extension: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.extension() == extension)
    }
}

/// The name of a file plero stored: whose image, which one, a random part and the kind. Its
/// [`MediaName::path`] is relative to the uploads directory and also the URL path under
/// [`MEDIA_PATH`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaName {
    /// Whose image it is.
    pub account: AccountId,
    /// Avatar or header.
    pub which: ProfileImage,
    /// The image's format, named by the extension.
    pub kind: ImageKind,
    random: String,
}

/// How many characters the random part of a name has: 32 random bytes in URL-safe base64.
const RANDOM_CHARS: usize = 43;

impl MediaName {
    /// A fresh name: a new one for every upload, so clients and caches never see a stale image
    /// under an old URL.
    fn new(account: AccountId, which: ProfileImage, kind: ImageKind) -> Self {
        Self { account, which, kind, random: BearerSecret::generate().expose().to_string() }
    }

    /// `accounts/avatars/1234/…43 characters….png`.
    pub fn path(&self) -> String {
        format!("accounts/{}/{}/{}.{}", self.which.folder(), self.account, self.random, self.kind.extension())
    }

    /// The key it is stored under: its [`MediaName::path`].
    pub fn key(&self) -> ObjectKey {
        ObjectKey::parse(&self.path()).expect("names plero makes are keys")
    }

    /// The name `path` spells, if it is one plero could have made; anything else (other files,
    /// dotfiles, `..`, other folders, ids with leading zeros) is `None`.
    pub fn parse(path: &str) -> Option<Self> {
        let mut parts = path.split('/');
        let (Some("accounts"), Some(folder), Some(id), Some(file), None) =
            (parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        let which = ProfileImage::of_folder(folder)?;
        let account: AccountId = id.parse().ok()?;
        if account.to_string() != id {
            return None;
        }
        let (random, extension) = file.split_once('.')?;
        let kind = ImageKind::of_extension(extension)?;
        let url_safe = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
        if random.len() != RANDOM_CHARS || !random.bytes().all(url_safe) {
            return None;
        }
        Some(Self { account, which, kind, random: random.to_string() })
    }

    /// The name a URL of ours (`https://social.example/media/accounts/…`) points at; `None` for
    /// any other URL. The host is not compared: the URL was stored when the instance may have had
    /// another one, and the path alone names the file.
    pub fn of_url(url: &str) -> Option<Self> {
        let url = url::Url::parse(url).ok()?;
        Self::parse(url.path().strip_prefix(MEDIA_PATH)?.strip_prefix('/')?)
    }
}

/// Why a profile image was refused or not stored. `field` is the form field (`avatar` or
/// `header`, see [`ProfileImage::field`]), so the API can say which upload was wrong.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    /// The file is larger than `uploads.size_limit_bytes`.
    #[error("{field}: the file is {size} bytes, over the limit of {limit} bytes (uploads.size_limit_bytes)")]
    TooLarge {
        /// The form field.
        field: &'static str,
        /// The file's size in bytes.
        size: usize,
        /// The limit in bytes.
        limit: u64,
    },
    /// The bytes are not a PNG, JPEG, WebP or GIF image.
    #[error("{field}: not a PNG, JPEG, WebP or GIF image")]
    UnsupportedType {
        /// The form field.
        field: &'static str,
    },
    /// The image could not be parsed for metadata removal.
    #[error("{field}: the image is damaged: {reason}")]
    Damaged {
        /// The form field.
        field: &'static str,
        /// What the image parser reported.
        reason: String,
    },
    /// The uploads backend could not store or delete a file.
    #[error(transparent)]
    Upload(#[from] UploadError),
}

impl ImageError {
    /// The form field whose upload was refused; `None` for a failure of ours (a disk error).
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Self::TooLarge { field, .. } | Self::UnsupportedType { field } | Self::Damaged { field, .. } => {
                Some(field)
            }
            Self::Upload(_) => None,
        }
    }
}

/// The directory of the local uploads backend: `uploads.local_dir`, relative to the working
/// directory like `instance.data_dir` (`config check` refuses one that overlaps it).
pub fn uploads_dir(config: &Config) -> PathBuf {
    config.uploads.local_dir.clone()
}

/// An uploaded image that passed every check, ready to be written.
#[derive(Debug, Clone)]
pub struct PreparedImage {
    /// Avatar or header.
    pub which: ProfileImage,
    /// Its format.
    pub kind: ImageKind,
    bytes: Vec<u8>,
}

impl PreparedImage {
    /// The bytes that will be stored (metadata already removed when configured).
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

/// Checks an uploaded profile image and strips its metadata when configured; nothing is written.
pub fn prepare(config: &Config, which: ProfileImage, bytes: Vec<u8>) -> Result<PreparedImage, ImageError> {
    let field = which.field();
    let limit = config.uploads.size_limit_bytes;
    if bytes.len() as u64 > limit {
        return Err(ImageError::TooLarge { field, size: bytes.len(), limit });
    }
    let kind = ImageKind::of(&bytes).ok_or(ImageError::UnsupportedType { field })?;
    let bytes = if config.uploads.strip_exif {
        super::image_metadata::strip(kind, bytes)
            .map_err(|e| ImageError::Damaged { field, reason: e.to_string() })?
    } else {
        bytes
    };
    Ok(PreparedImage { which, kind, bytes })
}

/// A stored image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredImage {
    /// Its name.
    pub name: MediaName,
    /// Its public URL.
    pub url: String,
}

/// Stores `account`'s prepared image under a fresh name, with its media type.
pub async fn write(
    uploader: &Uploader,
    account: AccountId,
    image: PreparedImage,
) -> Result<StoredImage, ImageError> {
    let name = MediaName::new(account, image.which, image.kind);
    let url = uploader.put(&name.key(), image.bytes, image.kind.mime()).await?;
    Ok(StoredImage { name, url })
}

/// Deletes a stored image; one that is gone already is no error.
pub async fn remove(uploader: &Uploader, name: &MediaName) -> Result<(), ImageError> {
    Ok(uploader.delete(&name.key()).await?)
}

/// Deletes every image of `account`: its avatar and header folders and its attachments' folder,
/// with anything left in them.
pub async fn remove_account_images(uploader: &Uploader, account: AccountId) -> Result<(), ImageError> {
    for which in [ProfileImage::Avatar, ProfileImage::Header] {
        let folder = format!("accounts/{}/{account}", which.folder());
        uploader.delete_folder(&ObjectKey::parse(&folder).expect("an account's folder is a key")).await?;
    }
    uploader.delete_folder(&AttachmentName::account_folder(account)).await?;
    Ok(())
}

/// A stored file found for `/media/…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    /// Where it is on disk.
    pub path: PathBuf,
    /// Its format, checked against its bytes.
    pub kind: ImageKind,
}

/// The file plero stored at `path` (relative to the uploads directory, as in a `/media/` URL): a
/// profile image or a status's attachment; `None` when `path` is not a name plero makes
/// ([`MediaName::parse`], [`AttachmentName::parse`]), or the file is missing,
/// not a regular file, reached through a symbolic link, or not of its extension's type. A few
/// system calls, no database query: cheap enough for anonymous requests.
pub async fn find_stored(config: &Config, path: &str) -> Option<StoredFile> {
    let (relative, kind) = match MediaName::parse(path) {
        Some(name) => (name.path(), name.kind),
        None => {
            let name = AttachmentName::parse(path)?;
            (name.path(), name.kind)
        }
    };
    let root = uploads_dir(config);
    tokio::task::spawn_blocking(move || checked_file(&root, &relative, kind)).await.ok().flatten()
}

fn checked_file(root: &Path, relative: &str, kind: ImageKind) -> Option<StoredFile> {
    let root = root.canonicalize().ok()?;
    let path = root.join(relative);
    // A symbolic link anywhere below the uploads directory would make the real path differ.
    if path.canonicalize().ok()? != path || !std::fs::symlink_metadata(&path).ok()?.is_file() {
        return None;
    }
    let mut head = Vec::with_capacity(12);
    std::fs::File::open(&path).ok()?.take(12).read_to_end(&mut head).ok()?;
    (ImageKind::of(&head) == Some(kind)).then_some(StoredFile { path, kind })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 1×1 JPEG with an EXIF segment holding a marker string.
    fn jpeg_with_exif() -> Vec<u8> {
        let mut bytes = vec![0xff, 0xd8];
        let exif = b"Exif\0\0GPS-SECRET-LOCATION";
        bytes.extend_from_slice(&[0xff, 0xe1]);
        bytes.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
        bytes.extend_from_slice(exif);
        // Start of scan with an empty body, then end of image: enough for the container parser.
        bytes.extend_from_slice(&[0xff, 0xda, 0x00, 0x02, 0xff, 0xd9]);
        bytes
    }

    #[test]
    fn exif_is_stripped_from_jpeg() {
        let config = Config::default();
        let image = prepare(&config, ProfileImage::Avatar, jpeg_with_exif()).unwrap();
        assert_eq!(image.kind, ImageKind::Jpeg);
        assert!(!image.bytes().windows(10).any(|w| w == b"GPS-SECRET"), "EXIF must be gone");
        assert!(image.bytes().starts_with(&[0xff, 0xd8]));
    }

    #[test]
    fn exif_is_kept_when_stripping_is_off() {
        let mut config = Config::default();
        config.uploads.strip_exif = false;
        let image = prepare(&config, ProfileImage::Avatar, jpeg_with_exif()).unwrap();
        assert!(image.bytes().windows(10).any(|w| w == b"GPS-SECRET"));
    }

    #[test]
    fn a_non_image_is_refused_naming_the_field() {
        let err = prepare(&Config::default(), ProfileImage::Header, b"<svg>".to_vec()).unwrap_err();
        assert!(err.to_string().starts_with("header:"), "{err}");
    }

    #[test]
    fn an_image_over_the_limit_is_refused() {
        let mut config = Config::default();
        config.uploads.size_limit_bytes = 4;
        let err = prepare(&config, ProfileImage::Avatar, jpeg_with_exif()).unwrap_err();
        assert!(matches!(err, ImageError::TooLarge { .. }), "{err}");
    }

    #[test]
    fn names_plero_makes_parse_back_and_nothing_else_does() {
        let name = MediaName::new(AccountId(42), ProfileImage::Header, ImageKind::WebP);
        assert_eq!(MediaName::parse(&name.path()), Some(name.clone()));
        let url = format!("https://old.example{MEDIA_PATH}/{}", name.path());
        assert_eq!(MediaName::of_url(&url), Some(name.clone()));
        let random = &name.random;
        for other in [
            "plero.db".to_string(),
            "prod.secret.toml".into(),
            format!("accounts/avatars/42/.{random}.webp.tmp"),
            format!("accounts/avatars/042/{random}.webp"),
            format!("accounts/avatars/42/{random}.db"),
            format!("accounts/avatars/42/{random}.WEBP"),
            format!("accounts/avatars/42/{}.webp", &random[1..]),
            format!("accounts/avatars/42/{}!.webp", &random[1..]),
            format!("accounts/statuses/42/{random}.webp"),
            format!("accounts/avatars/../../plero.db/{random}.webp"),
            format!("accounts/avatars/42/{random}.webp/x"),
            format!("/accounts/avatars/42/{random}.webp"),
        ] {
            assert_eq!(MediaName::parse(&other), None, "{other}");
        }
        assert_eq!(MediaName::of_url("https://elsewhere.example/avatars/x.png"), None);
    }
}
