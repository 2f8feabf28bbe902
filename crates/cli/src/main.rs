//! `socialmine-setup-cli`: the subcommands of the SocialMine Setup Assistant on a machine
//! without a display (no GTK, no WebKit).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    socialmine_cli::run(socialmine_cli::Cli::parse().command)
}
