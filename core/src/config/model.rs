//! The typed configuration: one struct per section, every field with a built-in default.
//!
//! Unknown keys are refused (`deny_unknown_fields`) so a typo never silently falls back to a default.
//! Fields are never `Option`: "unset" is an empty string or a documented value, because the loader learns
//! the valid keys by serialising the defaults, and `None` would not be serialised.

use serde::{Deserialize, Serialize};
use std::net::IpAddr;
use std::path::PathBuf;

use crate::limits::TrustedProxy;
use crate::model::secret::Secret;

/// The whole merged configuration of an instance.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// `[instance]`: who this server is.
    pub instance: InstanceConfig,
    /// `[http]`: where the daemon listens and how it is reached.
    pub http: HttpConfig,
    /// `[database]`: which database to use and how to connect.
    pub database: DatabaseConfig,
    /// `[security]`: the instance's secrets.
    pub security: SecurityConfig,
    /// `[uploads]`: where media goes.
    pub uploads: UploadsConfig,
    /// `[federation]`: ActivityPub delivery.
    pub federation: FederationConfig,
    /// `[streaming]`: WebSocket streaming.
    pub streaming: StreamingConfig,
    /// `[search]`: full-text search.
    pub search: SearchConfig,
    /// `[metrics]`: the Prometheus endpoint.
    pub metrics: MetricsConfig,
    /// `[logging]`: log level, format and Slack alerts.
    pub logging: LoggingConfig,
    /// `[rate_limits]`: abuse limits per client address and the sign-in lockout.
    pub rate_limits: RateLimitsConfig,
    /// `[ssm]`: AWS SSM Parameter Store as a configuration layer.
    pub ssm: SsmConfig,
    /// `[events]`: the change events every node hears of.
    pub events: EventsConfig,
    /// `[jobs]`: the durable job queue and the workers every `serve` node runs.
    pub jobs: JobsConfig,
}

/// `[instance]`: who this server is.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct InstanceConfig {
    /// The public domain, without a scheme (`social.example` or `127.0.0.1:4000`).
    /// Must be a host name or IP with an optional port (`config check` refuses a scheme or a path).
    /// Default `localhost:4000` (in quick-start, `localhost:<http.port>`). It is part of every actor URL, so changing it later breaks federation.
    pub domain: String,
    /// Display name; empty means "use the domain".
    /// Default empty.
    pub name: String,
    /// What the instance is about, shown on the instance page and API; default empty.
    pub description: String,
    /// Where people reach the admins (shown on the instance API); must look like `name@example.org`;
    /// default empty.
    pub admin_email: String,
    /// Sender address of mails; empty means "use admin_email".
    /// Default empty; when set, must look like `name@example.org`.
    pub notify_email: String,
    /// Who may sign up: `open`, `approval`, `invite` or `closed` (the default).
    pub registrations: Registrations,
    /// Maximum characters of a status.
    /// Default 5000.
    pub post_length_limit: u32,
    /// Whether search engines may index the instance (robots.txt).
    /// Default `false`.
    pub indexable: bool,
    /// Directory for data of the embedded default (SQLite database, local uploads).
    /// Default `data`; a relative path is taken from the daemon's working directory.
    pub data_dir: PathBuf,
}

impl Default for InstanceConfig {
    fn default() -> Self {
        Self {
            domain: "localhost:4000".into(),
            name: String::new(),
            description: String::new(),
            admin_email: String::new(),
            notify_email: String::new(),
            registrations: Registrations::Closed,
            post_length_limit: 5000,
            indexable: false,
            data_dir: PathBuf::from("data"),
        }
    }
}

impl InstanceConfig {
    /// The name people see: `name`, or the domain when no name is set.
    pub fn title(&self) -> &str {
        if self.name.is_empty() { &self.domain } else { &self.name }
    }
}

/// Who may create an account.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Registrations {
    /// Anyone may sign up.
    Open,
    /// Anyone may sign up; the account waits for a moderator's approval.
    Approval,
    /// Only people with an invite code may sign up.
    Invite,
    /// Nobody may sign up without an invite; admins create accounts with `pleroctl`.
    Closed,
}

