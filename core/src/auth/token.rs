//! Random bearer secrets (access and refresh tokens, authorization codes, client ids and secrets)
//! and the hashes the database keeps instead of them.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::Rng;
use sha2::{Digest, Sha256};
use std::fmt;

/// A freshly generated secret: shown once to the client, never stored or logged as is.
#[derive(Clone, PartialEq, Eq)]
pub struct BearerSecret(String);

impl BearerSecret {
    /// 32 random bytes from the thread's CSPRNG, URL-safe base64 without padding (43 characters).
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        Self(URL_SAFE_NO_PAD.encode(bytes))
    }

    /// The value to hand to the client.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// What the database stores and looks the secret up by.
    pub fn hash(&self) -> SecretHash {
        SecretHash::of(&self.0)
    }
}

impl fmt::Debug for BearerSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BearerSecret(<redacted>)")
    }
}

/// SHA-256 of a bearer secret, lowercase hex. A fast hash is enough: the secrets carry 256 bits of
/// randomness, so unlike passwords they cannot be guessed from their hash.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SecretHash(String);

impl SecretHash {
    /// The hash of a secret in clear.
    pub fn of(secret: &str) -> Self {
        Self(hex::encode(Sha256::digest(secret.as_bytes())))
    }

    /// Wraps a hash read back from the database.
    pub fn from_stored(hex: impl Into<String>) -> Self {
        Self(hex.into())
    }

    /// The hash, lowercase hex, as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Constant-time comparison with the hash of `presented`.
    pub fn matches(&self, presented: &str) -> bool {
        use subtle::ConstantTimeEq;
        let other = SecretHash::of(presented);
        self.0.len() == other.0.len() && bool::from(self.0.as_bytes().ct_eq(other.0.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_secrets_are_long_url_safe_and_distinct() {
        let a = BearerSecret::generate();
        let b = BearerSecret::generate();
        assert_eq!(a.expose().len(), 43);
        assert!(a.expose().bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
        assert_ne!(a, b);
    }

    #[test]
    fn hash_is_sha256_hex_of_the_secret() {
        // SHA-256("abc"), from FIPS 180-2.
        assert_eq!(
            SecretHash::of("abc").as_str(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn a_hash_matches_only_its_own_secret() {
        let secret = BearerSecret::generate();
        let stored = secret.hash();
        assert!(stored.matches(secret.expose()));
        assert!(!stored.matches("something else"));
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let secret = BearerSecret::generate();
        assert!(!format!("{secret:?}").contains(secret.expose()));
    }
}
