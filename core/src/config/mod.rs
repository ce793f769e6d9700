//! Configuration: typed sections, layers with the origin of every value, validation with hints.
//!
//! Only this module reads configuration files and environment variables; everything else takes a
//! [`Config`]. Layers, lowest first: built-in defaults → `base.toml` → `<env>.toml` →
//! `<env>.secret.toml` → AWS SSM parameters under `ssm.path` (see [`ssm`]) →
//! `PLERO_<SECTION>__<KEY>` environment variables → `--set section.key=value`.

mod error;
pub mod generate;
mod interpolate;
mod layers;
mod model;
mod origin;
pub mod quick_start;
mod redact;
mod schema;
mod secrets;
pub mod ssm;
mod validate;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub use crate::model::secret::{REDACTED, Secret};
pub use error::{ConfigError, Problem};
pub use model::*;
pub use origin::Origin;
pub use redact::redact_url;
pub use secrets::{PulledKey, http_config, pull, secret_file_entries, ssm_config};
pub use ssm::{SsmError, SsmSettings};
pub use validate::{check_domain, check_email, check_host, check_s3_bucket};

/// What to load: where the files are, which environment, and the `--set` overrides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadOptions {
    /// Directory holding `base.toml`, `<env>.toml`, `<env>.secret.toml`; `None` means no files
    /// (defaults, environment variables and flags only).
    pub config_dir: Option<PathBuf>,
    /// Environment name (`prod`, `dev`, `test`, …): picks `<env>.toml` and `<env>.secret.toml`.
    pub env: String,
    /// `section.key=value` overrides, the highest layer.
    pub set: Vec<String>,
}

/// Checks an environment name (`--env`, `PLERO_ENV`): it becomes part of file names
/// (`<env>.toml`), so only letters, digits, `-` and `_` (no path separators, no `..`).
pub fn check_env_name(name: &str) -> Result<String, String> {
    let valid = !name.is_empty()
        && name.len() <= 64
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        Ok(name.to_string())
    } else {
        Err("use letters, digits, - and _ (at most 64), e.g. prod, dev or staging".into())
    }
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self { config_dir: None, env: "prod".into(), set: Vec::new() }
    }
}

/// The merged configuration and where each of its values came from.
#[derive(Debug, Clone)]
pub struct LoadedConfig {
    /// The configuration after merging every layer and interpolating `${…}` references.
    pub config: Config,
    origins: BTreeMap<String, Origin>,
    files: Vec<PathBuf>,
    /// The SSM path whose parameters were read, if any.
    ssm_path: Option<String>,
    /// Keys set by an SSM SecureString: redacted when shown, secret or not.
    secure_keys: BTreeSet<String>,
}

impl LoadedConfig {
    /// Where `section.key` got its value.
    pub fn origin(&self, key: &str) -> Option<&Origin> {
        self.origins.get(key)
    }

    /// Every `section.key` with its origin, sorted by key.
    pub fn origins(&self) -> impl Iterator<Item = (&str, &Origin)> {
        self.origins.iter().map(|(k, o)| (k.as_str(), o))
    }

    /// No configuration file nor SSM parameter was read: `pleroctl serve` then runs in quick-start
    /// mode on the defaults.
    pub fn is_quick_start(&self) -> bool {
        self.files.is_empty() && self.ssm_path.is_none()
    }

    /// The SSM path whose parameters were read (layer 5), if any.
    pub fn ssm_path(&self) -> Option<&str> {
        self.ssm_path.as_deref()
    }

    /// What `pleroctl serve` (and `config check`, which says whether serve would start) refuses
    /// beyond [`load`]'s checks: an empty `security.secret_key_base` outside quick-start. Every
    /// node must sign forms with the same key, so none can make one up at start-up; the
    /// quick-start keeps one of its own in `instance.data_dir` (see [`quick_start`]).
    pub fn serve_problems(&self) -> Vec<Problem> {
        if self.is_quick_start() || !self.config.security.secret_key_base.is_empty() {
            return Vec::new();
        }
        let origin = self.origin("security.secret_key_base").cloned().unwrap_or(Origin::Default);
        vec![Problem::at(
            origin,
            "security.secret_key_base",
            "is empty: it signs the forms' CSRF tokens, and every node of the instance must share the same \
             one, so the server cannot make one up: `pleroctl instance gen` writes one to <env>.secret.toml, \
             or set a long random string (`openssl rand -hex 64`) there or in PLERO_SECURITY__SECRET_KEY_BASE",
        )]
    }

