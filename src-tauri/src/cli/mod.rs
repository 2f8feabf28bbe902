//! The command line: the same binary as the app, used when given a subcommand.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod check;
mod platforms;
pub mod push;
mod sandbox;

/// SocialMine Setup Assistant: set up the OAuth apps SocialMine needs, check them, push them.
///
/// Without a subcommand it opens the desktop app.
#[derive(Debug, Parser)]
#[command(name = "socialmine-setup", version, about, long_about)]
pub struct Cli {
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
    Sandbox {
        /// Loopback port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// The API_PUBLIC_URL the sandbox derives callback URLs from (default: its own address).
        #[arg(long)]
        api_public_url: Option<String>,
        /// Folder for the sandbox's database, kept across restarts (default: in memory).
        #[arg(long, value_name = "DIR")]
        data: Option<std::path::PathBuf>,
    },
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
        Command::Sandbox {
            port,
            api_public_url,
            data,
        } => sandbox::run(port, api_public_url, data),
    }
}
