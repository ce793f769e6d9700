//! Checks of values that have the right type but cannot work: a domain with a scheme, port 0, a
//! malformed URL, … Each problem says what would be valid. Secret values are never quoted.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::str::FromStr;

use sqlx::sqlite::SqliteConnectOptions;

use super::error::Problem;
use super::model::{Config, DatabaseBackend, UploadsBackend};
use super::origin::Origin;

/// The most crypto workers `security.crypto_workers` may ask for.
const MAX_CRYPTO_WORKERS: u32 = 1024;
/// The longest `events.retention_hours`: a year of change events is more than any node needs.
const MAX_EVENT_RETENTION_HOURS: u64 = 24 * 366;

/// The longest queue `security.crypto_queue` may ask for.
const MAX_CRYPTO_QUEUE: u32 = 100_000;

pub(crate) fn validate(config: &Config, origins: &BTreeMap<String, Origin>) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut bad = |key: &str, message: String| {
        let origin = origins.get(key).cloned().unwrap_or(Origin::Default);
        problems.push(Problem::at(origin, key, message));
    };

    if let Err(message) = check_domain(&config.instance.domain) {
        bad("instance.domain", message);
    }
    if !config.http.public_host.is_empty()
        && let Err(message) = check_domain(&config.http.public_host)
    {
        bad("http.public_host", message);
    }
    // The daemon parses it with the same parser at start; refusing it here makes `config check`
    // catch what would stop `serve`.
    const LEVELS: [&str; 6] = ["off", "error", "warn", "info", "debug", "trace"];
    // A bare word is a target at every level to tracing (`verbose` shows what crate `verbose`
    // logs, which is nothing): almost always a mistyped level, so it is refused.
    let bare =
        config.logging.level.split(',').map(str::trim).find(|d| {
            !d.is_empty() && !d.contains('=') && !LEVELS.contains(&d.to_ascii_lowercase().as_str())
        });
    if let Some(word) = bare {
        bad(
            "logging.level",
            format!(
                "{word:?} is not a level: use error, warn, info, debug or trace, or TARGET=LEVEL for one part \
                 (info,plero_server=debug)"
            ),
        );
    } else if let Err(err) = tracing_subscriber::EnvFilter::builder().parse(&config.logging.level) {
        bad(
            "logging.level",
            format!(
                "{:?} is not a log filter ({err}): use error, warn, info, debug or trace, or directives like \
                 info,plero_server=debug",
                config.logging.level
            ),
        );
    }
    check_ssm(&config.ssm, origins, &mut bad);
    if config.http.port == 0 {
        bad("http.port", "port 0 is out of range: use a port between 1 and 65535".into());
    }
    for (key, email) in [
        ("instance.admin_email", &config.instance.admin_email),
        ("instance.notify_email", &config.instance.notify_email),
    ] {
        if !email.is_empty()
            && let Err(err) = check_email(email)
        {
            bad(key, err);
        }
    }

    let db = &config.database;
    if !db.url.is_empty() {
        match url::Url::parse(db.url.expose()) {
            Err(err) => bad(
                "database.url",
                format!(
                    "not a valid URL ({err}): expected postgres://user:password@host:5432/name or sqlite://path/plero.db"
                ),
            ),
            Ok(url) => {
                match DatabaseBackend::of_scheme(db.url.expose()) {
                    None => bad(
                        "database.url",
                        format!("unsupported scheme {:?}: expected postgres:// or sqlite://", url.scheme()),
                    ),
                    Some(backend) if backend != db.backend => bad(
                        "database.backend",
                        format!(
                            "is {} but database.url is a {} URL: make them agree (or leave database.url empty)",
                            db.backend.as_str(),
                            backend.as_str()
                        ),
                    ),
                    Some(_) => {}
                }
                const SSL_MODES: [&str; 6] =
                    ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"];
                if let Some((_, mode)) = url.query_pairs().find(|(k, _)| k == "sslmode")
                    && !SSL_MODES.contains(&mode.as_ref())
                {
                    bad(
                        "database.url",
                        format!("sslmode={mode:?} is not a mode: use one of {}", SSL_MODES.join(", ")),
                    );
                }
            }
        }
    } else if db.backend == DatabaseBackend::Postgres && db.port == 0 {
        bad("database.port", "port 0 is out of range: use a port between 1 and 65535".into());
    }

    for (key, value, schemes, secret) in [
        ("streaming.url", config.streaming.url.as_str(), &["http", "https", "ws", "wss"][..], false),
        ("uploads.s3_endpoint", config.uploads.s3_endpoint.as_str(), &["http", "https"][..], false),
        (
            "uploads.s3_public_endpoint",
            config.uploads.s3_public_endpoint.as_str(),
            &["http", "https"][..],
            false,
        ),
        ("logging.slack_webhook_url", config.logging.slack_webhook_url.expose(), &["https"][..], true),
    ] {
        if value.is_empty() {
            continue;
        }
        let shown = if secret { String::new() } else { format!("{value:?} ") };
        let expected = schemes.iter().map(|s| format!("{s}://")).collect::<Vec<_>>().join(" or ");
        match url::Url::parse(value) {
            Err(err) => {
                bad(key, format!("{shown}is not a valid URL ({err}): expected an absolute {expected} URL"))
            }
            // Slack needs https; plain http only to a relay on this machine (and to the tests'
            // loopback stand-in), where nothing crosses a network.
            Ok(url) if key == "logging.slack_webhook_url" && url.scheme() == "http" && is_loopback(&url) => {}
            Ok(url) if !schemes.contains(&url.scheme()) => {
                bad(key, format!("{shown}has scheme {:?}: expected {expected}", url.scheme()))
            }
            Ok(_) => {}
        }
    }

    if config.uploads.backend == UploadsBackend::S3 && config.uploads.s3_bucket.is_empty() {
        bad("uploads.s3_bucket", "is empty but uploads.backend is \"s3\": name the bucket".into());
    } else if !config.uploads.s3_bucket.is_empty()
        && let Err(err) = check_s3_bucket(&config.uploads.s3_bucket)
    {
        bad("uploads.s3_bucket", err);
    }
    let limits = &config.rate_limits;
    for (key, value) in [
        ("rate_limits.sign_in", limits.sign_in),
        ("rate_limits.sign_up", limits.sign_up),
        ("rate_limits.password_reset", limits.password_reset),
        ("rate_limits.app_registration", limits.app_registration),
        ("rate_limits.unauthenticated_api", limits.unauthenticated_api),
        ("rate_limits.authenticated_api", limits.authenticated_api),
        ("rate_limits.failed_sign_ins_per_ip", limits.failed_sign_ins_per_ip),
    ] {
        if value == 0 {
            bad(
                key,
                "0 would refuse every request: use at least 1 (or rate_limits.enabled = false to turn \
                 the request limits off)"
                    .into(),
            );
        }
    }
    if limits.failed_sign_ins_per_account < limits.failed_sign_ins_per_ip {
        bad(
            "rate_limits.failed_sign_ins_per_account",
            format!(
                "{} is below rate_limits.failed_sign_ins_per_ip ({}): the per-account ceiling must be at \
                 least the per-address limit (default 50 and 5)",
                limits.failed_sign_ins_per_account, limits.failed_sign_ins_per_ip
            ),
        );
    }
    if limits.lockout_secs == 0 {
        bad("rate_limits.lockout_secs", "0 would count no failure: use at least 1 (default 900)".into());
    }
    if config.uploads.backend == UploadsBackend::Local
        && let Ok(cwd) = std::env::current_dir()
        && let Some(message) = check_uploads_dir(config, &cwd)
    {
        bad("uploads.local_dir", message);
    }
    if config.security.crypto_workers > MAX_CRYPTO_WORKERS {
        bad(
            "security.crypto_workers",
            format!(
                "{} is too many (each busy worker holds 19 MiB): use 0 (one per CPU core) or 1 to {MAX_CRYPTO_WORKERS}",
                config.security.crypto_workers
            ),
        );
    }
    if config.security.crypto_queue > MAX_CRYPTO_QUEUE {
        bad(
            "security.crypto_queue",
            format!(
                "{} is too long (requests would wait minutes instead of being told to retry): use 0 to {MAX_CRYPTO_QUEUE}",
                config.security.crypto_queue
            ),
        );
    }
    if !(1..=MAX_EVENT_RETENTION_HOURS).contains(&config.events.retention_hours) {
        bad(
            "events.retention_hours",
            format!(
                "{} is out of range: use 1 to {MAX_EVENT_RETENTION_HOURS} (a node cut off for longer than this \
                 drops its caches instead of catching up; 168 is a week)",
                config.events.retention_hours
            ),
        );
    }
    if config.metrics.enabled && config.metrics.token.is_empty() {
        bad(
            "metrics.token",
            "is empty but metrics.enabled is true: set a bearer token scrapers must send".into(),
        );
    }
    check_jobs(&config.jobs, &mut bad);
    problems
}

