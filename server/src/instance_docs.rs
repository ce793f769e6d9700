//! The instance documents (`/api/v1/instance`, `/api/v2/instance`, NodeInfo 2.0/2.1) and the pages
//! `/` and `/about`, rendered once and served from memory: they are the most requested documents of a server and change
//! only with the configuration (fixed for the life of the process) and the usage counts.
//!
//! One invalidation point, [`InstanceDocs::apply`], which the node's change feed calls for every
//! committed change, made here, on another node, or by `pleroctl`: no time-to-live, so a change is
//! shown as soon as the feed delivers it (at once here, within a second elsewhere).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use axum::body::Bytes;
use serde_json::Value;

use plero_core::events::{Change, Event};
use plero_core::instance::InstanceInfo;

use crate::entities::instance::{Instance, V1Instance};
use crate::entities::nodeinfo;

/// The rendered documents, ready to send.
pub struct Rendered {
    pub v1: Bytes,
    pub v2: Bytes,
    pub nodeinfo_20: Bytes,
    pub nodeinfo_21: Bytes,
    /// The HTML of `/`.
    pub home: maud::Markup,
    /// The HTML of `/about`.
    pub about: maud::Markup,
    generation: u64,
}

impl Rendered {
    /// Renders every document from `info` (and the contact's Account, when there is one).
    pub fn new(info: &InstanceInfo, contact_account: Option<Value>, generation: u64) -> Self {
        Self {
            v1: json(&V1Instance::new(info, contact_account.clone())),
            v2: json(&Instance::new(info, contact_account)),
            nodeinfo_20: json(&nodeinfo::document(info, "2.0")),
            nodeinfo_21: json(&nodeinfo::document(info, "2.1")),
            home: crate::pages::instance::home(info),
            about: crate::pages::instance::about(info),
            generation,
        }
    }
}

fn json<T: serde::Serialize>(value: &T) -> Bytes {
    Bytes::from(serde_json::to_vec(value).expect("instance documents serialise"))
}

/// The cache of [`Rendered`] documents.
#[derive(Default)]
pub struct InstanceDocs {
    current: RwLock<Option<Arc<Rendered>>>,
    generation: AtomicU64,
    /// One refresh at a time: a burst of requests after expiry reads the counts once.
    refreshing: tokio::sync::Mutex<()>,
}

impl InstanceDocs {
    /// Drops the rendered documents when `event` changes what they show: the user counts and the
    /// contact account (accounts created, deleted, (de)activated or edited; a remote account adds
    /// its domain), and the status count (statuses posted or deleted). Anything this binary cannot read, or a resync, drops them too.
    pub fn apply(&self, event: &Event) {
        let affected = match event {
            Event::Change { change, .. } => match change {
                Change::AccountCreated { .. }
                | Change::AccountUpdated { .. }
                | Change::AccountDeactivated { .. }
                | Change::AccountActivated { .. }
                | Change::AccountDeleted { .. }
                | Change::StatusCreated { .. }
                | Change::StatusDeleted { .. }
                | Change::Unknown => true,
                Change::TokensRevoked { .. }
                | Change::FollowsChanged { .. }
                | Change::NotificationCreated { .. }
                | Change::StatusUpdated { .. }
                | Change::StatusMarked { .. }
                | Change::RelationshipChanged { .. }
                | Change::DomainBlocksChanged { .. }
                | Change::Ping { .. } => false,
            },
            Event::Resync => true,
        };
        if affected {
            self.generation.fetch_add(1, Ordering::AcqRel);
        }
    }

    /// The documents if rendered for the current generation.
    pub fn fresh(&self) -> Option<Arc<Rendered>> {
        let current = self.current.read().unwrap_or_else(|e| e.into_inner()).clone()?;
        (current.generation == self.generation.load(Ordering::Acquire)).then_some(current)
    }

    /// The fresh documents, or ones rendered now from what `load` returns.
    pub async fn get_or_render<F, Fut, E>(&self, load: F) -> Result<Arc<Rendered>, E>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<(InstanceInfo, Option<Value>), E>>,
    {
        if let Some(docs) = self.fresh() {
            return Ok(docs);
        }
        let _one_at_a_time = self.refreshing.lock().await;
        if let Some(docs) = self.fresh() {
            return Ok(docs);
        }
        let generation = self.generation.load(Ordering::Acquire);
        let (info, contact) = load().await?;
        let rendered = Arc::new(Rendered::new(&info, contact, generation));
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Some(rendered.clone());
        Ok(rendered)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plero_core::config::Config;
    use plero_core::instance::UsageStats;

    fn info(users: u64) -> InstanceInfo {
        InstanceInfo::new(&Config::default(), UsageStats { users, ..UsageStats::default() })
    }

    fn user_count(docs: &Rendered) -> u64 {
        let v1: Value = serde_json::from_slice(&docs.v1).unwrap();
        v1["stats"]["user_count"].as_u64().unwrap()
    }

    fn change(change: Change) -> Event {
        Event::Change { position: 1, change, at: chrono::Utc::now() }
    }

    #[tokio::test]
    async fn documents_are_rendered_once_and_served_until_an_account_changes() {
        use plero_core::model::AccountId;
        let cache = InstanceDocs::default();
        let first = cache.get_or_render(|| async { Ok::<_, ()>((info(1), None)) }).await.unwrap();
        let again = cache.get_or_render(|| async { Ok::<_, ()>((info(2), None)) }).await.unwrap();
        assert_eq!(user_count(&again), 1, "a fresh document is served, not rendered again");
        assert!(Arc::ptr_eq(&first, &again));

        cache.apply(&change(Change::FollowsChanged { account_id: AccountId(1), target_id: AccountId(2) }));
        let same = cache.get_or_render(|| async { Ok::<_, ()>((info(2), None)) }).await.unwrap();
        assert_eq!(user_count(&same), 1, "a follow changes nothing the documents show");

        cache.apply(&change(Change::AccountCreated { account_id: AccountId(3) }));
        let after = cache.get_or_render(|| async { Ok::<_, ()>((info(2), None)) }).await.unwrap();
        assert_eq!(user_count(&after), 2, "a new account makes the next request render anew");

        cache.apply(&Event::Resync);
        let resynced = cache.get_or_render(|| async { Ok::<_, ()>((info(3), None)) }).await.unwrap();
        assert_eq!(user_count(&resynced), 3, "a resync drops the documents");
    }

    #[tokio::test]
    async fn a_failed_render_keeps_nothing() {
        let cache = InstanceDocs::default();
        let failed =
            cache.get_or_render(|| async { Err::<(InstanceInfo, Option<Value>), _>("db down") }).await;
        assert!(failed.is_err());
        assert!(cache.fresh().is_none());
    }
}
