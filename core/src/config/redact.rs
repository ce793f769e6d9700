//! The configuration as it may be shown: every secret redacted, a database URL keeping all but its
//! credentials so an operator can still see which server it points at.

use super::model::Config;
use crate::model::secret::REDACTED;

pub(crate) fn redacted(config: &Config) -> toml::Table {
    // `Secret` serialises as REDACTED, so serialising is already safe; the URL then gets its
    // non-secret parts back.
    let mut table = toml::Table::try_from(config).expect("config serialises");
    if !config.database.url.is_empty()
        && let Some(toml::Value::Table(db)) = table.get_mut("database")
    {
        db.insert("url".into(), redact_url(config.database.url.expose()).into());
    }
    table
}

/// A URL with its password and any credential-like query parameter (`password`, `sslpassword`,
/// `token`, `secret`, `key`) replaced by [`REDACTED`]; a string that is not a URL is redacted whole.
pub fn redact_url(raw: &str) -> String {
    // Marker that survives URL encoding, swapped for REDACTED at the end.
    const MARK: &str = "PLEROREDACTEDMARK";
    let Ok(mut url) = url::Url::parse(raw) else {
        return REDACTED.to_string();
    };
    if raw.contains(MARK) {
        return REDACTED.to_string();
    }
    if url.password().is_some() && url.set_password(Some(MARK)).is_err() {
        return REDACTED.to_string();
    }
    if url.query().is_some() {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(k, v)| {
                let lower = k.to_ascii_lowercase();
                let secret = ["pass", "token", "secret", "key"].iter().any(|s| lower.contains(s));
                (k.into_owned(), if secret { MARK.to_string() } else { v.into_owned() })
            })
            .collect();
        url.query_pairs_mut().clear().extend_pairs(pairs);
    }
    url.to_string().replace(MARK, REDACTED)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_url_keeps_everything_but_its_password() {
        assert_eq!(
            redact_url("postgres://plero:hunter2@db.internal:5432/plero"),
            "postgres://plero:<redacted>@db.internal:5432/plero"
        );
    }

    #[test]
    fn credential_query_parameters_are_redacted() {
        let shown = redact_url("postgres://db/plero?user=plero&password=hunter2&sslmode=require");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("sslmode=require") && shown.contains("password=<redacted>"), "{shown}");
    }

    #[test]
    fn something_that_is_not_a_url_is_redacted_whole() {
        assert_eq!(redact_url("hunter2 not a url"), REDACTED);
    }
}
