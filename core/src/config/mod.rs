//! Configuration: typed sections, layers with the origin of every value, validation with hints.
//!
//! Only this module reads configuration files and environment variables; everything else takes a
//! [`Config`].

mod model;
mod secret;

pub use model::*;
pub use secret::{REDACTED, Secret};
