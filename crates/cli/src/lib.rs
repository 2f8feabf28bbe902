//! The command line of the SocialMine Setup Assistant, with no window: `socialmine-setup-cli
//! SUBCOMMAND` (and `socialmine-setup SUBCOMMAND`, which runs this same code).
//!
//! Adding a subcommand: a module in [`commands`] with its `Args` (clap) and a
//! `run(args) -> ExitCode`, a variant in [`Command`], an arm in [`run`]. Read a deployment
//! file with [`input::read_deployment_file`] and exit with [`Exit`] (0 all good, 1 problems
//! found, 2 could not run).

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub mod commands;
pub mod exit;
pub mod input;

pub use commands::{catalog, check, platforms, push, sandbox};
pub use exit::Exit;

/// SocialMine Setup Assistant: set up the OAuth apps SocialMine needs, check them, push them.
#[derive(Debug, Parser)]
#[command(name = "socialmine-setup-cli", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// SocialMine Setup Assistant: set up the OAuth apps SocialMine needs, check them, push them.
///
/// Without a subcommand it opens the desktop app.
#[derive(Debug, Parser)]
#[command(name = "socialmine-setup", version, about, long_about)]
pub struct WindowCli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a deployment file offline (no display, no network). Exit 0: no errors; 1: errors; 2: unreadable file.
    Check(check::CheckArgs),
    /// List the platforms the assistant knows, with their callback path and default scopes.
    Platforms,
    /// Push a deployment file's platforms to a SocialMine server (admin API). Signs in with
    /// SOCIALMINE_ADMIN_TOKEN, or SOCIALMINE_ADMIN_EMAIL + SOCIALMINE_ADMIN_PASSWORD. Exit 0 only
    /// when every platform tried was saved.
    Push(push::PushArgs),
    /// Run the embedded SocialMine sandbox server on its own until Ctrl-C.
    Sandbox(sandbox::SandboxArgs),
    /// The provider facts: `catalog status` (which are in use, checked when, from where) and
    /// `catalog update [--from URL]` (install a signed update). Exit 2 when an update fails.
    Catalog(catalog::CatalogArgs),
}

/// Logs go to stderr, filtered by `RUST_LOG` (default: warnings).
pub fn init_logging() {
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .try_init();
}

/// Runs one subcommand and returns the process exit code.
pub fn run(command: Command) -> ExitCode {
    init_logging();
    match command {
        Command::Check(args) => check::run(args),
        Command::Platforms => platforms::run(),
        Command::Push(args) => push::run(args),
        Command::Sandbox(args) => sandbox::run(args),
        Command::Catalog(args) => catalog::run(args),
    }
}
