//! Error-level events to a Slack incoming webhook, batched and rate-limited: a storm of errors
//! becomes a few posts that say how many errors there were, never a storm of posts.
//!
//! The layer only formats the event and hands it to a bounded channel (never blocks a request); one
//! background task gathers events into batches and posts at most `max_per_minute` times a minute.

use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::Layer;
use tracing_subscriber::layer::Context;
use tracing_subscriber::registry::LookupSpan;

use plero_core::config::Secret;

/// Errors held for the next post; more are counted, not kept.
const CHANNEL_CAPACITY: usize = 256;
/// Lines shown in one post; the rest are summarised as a count.
const LINES_PER_POST: usize = 10;
/// Characters kept of one error line.
const LINE_LIMIT: usize = 400;
/// How long the first error of a batch waits for company before it is posted.
const BATCH_WINDOW: Duration = Duration::from_secs(2);
/// How long a flush at shutdown may take.
const FLUSH_TIMEOUT: Duration = Duration::from_secs(5);

enum Message {
    Error(String),
    Flush(oneshot::Sender<()>),
}

/// The `tracing` layer: picks error-level events and queues them for the Slack task.
pub struct SlackLayer {
    tx: mpsc::Sender<Message>,
    dropped: Arc<AtomicU64>,
}

/// The handle of the Slack task, to flush it at shutdown.
pub struct SlackNotifier {
    tx: mpsc::Sender<Message>,
}

impl SlackNotifier {
    /// Posts what is pending now, ignoring the rate limit once, and waits (briefly) for the post.
    pub async fn flush(&self) {
        let (ack, done) = oneshot::channel();
        if self.tx.send(Message::Flush(ack)).await.is_ok() {
            let _ = tokio::time::timeout(FLUSH_TIMEOUT, done).await;
        }
    }
}

/// Starts the posting task on the current Tokio runtime.
pub fn start(webhook: Secret, max_per_minute: u32, domain: String) -> (SlackLayer, SlackNotifier) {
    let (tx, rx) = mpsc::channel(CHANNEL_CAPACITY);
    let dropped = Arc::new(AtomicU64::new(0));
    let min_interval = Duration::from_secs(60) / max_per_minute.max(1);
    let poster = Poster { webhook, domain, client: reqwest::Client::new() };
    tokio::spawn(run(rx, poster, min_interval, dropped.clone()));
    (SlackLayer { tx: tx.clone(), dropped }, SlackNotifier { tx })
}

/// The request id of a `request` span, kept so error lines can name their request.
struct RequestIdField(String);

