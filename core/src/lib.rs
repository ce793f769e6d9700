//! plero-core: everything the `pleroctl` CLI and the `plero-server` daemon share.
//!
//! It knows nothing of HTTP frameworks or terminals.

#![warn(missing_docs)]

pub mod accounts;
pub mod auth;
pub mod config;
pub mod crypto;
pub mod events;
pub mod instance;
pub mod jobs;
pub mod limits;
pub mod media;
pub mod model;
pub mod notifications;
pub mod statuses;
pub mod store;
pub mod uploads;
