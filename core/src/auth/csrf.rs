//! Signed, expiring form values keyed by `security.secret_key_base`: CSRF tokens for the sign-in
//! and consent forms, and the short-lived proof, carried from the sign-in form to the consent form,
//! that the user gave the right password.
//!
//! Both are bound to a random value the browser holds in a cookie (the double-submit pattern):
//! another site can neither read that cookie nor set it on our origin, so it cannot forge a form
//! post. Being stateless, nothing is stored between the two forms.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{KeyInit, Mac};
use sha2::Sha256;

type HmacSha256 = hmac::Hmac<Sha256>;

/// Why a signed form value was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsrfError {
    /// The token is not `payload.expires.mac` as [`FormSigner::sign`] makes it.
    #[error("the form token is malformed; reload the page and try again")]
    Malformed,
    /// The signature does not match: another key, another purpose, or a changed payload.
    #[error("the form token does not match this browser session; reload the page and try again")]
    BadSignature,
    /// The token is past its expiry time.
    #[error("the form has expired; reload the page and try again")]
    Expired,
}

/// The key signed form values are made with.
#[derive(Clone)]
pub struct FormSigner {
    key: Vec<u8>,
}

impl std::fmt::Debug for FormSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FormSigner(<redacted>)")
    }
}

impl FormSigner {
    /// Derives the signing key from `security.secret_key_base` and `security.signing_salt`, so
    /// form tokens cannot be replayed as any other value the instance signs with the same base.
    pub fn new(secret_key_base: &[u8], signing_salt: &[u8]) -> Self {
        let mut mac = HmacSha256::new_from_slice(secret_key_base).expect("HMAC takes any key length");
        mac.update(b"plero form signer\0");
        mac.update(signing_salt);
        Self { key: mac.finalize().into_bytes().to_vec() }
    }

    /// Signs `payload` for `purpose`, valid until `expires_at` (Unix seconds). The result is
    /// URL- and HTML-attribute-safe: `payload.expires.mac`, payload and mac in URL-safe base64.
    pub fn sign(&self, purpose: &str, payload: &str, expires_at: i64) -> String {
        let mac = self.mac(purpose, payload, expires_at);
        format!("{}.{expires_at}.{}", URL_SAFE_NO_PAD.encode(payload), URL_SAFE_NO_PAD.encode(mac))
    }

    /// Checks a value made by [`FormSigner::sign`] for the same `purpose` and returns its payload.
    pub fn verify(&self, purpose: &str, token: &str, now: i64) -> Result<String, CsrfError> {
        let mut parts = token.splitn(3, '.');
        let (Some(payload), Some(expires), Some(mac)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(CsrfError::Malformed);
        };
        let payload = URL_SAFE_NO_PAD.decode(payload).map_err(|_| CsrfError::Malformed)?;
        let payload = String::from_utf8(payload).map_err(|_| CsrfError::Malformed)?;
        let expires_at: i64 = expires.parse().map_err(|_| CsrfError::Malformed)?;
        let mac = URL_SAFE_NO_PAD.decode(mac).map_err(|_| CsrfError::Malformed)?;
        self.keyed(purpose, &payload, expires_at).verify_slice(&mac).map_err(|_| CsrfError::BadSignature)?;
        if now > expires_at {
            return Err(CsrfError::Expired);
        }
        Ok(payload)
    }

    /// A CSRF token for a form shown to the browser holding `cookie_nonce`.
    pub fn csrf_token(&self, cookie_nonce: &str, expires_at: i64) -> String {
        self.sign("csrf", cookie_nonce, expires_at)
    }

    /// Checks a posted CSRF token against the browser's cookie.
    pub fn verify_csrf(&self, cookie_nonce: &str, token: &str, now: i64) -> Result<(), CsrfError> {
        let bound = self.verify("csrf", token, now)?;
        if bound == cookie_nonce { Ok(()) } else { Err(CsrfError::BadSignature) }
    }

    fn keyed(&self, purpose: &str, payload: &str, expires_at: i64) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(&self.key).expect("HMAC takes any key length");
        // Lengths first, so no two (purpose, payload) pairs produce the same input.
        mac.update(&(purpose.len() as u64).to_be_bytes());
        mac.update(purpose.as_bytes());
        mac.update(&(payload.len() as u64).to_be_bytes());
        mac.update(payload.as_bytes());
        mac.update(&expires_at.to_be_bytes());
        mac
    }

    fn mac(&self, purpose: &str, payload: &str, expires_at: i64) -> Vec<u8> {
        self.keyed(purpose, payload, expires_at).finalize().into_bytes().to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer() -> FormSigner {
        FormSigner::new(b"a secret key base of the instance", b"salt")
    }

    #[test]
    fn a_token_verifies_for_its_own_cookie() {
        let token = signer().csrf_token("nonce-1", 1_000);
        assert_eq!(signer().verify_csrf("nonce-1", &token, 999), Ok(()));
    }

    #[test]
    fn a_token_for_another_cookie_is_refused() {
        let token = signer().csrf_token("nonce-1", 1_000);
        assert_eq!(signer().verify_csrf("nonce-2", &token, 999), Err(CsrfError::BadSignature));
    }

    #[test]
    fn an_expired_token_is_refused() {
        let token = signer().csrf_token("nonce-1", 1_000);
        assert_eq!(signer().verify_csrf("nonce-1", &token, 1_001), Err(CsrfError::Expired));
    }

    #[test]
    fn a_token_signed_with_another_key_is_refused() {
        let token = FormSigner::new(b"another key", b"salt").csrf_token("nonce-1", 1_000);
        assert_eq!(signer().verify_csrf("nonce-1", &token, 999), Err(CsrfError::BadSignature));
    }

    #[test]
    fn a_token_for_one_purpose_is_refused_for_another() {
        let token = signer().sign("consent", "42", 1_000);
        assert_eq!(signer().verify("csrf", &token, 999), Err(CsrfError::BadSignature));
        assert_eq!(signer().verify("consent", &token, 999).as_deref(), Ok("42"));
    }

    #[test]
    fn a_changed_expiry_breaks_the_signature() {
        let token = signer().sign("csrf", "n", 1_000);
        let forged = token.replacen(".1000.", ".9999.", 1);
        assert_eq!(signer().verify("csrf", &forged, 999), Err(CsrfError::BadSignature));
    }

    #[test]
    fn garbage_is_malformed() {
        assert_eq!(signer().verify("csrf", "not a token", 0), Err(CsrfError::Malformed));
    }
}
