//! `GET /media/…`: files of the local uploads backend (profile images for now), served from
//! `uploads.local_dir`. tower-http's `ServeDir` refuses paths that leave the directory.

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::middleware::map_response;
use axum::response::Response;
use tower_http::services::ServeDir;

use plero_core::accounts::images::{MEDIA_PATH, uploads_dir};

use crate::app::AppState;

pub fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .nest_service(MEDIA_PATH, ServeDir::new(uploads_dir(&state.config)))
        .layer(map_response(no_sniff))
}

/// Uploaded files are served as the type their extension names, never as what a browser might
/// guess from their bytes (an "image" that parses as HTML must not run as a page of ours).
async fn no_sniff(mut response: Response) -> Response {
    response.headers_mut().insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}
