//! AWS for the tests: `moto` (PyPI `moto[server]`, in the venv `.ci/run` makes) in server mode on a
//! free loopback port, reached through the SDK's endpoint override; boto3 (moto's own dependency)
//! puts and reads what the tests need. No hand-written fake of AWS.
//!
//! Outside CI a missing venv makes [`Moto::start`] return `None` (the test prints why and passes);
//! with `CI` set it panics, naming what is missing.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The credentials tests give the SDK and boto3; moto accepts any unless IAM is enforced.
pub const ACCESS_KEY: &str = "testing";
pub const SECRET_KEY: &str = "testing";
pub const REGION: &str = "us-east-1";

/// The venv's python (`PLERO_TEST_PYTHON`), or `None` outside CI when it is not set.
pub fn python() -> Option<PathBuf> {
    match std::env::var_os("PLERO_TEST_PYTHON").map(PathBuf::from) {
        Some(python) => Some(python),
        None if std::env::var_os("CI").is_some() => panic!(
            "PLERO_TEST_PYTHON is missing and CI is set: python3 -m venv .venv && .venv/bin/pip install -r \
             tests/requirements.txt, then set PLERO_TEST_PYTHON=.venv/bin/python"
        ),
        None => {
            eprintln!(
                "SKIPPED: PLERO_TEST_PYTHON is missing (moto, the AWS the tests use, runs in that venv)"
            );
            None
        }
    }
}

/// A running moto server; killed when dropped.
pub struct Moto {
    child: Option<Child>,
    python: PathBuf,
    port: u16,
    log: tempfile::NamedTempFile,
}

impl Moto {
    /// Starts moto with its defaults (every request allowed), or `None` when skipping.
    pub fn start() -> Option<Self> {
        Self::start_with(&[])
    }

    /// Starts moto with extra environment variables, e.g. `INITIAL_NO_AUTH_ACTION_COUNT=0` to
    /// enforce IAM (then only users and policies created in moto are let in).
    pub fn start_with(envs: &[(&str, &str)]) -> Option<Self> {
        let python = python()?;
        let log = tempfile::NamedTempFile::new().expect("moto log file");
        let mut moto = Moto { child: None, python, port: 0, log };
        // Another process may take the chosen port before moto binds it: then moto exits, and
        // another port is tried.
        for _ in 0..3 {
            moto.port = free_port();
            let child = Command::new(&moto.python)
                .args(["-m", "moto.server", "-H", "127.0.0.1", "-p", &moto.port.to_string()])
                .envs(envs.iter().copied())
                .stdin(Stdio::null())
                .stdout(moto.log.reopen().expect("moto log"))
                .stderr(moto.log.reopen().expect("moto log"))
                .spawn()
                .unwrap_or_else(|e| panic!("cannot run {} -m moto.server: {e}", moto.python.display()));
            moto.child = Some(child);
            if moto.wait_ready() {
                return Some(moto);
            }
            moto.stop();
        }
        panic!("moto did not start (is `moto[server]` in the venv?):\n{}", moto.log())
    }

    /// `http://127.0.0.1:PORT`, for `ssm.endpoint`, `uploads.s3_endpoint` and boto3.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The port moto listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// What moto printed.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.log.path()).unwrap_or_default()
    }

    /// Environment variables that point the AWS SDK (and boto3) at this moto with the test
    /// credentials; give them to `pleroctl`.
    pub fn aws_env(&self) -> Vec<(String, String)> {
        vec![
            ("AWS_ACCESS_KEY_ID".into(), ACCESS_KEY.into()),
            ("AWS_SECRET_ACCESS_KEY".into(), SECRET_KEY.into()),
            ("AWS_REGION".into(), REGION.into()),
            ("AWS_DEFAULT_REGION".into(), REGION.into()),
            ("AWS_ENDPOINT_URL".into(), self.endpoint()),
            // No shared profile or instance metadata of the machine's leaks in.
            ("AWS_CONFIG_FILE".into(), "/nonexistent/aws-config".into()),
            ("AWS_SHARED_CREDENTIALS_FILE".into(), "/nonexistent/aws-credentials".into()),
            ("AWS_EC2_METADATA_DISABLED".into(), "true".into()),
        ]
    }

    /// Runs a Python snippet with boto3 against this moto; `ssm` and `s3` are ready-made clients.
    /// Returns its stdout; panics (with its stderr) if it fails.
    pub fn boto3(&self, snippet: &str) -> String {
        let script = format!(
            "import boto3, json, sys\n\
             kw = dict(endpoint_url={endpoint:?}, region_name={REGION:?}, aws_access_key_id={ACCESS_KEY:?}, \
             aws_secret_access_key={SECRET_KEY:?})\n\
             ssm = boto3.client('ssm', **kw)\n\
             s3 = boto3.client('s3', **kw)\n\
             {snippet}\n",
            endpoint = self.endpoint()
        );
        let out = Command::new(&self.python)
            .args(["-c", &script])
            .env_remove("AWS_PROFILE")
            .stdin(Stdio::null())
            .output()
            .expect("python runs");
        assert!(
            out.status.success(),
            "boto3 snippet failed:\n{snippet}\n{}\nmoto log:\n{}",
            String::from_utf8_lossy(&out.stderr),
            self.log()
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Stops moto (to provoke network errors); it stays stopped.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    fn wait_ready(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Some(child) = self.child.as_mut()
                && child.try_wait().ok().flatten().is_some()
            {
                return false;
            }
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A port free on 127.0.0.1 a moment ago.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port").local_addr().unwrap().port()
}
