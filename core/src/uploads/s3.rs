//! The S3 backend: objects in a bucket of AWS S3 or an S3-compatible service, at URLs under
//! `uploads.s3_public_endpoint` (a CDN in front of the bucket), or the bucket's own URL.
//!
//! Credentials and, unless `uploads.s3_region` is set, the region come from the standard AWS chain
//! (environment, shared profile, web identity of an EKS service account, instance metadata).

use std::sync::Arc;
use std::time::Duration;

use aws_sdk_s3::Client;
use aws_sdk_s3::config::{Region, RequestChecksumCalculation, ResponseChecksumValidation};
use aws_sdk_s3::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::ChecksumMode;
use tokio::sync::OnceCell;

use super::{CACHE_CONTROL, Cause, Digests, ObjectInfo, ObjectKey, UploadError};
use crate::config::Config;

/// The region used when neither `uploads.s3_region` nor the AWS chain names one (S3-compatible
/// services mostly ignore it; AWS itself answers with a redirect to the bucket's region).
const FALLBACK_REGION: &str = "us-east-1";

/// What went wrong talking to S3, named so that an operator knows what to fix.
#[derive(Debug, Clone, thiserror::Error)]
pub enum S3Failure {
    /// The AWS credential chain found nothing usable.
    #[error(
        "no AWS credentials were found ({detail}): set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or \
         AWS_PROFILE, or give the pod or instance an IAM role"
    )]
    NoCredentials {
        /// What the chain reported.
        detail: String,
    },
    /// The service refused the credentials themselves.
    #[error(
        "the credentials were refused ({code}): check the access key id and secret, or renew the session token"
    )]
    CredentialsRefused {
        /// The service's error code (`InvalidAccessKeyId`, `SignatureDoesNotMatch`, …).
        code: String,
    },
    /// The bucket does not exist.
    #[error(
        "the bucket does not exist (NoSuchBucket): create it, or correct uploads.s3_bucket \
         (and uploads.s3_region or uploads.s3_endpoint)"
    )]
    NoSuchBucket,
    /// The credentials may not do this.
    #[error(
        "access denied ({code}): grant these credentials s3:PutObject, s3:GetObject, s3:DeleteObject and \
         s3:ListBucket on the bucket"
    )]
    AccessDenied {
        /// The service's error code or HTTP status.
        code: String,
    },
    /// No connection to the endpoint.
    #[error("cannot reach {endpoint} ({detail}): check uploads.s3_endpoint, DNS and the network")]
    Unreachable {
        /// The endpoint tried.
        endpoint: String,
        /// What the connection reported.
        detail: String,
    },
    /// The endpoint did not answer in time.
    #[error("{endpoint} did not answer in time ({detail}): check uploads.s3_endpoint and the network")]
    Timeout {
        /// The endpoint tried.
        endpoint: String,
        /// Which timeout.
        detail: String,
    },
    /// There is no such object.
    #[error("no such object")]
    NotFound,
    /// Anything else: the service's own words.
    #[error("{detail}")]
    Other {
        /// The service's code and message, or the client's error.
        detail: String,
    },
}

impl S3Failure {
    /// Which part of the set-up is at fault.
    pub fn cause(&self) -> Cause {
        match self {
            Self::NoCredentials { .. } | Self::CredentialsRefused { .. } => Cause::Credentials,
            Self::NoSuchBucket => Cause::Bucket,
            Self::AccessDenied { .. } => Cause::Permissions,
            Self::Unreachable { .. } | Self::Timeout { .. } => Cause::Endpoint,
            Self::NotFound | Self::Other { .. } => Cause::Other,
        }
    }

    /// The failure a service answered with `code` (if its answer had a body) and HTTP `status`.
    fn of_service(code: Option<&str>, status: u16, message: Option<&str>) -> Self {
        match code {
            Some("NoSuchBucket") => Self::NoSuchBucket,
            Some(
                code @ ("InvalidAccessKeyId"
                | "SignatureDoesNotMatch"
                | "ExpiredToken"
                | "InvalidToken"
                | "TokenRefreshRequired"),
            ) => Self::CredentialsRefused { code: code.into() },
            Some(code @ ("AccessDenied" | "AllAccessDisabled" | "AccountProblem")) => {
                Self::AccessDenied { code: code.into() }
            }
            Some("NoSuchKey") => Self::NotFound,
            // A HEAD answer has no body, hence no code (the SDK names a bare 404 `NotFound`): a
            // missing key, or bucket.
            Some("NotFound") | None if status == 404 => Self::NotFound,
            None if status == 403 => Self::AccessDenied { code: "HTTP 403".into() },
            _ => Self::Other {
                detail: format!(
                    "HTTP {status} {}: {}",
                    code.unwrap_or("(no error code)"),
                    message.unwrap_or("(no message)")
                ),
            },
        }
    }
}