    /// The configuration files that were read, lowest layer first.
    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }

    /// The configuration as a table `section → key → value` with every secret redacted (a database
    /// URL keeps all but its password), safe to print in any format.
    pub fn redacted(&self) -> toml::Table {
        let mut table = redact::redacted(&self.config);
        for key in &self.secure_keys {
            let (section, leaf) = key.split_once('.').expect("keys are section.key");
            if let Some(toml::Value::Table(keys)) = table.get_mut(section) {
                keys.insert(leaf.into(), REDACTED.into());
            }
        }
        table
    }
}

/// Loads the configuration from files, AWS SSM (when `ssm.path` is set), the process environment
/// and flags, and validates it. Any SSM failure fails the whole load ([`ConfigError::Ssm`]).
pub fn load(options: &LoadOptions) -> Result<LoadedConfig, ConfigError> {
    let (vars, unreadable) = process_vars();
    let result = load_with_vars(options, &vars);
    if unreadable.is_empty() {
        return result;
    }
    let mut problems = match result {
        Ok(_) => Vec::new(),
        Err(ConfigError::Invalid { problems }) => problems,
        Err(other) => return Err(other),
    };
    problems.extend(unreadable.into_iter().map(|var| Problem {
        origin: Some(Origin::Env { var }),
        key: None,
        message: "is not valid UTF-8: set it to text".into(),
    }));
    Err(ConfigError::Invalid { problems })
}

/// The process environment as text, and the `PLERO_*` variables that are not.
fn process_vars() -> (BTreeMap<String, String>, Vec<String>) {
    let mut vars = BTreeMap::new();
    let mut unreadable = Vec::new();
    for (key, value) in std::env::vars_os() {
        match (key.into_string(), value.into_string()) {
            (Ok(key), Ok(value)) => {
                vars.insert(key, value);
            }
            // Ignoring it would run on the value below it without a word.
            (Ok(key), Err(_)) if key.starts_with("PLERO_") => unreadable.push(key),
            _ => {}
        }
    }
    (vars, unreadable)
}

/// [`load`] with the environment given explicitly (for `PLERO_*` keys and `${VAR}` references).
pub fn load_with_vars(
    options: &LoadOptions,
    vars: &BTreeMap<String, String>,
) -> Result<LoadedConfig, ConfigError> {
    load_from(options, vars, &ssm::fetch)
}

/// What reads the SSM parameters under a path: [`ssm::fetch`], or the tests' own list.
type Fetch<'f> = &'f dyn Fn(&SsmSettings) -> Result<Vec<ssm::Parameter>, SsmError>;

