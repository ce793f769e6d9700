//! This node's caches of what a page of statuses shows besides the statuses themselves: their
//! authors' accounts, and each status's mentions, hashtags and attachments (which change only
//! when the status is edited or deleted). A timeline page then costs its own query and the
//! viewer's marks, not five more. And the newest statuses of each public timeline (its head),
//! which every viewer's first page starts from: a post, an edit or a delete drops them. And, per
//! viewer, the state of the head's first entries (counters, hidden or not, the viewer's marks):
//! any post, edit, delete, favourite, bookmark, pin, conversation mute, block, mute or domain
//! block drops them all, and the viewer's next mute to expire ends them.
//!
//! One place drops what a change affects, [`Caches::apply`]: called by the unit of work that
//! committed the change (so this node reads its own writes at once) and by the change feed for
//! every change of any node or `pleroctl` process (`AppState::new` subscribes it). A value read
//! from the database is kept only if no change was applied while it was read ([`Caches::epoch`]),
//! so a slow read never puts back what a change dropped. Entries older than [`MAX_AGE`] are read
//! again anyway: a safety net, not the mechanism. Bounded: [`CAPACITY`] entries each.
//! `quick_cache` is the concurrent bounded cache (S3-FIFO eviction, sharded, lock-free reads in
//! the common case) that crates like `foyer` and `garage` trust; no hand-written LRU here.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use quick_cache::sync::Cache;

use crate::events::{Change, Event};
use crate::model::time::now;
use crate::model::{Account, AccountId, Attachment, Mention, Status, StatusId, Tag, Timestamp};
use crate::store::statuses::{PublicScope, StatusState};

/// Entries of each cache: about 20 MB of accounts and 10 MB of decorations at most.
pub const CAPACITY: usize = 10_000;

/// How long an entry is trusted without a change that names it.
pub const MAX_AGE: Duration = Duration::from_secs(300);

/// What a status shows besides its row and its author: set when it is posted, changed only by an
/// edit (and gone with it).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Decor {
    /// The accounts it mentions.
    pub mentions: Vec<Mention>,
    /// Its hashtags.
    pub tags: Vec<Tag>,
    /// Its attachments, in order.
    pub media: Vec<Attachment>,
}

/// Viewers (and timelines) whose head states are kept: about 4 MB at most.
pub const STATES_CAPACITY: usize = 1_000;

/// One viewer's state of the first entries of one public timeline's head (see
/// [`Caches::head_states`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadStates {
    /// The head they were read for.
    pub head: Arc<Vec<Status>>,
    /// The state of each of its first entries that still exists.
    pub states: std::collections::HashMap<StatusId, StatusState>,
    /// When they stop holding (the viewer's next mute ends); `None`: only a change ends them.
    pub until: Option<Timestamp>,
}

/// The caches of one node (shared by every clone of its `Store`).
pub struct Caches {
    accounts: Cache<AccountId, (Instant, Account)>,
    decor: Cache<StatusId, (Instant, Arc<Decor>)>,
    heads: Cache<PublicScope, (Instant, Arc<Vec<Status>>)>,
    states: Cache<(Option<AccountId>, PublicScope), (Instant, Arc<HeadStates>)>,
    epoch: AtomicU64,
}

impl std::fmt::Debug for Caches {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Caches")
            .field("accounts", &self.accounts.len())
            .field("decor", &self.decor.len())
            .field("epoch", &self.epoch.load(Ordering::Relaxed))
            .finish()
    }
}

impl Default for Caches {
    fn default() -> Self {
        Self {
            accounts: Cache::new(CAPACITY),
            decor: Cache::new(CAPACITY),
            heads: Cache::new(3),
            states: Cache::new(STATES_CAPACITY),
            epoch: AtomicU64::new(0),
        }
    }
}

fn fresh<T: Clone>(entry: Option<(Instant, T)>) -> Option<T> {
    entry.filter(|(at, _)| at.elapsed() < MAX_AGE).map(|(_, value)| value)
}

impl Caches {
    /// How many changes were applied so far: read it before reading the database, and hand it to
    /// the `keep_*` call that stores what was read.
    pub fn epoch(&self) -> u64 {
        self.epoch.load(Ordering::Acquire)
    }

