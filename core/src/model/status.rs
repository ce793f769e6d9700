//! Statuses (posts and reblogs) and who may see them.

use serde::Serialize;

use super::{AccountId, AppId, StatusId, Timestamp};

/// Who a status is addressed to, Mastodon's four levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    /// Everyone, and listed on the public timelines.
    Public,
    /// Everyone, but not listed on the public timelines.
    Unlisted,
    /// The author's followers and the accounts it mentions.
    Private,
    /// Only the accounts it mentions.
    Direct,
}

impl Visibility {
    /// Every level, widest first.
    pub const ALL: [Visibility; 4] =
        [Visibility::Public, Visibility::Unlisted, Visibility::Private, Visibility::Direct];

    /// The level as stored in `statuses.visibility` and written in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Unlisted => "unlisted",
            Visibility::Private => "private",
            Visibility::Direct => "direct",
        }
    }

    /// Whether anyone, signed in or not, may see it (public and unlisted).
    pub fn is_open(self) -> bool {
        matches!(self, Visibility::Public | Visibility::Unlisted)
    }
}

impl std::fmt::Display for Visibility {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Visibility {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Visibility::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| format!("`{s}` is not a visibility: use public, unlisted, private or direct"))
    }
}

impl TryFrom<String> for Visibility {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

/// How the text of a status is written (Pleroma's `content_type`), kept so that an edit renders
/// the text as it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub enum ContentType {
    /// Plain text: paragraphs, links, mentions and hashtags (the default).
    #[default]
    #[serde(rename = "text/plain")]
    Plain,
    /// Markdown (CommonMark with strikethrough), with links, mentions and hashtags in its text.
    #[serde(rename = "text/markdown")]
    Markdown,
}

impl ContentType {
    /// The media type, as stored in `statuses.content_type` and written in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            ContentType::Plain => "text/plain",
            ContentType::Markdown => "text/markdown",
        }
    }
}

impl std::str::FromStr for ContentType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "text/plain" => Ok(ContentType::Plain),
            "text/markdown" => Ok(ContentType::Markdown),
            other => {
                Err(format!("`{other}` is not a supported content type: use text/plain or text/markdown"))
            }
        }
    }
}

impl TryFrom<String> for ContentType {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

/// A stored status: a post, or a reblog of one (then `reblog_of_id` is set and the text is empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Status {
    /// Time-sortable id; timelines page by it.
    pub id: StatusId,
    /// Who posted (or reblogged) it.
    pub account_id: AccountId,
    /// Its ActivityPub id.
    pub uri: String,
    /// Its page for people; `None` for a reblog.
    pub url: Option<String>,
    /// The rendered, safe HTML.
    pub content: String,
    /// What the author wrote, for local statuses (edit and delete-and-redraft give it back).
    pub source_text: Option<String>,
    /// How `source_text` is written.
    #[sqlx(try_from = "String")]
    pub content_type: ContentType,
    /// The content warning; empty when none.
    pub spoiler_text: String,
    /// Who it is addressed to.
    #[sqlx(try_from = "String")]
    pub visibility: Visibility,
    /// Whether its media are hidden behind a warning.
    pub sensitive: bool,
    /// ISO 639 language code, when known.
    pub language: Option<String>,
    /// The status it answers.
    pub in_reply_to_id: Option<StatusId>,
    /// The author of the status it answers.
    pub in_reply_to_account_id: Option<AccountId>,
    /// The status it reblogs.
    pub reblog_of_id: Option<StatusId>,
    /// The application it was posted with, for local statuses.
    pub app_id: Option<AppId>,
    /// Posted here, not received from another server.
    pub local: bool,
    /// Replies to it (kept by the store).
    pub replies_count: i64,
    /// Reblogs of it (kept by the store).
    pub reblogs_count: i64,
    /// Favourites of it (kept by the store).
    pub favourites_count: i64,
    /// When it was posted.
    pub created_at: Timestamp,
    /// When it was last edited; `None` when never.
    pub edited_at: Option<Timestamp>,
}

