//! The durable job queue. Claiming is the one part written per backend: PostgreSQL skips rows
//! other workers hold (`FOR UPDATE SKIP LOCKED`), so many workers on many nodes claim without
//! waiting on each other; SQLite has one writer at a time, so a plain `UPDATE … RETURNING` is
//! already atomic.

use serde::Serialize;

use super::unit::{Db, JOBS_CHANNEL, on_conn, repository};
use super::{Store, StoreError, on_pool};
use crate::model::time::{now, truncate};
use crate::model::{Job, JobId, JobState, NewJob, Timestamp};

const COLUMNS: &str = "id, queue, kind, payload, state, attempts, max_attempts, run_at, locked_at, locked_by, \
    last_error, created_at, updated_at";

/// How many jobs of a queue are in a state (for `/metrics`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct QueueDepth {
    /// The queue.
    pub queue: String,
    /// The state counted.
    #[sqlx(try_from = "String")]
    pub state: JobState,
    /// How many jobs of `queue` are in `state`.
    pub count: i64,
}

repository! {
    /// Adds a job to its queue (in the caller's unit of work, on [`super::Tx`]).
    atomic fn enqueue(c, new: &NewJob) -> Result<Job, StoreError> {
        let at = now();
        let sql = format!(
            "INSERT INTO jobs (id, queue, kind, payload, state, max_attempts, run_at, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, 'queued', $5, $6, $7, $7) RETURNING {COLUMNS}"
        );
        let job: Job = on_conn!(c, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(JobId::generate())
            .bind(&new.queue)
            .bind(&new.kind)
            .bind(&new.payload)
            .bind(new.max_attempts.max(1))
            .bind(new.run_at.map(truncate).unwrap_or(at))
            .bind(at)
            .fetch_one(&mut *c)
            .await)?;
        if let Db::Postgres(pg) = &mut c.db {
            // Sent at commit (identical ones collapse into one), so idle workers on every node wake.
            sqlx::query("SELECT pg_notify($1, $2)").bind(JOBS_CHANNEL).bind(&new.queue).execute(&mut **pg).await?;
        }
        c.enqueued();
        Ok(job)
    }

    /// Claims up to `limit` due jobs of `queue` for `worker`, oldest due first; each claim starts an
    /// attempt. A job is claimed by one worker only, however many claim at once.
    plain fn claim_jobs(c, queue: &str, worker: &str, limit: i64) -> Result<Vec<Job>, StoreError> {
        let pick = "SELECT id FROM jobs WHERE queue = $1 AND state = 'queued' AND run_at <= $3 \
                    ORDER BY run_at, id LIMIT $2";
        let lock = match c.db {
            Db::Postgres(_) => " FOR UPDATE SKIP LOCKED",
            Db::Sqlite(_) => "",
        };
        let sql = format!(
            "UPDATE jobs SET state = 'running', attempts = attempts + 1, locked_at = $3, locked_by = $4, \
             updated_at = $3 WHERE id IN ({pick}{lock}) RETURNING {COLUMNS}"
        );
        let mut jobs: Vec<Job> = on_conn!(c, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(queue)
            .bind(limit)
            .bind(now())
            .bind(worker)
            .fetch_all(&mut *c)
            .await)?;
        // RETURNING keeps no order.
        jobs.sort_by_key(|j| (j.run_at, j.id));
        Ok(jobs)
    }
}

impl Store {
    /// Marks a running job done. Returns whether it was running.
    pub async fn complete_job(&self, id: JobId) -> Result<bool, StoreError> {
        let sql = "UPDATE jobs SET state = 'done', locked_at = NULL, locked_by = NULL, updated_at = $2 \
                   WHERE id = $1 AND state = 'running'";
        let n = on_pool!(self, |pool| sqlx::query(sql)
            .bind(id)
            .bind(now())
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(n > 0)
    }

    /// Records a failed attempt: the job runs again at `retry_at` while it has attempts left,
    /// otherwise (or with `retry_at = None`) it is failed for good. Returns its new state, `None`
    /// when it was not running.
    pub async fn fail_job(
        &self,
        id: JobId,
        error: &str,
        retry_at: Option<Timestamp>,
    ) -> Result<Option<JobState>, StoreError> {
        let sql = "UPDATE jobs SET \
                   state = CASE WHEN $3 IS NOT NULL AND attempts < max_attempts THEN 'queued' ELSE 'failed' END, \
                   run_at = COALESCE($3, run_at), last_error = $2, locked_at = NULL, locked_by = NULL, updated_at = $4 \
                   WHERE id = $1 AND state = 'running' RETURNING state";
        let state: Option<String> = on_pool!(self, |pool| sqlx::query_scalar(sql)
            .bind(id)
            .bind(error)
            .bind(retry_at.map(truncate))
            .bind(now())
            .fetch_optional(pool)
            .await)?;
        state
            .map(|s| JobState::try_from(s).map_err(|e| StoreError::Database(sqlx::Error::Protocol(e))))
            .transpose()
    }

    /// Puts back in the queue the running jobs claimed before `claimed_before`: their worker died
    /// or was cut off by a shutdown. A job whose claim was its last attempt fails instead, so
    /// `max_attempts` holds even for jobs that kill their worker. Returns how many were released
    /// or failed.
    pub async fn release_stale_jobs(&self, claimed_before: Timestamp) -> Result<u64, StoreError> {
        let sql = "UPDATE jobs SET state = CASE WHEN attempts < max_attempts THEN 'queued' ELSE 'failed' END, \
                   last_error = CASE WHEN attempts < max_attempts THEN last_error \
                   ELSE 'its worker stopped during the last attempt' END, \
                   locked_at = NULL, locked_by = NULL, updated_at = $2 \
                   WHERE state = 'running' AND locked_at < $1";
        Ok(on_pool!(self, |pool| sqlx::query(sql)
            .bind(truncate(claimed_before))
            .bind(now())
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?)
    }

    /// A job by id.
    pub async fn find_job(&self, id: JobId) -> Result<Option<Job>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM jobs WHERE id = $1");
        Ok(on_pool!(self, |pool| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(pool)
            .await)?)
    }

    /// Job counts by queue and state.
    pub async fn queue_depths(&self) -> Result<Vec<QueueDepth>, StoreError> {
        let sql =
            "SELECT queue, state, count(*) AS count FROM jobs GROUP BY queue, state ORDER BY queue, state";
        Ok(on_pool!(self, |pool| sqlx::query_as(sql).fetch_all(pool).await)?)
    }

    /// Deletes finished (done or failed) jobs last updated before `before`. Returns how many.
    pub async fn prune_finished_jobs(&self, before: Timestamp) -> Result<u64, StoreError> {
        let sql = "DELETE FROM jobs WHERE state IN ('done', 'failed') AND updated_at < $1";
        Ok(on_pool!(self, |pool| sqlx::query(sql)
            .bind(truncate(before))
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?)
    }
}
