//! Helpers shared by the cross-crate and end-to-end tests.

pub mod axe;
pub mod driver;
pub mod keys;
