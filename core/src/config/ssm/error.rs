//! What can go wrong talking to AWS SSM, each case named with what to do next. No message carries a
//! parameter's value: AWS's own messages name principals, actions and resources, never values.

/// Why reading (or writing) parameters under an SSM path failed. Every command that loads the
/// configuration refuses to start on any of them: nothing runs on half a configuration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SsmError {
    /// No region from `ssm.region` nor the AWS chain (`AWS_REGION`, the profile, instance metadata).
    #[error(
        "AWS SSM ({path}): no AWS region: set ssm.region (PLERO_SSM__REGION), AWS_REGION, or a region in the \
         AWS profile"
    )]
    NoRegion {
        /// The parameter path that was to be read.
        path: String,
    },
    /// The standard AWS credentials chain found nothing usable.
    #[error(
        "AWS SSM ({path}): no AWS credentials ({detail}): give them through AWS_ACCESS_KEY_ID and \
         AWS_SECRET_ACCESS_KEY, AWS_PROFILE, a web identity token (an EKS service account annotated with an IAM \
         role) or an instance role"
    )]
    NoCredentials {
        /// The parameter path that was to be read.
        path: String,
        /// What the chain said.
        detail: String,
    },
    /// AWS refused the credentials themselves (unknown key id, wrong secret, expired token).
    #[error(
        "AWS SSM ({path}): AWS refused the credentials ({code}): check AWS_ACCESS_KEY_ID and \
         AWS_SECRET_ACCESS_KEY (or the profile or role), and that they belong to the account and region \
         of the parameters"
    )]
    BadCredentials {
        /// The parameter path that was to be read.
        path: String,
        /// AWS's error code (`UnrecognizedClientException`, `SignatureDoesNotMatch`, …).
        code: String,
    },
    /// The credentials are valid but IAM does not allow the action on the path.
    #[error(
        "AWS SSM ({path}): access denied: {action} on {path} ({message}): allow {action} on \
         arn:aws:ssm:<region>:<account>:parameter{path}* in the IAM policy of this role or user"
    )]
    AccessDenied {
        /// The parameter path.
        path: String,
        /// The IAM action refused, e.g. `ssm:GetParametersByPath`.
        action: String,
        /// AWS's message (it names the principal, never a value).
        message: String,
    },
    /// The path holds no parameter: a typo in `ssm.path`, the wrong region or account.
    #[error(
        "AWS SSM ({path}): no parameter under {path} in region {region}: check ssm.path (e.g. /plero/prod/) and \
         ssm.region, or put the secrets there with `pleroctl secrets push --path {path} --from \
         <env>.secret.toml`"
    )]
    Empty {
        /// The parameter path.
        path: String,
        /// The region that was asked.
        region: String,
    },
    /// A SecureString could not be decrypted: KMS refused the key or the key is disabled or gone.
    #[error(
        "AWS SSM ({path}): a SecureString under {path} cannot be decrypted ({code}: {message}): allow \
         kms:Decrypt on the parameters' KMS key for this role, and check the key is enabled"
    )]
    KmsDecrypt {
        /// The parameter path.
        path: String,
        /// AWS's error code.
        code: String,
        /// AWS's message.
        message: String,
    },
    /// AWS kept throttling the requests, after retries with backoff.
    #[error(
        "AWS SSM ({path}): throttled by AWS ({code}) after {attempts} attempts with backoff: try again in a \
         moment, or raise the Parameter Store throughput (advanced throughput) of the account"
    )]
    Throttled {
        /// The parameter path.
        path: String,
        /// AWS's error code (`ThrottlingException`, …).
        code: String,
        /// How many attempts were made.
        attempts: u32,
    },
    /// The endpoint could not be reached or did not answer in time.
    #[error(
        "AWS SSM ({path}): {endpoint} is unreachable ({detail}): check the network (a VPC endpoint or NAT for \
         SSM), ssm.endpoint and ssm.region"
    )]
    Unreachable {
        /// The parameter path.
        path: String,
        /// The endpoint that was tried.
        endpoint: String,
        /// What failed: refused, timed out after how long.
        detail: String,
    },
    /// Anything else AWS answered, with its code and message.
    #[error("AWS SSM ({path}): {action} failed: {code}: {message}")]
    Other {
        /// The parameter path.
        path: String,
        /// The action attempted, e.g. `ssm:PutParameter`.
        action: String,
        /// AWS's error code, or what kind of failure it was.
        code: String,
        /// AWS's message.
        message: String,
    },
}

