//! Media attachments: files uploaded for statuses, stored through the uploads backend.

use serde::Serialize;

use super::{AccountId, MediaId, StatusId, Timestamp};

/// What kind of media an attachment holds (Mastodon's `type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaKind {
    /// A still image (PNG, JPEG, WebP) or a GIF kept as it was sent.
    Image,
    /// A looping video without sound.
    Gifv,
    /// A video.
    Video,
    /// Sound.
    Audio,
    /// Anything else (remote media of a type not known here).
    Unknown,
}

impl MediaKind {
    /// The name Mastodon's API and the database use.
    pub fn as_str(self) -> &'static str {
        match self {
            MediaKind::Image => "image",
            MediaKind::Gifv => "gifv",
            MediaKind::Video => "video",
            MediaKind::Audio => "audio",
            MediaKind::Unknown => "unknown",
        }
    }
}

impl TryFrom<String> for MediaKind {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Ok(match s.as_str() {
            "image" => MediaKind::Image,
            "gifv" => MediaKind::Gifv,
            "video" => MediaKind::Video,
            "audio" => MediaKind::Audio,
            _ => MediaKind::Unknown,
        })
    }
}

/// The point of an image that must stay visible when a client crops it: `x` from -1 (left) to 1
/// (right), `y` from -1 (bottom) to 1 (top), as Mastodon's focal points.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Focus {
    /// Horizontal position, -1 to 1.
    pub x: f64,
    /// Vertical position, -1 to 1.
    pub y: f64,
}

// Focus values are checked to lie in -1..=1 before they are stored, so never NaN.
impl Eq for Focus {}

impl Focus {
    /// The centre, Mastodon's default.
    pub const CENTRE: Focus = Focus { x: 0.0, y: 0.0 };

    /// Parses Mastodon's `focus` parameter, `"x,y"` with both in -1..=1.
    pub fn parse(s: &str) -> Result<Self, String> {
        let invalid =
            || format!("`{s}` is not a focal point: give two numbers from -1.0 to 1.0, like 0.5,-0.25");
        let (x, y) = s.split_once(',').ok_or_else(invalid)?;
        let x: f64 = x.trim().parse().map_err(|_| invalid())?;
        let y: f64 = y.trim().parse().map_err(|_| invalid())?;
        if !((-1.0..=1.0).contains(&x) && (-1.0..=1.0).contains(&y)) {
            return Err(invalid());
        }
        Ok(Focus { x, y })
    }
}

/// The size of an image, in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Dimensions {
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

/// A stored media attachment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attachment {
    /// Its id.
    pub id: MediaId,
    /// Who uploaded it.
    pub account_id: AccountId,
    /// The status it is attached to; `None` until a status uses it.
    pub status_id: Option<StatusId>,
    /// What it holds.
    pub kind: MediaKind,
    /// The media type of the original file.
    pub content_type: String,
    /// The original file's key in the uploads backend.
    pub file_key: Option<String>,
    /// The original file's public URL.
    pub url: Option<String>,
    /// The original file's size in bytes.
    pub file_size: Option<i64>,
    /// The original's size in pixels (images).
    pub original: Option<Dimensions>,
    /// The preview's key in the uploads backend.
    pub preview_key: Option<String>,
    /// The preview's public URL.
    pub preview_url: Option<String>,
    /// The preview's size in pixels.
    pub small: Option<Dimensions>,
    /// Where the file lives on another server (remote media).
    pub remote_url: Option<String>,
    /// A compact blurred placeholder (<https://blurha.sh>).
    pub blurhash: Option<String>,
    /// Alt text.
    pub description: Option<String>,
    /// The focal point.
    pub focus: Option<Focus>,
    /// Its place among its status's attachments, from 0.
    pub position: i32,
    /// When it was uploaded.
    pub created_at: Timestamp,
}

/// What storing a new attachment takes.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAttachment {
    /// Its id.
    pub id: MediaId,
    /// The uploader.
    pub account_id: AccountId,
    /// What it holds.
    pub kind: MediaKind,
    /// The media type of the original file.
    pub content_type: String,
    /// The original file's key and URL.
    pub file_key: String,
    /// The original file's public URL.
    pub url: String,
    /// The original file's size in bytes.
    pub file_size: i64,
    /// The original's size in pixels.
    pub original: Option<Dimensions>,
    /// The preview's key.
    pub preview_key: Option<String>,
    /// The preview's public URL.
    pub preview_url: Option<String>,
    /// The preview's size in pixels.
    pub small: Option<Dimensions>,
    /// A compact blurred placeholder.
    pub blurhash: Option<String>,
    /// Alt text.
    pub description: Option<String>,
    /// The focal point.
    pub focus: Option<Focus>,
    /// When it was uploaded.
    pub created_at: Timestamp,
}

impl NewAttachment {
    /// The attachment as storing it leaves it: no status yet, first in place.
    pub fn stored(self) -> Attachment {
        Attachment {
            id: self.id,
            account_id: self.account_id,
            status_id: None,
            kind: self.kind,
            content_type: self.content_type,
            file_key: Some(self.file_key),
            url: Some(self.url),
            file_size: Some(self.file_size),
            original: self.original,
            preview_key: self.preview_key,
            preview_url: self.preview_url,
            small: self.small,
            remote_url: None,
            blurhash: self.blurhash,
            description: self.description,
            focus: self.focus,
            position: 0,
            created_at: self.created_at,
        }
    }
}
