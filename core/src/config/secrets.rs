//! What `pleroctl secrets` (and `health`) read through the layers: one section (`[ssm]`, `[http]`)
//! without reading SSM, a secret file's keys to push, and the parameters under a path typed like
//! their keys to pull.

use std::path::Path;

use super::error::{ConfigError, Problem};
use super::model::{HttpConfig, SsmConfig};
use super::origin::Origin;
use super::ssm::{self, SsmSettings};
use super::{LoadOptions, file_layers, layers, process_vars, schema};
use crate::model::secret::Secret;

/// `[ssm]` as the files, `PLERO_SSM__*` variables and `--set` give it, without reading SSM nor
/// checking the rest of the configuration (whose secrets may be what SSM holds): for `pleroctl
/// secrets`. Problems of the layers themselves (a malformed file, an unknown key) still refuse it.
pub fn ssm_config(options: &LoadOptions) -> Result<SsmConfig, ConfigError> {
    section_config(options, "ssm")
}

/// `[http]` as the files, `PLERO_HTTP__*` variables and `--set` give it, without SSM nor the rest
/// of the configuration: where a node listens, for `pleroctl health`, which a container runs every
/// 30 seconds and which must not call AWS each time nor fail on a secret it does not need.
pub fn http_config(options: &LoadOptions) -> Result<HttpConfig, ConfigError> {
    section_config(options, "http")
}

/// One section from the layers below and above SSM (files, environment, flags). A `${VAR}` left
/// unresolved refuses it only within the section.
fn section_config<T: serde::de::DeserializeOwned>(
    options: &LoadOptions,
    section: &str,
) -> Result<T, ConfigError> {
    let (vars, _) = process_vars();
    let (mut merged, _) = file_layers(options, &vars)?;
    merged.env(&vars);
    merged.flags(&options.set)?;
    let prefix = format!("{section}.");
    merged.unresolved(|key| key.starts_with(&prefix));
    if !merged.problems.is_empty() {
        return Err(ConfigError::Invalid { problems: merged.problems });
    }
    let mut table = toml::Table::new();
    for (key, (value, _)) in merged.values.into_iter().filter(|(key, _)| key.starts_with(&prefix)) {
        schema::insert(&mut table, &key, value);
    }
    let values = table.remove(section).unwrap_or_else(|| toml::Value::Table(toml::Table::new()));
    values.try_into().map_err(|err: toml::de::Error| ConfigError::Invalid {
        problems: vec![Problem {
            origin: None,
            key: Some(section.into()),
            message: err.message().to_string(),
        }],
    })
}

/// The keys of a secret file as `secrets push` puts them: every key checked against the schema
/// (unknown keys and wrong types refused with file:line and a suggestion), `${VAR}` references
/// expanded from the environment, values as text (lists as TOML arrays). Empty values are left
/// out: SSM holds no empty parameter, and an empty key is its default.
pub fn secret_file_entries(path: &Path) -> Result<Vec<(String, Secret)>, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|err| ConfigError::Invalid {
        problems: vec![Problem::in_file(
            Origin::File { path: path.to_path_buf(), line: 1 },
            format!("cannot be read: {err}"),
        )],
    })?;
    let (vars, _) = process_vars();
    let mut merged = layers::Merged::empty(schema::schema());
    merged.file(path, &text, &|name: &str| vars.get(name).cloned());
    merged.unresolved(|_| true);
    if !merged.problems.is_empty() {
        return Err(ConfigError::Invalid { problems: merged.problems });
    }
    Ok(merged
        .values
        .into_iter()
        .filter_map(|(key, (value, _))| {
            let text = match value {
                toml::Value::String(s) => s,
                other => other.to_string(),
            };
            (!text.is_empty()).then(|| (key, Secret::new(text)))
        })
        .collect())
}

/// One key read from SSM by `secrets pull`.
#[derive(Clone)]
pub struct PulledKey {
    /// The dotted key.
    pub key: String,
    /// The parameter it came from.
    pub parameter: String,
    /// Its value, typed like the key (a port is an integer). It may be a secret: never log it.
    pub value: toml::Value,
}

/// Every parameter under the path, decrypted and typed like its key, for `secrets pull`. Names that
/// map to no key, and values of the wrong type, are refused all together (as `config check` would).
pub fn pull(settings: &SsmSettings) -> Result<Vec<PulledKey>, ConfigError> {
    let parameters = ssm::fetch(settings)?;
    pulled(settings, &parameters)
}

pub(super) fn pulled(
    settings: &SsmSettings,
    parameters: &[ssm::Parameter],
) -> Result<Vec<PulledKey>, ConfigError> {
    let mut merged = layers::Merged::empty(schema::schema());
    merged.ssm(&settings.path, parameters);
    if !merged.problems.is_empty() {
        return Err(ConfigError::Invalid { problems: merged.problems });
    }
    Ok(merged
        .values
        .into_iter()
        .map(|(key, (value, origin))| {
            let parameter = match origin {
                Origin::Ssm { parameter } => parameter,
                other => other.to_string(),
            };
            PulledKey { key, parameter, value }
        })
        .collect())
}