fn load_from(
    options: &LoadOptions,
    vars: &BTreeMap<String, String>,
    fetch: Fetch<'_>,
) -> Result<LoadedConfig, ConfigError> {
    let (mut merged, files) = file_layers(options, vars)?;
    let settings = merged.ssm_settings(vars, &options.set);
    if let Some(settings) = &settings {
        let parameters = fetch(settings)?;
        merged.ssm(&settings.path, &parameters);
    }
    let ssm_path = settings.map(|settings| settings.path);
    merged.env(vars);
    merged.flags(&options.set)?;
    merged.unresolved(|_| true);
    // Files or SSM make a configured instance; without either, serve runs its quick start.
    let quick_start = files.is_empty() && ssm_path.is_none();

    let mut table = toml::Table::new();
    let mut origins = BTreeMap::new();
    let mut secure_keys = BTreeSet::new();
    for (key, (value, origin)) in std::mem::take(&mut merged.values) {
        schema::insert(&mut table, &key, value);
        if matches!(&origin, Origin::Ssm { parameter } if merged.secure_parameters.contains(parameter)) {
            secure_keys.insert(key.clone());
        }
        origins.insert(key, origin);
    }
    let mut problems = merged.problems;
    problems.extend(secrets_in_open_files(&merged.literal_secrets));
    let mut config = match toml::Value::Table(table).try_into::<Config>() {
        Ok(config) => config,
        Err(err) if problems.is_empty() => {
            // Every value passed its own type check, so this is a bug, not bad input.
            problems.push(Problem { origin: None, key: None, message: err.message().to_string() });
            return Err(ConfigError::Invalid { problems });
        }
        Err(_) => return Err(ConfigError::Invalid { problems }),
    };
    // A quick start (no file read) serves plain HTTP on loopback, so unless told otherwise its public
    // URLs say http: those the server gives out and those pleroctl prints and stores (actor ids,
    // invite and reset links), not the https a production instance behind a TLS proxy defaults to.
    if quick_start && matches!(origins.get("http.public_scheme"), None | Some(Origin::Default)) {
        config.http.public_scheme = Scheme::Http;
        origins.insert("http.public_scheme".into(), Origin::QuickStart);
    }
    // Likewise its domain follows the port it listens on (PLERO_HTTP__PORT=4011 links to :4011),
    // unless a domain was given.
    let default_domain = InstanceConfig::default().domain;
    if quick_start
        && matches!(origins.get("instance.domain"), None | Some(Origin::Default))
        && config.instance.domain == default_domain
    {
        let domain = format!("localhost:{}", config.http.port);
        if domain != default_domain {
            config.instance.domain = domain;
            origins.insert("instance.domain".into(), Origin::QuickStart);
        }
    }
    // A URL alone says which database it is (PLERO_DATABASE__URL=postgres://… in a container);
    // a backend that was set and disagrees is still refused by validation.
    if matches!(origins.get("database.backend"), None | Some(Origin::Default)) {
        let implied = DatabaseBackend::of_scheme(config.database.url.expose());
        if let Some(backend) = implied.filter(|b| *b != config.database.backend) {
            config.database.backend = backend;
            origins.insert("database.backend".into(), Origin::Implied { by: "database.url".into() });
        }
    }
    problems.extend(validate::validate(&config, &origins));
    if !problems.is_empty() {
        return Err(ConfigError::Invalid { problems });
    }
    Ok(LoadedConfig { config, origins, files, ssm_path, secure_keys })
}

/// Layers 1–4: the defaults and the files, with the files that were read.
fn file_layers(
    options: &LoadOptions,
    vars: &BTreeMap<String, String>,
) -> Result<(layers::Merged<'static>, Vec<PathBuf>), ConfigError> {
    let mut merged = layers::Merged::defaults(schema::schema());
    let mut files = Vec::new();
    let lookup = |name: &str| vars.get(name).cloned();
    if let Some(dir) = &options.config_dir {
        if !dir.is_dir() {
            return Err(invalid_dir(dir));
        }
        let env = &options.env;
        if env.is_empty() || !env.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            return Err(ConfigError::Invalid {
                problems: vec![Problem {
                    origin: None,
                    key: None,
                    message: format!(
                        "environment name {env:?} is not valid: use letters, digits, - and _ (e.g. prod)"
                    ),
                }],
            });
        }
        for (name, secret) in [
            ("base.toml".to_string(), false),
            (format!("{env}.toml"), false),
            (format!("{env}.secret.toml"), true),
        ] {
            let path = dir.join(&name);
            let text = match std::fs::read_to_string(&path) {
                Ok(text) => text,
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => continue,
                Err(err) => {
                    merged.problems.push(Problem::in_file(
                        Origin::File { path: path.clone(), line: 1 },
                        format!("cannot be read: {err}"),
                    ));
                    continue;
                }
            };
            if let Some(problem) = secret.then(|| check_secret_file_mode(&path)).flatten() {
                merged.problems.push(problem);
            }
            merged.file(&path, &text, &lookup);
            files.push(path);
        }
        if let Some(problem) = missing_environment(dir, env, &files) {
            merged.problems.push(problem);
        }
    }
    Ok((merged, files))
}

