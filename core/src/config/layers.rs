//! The layers, lowest first: defaults → base.toml → `<env>.toml` → `<env>.secret.toml` → SSM →
//! environment variables → `--set` flags. Each layer puts values (with their origin) over the ones
//! below; problems are collected, never stopping at the first, so `config check` lists them all.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::error::{ConfigError, Problem};
use super::interpolate::{InterpolateError, expand};
use super::origin::Origin;
use super::schema::{Schema, parse_like};
use super::ssm::{self, Parameter, SsmSettings};

/// The values merged so far, each with where it came from.
pub(crate) struct Merged<'s> {
    schema: &'s Schema,
    pub values: BTreeMap<String, (toml::Value, Origin)>,
    pub problems: Vec<Problem>,
    /// Secret keys a file sets to a literal value (not a `${VAR}` reference), with where: a
    /// secret written in a file others may read leaks.
    pub literal_secrets: Vec<(String, Origin)>,
    /// SSM parameters that are SecureStrings: whatever key they set, their value is not shown.
    pub secure_parameters: BTreeSet<String>,
    /// Keys a file set to a `${VAR}` whose variable is not set, with the problem to report unless a
    /// layer above sets the key (a password SSM or `PLERO_DATABASE__PASSWORD` gives): see
    /// [`Merged::unresolved`].
    unresolved: BTreeMap<String, Problem>,
}

impl<'s> Merged<'s> {
    /// Layer 1: the built-in defaults.
    pub fn defaults(schema: &'s Schema) -> Self {
        let values = schema.defaults.iter().map(|(k, v)| (k.clone(), (v.clone(), Origin::Default))).collect();
        Self { values, ..Self::empty(schema) }
    }

    /// No value at all, not even the defaults: to read one layer alone (a secret file to push, the
    /// parameters to pull).
    pub fn empty(schema: &'s Schema) -> Self {
        Self {
            schema,
            values: BTreeMap::new(),
            problems: Vec::new(),
            literal_secrets: Vec::new(),
            secure_parameters: BTreeSet::new(),
            unresolved: BTreeMap::new(),
        }
    }

    /// Puts one value over the layers below, after checking the key exists and the type fits.
    fn set(&mut self, key: &str, value: toml::Value, origin: Origin) {
        match self.schema.check_type(key, &value) {
            Ok(()) => {
                // Layers are applied bottom up, so this one is above the file that left it unresolved.
                self.unresolved.remove(key);
                self.values.insert(key.to_string(), (value, origin));
            }
            Err(message) => self.problems.push(Problem::at(origin, key, message)),
        }
    }

    fn unknown(&mut self, key: &str, origin: Origin, spell: impl Fn(&str) -> String) {
        let message = match self.schema.suggest(key) {
            Some(near) => format!("unknown key {}; did you mean {}?", spell(key), spell(near)),
            None => format!("unknown key {}; see `pleroctl config show` for the valid keys", spell(key)),
        };
        self.problems.push(Problem::in_file(origin, message));
    }

