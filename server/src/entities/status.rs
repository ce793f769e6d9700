//! Mastodon's `Status` (with its `Mention` and `Tag`), rendered from core's status views, plus
//! Pleroma's `pleroma` extension fields.

use chrono::SecondsFormat;
use serde::Serialize;

use plero_core::model::Timestamp;
use plero_core::statuses::StatusView;

use super::account::SharedAccount;
use super::{Account, MediaAttachment};

/// Mastodon's timestamps: RFC 3339 with milliseconds, in UTC (`2024-05-01T12:00:00.000Z`).
pub fn timestamp(at: Timestamp) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

#[derive(Debug, Clone, Serialize)]
pub struct Mention {
    pub id: String,
    pub username: String,
    pub url: String,
    pub acct: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tag {
    pub name: String,
    pub url: String,
    /// Mastodon's status tags carry no usage history, but megalodon (Whalebird, Fedistar) refuses a
    /// tag without one: an empty history costs nothing and keeps those apps reading tagged posts.
    pub history: [(); 0],
}

/// Pleroma's additions, which Pleroma-aware apps (Akkoma-fe, Husky) read.
#[derive(Debug, Clone, Serialize)]
pub struct PleromaStatus {
    pub local: bool,
    pub in_reply_to_account_acct: Option<String>,
    /// The viewer muted this status's conversation (Pleroma's name for Mastodon's `muted`).
    pub thread_muted: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Status {
    pub id: String,
    pub uri: String,
    pub url: Option<String>,
    pub created_at: String,
    pub edited_at: Option<String>,
    pub account: SharedAccount,
    pub content: String,
    pub visibility: &'static str,
    pub sensitive: bool,
    pub spoiler_text: String,
    pub language: Option<String>,
    pub in_reply_to_id: Option<String>,
    pub in_reply_to_account_id: Option<String>,
    pub reblog: Option<Box<Status>>,
    pub media_attachments: Vec<MediaAttachment>,
    pub mentions: Vec<Mention>,
    pub tags: Vec<Tag>,
    pub emojis: Vec<serde_json::Value>,
    pub replies_count: i64,
    pub reblogs_count: i64,
    pub favourites_count: i64,
    pub poll: Option<serde_json::Value>,
    pub card: Option<serde_json::Value>,
    pub filtered: Vec<serde_json::Value>,
    /// The source text: only in the answer to a delete (for "delete and redraft").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// What the viewer did to it: only for a signed-in viewer, as Mastodon.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub favourited: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reblogged: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub muted: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bookmarked: Option<bool>,
    /// Only on the viewer's own statuses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pinned: Option<bool>,
    pub pleroma: PleromaStatus,
}

impl Status {
    /// `view` as the viewer it was loaded for sees it (the viewer's marks only when signed in);
    /// `base` is the instance's public URL.
    pub fn from_view(view: &StatusView, base: &str) -> Self {
        let status = &view.status;
        let own = view.viewer.is_some().then_some(view.marks);
        let in_reply_to_account_acct = status.in_reply_to_account_id.and_then(|id| {
            view.mentions.iter().find(|m| m.account_id == id).map(|m| match &m.domain {
                None => m.nickname.clone(),
                Some(domain) => format!("{}@{domain}", m.nickname),
            })
        });
        Self {
            id: status.id.to_string(),
            uri: status.uri.clone(),
            url: status.url.clone(),
            created_at: timestamp(status.created_at),
            edited_at: status.edited_at.map(timestamp),
            account: SharedAccount::from_core(&view.account, base),
            content: status.content.clone(),
            visibility: status.visibility.as_str(),
            sensitive: status.sensitive,
            spoiler_text: status.spoiler_text.clone(),
            language: status.language.clone(),
            in_reply_to_id: status.in_reply_to_id.map(|id| id.to_string()),
            in_reply_to_account_id: status.in_reply_to_account_id.map(|id| id.to_string()),
            reblog: view.reblog.as_ref().map(|original| Box::new(Status::from_view(original, base))),
            media_attachments: view.media.iter().map(MediaAttachment::from_core).collect(),
            mentions: view
                .mentions
                .iter()
                .map(|m| Mention {
                    id: m.account_id.to_string(),
                    username: m.nickname.clone(),
                    url: m.url.clone(),
                    acct: match &m.domain {
                        None => m.nickname.clone(),
                        Some(domain) => format!("{}@{domain}", m.nickname),
                    },
                })
                .collect(),
            tags: view
                .tags
                .iter()
                .map(|t| {
                    let name = t.name.to_lowercase();
                    Tag { url: format!("{base}/tags/{name}"), name, history: [] }
                })
                .collect(),
            emojis: Vec::new(),
            replies_count: status.replies_count,
            reblogs_count: status.reblogs_count,
            favourites_count: status.favourites_count,
            poll: None,
            card: None,
            filtered: Vec::new(),
            text: None,
            favourited: own.map(|m| m.favourited),
            reblogged: own.map(|m| m.reblogged),
            muted: own.map(|m| m.muted),
            bookmarked: own.map(|m| m.bookmarked),
            // Only on the viewer's own statuses that can be pinned, as Mastodon.
            pinned: (view.viewer == Some(status.account_id)
                && status.visibility.is_open()
                && status.reblog_of_id.is_none())
            .then_some(view.marks.pinned),
            pleroma: PleromaStatus {
                local: status.local,
                in_reply_to_account_acct,
                thread_muted: view.marks.muted,
            },
        }
    }
}

/// One version of a status (`/api/v1/statuses/:id/history`).
#[derive(Debug, Clone, Serialize)]
pub struct StatusEdit {
    pub content: String,
    pub spoiler_text: String,
    pub sensitive: bool,
    pub created_at: String,
    pub account: Account,
    pub poll: Option<serde_json::Value>,
    pub media_attachments: Vec<MediaAttachment>,
    pub emojis: Vec<serde_json::Value>,
}

/// The text of a status as written (`/api/v1/statuses/:id/source`).
#[derive(Debug, Clone, Serialize)]
pub struct StatusSource {
    pub id: String,
    pub text: String,
    pub spoiler_text: String,
    /// Pleroma's: how `text` is written, `text/plain` or `text/markdown`.
    pub content_type: &'static str,
}
