//! `GET /media/…`: the files plero stored on the local uploads backend (profile images for now),
//! and the default avatar and header images. A path is served only when core finds a file plero
//! stored under it ([`images::find_stored`]); anything else in `uploads.local_dir` is 404.

use axum::Router;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::map_response;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower::ServiceExt;
use tower_http::services::ServeFile;

use plero_core::accounts::images::{self, MEDIA_PATH};

use crate::app::AppState;
use crate::entities::account::{MISSING_AVATAR_PATH, MISSING_HEADER_PATH};
use crate::error::ApiError;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(&format!("{MEDIA_PATH}/{{*path}}"), get(stored))
        .route(MISSING_AVATAR_PATH, get(|| png(include_bytes!("missing_avatar.png"))))
        .route(MISSING_HEADER_PATH, get(|| png(include_bytes!("missing_header.png"))))
        .layer(map_response(no_sniff))
}

/// A stored file, with range and conditional requests as tower-http's `ServeFile` answers them.
async fn stored(State(state): State<AppState>, Path(path): Path<String>, request: Request) -> Response {
    let Some(file) = images::find_stored(&state.config, &path).await else {
        return ApiError::not_found().into_response();
    };
    let mut response =
        ServeFile::new(&file.path).oneshot(request).await.unwrap_or_else(|never| match never {});
    if matches!(response.status(), StatusCode::OK | StatusCode::PARTIAL_CONTENT) {
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(file.kind.mime()));
        // Every upload gets a new name, so what is under one never changes.
        headers
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable"));
    }
    response.into_response()
}

/// The plain images of accounts without an avatar or header, cached for a day.
async fn png(bytes: &'static [u8]) -> Response {
    ([(header::CONTENT_TYPE, "image/png"), (header::CACHE_CONTROL, "public, max-age=86400")], bytes)
        .into_response()
}

/// Uploaded files are served as the type their bytes were checked to be, never as what a browser
/// might guess from them (an "image" that parses as HTML must not run as a page of ours).
async fn no_sniff(mut response: Response) -> Response {
    response.headers_mut().insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}