/// `[ssm]`: a path that is one, a region that is one, an endpoint that is a URL; `enabled = true`
/// set on purpose but no path to read.
fn check_ssm(
    ssm: &super::model::SsmConfig,
    origins: &BTreeMap<String, Origin>,
    bad: &mut impl FnMut(&str, String),
) {
    if !ssm.path.is_empty() {
        if let Err(err) = super::ssm::check_path(&ssm.path) {
            bad("ssm.path", err);
        }
    } else if ssm.enabled && !matches!(origins.get("ssm.enabled"), None | Some(Origin::Default)) {
        bad(
            "ssm.enabled",
            "is true but ssm.path is empty: set ssm.path (e.g. /plero/prod/), --ssm-path or PLERO_SSM__PATH"
                .into(),
        );
    }
    if !ssm.region.is_empty()
        && let Err(err) = super::ssm::check_region(&ssm.region)
    {
        bad("ssm.region", err);
    }
    if !ssm.endpoint.is_empty()
        && let Err(err) = super::ssm::SsmSettings::new("/x", "", &ssm.endpoint)
    {
        bad("ssm.endpoint", err.trim_start_matches("ssm.endpoint: ").to_string());
    }
}

/// The most jobs of one queue a node may run at once.
const MAX_JOB_CONCURRENCY: u32 = 10_000;

