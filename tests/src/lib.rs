//! Helpers shared by the cross-crate and end-to-end tests.

pub mod driver;
