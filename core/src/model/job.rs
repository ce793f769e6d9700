//! Jobs of the durable queue (deliveries, fetches, cleanups): what to run, when, and how it went.

use serde::Serialize;

use super::{JobId, Timestamp};

/// Where a job stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum JobState {
    /// Waiting for its `run_at`, then for a worker.
    Queued,
    /// Claimed by a worker.
    Running,
    Done,
    /// Out of attempts.
    Failed,
}

impl JobState {
    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Running => "running",
            JobState::Done => "done",
            JobState::Failed => "failed",
        }
    }
}

impl TryFrom<String> for JobState {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        match s.as_str() {
            "queued" => Ok(JobState::Queued),
            "running" => Ok(JobState::Running),
            "done" => Ok(JobState::Done),
            "failed" => Ok(JobState::Failed),
            _ => Err(format!("unknown job state `{s}`")),
        }
    }
}

/// A job as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Job {
    pub id: JobId,
    pub queue: String,
    /// What to do (`deliver`, `fetch_actor`, …); the worker dispatches on it.
    pub kind: String,
    /// JSON arguments of the job.
    pub payload: String,
    #[sqlx(try_from = "String")]
    pub state: JobState,
    /// Attempts started so far (a claim starts one).
    pub attempts: i32,
    pub max_attempts: i32,
    pub run_at: Timestamp,
    pub locked_at: Option<Timestamp>,
    pub locked_by: Option<String>,
    pub last_error: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// What enqueuing takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewJob {
    pub queue: String,
    pub kind: String,
    pub payload: String,
    /// `None`: now.
    pub run_at: Option<Timestamp>,
    pub max_attempts: i32,
}