/// `[http]`: where the daemon listens and how it is reached from outside.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct HttpConfig {
    /// Address the daemon listens on; default `127.0.0.1`.
    pub ip: IpAddr,
    /// Port the daemon listens on, 1 to 65535; default 4000.
    pub port: u16,
    /// Scheme the public sees (behind a TLS-terminating proxy this is https).
    /// `https` (the default) or `http`.
    pub public_scheme: Scheme,
    /// Host the public sees; empty means "use instance.domain".
    /// Must be a host name with an optional port, like `instance.domain`. Default empty.
    pub public_host: String,
    /// Seconds in-flight requests get to finish after SIGTERM.
    /// Default 30.
    pub shutdown_grace_secs: u64,
    /// Seconds before a request is cut off.
    /// Default 60; 0 counts as 1.
    pub request_timeout_secs: u64,
    /// Reverse proxies (addresses or CIDR blocks, `10.0.0.0/8`) whose `X-Forwarded-For` names the
    /// client and whose `X-Request-Id` is kept; from anyone else both are ignored (a fresh request id
    /// is made). Default loopback only: `["127.0.0.0/8", "::1/128"]`. Empty: trust no proxy.
    pub trusted_proxies: Vec<TrustedProxy>,
}

impl Default for HttpConfig {
    fn default() -> Self {
        Self {
            ip: IpAddr::from([127, 0, 0, 1]),
            port: 4000,
            public_scheme: Scheme::Https,
            public_host: String::new(),
            shutdown_grace_secs: 30,
            request_timeout_secs: 60,
            trusted_proxies: ["127.0.0.0/8", "::1/128"]
                .iter()
                .map(|p| TrustedProxy::parse(p).expect("valid default"))
                .collect(),
        }
    }
}

/// The scheme of public URLs.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Scheme {
    /// Plain HTTP: local development only.
    Http,
    /// HTTPS, directly or through a proxy that terminates TLS.
    Https,
}

/// `[database]`: either a `url`, or host/port/name/user/password for PostgreSQL.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct DatabaseConfig {
    /// `postgres://…` or `sqlite://…`; empty means "build it from the other keys"
    /// (or the SQLite default under instance.data_dir when `backend = "sqlite"`).
    /// Default empty. When set, its scheme must agree with `backend`.
    pub url: Secret,
    /// `sqlite` (the default: a file under `instance.data_dir`) or `postgres`.
    pub backend: DatabaseBackend,
    /// PostgreSQL host; default `127.0.0.1`. Used only when `url` is empty.
    pub host: String,
    /// PostgreSQL port; default 5432. Used only when `url` is empty.
    pub port: u16,
    /// PostgreSQL database name; default `plero`. Used only when `url` is empty.
    pub name: String,
    /// PostgreSQL user; default `plero`. Used only when `url` is empty.
    pub user: String,
    /// PostgreSQL password; default empty. Used only when `url` is empty.
    pub password: Secret,
    /// Most connections the pool opens; default 10; 0 counts as 1.
    pub pool_size: u32,
    /// Seconds to wait for a connection; default 5; 0 counts as 1.
    pub connect_timeout_secs: u64,
    /// Seconds a statement may run before the database cancels it; default 30; 0: no limit.
    pub statement_timeout_secs: u64,
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        Self {
            url: Secret::default(),
            backend: DatabaseBackend::Sqlite,
            host: "127.0.0.1".into(),
            port: 5432,
            name: "plero".into(),
            user: "plero".into(),
            password: Secret::default(),
            pool_size: 10,
            connect_timeout_secs: 5,
            statement_timeout_secs: 30,
        }
    }
}

/// Which database the instance uses.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum DatabaseBackend {
    /// PostgreSQL (`postgres://` or `postgresql://` URLs).
    Postgres,
    /// SQLite: one file, for a single node (`sqlite:` URLs).
    Sqlite,
}

impl DatabaseBackend {
    /// The backend a database URL's scheme names; `None` for any other scheme.
    pub fn of_scheme(url: &str) -> Option<Self> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Self::Postgres)
        } else if url.starts_with("sqlite:") {
            Some(Self::Sqlite)
        } else {
            None
        }
    }

    /// The name as in `database.backend`: `postgres` or `sqlite`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Postgres => "postgres",
            Self::Sqlite => "sqlite",
        }
    }
}

