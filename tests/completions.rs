//! The completion scripts committed in completions/ are what the CLI generates today.

mod support;

use std::path::Path;

const SHELLS: [(&str, &str); 5] = [
    ("bash", "pleroctl.bash"),
    ("zsh", "_pleroctl"),
    ("fish", "pleroctl.fish"),
    ("elvish", "pleroctl.elv"),
    ("powershell", "_pleroctl.ps1"),
];

#[test]
fn committed_completions_match_the_cli() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../completions");
    let update = std::env::var_os("PLERO_UPDATE_COMPLETIONS").is_some();
    let mut stale = Vec::new();
    for (shell, file) in SHELLS {
        let out = support::pleroctl().args(["completions", shell]).output().expect("pleroctl runs");
        assert!(out.status.success(), "completions {shell} failed: {}", support::stderr(&out));
        let path = dir.join(file);
        if update {
            std::fs::write(&path, &out.stdout).expect("completions/ is writable");
        } else if std::fs::read(&path).ok().as_deref() != Some(&out.stdout[..]) {
            stale.push(format!("completions/{file}"));
        }
    }
    assert!(
        stale.is_empty(),
        "{} drifted from the CLI. Refresh them with:\n  \
         PLERO_UPDATE_COMPLETIONS=1 cargo nextest run -p pleroctl --test completions\n\
         then commit completions/.",
        stale.join(", ")
    );
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let out = support::pleroctl().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        support::stderr(&out).contains("possible values: bash, elvish, fish, powershell, zsh"),
        "{}",
        support::stderr(&out)
    );
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    // Bigger than a pipe's 64 KiB buffer: the write is still going when the reader leaves, as
    // with `pleroctl completions bash | head -1`.
    let mut child = support::pleroctl()
        .args(["completions", "bash"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 1];
    use std::io::Read;
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}
