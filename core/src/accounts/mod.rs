//! Account services: registration, passwords, the account-management use cases the CLI and the
//! admin API share. Each validates, then stores.

pub mod blocks;
pub mod follows;
pub mod image_metadata;
pub mod images;
pub mod keys;
pub mod manage;
pub mod nickname;
pub mod password;
pub mod profile;
pub mod registration;
pub mod signup;
pub mod urls;

pub use registration::{Registration, RegistrationError, register};
pub use urls::LocalUrls;
