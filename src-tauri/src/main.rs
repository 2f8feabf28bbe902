//! The window's binary: `socialmine-setup` opens the window; `socialmine-setup SUBCOMMAND`
//! runs the same code as `socialmine-setup-cli`.

// Hide the console window on Windows release builds; the CLI still prints when run from one.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::process::ExitCode;

use clap::Parser;

/// Without a subcommand, the window; with one, the same code as `socialmine-setup-cli`.
fn main() -> ExitCode {
    let cli = socialmine_cli::WindowCli::parse();
    match cli.command {
        Some(command) => socialmine_cli::run(command),
        None => socialmine_setup_lib::app::run(),
    }
}
