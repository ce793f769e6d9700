//! `pleroctl serve`: run the HTTP daemon (plero-server) with the layered configuration.

use clap::Args;

use plero_core::config::ConfigError;
use plero_server::daemon::{self, ServeOptions};

use super::Context;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Apply pending database migrations first (without it, pending migrations refuse the start)
    #[arg(long)]
    pub migrate: bool,
}

pub fn run(args: ServeArgs, ctx: &Context) -> anyhow::Result<()> {
    let loaded = ctx.loaded_config()?;
    let problems = loaded.serve_problems();
    if !problems.is_empty() {
        return Err(ConfigError::Invalid { problems }.into());
    }
    let options = ServeOptions { migrate: args.migrate, quick_start: loaded.is_quick_start() };
    daemon::run(loaded.config.clone(), options)?;
    Ok(())
}