fn check_jobs(jobs: &super::model::JobsConfig, bad: &mut impl FnMut(&str, String)) {
    if !(1..=100).contains(&jobs.max_attempts) {
        bad(
            "jobs.max_attempts",
            format!(
                "{} is out of range: use 1 to 100 (20 spreads retries over about five days)",
                jobs.max_attempts
            ),
        );
    }
    if !(5..=3600).contains(&jobs.lease_secs) {
        bad(
            "jobs.lease_secs",
            format!(
                "{} is out of range: use 5 to 3600 (shorter leases renew too often, longer ones keep the jobs \
                 of a dead worker waiting)",
                jobs.lease_secs
            ),
        );
    }
    for (key, concurrency) in [
        ("jobs.default_concurrency", jobs.default_concurrency),
        ("jobs.federation_concurrency", jobs.federation_concurrency),
    ] {
        if concurrency > MAX_JOB_CONCURRENCY {
            bad(
                key,
                format!("{concurrency} is too many: use 0 (none on this node) to {MAX_JOB_CONCURRENCY}"),
            );
        }
    }
    if !(10..=60_000).contains(&jobs.poll_interval_ms) {
        bad(
            "jobs.poll_interval_ms",
            format!("{} is out of range: use 10 to 60000 (milliseconds)", jobs.poll_interval_ms),
        );
    }
}

