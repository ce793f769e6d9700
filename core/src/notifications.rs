//! Notifications as an account reads them: each with the account that caused it and the status it
//! is about, loaded for a page in a fixed number of queries.

use std::collections::HashMap;

use crate::model::{Account, AccountId, Notification, NotificationId, NotificationType, StatusId};
use crate::statuses::view::{StatusView, load};
use crate::store::notifications::{GroupSpan, NotificationFilter};
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

/// Types grouped by default in Mastodon 4.3's `/api/v2/notifications`.
pub const GROUPABLE: [NotificationType; 3] =
    [NotificationType::Favourite, NotificationType::Reblog, NotificationType::Follow];

/// The key a notification is grouped under: favourites and reblogs of one status, and follows, on
/// one UTC day; any other notification is a group of its own (`ungrouped-<id>`), as is one of a
/// type not in `grouped`.
pub fn group_key(notification: &Notification, grouped: &[NotificationType]) -> String {
    if !grouped.contains(&notification.kind) {
        return format!("ungrouped-{}", notification.id);
    }
    let day = notification.created_at.timestamp().div_euclid(86_400);
    let status = notification.status_id.map(|id| id.to_string()).unwrap_or_default();
    format!("{}-{status}-{day}", notification.kind.as_str())
}

/// Notifications grouped under one key, as a page shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationGroup {
    /// The group's key ([`group_key`]).
    pub key: String,
    /// Its notifications in the page, newest first (never empty).
    pub notifications: Vec<Notification>,
    /// All of its notifications up to the page's newest, on this page or further down (Mastodon's
    /// `notifications_count`).
    pub count: i64,
    /// Who caused the newest of those, distinct, newest first (at most [`SAMPLE_ACCOUNTS`]).
    pub sample_accounts: Vec<AccountId>,
}

/// Accounts a group names as its sample, as Mastodon (the most recent ones).
pub const SAMPLE_ACCOUNTS: usize = 8;

impl NotificationGroup {
    /// A group of what a page shows of it, before it is counted whole ([`summarize`]).
    fn of_page(key: String, notifications: Vec<Notification>) -> Self {
        let mut sample_accounts: Vec<AccountId> = Vec::new();
        for n in &notifications {
            if !sample_accounts.contains(&n.from_account_id) && sample_accounts.len() < SAMPLE_ACCOUNTS {
                sample_accounts.push(n.from_account_id);
            }
        }
        Self { key, count: notifications.len() as i64, notifications, sample_accounts }
    }
}

/// Counts each folded group of `groups` whole, up to `upto`, and names its newest accounts.
async fn summarize(
    store: &Store,
    viewer: AccountId,
    groups: &mut [NotificationGroup],
    upto: NotificationId,
) -> Result<(), StoreError> {
    for group in groups {
        let Some(GroupKey::Folded { kind, status, day }) = GroupKey::parse(&group.key) else { continue };
        let Some((from, to)) = day_bounds(day) else { continue };
        let span = GroupSpan { kind, status, from, to };
        let summary = store.group_summary(viewer, &span, upto, SAMPLE_ACCOUNTS as i64).await?;
        // What the page shows stays counted if a notification went since it was read.
        group.count = summary.count.max(group.notifications.len() as i64);
        if !summary.recent_accounts.is_empty() {
            group.sample_accounts = summary.recent_accounts;
        }
    }
    Ok(())
}

/// A page of grouped notifications with what they refer to.
#[derive(Debug, Clone, Default)]
pub struct GroupedPage {
    /// The groups, newest first; each entry's cursor is its oldest notification in the page.
    pub groups: Vec<PageItem<NotificationGroup>>,
    /// The cursor past the last notification this page consumed (the `max_id` of the next page).
    pub next: Option<crate::model::Id>,
    /// The newest notification of the page (the `min_id` of the previous page).
    pub prev: Option<crate::model::Id>,
    /// Every account the groups name.
    pub accounts: Vec<Account>,
    /// Every status the groups are about, as the reader sees it.
    pub statuses: Vec<StatusView>,
}

/// How many notifications one grouped page reads at most, per group asked for: a burst of
/// favourites on one status folds into one group without making the page read without end.
const READ_PER_GROUP: u32 = 5;

