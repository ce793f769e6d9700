//! `pleroctl`: the admin CLI and ops toolkit of plero.
//!
//! Parse, start logging, dispatch, turn errors into exit codes. Every command lives in
//! `commands/<group>.rs` and calls plero-core; no rules live here.

mod commands;
mod exit;
mod output;
mod prompt;

use clap::Parser;
use std::process::ExitCode;

use commands::{Cli, Context};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let ctx = Context::new(&cli.global);
    match commands::run(cli.command, &ctx) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => exit::report(&err),
    }
}
