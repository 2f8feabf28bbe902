//! The SocialMine Setup Assistant: a thin Tauri shell and CLI over the `socialmine-*` crates.

pub mod app;
pub mod checks;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod deployments;
pub mod error;
pub mod fleet;
pub mod persist;
pub mod state;
pub mod view;
pub mod workspace;
