//! First pages of the public timelines from this node's memory. Every viewer's first page starts
//! from the same newest public statuses (the timeline's head, [`Caches::public_head`], dropped
//! by any post, edit or delete on any node through the change stream); what differs per viewer,
//! is read in one query over the head's first entries: whether the viewer hides each one (blocks,
//! hidden domains, mutes), its counters, the viewer's marks. That too is kept, per viewer
//! ([`Caches::head_states`]), until a change that may move any of it (a favourite, a block, …)
//! or the viewer's next mute to expire. The page query itself, with its per-row conditions, runs
//! only when the head is dropped, and for pages further down. So a first page read again costs
//! no query at all beyond the token's.
//!
//! [`Caches::public_head`]: crate::store::cache::Caches::public_head
//! [`Caches::head_states`]: crate::store::cache::Caches::head_states

use std::collections::HashMap;
use std::sync::Arc;

use crate::model::{AccountId, Status};
use crate::store::cache::HeadStates;
use crate::store::statuses::PublicScope;
use crate::store::{PageItem, PageRequest, Store, StoreError};

use super::view::{self, StatusView};

/// Statuses a head holds: a first page of the largest size (40) and what a viewer may hide.
pub const HEAD_LEN: u32 = 60;

/// Largest first page served from the head.
const MAX_PAGE: u32 = 40;

/// Entries checked beyond the page's size, for those the viewer hides.
const SLACK: usize = 10;

/// The first page of the public timeline `scope` for `viewer`, from the head; `None` when the
/// page is not a first page of at most [`MAX_PAGE`], or the viewer hides so much of the head
/// that the page query must look further.
pub async fn first_page(
    store: &Store,
    viewer: Option<AccountId>,
    scope: PublicScope,
    page: &PageRequest,
) -> Result<Option<Vec<PageItem<StatusView>>>, StoreError> {
    if page.max_id.is_some() || page.since_id.is_some() || page.min_id.is_some() || page.limit > MAX_PAGE {
        return Ok(None);
    }
    let head = head(store, scope).await?;
    let states = states(store, viewer, scope, &head).await?;
    let states = &states.states;
    let limit = page.limit as usize;
    let candidates = &head[..head.len().min(limit + SLACK)];
    let mut statuses = Vec::with_capacity(limit);
    let mut marks = HashMap::with_capacity(limit);
    for status in candidates {
        if statuses.len() == limit {
            break;
        }
        // Deleted since the head was read (its event still on the way), or hidden from the viewer.
        let Some(state) = states.get(&status.id).filter(|s| !s.hidden) else { continue };
        marks.insert(status.id, state.marks);
        statuses.push(Status {
            replies_count: state.replies_count,
            reblogs_count: state.reblogs_count,
            favourites_count: state.favourites_count,
            ..status.clone()
        });
    }
    let whole_timeline = head.len() < HEAD_LEN as usize;
    if statuses.len() < limit && !(whole_timeline && candidates.len() == head.len()) {
        return Ok(None);
    }
    let views = view::load_marked(store, viewer, statuses, marks).await?;
    Ok(Some(views.into_iter().map(|view| PageItem { cursor: view.status.id.into(), item: view }).collect()))
}

/// What `viewer` sees of the first entries of `head` (the head of `scope`): this node's, or read
/// now and kept.
async fn states(
    store: &Store,
    viewer: Option<AccountId>,
    scope: PublicScope,
    head: &Arc<Vec<Status>>,
) -> Result<Arc<HeadStates>, StoreError> {
    let caches = store.caches();
    if let Some(kept) = caches.head_states(viewer, scope, head) {
        return Ok(kept);
    }
    let epoch = caches.epoch();
    let ids: Vec<_> = head.iter().take(MAX_PAGE as usize + SLACK).map(|s| s.id).collect();
    let read = store.status_states(viewer, &ids).await?;
    let states = Arc::new(HeadStates {
        head: head.clone(),
        states: read.states.into_iter().map(|s| (s.id, s)).collect::<HashMap<_, _>>(),
        until: read.until,
    });
    caches.keep_head_states(epoch, viewer, scope, states.clone());
    Ok(states)
}

/// The head of `scope`: this node's, or read now (as a signed-out viewer sees it) and kept.
async fn head(store: &Store, scope: PublicScope) -> Result<Arc<Vec<Status>>, StoreError> {
    let caches = store.caches();
    if let Some(head) = caches.public_head(scope) {
        return Ok(head);
    }
    let epoch = caches.epoch();
    let request = PageRequest { max_id: None, since_id: None, min_id: None, limit: HEAD_LEN };
    let read = store.public_timeline(scope, false, None, &request).await?;
    let head = Arc::new(read.into_iter().map(|p| p.item).collect::<Vec<_>>());
    caches.keep_public_head(epoch, scope, head.clone());
    Ok(head)
}