/// A bucket, and how clients reach its objects. Cheap to clone; the client is made on first use
/// (reading the credential chain's configuration) and shared.
#[derive(Clone)]
pub struct S3Uploads {
    inner: Arc<Inner>,
}

struct Inner {
    bucket: String,
    region: Option<String>,
    endpoint: Option<String>,
    path_style: bool,
    public_base: String,
    /// The client, and the AWS configuration it was made from (its credential chain).
    client: OnceCell<(Client, aws_config::SdkConfig)>,
}

impl std::fmt::Debug for S3Uploads {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Uploads")
            .field("bucket", &self.inner.bucket)
            .field("endpoint", &self.inner.endpoint)
            .field("public_base", &self.inner.public_base)
            .finish_non_exhaustive()
    }
}

impl S3Uploads {
    /// The bucket of `[uploads]` (`s3_bucket`, `s3_region`, `s3_endpoint`, `s3_path_style`,
    /// `s3_public_endpoint`), whatever `uploads.backend` says (`uploads migrate` writes to it
    /// before the backend is switched).
    pub fn from_config(config: &Config) -> Self {
        let u = &config.uploads;
        let non_empty = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        let region = non_empty(&u.s3_region);
        let endpoint = non_empty(&u.s3_endpoint);
        let public_base = public_base(
            &u.s3_bucket,
            region.as_deref(),
            endpoint.as_deref(),
            u.s3_path_style,
            u.s3_public_endpoint.trim(),
        );
        Self {
            inner: Arc::new(Inner {
                bucket: u.s3_bucket.clone(),
                region,
                endpoint,
                path_style: u.s3_path_style,
                public_base,
                client: OnceCell::new(),
            }),
        }
    }

    /// The bucket's name.
    pub fn bucket(&self) -> &str {
        &self.inner.bucket
    }

    /// The URL objects' URLs start with.
    pub fn public_base(&self) -> &str {
        &self.inner.public_base
    }

    /// `s3://bucket (endpoint …)`, for messages.
    pub fn describe(&self) -> String {
        format!("s3://{} at {}", self.inner.bucket, self.endpoint_shown())
    }

    fn endpoint_shown(&self) -> String {
        match (&self.inner.endpoint, &self.inner.region) {
            (Some(endpoint), _) => endpoint.clone(),
            (None, Some(region)) => format!("AWS S3 in {region}"),
            (None, None) => "AWS S3 (region from the AWS configuration)".into(),
        }
    }

    async fn client(&self) -> &Client {
        &self.client_and_config().await.0
    }

    async fn client_and_config(&self) -> &(Client, aws_config::SdkConfig) {
        self.inner
            .client
            .get_or_init(|| async {
                // Short connect timeout: an unreachable endpoint is named in seconds, not minutes.
                let timeouts = aws_config::timeout::TimeoutConfig::builder()
                    .connect_timeout(Duration::from_secs(5))
                    .operation_attempt_timeout(Duration::from_secs(60))
                    .build();
                let mut loader =
                    aws_config::defaults(aws_config::BehaviorVersion::latest()).timeout_config(timeouts);
                if let Some(region) = &self.inner.region {
                    loader = loader.region(Region::new(region.clone()));
                }
                let shared = loader.load().await;
                let mut config = aws_sdk_s3::config::Builder::from(&shared)
                    .force_path_style(self.inner.path_style)
                    // Checksums are sent explicitly (Content-MD5 and SHA-256, see `put`), in the
                    // headers every S3-compatible service understands, not as aws-chunked trailers.
                    .request_checksum_calculation(RequestChecksumCalculation::WhenRequired)
                    .response_checksum_validation(ResponseChecksumValidation::WhenRequired);
                if shared.region().is_none() {
                    config = config.region(Region::new(FALLBACK_REGION));
                }
                if let Some(endpoint) = &self.inner.endpoint {
                    config = config.endpoint_url(endpoint);
                }
                (Client::from_conf(config.build()), shared)
            })
            .await
    }

    /// Asks the credential chain for credentials, without any request to S3.
    pub async fn check_credentials(&self) -> Result<(), S3Failure> {
        let Some(provider) = self.client_and_config().await.1.credentials_provider() else {
            return Err(S3Failure::NoCredentials { detail: "no credential provider is configured".into() });
        };
        match aws_sdk_s3::config::ProvideCredentials::provide_credentials(&provider).await {
            Ok(_) => Ok(()),
            Err(err) => Err(S3Failure::NoCredentials { detail: DisplayErrorContext(&err).to_string() }),
        }
    }

    fn error(&self, action: &'static str, key: &ObjectKey, failure: S3Failure) -> UploadError {
        UploadError::S3 { action, bucket: self.inner.bucket.clone(), key: key.to_string(), failure }
    }

