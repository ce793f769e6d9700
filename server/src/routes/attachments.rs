//! `/api/v1/media` and `/api/v2/media`: uploading status attachments, reading and describing them.
//! Images are processed while the request waits (a second at most for the largest), so both
//! versions answer 200 with the URLs set, as Mastodon does for images it processed at once.

use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Json, Router};

use plero_core::config::Config;
use plero_core::media::{self, MediaError, Upload};
use plero_core::model::Focus;

use crate::app::AppState;
use crate::body_limit::BodyLimit;
use crate::entities::MediaAttachment;
use crate::error::{ApiError, capitalized, parse_id};
use crate::extract::{User, scopes};
use crate::params::Params;

pub fn routes(config: &Config) -> Router<AppState> {
    // The file and a thumbnail (Mastodon's for audio and video; read and ignored here).
    let uploads = BodyLimit::uploads(config, 2);
    Router::new()
        .route("/api/v1/media", uploads.on(post(create)))
        .route("/api/v2/media", uploads.on(post(create)))
        .route("/api/v1/media/{id}", get(show).put(update))
}

fn focus(params: &Params) -> Result<Option<Focus>, ApiError> {
    params
        .get("focus")
        .map(|f| {
            Focus::parse(f).map_err(|e| ApiError::unprocessable(format!("Validation failed: focus: {e}")))
        })
        .transpose()
}

fn media_error(err: MediaError) -> ApiError {
    match err {
        MediaError::NotFound => ApiError::not_found(),
        MediaError::Store(e) => e.into(),
        MediaError::Upload(e) => ApiError::failed(e),
        other => ApiError::unprocessable(format!("Validation failed: {}", capitalized(&other.to_string()))),
    }
}

async fn create(
    State(state): State<AppState>,
    user: User<scopes::WriteMedia>,
    mut params: Params,
) -> Result<Json<MediaAttachment>, ApiError> {
    let bytes = params.take_file("file").ok_or_else(|| {
        ApiError::unprocessable("Validation failed: file: send the image as the multipart field `file`")
    })?;
    let upload =
        Upload { bytes, description: params.raw("description").map(str::to_string), focus: focus(&params)? };
    let attachment = media::upload(&state.store, &state.config, &state.uploader, user.account_id, upload)
        .await
        .map_err(media_error)?;
    Ok(Json(MediaAttachment::from_core(&attachment)))
}

async fn show(
    State(state): State<AppState>,
    user: User<scopes::WriteMedia>,
    Path(id): Path<String>,
) -> Result<Json<MediaAttachment>, ApiError> {
    let attachment =
        media::find_own(&state.store, user.account_id, parse_id(&id)?).await.map_err(media_error)?;
    Ok(Json(MediaAttachment::from_core(&attachment)))
}

async fn update(
    State(state): State<AppState>,
    user: User<scopes::WriteMedia>,
    Path(id): Path<String>,
    params: Params,
) -> Result<Json<MediaAttachment>, ApiError> {
    let description = params.raw("description").map(str::to_string);
    let attachment =
        media::describe(&state.store, user.account_id, parse_id(&id)?, description, focus(&params)?)
            .await
            .map_err(media_error)?;
    Ok(Json(MediaAttachment::from_core(&attachment)))
}
