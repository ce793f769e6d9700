//! Mastodon's `Notification` and `Marker`.

use serde::Serialize;

use plero_core::notifications::{self, NotificationView};
use plero_core::store::notifications::Marker as CoreMarker;

use super::account::SharedAccount;
use super::status::timestamp;
use super::{Account, Status};

#[derive(Debug, Clone, Serialize)]
pub struct Notification {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub created_at: String,
    /// Mastodon 4.3 groups notifications by this key (`ungrouped-<id>` for those never grouped).
    pub group_key: String,
    pub account: SharedAccount,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
}

impl Notification {
    pub fn from_view(view: &NotificationView, base: &str) -> Self {
        let n = &view.notification;
        Self {
            id: n.id.to_string(),
            kind: n.kind.as_str(),
            created_at: timestamp(n.created_at),
            group_key: notifications::group_key(n, &notifications::GROUPABLE),
            account: SharedAccount::from_core(&view.account, base),
            status: view.status.as_ref().map(|s| Status::from_view(s, base)),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Marker {
    pub last_read_id: String,
    pub version: i64,
    pub updated_at: String,
}

impl Marker {
    pub fn from_core(marker: &CoreMarker) -> Self {
        Self {
            last_read_id: marker.last_read_id.0.to_string(),
            version: marker.version,
            updated_at: timestamp(marker.updated_at),
        }
    }
}

/// One group of Mastodon 4.3's grouped notifications.
#[derive(Debug, Clone, Serialize)]
pub struct NotificationGroup {
    pub group_key: String,
    pub notifications_count: i64,
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// A number, not a string, as Mastodon serializes it.
    pub most_recent_notification_id: i64,
    pub page_min_id: String,
    pub page_max_id: String,
    pub latest_page_notification_at: String,
    pub sample_account_ids: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_id: Option<String>,
}

impl NotificationGroup {
    pub fn from_core(group: &notifications::NotificationGroup) -> Self {
        let newest = &group.notifications[0];
        let oldest = group.notifications.last().unwrap_or(newest);
        Self {
            group_key: group.key.clone(),
            notifications_count: group.count,
            kind: newest.kind.as_str(),
            most_recent_notification_id: newest.id.0,
            page_min_id: oldest.id.to_string(),
            page_max_id: newest.id.to_string(),
            latest_page_notification_at: timestamp(newest.created_at),
            sample_account_ids: group.sample_accounts.iter().map(|id| id.to_string()).collect(),
            status_id: newest.status_id.map(|id| id.to_string()),
        }
    }
}

/// `/api/v2/notifications`: the groups, and the accounts and statuses they refer to.
#[derive(Debug, Clone, Serialize)]
pub struct GroupedNotifications {
    pub accounts: Vec<Account>,
    pub statuses: Vec<Status>,
    pub notification_groups: Vec<NotificationGroup>,
}
