//! The SocialMine Setup Assistant's window: a thin Tauri shell over `socialmine-app`. The
//! subcommands (`socialmine-setup check …`) are `socialmine-setup-cli`'s.

pub mod app;
pub mod command_map;
pub mod command_names;
pub mod commands;
pub mod display;
pub mod instance;
pub mod ipc;
pub mod navigation;
pub mod updater;

#[cfg(test)]
mod open_scope_tests;
