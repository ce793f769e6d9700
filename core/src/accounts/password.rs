//! Passwords: Argon2id with the crate's defaults (OWASP's recommended m=19 MiB, t=2, p=1), stored
//! as PHC strings so parameters can be raised later without breaking old hashes.
//!
//! Hashing and verifying run inside a [`crate::crypto`] pool job, in the worker's reusable
//! [`Workspace`] memory, so the work is bounded and no buffer is allocated per call.

use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::{Rng, RngExt};
use subtle::ConstantTimeEq;

use crate::crypto::Workspace;

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

/// The Argon2id PHC string of `password`, with a random 16-byte salt, computed in `workspace`'s
/// memory. Tens of milliseconds of CPU: run it in a [`crate::crypto::pool`] job.
pub fn hash(workspace: &mut Workspace, password: &str) -> Result<String, PasswordError> {
    let failed = |e: &dyn std::fmt::Display| PasswordError::Hashing(e.to_string());
    let params = Params::default();
    let mut salt = [0u8; Salt::RECOMMENDED_LENGTH];
    rand::rng().fill_bytes(&mut salt);
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    let blocks = workspace.argon2_blocks(params.block_count()).map_err(|e| failed(&e))?;
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    argon2
        .hash_password_into_with_memory(password.as_bytes(), &salt, &mut out, blocks)
        .map_err(|e| failed(&e))?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| failed(&e))?,
        salt: Some(Salt::new(&salt).map_err(|e| failed(&e))?),
        hash: Some(Output::new(&out).map_err(|e| failed(&e))?),
    };
    Ok(phc.to_string())
}

/// Whether `password` matches the stored PHC string, recomputed with the string's own algorithm,
/// version, parameters and salt in `workspace`'s memory and compared in constant time. False for
/// a malformed hash, or one asking for more memory than
/// [`crate::crypto::memory::MAX_ARGON2_BLOCKS`]. Run it in a [`crate::crypto::pool`] job.
pub fn verify(workspace: &mut Workspace, password: &str, phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else { return false };
    let (Some(salt), Some(expected)) = (&parsed.salt, &parsed.hash) else { return false };
    let Ok(algorithm) = Algorithm::try_from(parsed.algorithm.as_str()) else { return false };
    let Ok(version) = parsed.version.map_or(Ok(Version::default()), Version::try_from) else { return false };
    let Ok(params) = Params::try_from(&parsed) else { return false };
    let blocks = match workspace.argon2_blocks(params.block_count()) {
        Ok(blocks) => blocks,
        Err(err) => {
            tracing::warn!(error = %err, "a stored password hash cannot be verified");
            return false;
        }
    };
    let mut out = [0u8; Output::MAX_LENGTH];
    let out = &mut out[..expected.len()];
    let argon2 = Argon2::new(algorithm, version, params);
    argon2.hash_password_into_with_memory(password.as_bytes(), salt, out, blocks).is_ok()
        && bool::from(out.ct_eq(expected.as_bytes()))
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

    use argon2::password_hash::{PasswordHasher, PasswordVerifier};

    #[test]
    fn a_hash_verifies_its_password_only() {
        let ws = &mut Workspace::new();
        let phc = hash(ws, "correct horse").unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(verify(ws, "correct horse", &phc));
        assert!(!verify(ws, "wrong horse", &phc));
        assert!(!verify(ws, "correct horse", "not a hash"));
        assert_ne!(hash(ws, "correct horse").unwrap(), phc, "a new salt each time");
    }

    #[test]
    fn hashes_made_before_the_pool_verify_and_ours_verify_with_the_argon2_crate() {
        // What plero stored before hashes were made in reusable memory: the crate's own API.
        let old = Argon2::default().hash_password(b"correct horse").unwrap().to_string();
        let ws = &mut Workspace::new();
        assert!(verify(ws, "correct horse", &old));
        assert!(!verify(ws, "correct horsf", &old));

        let ours = hash(ws, "correct horse").unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(Argon2::default().verify_password(b"correct horse", &parsed).is_ok());
        assert!(Argon2::default().verify_password(b"wrong", &parsed).is_err());
    }

    #[test]
    fn other_argon2_variants_and_parameters_verify_with_their_own_settings() {
        let ws = &mut Workspace::new();
        for (algorithm, m, t) in
            [(Algorithm::Argon2i, 64, 3), (Algorithm::Argon2d, 32, 1), (Algorithm::Argon2id, 4096, 1)]
        {
            let params = Params::new(m, t, 1, None).unwrap();
            let stored =
                Argon2::new(algorithm, Version::V0x13, params).hash_password(b"pw").unwrap().to_string();
            assert!(verify(ws, "pw", &stored), "{stored}");
            assert!(!verify(ws, "pW", &stored), "{stored}");
        }
    }

    #[test]
    fn a_stored_hash_asking_for_absurd_memory_is_refused_without_mapping_it() {
        let huge = "$argon2id$v=19$m=4194304,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$\
                    hhrURK/sWdSyE5pncqS4Eu2Dm/pt3fEFZOYmkK2nm6I";
        let ws = &mut Workspace::new();
        assert!(!verify(ws, "pw", huge));
        assert!(!ws.holds_memory());
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
