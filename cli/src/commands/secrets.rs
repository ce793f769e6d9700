//! `pleroctl secrets pull|push|list`: the secrets kept in AWS SSM Parameter Store, as a secret
//! file, `export` lines or JSON; a secret file moved into SSM in one step; what is there, never values.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use serde::Serialize;

use plero_core::config::generate::write_file;
use plero_core::config::ssm::{self, PushAction, PushItem};
use plero_core::config::{ConfigError, PulledKey, SsmError, SsmSettings};

use super::Context;
use crate::exit::Exit;
use crate::output::{self, ListFormat, Tabular, cell};

#[derive(Debug, Args)]
pub struct SecretsArgs {
    #[command(subcommand)]
    pub command: SecretsCommand,
}

#[derive(Debug, Subcommand)]
pub enum SecretsCommand {
    /// Read every parameter under the SSM path (decrypted) as a secret file (0600), `export` lines
    /// or JSON: to stdout, or written all or nothing to --output
    Pull(PullArgs),
    /// Put a secret file's keys into SSM as SecureStrings (`database.password` → <PATH>/database/password)
    Push(PushArgs),
    /// List the parameters under the SSM path: names, types and versions, never values
    List(ListArgs),
}

/// What `pull` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum PullFormat {
    /// A secret file (`<env>.secret.toml`): [section] and typed keys
    #[default]
    Toml,
    /// `export PLERO_<SECTION>__<KEY>='…'` lines, shell-quoted, for an entrypoint to source
    Env,
    /// {"section": {"key": value}}
    Json,
}

#[derive(Debug, Args)]
pub struct PullArgs {
    /// The parameter path [default: ssm.path]
    #[arg(long, value_name = "PATH")]
    pub path: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: PullFormat,
    /// Write to this file (mode 0600, replaced all or nothing) instead of stdout
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `push --output`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum PushFormat {
    #[default]
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct PushArgs {
    /// The parameter path [default: ssm.path]
    #[arg(long, value_name = "PATH")]
    pub path: Option<String>,
    /// The secret file whose keys to put, e.g. config/prod.secret.toml
    #[arg(long, value_name = "FILE")]
    pub from: PathBuf,
    /// Only list what would be created or updated (no values); write nothing
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long, short, value_enum, default_value_t)]
    pub output: PushFormat,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// The parameter path [default: ssm.path]
    #[arg(long, value_name = "PATH")]
    pub path: Option<String>,
    #[arg(long, short, value_enum, default_value_t)]
    pub output: ListFormat,
}

pub fn run(args: SecretsArgs, ctx: &Context) -> anyhow::Result<()> {
    match args.command {
        SecretsCommand::Pull(args) => pull(args, ctx),
        SecretsCommand::Push(args) => push(args, ctx),
        SecretsCommand::List(args) => list(args, ctx),
    }
}

/// `--path`, or `ssm.path` (file, PLERO_SSM__PATH, --ssm-path), with `ssm.region` and
/// `ssm.endpoint`; the rest of the configuration is not checked (its secrets may be in SSM).
fn settings(path: Option<String>, ctx: &Context) -> anyhow::Result<SsmSettings> {
    let config = plero_core::config::ssm_config(&ctx.load_options()).map_err(|err| match err {
        ConfigError::BadFlag { .. } => Exit::usage(err.to_string()),
        other => other.into(),
    })?;
    let path = path.unwrap_or(config.path);
    if path.is_empty() {
        return Err(Exit::usage(
            "no SSM path: give --path (e.g. /plero/prod/), or set ssm.path, PLERO_SSM__PATH or --ssm-path",
        ));
    }
    SsmSettings::new(&path, &config.region, &config.endpoint).map_err(Exit::usage)
}

/// An SSM failure as a command error: nothing under the path is "not found" (exit 3).
fn ssm_failure(err: SsmError) -> anyhow::Error {
    match err {
        SsmError::Empty { .. } => Exit::not_found(err.to_string()),
        other => other.into(),
    }
}

fn pull(args: PullArgs, ctx: &Context) -> anyhow::Result<()> {
    let settings = settings(args.path, ctx)?;
    let keys = plero_core::config::pull(&settings).map_err(|err| match err {
        ConfigError::Ssm(err) => ssm_failure(err),
        other => other.into(),
    })?;
    let text = match args.format {
        PullFormat::Toml => format!(
            "# The parameters under {} (AWS SSM), written by `pleroctl secrets pull`.\n{}",
            settings.path,
            toml::to_string(&nested(&keys))?
        ),
        PullFormat::Env => keys.iter().map(export_line).collect(),
        PullFormat::Json => serde_json::to_string_pretty(&nested(&keys))? + "\n",
    };
    match args.output {
        None => output::print_text(&text),
        Some(file) => {
            write_file(&file, &text, 0o600, true)?;
            eprintln!("wrote {} keys from {} to {} (mode 0600)", keys.len(), settings.path, file.display());
            Ok(())
        }
    }
}