    /// Layers 2–4: one TOML file. String values may reference the environment (`${VAR}`).
    pub fn file(&mut self, path: &Path, text: &str, var: &dyn Fn(&str) -> Option<String>) {
        let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
        let at = |offset: usize| Origin::File { path: path.to_path_buf(), line: line_of(offset) };
        let (root, errors) = DeTable::parse_recoverable(text);
        if !errors.is_empty() {
            for err in errors {
                // Only the message and the place: toml's Display quotes the line, which may hold a secret.
                let offset = err.span().map_or(0, |s| s.start);
                self.problems.push(Problem::in_file(
                    at(offset),
                    format!("TOML syntax error: {}", err.message().trim()),
                ));
            }
            return;
        }
        // Problems of this file are listed in line order (the parsed table is sorted by key).
        let before = self.problems.len();
        for (section, value) in root.get_ref() {
            let section_name = section.get_ref().as_ref();
            let section_at = at(section.span().start);
            let inner = match value.get_ref() {
                DeValue::Table(inner) if self.schema.is_section(section_name) => inner,
                _ if self.schema.is_section(section_name) => {
                    self.problems.push(Problem::at(
                        section_at,
                        section_name,
                        format!("must be a table: write [{section_name}] and its keys below it"),
                    ));
                    continue;
                }
                _ => {
                    let message = match self.schema.suggest_section(section_name) {
                        Some(near) => {
                            format!("unknown section [{section_name}]; did you mean {near}?")
                        }
                        None => format!(
                            "unknown section [{section_name}]; see `pleroctl config show` for the valid sections"
                        ),
                    };
                    self.problems.push(Problem::in_file(section_at, message));
                    continue;
                }
            };
            for (key, value) in inner {
                let full = format!("{section_name}.{}", key.get_ref());
                let origin = at(key.span().start);
                if !self.schema.is_key(&full) {
                    self.unknown(&full, origin, |k| format!("`{k}`"));
                    continue;
                }
                // `port = "${PORT:-4000}"`: a whole value read from the environment is typed like
                // an environment variable would be. A literal `port = "4000"` stays a type error.
                let referenced = value.get_ref().as_str().is_some_and(|s| s.contains("${"));
                // A database URL is secret for the password it may hold; one without is not.
                let holds_secret = |s: &str| {
                    !s.is_empty()
                        && (full != "database.url"
                            || url::Url::parse(s).is_ok_and(|u| u.password().is_some()))
                };
                if self.schema.is_secret(&full)
                    && !referenced
                    && value.get_ref().as_str().is_some_and(holds_secret)
                {
                    self.literal_secrets.push((full.clone(), origin.clone()));
                }
                match to_value(value, var) {
                    Ok(toml::Value::String(s)) if referenced => {
                        let typed = parse_like(&s, &self.schema.defaults[&full]);
                        self.set(&full, typed, origin)
                    }
                    Ok(v) => self.set(&full, v, origin),
                    Err(Unresolved { why, offset }) => {
                        let origin = at(offset);
                        let why_missing = matches!(why, Unreadable::Reference(InterpolateError::Missing(_)));
                        let message = match why {
                            Unreadable::OutOfRange => {
                                "the number is out of range: integers go up to 9223372036854775807".into()
                            }
                            Unreadable::Reference(InterpolateError::Missing(var)) => format!(
                                "environment variable {var} is not set; set it, or give a default: ${{{var}:-value}}"
                            ),
                            // A secret's text is not quoted, even when malformed.
                            Unreadable::Reference(InterpolateError::Malformed(_))
                                if self.schema.is_secret(&full) =>
                            {
                                "malformed ${...} reference: write ${NAME} or ${NAME:-default}".into()
                            }
                            Unreadable::Reference(InterpolateError::Malformed(text)) => format!(
                                "malformed reference {text:?}: write ${{NAME}} or ${{NAME:-default}} ($${{ for a literal ${{)"
                            ),
                        };
                        let problem = Problem::at(origin, full.clone(), message);
                        if why_missing {
                            self.unresolved.insert(full, problem);
                        } else {
                            self.problems.push(problem);
                        }
                    }
                }
            }
        }
        self.problems[before..].sort_by_key(|p| match &p.origin {
            Some(Origin::File { line, .. }) => *line,
            _ => 0,
        });
    }

    /// Makes problems of the `${VAR}` references left unresolved (the variable is not set) on keys
    /// `within` selects, unless a layer above the file set the key: a file may name
    /// `${DB_PASSWORD}` for the hosts that set it while SSM or the environment gives the password on
    /// others. Call it once every layer is applied.
    pub fn unresolved(&mut self, within: impl Fn(&str) -> bool) {
        let keys: Vec<String> = self.unresolved.keys().filter(|key| within(key)).cloned().collect();
        for key in keys {
            if let Some(problem) = self.unresolved.remove(&key) {
                self.problems.push(problem);
            }
        }
    }

    /// Layer 5: the parameters read from AWS SSM under `path` (see [`ssm`]). Each sets the key its
    /// name maps to (`/plero/prod/database/password` → `database.password`), its text typed like an
    /// environment variable's; a name that maps to no key is refused naming the parameter and the
    /// nearest valid one, as a file's unknown key is.
    pub fn ssm(&mut self, path: &str, parameters: &[Parameter]) {
        for parameter in parameters {
            let origin = Origin::Ssm { parameter: parameter.name.clone() };
            let key = ssm::key_of(path, &parameter.name);
            if key.starts_with("ssm.") {
                self.problems.push(Problem::at(
                    origin,
                    key,
                    "SSM's own settings cannot come from SSM: set them in a file, PLERO_SSM__* or --ssm-path",
                ));
                continue;
            }
            let Some(like) = self.schema.defaults.get(&key) else {
                self.unknown(&key, origin, |k| format!("`{}`", ssm::parameter_name(path, k)));
                continue;
            };
            let value = parse_like(parameter.value.expose(), like);
            if parameter.secure {
                self.secure_parameters.insert(parameter.name.clone());
                // A SecureString may set a key that is no secret: its text is still not quoted.
                if !self.schema.is_secret(&key) && self.schema.check_type(&key, &value).is_err() {
                    let message = format!(
                        "wrong type: expected {} like the key's default (the SecureString's value is not shown)",
                        like.type_str()
                    );
                    self.problems.push(Problem::at(origin, key, message));
                    continue;
                }
            }
            self.set(&key, value, origin);
        }
    }

