//! PKCE (RFC 7636) with the S256 method only, as Mastodon does: `plain` would give no protection
//! against an intercepted authorization request.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// Why a PKCE parameter was refused; the message is safe to show to the client.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PkceError {
    /// A `code_challenge_method` other than `S256`; holds the method.
    #[error("code_challenge_method `{0}` is not supported: use S256")]
    UnsupportedMethod(String),
    /// The challenge is not the URL-safe base64 of 32 bytes.
    #[error("code_challenge must be 43 characters of URL-safe base64 (the SHA-256 of the verifier)")]
    MalformedChallenge,
    /// The token request sent no verifier, but the authorization had a challenge.
    #[error("code_verifier is required: this authorization was requested with a code_challenge")]
    MissingVerifier,
    /// The verifier's length or characters are not what RFC 7636 allows.
    #[error("code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~")]
    MalformedVerifier,
    /// The verifier's SHA-256 is not the challenge.
    #[error("code_verifier does not match the code_challenge of the authorization request")]
    Mismatch,
}

/// A validated S256 code challenge, as stored with an authorization code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeChallenge(String);

impl CodeChallenge {
    /// Validates the `code_challenge` and `code_challenge_method` of an authorization request.
    /// An absent method means S256 when a challenge is given (clients that send a challenge but no
    /// method are assumed to follow current practice, and `plain` is refused anyway).
    pub fn parse(challenge: &str, method: Option<&str>) -> Result<Self, PkceError> {
        match method {
            None | Some("S256") => {}
            Some(other) => return Err(PkceError::UnsupportedMethod(other.to_string())),
        }
        let decodes = URL_SAFE_NO_PAD.decode(challenge).is_ok_and(|bytes| bytes.len() == 32);
        if !decodes {
            return Err(PkceError::MalformedChallenge);
        }
        Ok(Self(challenge.to_string()))
    }

    /// Wraps a challenge read back from the database.
    pub fn from_stored(challenge: impl Into<String>) -> Self {
        Self(challenge.into())
    }

    /// The challenge as sent and stored (URL-safe base64, no padding).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Checks the `code_verifier` of the token request against this challenge.
    pub fn verify(&self, verifier: Option<&str>) -> Result<(), PkceError> {
        let verifier = verifier.ok_or(PkceError::MissingVerifier)?;
        let well_formed = (43..=128).contains(&verifier.len())
            && verifier.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~'));
        if !well_formed {
            return Err(PkceError::MalformedVerifier);
        }
        let computed = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
        use subtle::ConstantTimeEq;
        if computed.len() == self.0.len() && bool::from(computed.as_bytes().ct_eq(self.0.as_bytes())) {
            Ok(())
        } else {
            Err(PkceError::Mismatch)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The example of RFC 7636, appendix B.
    const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    #[test]
    fn the_rfc_example_verifies() {
        let challenge = CodeChallenge::parse(CHALLENGE, Some("S256")).unwrap();
        assert_eq!(challenge.verify(Some(VERIFIER)), Ok(()));
    }

    #[test]
    fn a_different_verifier_is_refused() {
        let challenge = CodeChallenge::parse(CHALLENGE, Some("S256")).unwrap();
        let other = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXK";
        assert_eq!(challenge.verify(Some(other)), Err(PkceError::Mismatch));
    }

    #[test]
    fn a_missing_verifier_is_refused() {
        let challenge = CodeChallenge::parse(CHALLENGE, None).unwrap();
        assert_eq!(challenge.verify(None), Err(PkceError::MissingVerifier));
    }

    #[test]
    fn a_short_verifier_is_refused_before_hashing() {
        let challenge = CodeChallenge::parse(CHALLENGE, None).unwrap();
        assert_eq!(challenge.verify(Some("short")), Err(PkceError::MalformedVerifier));
    }

    #[test]
    fn plain_method_is_refused() {
        assert_eq!(
            CodeChallenge::parse(VERIFIER, Some("plain")),
            Err(PkceError::UnsupportedMethod("plain".into()))
        );
    }

    #[test]
    fn a_challenge_that_is_not_a_sha256_is_refused() {
        assert_eq!(CodeChallenge::parse("abc", Some("S256")), Err(PkceError::MalformedChallenge));
    }
}
