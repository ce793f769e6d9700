//! Helpers shared by the end-to-end tests: they run the real `pleroctl` binary.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// A `pleroctl` command with a clean environment: no PLERO_* variable of the caller leaks in.
pub fn pleroctl() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pleroctl"));
    for (key, _) in std::env::vars() {
        if key.starts_with("PLERO_") {
            cmd.env_remove(key);
        }
    }
    cmd
}

/// Runs `pleroctl` with `args` in `dir` and with stdin closed (not a terminal).
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    pleroctl()
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("pleroctl runs")
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
