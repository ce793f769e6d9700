//! Server-rendered HTML pages (maud: compile-time templates that escape every interpolated value).

pub mod oauth;