/// `[security]`: the instance's secrets (`instance gen` creates them), and the bounds of the
/// expensive crypto work anonymous clients can cause (password hashing, key generation).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct SecurityConfig {
    /// 64 random bytes, base64: signs cookies and CSRF tokens; every node must have the same.
    /// Default empty, which `serve` and `config check` refuse when a configuration file is read
    /// (`instance gen` writes one); the quick-start keeps one in `<data_dir>/secret_key_base`.
    pub secret_key_base: Secret,
    /// Random bytes, base64, mixed into the key that signs forms and CSRF tokens; `instance gen`
    /// writes 16 of them. Default empty.
    pub signing_salt: Secret,
    /// VAPID P-256 public key, URL-safe base64 (not secret, handed to clients).
    /// Default empty; `instance gen` writes one.
    pub vapid_public_key: String,
    /// The VAPID P-256 private key matching `vapid_public_key`, URL-safe base64 (32 bytes). Default
    /// empty; `instance gen` writes one.
    pub vapid_private_key: Secret,
    /// Threads hashing passwords (Argon2id, 19 MiB each while busy) and generating RSA keys; 0
    /// (the default) means one per CPU core. At most 1024.
    pub crypto_workers: u32,
    /// Sign-ins and sign-ups that may wait for a busy crypto worker; beyond them the server
    /// answers 429 with `Retry-After` at once. Default 64: about half a second of work on two
    /// cores (a hash takes ~25 ms), past which waiting helps nobody. At most 100000.
    pub crypto_queue: u32,
}

impl Default for SecurityConfig {
    fn default() -> Self {
        Self {
            secret_key_base: Secret::default(),
            signing_salt: Secret::default(),
            vapid_public_key: String::new(),
            vapid_private_key: Secret::default(),
            crypto_workers: 0,
            crypto_queue: 64,
        }
    }
}

/// `[uploads]`: where media goes.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct UploadsConfig {
    /// `local` (the default: files under `local_dir`) or `s3`.
    pub backend: UploadsBackend,
    /// Directory of the local backend; a relative path is taken from the daemon's working
    /// directory, like `instance.data_dir` (earlier builds took it from `instance.data_dir`).
    /// It must not be, contain or lie inside `instance.data_dir` or the SQLite database's folder.
    /// Default `uploads` (beside the default `data`).
    pub local_dir: PathBuf,
    /// Bucket of the `s3` backend; required when `backend = "s3"`. Default empty.
    pub s3_bucket: String,
    /// Region of the bucket, e.g. `eu-west-1`. Default empty.
    pub s3_region: String,
    /// Endpoint of an S3-compatible service; must be an `http(s)://` URL when set. Default empty.
    pub s3_endpoint: String,
    /// Base URL clients fetch uploads from (a CDN or the bucket's public URL).
    /// Must be an `http(s)://` URL when set. Default empty.
    pub s3_public_endpoint: String,
    /// Address objects as `endpoint/bucket/key` instead of `bucket.endpoint/key` (some S3-compatible
    /// services need it). Default `false`.
    pub s3_path_style: bool,
    /// Remove EXIF, XMP and IPTC metadata (camera, location, author) from uploaded JPEG, PNG and
    /// WebP images; GIFs are kept as they are. Default `true`.
    pub strip_exif: bool,
    /// Largest upload in bytes, per file; requests that carry uploads may be this much per file
    /// plus 1 MiB of form fields. Default 16 MiB (16777216).
    pub size_limit_bytes: u64,
}

impl Default for UploadsConfig {
    fn default() -> Self {
        Self {
            backend: UploadsBackend::Local,
            local_dir: PathBuf::from("uploads"),
            s3_bucket: String::new(),
            s3_region: String::new(),
            s3_endpoint: String::new(),
            s3_public_endpoint: String::new(),
            s3_path_style: false,
            strip_exif: true,
            size_limit_bytes: 16 * 1024 * 1024,
        }
    }
}

/// Where uploaded media is stored.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum UploadsBackend {
    /// Files under `uploads.local_dir`.
    Local,
    /// An S3 bucket or an S3-compatible service.
    S3,
}

