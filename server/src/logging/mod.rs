//! The daemon's logs: `tracing` to stderr, readable text on a terminal and JSON lines otherwise (or as
//! configured), every line of a request carrying its id (the `request` span), and error-level events
//! also posted to Slack when `logging.slack_webhook_url` is set.

mod slack;

use std::io::IsTerminal;

use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

use plero_core::config::{LogFormat, LoggingConfig};

pub use slack::{SlackLayer, SlackNotifier};

#[derive(Debug, thiserror::Error)]
pub enum LoggingError {
    #[error(
        "logging.level {level:?} is not a valid filter: {reason} (use a level such as `info`, or directives such as `info,plero_server=debug`)"
    )]
    Filter { level: String, reason: String },
    #[error("logging is already set up in this process")]
    AlreadySet,
}

/// Keeps what logging runs in the background; [`Logs::flush`] before exiting sends what is pending.
pub struct Logs {
    slack: Option<SlackNotifier>,
}

impl Logs {
    /// Posts errors still waiting for Slack (bounded by a short timeout).
    pub async fn flush(&self) {
        if let Some(slack) = &self.slack {
            slack.flush().await;
        }
    }
}

/// Installs the process-wide subscriber. Needs a Tokio runtime when Slack is configured.
pub fn init(config: &LoggingConfig, domain: &str) -> Result<Logs, LoggingError> {
    let filter = EnvFilter::builder()
        .parse(&config.level)
        .map_err(|err| LoggingError::Filter { level: config.level.clone(), reason: err.to_string() })?;
    let json = match config.format {
        LogFormat::Json => true,
        LogFormat::Text => false,
        LogFormat::Auto => !std::io::stderr().is_terminal(),
    };
    let fmt = tracing_subscriber::fmt::layer().with_writer(std::io::stderr);
    let fmt = if json {
        fmt.json().with_current_span(true).with_span_list(false).boxed()
    } else {
        fmt.with_ansi(std::io::stderr().is_terminal()).boxed()
    };
    let (slack_layer, slack) = if config.slack_webhook_url.is_empty() {
        (None, None)
    } else {
        let (layer, notifier) =
            slack::start(config.slack_webhook_url.clone(), config.slack_max_per_minute, domain.to_owned());
        (Some(layer), Some(notifier))
    };
    tracing_subscriber::registry()
        .with(filter)
        .with(fmt)
        .with(slack_layer)
        .try_init()
        .map_err(|_| LoggingError::AlreadySet)?;
    if slack.is_some() {
        tracing::info!(max_per_minute = config.slack_max_per_minute, "error-level events also go to Slack");
    }
    Ok(Logs { slack })
}
