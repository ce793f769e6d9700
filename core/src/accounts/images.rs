//! Avatar and header images of local accounts, kept on the local uploads backend.
//!
//! Only the container formats clients send for profiles are accepted (PNG, JPEG, WebP, GIF),
//! recognised by their bytes, not by what the client claims. With `uploads.strip_exif` (the
//! default) EXIF metadata, which can hold the place a photo was taken, is removed before the file
//! is written; the pixels are left as they are (img-parts edits the container without re-encoding).

use std::path::{Path, PathBuf};

use img_parts::{Bytes, DynImage, ImageEXIF};

use super::LocalUrls;
use crate::auth::BearerSecret;
use crate::config::{Config, UploadsBackend};
use crate::model::AccountId;

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
    /// The image could not be parsed for EXIF removal.
    #[error("{field}: the image is damaged: {reason}")]
    Damaged {
        /// The form field.
        field: &'static str,
        /// What the image parser reported.
        reason: String,
    },
    /// `uploads.backend` is not `local`; profile images are stored only there for now.
    #[error(
        "{field}: profile images are stored on the local uploads backend only for now (uploads.backend = \"local\")"
    )]
    UnsupportedBackend {
        /// The form field.
        field: &'static str,
    },
    /// The file could not be written under the uploads directory.
    #[error("cannot write {path}: {source} (check that uploads.local_dir is writable)")]
    Write {
        /// The file or directory that could not be written.
        path: PathBuf,
        /// What the operating system reported.
        #[source]
        source: std::io::Error,
    },
}

/// The directory of the local uploads backend: `uploads.local_dir`, relative to the working
/// directory like `instance.data_dir` (`config check` refuses one that overlaps it).
pub fn uploads_dir(config: &Config) -> PathBuf {
    config.uploads.local_dir.clone()
}

/// The URL path local uploads are served under.
pub const MEDIA_PATH: &str = "/media";

fn kind_of(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else if bytes.starts_with(b"\xff\xd8\xff") {
        Some("jpg")
    } else if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("webp")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("gif")
    } else {
        None
    }
}

/// Checks an uploaded profile image, strips its EXIF data when configured, and returns the bytes to
/// store with their file extension.
pub fn prepare(
    config: &Config,
    which: ProfileImage,
    bytes: Vec<u8>,
) -> Result<(Vec<u8>, &'static str), ImageError> {
    let field = which.field();
    let limit = config.uploads.size_limit_bytes;
    if bytes.len() as u64 > limit {
        return Err(ImageError::TooLarge { field, size: bytes.len(), limit });
    }
    let ext = kind_of(&bytes).ok_or(ImageError::UnsupportedType { field })?;
    if !config.uploads.strip_exif || ext == "gif" {
        return Ok((bytes, ext));
    }
    let image = DynImage::from_bytes(Bytes::from(bytes))
        .map_err(|e| ImageError::Damaged { field, reason: e.to_string() })?;
    let Some(mut image) = image else { return Err(ImageError::UnsupportedType { field }) };
    image.set_exif(None);
    Ok((image.encoder().bytes().to_vec(), ext))
}

/// Stores an account's avatar or header on the local backend (written to a temporary file, then
/// renamed, so a reader never sees half a file) and returns its public URL.
pub async fn store(
    config: &Config,
    account: AccountId,
    which: ProfileImage,
    bytes: Vec<u8>,
) -> Result<String, ImageError> {
    let field = which.field();
    if config.uploads.backend != UploadsBackend::Local {
        return Err(ImageError::UnsupportedBackend { field });
    }
    let (bytes, ext) = prepare(config, which, bytes)?;
    // A new name for every upload: clients and caches never see a stale image under an old URL.
    let name = format!("{}.{ext}", BearerSecret::generate().expose());
    let relative = Path::new("accounts").join(which.folder()).join(account.to_string()).join(&name);
    let path = uploads_dir(config).join(&relative);
    let write_error = |source| ImageError::Write { path: path.clone(), source };
    let dir = path.parent().expect("the path has a folder");
    tokio::fs::create_dir_all(dir).await.map_err(write_error)?;
    let temp = dir.join(format!(".{name}.tmp"));
    tokio::fs::write(&temp, &bytes).await.map_err(write_error)?;
    tokio::fs::rename(&temp, &path).await.map_err(write_error)?;
    let url_path = relative.to_string_lossy().replace(std::path::MAIN_SEPARATOR, "/");
    Ok(format!("{}{MEDIA_PATH}/{url_path}", LocalUrls::from_config(config).base()))
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
        let (bytes, ext) = prepare(&config, ProfileImage::Avatar, jpeg_with_exif()).unwrap();
        assert_eq!(ext, "jpg");
        assert!(!bytes.windows(10).any(|w| w == b"GPS-SECRET"), "EXIF must be gone");
        assert!(bytes.starts_with(&[0xff, 0xd8]));
    }

    #[test]
    fn exif_is_kept_when_stripping_is_off() {
        let mut config = Config::default();
        config.uploads.strip_exif = false;
        let (bytes, _) = prepare(&config, ProfileImage::Avatar, jpeg_with_exif()).unwrap();
        assert!(bytes.windows(10).any(|w| w == b"GPS-SECRET"));
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
}
