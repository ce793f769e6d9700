//! The names objects are stored under.

use std::fmt;

/// The longest key plero makes or accepts, in bytes (S3 allows 1,024).
const MAX_KEY_BYTES: usize = 512;

/// The name of a stored object, relative to the backend's root: `accounts/avatars/1234/….png`.
///
/// Folders are separated by `/`; every segment is non-empty, made of ASCII letters, digits, `-`,
/// `_` and `.`, and does not start with a dot (no `..`, no hidden files: the local backend's
/// temporary files start with one). So a key is a safe relative path on disk and needs no escaping
/// in a URL.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectKey(String);

impl ObjectKey {
    /// `key` if it has the shape above; `None` otherwise.
    pub fn parse(key: &str) -> Option<Self> {
        let segment_ok = |segment: &str| {
            !segment.is_empty()
                && !segment.starts_with('.')
                && segment.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        };
        (key.len() <= MAX_KEY_BYTES && key.split('/').all(segment_ok)).then(|| Self(key.to_string()))
    }

    /// The key as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this key lies under the folder `prefix` (`accounts/avatars/42` holds
    /// `accounts/avatars/42/x.png`, not `accounts/avatars/421/x.png`).
    pub fn is_under(&self, prefix: &ObjectKey) -> bool {
        self.0.strip_prefix(prefix.as_str()).is_some_and(|rest| rest.starts_with('/'))
    }
}

impl fmt::Display for ObjectKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_safe_relative_paths_and_nothing_else_is_one() {
        for good in ["a", "accounts/avatars/42/AbC-_9.png", "plero-check/x.txt"] {
            assert_eq!(ObjectKey::parse(good).map(|k| k.to_string()).as_deref(), Some(good));
        }
        for bad in [
            "", "/a", "a/", "a//b", "../a", "a/../b", "a/./b", ".hidden", "a/.x.tmp", "a b", "a\\b", "é",
            "a?b",
        ] {
            assert_eq!(ObjectKey::parse(bad), None, "{bad:?}");
        }
        assert_eq!(ObjectKey::parse(&"a".repeat(MAX_KEY_BYTES + 1)), None);
    }

    #[test]
    fn a_key_is_under_a_folder_only_past_a_slash() {
        let folder = ObjectKey::parse("accounts/avatars/42").unwrap();
        assert!(ObjectKey::parse("accounts/avatars/42/x.png").unwrap().is_under(&folder));
        assert!(!ObjectKey::parse("accounts/avatars/421/x.png").unwrap().is_under(&folder));
        assert!(!folder.is_under(&folder));
    }
}
