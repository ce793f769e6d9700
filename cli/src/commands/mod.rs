//! One file per command group; each holds clap `Args` and a `run(args, ctx)`.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

use crate::exit;

#[derive(Debug, Parser)]
#[command(name = "pleroctl", version, about = "Run and administer a plero fediverse server", after_help = exit::HELP)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes: where the configuration is and which environment to load.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Directory holding base.toml, <env>.toml and <env>.secret.toml
    #[arg(long, global = true, env = "PLERO_CONFIG_DIR", value_name = "DIR")]
    pub config_dir: Option<PathBuf>,
    /// Environment name: selects <env>.toml and <env>.secret.toml
    #[arg(long = "env", global = true, env = "PLERO_ENV", value_name = "NAME", default_value = "prod")]
    pub env_name: String,
    /// Override one value: --set section.key=value (repeatable; the highest layer)
    #[arg(long = "set", global = true, value_name = "SECTION.KEY=VALUE")]
    pub set: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
}

/// What every command gets besides its own arguments.
pub struct Context {
    pub global: GlobalArgs,
}

impl Context {
    pub fn new(global: &GlobalArgs) -> Self {
        Self { global: global.clone() }
    }
}

pub fn run(command: Command, ctx: &Context) -> anyhow::Result<()> {
    let _ = ctx;
    match command {}
}
