//! Accounts for the end-to-end tests, made the way an admin makes them: with `pleroctl user new`.

use std::io::Write;
use std::process::Stdio;

use super::TestServer;

/// The password every test account gets.
pub const PASSWORD: &str = "correct horse battery staple";

/// Creates a local user with `pleroctl user new NICK NICK@example.com --password-stdin`, plus the
/// extra flags; panics with the command's stderr unless it succeeds.
pub fn create_user(server: &TestServer, nick: &str, extra: &[&str]) {
    create_user_with(server, &[], nick, extra);
}

/// [`create_user`] with global options before the command (`--set database.url=…`).
pub fn create_user_with(server: &TestServer, global: &[&str], nick: &str, extra: &[&str]) {
    let email = format!("{nick}@example.com");
    let mut child = super::pleroctl()
        .arg("--config-dir")
        .arg(server.config_dir())
        .args(global)
        .args(["user", "new", nick, &email, "--password-stdin", "--yes"])
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("pleroctl user new runs");
    child.stdin.take().unwrap().write_all(format!("{PASSWORD}\n").as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "pleroctl user new {nick} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs `pleroctl ARGS` against the server's configuration; panics unless it succeeds.
pub fn admin(server: &TestServer, args: &[&str]) -> String {
    let out = server.pleroctl(args);
    assert!(out.status.success(), "pleroctl {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A running server with local users already made and a client for it: how most API tests start.
pub struct Instance {
    pub server: super::TestServer,
    pub api: super::mastodon::Api,
}

impl Instance {
    /// A server with the defaults of `TestServer::start` and users `nicks` (password [`PASSWORD`]).
    pub fn with_users(nicks: &[&str]) -> Self {
        Self::on(super::TestServer::start(), nicks)
    }

    /// `server` with users `nicks`.
    pub fn on(server: super::TestServer, nicks: &[&str]) -> Self {
        for nick in nicks {
            create_user(&server, nick, &[]);
        }
        let api = super::mastodon::Api::new(&server.url(""));
        Self { server, api }
    }
}