    /// What `err` means for the operator.
    async fn failure<E>(&self, err: SdkError<E>) -> S3Failure
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        match &err {
            SdkError::ServiceError(service) => {
                let e = service.err();
                S3Failure::of_service(e.code(), service.raw().status().as_u16(), e.message())
            }
            SdkError::TimeoutError(_) => S3Failure::Timeout {
                endpoint: self.endpoint_shown(),
                detail: DisplayErrorContext(&err).to_string(),
            },
            SdkError::DispatchFailure(dispatch) if dispatch.is_timeout() => S3Failure::Timeout {
                endpoint: self.endpoint_shown(),
                detail: DisplayErrorContext(&err).to_string(),
            },
            SdkError::DispatchFailure(dispatch) if dispatch.is_io() => S3Failure::Unreachable {
                endpoint: self.endpoint_shown(),
                detail: DisplayErrorContext(&err).to_string(),
            },
            // A request that could not be signed fails before it is sent, as an "other" dispatch
            // failure: ask the chain directly, so that missing credentials are named as such.
            SdkError::DispatchFailure(_) => match self.check_credentials().await {
                Err(failure) => failure,
                Ok(()) => S3Failure::Other { detail: DisplayErrorContext(&err).to_string() },
            },
            _ => S3Failure::Other { detail: DisplayErrorContext(&err).to_string() },
        }
    }

    /// Puts the object with its content type and [`CACHE_CONTROL`], and with `Content-MD5` and a
    /// SHA-256 checksum, so that the service refuses bytes damaged on the way and keeps the checksum
    /// for [`S3Uploads::head`].
    pub(super) async fn put(
        &self,
        key: &ObjectKey,
        bytes: Vec<u8>,
        content_type: &str,
    ) -> Result<String, UploadError> {
        let digests = Digests::of(&bytes);
        let sent = self
            .client()
            .await
            .put_object()
            .bucket(&self.inner.bucket)
            .key(key.as_str())
            .content_type(content_type)
            .cache_control(CACHE_CONTROL)
            .content_md5(&digests.md5_base64)
            .checksum_sha256(&digests.sha256)
            .body(ByteStream::from(bytes))
            .send()
            .await;
        match sent {
            Ok(_) => Ok(self.url(key)),
            Err(err) => Err(self.error("PutObject", key, self.failure(err).await)),
        }
    }

    pub(super) async fn get(&self, key: &ObjectKey) -> Result<Option<Vec<u8>>, UploadError> {
        let got = self.client().await.get_object().bucket(&self.inner.bucket).key(key.as_str()).send().await;
        match got {
            Ok(object) => match object.body.collect().await {
                Ok(bytes) => Ok(Some(bytes.to_vec())),
                Err(err) => Err(self.error(
                    "GetObject",
                    key,
                    S3Failure::Other { detail: DisplayErrorContext(&err).to_string() },
                )),
            },
            Err(err) => match self.failure(err).await {
                S3Failure::NotFound => Ok(None),
                failure => Err(self.error("GetObject", key, failure)),
            },
        }
    }

    pub(super) async fn head(&self, key: &ObjectKey) -> Result<Option<ObjectInfo>, UploadError> {
        let head = self
            .client()
            .await
            .head_object()
            .bucket(&self.inner.bucket)
            .key(key.as_str())
            .checksum_mode(ChecksumMode::Enabled)
            .send()
            .await;
        match head {
            Ok(head) => {
                let etag = head.e_tag().map(|e| e.trim_matches('"').to_ascii_lowercase());
                let md5 = etag.filter(|e| e.len() == 32 && e.bytes().all(|b| b.is_ascii_hexdigit()));
                Ok(Some(ObjectInfo {
                    size: head.content_length().unwrap_or(0).max(0) as u64,
                    sha256: head.checksum_sha256().map(str::to_string),
                    md5,
                }))
            }
            Err(err) => match self.failure(err).await {
                S3Failure::NotFound => Ok(None),
                failure => Err(self.error("HeadObject", key, failure)),
            },
        }
    }

    pub(super) async fn delete(&self, key: &ObjectKey) -> Result<(), UploadError> {
        let deleted =
            self.client().await.delete_object().bucket(&self.inner.bucket).key(key.as_str()).send().await;
        match deleted {
            Ok(_) => Ok(()),
            Err(err) => match self.failure(err).await {
                S3Failure::NotFound => Ok(()),
                failure => Err(self.error("DeleteObject", key, failure)),
            },
        }
    }

    /// Lists the folder's objects page by page and deletes each (a folder holds a handful).
    pub(super) async fn delete_folder(&self, prefix: &ObjectKey) -> Result<(), UploadError> {
        let mut pages = self
            .client()
            .await
            .list_objects_v2()
            .bucket(&self.inner.bucket)
            .prefix(format!("{prefix}/"))
            .into_paginator()
            .send();
        let mut keys = Vec::new();
        while let Some(page) = pages.next().await {
            let page = match page {
                Ok(page) => page,
                Err(err) => return Err(self.error("ListObjectsV2", prefix, self.failure(err).await)),
            };
            keys.extend(page.contents().iter().filter_map(|o| o.key()).filter_map(ObjectKey::parse));
        }
        for key in keys.iter().filter(|key| key.is_under(prefix)) {
            self.delete(key).await?;
        }
        Ok(())
    }

    pub(super) fn url(&self, key: &ObjectKey) -> String {
        format!("{}/{key}", self.inner.public_base)
    }

    pub(super) fn key_of_url(&self, url: &str) -> Option<ObjectKey> {
        ObjectKey::parse(url.strip_prefix(&self.inner.public_base)?.strip_prefix('/')?)
    }
}

