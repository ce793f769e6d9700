//! `pleroctl uploads check`: puts, reads back and deletes a probe object, naming the step and
//! the part of the set-up that failed.

use serde::Serialize;

use super::{Cause, ObjectKey, UploadError, Uploader};
use crate::auth::BearerSecret;
use crate::config::UploadsBackend;

/// A step of the probe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepName {
    /// The AWS credential chain gives credentials (S3 only).
    Credentials,
    /// The probe object is written.
    Put,
    /// It is read back, with the same bytes.
    Get,
    /// It is deleted, and gone.
    Delete,
}

impl StepName {
    /// Its name, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Credentials => "credentials",
            Self::Put => "put",
            Self::Get => "get",
            Self::Delete => "delete",
        }
    }
}

/// How one step went.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// Which step.
    pub step: StepName,
    /// Whether it succeeded.
    pub ok: bool,
    /// What failed, when it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cause: Option<Cause>,
    /// The error, when it failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Step {
    fn ok(step: StepName) -> Self {
        Self { step, ok: true, cause: None, error: None }
    }

    fn failed(step: StepName, cause: Cause, error: impl ToString) -> Self {
        Self { step, ok: false, cause: Some(cause), error: Some(error.to_string()) }
    }

    fn of(step: StepName, result: Result<(), UploadError>) -> Self {
        match result {
            Ok(()) => Self::ok(step),
            Err(err) => Self::failed(step, err.cause(), err),
        }
    }
}

/// What `uploads check` found.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    /// Whether every step succeeded.
    pub ok: bool,
    /// The backend checked.
    pub backend: UploadsBackend,
    /// Where it writes (`s3://bucket at endpoint`, or the local directory).
    pub target: String,
    /// The probe object's key.
    pub probe_key: String,
    /// The steps run, in order; the first failure ends the probe (the probe object is still
    /// deleted when it was written).
    pub steps: Vec<Step>,
}

impl CheckReport {
    /// The step that failed, if one did.
    pub fn failure(&self) -> Option<&Step> {
        self.steps.iter().find(|s| !s.ok)
    }
}

/// Runs the probe against `uploader`.
pub async fn check(uploader: &Uploader) -> CheckReport {
    let random = BearerSecret::generate();
    let key =
        ObjectKey::parse(&format!("plero-check/{}.txt", random.expose())).expect("a URL-safe name is a key");
    let body = format!("plero uploads check {}\n", random.expose()).into_bytes();
    let mut steps = Vec::new();
    let report = |steps: Vec<Step>| CheckReport {
        ok: steps.iter().all(|s| s.ok),
        backend: uploader.backend(),
        target: uploader.describe(),
        probe_key: key.to_string(),
        steps,
    };

    if let Uploader::S3(s3) = uploader {
        match s3.check_credentials().await {
            Ok(()) => steps.push(Step::ok(StepName::Credentials)),
            Err(failure) => {
                steps.push(Step::failed(StepName::Credentials, failure.cause(), failure));
                return report(steps);
            }
        }
    }
    let put = uploader.put(&key, body.clone(), "text/plain").await.map(drop);
    let written = put.is_ok();
    steps.push(Step::of(StepName::Put, put));
    if written {
        let got = match uploader.get(&key).await {
            Ok(Some(bytes)) if bytes == body => Step::ok(StepName::Get),
            Ok(Some(bytes)) => Step::failed(
                StepName::Get,
                Cause::Other,
                format!(
                    "the probe object reads back as {} other bytes than the {} written",
                    bytes.len(),
                    body.len()
                ),
            ),
            Ok(None) => Step::failed(
                StepName::Get,
                Cause::Other,
                "the probe object is missing right after it was written",
            ),
            Err(err) => Step::failed(StepName::Get, err.cause(), err),
        };
        let read = got.ok;
        steps.push(got);
        // Deleted even when the read failed: the probe leaves nothing behind.
        let deleted = match uploader.delete(&key).await {
            Err(err) => Step::failed(StepName::Delete, err.cause(), err),
            Ok(()) => match uploader.get(&key).await {
                Ok(None) => Step::ok(StepName::Delete),
                Ok(Some(_)) => Step::failed(
                    StepName::Delete,
                    Cause::Other,
                    "the probe object is still there after its deletion",
                ),
                // The read was refused, not the deletion: the deletion is taken as done.
                Err(_) if !read => Step::ok(StepName::Delete),
                Err(err) => Step::failed(StepName::Delete, err.cause(), err),
            },
        };
        steps.push(deleted);
    }
    report(steps)
}