/// Up to `page.limit` groups of `viewer`'s notifications (Mastodon 4.3's grouped notifications).
pub async fn grouped(
    store: &Store,
    viewer: AccountId,
    filter: &NotificationFilter,
    page: &PageRequest,
    grouped_types: &[NotificationType],
) -> Result<GroupedPage, StoreError> {
    let window = PageRequest { limit: page.limit.saturating_mul(READ_PER_GROUP).min(400), ..*page };
    let items = store.notifications(viewer, filter, &window).await?;
    let visible = views(store, viewer, items.iter().map(|p| p.item.clone()).collect()).await?;
    let shown: std::collections::HashSet<NotificationId> =
        visible.iter().map(|v| v.notification.id).collect();
    let mut folded: Vec<(String, Vec<Notification>)> = Vec::new();
    let mut consumed = None;
    for item in items.into_iter().filter(|p| shown.contains(&p.item.id)) {
        let key = group_key(&item.item, grouped_types);
        match folded.iter().position(|(k, _)| *k == key) {
            Some(at) => folded[at].1.push(item.item),
            None if folded.len() < page.limit as usize => folded.push((key, vec![item.item])),
            None => break,
        }
        consumed = Some(item.cursor);
    }
    let mut groups: Vec<NotificationGroup> = folded
        .into_iter()
        .map(|(key, notifications)| NotificationGroup::of_page(key, notifications))
        .collect();
    if let Some(newest) = groups.iter().map(|g| g.notifications[0].id).max() {
        summarize(store, viewer, &mut groups, newest).await?;
    }
    let prev = groups.first().map(|g| g.notifications[0].id.into());
    let (accounts, statuses) = side_loaded(store, viewer, &groups).await?;
    let groups = groups
        .into_iter()
        .map(|g| PageItem {
            cursor: g.notifications.last().expect("a group has a notification").id.into(),
            item: g,
        })
        .collect();
    Ok(GroupedPage { groups, next: consumed, prev, accounts, statuses })
}

/// The accounts `groups` name, and the statuses they are about as `viewer` sees them.
async fn side_loaded(
    store: &Store,
    viewer: AccountId,
    groups: &[NotificationGroup],
) -> Result<(Vec<Account>, Vec<StatusView>), StoreError> {
    let mut account_ids: Vec<AccountId> = groups
        .iter()
        .flat_map(|g| {
            g.notifications.iter().map(|n| n.from_account_id).chain(g.sample_accounts.iter().copied())
        })
        .collect();
    account_ids.sort_unstable();
    account_ids.dedup();
    let accounts = store.find_accounts(&account_ids).await?;
    let mut status_ids: Vec<StatusId> = groups.iter().filter_map(|g| g.notifications[0].status_id).collect();
    status_ids.sort_unstable();
    status_ids.dedup();
    let statuses = load(store, Some(viewer), store.find_visible_statuses(&status_ids, viewer).await?).await?;
    Ok((accounts, statuses))
}

/// A group key read back: one notification, or the type, status and UTC day of a folded group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupKey {
    /// `ungrouped-<id>`.
    Single(NotificationId),
    /// `<type>-<status id or nothing>-<day since 1970>`.
    Folded {
        /// The notifications' type.
        kind: NotificationType,
        /// The status they are about.
        status: Option<StatusId>,
        /// Days since 1970-01-01, UTC.
        day: i64,
    },
}

impl GroupKey {
    /// The key [`group_key`] wrote; `None` for anything else.
    pub fn parse(key: &str) -> Option<Self> {
        if let Some(id) = key.strip_prefix("ungrouped-") {
            return id.parse().ok().map(GroupKey::Single);
        }
        let mut parts = key.rsplitn(3, '-');
        let (day, status, kind) = (parts.next()?, parts.next()?, parts.next()?);
        let kind: NotificationType = kind.parse().ok()?;
        let status = if status.is_empty() { None } else { Some(status.parse().ok()?) };
        Some(GroupKey::Folded { kind, status, day: day.parse().ok()? })
    }
}

/// Most notifications one group shows (`GET /api/v2/notifications/:group_key`).
pub const GROUP_LIMIT: i64 = 80;

