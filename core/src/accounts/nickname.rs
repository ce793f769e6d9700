//! Nicknames of local accounts, by Mastodon's rules: letters, digits and underscores, at most 30
//! characters, unique case-insensitively (the store's index enforces that), reserved names refused.

/// Names that would impersonate staff or collide with routes and well-known accounts.
pub const RESERVED: &[&str] = &[
    "abuse",
    "about",
    "admin",
    "administrator",
    "api",
    "auth",
    "help",
    "hostmaster",
    "inbox",
    "instance",
    "internal",
    "mailer_daemon",
    "media",
    "mod",
    "moderator",
    "nodeinfo",
    "noreply",
    "oauth",
    "objects",
    "outbox",
    "plero",
    "postmaster",
    "proxy",
    "relay",
    "root",
    "security",
    "settings",
    "static",
    "support",
    "system",
    "users",
    "web",
    "webmaster",
    "well_known",
];

/// The longest nickname, in characters (they are all ASCII, so also bytes).
pub const MAX_LEN: usize = 30;

/// Why a nickname is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NicknameError {
    /// No nickname was given.
    #[error("nickname is empty")]
    Empty,
    /// Longer than [`MAX_LEN`]; holds the nickname.
    #[error("nickname `{0}` is longer than {MAX_LEN} characters")]
    TooLong(String),
    /// Holds a character other than ASCII letters, digits and `_`; holds the nickname.
    #[error("nickname `{0}` may only contain letters (a-z, A-Z), digits and underscores")]
    InvalidCharacters(String),
    /// One of the reserved names (compared ignoring case); holds the nickname.
    #[error("nickname `{0}` is reserved")]
    Reserved(String),
}

/// Checks a nickname for a new local account.
pub fn validate(nickname: &str) -> Result<(), NicknameError> {
    if nickname.is_empty() {
        return Err(NicknameError::Empty);
    }
    if !nickname.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return Err(NicknameError::InvalidCharacters(nickname.to_string()));
    }
    if nickname.len() > MAX_LEN {
        return Err(NicknameError::TooLong(nickname.to_string()));
    }
    if RESERVED.contains(&nickname.to_ascii_lowercase().as_str()) {
        return Err(NicknameError::Reserved(nickname.to_string()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_digits_and_underscores_are_accepted() {
        for ok in ["alice", "Bob_42", "_", "a".repeat(30).as_str()] {
            assert_eq!(validate(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn other_characters_are_refused() {
        for bad in ["al ice", "al.ice", "al-ice", "alice@host", "élise", "a\u{200b}b"] {
            assert!(matches!(validate(bad), Err(NicknameError::InvalidCharacters(_))), "{bad}");
        }
    }

    #[test]
    fn empty_and_too_long_are_refused() {
        assert_eq!(validate(""), Err(NicknameError::Empty));
        assert!(matches!(validate(&"a".repeat(31)), Err(NicknameError::TooLong(_))));
    }

    #[test]
    fn reserved_names_are_refused_in_any_case() {
        for bad in ["admin", "Admin", "ROOT", "support"] {
            assert!(matches!(validate(bad), Err(NicknameError::Reserved(_))), "{bad}");
        }
    }
}
