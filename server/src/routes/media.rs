//! `GET /media/…`: files of the local uploads backend (profile images for now), served from
//! `uploads.local_dir`; and the default avatar and header images. tower-http's `ServeDir` refuses paths that leave the directory.

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::middleware::map_response;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower_http::services::ServeDir;

use plero_core::accounts::images::{MEDIA_PATH, uploads_dir};

use crate::app::AppState;
use crate::entities::account::{MISSING_AVATAR_PATH, MISSING_HEADER_PATH};

pub fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .nest_service(MEDIA_PATH, ServeDir::new(uploads_dir(&state.config)))
        .route(MISSING_AVATAR_PATH, get(|| png(include_bytes!("missing_avatar.png"))))
        .route(MISSING_HEADER_PATH, get(|| png(include_bytes!("missing_header.png"))))
        .layer(map_response(no_sniff))
}

/// The plain images of accounts without an avatar or header, cached for a day.
async fn png(bytes: &'static [u8]) -> Response {
    ([(header::CONTENT_TYPE, "image/png"), (header::CACHE_CONTROL, "public, max-age=86400")], bytes)
        .into_response()
}

/// Uploaded files are served as the type their extension names, never as what a browser might
/// guess from their bytes (an "image" that parses as HTML must not run as a page of ours).
async fn no_sniff(mut response: Response) -> Response {
    response.headers_mut().insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}
