//! `pleroctl migrate`: apply, list, check and revert the database migrations.

use std::io::IsTerminal;
use std::time::Duration;

use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use plero_core::store::{MigrationState, MigrationStatus, Progress};

use super::Context;
use super::db::{block_on, open_store_for_migrations};
use crate::exit::Exit;
use crate::output::{self, ListFormat, RecordFormat, Tabular};
use crate::prompt;

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct MigrateArgs {
    #[command(subcommand)]
    pub command: Option<MigrateCommand>,
}

#[derive(Debug, Subcommand)]
pub enum MigrateCommand {
    /// List every migration and whether it is applied
    Status {
        #[arg(long, short, value_enum, default_value_t)]
        output: ListFormat,
    },
    /// Exit 1 when a migration is pending (a readiness gate for CI and deploys)
    Check {
        #[arg(long, short, value_enum, default_value_t)]
        output: RecordFormat,
    },
    /// Revert the newest migration, or every one newer than --to
    Revert {
        /// Revert down to this version (it stays applied); 0 reverts everything
        #[arg(long, value_name = "VERSION")]
        to: Option<i64>,
        /// Do not ask for confirmation
        #[arg(long, short)]
        yes: bool,
    },
}

pub fn run(args: MigrateArgs, ctx: &Context) -> anyhow::Result<()> {
    match args.command {
        None => block_on(apply(ctx)),
        Some(MigrateCommand::Status { output }) => block_on(status(ctx, output)),
        Some(MigrateCommand::Check { output }) => block_on(check(ctx, output)),
        Some(MigrateCommand::Revert { to, yes }) => block_on(revert(ctx, to, yes)),
    }
}

async fn apply(ctx: &Context) -> anyhow::Result<()> {
    let store = open_store_for_migrations(ctx).await?;
    let mut reporter = Reporter::new("applying");
    let applied = store.migrate(&mut |p| reporter.report(p)).await;
    reporter.finish();
    let applied = applied?;
    if applied.is_empty() {
        eprintln!("database is up to date: no migration pending");
    } else {
        eprintln!("applied {} migration{}", applied.len(), plural(applied.len()));
    }
    Ok(())
}

async fn status(ctx: &Context, format: ListFormat) -> anyhow::Result<()> {
    let store = open_store_for_migrations(ctx).await?;
    let rows: Vec<StatusRow> = store.migration_status().await?.into_iter().map(StatusRow).collect();
    output::print_list(&rows, format)
}

async fn check(ctx: &Context, format: RecordFormat) -> anyhow::Result<()> {
    let store = open_store_for_migrations(ctx).await?;
    let pending = store.pending_migrations().await?;
    if format == RecordFormat::Json {
        output::print_json(&serde_json::json!({ "up_to_date": pending.is_empty(), "pending": pending }))?;
        return if pending.is_empty() { Ok(()) } else { Err(Exit::failure_quiet()) };
    }
    if pending.is_empty() {
        output::print_line("up to date")?;
        return Ok(());
    }
    let mut lines = vec![format!("{} migration{} pending:", pending.len(), plural(pending.len()))];
    lines.extend(pending.iter().map(|m| format!("  {} {}", m.version, m.description)));
    output::print_line(&lines.join("\n"))?;
    Err(Exit::failure_quiet())
}

async fn revert(ctx: &Context, to: Option<i64>, yes: bool) -> anyhow::Result<()> {
    let store = open_store_for_migrations(ctx).await?;
    store.check_revert_target(to).map_err(|err| Exit::not_found(err.to_string()))?;
    let applied: Vec<MigrationStatus> =
        store.migration_status().await?.into_iter().filter(|m| m.state != MigrationState::Pending).collect();
    let targets: Vec<&MigrationStatus> = match to {
        Some(target) => applied.iter().filter(|m| m.version > target).rev().collect(),
        None => applied.last().into_iter().collect(),
    };
    if targets.is_empty() {
        eprintln!("nothing to revert");
        return Ok(());
    }
    if !yes {
        let list: Vec<String> = targets.iter().map(|m| format!("{} {}", m.version, m.description)).collect();
        let question = format!("Revert {} (its tables and their data are dropped)?", list.join(", "));
        if !prompt::confirm(&question, "--yes")? {
            eprintln!("nothing reverted");
            return Ok(());
        }
    }
    let mut reporter = Reporter::new("reverting");
    let reverted = store.revert(to, &mut |p| reporter.report(p)).await;
    reporter.finish();
    let reverted = reverted?;
    eprintln!("reverted {} migration{}", reverted.len(), plural(reverted.len()));
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Progress on stderr: a bar on a terminal, one line per migration otherwise (CI logs).
struct Reporter {
    verb: &'static str,
    bar: Option<ProgressBar>,
}

impl Reporter {
    fn new(verb: &'static str) -> Self {
        Self { verb, bar: None }
    }

    fn report(&mut self, progress: Progress) {
        let terminal = std::io::stderr().is_terminal();
        match progress {
            // A Kubernetes Job that seems to hang is most often waiting here: say so in its log.
            Progress::Locking if !terminal => {
                eprintln!("taking the migration lock (it waits while another pleroctl migrate holds it)")
            }
            Progress::Locking => {}
            Progress::Planned { count } if terminal && count > 0 => {
                let bar = ProgressBar::new(count as u64);
                bar.set_style(
                    ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} {msg}")
                        .expect("static template")
                        .progress_chars("=> "),
                );
                bar.enable_steady_tick(Duration::from_millis(100));
                self.bar = Some(bar);
            }
            Progress::Planned { .. } => {}
            Progress::Started(m) => match &self.bar {
                Some(bar) => bar.set_message(format!("{} {} {}", self.verb, m.version, m.description)),
                None => eprintln!("{} {} {} ...", self.verb, m.version, m.description),
            },
            Progress::Finished(m, elapsed) => match &self.bar {
                Some(bar) => bar.inc(1),
                None => eprintln!("{} {} done in {} ms", m.version, m.description, elapsed.as_millis()),
            },
        }
    }

    fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

#[derive(serde::Serialize)]
#[serde(transparent)]
struct StatusRow(MigrationStatus);

impl Tabular for StatusRow {
    fn headers() -> &'static [&'static str] {
        &["version", "description", "state", "applied_at"]
    }

    fn cells(&self) -> Vec<String> {
        let state = match self.0.state {
            MigrationState::Applied => "applied",
            MigrationState::Pending => "pending",
            MigrationState::ChecksumMismatch => "changed since applied",
            MigrationState::Unknown => "unknown to this binary",
        };
        vec![
            self.0.version.to_string(),
            self.0.description.clone(),
            state.to_string(),
            output::cell(self.0.applied_at.map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())),
        ]
    }
}
