//! Helpers shared by the end-to-end tests: they run the real `pleroctl` binary.
#![allow(dead_code)]

pub mod accounts;
pub mod clients;
pub mod db;
pub mod images;
pub mod mastodon;
pub mod moto;
pub mod pages;

use std::path::Path;
use std::process::{Command, Output};

/// A `pleroctl` command with a clean environment: no PLERO_* variable of the caller leaks in.
///
/// `PLERO_TEST_PLEROCTL` overrides the binary: several worktrees sharing one target directory
/// overwrite each other's `target/debug/pleroctl`, so a developer can test a copy of their own.
pub fn pleroctl() -> Command {
    let binary = std::env::var_os("PLERO_TEST_PLEROCTL")
        .map_or_else(|| std::path::PathBuf::from(env!("CARGO_BIN_EXE_pleroctl")), std::path::PathBuf::from);
    let mut cmd = Command::new(binary);
    for (key, _) in std::env::vars() {
        if key.starts_with("PLERO_") {
            cmd.env_remove(key);
        }
    }
    cmd
}

/// Runs `pleroctl` with `args` in `dir` and with stdin closed (not a terminal).
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    pleroctl().args(args).current_dir(dir).stdin(std::process::Stdio::null()).output().expect("pleroctl runs")
}

/// `out`, after asserting the command succeeded (naming its exit code, stdout and stderr if not).
pub fn ok(out: Output) -> Output {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        stdout(&out),
        stderr(&out)
    );
    out
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Base URL of the PostgreSQL server tests create their databases on.
pub fn pg_base_url() -> String {
    std::env::var("PLERO_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string())
}

/// The request limits of test servers: on (so every test goes through them), but far above what
/// a test sends from 127.0.0.1. Tests of the limits set their own with `--set`.
const TEST_RATE_LIMITS: &str = "[rate_limits]\nsign_in = 10000\nsign_up = 10000\npassword_reset = 10000\n\
    app_registration = 10000\nunauthenticated_api = 100000\nauthenticated_api = 100000\n";

/// A real `pleroctl serve` on a free loopback port, with its own config directory and SQLite
/// database in a temp dir; killed when dropped. Its stderr (JSON log lines) goes to a file: [`TestServer::log`].
pub struct TestServer {
    child: Option<std::process::Child>,
    dir: tempfile::TempDir,
    port: u16,
    /// How it was started, to start it again ([`TestServer::restart`]).
    options: ServerBuilder,
}

/// Options of a [`TestServer`]; [`TestServer::start`] takes the defaults.
pub struct ServerBuilder {
    quick_start: bool,
    sets: Vec<String>,
    files: Vec<(String, String)>,
    migrate: bool,
    envs: Vec<(String, String)>,
}

impl ServerBuilder {
    /// `--set key=value` on the command line (the highest config layer).
    pub fn set(mut self, key: &str, value: &str) -> Self {
        self.sets.push(format!("{key}={value}"));
        self
    }

    /// An extra file in the config dir (`prod.toml`, `prod.secret.toml`; `base.toml` is ours).
    pub fn file(mut self, name: &str, contents: &str) -> Self {
        self.files.push((name.to_owned(), contents.to_owned()));
        self
    }

    /// No config dir and no file at all (quick-start mode): only `--set http.port=PORT`, run in the
    /// temp dir so the SQLite default lands under it.
    pub fn quick_start(mut self) -> Self {
        self.quick_start = true;
        self
    }

    /// Whether to pass `--migrate` (default: yes, so a fresh database is usable).
    pub fn migrate(mut self, migrate: bool) -> Self {
        self.migrate = migrate;
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.envs.push((key.to_owned(), value.to_owned()));
        self
    }

    /// Starts the server and waits until `/healthz` answers; panics with the server's log otherwise.
    pub fn start(self) -> TestServer {
        let dir = tempfile::tempdir().expect("temp dir");
        for attempt in 0.. {
            let port = free_port();
            let mut server = self.spawn(&dir, port);
            match server.wait_healthy(std::time::Duration::from_secs(60)) {
                Ok(()) => return TestServer { child: server.child.take(), dir, port, options: self },
                // Another process took the port between our probe and the bind: try another.
                Err(log) if attempt < 3 && log.contains("cannot listen") => continue,
                Err(log) => panic!("pleroctl serve did not become healthy; its log:\n{log}"),
            }
        }
        unreachable!()
    }

    /// Starts the server without waiting (for tests of start-up failures): the child and its log.
    pub fn spawn_only(self) -> TestServer {
        let dir = tempfile::tempdir().expect("temp dir");
        let port = free_port();
        let mut server = self.spawn(&dir, port);
        TestServer { child: server.child.take(), dir, port, options: self }
    }

    fn spawn(&self, dir: &tempfile::TempDir, port: u16) -> Spawned {
        // Quick-start keeps the temp dir free of ./config, which pleroctl would read by default.
        let config_dir = dir.path().join(if self.quick_start { "unused-config" } else { "config" });
        std::fs::create_dir_all(&config_dir).expect("config dir");
        let data_dir = dir.path().join("data");
        let base = format!(
            "[instance]\ndomain = \"127.0.0.1:{port}\"\nname = \"plero test\"\nadmin_email = \"admin@example.com\"\n\
             data_dir = \"{}\"\n\n[http]\nip = \"127.0.0.1\"\nport = {port}\npublic_scheme = \"http\"\n\
             shutdown_grace_secs = 10\n\n[logging]\nformat = \"json\"\nlevel = \"info\"\n\n{TEST_RATE_LIMITS}",
            data_dir.display()
        );
        std::fs::write(config_dir.join("base.toml"), base).expect("write base.toml");
        for (name, contents) in &self.files {
            let path = config_dir.join(name);
            std::fs::write(&path, contents).expect("write config file");
            if name.contains(".secret.") {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
            }
        }
        let log = std::fs::File::create(dir.path().join("server.log")).expect("log file");
        let mut cmd = pleroctl();
        cmd.current_dir(dir.path());
        if self.quick_start {
            cmd.arg("--set").arg(format!("http.port={port}"));
        } else {
            // `serve` refuses a configuration without one (quick-start keeps its own).
            cmd.env("PLERO_SECURITY__SECRET_KEY_BASE", "the test server's secret key base");
            cmd.arg("--config-dir").arg(&config_dir);
        }
        for set in &self.sets {
            cmd.arg("--set").arg(set);
        }
        cmd.arg("serve");
        if self.migrate {
            cmd.arg("--migrate");
        }
        cmd.envs(self.envs.iter().map(|(k, v)| (k, v)));
        let child = cmd
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(log)
            .spawn()
            .expect("pleroctl serve starts");
        Spawned { child: Some(child), port, log: dir.path().join("server.log") }
    }
}

struct Spawned {
    child: Option<std::process::Child>,
    port: u16,
    log: std::path::PathBuf,
}

impl Spawned {
    fn wait_healthy(&mut self, timeout: std::time::Duration) -> Result<(), String> {
        let deadline = std::time::Instant::now() + timeout;
        let child = self.child.as_mut().expect("child");
        loop {
            if let Some(status) = child.try_wait().expect("try_wait") {
                let log = std::fs::read_to_string(&self.log).unwrap_or_default();
                return Err(format!("exited with {status}\n{log}"));
            }
            if raw_get(self.port, "/healthz").is_some_and(|r| r.starts_with("HTTP/1.1 200")) {
                return Ok(());
            }
            if std::time::Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                return Err(std::fs::read_to_string(&self.log).unwrap_or_default());
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
}

impl Drop for Spawned {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl TestServer {
    /// A server with the defaults of [`ServerBuilder`].
    pub fn start() -> Self {
        Self::builder().start()
    }

    pub fn builder() -> ServerBuilder {
        ServerBuilder {
            quick_start: false,
            sets: Vec::new(),
            files: Vec::new(),
            migrate: true,
            envs: Vec::new(),
        }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The instance's domain: `127.0.0.1:PORT`.
    pub fn domain(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// `http://127.0.0.1:PORT` followed by `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The directory the server runs in (its working directory; `data/` holds its database).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Stops the server (SIGKILL) and starts it again with the same options, port and directory,
    /// so its data is kept; waits until it is healthy.
    pub fn restart(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        let mut server = self.options.spawn(&self.dir, self.port);
        if let Err(log) = server.wait_healthy(std::time::Duration::from_secs(60)) {
            panic!("pleroctl serve did not become healthy again; its log:\n{log}");
        }
        self.child = server.child.take();
    }

    pub fn config_dir(&self) -> std::path::PathBuf {
        self.dir.path().join("config")
    }

    /// Runs another `pleroctl` command against this server's configuration (and database).
    pub fn pleroctl(&self, args: &[&str]) -> Output {
        pleroctl()
            .current_dir(self.dir.path())
            .arg("--config-dir")
            .arg(self.config_dir())
            .args(args)
            .stdin(std::process::Stdio::null())
            .output()
            .expect("pleroctl runs")
    }

    /// What the server wrote on stderr so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
    }

    /// Waits until a line of the server's log contains `needle`, and returns that line; fails the
    /// test with the whole log after `timeout`. Events are awaited this way, never slept for.
    pub fn wait_log(&self, needle: &str, timeout: std::time::Duration) -> String {
        let deadline = std::time::Instant::now() + timeout;
        loop {
            let log = self.log();
            if let Some(line) = log.lines().find(|l| l.contains(needle)) {
                return line.to_owned();
            }
            assert!(std::time::Instant::now() < deadline, "no log line contains {needle:?}:\n{log}");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.as_ref().expect("server running").id()
    }

    /// Sends a signal (`"TERM"`, `"INT"`) to the server process.
    pub fn signal(&self, signal: &str) {
        let status = Command::new("kill").arg(format!("-{signal}")).arg(self.pid().to_string()).status();
        assert!(status.expect("kill runs").success(), "kill -{signal} failed");
    }

    /// Waits for the process to exit; `None` when it is still running after `timeout`.
    pub fn wait_exit(&mut self, timeout: std::time::Duration) -> Option<std::process::ExitStatus> {
        let deadline = std::time::Instant::now() + timeout;
        let child = self.child.as_mut().expect("server running");
        loop {
            if let Some(status) = child.try_wait().expect("try_wait") {
                return Some(status);
            }
            if std::time::Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A loopback port that was free a moment ago.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0").local_addr().expect("addr").port()
}

/// A bare `GET path` on loopback (no client library: used to poll readiness); the raw response.
pub fn raw_get(port: u16, path: &str) -> Option<String> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(std::time::Duration::from_secs(5))).ok()?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n").ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    Some(response)
}
