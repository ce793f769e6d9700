//! Request parameters the way Mastodon clients send them: a query string, an urlencoded form, or a
//! JSON body, all read into one flat list of `key=value` pairs with Rails-style keys
//! (`redirect_uris[]`, `fields_attributes[0][name]`), so a handler reads each parameter one way
//! whatever the client chose.

use std::collections::{HashMap, HashSet};

use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use serde_json::Value;

use crate::body_limit::BodyLimit;
use crate::error::ApiError;

/// The request's parameters: query string first, then the body; files of a multipart body apart.
#[derive(Debug, Clone, Default)]
pub struct Params(Vec<(String, String)>, Vec<(String, Vec<u8>)>);

impl Params {
    /// Parses an urlencoded string (`a=1&b[]=2`).
    pub fn from_urlencoded(s: &str) -> Self {
        Self(url::form_urlencoded::parse(s.as_bytes()).into_owned().collect(), Vec::new())
    }

    /// Flattens a JSON object: arrays become `key[]` (or `key[i]` when they hold objects), objects
    /// `key[sub]`, scalars their text.
    pub fn from_json(value: &Value) -> Self {
        let mut pairs = Vec::new();
        if let Value::Object(map) = value {
            for (key, value) in map {
                flatten(key, value, &mut pairs);
            }
        }
        Self(pairs, Vec::new())
    }

    fn extend(&mut self, other: Params) {
        self.0.extend(other.0);
        self.1.extend(other.1);
    }

    /// The uploaded file of a multipart field, taken out of the parameters.
    pub fn take_file(&mut self, key: &str) -> Option<Vec<u8>> {
        let index = self.1.iter().position(|(k, _)| k == key)?;
        Some(self.1.swap_remove(index).1)
    }

    /// The last value of `key` (or `key[]`); empty strings count as absent.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.all(key).into_iter().next_back()
    }

    /// Every value of `key`, also given as `key[]` or `key[N]`.
    pub fn all(&self, key: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| {
                k == key || k.strip_prefix(key).is_some_and(|rest| is_index(rest) || rest == "[]")
            })
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// A space-separated list sent as one string or as an array (`scopes: ["read", "write"]`):
    /// every value joined with spaces; `None` when there is none.
    pub fn joined(&self, key: &str) -> Option<String> {
        let values = self.all(key);
        (!values.is_empty()).then(|| values.join(" "))
    }

    /// Whether `key` was sent at all (even empty: an empty `note` clears the bio).
    pub fn has(&self, key: &str) -> bool {
        self.0.iter().any(|(k, _)| k == key)
    }

    /// Whether `key` or anything under it (`key[sub]`, `key[]`) was sent, even empty.
    pub fn has_under(&self, key: &str) -> bool {
        self.0.iter().any(|(k, _)| k == key || k.strip_prefix(key).is_some_and(|rest| rest.starts_with('[')))
    }

    /// The raw value of `key`, empty strings included.
    pub fn raw(&self, key: &str) -> Option<&str> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// A boolean as Rails reads it: true, 1, on, yes (any case); false, 0, off, no.
    pub fn bool(&self, key: &str) -> Result<Option<bool>, ApiError> {
        match self.raw(key).map(str::to_ascii_lowercase).as_deref() {
            None | Some("") => Ok(None),
            Some("true" | "1" | "on" | "yes") => Ok(Some(true)),
            Some("false" | "0" | "off" | "no") => Ok(Some(false)),
            Some(other) => {
                Err(ApiError::unprocessable(format!("{key}: `{other}` is not a boolean (use true or false)")))
            }
        }
    }

    /// Indexed sub-objects: `prefix[0][name]`, `prefix[0][value]`, … (or `prefix[][name]` in order),
    /// as `(index, {sub: value})` in index order.
    ///
    /// One pass over the pairs with a map from index to group (and, for `prefix[][sub]`, the
    /// sub-keys of the group made last), so a large body costs time in proportion to its size.
    pub fn indexed(&self, prefix: &str) -> Vec<Vec<(String, String)>> {
        let mut groups: Vec<(usize, Vec<(String, String)>)> = Vec::new();
        let mut position: HashMap<usize, usize> = HashMap::new();
        // The sub-keys of the group made last: a repeated one starts the next anonymous entry.
        let mut last_subs: HashSet<&str> = HashSet::new();
        let mut anonymous = 0usize;
        for (key, value) in &self.0 {
            let Some(rest) = key.strip_prefix(prefix).and_then(|r| r.strip_prefix('[')) else { continue };
            let Some((index, sub)) = rest.split_once(']') else { continue };
            let Some(sub) = sub.strip_prefix('[').and_then(|s| s.strip_suffix(']')) else { continue };
            let index = match index.parse::<usize>() {
                Ok(i) => i,
                Err(_) if index.is_empty() => {
                    // `prefix[][name]`: a new entry starts when a sub-key repeats.
                    if last_subs.contains(sub) {
                        anonymous += 1;
                    }
                    usize::MAX / 2 + anonymous
                }
                Err(_) => continue,
            };
            let at = *position.entry(index).or_insert_with(|| {
                groups.push((index, Vec::new()));
                last_subs.clear();
                groups.len() - 1
            });
            if at == groups.len() - 1 {
                last_subs.insert(sub);
            }
            groups[at].1.push((sub.to_string(), value.clone()));
        }
        groups.sort_by_key(|(i, _)| *i);
        groups.into_iter().map(|(_, g)| g).collect()
    }
}

