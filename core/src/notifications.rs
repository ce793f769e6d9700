//! Notifications as an account reads them: each with the account that caused it and the status it
//! is about, loaded for a page in a fixed number of queries.

use std::collections::HashMap;

use crate::model::{Account, AccountId, Notification, NotificationId, StatusId};
use crate::statuses::view::{StatusView, load};
use crate::store::notifications::NotificationFilter;
use crate::store::{PageItem, PageRequest, Store, StoreError};

/// A notification ready to be shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationView {
    /// The notification.
    pub notification: Notification,
    /// Who caused it.
    pub account: Account,
    /// The status it is about, when it is about one (and the reader may still see it).
    pub status: Option<StatusView>,
}

/// The views of `notifications` for their reader `viewer`. One about a status the reader may no
/// longer see is left out.
pub async fn views(
    store: &Store,
    viewer: AccountId,
    notifications: Vec<Notification>,
) -> Result<Vec<NotificationView>, StoreError> {
    let mut from: Vec<AccountId> = notifications.iter().map(|n| n.from_account_id).collect();
    from.sort_unstable();
    from.dedup();
    let accounts: HashMap<AccountId, Account> =
        store.find_accounts(&from).await?.into_iter().map(|a| (a.id, a)).collect();
    let mut status_ids: Vec<StatusId> = notifications.iter().filter_map(|n| n.status_id).collect();
    status_ids.sort_unstable();
    status_ids.dedup();
    let visible = store.find_visible_statuses(&status_ids, viewer).await?;
    let statuses: HashMap<StatusId, StatusView> =
        load(store, Some(viewer), visible).await?.into_iter().map(|v| (v.status.id, v)).collect();
    Ok(notifications
        .into_iter()
        .filter_map(|notification| {
            let account = accounts.get(&notification.from_account_id)?.clone();
            let status = match notification.status_id {
                Some(id) => Some(statuses.get(&id)?.clone()),
                None => None,
            };
            Some(NotificationView { notification, account, status })
        })
        .collect())
}

/// A page of `viewer`'s notifications.
pub async fn list(
    store: &Store,
    viewer: AccountId,
    filter: &NotificationFilter,
    page: &PageRequest,
) -> Result<Vec<PageItem<NotificationView>>, StoreError> {
    let items = store.notifications(viewer, filter, page).await?;
    let cursors: HashMap<NotificationId, crate::model::Id> =
        items.iter().map(|p| (p.item.id, p.cursor)).collect();
    let shown = views(store, viewer, items.into_iter().map(|p| p.item).collect()).await?;
    Ok(shown.into_iter().map(|v| PageItem { cursor: cursors[&v.notification.id], item: v }).collect())
}

/// One of `viewer`'s notifications.
pub async fn find(
    store: &Store,
    viewer: AccountId,
    id: NotificationId,
) -> Result<Option<NotificationView>, StoreError> {
    let Some(notification) = store.find_notification(viewer, id).await? else { return Ok(None) };
    Ok(views(store, viewer, vec![notification]).await?.pop())
}
