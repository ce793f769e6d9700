//! `pleroctl health`: ask a running node's probe as Kubernetes would (`/readyz`, or `/healthz` with
//! `--probe live`). The image's `HEALTHCHECK` runs it, so the image needs no curl.

use std::time::Duration;

use clap::{Args, ValueEnum};

use plero_core::config::ConfigError;
use plero_server::probe::{self, Probe, ProbeAnswer};

use super::Context;
use super::db::block_on;
use crate::exit::Exit;
use crate::output::{self, RecordFormat};

const AFTER_HELP: &str = "\
Exit codes:
  0  the probe answered 200 (ready, or alive with --probe live)
  1  any other answer (/readyz answers 503 while the database is unreachable or a migration is
     pending), no answer within --timeout, or an invalid configuration
  2  usage error (a bad --url or flag)";

#[derive(Debug, Args)]
#[command(after_help = AFTER_HELP)]
pub struct HealthArgs {
    /// The node's address, e.g. http://127.0.0.1:4000 [default: http.ip and http.port of the
    /// configuration, asked on loopback when it listens on 0.0.0.0 or ::]
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// `ready`: GET /readyz (the database answers, no migration pending); `live`: GET /healthz
    /// (the process answers)
    #[arg(long, value_enum, default_value_t = ProbeArg::Ready)]
    pub probe: ProbeArg,
    /// Seconds to wait for the whole answer
    #[arg(long, value_name = "SECS", default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=300))]
    pub timeout: u64,
    #[arg(long, short, value_enum, default_value_t)]
    pub output: RecordFormat,
}

/// `--probe`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProbeArg {
    Ready,
    Live,
}

pub fn run(args: HealthArgs, ctx: &Context) -> anyhow::Result<()> {
    let node = match &args.url {
        Some(raw) => probe::parse_node_url(raw).map_err(|err| Exit::usage(format!("--url: {err}")))?,
        // Only [http], from the same files, environment and flags `serve` read: not SSM (the image's
        // HEALTHCHECK runs this every 30 s) nor the secrets the probe does not need.
        None => {
            let http = plero_core::config::http_config(&ctx.load_options()).map_err(|err| match err {
                ConfigError::BadFlag { .. } => Exit::usage(err.to_string()),
                other => other.into(),
            })?;
            probe::node_url(&http)
        }
    };
    let which = match args.probe {
        ProbeArg::Ready => Probe::Ready,
        ProbeArg::Live => Probe::Live,
    };
    let answer = block_on(probe::ask(&node, which, Duration::from_secs(args.timeout)));
    match args.output {
        RecordFormat::Json => output::print_json(&answer)?,
        RecordFormat::Text => output::print_line(&line(&answer))?,
    }
    if answer.healthy { Ok(()) } else { Err(Exit::failure_quiet()) }
}

/// `ready: http://127.0.0.1:4000/readyz answered 200 in 3 ms`, or what went wrong.
fn line(answer: &ProbeAnswer) -> String {
    let state = match (answer.probe, answer.healthy) {
        (Probe::Ready, true) => "ready",
        (Probe::Ready, false) => "not ready",
        (Probe::Live, true) => "alive",
        (Probe::Live, false) => "not alive",
    };
    let url = &answer.url;
    let millis = answer.millis;
    match (answer.status, &answer.error) {
        (Some(status), _) if answer.healthy => format!("{state}: {url} answered {status} in {millis} ms"),
        (Some(status), _) => {
            let body = answer.body.as_ref().map(|b| b.to_string()).unwrap_or_default();
            format!("{state}: {url} answered {status} in {millis} ms: {body}")
        }
        (None, error) => format!(
            "{state}: {url}: {} after {millis} ms (is `pleroctl serve` running, listening on http.ip:http.port?)",
            error.as_deref().unwrap_or("no answer")
        ),
    }
}
