//! Exit codes, documented in `pleroctl --help` and README.md.

use std::process::ExitCode;

/// 0: success.
pub const SUCCESS: u8 = 0;
/// 1: the command failed (bad configuration, unreachable database, …).
pub const FAILURE: u8 = 1;
/// 2: usage error: a bad or missing flag or argument (clap uses 2 as well).
pub const USAGE: u8 = 2;
/// 3: what the command was asked about does not exist (a user, an invite, …).
pub const NOT_FOUND: u8 = 3;

/// The help text's section on exit codes.
pub const HELP: &str = "\
Exit codes:
  0  success
  1  failure (invalid configuration, unreachable database, pending migrations, ...)
  2  usage error (bad or missing flag; a prompt needed but stdin is not a terminal)
  3  not found (no such user, invite, ...)";

/// An error that carries its own exit code; anything else exits with [`FAILURE`].
#[derive(Debug)]
pub struct Exit {
    pub code: u8,
    pub message: String,
}

impl Exit {
    pub fn usage(message: impl Into<String>) -> anyhow::Error {
        anyhow::Error::new(Exit { code: USAGE, message: message.into() })
    }

    /// Exit code 1 with nothing more printed: the command already said what failed on stdout.
    pub fn failure_quiet() -> anyhow::Error {
        anyhow::Error::new(Exit { code: FAILURE, message: String::new() })
    }

    pub fn not_found(message: impl Into<String>) -> anyhow::Error {
        anyhow::Error::new(Exit { code: NOT_FOUND, message: message.into() })
    }
}

impl std::fmt::Display for Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Exit {}

/// Prints the error chain on stderr and picks the exit code.
pub fn report(err: &anyhow::Error) -> ExitCode {
    let quiet = err.downcast_ref::<Exit>().is_some_and(|e| e.message.is_empty());
    if !quiet {
        eprintln!("error: {err:#}");
    }
    let code = err.downcast_ref::<Exit>().map_or(FAILURE, |e| e.code);
    debug_assert_ne!(code, SUCCESS);
    ExitCode::from(code)
}
