//! Remote instances and their reachability, updated by every delivery.

use super::StoreError;
use super::unit::{on_conn, repository};
use crate::model::time::{now, truncate};
use crate::model::{Instance, Timestamp};

const COLUMNS: &str = "domain, software, software_version, shared_inbox_url, first_seen_at, last_success_at, \
    last_failure_at, failure_count, unreachable_since, blocked";

repository! {
    /// A delivery to `domain` succeeded: it is reachable again.
    plain fn record_delivery_success(c, domain: &str) -> Result<Instance, StoreError> {
        let sql = format!(
            "INSERT INTO instances (domain, first_seen_at, last_success_at) VALUES ($1, $2, $2) \
             ON CONFLICT (domain) DO UPDATE SET last_success_at = $2, failure_count = 0, unreachable_since = NULL \
             RETURNING {COLUMNS}"
        );
        let domain = domain.to_ascii_lowercase();
        Ok(on_conn!(c, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(&domain)
            .bind(now())
            .fetch_one(&mut *c)
            .await)?)
    }

    /// A delivery to `domain` failed: counted, and the instance is unreachable since its first
    /// failure after a success.
    plain fn record_delivery_failure(c, domain: &str) -> Result<Instance, StoreError> {
        let sql = format!(
            "INSERT INTO instances (domain, first_seen_at, last_failure_at, failure_count, unreachable_since) \
             VALUES ($1, $2, $2, 1, $2) \
             ON CONFLICT (domain) DO UPDATE SET last_failure_at = $2, failure_count = instances.failure_count + 1, \
             unreachable_since = COALESCE(instances.unreachable_since, $2) \
             RETURNING {COLUMNS}"
        );
        let domain = domain.to_ascii_lowercase();
        Ok(on_conn!(c, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(&domain)
            .bind(now())
            .fetch_one(&mut *c)
            .await)?)
    }

    /// An instance by domain (any case).
    plain fn find_instance(c, domain: &str) -> Result<Option<Instance>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM instances WHERE domain = $1");
        let domain = domain.to_ascii_lowercase();
        Ok(on_conn!(c, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(&domain)
            .fetch_optional(&mut *c)
            .await)?)
    }

    /// Instances failing since before `since`, longest first.
    plain fn unreachable_instances(c, since: Timestamp) -> Result<Vec<Instance>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM instances WHERE unreachable_since IS NOT NULL AND unreachable_since < $1 \
             ORDER BY unreachable_since, domain"
        );
        Ok(on_conn!(c, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(truncate(since))
            .fetch_all(&mut *c)
            .await)?)
    }
}