/// `[federation]`: ActivityPub delivery.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct FederationConfig {
    /// Whether the instance federates with others; default `true`.
    pub enabled: bool,
    /// Deliveries in flight at once across all remote inboxes.
    /// Default 64.
    pub max_concurrent_deliveries: u32,
    /// Seconds one delivery may take before it counts as failed; default 10.
    pub delivery_timeout_secs: u64,
    /// Attempts of one delivery before it is given up; default 8.
    pub max_delivery_attempts: u32,
    /// Domains whose activities are refused.
    /// Default empty.
    pub blocked_domains: Vec<String>,
}

impl Default for FederationConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            max_concurrent_deliveries: 64,
            delivery_timeout_secs: 10,
            max_delivery_attempts: 8,
            blocked_domains: Vec::new(),
        }
    }
}

/// `[streaming]`: WebSocket streaming and the cross-node bus.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct StreamingConfig {
    /// Whether the streaming API is served; default `true`.
    pub enabled: bool,
    /// Public base URL of the streaming API; empty means "same host as http".
    /// Must be an `http(s)://` or `ws(s)://` URL when set. Default empty.
    pub url: String,
    /// Events buffered per socket before a slow client is dropped.
    /// Default 256.
    pub buffer_per_socket: u32,
}

impl Default for StreamingConfig {
    fn default() -> Self {
        Self { enabled: true, url: String::new(), buffer_per_socket: 256 }
    }
}

/// `[search]`: full-text search that must not starve the database.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct SearchConfig {
    /// Whether full-text search is offered; default `true`.
    pub enabled: bool,
    /// Searches run at once; more wait, so search never takes all database I/O.
    /// Default 2.
    pub max_concurrent: u32,
    /// Milliseconds a search may run before it is cut off; default 2000.
    pub timeout_ms: u64,
}

impl Default for SearchConfig {
    fn default() -> Self {
        Self { enabled: true, max_concurrent: 2, timeout_ms: 2000 }
    }
}

/// `[events]`: the change events every node hears of (see `plero_core::events`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct EventsConfig {
    /// How long committed change events are kept, in hours; default 168 (a week). A node cut off
    /// from the database for longer drops its caches instead of catching up event by event.
    pub retention_hours: u64,
}

impl Default for EventsConfig {
    fn default() -> Self {
        Self { retention_hours: 168 }
    }
}

/// `[jobs]`: the durable job queue (deliveries, fetches, cleanups) and the workers every
/// `pleroctl serve` node runs. Jobs in flight at SIGTERM get `http.shutdown_grace_secs` to finish;
/// the rest go back to the queue for another node.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct JobsConfig {
    /// Attempts a job gets before it is dead; retries wait longer each time (Sidekiq's curve:
    /// 20 attempts span about five days, 25 retries about three weeks). Default 20, as Oban's; 1 to 100.
    pub max_attempts: u32,
    /// Seconds a worker's claim on a job lasts unless renewed (workers renew every third of it
    /// while the job runs); after it, a job whose worker died runs again elsewhere. Default 60;
    /// from 5 to 3600.
    pub lease_secs: u64,
    /// Jobs of the `default` queue run at once on this node; 0 runs none here. Default 10.
    pub default_concurrency: u32,
    /// Jobs of the `federation` queue (deliveries) run at once on this node; 0 runs none here.
    /// Default 20.
    pub federation_concurrency: u32,
    /// How often idle workers look for due jobs anyway, in milliseconds (they are woken at once
    /// for jobs enqueued by this node, and on PostgreSQL by any node); default 1000.
    pub poll_interval_ms: u64,
    /// Hours finished jobs (done, dead, cancelled) are kept for `pleroctl jobs` before they are
    /// pruned; default 168 (a week); 0 keeps them forever.
    pub retention_hours: u64,
}

impl Default for JobsConfig {
    fn default() -> Self {
        Self {
            max_attempts: 20,
            lease_secs: 60,
            default_concurrency: 10,
            federation_concurrency: 20,
            poll_interval_ms: 1000,
            retention_hours: 168,
        }
    }
}

