//! Tauri commands: each a few lines over the `socialmine-*` crates.

mod catalog;
mod catalog_status;
mod deployment;
mod deployments;
mod draft;
mod push;

pub use catalog::*;
pub use catalog_status::*;
pub use deployment::*;
pub use deployments::*;
pub use draft::*;
pub use push::*;