    /// The cached account `id`.
    pub fn account(&self, id: AccountId) -> Option<Account> {
        fresh(self.accounts.get(&id))
    }

    /// The cached decorations of status `id`.
    pub fn decor(&self, id: StatusId) -> Option<Arc<Decor>> {
        fresh(self.decor.get(&id))
    }

    /// The newest statuses of the public timeline `scope`, as every viewer's first page starts
    /// (their counters as read then).
    pub fn public_head(&self, scope: PublicScope) -> Option<Arc<Vec<Status>>> {
        fresh(self.heads.get(&scope))
    }

    /// Keeps the head of the public timeline `scope`, read since `epoch`, unless a change came
    /// meanwhile.
    pub fn keep_public_head(&self, epoch: u64, scope: PublicScope, head: Arc<Vec<Status>>) {
        self.keep(epoch, &self.heads, scope, head);
    }

    /// What `viewer` (`None`: signed out) sees of the first entries of `head`, the head of the
    /// public timeline `scope`, when kept for that very head and still holding.
    pub fn head_states(
        &self,
        viewer: Option<AccountId>,
        scope: PublicScope,
        head: &Arc<Vec<Status>>,
    ) -> Option<Arc<HeadStates>> {
        fresh(self.states.get(&(viewer, scope)))
            .filter(|kept| Arc::ptr_eq(&kept.head, head) && kept.until.is_none_or(|until| until > now()))
    }

    /// Keeps what `viewer` sees of the first entries of the head of `scope`, read since `epoch`,
    /// unless a change came meanwhile.
    pub fn keep_head_states(
        &self,
        epoch: u64,
        viewer: Option<AccountId>,
        scope: PublicScope,
        states: Arc<HeadStates>,
    ) {
        self.keep(epoch, &self.states, (viewer, scope), states);
    }

    /// Keeps `accounts`, read from the database since `epoch`, unless a change came meanwhile.
    pub fn keep_accounts(&self, epoch: u64, accounts: &[Account]) {
        for account in accounts {
            self.keep(epoch, &self.accounts, account.id, account.clone());
        }
    }

    /// Keeps the decorations of status `id`, read since `epoch`, unless a change came meanwhile.
    pub fn keep_decor(&self, epoch: u64, id: StatusId, decor: Arc<Decor>) {
        self.keep(epoch, &self.decor, id, decor);
    }

    fn keep<K, V>(&self, epoch: u64, cache: &Cache<K, (Instant, V)>, key: K, value: V)
    where
        K: std::hash::Hash + Eq + Clone,
        V: Clone,
    {
        if self.epoch() != epoch {
            return;
        }
        cache.insert(key.clone(), (Instant::now(), value));
        // A change applied between the check and the insert may have missed this entry.
        if self.epoch() != epoch {
            cache.remove(&key);
        }
    }

    /// Drops what `change` affects.
    pub fn apply(&self, change: &Change) {
        // The epoch moves before anything is dropped: a read that stores its result after the
        // drop then sees the new epoch and takes it back (`keep`).
        let (account, status, heads) = match change {
            Change::AccountUpdated { account_id }
            | Change::AccountDeactivated { account_id }
            | Change::AccountActivated { account_id } => (account_id, None, false),
            // Deleting an account moves the counters of everyone it followed or was followed by.
            Change::AccountDeleted { .. } | Change::Unknown => return self.clear(),
            Change::FollowsChanged { account_id, target_id } => {
                self.epoch.fetch_add(1, Ordering::AcqRel);
                self.accounts.remove(account_id);
                self.accounts.remove(target_id);
                return;
            }
            // Counters, marks or what a viewer hides moved.
            Change::StatusMarked { .. }
            | Change::RelationshipChanged { .. }
            | Change::DomainBlocksChanged { .. } => {
                self.epoch.fetch_add(1, Ordering::AcqRel);
                self.states.clear();
                return;
            }
            // The author's statuses_count and last_status_at move; a public timeline may start
            // with the status.
            Change::StatusCreated { account_id, .. } => (account_id, None, true),
            Change::StatusUpdated { status_id, account_id }
            | Change::StatusDeleted { status_id, account_id } => (account_id, Some(*status_id), true),
            _ => return,
        };
        self.epoch.fetch_add(1, Ordering::AcqRel);
        self.accounts.remove(account);
        if let Some(status) = status {
            self.decor.remove(&status);
        }
        if heads {
            self.heads.clear();
            self.states.clear();
        }
    }

