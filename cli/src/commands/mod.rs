//! One file per command group; each holds clap `Args` and a `run(args, ctx)`.

use clap::{Args, Parser, Subcommand};
use std::cell::OnceCell;
use std::path::PathBuf;

use plero_core::config::{Config, ConfigError, LoadOptions, LoadedConfig};

use crate::exit::{self, Exit};

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
    /// Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]
    #[arg(long, global = true, env = "PLERO_CONFIG_DIR", value_name = "DIR")]
    pub config_dir: Option<PathBuf>,
    /// Environment name: selects <env>.toml and <env>.secret.toml
    #[arg(
        long = "env",
        global = true,
        env = "PLERO_ENV",
        value_name = "NAME",
        default_value = "prod",
        value_parser = plero_core::config::check_env_name
    )]
    pub env_name: String,
    /// Override one value: --set section.key=value (repeatable; the highest layer)
    #[arg(long = "set", global = true, value_name = "SECTION.KEY=VALUE")]
    pub set: Vec<String>,
    /// Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/
    #[arg(long, global = true, value_name = "PATH")]
    pub ssm_path: Option<String>,
}

pub mod completions;
pub mod config;
pub mod db;
pub mod events;
pub mod health;
pub mod instance;
pub mod jobs;
pub mod migrate;
pub mod secrets;
pub mod serve;
pub mod uploads;
pub mod user;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show or check the layered configuration
    Config(config::ConfigArgs),
    /// Run the HTTP server (drains on SIGTERM/SIGINT)
    Serve(serve::ServeArgs),
    /// Ask a running node whether it is ready (/readyz) or alive (/healthz); exit 0 when it is
    Health(health::HealthArgs),
    /// Set up a new instance: generate its configuration and secrets
    Instance(instance::InstanceArgs),
    /// Apply, list, check or revert database migrations
    Migrate(migrate::MigrateArgs),
    /// Create the database
    Db(db::DbArgs),
    /// Manage users and invites
    User(user::UserArgs),
    /// Look into the job queue: list, show, retry, cancel, stats; benchmark it
    Jobs(jobs::JobsArgs),
    /// Watch and probe the change stream every node hears
    Events(events::EventsArgs),
    /// Pull, push or list the secrets kept in AWS SSM Parameter Store
    Secrets(secrets::SecretsArgs),
    /// Check the uploads backend; migrate local uploads to S3
    Uploads(uploads::UploadsArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    Completions(completions::CompletionsArgs),
}

/// What every command gets besides its own arguments.
pub struct Context {
    pub global: GlobalArgs,
    loaded: OnceCell<LoadedConfig>,
}

impl Context {
    pub fn new(global: &GlobalArgs) -> Self {
        Self { global: global.clone(), loaded: OnceCell::new() }
    }

    /// The layered configuration, loaded on first use (so `--help` and commands that need none stay
    /// fast) and validated: every problem is listed and the command fails with exit code 1 (a
    /// malformed `--set` is a usage error, exit code 2).
    pub fn config(&self) -> anyhow::Result<&Config> {
        Ok(&self.loaded_config()?.config)
    }

    /// What to load: `--config-dir` (or `./config` when it exists), `--env`, `--set`, `--ssm-path`.
    pub fn load_options(&self) -> LoadOptions {
        let default_dir = std::path::Path::new("config");
        let config_dir =
            self.global.config_dir.clone().or_else(|| default_dir.is_dir().then(|| default_dir.into()));
        // --ssm-path is ssm.path given first among the flags: a later --set ssm.path wins.
        let ssm_path = self.global.ssm_path.iter().map(|path| format!("ssm.path={path}"));
        let set = ssm_path.chain(self.global.set.iter().cloned()).collect();
        LoadOptions { config_dir, env: self.global.env_name.clone(), set }
    }

    /// The configuration together with the origin of each value (for `config show --origin`).
    pub fn loaded_config(&self) -> anyhow::Result<&LoadedConfig> {
        if let Some(loaded) = self.loaded.get() {
            return Ok(loaded);
        }
        let loaded = plero_core::config::load(&self.load_options()).map_err(|err| match err {
            ConfigError::BadFlag { .. } => Exit::usage(err.to_string()),
            other => anyhow::Error::new(other),
        })?;
        Ok(self.loaded.get_or_init(|| loaded))
    }
}

pub fn run(command: Command, ctx: &Context) -> anyhow::Result<()> {
    match command {
        Command::Migrate(args) => migrate::run(args, ctx),
        Command::Db(args) => db::run(args, ctx),
        Command::User(args) => user::run(args, ctx),
        Command::Jobs(args) => jobs::run(args, ctx),
        Command::Config(args) => config::run(args, ctx),
        Command::Serve(args) => serve::run(args, ctx),
        Command::Health(args) => health::run(args, ctx),
        Command::Instance(args) => instance::run(args, ctx),
        Command::Events(args) => events::run(args, ctx),
        Command::Secrets(args) => secrets::run(args, ctx),
        Command::Uploads(args) => uploads::run(args, ctx),
        Command::Completions(args) => completions::run(args),
    }
}