impl<S> Layer<S> for SlackLayer
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        if attrs.metadata().name() != "request" {
            return;
        }
        let mut visitor = FieldText::default();
        attrs.record(&mut visitor);
        if let (Some(span), Some(request_id)) = (ctx.span(id), visitor.request_id) {
            span.extensions_mut().insert(RequestIdField(request_id));
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let meta = event.metadata();
        // Our own failures to post are logged below error level, so they can never loop back here.
        if *meta.level() != Level::ERROR {
            return;
        }
        let mut visitor = FieldText::default();
        event.record(&mut visitor);
        let mut line = format!("{}: {}{}", meta.target(), visitor.message, visitor.fields);
        let request_id = ctx.event_scope(event).and_then(|scope| {
            scope.from_root().find_map(|span| span.extensions().get::<RequestIdField>().map(|r| r.0.clone()))
        });
        if let Some(id) = request_id {
            let _ = write!(line, " request_id={id}");
        }
        if self.tx.try_send(Message::Error(line)).is_err() {
            self.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// An event's message and its other fields as `key=value` text.
#[derive(Default)]
struct FieldText {
    message: String,
    fields: String,
    request_id: Option<String>,
}

impl Visit for FieldText {
    fn record_str(&mut self, field: &Field, value: &str) {
        match field.name() {
            "message" => self.message.push_str(value),
            "request_id" | "id" => {
                self.request_id = Some(value.to_owned());
                let _ = write!(self.fields, " {}={value}", field.name());
            }
            name => {
                let _ = write!(self.fields, " {name}={value}");
            }
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        match field.name() {
            "message" => {
                let _ = write!(self.message, "{value:?}");
            }
            name => {
                let text = format!("{value:?}");
                if name == "request_id" || name == "id" {
                    self.request_id = Some(text.clone());
                }
                let _ = write!(self.fields, " {name}={text}");
            }
        }
    }
}

struct Poster {
    webhook: Secret,
    domain: String,
    client: reqwest::Client,
}

impl Poster {
    async fn post(&self, lines: &[String], more: u64) {
        if lines.is_empty() && more == 0 {
            return;
        }
        let total = lines.len() as u64 + more;
        let mut text =
            format!("plero {}: {total} error{}\n```\n", self.domain, if total == 1 { "" } else { "s" });
        for line in lines {
            let cut: String = line.chars().take(LINE_LIMIT).collect();
            text.push_str(&cut);
            text.push('\n');
        }
        text.push_str("```");
        if more > 0 {
            let _ = write!(text, "\n…and {more} more not shown (see the server's logs)");
        }
        let sent = self
            .client
            .post(self.webhook.expose())
            .timeout(Duration::from_secs(10))
            .json(&serde_json::json!({ "text": text }))
            .send()
            .await
            .and_then(|response| response.error_for_status());
        if let Err(err) = sent {
            // without_url: the webhook URL is a secret and must not reach the logs.
            tracing::warn!(error = %err.without_url(), "could not post errors to Slack");
        }
    }
}

async fn run(
    mut rx: mpsc::Receiver<Message>,
    poster: Poster,
    min_interval: Duration,
    dropped: Arc<AtomicU64>,
) {
    let mut last_post: Option<Instant> = None;
    let mut lines: Vec<String> = Vec::new();
    let mut more: u64 = 0;
    loop {
        let first = match rx.recv().await {
            Some(Message::Error(line)) => line,
            Some(Message::Flush(ack)) => {
                let _ = ack.send(());
                continue;
            }
            None => return,
        };
        lines.push(first);
        // Post after the batch window, and never sooner than min_interval after the previous post.
        let mut deadline = Instant::now() + BATCH_WINDOW;
        if let Some(last) = last_post {
            deadline = deadline.max(last + min_interval);
        }
        let mut flushed = None;
        loop {
            tokio::select! {
                message = rx.recv() => match message {
                    Some(Message::Error(line)) if lines.len() < LINES_PER_POST => lines.push(line),
                    Some(Message::Error(_)) => more += 1,
                    Some(Message::Flush(ack)) => { flushed = Some(ack); break; }
                    None => break,
                },
                _ = tokio::time::sleep_until(deadline) => break,
            }
        }
        more += dropped.swap(0, Ordering::Relaxed);
        poster.post(&lines, more).await;
        last_post = Some(Instant::now());
        lines.clear();
        more = 0;
        if let Some(ack) = flushed {
            let _ = ack.send(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;
    use tracing_subscriber::layer::SubscriberExt;

    /// A loopback HTTP listener that plays Slack's incoming webhook and keeps what it was sent.
    async fn fake_slack() -> (String, Arc<Mutex<Vec<String>>>) {
        let posts = Arc::new(Mutex::new(Vec::new()));
        let kept = posts.clone();
        let app = axum::Router::new().route(
            "/services/T000/B000/XXXX",
            axum::routing::post(move |axum::Json(body): axum::Json<serde_json::Value>| {
                let kept = kept.clone();
                async move {
                    kept.lock().unwrap().push(body["text"].as_str().unwrap_or_default().to_owned());
                    "ok"
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/services/T000/B000/XXXX", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        (url, posts)
    }

    async fn wait_for_posts(posts: &Mutex<Vec<String>>, count: usize, within: Duration) -> bool {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if posts.lock().unwrap().len() >= count {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        posts.lock().unwrap().len() >= count
    }

    #[tokio::test]
    async fn a_storm_of_errors_becomes_one_post_that_counts_them() {
        let (url, posts) = fake_slack().await;
        let (layer, _notifier) = start(Secret::new(url), 2, "storm.example".into());
        let _guard = tracing::subscriber::set_default(tracing_subscriber::registry().with(layer));

        for n in 0..100 {
            tracing::error!(attempt = n, "database unreachable");
        }
        tracing::warn!("a warning is not sent");

        assert!(wait_for_posts(&posts, 1, Duration::from_secs(5)).await, "no post arrived");
        tokio::time::sleep(Duration::from_millis(500)).await;
        let posts = posts.lock().unwrap();
        assert_eq!(posts.len(), 1, "posts: {posts:?}");
        assert!(posts[0].starts_with("plero storm.example: 100 errors"), "{}", posts[0]);
        assert!(posts[0].contains("database unreachable attempt=0"), "{}", posts[0]);
        assert!(posts[0].contains("and 90 more"), "{}", posts[0]);
        assert!(!posts[0].contains("a warning"), "{}", posts[0]);
    }

    #[tokio::test]
    async fn errors_after_a_post_wait_for_the_rate_limit_and_go_out_on_flush() {
        let (url, posts) = fake_slack().await;
        // 2 a minute: at least 30 s between posts.
        let (layer, notifier) = start(Secret::new(url), 2, "rate.example".into());
        let _guard = tracing::subscriber::set_default(tracing_subscriber::registry().with(layer));

        tracing::error!("first failure");
        assert!(wait_for_posts(&posts, 1, Duration::from_secs(5)).await, "no first post");
        tracing::error!("second failure");
        assert!(
            !wait_for_posts(&posts, 2, Duration::from_secs(3)).await,
            "a second post came before the rate limit allowed it"
        );
        notifier.flush().await;
        let posts = posts.lock().unwrap();
        assert_eq!(posts.len(), 2, "posts: {posts:?}");
        assert!(posts[1].contains("second failure"), "{}", posts[1]);
    }

    #[tokio::test]
    async fn the_request_id_of_the_failing_request_is_in_the_post() {
        let (url, posts) = fake_slack().await;
        let (layer, _notifier) = start(Secret::new(url), 6, "ids.example".into());
        let _guard = tracing::subscriber::set_default(tracing_subscriber::registry().with(layer));

        let span = tracing::info_span!("request", id = "req-1234", method = "GET", path = "/api/v1/instance");
        span.in_scope(|| tracing::error!("store failed"));

        assert!(wait_for_posts(&posts, 1, Duration::from_secs(5)).await, "no post arrived");
        assert!(posts.lock().unwrap()[0].contains("store failed request_id=req-1234"));
    }
}