/// `{section: {key: value}}`, as a secret file holds them.
fn nested(keys: &[PulledKey]) -> toml::Table {
    let mut table = toml::Table::new();
    for pulled in keys {
        let (section, leaf) = pulled.key.split_once('.').expect("keys are section.key");
        let inner = table.entry(section).or_insert_with(|| toml::Value::Table(toml::Table::new()));
        if let toml::Value::Table(inner) = inner {
            inner.insert(leaf.into(), pulled.value.clone());
        }
    }
    table
}

/// `export PLERO_DATABASE__PASSWORD='…'`: the variable the environment layer reads, its value
/// single-quoted for any POSIX shell (a `'` inside becomes `'\''`).
fn export_line(pulled: &PulledKey) -> String {
    let var = format!("PLERO_{}", pulled.key.replacen('.', "__", 1).to_ascii_uppercase());
    let text = match &pulled.value {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    format!("export {var}={}\n", shell_quote(&text))
}

fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// A row of `push`: what happens to one parameter; never its value.
#[derive(Debug, Serialize)]
struct PushRow {
    key: String,
    parameter: String,
    action: PushAction,
    version: Option<i64>,
}

impl From<&PushItem> for PushRow {
    fn from(item: &PushItem) -> Self {
        Self {
            key: item.key.clone(),
            parameter: item.parameter.clone(),
            action: item.action,
            version: item.version,
        }
    }
}

impl Tabular for PushRow {
    fn headers() -> &'static [&'static str] {
        &["parameter", "key", "action", "version"]
    }

    fn cells(&self) -> Vec<String> {
        vec![self.parameter.clone(), self.key.clone(), self.action.as_str().into(), cell(self.version)]
    }
}

fn push(args: PushArgs, ctx: &Context) -> anyhow::Result<()> {
    let settings = settings(args.path, ctx)?;
    let entries = plero_core::config::secret_file_entries(&args.from)?;
    if entries.is_empty() {
        anyhow::bail!("{} holds no key with a value: nothing to push", args.from.display());
    }
    let plan = ssm::plan_push(&settings, &entries)?;
    let count = |action| plan.iter().filter(|item| item.action == action).count();
    let (create, update, same) =
        (count(PushAction::Create), count(PushAction::Update), count(PushAction::Unchanged));
    let done = if args.dry_run {
        eprintln!(
            "dry run: {create} to create, {update} to update, {same} unchanged under {}; nothing written",
            settings.path
        );
        plan
    } else {
        let done = ssm::push(&settings, plan).map_err(|err| {
            anyhow::Error::new(err).context(format!(
                "pushing {} to {} stopped: the parameters before the failure are written; run it again to \
                 finish (what is written is then unchanged)",
                args.from.display(),
                settings.path
            ))
        })?;
        eprintln!(
            "pushed {} as SecureStrings: {create} created, {update} updated, {same} unchanged",
            args.from.display()
        );
        done
    };
    let rows: Vec<PushRow> = done.iter().map(PushRow::from).collect();
    match args.output {
        PushFormat::Json => output::print_json(&rows),
        PushFormat::Table => output::print_list(&rows, ListFormat::Table),
    }
}

/// A row of `list`.
#[derive(Debug, Serialize)]
struct ListRow {
    name: String,
    key: String,
    #[serde(rename = "type")]
    kind: String,
    version: i64,
    last_modified: Option<String>,
}

impl Tabular for ListRow {
    fn headers() -> &'static [&'static str] {
        &["name", "key", "type", "version", "last modified"]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.name.clone(),
            self.key.clone(),
            self.kind.clone(),
            self.version.to_string(),
            cell(self.last_modified.as_ref()),
        ]
    }
}

fn list(args: ListArgs, ctx: &Context) -> anyhow::Result<()> {
    let settings = settings(args.path, ctx)?;
    let rows: Vec<ListRow> = ssm::list(&settings)?
        .into_iter()
        .map(|p| ListRow {
            key: ssm::key_of(&settings.path, &p.name),
            kind: p.kind,
            version: p.version,
            last_modified: p.last_modified,
            name: p.name,
        })
        .collect();
    if rows.is_empty() {
        eprintln!("no parameter under {}", settings.path);
    }
    output::print_list(&rows, args.output)
}
