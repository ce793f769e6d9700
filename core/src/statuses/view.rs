//! A status with what showing it needs: its author, the status it reblogs, its mentions and
//! hashtags, and what the viewer did to it. A page of statuses is loaded in a fixed number of
//! queries, whatever its length.

use std::collections::HashMap;

use crate::model::{Account, AccountId, Attachment, Mention, Status, StatusId, StatusMarks, Tag};
use crate::store::{PageItem, Store, StoreError};

/// A status ready to be shown to one viewer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusView {
    /// The status.
    pub status: Status,
    /// Its author (the reblogger, for a reblog).
    pub account: Account,
    /// The reblogged status, for a reblog.
    pub reblog: Option<Box<StatusView>>,
    /// The accounts it mentions.
    pub mentions: Vec<Mention>,
    /// Its hashtags.
    pub tags: Vec<Tag>,
    /// Its media attachments, in order.
    pub media: Vec<Attachment>,
    /// What the viewer did to it (all false when signed out).
    pub marks: StatusMarks,
    /// Who it was loaded for (`None`: signed out).
    pub viewer: Option<AccountId>,
}

/// The views of `statuses`, in their order, for `viewer`. A status whose author or reblogged
/// status vanished meanwhile is left out.
pub async fn load(
    store: &Store,
    viewer: Option<AccountId>,
    statuses: Vec<Status>,
) -> Result<Vec<StatusView>, StoreError> {
    let reblogged: Vec<StatusId> = statuses.iter().filter_map(|s| s.reblog_of_id).collect();
    let originals: HashMap<StatusId, Status> =
        store.find_statuses(&reblogged).await?.into_iter().map(|s| (s.id, s)).collect();
    let all: Vec<&Status> = statuses.iter().chain(originals.values()).collect();
    let ids: Vec<StatusId> = all.iter().map(|s| s.id).collect();
    let mut author_ids: Vec<AccountId> = all.iter().map(|s| s.account_id).collect();
    author_ids.sort_unstable();
    author_ids.dedup();
    let accounts: HashMap<AccountId, Account> =
        store.find_accounts(&author_ids).await?.into_iter().map(|a| (a.id, a)).collect();
    let mut mentions: HashMap<StatusId, Vec<Mention>> = HashMap::new();
    for mention in store.status_mentions(&ids).await? {
        mentions.entry(mention.status_id).or_default().push(mention);
    }
    let mut tags: HashMap<StatusId, Vec<Tag>> = HashMap::new();
    for tag in store.status_tags(&ids).await? {
        tags.entry(tag.status_id).or_default().push(tag);
    }
    let mut media: HashMap<StatusId, Vec<Attachment>> = HashMap::new();
    for attachment in store.status_attachments(&ids).await? {
        if let Some(status) = attachment.status_id {
            media.entry(status).or_default().push(attachment);
        }
    }
    let marks: HashMap<StatusId, StatusMarks> = match viewer {
        Some(viewer) => store.status_marks(viewer, &ids).await?.into_iter().collect(),
        None => HashMap::new(),
    };
    let one = |status: &Status| -> Option<StatusView> {
        Some(StatusView {
            account: accounts.get(&status.account_id)?.clone(),
            reblog: None,
            mentions: mentions.get(&status.id).cloned().unwrap_or_default(),
            tags: tags.get(&status.id).cloned().unwrap_or_default(),
            media: media.get(&status.id).cloned().unwrap_or_default(),
            marks: marks.get(&status.id).copied().unwrap_or_default(),
            viewer,
            status: status.clone(),
        })
    };
    Ok(statuses
        .iter()
        .filter_map(|status| {
            let mut view = one(status)?;
            if let Some(original) = status.reblog_of_id {
                view.reblog = Some(Box::new(one(originals.get(&original)?)?));
            }
            Some(view)
        })
        .collect())
}

/// [`load`] for a page, keeping each entry's cursor.
pub async fn load_page(
    store: &Store,
    viewer: Option<AccountId>,
    page: Vec<PageItem<Status>>,
) -> Result<Vec<PageItem<StatusView>>, StoreError> {
    let cursors: HashMap<StatusId, crate::model::Id> = page.iter().map(|p| (p.item.id, p.cursor)).collect();
    let views = load(store, viewer, page.into_iter().map(|p| p.item).collect()).await?;
    Ok(views.into_iter().map(|view| PageItem { cursor: cursors[&view.status.id], item: view }).collect())
}