fn is_index(rest: &str) -> bool {
    rest.strip_prefix('[')
        .and_then(|r| r.strip_suffix(']'))
        .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
}

fn flatten(key: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Bool(b) => out.push((key.to_string(), b.to_string())),
        Value::Number(n) => out.push((key.to_string(), n.to_string())),
        Value::String(s) => out.push((key.to_string(), s.clone())),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if item.is_object() || item.is_array() {
                    flatten(&format!("{key}[{i}]"), item, out);
                } else {
                    flatten(&format!("{key}[]"), item, out);
                }
            }
        }
        Value::Object(map) => {
            for (sub, item) in map {
                flatten(&format!("{key}[{sub}]"), item, out);
            }
        }
    }
}

/// Reads a multipart body: text parts as parameters, parts with a file name as files. Its size is
/// bounded by the route's [`BodyLimit`], which a 413 names.
async fn from_multipart<S: Send + Sync>(req: Request, state: &S) -> Result<Params, ApiError> {
    let limit = req.extensions().get::<BodyLimit>().copied().unwrap_or_default();
    let bad = |e: axum::extract::multipart::MultipartError| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, limit.refusal()),
        status => ApiError::new(status, format!("the multipart body could not be read: {}", e.body_text())),
    };
    let mut multipart = axum::extract::Multipart::from_request(req, state).await.map_err(|e| {
        ApiError::bad_request(format!("the multipart body could not be read: {}", e.body_text()))
    })?;
    let mut params = Params::default();
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_string();
        if field.file_name().is_some() {
            params.1.push((name, field.bytes().await.map_err(bad)?.to_vec()));
        } else {
            params.0.push((name, field.text().await.map_err(bad)?));
        }
    }
    Ok(params)
}