/// Why `uploads.local_dir` cannot be used, if it cannot: it is, contains or lies inside
/// `instance.data_dir` or the folder of the SQLite database (which holds every password hash and
/// private key), or an earlier build's uploads wait in the old place. Relative paths are taken
/// from `cwd`, symbolic links followed where the directories exist.
fn check_uploads_dir(config: &Config, cwd: &Path) -> Option<String> {
    let uploads = resolve(cwd, &config.uploads.local_dir);
    let mut others = vec![("instance.data_dir", resolve(cwd, &config.instance.data_dir))];
    if config.database.backend == DatabaseBackend::Sqlite {
        let url = config.database_url();
        let folder = SqliteConnectOptions::from_str(url.expose())
            .ok()
            .map(|options| options.get_filename().to_path_buf())
            .filter(|file| !file.as_os_str().is_empty() && file.as_os_str() != ":memory:")
            .and_then(|file| file.parent().map(|folder| resolve(cwd, folder)));
        if let Some(folder) = folder.filter(|folder| *folder != others[0].1) {
            others.push(("database.url", folder));
        }
    }
    for (key, other) in &others {
        let relation = if uploads == *other {
            "is"
        } else if uploads.starts_with(other) {
            "lies inside"
        } else if other.starts_with(&uploads) {
            "contains"
        } else {
            continue;
        };
        let what = if *key == "database.url" { "the SQLite database's folder" } else { "the data directory" };
        let beside =
            others[0].1.parent().map_or_else(|| PathBuf::from("/srv/plero-uploads"), |p| p.join("uploads"));
        return Some(format!(
            "{} {relation} {what} {} ({key}): keep uploads apart from instance.data_dir and the SQLite \
             database's folder, which hold the database with every password hash and private key; \
             e.g. uploads.local_dir = \"{}\"",
            uploads.display(),
            other.display(),
            beside.display()
        ));
    }
    // Earlier builds took a relative local_dir from data_dir: say where those files are.
    let old = config.instance.data_dir.join(&config.uploads.local_dir);
    if config.uploads.local_dir.is_relative()
        && std::fs::read_dir(cwd.join(&old)).is_ok_and(|mut entries| entries.next().is_some())
        && resolve(cwd, &old) != uploads
    {
        return Some(format!(
            "{} holds uploads of an earlier plero, which took a relative uploads.local_dir from \
             instance.data_dir; now it is taken from the working directory ({}): move them with \
             `mv {} {}`, or set uploads.local_dir to an absolute path outside instance.data_dir",
            old.display(),
            uploads.display(),
            old.display(),
            config.uploads.local_dir.display()
        ));
    }
    None
}

/// `path` made absolute against `cwd`, without `.` and `..`, with symbolic links resolved in the
/// part of it that exists.
fn resolve(cwd: &Path, path: &Path) -> PathBuf {
    let mut clean = PathBuf::new();
    for part in cwd.join(path).components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other),
        }
    }
    let mut missing = Vec::new();
    let mut existing = clean.as_path();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return missing.iter().rev().fold(real, |path, part| path.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                missing.push(name.to_owned());
                existing = parent;
            }
            _ => return clean,
        }
    }
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(host)) => host == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// An e-mail address as far as a config can tell: `name@domain.tld`, no spaces.
pub fn check_email(email: &str) -> Result<(), String> {
    crate::model::email::validate(email).map_err(|err| err.to_string())
}

/// An S3 bucket name as AWS allows it: 3 to 63 lowercase letters, digits, dots and hyphens,
/// beginning and ending with a letter or digit.
pub fn check_s3_bucket(bucket: &str) -> Result<(), String> {
    let chars_ok =
        bucket.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-');
    let ends_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if (3..=63).contains(&bucket.len())
        && chars_ok
        && ends_ok(bucket.chars().next())
        && ends_ok(bucket.chars().last())
    {
        Ok(())
    } else {
        Err(format!(
            "{bucket:?} is not an S3 bucket name: 3 to 63 lowercase letters, digits, dots and hyphens, \
             starting and ending with a letter or digit"
        ))
    }
}

/// A database host: a host name or an IP address, without a port (that is `database.port`).
pub fn check_host(host: &str) -> Result<(), String> {
    if is_ip(host) || is_host_name(host) {
        Ok(())
    } else {
        Err(format!("{host:?} is not a host name or IP address (give the port on its own)"))
    }
}

/// A domain is a host name (or IP) with an optional port, as people type it in their apps.
pub fn check_domain(domain: &str) -> Result<(), String> {
    const EXPECTED: &str =
        "expected a host name with an optional port, e.g. social.example or 127.0.0.1:4000";
    if domain.is_empty() {
        return Err(format!("is empty: {EXPECTED}"));
    }
    if let Some((scheme, rest)) = domain.split_once("://") {
        let host = rest.trim_end_matches('/');
        return Err(format!(
            "{domain:?} includes a scheme ({scheme}://): write the domain alone, e.g. {host:?}"
        ));
    }
    let (host, port) = match domain.rsplit_once(':') {
        Some((host, port)) if !host.contains(':') || host.ends_with(']') => (host, Some(port)),
        _ => (domain, None),
    };
    if let Some(port) = port {
        match port.parse::<u16>() {
            Ok(p) if p > 0 => {}
            _ => {
                return Err(format!("{domain:?} has port {port:?}: use a port between 1 and 65535"));
            }
        }
    }
    if host.is_empty() || url::Host::parse(host).is_err() || !(is_ip(host) || is_host_name(host)) {
        return Err(format!("{domain:?} is not a valid domain: {EXPECTED}"));
    }
    Ok(())
}

