//! `GET /media/…`: files of the local uploads backend (profile images for now), served from
//! `uploads.local_dir`. tower-http's `ServeDir` refuses paths that leave the directory.

use axum::Router;
use tower_http::services::ServeDir;

use plero_core::accounts::images::{MEDIA_PATH, uploads_dir};

use crate::app::AppState;

pub fn routes(state: &AppState) -> Router<AppState> {
    Router::new().nest_service(MEDIA_PATH, ServeDir::new(uploads_dir(&state.config)))
}
