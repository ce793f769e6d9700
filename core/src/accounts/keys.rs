//! RSA key pairs of local actors (HTTP signatures). `aws-lc-rs`: a 2048-bit key in ~50 ms and five
//! times RustCrypto's signing speed, without RUSTSEC-2023-0071 (see ARCHITECTURE.md).

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{KeyPair, KeySize};
use aws_lc_rs::signature::KeyPair as _;

/// A key pair in PEM: `PUBLIC KEY` (SPKI, what ActivityPub's `publicKeyPem` carries) and
/// `PRIVATE KEY` (PKCS#8).
pub struct ActorKeys {
    /// The public key, SPKI PEM; published on the actor.
    pub public_pem: String,
    /// The private key, PKCS#8 PEM; kept in the store, left out of `Debug`.
    pub private_pem: String,
}

impl std::fmt::Debug for ActorKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ActorKeys").field("public_pem", &self.public_pem).finish_non_exhaustive()
    }
}

/// Generating a key pair failed; holds the crypto library's message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("generating the account's RSA key pair failed: {0}")]
pub struct KeyError(String);

/// A fresh RSA-2048 key pair. CPU-bound (~50 ms): run it in a [`crate::crypto::pool`] job.
pub fn generate() -> Result<ActorKeys, KeyError> {
    let pair = KeyPair::generate(KeySize::Rsa2048).map_err(|e| KeyError(e.to_string()))?;
    let private_der = pair.as_der().map_err(|e| KeyError(e.to_string()))?;
    let public_der = pair.public_key().as_der().map_err(|e| KeyError(e.to_string()))?;
    let pem = |label: &str, der: &[u8]| {
        pem_rfc7468::encode_string(label, pem_rfc7468::LineEnding::LF, der)
            .map_err(|e| KeyError(e.to_string()))
    };
    Ok(ActorKeys {
        public_pem: pem("PUBLIC KEY", public_der.as_ref())?,
        private_pem: pem("PRIVATE KEY", private_der.as_ref())?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_are_pem_and_the_private_one_loads_back() {
        let keys = generate().unwrap();
        assert!(keys.public_pem.starts_with("-----BEGIN PUBLIC KEY-----\n"));
        assert!(keys.private_pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
        let (label, der) = pem_rfc7468::decode_vec(keys.private_pem.as_bytes()).unwrap();
        assert_eq!(label, "PRIVATE KEY");
        let pair = KeyPair::from_pkcs8(&der).unwrap();
        assert_eq!(pair.public_modulus_len(), 256);
        assert!(!format!("{keys:?}").contains("PRIVATE"));
    }
}
