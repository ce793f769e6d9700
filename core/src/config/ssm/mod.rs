//! AWS SSM Parameter Store: configuration layer 5 (after `<env>.secret.toml`, before `PLERO_*`
//! variables), and what `pleroctl secrets` reads and writes there.
//!
//! Every parameter under `ssm.path` is one key: `/plero/prod/database/password` is
//! `database.password`. Its value is text, typed like an environment variable's. Reading is async
//! (the AWS SDK); the loader is not, so each call here runs on a runtime of its own on a thread of
//! its own, which works whether or not the caller is inside a runtime.

mod client;
mod error;

use std::future::Future;

pub use error::SsmError;

use crate::model::secret::Secret;

/// Where the parameters are and how to reach them: `[ssm]` once checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SsmSettings {
    /// The parameter path, `/plero/prod/` (a trailing `/` or not, same parameters).
    pub path: String,
    /// The region, or `None` for the AWS chain's (`AWS_REGION`, the profile, instance metadata).
    pub region: Option<String>,
    /// An endpoint URL instead of AWS's (a VPC endpoint, moto in tests).
    pub endpoint: Option<String>,
}

impl SsmSettings {
    /// Checks the three values (as `config check` does); empty region and endpoint mean the chain's.
    pub fn new(path: &str, region: &str, endpoint: &str) -> Result<Self, String> {
        check_path(path).map_err(|e| format!("ssm.path: {e}"))?;
        if !region.is_empty() {
            check_region(region).map_err(|e| format!("ssm.region: {e}"))?;
        }
        if !endpoint.is_empty() {
            check_endpoint(endpoint).map_err(|e| format!("ssm.endpoint: {e}"))?;
        }
        let given = |s: &str| (!s.is_empty()).then(|| s.to_string());
        Ok(Self { path: path.to_string(), region: given(region), endpoint: given(endpoint) })
    }
}

/// One parameter as SSM holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parameter {
    /// The full name, `/plero/prod/database/password`.
    pub name: String,
    /// The value, decrypted (empty when listed without it).
    pub value: Secret,
    /// Whether it is a SecureString: its value is then never shown, whatever key it sets.
    pub secure: bool,
    /// SSM's type: `SecureString`, `String` or `StringList`.
    pub kind: String,
    /// SSM's version of it, counting from 1.
    pub version: i64,
    /// When it was last changed (RFC 3339), when SSM says.
    pub last_modified: Option<String>,
}

/// Checks a parameter path: it starts with `/`, holds letters, digits and `_ . - /`, and is not
/// under the prefixes AWS reserves (`/aws`, `/ssm`).
pub fn check_path(path: &str) -> Result<(), String> {
    let example = "e.g. /plero/prod/";
    if path.is_empty() {
        return Err(format!("is empty: name the parameter path ({example})"));
    }
    if !path.starts_with('/') {
        return Err(format!("{path:?} does not start with /: a parameter path is absolute ({example})"));
    }
    if path.len() > 1000 {
        return Err("is longer than 1000 characters".into());
    }
    if let Some(bad) = path.chars().find(|c| !(c.is_ascii_alphanumeric() || "_.-/".contains(*c))) {
        return Err(format!("{path:?} holds {bad:?}: use letters, digits and _ . - / ({example})"));
    }
    if path.contains("//") {
        return Err(format!("{path:?} holds an empty segment (//) ({example})"));
    }
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("").to_ascii_lowercase();
    if first.starts_with("aws") || first.starts_with("ssm") {
        return Err(format!("{path:?} is under a prefix AWS reserves (aws, ssm): use your own ({example})"));
    }
    Ok(())
}

/// Checks an AWS region name (`eu-west-1`).
pub fn check_region(region: &str) -> Result<(), String> {
    let valid = region.len() <= 32
        && region.contains('-')
        && region.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if valid { Ok(()) } else { Err(format!("{region:?} is not an AWS region: e.g. eu-west-1 or us-east-1")) }
}

fn check_endpoint(endpoint: &str) -> Result<(), String> {
    match url::Url::parse(endpoint) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => Ok(()),
        Ok(url) => Err(format!("{endpoint:?} has scheme {:?}: expected http:// or https://", url.scheme())),
        Err(err) => {
            Err(format!("{endpoint:?} is not a valid URL ({err}): expected an http:// or https:// URL"))
        }
    }
}

/// `/plero/prod` → `/plero/prod/`: what every parameter name under the path starts with.
pub(crate) fn prefix(path: &str) -> String {
    format!("{}/", path.trim_end_matches('/'))
}

/// The path as GetParametersByPath takes it: without a trailing `/` (but `/` itself).
fn request_path(path: &str) -> String {
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() { "/".into() } else { trimmed.into() }
}

/// The dotted key a parameter under `path` sets: `/plero/prod/database/password` → `database.password`.
/// A name of another depth gives a key with more or fewer dots, which the schema then refuses.
pub fn key_of(path: &str, name: &str) -> String {
    let prefix = prefix(path);
    name.strip_prefix(&prefix).unwrap_or(name).trim_start_matches('/').replace('/', ".")
}

/// The parameter under `path` that holds `key`: `database.password` → `/plero/prod/database/password`.
pub fn parameter_name(path: &str, key: &str) -> String {
    format!("{}{}", prefix(path), key.replace('.', "/"))
}

