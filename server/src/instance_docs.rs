//! The instance documents (`/api/v1/instance`, `/api/v2/instance`, NodeInfo 2.0/2.1) and the pages
//! `/` and `/about`, rendered once and served from memory: they are the most requested documents of a server and change
//! only with the configuration (fixed for the life of the process) and the usage counts.
//!
//! One invalidation point, [`InstanceDocs::invalidate`]: call it when something the documents show
//! changes (an account created or deactivated here; later, a change announced by another node).
//! Counts changed by other processes (`pleroctl user new`) are picked up within [`MAX_AGE`].

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use serde_json::Value;

use plero_core::instance::InstanceInfo;

use crate::entities::instance::{Instance, V1Instance};
use crate::entities::nodeinfo;

/// How long rendered documents are served before their counts are read again.
pub const MAX_AGE: Duration = Duration::from_secs(30);

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
    made: Instant,
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
            made: Instant::now(),
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
    /// Drops the rendered documents; the next request renders them anew.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// The documents if fresh: rendered for the current generation and younger than [`MAX_AGE`].
    pub fn fresh(&self) -> Option<Arc<Rendered>> {
        let current = self.current.read().unwrap_or_else(|e| e.into_inner()).clone()?;
        let fresh =
            current.generation == self.generation.load(Ordering::Acquire) && current.made.elapsed() < MAX_AGE;
        fresh.then_some(current)
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

    #[tokio::test]
    async fn documents_are_rendered_once_and_served_until_invalidated() {
        let cache = InstanceDocs::default();
        let first = cache.get_or_render(|| async { Ok::<_, ()>((info(1), None)) }).await.unwrap();
        let again = cache.get_or_render(|| async { Ok::<_, ()>((info(2), None)) }).await.unwrap();
        assert_eq!(user_count(&again), 1, "a fresh document is served, not rendered again");
        assert!(Arc::ptr_eq(&first, &again));

        cache.invalidate();
        let after = cache.get_or_render(|| async { Ok::<_, ()>((info(2), None)) }).await.unwrap();
        assert_eq!(user_count(&after), 2, "invalidate makes the next request render anew");
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