/// A configuration directory that gave nothing for `env` is almost always a mistyped `--env` (or a
/// wrong `--config-dir`): running on the defaults instead would, say, migrate a fresh SQLite database
/// rather than the PostgreSQL one the real environment names. So it is refused, naming what is there.
/// A directory with `base.toml` alone is fine (one environment, no env files).
fn missing_environment(dir: &Path, env: &str, files: &[PathBuf]) -> Option<Problem> {
    let env_files = [format!("{env}.toml"), format!("{env}.secret.toml")];
    if files.iter().any(|f| env_files.iter().any(|name| f.ends_with(name))) {
        return None;
    }
    let mut others: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter_map(|name| {
            let stem = name.strip_suffix(".toml")?;
            let env = stem.strip_suffix(".secret").unwrap_or(stem);
            (env != "base").then(|| env.to_string())
        })
        .collect();
    others.sort();
    others.dedup();
    let message = if !others.is_empty() {
        format!(
            "no {env}.toml or {env}.secret.toml in {}, which holds the environment(s) {}: check --env / PLERO_ENV",
            dir.display(),
            others.join(", ")
        )
    } else if files.is_empty() {
        format!(
            "{} holds no configuration file (base.toml, {env}.toml, {env}.secret.toml): run `pleroctl instance gen` \
             or fix --config-dir / PLERO_CONFIG_DIR",
            dir.display()
        )
    } else {
        return None;
    };
    Some(Problem { origin: None, key: None, message })
}

fn invalid_dir(dir: &Path) -> ConfigError {
    let what = if dir.exists() { "is not a directory" } else { "does not exist" };
    ConfigError::Invalid {
        problems: vec![Problem {
            origin: None,
            key: None,
            message: format!(
                "config directory {} {what}: create it (pleroctl instance gen writes one) or fix --config-dir / PLERO_CONFIG_DIR",
                dir.display()
            ),
        }],
    }
}

/// A secret written in a file others may read (base.toml and `<env>.toml` are usually 0644) leaks
/// like a secret file with a loose mode does: each is a problem, naming where it should live. A
/// `${VAR}` reference is no secret in the file, and the secret file's own mode is checked apart.
#[cfg(unix)]
fn secrets_in_open_files(literal: &[(String, Origin)]) -> Vec<Problem> {
    use std::os::unix::fs::PermissionsExt;
    let open = |path: &Path| {
        !path.to_string_lossy().ends_with(".secret.toml")
            && std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 != 0)
    };
    literal
        .iter()
        .filter(|(_, origin)| matches!(origin, Origin::File { path, .. } if open(path)))
        .map(|(key, origin)| {
            Problem::in_file(
                origin.clone(),
                format!(
                    "{key} is a secret, but this file is readable by others: move it to <env>.secret.toml \
                     (mode 0600), or read it from the environment (${{VAR}}, or PLERO_{})",
                    key.to_ascii_uppercase().replace('.', "__")
                ),
            )
        })
        .collect()
}

#[cfg(not(unix))]
fn secrets_in_open_files(_: &[(String, Origin)]) -> Vec<Problem> {
    Vec::new()
}

/// A secret file readable or writable by anyone but its owner is a problem: its values would leak.
#[cfg(unix)]
fn check_secret_file_mode(path: &Path) -> Option<Problem> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
    (mode & 0o077 != 0).then(|| {
        Problem::in_file(
            Origin::File { path: path.to_path_buf(), line: 1 },
            format!(
                "secret file is accessible by others (mode {mode:04o}): make it 0600 with `chmod 600 {}`",
                path.display()
            ),
        )
    })
}

#[cfg(not(unix))]
fn check_secret_file_mode(_path: &Path) -> Option<Problem> {
    None
}

impl DatabaseConfig {
    /// The URL to connect with: `url` when set; otherwise, for PostgreSQL, one built from
    /// host/port/name/user/password, and for SQLite `sqlite://<data_dir>/plero.db`.
    pub fn connection_url(&self, data_dir: &Path) -> Secret {
        if !self.url.is_empty() {
            return self.url.clone();
        }
        match self.backend {
            DatabaseBackend::Sqlite => {
                Secret::new(format!("sqlite://{}", data_dir.join("plero.db").display()))
            }
            DatabaseBackend::Postgres => {
                let mut url = url::Url::parse("postgres://localhost").expect("static URL parses");
                let host_ok = url.set_host(Some(&self.host)).is_ok();
                let _ = url.set_port(Some(self.port));
                let _ = url.set_username(&self.user);
                if !self.password.is_empty() {
                    let _ = url.set_password(Some(self.password.expose()));
                }
                url.set_path(&self.name);
                if !host_ok {
                    url.set_query(Some(&format!("host={}", self.host)));
                }
                Secret::new(url.to_string())
            }
        }
    }
}

impl Config {
    /// The database URL to connect with (see [`DatabaseConfig::connection_url`]).
    pub fn database_url(&self) -> Secret {
        self.database.connection_url(&self.instance.data_dir)
    }
}

#[cfg(test)]
mod tests;