/// Every parameter under the path, decrypted: layer 5 of the configuration, and `secrets pull`.
/// A path with nothing under it is an error ([`SsmError::Empty`]): it is almost always a typo, and
/// running without the secrets there is not what was asked.
pub fn fetch(settings: &SsmSettings) -> Result<Vec<Parameter>, SsmError> {
    blocking(async {
        let ssm = client::Ssm::connect(settings).await?;
        let found = ssm.parameters(true).await?;
        if found.is_empty() {
            return Err(SsmError::Empty { path: settings.path.clone(), region: ssm.region().to_string() });
        }
        Ok(found)
    })
}

/// The parameters under the path with their versions, values not read (not decrypted, and emptied).
pub fn list(settings: &SsmSettings) -> Result<Vec<Parameter>, SsmError> {
    blocking(async {
        let ssm = client::Ssm::connect(settings).await?;
        let mut found = ssm.parameters(false).await?;
        for p in &mut found {
            p.value = Secret::default();
        }
        Ok(found)
    })
}

/// What `secrets push` does to one parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PushAction {
    /// No parameter of that name yet.
    Create,
    /// There is one with another value, or not a SecureString.
    Update,
    /// There is one with the same value, a SecureString: left as it is.
    Unchanged,
}

impl PushAction {
    /// `create`, `update`, `unchanged`.
    pub fn as_str(self) -> &'static str {
        match self {
            PushAction::Create => "create",
            PushAction::Update => "update",
            PushAction::Unchanged => "unchanged",
        }
    }
}

/// One key of a secret file and what pushing it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushItem {
    /// The dotted key.
    pub key: String,
    /// The parameter it goes to.
    pub parameter: String,
    /// What pushing does.
    pub action: PushAction,
    /// The value to put.
    pub value: Secret,
    /// The parameter's version: the one there before pushing; after [`push`], the new one.
    pub version: Option<i64>,
}

/// What pushing `entries` (dotted key, value) under the path would do, comparing with what is
/// there (read decrypted; nothing is shown). Nothing is written.
pub fn plan_push(settings: &SsmSettings, entries: &[(String, Secret)]) -> Result<Vec<PushItem>, SsmError> {
    let existing = blocking(async { client::Ssm::connect(settings).await?.parameters(true).await })?;
    Ok(entries
        .iter()
        .map(|(key, value)| {
            let parameter = parameter_name(&settings.path, key);
            let there = existing.iter().find(|p| p.name == parameter);
            let action = match there {
                None => PushAction::Create,
                Some(p) if p.secure && p.value == *value => PushAction::Unchanged,
                Some(_) => PushAction::Update,
            };
            PushItem {
                key: key.clone(),
                parameter,
                action,
                value: value.clone(),
                version: there.map(|p| p.version),
            }
        })
        .collect())
}

/// Puts every item of a plan that changes something, as a SecureString, one after the other; the
/// items come back with their new versions. SSM has no transaction: a failure stops it, leaving the
/// ones before it written, and running it again finishes (the written ones are then unchanged).
pub fn push(settings: &SsmSettings, plan: Vec<PushItem>) -> Result<Vec<PushItem>, SsmError> {
    blocking(async move {
        let ssm = client::Ssm::connect(settings).await?;
        let mut done = Vec::with_capacity(plan.len());
        for mut item in plan {
            if item.action != PushAction::Unchanged {
                item.version = Some(ssm.put_secure(&item.parameter, &item.value).await?);
            }
            done.push(item);
        }
        Ok(done)
    })
}

/// Runs an AWS call to its end on a current-thread runtime of its own, on a thread of its own (a
/// runtime cannot be started inside another one, and the loader may be called from either side).
fn blocking<T: Send>(future: impl Future<Output = T> + Send) -> T {
    std::thread::scope(|scope| {
        scope
            .spawn(|| {
                tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("a tokio runtime starts")
                    .block_on(future)
            })
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parameter_name_maps_to_a_key_and_back() {
        assert_eq!(key_of("/plero/prod/", "/plero/prod/database/password"), "database.password");
        assert_eq!(key_of("/plero/prod", "/plero/prod/database/password"), "database.password");
        assert_eq!(parameter_name("/plero/prod", "database.password"), "/plero/prod/database/password");
        assert_eq!(parameter_name("/plero/prod/", "http.port"), "/plero/prod/http/port");
        // Another depth is another (unknown) key, not silently dropped.
        assert_eq!(key_of("/plero/prod/", "/plero/prod/password"), "password");
        assert_eq!(key_of("/plero/", "/plero/prod/database/password"), "prod.database.password");
    }

    #[test]
    fn the_request_path_has_no_trailing_slash() {
        assert_eq!(request_path("/plero/prod/"), "/plero/prod");
        assert_eq!(request_path("/"), "/");
    }

    #[test]
    fn a_path_is_absolute_and_plain() {
        assert_eq!(check_path("/plero/prod/"), Ok(()));
        assert_eq!(check_path("/plero-1/prod_2.x"), Ok(()));
        for bad in ["plero/prod", "/plero prod", "/plero//prod", "/aws/plero", "/SSM/x", ""] {
            assert!(check_path(bad).is_err(), "{bad}");
        }
        assert!(check_path("plero/prod").unwrap_err().contains("e.g. /plero/prod/"));
    }

    #[test]
    fn settings_check_their_region_and_endpoint() {
        let ok = SsmSettings::new("/plero/prod/", "eu-west-1", "http://127.0.0.1:5000").unwrap();
        assert_eq!(ok.region.as_deref(), Some("eu-west-1"));
        assert_eq!(SsmSettings::new("/plero/prod/", "", "").unwrap().endpoint, None);
        assert!(SsmSettings::new("/plero/prod/", "Ireland", "").unwrap_err().contains("ssm.region"));
        assert!(SsmSettings::new("/plero/prod/", "", "ftp://x").unwrap_err().contains("ssm.endpoint"));
    }
}
