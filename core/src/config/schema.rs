//! What keys exist, their defaults, which hold secrets, and the type check of one value.
//!
//! All of it is derived from the typed [`Config`] itself (serialising its defaults), so a field added
//! to a section is known here without a second list to keep in sync.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use super::model::Config;
use crate::model::secret::REDACTED;

/// Every valid `section.key` with its default value, and the keys whose values are secrets.
pub(crate) struct Schema {
    pub defaults: BTreeMap<String, toml::Value>,
    pub secrets: BTreeSet<String>,
}

pub(crate) fn schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(build)
}

fn build() -> Schema {
    let defaults = flatten(&toml::Table::try_from(Config::default()).expect("defaults serialise"));
    // A string field is a secret when a value put in comes back redacted.
    let secrets = defaults
        .iter()
        .filter(|(_, v)| v.is_str())
        .filter(|(key, _)| {
            let probe = nest(key, toml::Value::String("probe".into()));
            let Ok(config) = toml::Value::Table(probe).try_into::<Config>() else {
                return false;
            };
            let back = toml::Table::try_from(config).expect("config serialises");
            lookup(&back, key).and_then(|v| v.as_str()) == Some(REDACTED)
        })
        .map(|(key, _)| key.clone())
        .collect();
    Schema { defaults, secrets }
}

impl Schema {
    pub fn is_key(&self, key: &str) -> bool {
        self.defaults.contains_key(key)
    }

    pub fn is_section(&self, name: &str) -> bool {
        self.defaults.keys().any(|k| k.split_once('.').is_some_and(|(s, _)| s == name))
    }

    pub fn is_secret(&self, key: &str) -> bool {
        self.secrets.contains(key)
    }

    /// The valid key nearest to an unknown one: same spelling mistakes within a section, or the same
    /// key name put in the wrong section.
    pub fn suggest(&self, unknown: &str) -> Option<&str> {
        let (u_section, u_leaf) = unknown.split_once('.').unwrap_or(("", unknown));
        self.defaults
            .keys()
            .map(|key| {
                let (section, leaf) = key.split_once('.').expect("keys are section.key");
                let whole = strsim::normalized_damerau_levenshtein(unknown, key);
                let by_leaf = strsim::normalized_damerau_levenshtein(u_leaf, leaf)
                    - if section == u_section { 0.0 } else { 0.1 };
                (key.as_str(), whole.max(by_leaf))
            })
            .filter(|(_, score)| *score >= 0.6)
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(key, _)| key)
    }

    /// The section nearest to an unknown section name.
    pub fn suggest_section(&self, unknown: &str) -> Option<String> {
        let sections: BTreeSet<&str> =
            self.defaults.keys().filter_map(|k| k.split_once('.').map(|(s, _)| s)).collect();
        sections
            .into_iter()
            .map(|s| (s, strsim::normalized_damerau_levenshtein(unknown, s)))
            .filter(|(_, score)| *score >= 0.5)
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(s, _)| format!("[{s}]"))
    }

    /// Checks that `value` has the type of `key`'s field; the message says what was expected.
    pub fn check_type(&self, key: &str, value: &toml::Value) -> Result<(), String> {
        let table = nest(key, value.clone());
        match toml::Value::Table(table).try_into::<Config>() {
            Ok(_) => Ok(()),
            Err(err) => Err(self.type_message(key, value, err.message())),
        }
    }

    fn type_message(&self, key: &str, value: &toml::Value, serde_message: &str) -> String {
        if self.is_secret(key) {
            // Never echo what was given: it may be the secret.
            return format!("wrong type: expected a string, found {}", value.type_str());
        }
        let leaf = key.rsplit('.').next().unwrap_or(key);
        let Some((_, expected)) = serde_message.split_once("expected ") else {
            // A parse failure of a typed string (an IP address, …) rather than a type mismatch.
            let example =
                if leaf == "ip" { " (expected an IP address, e.g. 127.0.0.1 or 0.0.0.0)" } else { "" };
            return format!("{value} is not valid: {}{example}", serde_message.lines().next().unwrap_or(""));
        };
        let expected = expected.lines().next().unwrap_or(expected).trim().to_string();
        if serde_message.starts_with("invalid value: integer") {
            if leaf.ends_with("port") {
                return format!("port {value} is out of range: use a port between 1 and 65535");
            }
            return format!("{value} is out of range: expected {expected}");
        }
        if serde_message.starts_with("unknown variant") {
            return format!("{value} is not a valid choice: expected {expected}");
        }
        format!("wrong type: expected {}, found {} {value}", friendly(&expected), value.type_str())
    }
}

