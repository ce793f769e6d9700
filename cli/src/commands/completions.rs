//! `pleroctl completions <shell>`: shell completion scripts, generated from the CLI definition.
//! The committed copies in `completions/` are checked against it by tests/completions.rs.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::Cli;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(args: CompletionsArgs) -> anyhow::Result<()> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "pleroctl", &mut script);
    crate::output::print_text(&String::from_utf8(script)?)
}