/// The URL prefix of objects: `s3_public_endpoint` when set; otherwise the bucket's own URL at the
/// endpoint (path-style `endpoint/bucket`, or virtual-hosted `bucket.endpoint-host`), or at AWS.
fn public_base(
    bucket: &str,
    region: Option<&str>,
    endpoint: Option<&str>,
    path_style: bool,
    public_endpoint: &str,
) -> String {
    if !public_endpoint.is_empty() {
        return public_endpoint.trim_end_matches('/').to_string();
    }
    match endpoint {
        Some(endpoint) => {
            let endpoint = endpoint.trim_end_matches('/');
            match url::Url::parse(endpoint) {
                Ok(url) if !path_style && url.host_str().is_some() => {
                    let host = url.host_str().unwrap_or_default();
                    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
                    let path = url.path().trim_end_matches('/');
                    format!("{}://{bucket}.{host}{port}{path}", url.scheme())
                }
                _ => format!("{endpoint}/{bucket}"),
            }
        }
        None => match (region, path_style) {
            (Some(region), true) => format!("https://s3.{region}.amazonaws.com/{bucket}"),
            (Some(region), false) => format!("https://{bucket}.s3.{region}.amazonaws.com"),
            (None, true) => format!("https://s3.amazonaws.com/{bucket}"),
            (None, false) => format!("https://{bucket}.s3.amazonaws.com"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_start_with_the_public_endpoint_or_else_the_buckets_own_url() {
        let base = |endpoint, path_style, public| {
            public_base("media", Some("eu-west-1"), endpoint, path_style, public)
        };
        assert_eq!(base(None, false, "https://cdn.example/"), "https://cdn.example");
        assert_eq!(base(None, false, ""), "https://media.s3.eu-west-1.amazonaws.com");
        assert_eq!(base(None, true, ""), "https://s3.eu-west-1.amazonaws.com/media");
        assert_eq!(base(Some("http://127.0.0.1:9000/"), true, ""), "http://127.0.0.1:9000/media");
        assert_eq!(base(Some("https://s3.example"), false, ""), "https://media.s3.example");
        assert_eq!(public_base("media", None, None, false, ""), "https://media.s3.amazonaws.com");

        let mut config = Config::default();
        config.uploads.s3_bucket = "media".into();
        config.uploads.s3_public_endpoint = "https://cdn.example/uploads".into();
        let s3 = S3Uploads::from_config(&config);
        let key = ObjectKey::parse("accounts/avatars/1/x.png").unwrap();
        assert_eq!(s3.url(&key), "https://cdn.example/uploads/accounts/avatars/1/x.png");
        assert_eq!(s3.key_of_url(&s3.url(&key)), Some(key));
        assert_eq!(s3.key_of_url("https://cdn.example/other/accounts/avatars/1/x.png"), None);
        assert_eq!(s3.key_of_url("https://cdn.example/uploads/../x.png"), None);
    }

    #[test]
    fn service_answers_are_named_by_what_to_fix() {
        let of = |code, status| S3Failure::of_service(code, status, Some("message")).cause();
        assert_eq!(of(Some("NoSuchBucket"), 404), Cause::Bucket);
        assert_eq!(of(Some("InvalidAccessKeyId"), 403), Cause::Credentials);
        assert_eq!(of(Some("SignatureDoesNotMatch"), 403), Cause::Credentials);
        assert_eq!(of(Some("AccessDenied"), 403), Cause::Permissions);
        assert_eq!(of(None, 403), Cause::Permissions);
        assert!(matches!(S3Failure::of_service(None, 404, None), S3Failure::NotFound));
        assert!(matches!(S3Failure::of_service(Some("NotFound"), 404, None), S3Failure::NotFound));
        assert!(matches!(S3Failure::of_service(Some("SlowDown"), 503, None), S3Failure::Other { .. }));
    }
}
