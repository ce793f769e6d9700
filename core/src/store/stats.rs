//! Counts for the instance documents and the metrics endpoint.

use crate::instance::UsageStats;
use crate::model::time::now;

use super::{Pool, Store, StoreError, on_pool};

/// The connection pool right now (for `/metrics`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStats {
    /// Connections open, idle or in use.
    pub open: u32,
    /// Connections open and not in use.
    pub idle: u32,
    /// Most connections the pool opens.
    pub max: u32,
}

impl Store {
    /// Usage counts: local users not deactivated, those active in the last 30 and 180 days (signed
    /// in or posted), local statuses (the sum of local accounts' counters, as Mastodon counts them:
    /// no scan of the statuses table), and known remote instances.
    pub async fn usage_stats(&self) -> Result<UsageStats, StoreError> {
        let at = now();
        let month = at - chrono::Duration::days(30);
        let halfyear = at - chrono::Duration::days(180);
        let sql = "SELECT \
             (SELECT COUNT(*) FROM users u WHERE u.deactivated_at IS NULL), \
             (SELECT COUNT(*) FROM users u JOIN accounts a ON a.id = u.account_id WHERE u.deactivated_at IS NULL \
              AND (u.last_sign_in_at >= $1 OR a.last_status_at >= $1)), \
             (SELECT COUNT(*) FROM users u JOIN accounts a ON a.id = u.account_id WHERE u.deactivated_at IS NULL \
              AND (u.last_sign_in_at >= $2 OR a.last_status_at >= $2)), \
             (SELECT CAST(COALESCE(SUM(a.statuses_count), 0) AS BIGINT) FROM accounts a WHERE a.domain IS NULL), \
             (SELECT COUNT(*) FROM instances)";
        let (users, active_month, active_halfyear, local_posts, domains): (i64, i64, i64, i64, i64) =
            on_pool!(self, |pool| sqlx::query_as(sql).bind(month).bind(halfyear).fetch_one(pool).await)?;
        let count = |n: i64| u64::try_from(n).unwrap_or(0);
        Ok(UsageStats {
            users: count(users),
            active_month: count(active_month),
            active_halfyear: count(active_halfyear),
            local_posts: count(local_posts),
            domains: count(domains),
        })
    }

    /// The pool's connections now.
    pub fn pool_stats(&self) -> PoolStats {
        let (open, idle, max) = match &self.pool {
            Pool::Postgres(pool) => (pool.size(), pool.num_idle(), pool.options().get_max_connections()),
            Pool::Sqlite(pool) => (pool.size(), pool.num_idle(), pool.options().get_max_connections()),
        };
        PoolStats { open, idle: u32::try_from(idle).unwrap_or(u32::MAX), max }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::{store_tests, user as new_user};

    store_tests! {
        async fn usage_counts_local_users_that_are_not_deactivated(store: &Store) {
            assert_eq!(store.usage_stats().await.unwrap(), UsageStats::default());
            let alice = new_user(store, "alice").await;
            new_user(store, "bob").await;
            store.record_sign_in(alice.account.id).await.unwrap();
            let usage = store.usage_stats().await.unwrap();
            assert_eq!((usage.users, usage.active_month, usage.active_halfyear), (2, 1, 1));

            store.set_deactivated(alice.account.id, true).await.unwrap();
            let usage = store.usage_stats().await.unwrap();
            assert_eq!((usage.users, usage.active_month), (1, 0));
        }

        async fn an_empty_job_queue_has_no_counts_and_the_pool_reports_its_size(store: &Store) {
            assert_eq!(store.queue_depths().await.unwrap(), vec![]);
            let pool = store.pool_stats();
            assert!(pool.max >= 1 && pool.open <= pool.max && pool.idle <= pool.open, "{pool:?}");
        }
    }
}
