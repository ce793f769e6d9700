//! The durable job queue's storage: enqueue (with an optional unique key), claim with a lease,
//! settle under fencing, renew, release, reap expired leases, and what operators ask of it.
//!
//! Claiming is the one part written per backend: PostgreSQL skips rows other workers hold
//! (`FOR UPDATE SKIP LOCKED`), so many workers on many nodes claim without waiting on each other;
//! SQLite has one writer at a time, so a plain `UPDATE … RETURNING` is already atomic.
//!
//! Fencing: every claim increments `lease_token`; completing, failing, renewing and releasing
//! match `(id, lease_token)` and state `running`, so a worker that lost its lease (presumed dead,
//! or its job cancelled) changes nothing.

use std::time::Duration;

use serde::Serialize;

use super::StoreError;
use super::unit::{Db, on_conn, repository};
use crate::model::time::{now, truncate};
use crate::model::{Enqueued, Job, JobId, JobState, Lease, NewJob, Timestamp};

const COLUMNS: &str = "id, queue, kind, payload, state, attempts, max_attempts, run_at, locked_at, locked_by, \
    lease_expires_at, unique_key, lease_token, last_error, created_at, updated_at";

/// The error a job gets when its worker stopped (killed, crashed, cut off) during its last attempt
/// and its lease ran out.
pub const LEASE_EXPIRED_ON_LAST_ATTEMPT: &str =
    "its worker stopped during the last attempt (the lease expired); `pleroctl jobs retry` runs it again";

/// How many jobs of a queue are in a state (for `/metrics` and `pleroctl jobs stats`).
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

/// The oldest job of a queue that is due and waits for a worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct OldestDue {
    /// The queue.
    pub queue: String,
    /// When its oldest due job became due.
    pub run_at: Timestamp,
}

/// Which jobs `pleroctl jobs list` shows; newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobFilter {
    /// Only jobs in this state.
    pub state: Option<JobState>,
    /// Only jobs of this queue.
    pub queue: Option<String>,
    /// Only jobs of this kind.
    pub kind: Option<String>,
    /// At most this many.
    pub limit: i64,
}

/// What an operator's change to one job (retry, cancel) did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobChange {
    /// Changed; the job as it is now (boxed: the other outcomes are a byte).
    Changed(Box<Job>),
    /// No job has this id (pruned, or never existed).
    NotFound,
    /// The job is in a state the change does not apply to.
    WrongState(JobState),
}

/// `(id, lease_token)` pairs as SQL, from placeholder `$first` on: `id IN (…)` lets both databases
/// find the rows by primary key, the row-value test then checks each one's token.
fn leases_predicate(first: usize, count: usize) -> String {
    let ids: Vec<String> = (0..count).map(|i| format!("${}", first + 2 * i)).collect();
    let pairs: Vec<String> =
        (0..count).map(|i| format!("(${}, ${})", first + 2 * i, first + 2 * i + 1)).collect();
    format!("id IN ({}) AND (id, lease_token) IN (VALUES {})", ids.join(", "), pairs.join(", "))
}

/// `at + lease`, the lease capped at a year (config allows an hour; a year cannot overflow).
fn lease_end(at: Timestamp, lease: Duration) -> Timestamp {
    let lease = lease.min(Duration::from_secs(365 * 24 * 3600));
    at + chrono::Duration::from_std(lease).expect("a year fits")
}

fn decode_state(state: String) -> Result<JobState, StoreError> {
    JobState::try_from(state).map_err(|e| StoreError::Database(sqlx::Error::Protocol(e)))
}

/// Tells idle workers that jobs may be claimed: [`super::Tx::commit`] wakes this process's and, on
/// PostgreSQL, sends `NOTIFY` after the commit for every node's (a `NOTIFY` inside the transaction
/// would serialize the commits of every transaction that sends one). The methods that call it are
/// `atomic`, so a unit of work always carries it.
fn announce(c: &mut super::unit::Conn<'_>) {
    c.enqueued();
}

