//! `pleroctl uploads`: check the uploads backend, and migrate local uploads to S3.

use std::io::IsTerminal;
use std::time::Duration;

use clap::{Args, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use plero_core::config::{Config, UploadsBackend};
use plero_core::uploads::check::{self, CheckReport};
use plero_core::uploads::migrate::{self, MigrateOptions, MigrateSummary, Progress};
use plero_core::uploads::{LocalUploads, S3Uploads, Uploader};

use super::Context;
use super::db::{block_on, open_store};
use crate::exit::Exit;
use crate::output::{self, RecordFormat, Tabular};

#[derive(Debug, Args)]
pub struct UploadsArgs {
    #[command(subcommand)]
    pub command: UploadsCommand,
}

#[derive(Debug, Subcommand)]
pub enum UploadsCommand {
    /// Put, read back and delete a probe object, naming what failed (credentials, bucket,
    /// permissions, endpoint); exit 1 on a failure
    Check {
        /// The backend to check [default: uploads.backend]
        #[arg(long, value_enum)]
        backend: Option<Backend>,
        #[arg(long, short, value_enum, default_value_t)]
        output: RecordFormat,
    },
    /// Copy the local uploads into the S3 bucket (uploads.s3_*), verify each copy and point the
    /// stored URLs at it; safe to interrupt and run again. Then set uploads.backend = "s3"
    Migrate {
        /// Where to copy them
        #[arg(long, value_enum)]
        to: Target,
        /// Say what would be done; write nothing
        #[arg(long)]
        dry_run: bool,
        /// Delete each local file once its URL points at its copy
        #[arg(long)]
        delete: bool,
        /// How many files are copied at once
        #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=256))]
        concurrency: u16,
        #[arg(long, short, value_enum, default_value_t)]
        output: RecordFormat,
    },
}

/// An uploads backend, as `--backend` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Backend {
    /// The directory uploads.local_dir
    Local,
    /// The bucket uploads.s3_bucket
    S3,
}

/// Where `uploads migrate` copies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Target {
    /// The bucket uploads.s3_bucket (with s3_region, s3_endpoint, s3_path_style, s3_public_endpoint)
    S3,
}

pub fn run(args: UploadsArgs, ctx: &Context) -> anyhow::Result<()> {
    match args.command {
        UploadsCommand::Check { backend, output } => block_on(check(ctx.config()?, backend, output)),
        UploadsCommand::Migrate { to: Target::S3, dry_run, delete, concurrency, output } => {
            let options =
                MigrateOptions { dry_run, delete_local: delete, concurrency: usize::from(concurrency) };
            block_on(migrate(ctx, options, output))
        }
    }
}

/// The S3 settings, refused without a bucket (whatever `uploads.backend` says).
fn bucket(config: &Config) -> anyhow::Result<S3Uploads> {
    if config.uploads.s3_bucket.trim().is_empty() {
        anyhow::bail!(
            "uploads.s3_bucket is empty: name the bucket (and uploads.s3_region, or uploads.s3_endpoint for an \
             S3-compatible service) in the configuration"
        );
    }
    Ok(S3Uploads::from_config(config))
}

async fn check(config: &Config, backend: Option<Backend>, format: RecordFormat) -> anyhow::Result<()> {
    let uploader = match backend.map_or(config.uploads.backend, |b| match b {
        Backend::Local => UploadsBackend::Local,
        Backend::S3 => UploadsBackend::S3,
    }) {
        UploadsBackend::Local => Uploader::Local(LocalUploads::from_config(config)),
        UploadsBackend::S3 => Uploader::S3(bucket(config)?),
    };
    let report = check::check(&uploader).await;
    print_check(&report, format)?;
    if report.ok { Ok(()) } else { Err(Exit::failure_quiet()) }
}

fn print_check(report: &CheckReport, format: RecordFormat) -> anyhow::Result<()> {
    if format == RecordFormat::Json {
        return output::print_json(report);
    }
    let mut lines: Vec<String> = report
        .steps
        .iter()
        .map(|step| match (&step.error, step.cause) {
            (Some(error), Some(cause)) => {
                format!("FAILED  {} ({}): {error}", step.step.as_str(), cause.as_str())
            }
            _ => format!("ok      {}", step.step.as_str()),
        })
        .collect();
    lines.push(if report.ok {
        format!("{} works: probe {} put, read back and deleted", report.target, report.probe_key)
    } else {
        format!("{} does not work (see the failed step above)", report.target)
    });
    output::print_line(&lines.join("\n"))
}