/// Names an error AWS answered with `code` and `message` to `action` on `path`.
///
/// KMS failures reach SSM's callers as SSM errors whose code alone does not always say KMS
/// (`AccessDeniedException` "… not authorized to perform: kms:Decrypt …"), so the message is
/// read for that one distinction: it decides what the operator must change (the key's policy,
/// not the parameter's).
pub(crate) fn classify(path: &str, action: &str, code: &str, message: &str, attempts: u32) -> SsmError {
    let lower = message.to_ascii_lowercase();
    let about_kms = lower.contains("kms") || lower.contains("ciphertext") || lower.contains("master key");
    let kms_code = code.starts_with("KMS") || code == "InvalidKeyId";
    let denied = matches!(code, "AccessDeniedException" | "AccessDenied");
    let (path, action, code, message) =
        (path.to_string(), action.to_string(), code.to_string(), message.to_string());
    if kms_code || (denied && about_kms) {
        return SsmError::KmsDecrypt { path, code, message };
    }
    match code.as_str() {
        "AccessDeniedException" | "AccessDenied" => SsmError::AccessDenied { path, action, message },
        "UnrecognizedClientException"
        | "InvalidClientTokenId"
        | "SignatureDoesNotMatch"
        | "InvalidSignatureException"
        | "IncompleteSignature"
        | "MissingAuthenticationToken"
        | "ExpiredToken"
        | "ExpiredTokenException" => SsmError::BadCredentials { path, code },
        "ThrottlingException"
        | "Throttling"
        | "TooManyRequestsException"
        | "RequestLimitExceeded"
        | "TooManyUpdates" => SsmError::Throttled { path, code, attempts },
        _ => SsmError::Other { path, action, code, message },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATH: &str = "/plero/prod";
    const GET: &str = "ssm:GetParametersByPath";

    #[test]
    fn a_kms_key_that_cannot_decrypt_is_named_as_such() {
        // What SSM answers when the role may read the parameter but not use its key.
        let denied = classify(
            PATH,
            GET,
            "AccessDeniedException",
            "User: arn:aws:sts::123456789012:assumed-role/plero/pod is not authorized to perform: kms:Decrypt on \
             resource: arn:aws:kms:eu-west-1:123456789012:key/1234 because no identity-based policy allows it",
            1,
        );
        assert!(matches!(denied, SsmError::KmsDecrypt { .. }), "{denied:?}");
        assert!(denied.to_string().contains("allow kms:Decrypt"), "{denied}");
        // A disabled or deleted key.
        for code in ["InvalidKeyId", "KMSDisabledException", "KMSNotFoundException"] {
            assert!(matches!(classify(PATH, GET, code, "", 1), SsmError::KmsDecrypt { .. }), "{code}");
        }
    }

    #[test]
    fn access_denied_names_the_path_and_the_action() {
        let err = classify(
            PATH,
            GET,
            "AccessDeniedException",
            "User: arn:aws:iam::123456789012:user/plero is not authorized to perform: ssm:GetParametersByPath",
            1,
        );
        assert!(matches!(err, SsmError::AccessDenied { .. }), "{err:?}");
        let shown = err.to_string();
        assert!(shown.contains("ssm:GetParametersByPath on /plero/prod"), "{shown}");
        assert!(shown.contains("parameter/plero/prod*"), "{shown}");
    }

    #[test]
    fn refused_credentials_and_throttling_are_named() {
        for code in ["UnrecognizedClientException", "InvalidClientTokenId", "SignatureDoesNotMatch"] {
            assert!(matches!(classify(PATH, GET, code, "", 1), SsmError::BadCredentials { .. }), "{code}");
        }
        let throttled = classify(PATH, GET, "ThrottlingException", "Rate exceeded", 4);
        assert_eq!(
            throttled,
            SsmError::Throttled { path: PATH.into(), code: "ThrottlingException".into(), attempts: 4 }
        );
        assert!(throttled.to_string().contains("after 4 attempts"), "{throttled}");
    }

    #[test]
    fn anything_else_keeps_aws_code_and_message() {
        let err = classify(PATH, "ssm:PutParameter", "ParameterLimitExceeded", "too many parameters", 1);
        assert_eq!(
            err.to_string(),
            "AWS SSM (/plero/prod): ssm:PutParameter failed: ParameterLimitExceeded: too many parameters"
        );
    }
}