/// Serde's names of primitive types, as a person would say them.
fn friendly(expected: &str) -> String {
    match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" => format!("a non-negative integer ({expected})"),
        "i8" | "i16" | "i32" | "i64" => format!("an integer ({expected})"),
        "a boolean" => "a boolean (true or false)".into(),
        other => other.into(),
    }
}

/// `{"http": {"port": 4000}}` → `{"http.port": 4000}`. Values that are not tables one level down
/// (arrays included) are leaves.
pub(crate) fn flatten(table: &toml::Table) -> BTreeMap<String, toml::Value> {
    let mut out = BTreeMap::new();
    for (section, value) in table {
        if let toml::Value::Table(inner) = value {
            for (key, v) in inner {
                out.insert(format!("{section}.{key}"), v.clone());
            }
        }
    }
    out
}

/// `("http.port", 4000)` → `{"http": {"port": 4000}}`.
pub(crate) fn nest(key: &str, value: toml::Value) -> toml::Table {
    let mut table = toml::Table::new();
    insert(&mut table, key, value);
    table
}

pub(crate) fn insert(table: &mut toml::Table, key: &str, value: toml::Value) {
    let (section, leaf) = key.split_once('.').expect("keys are section.key");
    let inner = table.entry(section.to_string()).or_insert_with(|| toml::Value::Table(toml::Table::new()));
    if let toml::Value::Table(inner) = inner {
        inner.insert(leaf.to_string(), value);
    }
}

pub(crate) fn lookup<'t>(table: &'t toml::Table, key: &str) -> Option<&'t toml::Value> {
    let (section, leaf) = key.split_once('.')?;
    table.get(section)?.as_table()?.get(leaf)
}

/// Turns the text of an environment variable or `--set` flag into a value of the type `like` has:
/// integers, booleans and floats are parsed; lists are TOML arrays (`["a", "b"]`) or comma-separated.
/// Text that does not parse stays a string, so the type check reports it against the field's type.
pub(crate) fn parse_like(raw: &str, like: &toml::Value) -> toml::Value {
    let trimmed = raw.trim();
    match like {
        toml::Value::Integer(_) => trimmed.parse().map(toml::Value::Integer).unwrap_or_else(|_| raw.into()),
        toml::Value::Float(_) => trimmed.parse().map(toml::Value::Float).unwrap_or_else(|_| raw.into()),
        toml::Value::Boolean(_) => match trimmed.to_ascii_lowercase().as_str() {
            "true" => toml::Value::Boolean(true),
            "false" => toml::Value::Boolean(false),
            _ => raw.into(),
        },
        toml::Value::Array(_) if trimmed.starts_with('[') => {
            match format!("v = {trimmed}").parse::<toml::Table>() {
                Ok(mut t) => t.remove("v").unwrap_or_else(|| raw.into()),
                Err(_) => raw.into(),
            }
        }
        toml::Value::Array(_) => toml::Value::Array(
            trimmed
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| toml::Value::String(s.into()))
                .collect(),
        ),
        _ => raw.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secret_keys_are_found_from_the_typed_config() {
        let secrets = &schema().secrets;
        for key in [
            "database.url",
            "database.password",
            "security.secret_key_base",
            "security.signing_salt",
            "security.vapid_private_key",
            "metrics.token",
            "logging.slack_webhook_url",
        ] {
            assert!(secrets.contains(key), "{key} is not treated as a secret");
        }
        for key in ["security.vapid_public_key", "instance.domain", "database.user"] {
            assert!(!secrets.contains(key), "{key} is treated as a secret");
        }
    }

    #[test]
    fn env_and_flag_text_is_parsed_to_the_type_of_the_key() {
        let int = toml::Value::Integer(0);
        assert_eq!(parse_like(" 42 ", &int), toml::Value::Integer(42));
        assert_eq!(parse_like("x", &int), toml::Value::String("x".into()));
        assert_eq!(parse_like("True", &toml::Value::Boolean(false)), toml::Value::Boolean(true));
        let list = toml::Value::Array(vec![]);
        assert_eq!(parse_like("[\"a\", \"b\"]", &list), parse_like("a, b", &list));
        assert_eq!(parse_like("", &list), toml::Value::Array(vec![]));
    }

    #[test]
    fn a_misspelt_key_or_a_key_in_the_wrong_section_gets_a_suggestion() {
        assert_eq!(schema().suggest("instance.domian"), Some("instance.domain"));
        assert_eq!(schema().suggest("http.domain"), Some("instance.domain"));
        assert_eq!(schema().suggest("zzz.qqqqqqq"), None);
    }
}