/// `[metrics]`: Prometheus endpoint.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct MetricsConfig {
    /// Whether `/metrics` is served; default `false`.
    pub enabled: bool,
    /// Bearer token scrapers must send; empty with `enabled` is refused by `config check`.
    /// Default empty.
    pub token: Secret,
}

/// `[logging]`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct LoggingConfig {
    /// A tracing filter: `info`, `plero=debug,sqlx=warn`, …
    /// Default `info`.
    pub level: String,
    /// `auto` (the default), `text` or `json`.
    pub format: LogFormat,
    /// Slack incoming webhook for error-level events; empty means off.
    /// Must be an `https://` URL (plain `http://` only to a loopback address). Default empty.
    pub slack_webhook_url: Secret,
    /// Most Slack posts per minute; errors past that are counted and summarised.
    /// Default 6.
    pub slack_max_per_minute: u32,
}

impl Default for LoggingConfig {
    fn default() -> Self {
        Self {
            level: "info".into(),
            format: LogFormat::Auto,
            slack_webhook_url: Secret::default(),
            slack_max_per_minute: 6,
        }
    }
}

/// `[rate_limits]`: requests per client address (IPv6: per /64) or per account, counted over fixed
/// windows as Mastodon does; past a limit the answer is 429 with `Retry-After`. Each node counts on
/// its own. Limits are at least 1 (turn them off with `enabled = false`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct RateLimitsConfig {
    /// Whether the per-address and per-account request limits below apply; default `true`.
    /// The sign-in lockout (`failed_sign_ins_*`) applies either way.
    pub enabled: bool,
    /// Password sign-ins (password grant, sign-in page) per address per 5 minutes; default 25.
    pub sign_in: u32,
    /// Sign-ups (`POST /api/v1/accounts`, invite page) per address per 30 minutes; default 5.
    pub sign_up: u32,
    /// Password-reset form posts per address per 5 minutes; default 25.
    pub password_reset: u32,
    /// App registrations (`POST /api/v1/apps`) per address per 10 minutes; default 5.
    pub app_registration: u32,
    /// `/api/` requests without a user's token per address per 5 minutes; default 300.
    pub unauthenticated_api: u32,
    /// `/api/` requests with a user's token per account per 5 minutes; default 1500.
    pub authenticated_api: u32,
    /// Failed sign-ins of one account from one address that lock that address out of the account
    /// for `lockout_secs`; default 5.
    pub failed_sign_ins_per_ip: u32,
    /// Failed sign-ins of one account from all addresses that lock the account for everyone for
    /// `lockout_secs`; default 50, at least `failed_sign_ins_per_ip`.
    pub failed_sign_ins_per_account: u32,
    /// How long failed sign-ins count, and a lockout lasts, from the first failure; default 900.
    pub lockout_secs: u64,
}

impl Default for RateLimitsConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            sign_in: 25,
            sign_up: 5,
            password_reset: 25,
            app_registration: 5,
            unauthenticated_api: 300,
            authenticated_api: 1500,
            failed_sign_ins_per_ip: 5,
            failed_sign_ins_per_account: 50,
            lockout_secs: 15 * 60,
        }
    }
}

/// The form of log lines.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Text on a terminal, JSON lines otherwise.
    Auto,
    /// Human-readable text.
    Text,
    /// One JSON object per line.
    Json,
}

/// `[ssm]`: AWS SSM Parameter Store as a configuration layer (after `<env>.secret.toml`, before
/// `PLERO_*` variables). A non-empty `path` turns it on.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct SsmConfig {
    /// `false` turns SSM off while keeping `path` (say `PLERO_SSM__ENABLED=false` on a laptop);
    /// default `true`: SSM is read whenever `path` is set.
    pub enabled: bool,
    /// Parameters under this path (`/plero/prod/`) map to keys: `/plero/prod/database/password`
    /// is `database.password`. Default empty: SSM is not read.
    pub path: String,
    /// AWS region of the parameters, e.g. `eu-west-1`. Default empty.
    pub region: String,
    /// Endpoint override (moto in tests, VPC endpoints in production).
    /// Default empty.
    pub endpoint: String,
}

impl Default for SsmConfig {
    fn default() -> Self {
        Self { enabled: true, path: String::new(), region: String::new(), endpoint: String::new() }
    }
}
