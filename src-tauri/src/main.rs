// Hide the console window on Windows release builds; the CLI still prints when run from one.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = socialmine_setup_lib::cli::Cli::parse();
    match cli.command {
        Some(command) => socialmine_setup_lib::cli::run(command),
        None => socialmine_setup_lib::app::run(),
    }
}