fn is_ip(host: &str) -> bool {
    host.parse::<std::net::IpAddr>().is_ok()
        || host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .is_some_and(|h| h.parse::<std::net::Ipv6Addr>().is_ok())
}

/// Labels of letters (any script), digits and inner hyphens, joined by single dots.
fn is_host_name(host: &str) -> bool {
    host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.chars().count() <= 63
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

#[cfg(test)]
mod tests {
    use super::{check_domain, check_uploads_dir, validate};
    use crate::config::Config;
    use std::collections::BTreeMap;
    use std::path::Path;

    fn uploads_problem(cwd: &Path, set: impl FnOnce(&mut Config)) -> Option<String> {
        let mut config = Config::default();
        set(&mut config);
        check_uploads_dir(&config, cwd)
    }

    #[test]
    fn the_default_uploads_dir_lies_beside_the_default_data_dir_and_passes() {
        let cwd = tempfile::tempdir().unwrap();
        assert_eq!(uploads_problem(cwd.path(), |_| {}), None);
        std::fs::create_dir_all(cwd.path().join("data")).unwrap();
        std::fs::create_dir_all(cwd.path().join("uploads/accounts")).unwrap();
        assert_eq!(uploads_problem(cwd.path(), |_| {}), None, "also once both exist");
    }

    #[test]
    fn an_uploads_dir_that_is_contains_or_lies_inside_the_data_dir_is_refused_naming_both_keys() {
        let cwd = tempfile::tempdir().unwrap();
        for (local_dir, relation) in [
            (".", "contains"),
            ("data", "is"),
            ("./data/", "is"),
            ("data/uploads", "lies inside"),
            ("elsewhere/../data/media", "lies inside"),
        ] {
            let problem = uploads_problem(cwd.path(), |c| c.uploads.local_dir = local_dir.into())
                .unwrap_or_else(|| panic!("{local_dir} must be refused"));
            let data = cwd.path().canonicalize().unwrap().join("data");
            assert!(
                problem.contains(&format!("{relation} the data directory {}", data.display())),
                "{problem}"
            );
            assert!(problem.contains("(instance.data_dir)"), "{problem}");
            assert!(problem.contains("uploads.local_dir = "), "says what would be valid: {problem}");
        }
    }

    #[test]
    fn relative_paths_are_taken_from_the_working_directory() {
        let cwd = tempfile::tempdir().unwrap();
        let data = cwd.path().join("srv/data");
        let problem = uploads_problem(cwd.path(), |c| {
            c.instance.data_dir = data.clone();
            c.uploads.local_dir = "srv".into();
        });
        assert!(problem.is_some_and(|p| p.contains("contains the data directory")));
        let elsewhere = uploads_problem(cwd.path(), |c| {
            c.instance.data_dir = data.clone();
            c.uploads.local_dir = "uploads".into();
        });
        assert_eq!(elsewhere, None);
    }

    #[test]
    fn an_uploads_dir_in_the_sqlite_databases_folder_is_refused_naming_database_url() {
        let cwd = tempfile::tempdir().unwrap();
        let db_dir = cwd.path().join("db");
        let problem = uploads_problem(cwd.path(), |c| {
            c.database.url = crate::config::Secret::new(format!("sqlite://{}/plero.db", db_dir.display()));
            c.uploads.local_dir = db_dir.clone();
        })
        .expect("refused");
        assert!(problem.contains("is the SQLite database's folder"), "{problem}");
        assert!(problem.contains("(database.url)"), "{problem}");
    }

    #[test]
    fn a_symbolic_link_to_the_data_dir_is_the_data_dir() {
        let cwd = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(cwd.path().join("data")).unwrap();
        std::os::unix::fs::symlink(cwd.path().join("data"), cwd.path().join("media")).unwrap();
        let problem = uploads_problem(cwd.path(), |c| c.uploads.local_dir = "media".into());
        assert!(problem.is_some_and(|p| p.contains("is the data directory")));
    }

    #[test]
    fn uploads_left_where_an_earlier_build_put_them_are_pointed_out_with_the_move() {
        let cwd = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(cwd.path().join("data/uploads/accounts")).unwrap();
        let problem = uploads_problem(cwd.path(), |_| {}).expect("refused until moved");
        assert!(problem.contains("`mv data/uploads uploads`"), "{problem}");
    }

    #[test]
    fn s3_uploads_need_no_local_dir_check() {
        let mut config = Config::default();
        config.uploads.backend = crate::config::UploadsBackend::S3;
        config.uploads.s3_bucket = "media".into();
        config.uploads.local_dir = ".".into();
        config.instance.data_dir = ".".into();
        assert!(validate(&config, &BTreeMap::new()).is_empty());
    }

    #[test]
    fn a_log_level_serve_could_not_parse_is_a_problem() {
        let mut config = Config::default();
        config.logging.level = "not a [filter".into();
        let found = validate(&config, &BTreeMap::new());
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].to_string().contains("logging.level"), "{}", found[0]);
        config.logging.level = "info,plero_server=debug".into();
        assert!(validate(&config, &BTreeMap::new()).is_empty());
        config.logging.level = "verbose".into();
        let found = validate(&config, &BTreeMap::new());
        assert!(found[0].to_string().contains("\"verbose\" is not a level"), "{found:?}");
        config.logging.level = "WARN,plero_core=debug".into();
        assert!(validate(&config, &BTreeMap::new()).is_empty(), "levels in any case");
    }

    #[test]
    fn an_unknown_sslmode_in_the_database_url_is_a_problem() {
        let mut config = Config::default();
        config.database.backend = crate::config::DatabaseBackend::Postgres;
        config.database.url = crate::config::Secret::new("postgres://plero@db.internal/plero?sslmode=bogus");
        let found = validate(&config, &BTreeMap::new());
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].to_string().contains("sslmode=\"bogus\" is not a mode: use one of disable"),
            "{}",
            found[0]
        );
        config.database.url =
            crate::config::Secret::new("postgres://plero@db.internal/plero?sslmode=verify-full");
        assert!(validate(&config, &BTreeMap::new()).is_empty());
    }

    #[test]
    fn ssm_settings_are_checked_and_enabled_needs_a_path() {
        let mut config = Config::default();
        assert!(validate(&config, &BTreeMap::new()).is_empty(), "SSM is off without a path");
        // Set explicitly without a path: almost always a forgotten path.
        let origins = BTreeMap::from([(
            "ssm.enabled".to_string(),
            crate::config::Origin::Env { var: "PLERO_SSM__ENABLED".into() },
        )]);
        let found = validate(&config, &origins);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].to_string().contains("ssm.path is empty"), "{}", found[0]);

        config.ssm.path = "plero/prod".into();
        config.ssm.region = "Ireland".into();
        config.ssm.endpoint = "localhost:4566".into();
        let found: Vec<String> =
            validate(&config, &BTreeMap::new()).iter().map(ToString::to_string).collect();
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].contains("ssm.path") && found[0].contains("does not start with /"), "{found:?}");
        assert!(found[1].contains("ssm.region") && found[1].contains("e.g. eu-west-1"), "{found:?}");
        assert!(found[2].contains("ssm.endpoint"), "{found:?}");
    }

    #[test]
    fn plain_domains_and_ip_with_port_are_valid() {
        for ok in
            ["social.example", "127.0.0.1:4000", "localhost:4000", "[::1]:4000", "xn--bcher-kva.example"]
        {
            assert_eq!(check_domain(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn a_domain_with_a_scheme_is_refused_with_the_fix() {
        let err = check_domain("https://social.example/").unwrap_err();
        assert!(err.contains("includes a scheme (https://)"), "{err}");
        assert!(err.contains("\"social.example\""), "{err}");
    }

    fn slack_problems(url: &str) -> Vec<String> {
        let mut config = crate::config::Config::default();
        config.logging.slack_webhook_url = crate::config::Secret::new(url);
        super::validate(&config, &Default::default())
            .into_iter()
            .filter(|p| p.key.as_deref() == Some("logging.slack_webhook_url"))
            .map(|p| p.message)
            .collect()
    }

    #[test]
    fn crypto_pool_sizes_beyond_their_bounds_are_refused_with_the_range() {
        let mut config = crate::config::Config::default();
        config.security.crypto_workers = 5000;
        config.security.crypto_queue = 1_000_000;
        let problems: Vec<_> = super::validate(&config, &Default::default())
            .into_iter()
            .map(|p| (p.key.unwrap_or_default(), p.message))
            .filter(|(key, _)| key.starts_with("security.crypto_"))
            .collect();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(problems[0].0, "security.crypto_workers");
        assert!(problems[0].1.contains("use 0 (one per CPU core) or 1 to 1024"), "{problems:?}");
        assert_eq!(problems[1].0, "security.crypto_queue");
        assert!(problems[1].1.contains("use 0 to 100000"), "{problems:?}");
    }

    #[test]
    fn an_event_retention_of_zero_or_beyond_a_year_is_refused_with_the_range() {
        for hours in [0, 24 * 367] {
            let mut config = crate::config::Config::default();
            config.events.retention_hours = hours;
            let problems: Vec<_> = super::validate(&config, &Default::default())
                .into_iter()
                .filter(|p| p.key.as_deref() == Some("events.retention_hours"))
                .map(|p| p.message)
                .collect();
            assert_eq!(problems.len(), 1, "{hours}: {problems:?}");
            assert!(problems[0].contains("use 1 to 8784"), "{problems:?}");
        }
        assert!(
            super::validate(&crate::config::Config::default(), &Default::default())
                .iter()
                .all(|p| p.key.as_deref() != Some("events.retention_hours")),
            "the default is valid"
        );
    }

    #[test]
    fn a_slack_webhook_needs_https_except_on_loopback() {
        assert_eq!(slack_problems("https://hooks.slack.com/services/T/B/X"), Vec::<String>::new());
        assert_eq!(slack_problems("http://127.0.0.1:9000/services/T/B/X"), Vec::<String>::new());
        assert_eq!(slack_problems("http://localhost:9000/hook"), Vec::<String>::new());
        let refused = slack_problems("http://hooks.slack.com/services/T/B/X");
        assert_eq!(refused.len(), 1, "{refused:?}");
        assert!(refused[0].contains("expected https://"), "{refused:?}");
        assert!(!refused[0].contains("hooks.slack.com"), "the secret URL is not echoed: {refused:?}");
    }

    #[test]
    fn a_domain_with_a_bad_port_or_path_is_refused() {
        assert!(check_domain("social.example:99999").unwrap_err().contains("between 1 and 65535"));
        assert!(check_domain("social.example/path").unwrap_err().contains("not a valid domain"));
    }

    #[test]
    fn bucket_names_follow_aws_rules() {
        assert_eq!(super::check_s3_bucket("plero-media.example"), Ok(()));
        for bad in ["Bad_Bucket!!", "ab", "-start", "end-", &"a".repeat(64)] {
            assert!(super::check_s3_bucket(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_database_host_is_a_name_or_an_ip_without_a_port() {
        for ok in ["127.0.0.1", "db.internal", "::1", "localhost"] {
            assert_eq!(super::check_host(ok), Ok(()), "{ok}");
        }
        for bad in ["bad host", "db.internal:5432", ""] {
            assert!(super::check_host(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_domain_with_characters_no_host_name_has_is_refused() {
        for bad in
            ["so\"cial.example", "x'y.example", "a..b", "-bad-.example", "social.example.", "a b.example"]
        {
            assert!(check_domain(bad).unwrap_err().contains("not a valid domain"), "{bad}");
        }
        assert_eq!(check_domain("bücher.example"), Ok(()), "letters of any script");
    }

    #[test]
    fn admin_and_notify_emails_follow_the_sign_up_rules() {
        let mut config = Config::default();
        config.instance.admin_email = "x@y.example,evil@q.example".into();
        config.instance.notify_email = "<x@y.example>".into();
        let found = validate(&config, &BTreeMap::new());
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().all(|p| p.to_string().contains("is not a valid email address")), "{found:?}");
    }
}
