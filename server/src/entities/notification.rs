//! Mastodon's `Notification` and `Marker`.

use serde::Serialize;

use plero_core::notifications::NotificationView;
use plero_core::store::notifications::Marker as CoreMarker;

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
    pub account: Account,
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
            group_key: format!("ungrouped-{}", n.id),
            account: Account::from_core(&view.account, base),
            status: view.status.as_ref().map(|s| Status::from_view(s, true, base)),
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
