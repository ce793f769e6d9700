//! `pleroctl db create`, and how the database commands reach the store.

use clap::{Args, Subcommand};

use plero_core::config::redact_url;
use plero_core::store::{self, Store};

use super::Context;

#[derive(Debug, Args)]
pub struct DbArgs {
    #[command(subcommand)]
    pub command: DbCommand,
}

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Create the database (PostgreSQL: needs a role with CREATEDB; SQLite: creates the file)
    Create,
}

pub fn run(args: DbArgs, ctx: &Context) -> anyhow::Result<()> {
    match args.command {
        DbCommand::Create => {
            let url = ctx.config()?.database_url();
            let created = block_on(store::create_database(url.expose()))?;
            let shown = redact_url(url.expose());
            if created {
                eprintln!("created database {shown}");
            } else {
                eprintln!("database {shown} already exists");
            }
            Ok(())
        }
    }
}

/// Runs a future on a runtime for one command (the CLI is synchronous everywhere else).
pub fn block_on<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime starts")
        .block_on(future)
}

/// Connects to the configured database, refusing one whose schema is not up to date (commands
/// would otherwise fail on the first missing table or column, with SQL in the message).
pub async fn open_store(ctx: &Context) -> anyhow::Result<Store> {
    let store = Store::open_existing(ctx.config()?).await?;
    let pending = store.pending_migrations().await?;
    if !pending.is_empty() {
        anyhow::bail!(
            "the database schema is not up to date ({} migration(s) pending): run `pleroctl migrate` first",
            pending.len()
        );
    }
    Ok(store)
}

/// Connects for migrations: no statement timeout.
pub async fn open_store_for_migrations(ctx: &Context) -> anyhow::Result<Store> {
    Ok(Store::open_for_migrations(ctx.config()?).await?)
}
