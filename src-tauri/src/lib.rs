//! The SocialMine Setup Assistant: a thin Tauri shell and CLI over the `socialmine-*` crates.

pub mod app;
pub mod cli;
pub mod commands;
pub mod error;
pub mod state;