/// One group of `viewer`'s notifications, by its key, with its side-loaded accounts and statuses;
/// `None` when the key names nothing of `viewer`'s (or nothing the viewer may still see).
pub async fn group(store: &Store, viewer: AccountId, key: &str) -> Result<Option<GroupedPage>, StoreError> {
    let notifications = match GroupKey::parse(key) {
        None => return Ok(None),
        Some(GroupKey::Single(id)) => store.find_notification(viewer, id).await?.into_iter().collect(),
        Some(GroupKey::Folded { kind, status, day }) => {
            let Some((from, to)) = day_bounds(day) else { return Ok(None) };
            store.notifications_in_group(viewer, kind, status, from, to, GROUP_LIMIT).await?
        }
    };
    let shown: Vec<Notification> =
        views(store, viewer, notifications).await?.into_iter().map(|v| v.notification).collect();
    let Some(newest) = shown.first() else { return Ok(None) };
    let prev = Some(newest.id.into());
    let upto = newest.id;
    let mut groups = vec![NotificationGroup::of_page(key.to_string(), shown)];
    summarize(store, viewer, &mut groups, upto).await?;
    let (accounts, statuses) = side_loaded(store, viewer, &groups).await?;
    let groups = groups
        .into_iter()
        .map(|g| PageItem { cursor: g.notifications.last().expect("not empty").id.into(), item: g })
        .collect();
    Ok(Some(GroupedPage { groups, next: None, prev, accounts, statuses }))
}

/// Dismisses every notification of `viewer`'s group `key`; whether the key named a group.
pub async fn dismiss_group(store: &Store, viewer: AccountId, key: &str) -> Result<bool, StoreError> {
    match GroupKey::parse(key) {
        None => Ok(false),
        Some(GroupKey::Single(id)) => store.dismiss_notification(viewer, id).await,
        Some(GroupKey::Folded { kind, status, day }) => {
            let Some((from, to)) = day_bounds(day) else { return Ok(false) };
            Ok(store.dismiss_group(viewer, kind, status, from, to).await? > 0)
        }
    }
}

/// The UTC day `day` (days since 1970) as `[start, end)`.
fn day_bounds(day: i64) -> Option<(crate::model::Timestamp, crate::model::Timestamp)> {
    let start = chrono::DateTime::from_timestamp(day.checked_mul(86_400)?, 0)?;
    Some((start, start + chrono::Duration::days(1)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Timestamp;

    fn at(secs: i64) -> Timestamp {
        chrono::DateTime::from_timestamp(secs, 0).unwrap()
    }

    fn notification(id: i64, kind: NotificationType, status: Option<i64>, secs: i64) -> Notification {
        Notification {
            id: NotificationId(id),
            account_id: AccountId(1),
            from_account_id: AccountId(2),
            kind,
            status_id: status.map(StatusId),
            created_at: at(secs),
        }
    }

    #[test]
    fn favourites_of_one_status_on_one_day_share_a_key_and_mentions_never_do() {
        let fav = |id, status, secs| {
            group_key(&notification(id, NotificationType::Favourite, status, secs), &GROUPABLE)
        };
        assert_eq!(fav(1, Some(7), 100), fav(2, Some(7), 80_000));
        assert_ne!(fav(1, Some(7), 100), fav(3, Some(8), 100), "another status");
        assert_ne!(fav(1, Some(7), 100), fav(4, Some(7), 100 + 86_400), "another day");
        let mention = notification(5, NotificationType::Mention, Some(7), 100);
        assert_eq!(group_key(&mention, &GROUPABLE), "ungrouped-5");
        let not_grouped = notification(6, NotificationType::Favourite, Some(7), 100);
        assert_eq!(
            group_key(&not_grouped, &[NotificationType::Reblog]),
            "ungrouped-6",
            "grouped_types narrows"
        );
    }

    #[test]
    fn every_key_a_group_gets_reads_back_as_what_it_groups() {
        let favourite = notification(1, NotificationType::Favourite, Some(7), 100_000);
        assert_eq!(
            GroupKey::parse(&group_key(&favourite, &GROUPABLE)),
            Some(GroupKey::Folded { kind: NotificationType::Favourite, status: Some(StatusId(7)), day: 1 })
        );
        let follow = notification(2, NotificationType::Follow, None, 100);
        assert_eq!(
            GroupKey::parse(&group_key(&follow, &GROUPABLE)),
            Some(GroupKey::Folded { kind: NotificationType::Follow, status: None, day: 0 })
        );
        let request = notification(3, NotificationType::FollowRequest, None, 100);
        assert_eq!(
            GroupKey::parse(&group_key(&request, &GROUPABLE)),
            Some(GroupKey::Single(NotificationId(3)))
        );
        for bad in ["", "ungrouped-x", "favourite-7", "poke-7-1", "favourite-x-1", "favourite-7-"] {
            assert_eq!(GroupKey::parse(bad), None, "{bad}");
        }
    }
}
