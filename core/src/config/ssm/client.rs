//! The AWS calls: a client from the standard chain (credentials, region) with bounded time,
//! GetParametersByPath over every page, PutParameter; every failure named as an [`SsmError`].

use std::time::Duration;

use aws_config::BehaviorVersion;
use aws_sdk_ssm::Client;
use aws_sdk_ssm::config::http::HttpResponse;
use aws_sdk_ssm::config::retry::RetryConfig;
use aws_sdk_ssm::config::timeout::TimeoutConfig;
use aws_sdk_ssm::config::{ProvideCredentials, Region};
use aws_sdk_ssm::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_ssm::types::ParameterType;

use super::error::{SsmError, classify};
use super::{Parameter, SsmSettings};
use crate::model::secret::Secret;

/// Attempts per request: throttling and network errors are retried with exponential backoff
/// (jittered, 200 ms doubling up to 2 s) before they are named.
pub(crate) const ATTEMPTS: u32 = 4;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(4);
/// The most one request (a page, with its retries) may take: the server refuses to start after
/// it rather than hang on an unreachable endpoint.
const OPERATION_TIMEOUT: Duration = Duration::from_secs(8);

const GET: &str = "ssm:GetParametersByPath";
const PUT: &str = "ssm:PutParameter";

/// A client ready to call SSM, with what its errors name.
pub(crate) struct Ssm {
    client: Client,
    /// The path the settings name, as the errors show it.
    path: String,
    region: String,
    endpoint: String,
}

