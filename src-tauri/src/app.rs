//! The desktop app: a window over the commands, with the embedded sandbox as the default
//! deployment.

use std::process::ExitCode;

use socialmine_core::Catalog;
use socialmine_sandbox::{Sandbox, SandboxConfig};

use crate::state::AppState;

/// Builds the app's state: the catalog and a started sandbox.
fn initial_state() -> AppState {
    let (sandbox, sandbox_error) =
        match tauri::async_runtime::block_on(Sandbox::start(SandboxConfig::default())) {
            Ok(sb) => (Some(sb), None),
            Err(e) => {
                tracing::error!("{e}");
                (None, Some(e.to_string()))
            }
        };
    AppState {
        catalog: Catalog::built_in(),
        sandbox,
        sandbox_error,
    }
}

/// Opens the window and runs until it is closed.
pub fn run() -> ExitCode {
    crate::cli::init_logging();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_shell::init())
        .manage(initial_state())
        .invoke_handler(tauri::generate_handler![
            crate::commands::list_platforms,
            crate::commands::current_deployment,
        ])
        .run(tauri::generate_context!());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("socialmine-setup: the window could not be opened: {e}");
            eprintln!(
                "Is a display available? Run it on a desktop session, or use a subcommand (see --help) on a server."
            );
            ExitCode::FAILURE
        }
    }
}
