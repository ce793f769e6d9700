//! Probes for Kubernetes and load balancers: `/healthz` (the process answers) and `/readyz` (it can
//! serve: database reachable, migrations current).

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use serde_json::{Value, json};

use plero_core::store::StoreError;

use crate::app::AppState;

/// Liveness: 200 while the process answers.
pub const LIVE_PATH: &str = "/healthz";
/// Readiness: 200 when the node can serve requests.
pub const READY_PATH: &str = "/readyz";

pub fn routes() -> Router<AppState> {
    Router::new().route(LIVE_PATH, get(healthz)).route(READY_PATH, get(readyz))
}

async fn healthz() -> &'static str {
    "ok\n"
}

/// 200 when the database answers and no migration is pending; 503 naming what is wrong otherwise.
/// The details (which may name hosts) go to the log, not to the prober.
///
/// A schema newer than this binary is still ready: a rollout runs the next release's migrations
/// first (the Kubernetes Job), and the pods of this release keep serving until the new ones are
/// ready, which is why migrations keep the previous release working. Starting on such a schema is
/// refused all the same (`daemon::prepare_schema`).
async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    if let Err(err) = state.store.ping().await {
        tracing::warn!(error = %err, "not ready: the database does not answer");
        return (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "ready": false, "database": "unreachable" })));
    }
    match state.store.pending_migrations().await {
        Ok(pending) if pending.is_empty() => (StatusCode::OK, Json(json!({ "ready": true }))),
        Err(StoreError::SchemaNewer { version }) => {
            (StatusCode::OK, Json(json!({ "ready": true, "schema": "newer", "newest_migration": version })))
        }
        Ok(pending) => {
            tracing::warn!(pending = pending.len(), "not ready: database migrations are pending");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "ready": false, "migrations": "pending", "pending": pending.len() })),
            )
        }
        Err(err) => {
            tracing::warn!(error = %err, "not ready: the database schema does not match this version");
            (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "ready": false, "migrations": "mismatch" })))
        }
    }
}
