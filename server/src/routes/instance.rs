//! `GET /api/v1/instance`, `GET /api/v2/instance`, the pages `/` and `/about`, and the instance's
//! thumbnail: served from the rendered-documents cache (see instance_docs.rs).

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::app::AppState;
use crate::entities::instance::THUMBNAIL_PATH;
use crate::error::ApiError;
use crate::forms::html_page;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/instance", get(v1))
        .route("/api/v2/instance", get(v2))
        .route("/", get(home))
        .route("/about", get(about))
        .route(THUMBNAIL_PATH, get(thumbnail))
}

/// A rendered JSON document.
pub fn json(bytes: Bytes) -> Response {
    ([(header::CONTENT_TYPE, "application/json; charset=utf-8")], bytes).into_response()
}

async fn v1(State(state): State<AppState>) -> Result<Response, ApiError> {
    Ok(json(state.instance_documents().await?.v1.clone()))
}

async fn v2(State(state): State<AppState>) -> Result<Response, ApiError> {
    Ok(json(state.instance_documents().await?.v2.clone()))
}

async fn home(State(state): State<AppState>) -> Result<Response, ApiError> {
    Ok(html_page(StatusCode::OK, state.instance_documents().await?.home.clone()))
}

async fn about(State(state): State<AppState>) -> Result<Response, ApiError> {
    Ok(html_page(StatusCode::OK, state.instance_documents().await?.about.clone()))
}

/// A plain 64×64 PNG until instances can upload their own.
async fn thumbnail() -> Response {
    const PNG: &[u8] = include_bytes!("thumbnail.png");
    ([(header::CONTENT_TYPE, "image/png"), (header::CACHE_CONTROL, "public, max-age=86400")], PNG)
        .into_response()
}