impl Ssm {
    /// Builds a client from the standard chain (environment, shared profile, web identity,
    /// container and instance metadata), `ssm.region` and `ssm.endpoint` overriding, and checks
    /// that the chain gives a region and credentials (named errors rather than a failed request).
    pub async fn connect(settings: &SsmSettings) -> Result<Self, SsmError> {
        let path = settings.path.clone();
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(CONNECT_TIMEOUT)
                    .operation_attempt_timeout(ATTEMPT_TIMEOUT)
                    .operation_timeout(OPERATION_TIMEOUT)
                    .build(),
            )
            .retry_config(
                RetryConfig::standard()
                    .with_max_attempts(ATTEMPTS)
                    .with_initial_backoff(Duration::from_millis(200))
                    .with_max_backoff(Duration::from_secs(2)),
            );
        if let Some(region) = &settings.region {
            loader = loader.region(Region::new(region.clone()));
        }
        if let Some(endpoint) = &settings.endpoint {
            loader = loader.endpoint_url(endpoint);
        }
        let sdk = loader.load().await;
        let Some(region) = sdk.region().map(ToString::to_string) else {
            return Err(SsmError::NoRegion { path });
        };
        let Some(credentials) = sdk.credentials_provider() else {
            return Err(SsmError::NoCredentials { path, detail: "no credentials provider".into() });
        };
        if let Err(err) = credentials.provide_credentials().await {
            return Err(SsmError::NoCredentials { path, detail: DisplayErrorContext(&err).to_string() });
        }
        let endpoint = sdk
            .endpoint_url()
            .map_or_else(|| format!("https://ssm.{region}.amazonaws.com"), ToString::to_string);
        Ok(Self { client: Client::new(&sdk), path, region, endpoint })
    }

    /// The region the client asks.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// Every parameter under `path` (recursive, all pages), decrypted when `decrypt`. May be empty.
    pub async fn parameters(&self, decrypt: bool) -> Result<Vec<Parameter>, SsmError> {
        let mut pages = self
            .client
            .get_parameters_by_path()
            .path(super::request_path(&self.path))
            .recursive(true)
            .with_decryption(decrypt)
            .into_paginator()
            .send();
        let mut found = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|err| self.error(GET, &err))?;
            for p in page.parameters() {
                let Some(name) = p.name() else { continue };
                found.push(Parameter {
                    name: name.to_string(),
                    value: Secret::new(p.value().unwrap_or_default()),
                    secure: p.r#type() == Some(&ParameterType::SecureString),
                    kind: p.r#type().map_or("String", ParameterType::as_str).to_string(),
                    version: p.version(),
                    last_modified: p.last_modified_date().map(ToString::to_string),
                });
            }
        }
        found.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(found)
    }

    /// Puts one SecureString (encrypted with the account's default key for SSM), replacing the
    /// value there; returns its new version.
    pub async fn put_secure(&self, name: &str, value: &Secret) -> Result<i64, SsmError> {
        let out = self
            .client
            .put_parameter()
            .name(name)
            .value(value.expose())
            .r#type(ParameterType::SecureString)
            .overwrite(true)
            .send()
            .await
            .map_err(|err| self.error(PUT, &err))?;
        Ok(out.version())
    }

    /// Names a failed request.
    fn error<E: ProvideErrorMetadata + std::error::Error + 'static>(
        &self,
        action: &str,
        err: &SdkError<E, HttpResponse>,
    ) -> SsmError {
        let unreachable = |detail: String| SsmError::Unreachable {
            path: self.path.clone(),
            endpoint: self.endpoint.clone(),
            detail,
        };
        match err {
            SdkError::TimeoutError(_) => {
                unreachable(format!("no answer within {} s", OPERATION_TIMEOUT.as_secs()))
            }
            SdkError::DispatchFailure(failure) if failure.is_timeout() => {
                unreachable(format!("no answer within {} s, {ATTEMPTS} attempts", ATTEMPT_TIMEOUT.as_secs()))
            }
            SdkError::DispatchFailure(_) => unreachable(format!("{}, {ATTEMPTS} attempts", innermost(err))),
            SdkError::ServiceError(_) | SdkError::ResponseError(_) => {
                let raw = err.raw_response();
                let body =
                    raw.and_then(|r| r.body().bytes()).map(String::from_utf8_lossy).unwrap_or_default();
                let status = raw.map(|r| r.status().as_u16());
                let code = err
                    .code()
                    .map(str::to_string)
                    .or_else(|| xml_field(&body, "Code"))
                    .or_else(|| status.map(|s| format!("HTTP {s}")))
                    .unwrap_or_else(|| "unknown".into());
                let message = err
                    .message()
                    .map(str::to_string)
                    .or_else(|| xml_field(&body, "Message"))
                    .unwrap_or_else(|| format!("an answer without an AWS error from {}", self.endpoint));
                classify(&self.path, action, &code, &message, ATTEMPTS)
            }
            _ => SsmError::Other {
                path: self.path.clone(),
                action: action.into(),
                code: "request not sent".into(),
                message: DisplayErrorContext(err).to_string(),
            },
        }
    }
}

/// The innermost cause of an error (`Connection refused (os error 111)`): what an operator acts on,
/// without the layers of wrappers around it.
fn innermost(err: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = err;
    while let Some(source) = cause.source() {
        cause = source;
    }
    cause.to_string()
}

/// `<Code>…</Code>` of an error answered in the query protocol's XML instead of SSM's JSON (moto
/// does so for IAM refusals; some proxies too), so such errors are still named.
fn xml_field(body: &str, field: &str) -> Option<String> {
    let start = body.find(&format!("<{field}>"))? + field.len() + 2;
    let end = start + body[start..].find(&format!("</{field}>"))?;
    Some(body[start..end].trim().to_string()).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_xml_error_gives_its_code_and_message() {
        let body = "<ErrorResponse><Errors><Error><Code>AccessDenied</Code><Message>User: x is not \
                    authorized</Message></Error></Errors></ErrorResponse>";
        assert_eq!(super::xml_field(body, "Code").as_deref(), Some("AccessDenied"));
        assert_eq!(super::xml_field(body, "Message").as_deref(), Some("User: x is not authorized"));
        assert_eq!(super::xml_field("{}", "Code"), None);
    }
}