/// Puts the claims `leases` back in their queue (what else changes is `set`, where `$1` is now)
/// and wakes the workers when any was; the claims that are no longer current change nothing.
async fn requeue(c: &mut super::unit::Conn<'_>, leases: &[Lease], set: &str) -> Result<u64, StoreError> {
    if leases.is_empty() {
        return Ok(0);
    }
    let sql = format!(
        "UPDATE jobs SET state = 'queued', {set}, locked_at = NULL, locked_by = NULL, lease_expires_at = NULL, \
         updated_at = $1 WHERE state = 'running' AND {}",
        leases_predicate(2, leases.len())
    );
    let at = now();
    let requeued = on_conn!(c, |c| {
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(at);
        for lease in leases {
            query = query.bind(lease.id).bind(lease.token);
        }
        query.execute(&mut *c).await.map(|r| r.rows_affected())
    })?;
    if requeued > 0 {
        announce(c);
    }
    Ok(requeued)
}

repository! {
    /// Adds a job to its queue (in the caller's unit of work, on [`super::Tx`]). With a unique
    /// key, while a job of the same kind and key is queued or running, that job is returned
    /// ([`Enqueued::Existing`]) and nothing is added.
    atomic fn enqueue(c, new: &NewJob) -> Result<Enqueued, StoreError> {
        let sql = format!(
            "INSERT INTO jobs (id, queue, kind, payload, state, max_attempts, run_at, unique_key, created_at, \
             updated_at) VALUES ($1, $2, $3, $4, 'queued', $5, $6, $8, $7, $7) \
             ON CONFLICT (kind, unique_key) WHERE unique_key IS NOT NULL AND (state = 'queued' OR state = 'running') \
             DO NOTHING RETURNING {COLUMNS}"
        );
        let existing_sql = format!(
            "SELECT {COLUMNS} FROM jobs WHERE kind = $1 AND unique_key = $2 \
             AND (state = 'queued' OR state = 'running')"
        );
        // The job holding the key may finish between the insert and the read: then insert again.
        for _ in 0..3 {
            let at = now();
            let inserted: Option<Job> = on_conn!(c, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
                .bind(JobId::generate())
                .bind(&new.queue)
                .bind(&new.kind)
                .bind(&new.payload)
                .bind(new.max_attempts.max(1))
                .bind(new.run_at.map(truncate).unwrap_or(at))
                .bind(at)
                .bind(&new.unique_key)
                .fetch_optional(&mut *c)
                .await)?;
            if let Some(job) = inserted {
                announce(c);
                return Ok(Enqueued::New(job));
            }
            let existing: Option<Job> = on_conn!(c, |c| sqlx::query_as(sqlx::AssertSqlSafe(existing_sql.clone()))
                .bind(&new.kind)
                .bind(&new.unique_key)
                .fetch_optional(&mut *c)
                .await)?;
            if let Some(job) = existing {
                return Ok(Enqueued::Existing(job));
            }
        }
        Err(StoreError::Database(sqlx::Error::Protocol(format!(
            "job `{}` with unique key {:?} kept changing state while being enqueued",
            new.kind, new.unique_key
        ))))
    }

    /// Claims up to `limit` due jobs of `queue` for `worker`, oldest due first, each with a lease
    /// of `lease`; each claim starts an attempt and gets a new fencing token. A job is claimed by
    /// one worker only, however many claim at once.
    plain fn claim_jobs(c, queue: &str, worker: &str, limit: i64, lease: Duration) -> Result<Vec<Job>, StoreError> {
        c.claim_jobs_after(queue, worker, limit, lease, None).await
    }

    /// [`claim_jobs`](Self::claim_jobs), looking only past `after` (the `(run_at, id)` of the
    /// last job this worker claimed) when given. On PostgreSQL the queue's index keeps the entries
    /// of jobs claimed since the last vacuum, and a claim from the start walks over all of them:
    /// with a backlog of 100,000 jobs, every claim read hundreds of index pages. Starting past the
    /// last claim reads only what is new. A job due before `after` (released, or put back by the
    /// reaper) is found by the next claim from the start, which the runtime makes whenever a
    /// claim comes back short, and at least every second.
    plain fn claim_jobs_after(c, queue: &str, worker: &str, limit: i64, lease: Duration, after: Option<(Timestamp, JobId)>) -> Result<Vec<Job>, StoreError> {
        let past = if after.is_some() { " AND (run_at, id) > ($6, $7)" } else { "" };
        let pick = format!(
            "SELECT id FROM jobs WHERE queue = $1 AND state = 'queued' AND run_at <= $3{past} \
             ORDER BY run_at, id LIMIT $2"
        );
        let set = "SET state = 'running', attempts = attempts + 1, lease_token = lease_token + 1, \
                   locked_at = $3, locked_by = $4, lease_expires_at = $5, updated_at = $3";
        let sql = match c.db {
            // The picked ids are joined by primary key: PostgreSQL cannot pull a FOR UPDATE
            // subquery up into `id IN (…)`, and then filtered the whole table (finished jobs
            // included) against it on every claim, slower the longer the table.
            Db::Postgres(_) => format!(
                "WITH picked AS ({}) UPDATE jobs {set} FROM picked WHERE jobs.id = picked.picked_id \
                 RETURNING {COLUMNS}",
                pick.replacen("SELECT id", "SELECT id AS picked_id", 1) + " FOR UPDATE SKIP LOCKED"
            ),
            // One writer at a time: the plain subquery is already atomic, and SQLite plans it by
            // primary key.
            Db::Sqlite(_) => format!("UPDATE jobs {set} WHERE id IN ({pick}) RETURNING {COLUMNS}"),
        };
        let at = now();
        let mut jobs: Vec<Job> = on_conn!(c, |c| {
            let query = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(queue)
                .bind(limit)
                .bind(at)
                .bind(worker)
                .bind(lease_end(at, lease));
            let query = match after {
                Some((run_at, id)) => query.bind(run_at).bind(id),
                None => query,
            };
            query.fetch_all(&mut *c).await
        })?;
        // RETURNING keeps no order.
        jobs.sort_by_key(|j| (j.run_at, j.id));
        Ok(jobs)
    }

    /// Marks done the jobs whose claims are `leases` (one statement for all of them). Returns the
    /// ids completed: a lease that is no longer current (expired and claimed again, or the job
    /// cancelled) completes nothing.
    plain fn complete_jobs(c, leases: &[Lease]) -> Result<Vec<JobId>, StoreError> {
        if leases.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "UPDATE jobs SET state = 'done', locked_at = NULL, locked_by = NULL, lease_expires_at = NULL, \
             updated_at = $1 WHERE state = 'running' AND {} RETURNING id",
            leases_predicate(2, leases.len())
        );
        let at = now();
        Ok(on_conn!(c, |c| {
            let mut query = sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(at);
            for lease in leases {
                query = query.bind(lease.id).bind(lease.token);
            }
            query.fetch_all(&mut *c).await
        })?)
    }

    /// Records a failed attempt of the claim `lease`: the job runs again at `retry_at` while it has
    /// attempts left; otherwise, or with `retry_at = None` (the handler gave up on it), it is dead.
    /// Returns its new state, `None` when the lease is not current (nothing changed).
    plain fn fail_job(c, lease: Lease, error: &str, retry_at: Option<Timestamp>) -> Result<Option<JobState>, StoreError> {
        let sql = "UPDATE jobs SET \
                   state = CASE WHEN $3 IS NOT NULL AND attempts < max_attempts THEN 'queued' ELSE 'dead' END, \
                   run_at = COALESCE($3, run_at), last_error = $2, locked_at = NULL, locked_by = NULL, \
                   lease_expires_at = NULL, updated_at = $4 \
                   WHERE id = $1 AND lease_token = $5 AND state = 'running' RETURNING state";
        let state: Option<String> = on_conn!(c, |c| sqlx::query_scalar(sql)
            .bind(lease.id)
            .bind(error)
            .bind(retry_at.map(truncate))
            .bind(now())
            .bind(lease.token)
            .fetch_optional(&mut *c)
            .await)?;
        state.map(decode_state).transpose()
    }

    /// Extends the leases of the claims `leases` to `lease` from now (one statement). Returns the
    /// ids still held: a job missing from it was lost (its lease expired and it was claimed again,
    /// or it was cancelled), and its worker's result will be refused.
    plain fn renew_leases(c, leases: &[Lease], lease: Duration) -> Result<Vec<JobId>, StoreError> {
        if leases.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "UPDATE jobs SET lease_expires_at = $1 WHERE state = 'running' AND {} RETURNING id",
            leases_predicate(2, leases.len())
        );
        let until = lease_end(now(), lease);
        Ok(on_conn!(c, |c| {
            let mut query = sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(until);
            for lease in leases {
                query = query.bind(lease.id).bind(lease.token);
            }
            query.fetch_all(&mut *c).await
        })?)
    }

    /// Puts the claims `leases` back in their queue, due now, for another worker (a node shutting
    /// down releases what it could not finish). The attempt counts. Returns how many were released.
    atomic fn release_jobs(c, leases: &[Lease]) -> Result<u64, StoreError> {
        if leases.is_empty() {
            return Ok(0);
        }
        requeue(c, leases, "run_at = $1").await
    }

    /// Gives back claims whose attempt never started (a node claims a few jobs ahead of its free
    /// slots, and returns those when it stops): queued again where they were, the attempt undone.
    /// Returns how many were given back.
    atomic fn unclaim_jobs(c, leases: &[Lease]) -> Result<u64, StoreError> {
        if leases.is_empty() {
            return Ok(0);
        }
        requeue(c, leases, "attempts = attempts - 1").await
    }

    /// Puts back in their queue, due now, the running jobs whose lease ended before `at`: their
    /// worker died or hung. A job whose claim was its last attempt is dead instead, so
    /// `max_attempts` holds even for jobs that kill their worker. Returns how many were reaped.
    atomic fn release_expired_leases(c, at: Timestamp) -> Result<u64, StoreError> {
        let sql = "UPDATE jobs SET state = CASE WHEN attempts < max_attempts THEN 'queued' ELSE 'dead' END, \
                   last_error = CASE WHEN attempts < max_attempts THEN last_error ELSE $3 END, \
                   run_at = $2, locked_at = NULL, locked_by = NULL, lease_expires_at = NULL, updated_at = $2 \
                   WHERE state = 'running' AND lease_expires_at < $1";
        let reaped = on_conn!(c, |c| sqlx::query(sql)
            .bind(truncate(at))
            .bind(now())
            .bind(LEASE_EXPIRED_ON_LAST_ATTEMPT)
            .execute(&mut *c)
            .await
            .map(|r| r.rows_affected()))?;
        if reaped > 0 {
            announce(c);
        }
        Ok(reaped)
    }

    /// A job by id.
    plain fn find_job(c, id: JobId) -> Result<Option<Job>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM jobs WHERE id = $1");
        Ok(on_conn!(c, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&mut *c).await)?)
    }

    /// Jobs matching `filter`, newest first.
    plain fn list_jobs(c, filter: &JobFilter) -> Result<Vec<Job>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM jobs WHERE ($1 IS NULL OR state = $1) AND ($2 IS NULL OR queue = $2) \
             AND ($3 IS NULL OR kind = $3) ORDER BY id DESC LIMIT $4"
        );
        Ok(on_conn!(c, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(filter.state.map(JobState::as_str))
            .bind(filter.queue.as_deref())
            .bind(filter.kind.as_deref())
            .bind(filter.limit.max(0))
            .fetch_all(&mut *c)
            .await)?)
    }

    /// Queues a dead or cancelled job again, due now, with its attempts starting over (its fencing
    /// token does not: a worker still running an old claim stays refused).
    atomic fn retry_job(c, id: JobId) -> Result<JobChange, StoreError> {
        let sql = format!(
            "UPDATE jobs SET state = 'queued', attempts = 0, run_at = $2, locked_at = NULL, locked_by = NULL, \
             lease_expires_at = NULL, updated_at = $2 \
             WHERE id = $1 AND (state = 'dead' OR state = 'cancelled') RETURNING {COLUMNS}"
        );
        let retried: Option<Job> = on_conn!(c, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .bind(now())
            .fetch_optional(&mut *c)
            .await)?;
        match retried {
            Some(job) => {
                announce(c);
                Ok(JobChange::Changed(Box::new(job)))
            }
            None => Ok(match c.find_job(id).await? {
                Some(job) => JobChange::WrongState(job.state),
                None => JobChange::NotFound,
            }),
        }
    }

    /// Cancels a queued or running job: it never runs again (unless retried); a running attempt
    /// goes on, but its result is refused (fencing), so its worker stops at its next renewal.
    atomic fn cancel_job(c, id: JobId) -> Result<JobChange, StoreError> {
        let sql = format!(
            "UPDATE jobs SET state = 'cancelled', locked_at = NULL, locked_by = NULL, lease_expires_at = NULL, \
             updated_at = $2 WHERE id = $1 AND (state = 'queued' OR state = 'running') RETURNING {COLUMNS}"
        );
        let cancelled: Option<Job> = on_conn!(c, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .bind(now())
            .fetch_optional(&mut *c)
            .await)?;
        match cancelled {
            Some(job) => Ok(JobChange::Changed(Box::new(job))),
            None => Ok(match c.find_job(id).await? {
                Some(job) => JobChange::WrongState(job.state),
                None => JobChange::NotFound,
            }),
        }
    }

    /// Job counts by queue and state.
    plain fn queue_depths(c) -> Result<Vec<QueueDepth>, StoreError> {
        let sql =
            "SELECT queue, state, count(*) AS count FROM jobs GROUP BY queue, state ORDER BY queue, state";
        Ok(on_conn!(c, |c| sqlx::query_as(sql).fetch_all(&mut *c).await)?)
    }

    /// Per queue, when its oldest due job waiting for a worker became due (queues with none are
    /// left out).
    plain fn oldest_due_jobs(c) -> Result<Vec<OldestDue>, StoreError> {
        let sql = "SELECT queue, MIN(run_at) AS run_at FROM jobs WHERE state = 'queued' AND run_at <= $1 \
                   GROUP BY queue ORDER BY queue";
        let rows: Vec<(String, String)> = match &mut c.db {
            // SQLite's MIN of a text column has no declared type, so the text is parsed here.
            Db::Sqlite(lite) => sqlx::query_as(sql).bind(now()).fetch_all(&mut **lite).await?,
            Db::Postgres(pg) => {
                let rows: Vec<OldestDue> = sqlx::query_as(sql).bind(now()).fetch_all(&mut **pg).await?;
                return Ok(rows);
            }
        };
        rows.into_iter()
            .map(|(queue, run_at)| {
                chrono::DateTime::parse_from_rfc3339(&run_at)
                    .map(|t| OldestDue { queue, run_at: t.with_timezone(&chrono::Utc) })
                    .map_err(|e| StoreError::Database(sqlx::Error::Protocol(e.to_string())))
            })
            .collect()
    }

    /// When the next queued job of `queue` is due (in the past when one is due now); `None` when
    /// the queue is empty.
    plain fn next_due_at(c, queue: &str) -> Result<Option<Timestamp>, StoreError> {
        let sql = "SELECT run_at FROM jobs WHERE queue = $1 AND state = 'queued' ORDER BY run_at LIMIT 1";
        Ok(on_conn!(c, |c| sqlx::query_scalar(sql).bind(queue).fetch_optional(&mut *c).await)?)
    }

    /// Deletes finished jobs (done, dead or cancelled) last changed before `before`. Returns how many.
    plain fn prune_finished_jobs(c, before: Timestamp) -> Result<u64, StoreError> {
        let sql = "DELETE FROM jobs WHERE state IN ('done', 'dead', 'cancelled') AND updated_at < $1";
        Ok(on_conn!(c, |c| sqlx::query(sql)
            .bind(truncate(before))
            .execute(&mut *c)
            .await
            .map(|r| r.rows_affected()))?)
    }

    /// Deletes every job of `queue`, whatever its state (the benchmark's queue, afterwards).
    plain fn delete_queue(c, queue: &str) -> Result<u64, StoreError> {
        Ok(on_conn!(c, |c| sqlx::query("DELETE FROM jobs WHERE queue = $1")
            .bind(queue)
            .execute(&mut *c)
            .await
            .map(|r| r.rows_affected()))?)
    }

    /// On PostgreSQL, lets this unit of work commit without waiting for its WAL to reach disk
    /// (`synchronous_commit = off`, this transaction only); no-op on SQLite, whose WAL mode with
    /// `synchronous = NORMAL` does not sync at commit either. For the workers' bookkeeping
    /// (claims and acknowledgements): a crash may forget the last fraction of a second of it, and
    /// the jobs concerned then run again, which at-least-once allows; a lost commit never
    /// corrupts anything.
    plain fn commit_without_sync(c) -> Result<(), StoreError> {
        if let Db::Postgres(pg) = &mut c.db {
            sqlx::query("SET LOCAL synchronous_commit = off").execute(&mut **pg).await?;
        }
        Ok(())
    }
}