/// A status to store, as the compose use case prepared it (HTML rendered, mentions resolved).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewStatus {
    /// Its id, chosen before the insert so that `uri` and `url` can carry it.
    pub id: StatusId,
    /// The author.
    pub account_id: AccountId,
    /// ActivityPub id.
    pub uri: String,
    /// Page for people.
    pub url: Option<String>,
    /// Rendered HTML.
    pub content: String,
    /// The text as written.
    pub source_text: Option<String>,
    /// How it is written.
    pub content_type: ContentType,
    /// The content warning; empty when none.
    pub spoiler_text: String,
    /// Who it is addressed to.
    pub visibility: Visibility,
    /// Media behind a warning.
    pub sensitive: bool,
    /// ISO 639 language code.
    pub language: Option<String>,
    /// The status it answers, and that status's author.
    pub in_reply_to: Option<(StatusId, AccountId)>,
    /// The status it reblogs (then the text fields are empty).
    pub reblog_of_id: Option<StatusId>,
    /// The application it was posted with.
    pub app_id: Option<AppId>,
    /// Posted here (not received from another server).
    pub local: bool,
    /// The accounts it mentions (notified, and allowed to see a private or direct status).
    pub mentions: Vec<AccountId>,
    /// Its hashtags, as written (looked up ignoring case).
    pub tags: Vec<String>,
    /// The poster's unused attachments to attach, in order (at most
    /// [`MAX_ATTACHMENTS`](crate::store::media::MAX_ATTACHMENTS)).
    pub media: Vec<super::MediaId>,
    /// When posted.
    pub created_at: Timestamp,
}

/// An account a status mentions, as the status shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Mention {
    /// The status.
    pub status_id: StatusId,
    /// The mentioned account.
    pub account_id: AccountId,
    /// Its nickname.
    pub nickname: String,
    /// Its domain; `None` when local.
    pub domain: Option<String>,
    /// Its profile page.
    pub url: String,
}

/// A hashtag on a status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Tag {
    /// The status.
    pub status_id: StatusId,
    /// The tag as first written on this instance (`#Rust`), without `#`.
    pub name: String,
}

/// What the viewer did to a status: what the API reports as `favourited`, `reblogged`, ….
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct StatusMarks {
    /// The viewer favourited it.
    pub favourited: bool,
    /// The viewer reblogged it.
    pub reblogged: bool,
    /// The viewer bookmarked it.
    pub bookmarked: bool,
    /// The viewer pinned it (its own status) to its profile.
    pub pinned: bool,
    /// The viewer muted its thread's notifications.
    pub muted: bool,
}

/// A status's new text, as the edit use case prepared it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusUpdate {
    /// The status edited.
    pub id: StatusId,
    /// Rendered HTML.
    pub content: String,
    /// The text as written.
    pub source_text: String,
    /// How it is written.
    pub content_type: ContentType,
    /// The content warning; empty when none.
    pub spoiler_text: String,
    /// Media behind a warning.
    pub sensitive: bool,
    /// ISO 639 language code.
    pub language: Option<String>,
    /// The accounts it mentions now.
    pub mentions: Vec<AccountId>,
    /// Its hashtags now.
    pub tags: Vec<String>,
    /// Its attachments now, in order; `None` keeps the ones it has.
    pub media: Option<Vec<super::MediaId>>,
    /// When edited.
    pub edited_at: Timestamp,
}

/// One version of a status, as its edit history lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct StatusVersion {
    /// Rendered HTML.
    pub content: String,
    /// The text as written.
    pub source_text: Option<String>,
    /// The content warning.
    pub spoiler_text: String,
    /// Media behind a warning.
    pub sensitive: bool,
    /// When this version was written.
    pub created_at: Timestamp,
    /// Its attachments, in order.
    #[sqlx(skip)]
    pub media: Vec<super::MediaId>,
}
