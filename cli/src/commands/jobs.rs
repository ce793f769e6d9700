//! `pleroctl jobs`: look into the durable job queue, retry or cancel a job, and benchmark it.

use clap::{Args, Subcommand};
use plero_core::model::{Job, JobId, JobState, Timestamp};
use plero_core::store::{JobChange, JobFilter, Store};

use super::Context;
use super::db::{block_on, open_store};
use crate::exit::Exit;
use crate::output::{self, ListFormat, RecordFormat, Tabular, cell};

#[derive(Debug, Args)]
pub struct JobsArgs {
    #[command(subcommand)]
    pub command: JobsCommand,
}

#[derive(Debug, Subcommand)]
pub enum JobsCommand {
    /// List jobs, newest first
    List {
        /// Only jobs in this state
        #[arg(long, value_parser = ["queued", "running", "done", "dead", "cancelled"])]
        state: Option<String>,
        /// Only jobs of this queue
        #[arg(long)]
        queue: Option<String>,
        /// Only jobs of this kind
        #[arg(long)]
        kind: Option<String>,
        /// At most N jobs
        #[arg(long, value_name = "N", default_value_t = 50)]
        limit: u32,
        #[arg(long, short, value_enum, default_value_t)]
        output: ListFormat,
    },
    /// Show one job, with its payload and last error
    Show {
        id: JobId,
        #[arg(long, short, value_enum, default_value_t)]
        output: RecordFormat,
    },
    /// Queue a dead or cancelled job again, due now, its attempts starting over
    Retry {
        id: JobId,
        #[arg(long, short, value_enum, default_value_t)]
        output: RecordFormat,
    },
    /// Cancel a queued or running job (a running attempt's result is then refused)
    Cancel {
        id: JobId,
        #[arg(long, short, value_enum, default_value_t)]
        output: RecordFormat,
    },
    /// Jobs per queue and state, and how long the oldest due job has waited
    Stats {
        #[arg(long, short, value_enum, default_value_t)]
        output: ListFormat,
    },
    /// Run no-op jobs through the workers of this process and print jobs per second (the jobs go
    /// to a queue of their own and are deleted afterwards)
    Bench {
        /// How many jobs
        #[arg(long, value_name = "N", default_value_t = 10_000)]
        jobs: u64,
        /// How many run at once
        #[arg(long, value_name = "N", default_value_t = 4)]
        workers: usize,
        #[arg(long, short, value_enum, default_value_t)]
        output: RecordFormat,
    },
}

pub fn run(args: JobsArgs, ctx: &Context) -> anyhow::Result<()> {
    if let JobsCommand::Bench { jobs, workers, output } = args.command {
        return bench(ctx, jobs, workers, output);
    }
    block_on(async {
        let store = open_store(ctx).await?;
        match args.command {
            JobsCommand::List { state, queue, kind, limit, output } => {
                let state = state.map(|s| s.parse::<JobState>()).transpose().map_err(Exit::usage)?;
                let filter = JobFilter { state, queue, kind, limit: i64::from(limit) };
                let rows: Vec<JobRow> = store.list_jobs(&filter).await?.into_iter().map(JobRow).collect();
                output::print_list(&rows, output)
            }
            JobsCommand::Show { id, output } => {
                let job = store.find_job(id).await?.ok_or_else(|| not_found(id))?;
                output::print_record(&JobView::from(&job), output == RecordFormat::Json)
            }
            JobsCommand::Retry { id, output } => {
                let job =
                    changed(id, store.retry_job(id).await?, "retried: only dead or cancelled jobs can be")?;
                eprintln!("job {id} is queued again, due now");
                output::print_record(&JobView::from(&job), output == RecordFormat::Json)
            }
            JobsCommand::Cancel { id, output } => {
                let job = changed(
                    id,
                    store.cancel_job(id).await?,
                    "cancelled: only queued or running jobs can be",
                )?;
                eprintln!("job {id} is cancelled");
                output::print_record(&JobView::from(&job), output == RecordFormat::Json)
            }
            JobsCommand::Stats { output } => output::print_list(&stats(&store).await?, output),
            JobsCommand::Bench { .. } => unreachable!("handled above"),
        }
    })
}

fn not_found(id: JobId) -> anyhow::Error {
    Exit::not_found(format!(
        "no job {id} (finished jobs are pruned after jobs.retention_hours; see `pleroctl jobs list`)"
    ))
}

fn changed(id: JobId, change: JobChange, refused: &str) -> anyhow::Result<Job> {
    match change {
        JobChange::Changed(job) => Ok(*job),
        JobChange::NotFound => Err(not_found(id)),
        JobChange::WrongState(state) => Err(anyhow::anyhow!("job {id} is {state} and cannot be {refused}")),
    }
}

