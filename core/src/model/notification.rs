//! Notifications: what happened to an account that it should hear of.

use serde::Serialize;

use super::{AccountId, NotificationId, StatusId, Timestamp};

/// What a notification is about, in Mastodon's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NotificationType {
    /// Someone mentioned the account.
    Mention,
    /// Someone the account asked to be notified of posted.
    Status,
    /// Someone reblogged the account's status.
    Reblog,
    /// Someone followed the account.
    Follow,
    /// Someone asked to follow the (locked) account.
    FollowRequest,
    /// Someone favourited the account's status.
    Favourite,
    /// A status the account interacted with was edited.
    Update,
}

impl NotificationType {
    /// Every type, in Mastodon's order.
    pub const ALL: [NotificationType; 7] = [
        NotificationType::Mention,
        NotificationType::Status,
        NotificationType::Reblog,
        NotificationType::Follow,
        NotificationType::FollowRequest,
        NotificationType::Favourite,
        NotificationType::Update,
    ];

    /// The type as stored in `notifications.type` and written in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            NotificationType::Mention => "mention",
            NotificationType::Status => "status",
            NotificationType::Reblog => "reblog",
            NotificationType::Follow => "follow",
            NotificationType::FollowRequest => "follow_request",
            NotificationType::Favourite => "favourite",
            NotificationType::Update => "update",
        }
    }
}

impl std::str::FromStr for NotificationType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        NotificationType::ALL.into_iter().find(|t| t.as_str() == s).ok_or_else(|| {
            format!("`{s}` is not a notification type: use mention, status, reblog, follow, follow_request, favourite or update")
        })
    }
}

impl TryFrom<String> for NotificationType {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

/// A stored notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Notification {
    /// Time-sortable id; the list pages by it.
    pub id: NotificationId,
    /// Who is notified.
    pub account_id: AccountId,
    /// Who did it.
    pub from_account_id: AccountId,
    /// What happened.
    #[sqlx(rename = "type", try_from = "String")]
    pub kind: NotificationType,
    /// The status it is about, for mentions, reblogs, favourites, statuses and updates.
    pub status_id: Option<StatusId>,
    /// When it happened.
    pub created_at: Timestamp,
}