    /// The SSM settings (`ssm.*`) as the layers below SSM and the ones above it (environment
    /// variables, `--set`, `--ssm-path`) give them, or `None` when SSM is off (no `ssm.path`, or
    /// `ssm.enabled = false`) or a setting is invalid (validation then names it). The layers above
    /// are applied to a copy: they are applied for real after SSM's.
    pub fn ssm_settings(&self, vars: &BTreeMap<String, String>, set: &[String]) -> Option<SsmSettings> {
        let mut probe = Self { values: self.values.clone(), ..Self::empty(self.schema) };
        probe.env(vars);
        let _ = probe.flags(set);
        let value = |key: &str| probe.values.get(key).map(|(value, _)| value);
        let text = |key: &str| value(key).and_then(toml::Value::as_str).unwrap_or_default();
        let enabled = value("ssm.enabled").and_then(toml::Value::as_bool).unwrap_or(true);
        let path = text("ssm.path");
        if !enabled || path.is_empty() {
            return None;
        }
        SsmSettings::new(path, text("ssm.region"), text("ssm.endpoint")).ok()
    }

    /// Layer 6: environment variables `PLERO_<SECTION>__<KEY>` (any key; values parsed to the key's type).
    /// Other `PLERO_*` variables (`PLERO_ENV`, `PLERO_CONFIG_DIR`, …) have no `__` and are not keys.
    pub fn env(&mut self, vars: &BTreeMap<String, String>) {
        for (var, raw) in vars {
            let Some(rest) = var.strip_prefix("PLERO_") else {
                continue;
            };
            let Some((section, key)) = rest.split_once("__") else {
                continue;
            };
            let full = format!("{}.{}", section.to_ascii_lowercase(), key.to_ascii_lowercase());
            let origin = Origin::Env { var: var.clone() };
            self.raw(&full, raw, origin, |k| format!("PLERO_{}", k.replacen('.', "__", 1).to_uppercase()));
        }
    }

    /// Layer 7: `--set section.key=value` flags, in the order given.
    pub fn flags(&mut self, set: &[String]) -> Result<(), ConfigError> {
        for arg in set {
            let Some((key, raw)) = arg.split_once('=') else {
                // Echo the argument only when it is a key name: anything else may be a value (a
                // password) typed in the wrong place.
                let known = self.schema.is_key(arg.trim());
                return Err(ConfigError::BadFlag { arg: if known { arg.clone() } else { "…".into() } });
            };
            let key = key.trim();
            let origin = Origin::Flag { key: key.to_string() };
            self.raw(key, raw, origin, |k| format!("`{k}`"));
        }
        Ok(())
    }

    fn raw(&mut self, key: &str, raw: &str, origin: Origin, spell: impl Fn(&str) -> String) {
        match self.schema.defaults.get(key) {
            Some(like) => {
                let value = parse_like(raw, like);
                self.set(key, value, origin);
            }
            None => self.unknown(key, origin, spell),
        }
    }
}

/// Why a parsed value could not be read, with where it starts in the file.
struct Unresolved {
    why: Unreadable,
    offset: usize,
}

enum Unreadable {
    Reference(InterpolateError),
    /// A number TOML can write but not hold (`99999999999999999999`): the toml crate's message
    /// quotes the number, and the value may be a secret, so it is not shown.
    OutOfRange,
}

/// A parsed TOML value as a plain `toml::Value`, with `${VAR}` references in its strings expanded.
fn to_value(
    value: &Spanned<DeValue<'_>>,
    var: &dyn Fn(&str) -> Option<String>,
) -> Result<toml::Value, Unresolved> {
    let offset = value.span().start;
    let plain = toml::Value::deserialize(ValueDeserializer::from(value.clone()))
        .map_err(|_| Unresolved { why: Unreadable::OutOfRange, offset })?;
    expand_strings(plain, var).map_err(|name| Unresolved { why: Unreadable::Reference(name), offset })
}

fn expand_strings(
    value: toml::Value,
    var: &dyn Fn(&str) -> Option<String>,
) -> Result<toml::Value, InterpolateError> {
    Ok(match value {
        toml::Value::String(s) => toml::Value::String(expand(&s, var)?),
        toml::Value::Array(items) => {
            toml::Value::Array(items.into_iter().map(|v| expand_strings(v, var)).collect::<Result<_, _>>()?)
        }
        toml::Value::Table(t) => toml::Value::Table(
            t.into_iter()
                .map(|(k, v)| Ok((k, expand_strings(v, var)?)))
                .collect::<Result<_, InterpolateError>>()?,
        ),
        other => other,
    })
}
