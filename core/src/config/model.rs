//! The typed configuration: one struct per section, every field with a built-in default.
//!
//! Unknown keys are refused (`deny_unknown_fields`) so a typo never silently falls back to a default.
//! Fields are never `Option`: "unset" is an empty string or a documented value, because the loader learns
//! the valid keys by serialising the defaults, and `None` would not be serialised.

use serde::{Deserialize, Serialize};
use std::net::IpAddr;
use std::path::PathBuf;

use super::secret::Secret;

/// The whole merged configuration of an instance.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub instance: InstanceConfig,
    pub http: HttpConfig,
    pub database: DatabaseConfig,
    pub security: SecurityConfig,
    pub uploads: UploadsConfig,
    pub federation: FederationConfig,
    pub streaming: StreamingConfig,
    pub search: SearchConfig,
    pub metrics: MetricsConfig,
    pub logging: LoggingConfig,
    pub ssm: SsmConfig,
}

/// `[instance]`: who this server is.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct InstanceConfig {
    /// The public domain, without a scheme (`social.example` or `127.0.0.1:4000`).
    pub domain: String,
    /// Display name; empty means "use the domain".
    pub name: String,
    pub description: String,
    pub admin_email: String,
    /// Sender address of mails; empty means "use admin_email".
    pub notify_email: String,
    pub registrations: Registrations,
    /// Maximum characters of a status.
    pub post_length_limit: u32,
    /// Whether search engines may index the instance (robots.txt).
    pub indexable: bool,
    /// Directory for data of the embedded default (SQLite database, local uploads).
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
    Open,
    Approval,
    Invite,
    Closed,
}

/// `[http]`: where the daemon listens and how it is reached from outside.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct HttpConfig {
    pub ip: IpAddr,
    pub port: u16,
    /// Scheme the public sees (behind a TLS-terminating proxy this is https).
    pub public_scheme: Scheme,
    /// Host the public sees; empty means "use instance.domain".
    pub public_host: String,
    /// Seconds in-flight requests get to finish after SIGTERM.
    pub shutdown_grace_secs: u64,
    /// Seconds before a request is cut off.
    pub request_timeout_secs: u64,
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
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Scheme {
    Http,
    Https,
}

/// `[database]`: either a `url`, or host/port/name/user/password for PostgreSQL.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct DatabaseConfig {
    /// `postgres://…` or `sqlite://…`; empty means "build it from the other keys"
    /// (or the SQLite default under instance.data_dir when `backend = "sqlite"`).
    pub url: Secret,
    pub backend: DatabaseBackend,
    pub host: String,
    pub port: u16,
    pub name: String,
    pub user: String,
    pub password: Secret,
    pub pool_size: u32,
    pub connect_timeout_secs: u64,
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

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum DatabaseBackend {
    Postgres,
    Sqlite,
}

/// `[security]`: the instance's secrets. `instance gen` creates them.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct SecurityConfig {
    /// 64 random bytes, base64: signs cookies and CSRF tokens.
    pub secret_key_base: Secret,
    pub signing_salt: Secret,
    /// VAPID P-256 public key, URL-safe base64 (not secret, handed to clients).
    pub vapid_public_key: String,
    pub vapid_private_key: Secret,
}

/// `[uploads]`: where media goes.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct UploadsConfig {
    pub backend: UploadsBackend,
    /// Directory of the local backend; relative paths are under instance.data_dir.
    pub local_dir: PathBuf,
    pub s3_bucket: String,
    pub s3_region: String,
    pub s3_endpoint: String,
    /// Base URL clients fetch uploads from (a CDN or the bucket's public URL).
    pub s3_public_endpoint: String,
    pub s3_path_style: bool,
    pub strip_exif: bool,
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

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum UploadsBackend {
    Local,
    S3,
}

/// `[federation]`: ActivityPub delivery.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct FederationConfig {
    pub enabled: bool,
    /// Deliveries in flight at once across all remote inboxes.
    pub max_concurrent_deliveries: u32,
    pub delivery_timeout_secs: u64,
    pub max_delivery_attempts: u32,
    /// Domains whose activities are refused.
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
    pub enabled: bool,
    /// Public base URL of the streaming API; empty means "same host as http".
    pub url: String,
    /// Events buffered per socket before a slow client is dropped.
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
    pub enabled: bool,
    /// Searches run at once; more wait, so search never takes all database I/O.
    pub max_concurrent: u32,
    pub timeout_ms: u64,
}

impl Default for SearchConfig {
    fn default() -> Self {
        Self { enabled: true, max_concurrent: 2, timeout_ms: 2000 }
    }
}

/// `[metrics]`: Prometheus endpoint.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct MetricsConfig {
    pub enabled: bool,
    /// Bearer token scrapers must send; empty with `enabled` is refused by `config check`.
    pub token: Secret,
}

/// `[logging]`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct LoggingConfig {
    /// A tracing filter: `info`, `plero=debug,sqlx=warn`, …
    pub level: String,
    pub format: LogFormat,
    /// Slack incoming webhook for error-level events; empty means off.
    pub slack_webhook_url: Secret,
    /// Most Slack posts per minute; errors past that are counted and summarised.
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

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Text on a terminal, JSON lines otherwise.
    Auto,
    Text,
    Json,
}

/// `[ssm]`: AWS SSM Parameter Store as a configuration layer.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct SsmConfig {
    pub enabled: bool,
    /// Parameters under this path (`/plero/prod/`) map to keys: `/plero/prod/database/password`.
    pub path: String,
    pub region: String,
    /// Endpoint override (moto in tests, VPC endpoints in production).
    pub endpoint: String,
}