impl<S: Send + Sync> FromRequest<S> for Params {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let mut params = Params::from_urlencoded(req.uri().query().unwrap_or_default());
        let content_type = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_ascii_lowercase();
        if content_type.starts_with("multipart/form-data") {
            params.extend(from_multipart(req, state).await?);
            return Ok(params);
        }
        let body = axum::body::to_bytes(req.into_body(), BodyLimit::FORM.bytes)
            .await
            .map_err(|_| ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, BodyLimit::FORM.refusal()))?;
        if body.is_empty() {
            return Ok(params);
        }
        if content_type.starts_with("application/json") {
            let value: Value = serde_json::from_slice(&body)
                .map_err(|e| ApiError::bad_request(format!("the JSON body is malformed: {e}")))?;
            params.extend(Params::from_json(&value));
        } else if content_type.starts_with("application/x-www-form-urlencoded") || content_type.is_empty() {
            let text = std::str::from_utf8(&body)
                .map_err(|_| ApiError::bad_request("the form body is not UTF-8"))?;
            params.extend(Params::from_urlencoded(text));
        } else {
            return Err(ApiError::new(
                axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!(
                    "content type `{content_type}` is not supported here: send application/json, \
                     application/x-www-form-urlencoded or multipart/form-data"
                ),
            ));
        }
        Ok(params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn form_and_json_give_the_same_parameters() {
        let form = Params::from_urlencoded("client_name=x&redirect_uris[]=a&redirect_uris[]=b&scopes=read");
        let json =
            Params::from_json(&json!({"client_name": "x", "redirect_uris": ["a", "b"], "scopes": "read"}));
        for p in [form, json] {
            assert_eq!(p.get("client_name"), Some("x"));
            assert_eq!(p.all("redirect_uris"), ["a", "b"]);
        }
    }

    #[test]
    fn indexed_fields_from_form_and_json() {
        let form = Params::from_urlencoded(
            "fields_attributes[1][name]=b&fields_attributes[0][name]=a&fields_attributes[0][value]=1&fields_attributes[1][value]=2",
        );
        let json = Params::from_json(
            &json!({"fields_attributes": [{"name": "a", "value": "1"}, {"name": "b", "value": "2"}]}),
        );
        for p in [form, json] {
            let groups = p.indexed("fields_attributes");
            assert_eq!(groups.len(), 2);
            assert!(groups[0].contains(&("name".into(), "a".into())));
            assert!(groups[1].contains(&("value".into(), "2".into())));
        }
    }

    #[test]
    fn a_large_body_of_indexed_keys_keeps_every_entry_in_index_order() {
        // About 0.9 MB, near the 1 MB a form body may be: 12,000 entries, sent in reverse order.
        let entries = 12_000;
        let body: String = (0..entries)
            .rev()
            .map(|i| format!("fields_attributes[{i}][name]=n{i}&fields_attributes[{i}][value]=v{i}&"))
            .collect();
        let groups = Params::from_urlencoded(&body).indexed("fields_attributes");
        assert_eq!(groups.len(), entries);
        for (i, group) in groups.iter().enumerate() {
            assert_eq!(
                group,
                &[("name".to_string(), format!("n{i}")), ("value".to_string(), format!("v{i}"))]
            );
        }
    }

    #[test]
    fn anonymous_entries_start_again_when_a_sub_key_repeats() {
        let p = Params::from_urlencoded("f[][name]=a&f[][value]=1&f[][name]=b&f[][value]=2&f[][name]=c");
        let names: Vec<_> = p.indexed("f").iter().map(|g| g[0].1.clone()).collect();
        assert_eq!(names, ["a", "b", "c"]);
        let many: String = (0..20_000).map(|i| format!("f[][name]=n{i}&f[][value]=v{i}&")).collect();
        let groups = Params::from_urlencoded(&many).indexed("f");
        assert_eq!(groups.len(), 20_000);
        assert_eq!(
            groups[19_999],
            [("name".to_string(), "n19999".to_string()), ("value".to_string(), "v19999".to_string())]
        );
    }

    #[test]
    fn one_entry_with_many_distinct_sub_keys_is_one_group() {
        let body: String = (0..20_000).map(|i| format!("f[][k{i}]=v{i}&")).collect();
        let groups = Params::from_urlencoded(&body).indexed("f");
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].len(), 20_000);
    }

    #[test]
    fn json_objects_keyed_by_index_are_read_as_indexed() {
        let p = Params::from_json(&json!({"fields_attributes": {"0": {"name": "a", "value": "1"}}}));
        assert_eq!(p.indexed("fields_attributes").len(), 1);
    }

    #[test]
    fn a_list_as_string_or_array_joins_alike() {
        let string = Params::from_json(&json!({"scopes": "read write"}));
        let array = Params::from_json(&json!({"scopes": ["read", "write"]}));
        assert_eq!(string.joined("scopes").as_deref(), Some("read write"));
        assert_eq!(array.joined("scopes").as_deref(), Some("read write"));
        assert_eq!(array.joined("nothing"), None);
    }

    #[test]
    fn booleans_as_rails_reads_them() {
        let p = Params::from_urlencoded("a=1&b=False&c=maybe");
        assert_eq!(p.bool("a").unwrap(), Some(true));
        assert_eq!(p.bool("b").unwrap(), Some(false));
        assert!(p.bool("c").unwrap_err().message.contains("`maybe`"));
        assert_eq!(p.bool("d").unwrap(), None);
    }

    #[test]
    fn json_booleans_become_text() {
        let p = Params::from_json(&json!({"locked": true}));
        assert_eq!(p.bool("locked").unwrap(), Some(true));
    }
}