/// `pleroctl jobs bench`: on a runtime with two threads, as `serve` has.
fn bench(ctx: &Context, jobs: u64, workers: usize, output: RecordFormat) -> anyhow::Result<()> {
    if jobs == 0 || workers == 0 {
        return Err(Exit::usage("--jobs and --workers must be at least 1"));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let report = runtime.block_on(async {
        let store = open_store(ctx).await?;
        eprintln!(
            "enqueuing {jobs} no-op jobs, then running them {workers} at once on {}",
            store.backend().as_str()
        );
        let report = plero_core::jobs::bench::run(&store, jobs, workers).await?;
        store.close().await;
        anyhow::Ok(report)
    })?;
    if output == RecordFormat::Json {
        return output::print_json(&report);
    }
    output::print_line(&format!(
        "{:.0} jobs/s ({} jobs, {} at once, {:.2} s; enqueued in {:.2} s) on {}",
        report.jobs_per_second,
        report.jobs,
        report.workers,
        report.run_seconds,
        report.enqueue_seconds,
        report.backend
    ))
}

/// A row of `jobs stats`: one queue.
#[derive(serde::Serialize)]
struct QueueRow {
    queue: String,
    queued: i64,
    running: i64,
    done: i64,
    dead: i64,
    cancelled: i64,
    /// Seconds the oldest due job has waited for a worker; 0 when none waits.
    oldest_due_age_secs: f64,
}

async fn stats(store: &Store) -> anyhow::Result<Vec<QueueRow>> {
    let depths = store.queue_depths().await?;
    let oldest = store.oldest_due_jobs().await?;
    let mut queues: Vec<String> = depths.iter().map(|d| d.queue.clone()).collect();
    queues.dedup();
    let now = plero_core::model::time::now();
    Ok(queues
        .into_iter()
        .map(|queue| {
            let count = |state: JobState| {
                depths.iter().find(|d| d.queue == queue && d.state == state).map_or(0, |d| d.count)
            };
            let age = oldest
                .iter()
                .find(|o| o.queue == queue)
                .map_or(0.0, |o| (now - o.run_at).num_milliseconds().max(0) as f64 / 1000.0);
            QueueRow {
                queued: count(JobState::Queued),
                running: count(JobState::Running),
                done: count(JobState::Done),
                dead: count(JobState::Dead),
                cancelled: count(JobState::Cancelled),
                oldest_due_age_secs: age,
                queue,
            }
        })
        .collect())
}

impl Tabular for QueueRow {
    fn headers() -> &'static [&'static str] {
        &["queue", "queued", "running", "done", "dead", "cancelled", "oldest_due_age_secs"]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.queue.clone(),
            self.queued.to_string(),
            self.running.to_string(),
            self.done.to_string(),
            self.dead.to_string(),
            self.cancelled.to_string(),
            format!("{:.1}", self.oldest_due_age_secs),
        ]
    }
}

/// A job as `jobs show`, `retry` and `cancel` print it.
#[derive(serde::Serialize)]
struct JobView {
    id: JobId,
    queue: String,
    kind: String,
    state: JobState,
    attempts: i32,
    max_attempts: i32,
    run_at: Timestamp,
    locked_by: Option<String>,
    lease_expires_at: Option<Timestamp>,
    unique_key: Option<String>,
    last_error: Option<String>,
    payload: serde_json::Value,
    created_at: Timestamp,
    updated_at: Timestamp,
}

impl From<&Job> for JobView {
    fn from(job: &Job) -> Self {
        Self {
            id: job.id,
            queue: job.queue.clone(),
            kind: job.kind.clone(),
            state: job.state,
            attempts: job.attempts,
            max_attempts: job.max_attempts,
            run_at: job.run_at,
            locked_by: job.locked_by.clone(),
            lease_expires_at: job.lease_expires_at,
            unique_key: job.unique_key.clone(),
            last_error: job.last_error.clone(),
            // Shown as JSON when it is JSON, as a string otherwise.
            payload: serde_json::from_str(&job.payload).unwrap_or_else(|_| job.payload.clone().into()),
            created_at: job.created_at,
            updated_at: job.updated_at,
        }
    }
}

impl Tabular for JobView {
    fn headers() -> &'static [&'static str] {
        &[
            "id",
            "queue",
            "kind",
            "state",
            "attempts",
            "run_at",
            "locked_by",
            "lease_expires_at",
            "unique_key",
            "last_error",
            "payload",
            "created_at",
            "updated_at",
        ]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.id.to_string(),
            self.queue.clone(),
            self.kind.clone(),
            self.state.to_string(),
            format!("{}/{}", self.attempts, self.max_attempts),
            self.run_at.to_rfc3339(),
            cell(self.locked_by.as_deref()),
            cell(self.lease_expires_at.map(|t| t.to_rfc3339())),
            cell(self.unique_key.as_deref()),
            cell(self.last_error.as_deref()),
            self.payload.to_string(),
            self.created_at.to_rfc3339(),
            self.updated_at.to_rfc3339(),
        ]
    }
}

/// A row of `jobs list`: fewer columns than `jobs show`; JSON has every field.
#[derive(serde::Serialize)]
#[serde(into = "JobView")]
struct JobRow(Job);

impl Clone for JobRow {
    fn clone(&self) -> Self {
        JobRow(self.0.clone())
    }
}

impl From<JobRow> for JobView {
    fn from(row: JobRow) -> Self {
        JobView::from(&row.0)
    }
}

impl Tabular for JobRow {
    fn headers() -> &'static [&'static str] {
        &["id", "queue", "kind", "state", "attempts", "run_at", "last_error"]
    }

    fn cells(&self) -> Vec<String> {
        let job = &self.0;
        let error = job.last_error.as_deref().map(|e| {
            let line = e.lines().next().unwrap_or("");
            if line.chars().count() > 60 {
                format!("{}…", line.chars().take(59).collect::<String>())
            } else {
                line.into()
            }
        });
        vec![
            job.id.to_string(),
            job.queue.clone(),
            job.kind.clone(),
            job.state.to_string(),
            format!("{}/{}", job.attempts, job.max_attempts),
            job.run_at.format("%Y-%m-%d %H:%M:%S").to_string(),
            cell(error),
        ]
    }
}
