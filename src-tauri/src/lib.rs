//! The SocialMine Setup Assistant's window: a thin Tauri shell over `socialmine-app`. The
//! subcommands (`socialmine-setup check …`) are `socialmine-setup-cli`'s.

pub mod app;
pub mod commands;