async fn migrate(ctx: &Context, options: MigrateOptions, format: RecordFormat) -> anyhow::Result<()> {
    let config = ctx.config()?;
    let s3 = bucket(config)?;
    let local = LocalUploads::from_config(config);
    // Named before anything is copied, rather than once per file.
    if options.dry_run {
        s3.check_credentials().await.map_err(|e| anyhow::anyhow!("{}: {e}", s3.describe()))?;
    } else {
        let probe = check::check(&Uploader::S3(s3.clone())).await;
        if let Some(step) = probe.failure() {
            anyhow::bail!(
                "{} does not work, nothing was copied: {} (run `pleroctl uploads check --backend s3`)",
                probe.target,
                step.error.as_deref().unwrap_or("failed")
            );
        }
    }
    let store = open_store(ctx).await?;
    eprintln!(
        "{}copying the files under {} to {}",
        if options.dry_run { "dry run, nothing is written: " } else { "" },
        local.root().display(),
        s3.describe()
    );
    let mut reporter = Reporter::new();
    let result = migrate::migrate_to_s3(&store, &local, &s3, options, &mut |p| reporter.report(p)).await;
    reporter.finish();
    let summary = result?;
    let failed = !summary.failed.is_empty();
    if format == RecordFormat::Json {
        output::print_json(&summary)?;
    } else {
        output::print_record(&SummaryView(&summary), false)?;
        for file in &summary.failed {
            output::print_line(&format!("failed: {}: {}", file.key, file.error))?;
        }
    }
    if failed {
        eprintln!(
            "{} file(s) failed and stay local: fix the cause and run the same command again",
            summary.failed.len()
        );
        return Err(Exit::failure_quiet());
    }
    if !options.dry_run {
        eprintln!("done; next: {}", migrate::NEXT_STEP);
    }
    Ok(())
}

struct SummaryView<'a>(&'a MigrateSummary);

impl serde::Serialize for SummaryView<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl Tabular for SummaryView<'_> {
    fn headers() -> &'static [&'static str] {
        &[
            "dry_run",
            "bucket",
            "files",
            "bytes",
            "copied",
            "already_in_bucket",
            "vanished",
            "urls_rewritten",
            "urls_already_rewritten",
            "unreferenced",
            "local_deleted",
            "failed",
            "seconds",
            "files_per_second",
        ]
    }

    fn cells(&self) -> Vec<String> {
        let s = self.0;
        vec![
            output::yes_no(s.dry_run),
            s.bucket.clone(),
            s.files.to_string(),
            s.bytes.to_string(),
            s.copied.to_string(),
            s.already_in_bucket.to_string(),
            s.vanished.to_string(),
            s.urls_rewritten.to_string(),
            s.urls_already_rewritten.to_string(),
            s.unreferenced.to_string(),
            s.local_deleted.to_string(),
            s.failed.len().to_string(),
            format!("{:.2}", s.seconds),
            format!("{:.1}", s.files_per_second),
        ]
    }
}

/// Progress on stderr: a bar on a terminal, a line per batch (and per failed file) otherwise.
struct Reporter {
    terminal: bool,
    bar: Option<ProgressBar>,
}

impl Reporter {
    fn new() -> Self {
        Self { terminal: std::io::stderr().is_terminal(), bar: None }
    }

    fn report(&mut self, progress: Progress) {
        match progress {
            Progress::Planned { files, bytes } if self.terminal => {
                let bar = ProgressBar::new(files);
                bar.set_style(
                    ProgressStyle::with_template(
                        "{spinner} [{bar:30}] {pos}/{len} files, {per_sec}, eta {eta} {msg}",
                    )
                    .expect("static template")
                    .progress_chars("=> "),
                );
                bar.set_message(format!("({bytes} bytes in all)"));
                bar.enable_steady_tick(Duration::from_millis(100));
                self.bar = Some(bar);
            }
            Progress::Planned { files, bytes } => eprintln!("uploads migrate: {files} files, {bytes} bytes"),
            Progress::File { key, outcome: Err(error) } => match &self.bar {
                Some(bar) => {
                    bar.println(format!("failed: {key}: {error}"));
                    bar.inc(1);
                }
                None => eprintln!("uploads migrate: failed: {key}: {error}"),
            },
            Progress::File { .. } => {
                if let Some(bar) = &self.bar {
                    bar.inc(1);
                }
            }
            Progress::Batch { done, files, urls_rewritten } => {
                if self.bar.is_none() {
                    eprintln!("uploads migrate: {done}/{files} files, {urls_rewritten} URLs rewritten");
                }
            }
        }
    }

    fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}
