//! Mastodon's `MediaAttachment`, rendered from core's attachments.

use serde::Serialize;

use plero_core::model::{Attachment, Dimensions, Focus};

#[derive(Debug, Clone, Serialize)]
pub struct MediaSize {
    pub width: u32,
    pub height: u32,
    /// `"640x480"`.
    pub size: String,
    pub aspect: f64,
}

impl MediaSize {
    fn of(d: Dimensions) -> Self {
        Self {
            width: d.width,
            height: d.height,
            size: format!("{}x{}", d.width, d.height),
            aspect: f64::from(d.width) / f64::from(d.height),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct MediaMeta {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original: Option<MediaSize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub small: Option<MediaSize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub focus: Option<Focus>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MediaAttachment {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub url: Option<String>,
    pub preview_url: Option<String>,
    pub remote_url: Option<String>,
    pub preview_remote_url: Option<String>,
    pub text_url: Option<String>,
    pub meta: MediaMeta,
    pub description: Option<String>,
    pub blurhash: Option<String>,
}

impl MediaAttachment {
    pub fn from_core(attachment: &Attachment) -> Self {
        Self {
            id: attachment.id.to_string(),
            kind: attachment.kind.as_str(),
            url: attachment.url.clone().or_else(|| attachment.remote_url.clone()),
            preview_url: attachment.preview_url.clone(),
            remote_url: attachment.remote_url.clone(),
            preview_remote_url: None,
            text_url: None,
            meta: MediaMeta {
                original: attachment.original.map(MediaSize::of),
                small: attachment.small.map(MediaSize::of),
                focus: attachment.focus,
            },
            description: attachment.description.clone().filter(|d| !d.is_empty()),
            blurhash: attachment.blurhash.clone(),
        }
    }
}
