//! Clients no one here wrote (Mastodon.py in the project's venv, chromedriver): found, or the test
//! is skipped outside CI and fails in CI naming what is missing.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use super::TestServer;
use super::accounts::PASSWORD;

/// `Some(path)` when the tool is there; `None` (after printing why) when the test may skip.
pub fn required_tool(what: &str, found: Option<PathBuf>, hint: &str) -> Option<PathBuf> {
    required_tool_in(std::env::var_os("CI").is_some(), what, found, hint)
}

/// [`required_tool`] with CI set (`in_ci`) or not.
pub fn required_tool_in(in_ci: bool, what: &str, found: Option<PathBuf>, hint: &str) -> Option<PathBuf> {
    match found {
        Some(path) => Some(path),
        None if in_ci => panic!("{what} is missing and CI is set: {hint}"),
        None => {
            eprintln!("SKIPPED: {what} is missing ({hint})");
            None
        }
    }
}

/// `name` on `PATH`.
pub fn on_path(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|dir| PathBuf::from(dir).join(name))
        .find(|p| p.is_file())
}

/// The venv's python (`PLERO_TEST_PYTHON`), with Mastodon.py and jsonschema installed.
pub fn venv_python() -> Option<PathBuf> {
    let python = std::env::var_os("PLERO_TEST_PYTHON").map(PathBuf::from);
    required_tool(
        "PLERO_TEST_PYTHON",
        python,
        "python3 -m venv .venv && .venv/bin/pip install -r tests/requirements.txt, then set PLERO_TEST_PYTHON=.venv/bin/python",
    )
}

/// Runs a script of tests/clients with the venv's python against `server` (its URL first, then
/// `args`), the users' password on stdin; its JSON output.
pub fn run_python(python: &PathBuf, script: &str, server: &TestServer, args: &[&str]) -> serde_json::Value {
    let script = format!("{}/../tests/clients/{script}", env!("CARGO_MANIFEST_DIR"));
    let url = server.url("");
    let mut child = Command::new(python)
        .arg(&script)
        .arg(&url)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python runs");
    child.stdin.take().unwrap().write_all(PASSWORD.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{script} failed:\n{}\nserver log:\n{}",
        String::from_utf8_lossy(&out.stderr),
        server.log()
    );
    serde_json::from_slice(&out.stdout).expect("the script prints JSON")
}
