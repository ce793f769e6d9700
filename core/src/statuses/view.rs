//! A status with what showing it needs: its author, the status it reblogs, its mentions,
//! hashtags and attachments, and what the viewer did to it. A page of statuses is loaded in a
//! fixed number of queries, whatever its length; authors and decorations this node has seen come
//! from its caches (`store::cache`), so a page of known statuses costs the reblogged originals and
//! the viewer's marks only.

use std::collections::HashMap;
use std::sync::Arc;

use crate::model::{Account, AccountId, Attachment, Mention, Status, StatusId, StatusMarks, Tag};
use crate::store::cache::Decor;
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
    load_marked(store, viewer, statuses, HashMap::new()).await
}

/// [`load`], with the viewer's marks of some of `statuses` known already (`known`): only the
/// others' are read.
pub async fn load_marked(
    store: &Store,
    viewer: Option<AccountId>,
    statuses: Vec<Status>,
    known: HashMap<StatusId, StatusMarks>,
) -> Result<Vec<StatusView>, StoreError> {
    let reblogged: Vec<StatusId> = statuses.iter().filter_map(|s| s.reblog_of_id).collect();
    let originals: HashMap<StatusId, Status> =
        store.find_statuses(&reblogged).await?.into_iter().map(|s| (s.id, s)).collect();
    let all: Vec<&Status> = statuses.iter().chain(originals.values()).collect();
    let ids: Vec<StatusId> = all.iter().map(|s| s.id).collect();
    let mut author_ids: Vec<AccountId> = all.iter().map(|s| s.account_id).collect();
    author_ids.sort_unstable();
    author_ids.dedup();
    let accounts = authors(store, &author_ids).await?;
    let decor = decorations(store, &ids).await?;
    let mut marks = known;
    let unknown: Vec<StatusId> = ids.iter().filter(|id| !marks.contains_key(id)).copied().collect();
    if let Some(viewer) = viewer
        && !unknown.is_empty()
    {
        marks.extend(store.status_marks(viewer, &unknown).await?);
    }
    let one = |status: &Status| -> Option<StatusView> {
        let decor = decor.get(&status.id).cloned().unwrap_or_default();
        Some(StatusView {
            account: accounts.get(&status.account_id)?.clone(),
            reblog: None,
            mentions: decor.mentions.clone(),
            tags: decor.tags.clone(),
            media: decor.media.clone(),
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

/// What `cached` has of `ids`, and the ids it lacks.
fn split_cached<K: Copy + Eq + std::hash::Hash, V>(
    ids: &[K],
    cached: impl Fn(K) -> Option<V>,
) -> (HashMap<K, V>, Vec<K>) {
    let mut found = HashMap::with_capacity(ids.len());
    let mut missing = Vec::new();
    for &id in ids {
        match cached(id) {
            Some(value) => {
                found.insert(id, value);
            }
            None => missing.push(id),
        }
    }
    (found, missing)
}

/// The accounts `ids`, from this node's cache where it has them and in one query for the rest.
async fn authors(store: &Store, ids: &[AccountId]) -> Result<HashMap<AccountId, Account>, StoreError> {
    let caches = store.caches();
    let epoch = caches.epoch();
    let (mut found, missing) = split_cached(ids, |id| caches.account(id));
    if !missing.is_empty() {
        let read = store.find_accounts(&missing).await?;
        caches.keep_accounts(epoch, &read);
        found.extend(read.into_iter().map(|a| (a.id, a)));
    }
    Ok(found)
}

/// The mentions, hashtags and attachments of the statuses `ids`, from this node's cache where it
/// has them and in three queries for the rest.
async fn decorations(store: &Store, ids: &[StatusId]) -> Result<HashMap<StatusId, Arc<Decor>>, StoreError> {
    let caches = store.caches();
    let epoch = caches.epoch();
    let (mut found, missing) = split_cached(ids, |id| caches.decor(id));
    if missing.is_empty() {
        return Ok(found);
    }
    let mut read: HashMap<StatusId, Decor> = missing.iter().map(|id| (*id, Decor::default())).collect();
    for mention in store.status_mentions(&missing).await? {
        read.entry(mention.status_id).or_default().mentions.push(mention);
    }
    for tag in store.status_tags(&missing).await? {
        read.entry(tag.status_id).or_default().tags.push(tag);
    }
    for attachment in store.status_attachments(&missing).await? {
        if let Some(status) = attachment.status_id {
            read.entry(status).or_default().media.push(attachment);
        }
    }
    for (id, decor) in read {
        let decor = Arc::new(decor);
        caches.keep_decor(epoch, id, decor.clone());
        found.insert(id, decor);
    }
    Ok(found)
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
