//! `pleroctl events tail|ping`: watch the change stream every node hears, and probe it.

use std::time::Duration;

use clap::{Args, Subcommand};
use serde::Serialize;

use plero_core::events::{self, Change, ChangeFeed, Event, FeedSettings};

use super::Context;
use super::db::{block_on, open_store};
use crate::output::print_line;

#[derive(Debug, Args)]
pub struct EventsArgs {
    #[command(subcommand)]
    pub command: EventsCommand,
}

#[derive(Debug, Subcommand)]
pub enum EventsCommand {
    /// Print change events as this process's own feed receives them (as a node would), one per
    /// line, until interrupted, --count events or --timeout
    Tail(TailArgs),
    /// Commit ping events (they change nothing): every node's feed receives them; with `tail` on
    /// another machine, they measure delivery
    Ping(PingArgs),
}

/// How `tail` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum LineFormat {
    /// `position kind change-as-json`
    #[default]
    Text,
    /// One JSON object per line
    Json,
}

#[derive(Debug, Args)]
pub struct TailArgs {
    /// Stop after this many events
    #[arg(long, value_name = "N")]
    pub count: Option<u64>,
    /// Stop after this many seconds
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<u64>,
    #[arg(long, short, value_enum, default_value_t)]
    pub output: LineFormat,
}

#[derive(Debug, Args)]
pub struct PingArgs {
    /// How many pings to commit, each in a transaction of its own
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub count: u64,
    /// Pings per second (0: as fast as the database takes them)
    #[arg(long, default_value_t = 0, value_name = "PER_SEC")]
    pub rate: u64,
    /// Commits in flight at once (as many requests of a node commit at once)
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=64))]
    pub concurrency: u32,
    /// `text`: the last ping's position; `json`: also how many, how long, how fast
    #[arg(long, short, value_enum, default_value_t)]
    pub output: LineFormat,
}

/// What `ping --output json` prints.
#[derive(Debug, Serialize)]
struct PingSummary {
    pings: u64,
    last_position: i64,
    seconds: f64,
    per_second: f64,
}

/// A line of `tail --output json`.
#[derive(Debug, Serialize)]
struct TailLine<'a> {
    position: Option<i64>,
    kind: &'a str,
    change: Option<&'a Change>,
    committed_at: Option<chrono::DateTime<chrono::Utc>>,
    received_at: chrono::DateTime<chrono::Utc>,
    /// For pings: microseconds from the start of the ping's commit to its delivery here.
    delivery_us: Option<i64>,
}

pub fn run(args: EventsArgs, ctx: &Context) -> anyhow::Result<()> {
    match args.command {
        EventsCommand::Tail(args) => block_on(tail(args, ctx)),
        EventsCommand::Ping(args) => block_on(ping(args, ctx)),
    }
}

async fn tail(args: TailArgs, ctx: &Context) -> anyhow::Result<()> {
    let config = ctx.config()?;
    let store = open_store(ctx).await?;
    let feed = ChangeFeed::start(store.clone(), FeedSettings::from_config(config)).await?;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    feed.subscribe(move |event| {
        let _ = tx.send((event.clone(), chrono::Utc::now()));
    });
    eprintln!("listening for change events on {} (Ctrl-C to stop)", store.url());
    let deadline = args.timeout.map(|s| tokio::time::Instant::now() + Duration::from_secs(s));
    let mut printed = 0u64;
    loop {
        if args.count.is_some_and(|n| printed >= n) {
            break;
        }
        let next = async {
            match deadline {
                Some(at) => tokio::time::timeout_at(at, rx.recv()).await.ok().flatten(),
                None => rx.recv().await,
            }
        };
        let received = tokio::select! {
            received = next => received,
            _ = tokio::signal::ctrl_c() => None,
        };
        let Some((event, received_at)) = received else { break };
        print_line(&line(&event, received_at, args.output))?;
        printed += 1;
    }
    drop(feed);
    store.close().await;
    Ok(())
}

fn line(event: &Event, received_at: chrono::DateTime<chrono::Utc>, format: LineFormat) -> String {
    let (position, change, committed_at) = match event {
        Event::Change { position, change, at } => (Some(*position), Some(change), Some(*at)),
        Event::Resync => (None, None, None),
    };
    let kind = change.map_or("resync", Change::kind);
    let delivery_us = match change {
        Some(Change::Ping { sent_at }) => (received_at - *sent_at).num_microseconds(),
        _ => None,
    };
    match format {
        LineFormat::Json => {
            let line = TailLine { position, kind, change, committed_at, received_at, delivery_us };
            serde_json::to_string(&line).expect("a tail line serialises")
        }
        LineFormat::Text => match (position, change) {
            (Some(position), Some(change)) => format!("{position} {kind} {}", change.to_json()),
            _ => "- resync (the feed may have missed events: caches are dropped)".to_string(),
        },
    }
}

async fn ping(args: PingArgs, ctx: &Context) -> anyhow::Result<()> {
    let store = open_store(ctx).await?;
    let started = tokio::time::Instant::now();
    let interval = (args.rate > 0).then(|| Duration::from_secs_f64(1.0 / args.rate as f64));
    let permits = std::sync::Arc::new(tokio::sync::Semaphore::new(args.concurrency as usize));
    let mut commits = tokio::task::JoinSet::new();
    for n in 0..args.count {
        if let Some(interval) = interval {
            // Paced from the start, so a slow commit does not lower the rate asked for.
            tokio::time::sleep_until(started + interval.mul_f64(n as f64)).await;
        }
        let permit = permits.clone().acquire_owned().await.expect("the semaphore is never closed");
        let store = store.clone();
        commits.spawn(async move {
            let position = events::ping(&store).await;
            drop(permit);
            position
        });
        // Errors surface as soon as they happen, not after every ping was sent.
        while let Some(done) = commits.try_join_next() {
            done??;
        }
    }
    let mut last = 0;
    while let Some(done) = commits.join_next().await {
        last = last.max(done??);
    }
    let took = started.elapsed().as_secs_f64();
    let per_second = args.count as f64 / took.max(1e-9);
    eprintln!("committed {} ping(s) in {took:.2} s ({per_second:.0}/s)", args.count);
    match args.output {
        LineFormat::Text => print_line(&last.to_string())?,
        LineFormat::Json => {
            let summary = PingSummary { pings: args.count, last_position: last, seconds: took, per_second };
            print_line(&serde_json::to_string(&summary)?)?;
        }
    }
    store.close().await;
    Ok(())
}
