//! `socialmine-setup sandbox`: the embedded SocialMine stand-in on its own, until Ctrl-C.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use socialmine_sandbox::{Sandbox, SandboxConfig};

/// The arguments of `socialmine-setup sandbox`.
#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// Loopback port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// The API_PUBLIC_URL the sandbox derives callback URLs from (default: its own address).
    #[arg(long)]
    pub api_public_url: Option<String>,
    /// Folder for the sandbox's database, kept across restarts (default: in memory).
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
}

/// Runs the sandbox until Ctrl-C.
pub fn run(args: SandboxArgs) -> ExitCode {
    let SandboxArgs {
        port,
        api_public_url,
        data,
    } = args;
    let rt = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("socialmine-setup: could not start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    rt.block_on(async {
        let config = SandboxConfig { port, api_public_url, data_dir: data.clone(), ..SandboxConfig::default() };
        match Sandbox::start(config).await {
            Ok(sb) => {
                println!("SocialMine sandbox listening on {}", sb.base_url());
                println!("API_PUBLIC_URL: {}", sb.api_public_url());
                match &data {
                    Some(dir) => println!("Data folder: {} (kept across restarts)", dir.display()),
                    None => println!("Data folder: none (in memory; use --data DIR to keep the data)"),
                }
                println!();
                println!("Seeded admins (passwords are new at every start):");
                for admin in sb.seeded_admins() {
                    let role = if admin.can_manage_platforms {
                        "may configure social platforms"
                    } else {
                        "lacks the social-platforms permission: rehearses a 403"
                    };
                    println!("  {}  password: {}  ({role})", admin.email, admin.password.expose_str());
                }
                println!();
                println!("Push to it with, for example:");
                println!(
                    "  SOCIALMINE_ADMIN_EMAIL={} SOCIALMINE_ADMIN_PASSWORD=… socialmine-setup push FILE --server {}",
                    sb.admin().email,
                    sb.base_url()
                );
                println!("Press Ctrl-C to stop.");
                let _ = tokio::signal::ctrl_c().await;
                sb.stop().await;
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("socialmine-setup: {e}");
                ExitCode::FAILURE
            }
        }
    })
}
