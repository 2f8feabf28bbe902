//! Tauri commands: each a few lines over the `socialmine-*` crates.

mod catalog;
mod deployment;
mod deployments;
mod draft;
mod push;

pub use catalog::*;
pub use deployment::*;
pub use deployments::*;
pub use draft::*;
pub use push::*;
