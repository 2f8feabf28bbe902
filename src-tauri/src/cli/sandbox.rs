//! `socialmine-setup sandbox`

use std::process::ExitCode;

use socialmine_sandbox::{Sandbox, SandboxConfig};

pub(super) fn run(port: u16, api_public_url: Option<String>) -> ExitCode {
    let rt = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("socialmine-setup: could not start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    rt.block_on(async {
        match Sandbox::start(SandboxConfig {
            port,
            api_public_url,
        })
        .await
        {
            Ok(sb) => {
                println!("SocialMine sandbox listening on {}", sb.base_url());
                println!("API_PUBLIC_URL: {}", sb.api_public_url());
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
