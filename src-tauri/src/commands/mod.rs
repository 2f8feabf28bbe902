//! Tauri commands: each a few lines over the `socialmine-*` crates.

mod catalog;
mod deployment;

pub use catalog::*;
pub use deployment::*;