    /// Applies a feed event: a change, or a resync after this node may have missed some.
    pub fn apply_event(&self, event: &Event) {
        match event {
            Event::Change { change, .. } => self.apply(change),
            Event::Resync => self.clear(),
        }
    }

    /// Drops everything.
    pub fn clear(&self) {
        self.epoch.fetch_add(1, Ordering::AcqRel);
        self.accounts.clear();
        self.decor.clear();
        self.heads.clear();
        self.states.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decor(tag: &str) -> Arc<Decor> {
        Arc::new(Decor { tags: vec![Tag { status_id: StatusId(1), name: tag.into() }], ..Decor::default() })
    }

    #[test]
    fn an_edit_drops_the_decorations_of_that_status_only() {
        let caches = Caches::default();
        let epoch = caches.epoch();
        caches.keep_decor(epoch, StatusId(1), decor("a"));
        caches.keep_decor(epoch, StatusId(2), decor("b"));
        caches.apply(&Change::StatusUpdated { status_id: StatusId(1), account_id: AccountId(9) });
        assert_eq!(caches.decor(StatusId(1)), None);
        assert_eq!(caches.decor(StatusId(2)), Some(decor("b")));
    }

    #[test]
    fn what_was_read_before_a_change_is_not_kept() {
        let caches = Caches::default();
        let before = caches.epoch();
        caches.apply(&Change::StatusDeleted { status_id: StatusId(1), account_id: AccountId(9) });
        caches.keep_decor(before, StatusId(1), decor("stale"));
        assert_eq!(caches.decor(StatusId(1)), None, "read before the delete, kept after it");
        caches.keep_decor(caches.epoch(), StatusId(1), decor("fresh"));
        assert_eq!(caches.decor(StatusId(1)), Some(decor("fresh")));
    }

    #[test]
    fn a_favourite_or_a_block_drops_what_viewers_saw_of_the_heads_and_keeps_the_heads() {
        let caches = Caches::default();
        let head = Arc::new(Vec::new());
        let scope = PublicScope::All;
        caches.keep_public_head(caches.epoch(), scope, head.clone());
        let seen = |until| Arc::new(HeadStates { head: head.clone(), states: Default::default(), until });
        let viewer = Some(AccountId(1));
        for change in [
            Change::StatusMarked { status_id: StatusId(1), account_id: AccountId(2) },
            Change::RelationshipChanged { account_id: AccountId(2), target_id: AccountId(3) },
            Change::DomainBlocksChanged { account_id: AccountId(2) },
        ] {
            caches.keep_head_states(caches.epoch(), viewer, scope, seen(None));
            assert!(caches.head_states(viewer, scope, &head).is_some());
            caches.apply(&change);
            assert!(caches.head_states(viewer, scope, &head).is_none(), "{change:?}");
            assert!(caches.public_head(scope).is_some(), "{change:?} keeps the head");
        }
        caches.keep_head_states(
            caches.epoch(),
            viewer,
            scope,
            seen(Some(now() - chrono::Duration::seconds(1))),
        );
        assert!(caches.head_states(viewer, scope, &head).is_none(), "a mute ended since");
        caches.keep_head_states(caches.epoch(), viewer, scope, seen(None));
        assert!(caches.head_states(viewer, scope, &Arc::new(Vec::new())).is_none(), "kept for another head");
    }

    #[test]
    fn changes_that_show_nothing_on_a_status_keep_the_caches() {
        let caches = Caches::default();
        caches.keep_decor(caches.epoch(), StatusId(1), decor("a"));
        let epoch = caches.epoch();
        caches.apply(&Change::TokensRevoked { account_id: AccountId(9) });
        assert_eq!(caches.epoch(), epoch, "an unrelated change does not stop caching");
        caches.apply_event(&Event::Resync);
        assert_eq!(caches.decor(StatusId(1)), None, "a resync drops everything");
    }
}
