//! Passwords: Argon2id with the crate's defaults (OWASP's recommended m=19 MiB, t=2, p=1), stored
//! as PHC strings so parameters can be raised later without breaking old hashes.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use rand::RngExt;

/// Mastodon's limits: at least 8 characters; at most 72 bytes (bcrypt's limit there, kept so the
/// same passwords work on both).
pub const MIN_CHARS: usize = 8;
/// The longest password, in bytes of UTF-8 (see [`MIN_CHARS`] for why).
pub const MAX_BYTES: usize = 72;

/// Why a password was refused or could not be hashed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    /// Fewer than [`MIN_CHARS`] characters.
    #[error("password is too short: use at least {MIN_CHARS} characters")]
    TooShort,
    /// More than [`MAX_BYTES`] bytes.
    #[error("password is too long: use at most {MAX_BYTES} bytes")]
    TooLong,
    /// Argon2 failed; holds its message.
    #[error("password hashing failed: {0}")]
    Hashing(String),
}

/// Checks a new password against the length rules.
pub fn validate(password: &str) -> Result<(), PasswordError> {
    if password.chars().count() < MIN_CHARS {
        return Err(PasswordError::TooShort);
    }
    if password.len() > MAX_BYTES {
        return Err(PasswordError::TooLong);
    }
    Ok(())
}

/// The Argon2id PHC string of `password`, with a random salt. Takes tens of milliseconds: call it
/// from a blocking task in async code.
pub fn hash(password: &str) -> Result<String, PasswordError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| PasswordError::Hashing(e.to_string()))
}

/// Whether `password` matches the stored PHC string (false for a malformed hash).
pub fn verify(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// A random password for `pleroctl user new` without one: 20 letters and digits (about 119 bits).
pub fn generate() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let mut rng = rand::rng();
    (0..20).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let phc = hash("correct horse").unwrap();
        assert!(phc.starts_with("$argon2id$"), "{phc}");
        assert!(verify("correct horse", &phc));
        assert!(!verify("wrong horse", &phc));
        assert!(!verify("correct horse", "not a hash"));
    }

    #[test]
    fn length_rules() {
        assert_eq!(validate("short"), Err(PasswordError::TooShort));
        assert_eq!(validate("12345678"), Ok(()));
        assert_eq!(validate(&"x".repeat(73)), Err(PasswordError::TooLong));
    }

    #[test]
    fn generated_passwords_pass_the_rules_and_differ() {
        let (a, b) = (generate(), generate());
        assert_eq!(validate(&a), Ok(()));
        assert_ne!(a, b);
    }
}
