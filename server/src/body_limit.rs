//! How large a request body may be: small everywhere ([`BodyLimit::FORM`]), and on routes that
//! take uploads `uploads.size_limit_bytes` per file plus the form around them. axum's
//! `DefaultBodyLimit` enforces it while the body is read; [`BodyLimit`] travels with the request so
//! the 413 can say what the limit is.

use axum::Extension;
use axum::extract::DefaultBodyLimit;
use axum::routing::MethodRouter;

use plero_core::config::Config;

use crate::app::AppState;

/// The limit a request's body was read under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyLimit {
    /// The most bytes the whole body may have.
    pub bytes: usize,
    /// The most bytes each uploaded file may have (`uploads.size_limit_bytes`); `None` on routes
    /// that take no files.
    pub per_file: Option<u64>,
}

impl BodyLimit {
    /// A body without files (a form, JSON), and what a multipart body may hold besides its files.
    pub const FORM: BodyLimit = BodyLimit { bytes: 1024 * 1024, per_file: None };

    /// The limit of a route taking up to `files` uploads of at most `uploads.size_limit_bytes`.
    pub fn uploads(config: &Config, files: u64) -> Self {
        let per_file = config.uploads.size_limit_bytes;
        let bytes = per_file.saturating_mul(files).saturating_add(Self::FORM.bytes as u64);
        Self { bytes: usize::try_from(bytes).unwrap_or(usize::MAX), per_file: Some(per_file) }
    }

    /// `route` with this limit on its body.
    pub fn on(self, route: MethodRouter<AppState>) -> MethodRouter<AppState> {
        route.layer::<_, std::convert::Infallible>(DefaultBodyLimit::max(self.bytes)).layer(Extension(self))
    }

    /// What a client whose body is over the limit is told.
    pub fn refusal(&self) -> String {
        match self.per_file {
            Some(per_file) => format!(
                "the request body is over the limit of {} bytes: each file may have at most {per_file} bytes \
                 (uploads.size_limit_bytes), plus {} bytes of form fields",
                self.bytes,
                Self::FORM.bytes
            ),
            None => format!("the request body is over the limit of {} bytes", self.bytes),
        }
    }
}

impl Default for BodyLimit {
    fn default() -> Self {
        Self::FORM
    }
}
