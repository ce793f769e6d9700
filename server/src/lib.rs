//! plero-server: the HTTP daemon (axum) over plero-core.
pub mod pages;
