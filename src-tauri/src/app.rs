//! The desktop app: the window over the commands. Start-up touches nothing slow: the state is
//! created empty, and `AppState::start` (data folder, keyring, draft, sandbox) runs in the
//! background while the window opens. Pending edits are saved before the app exits.

use std::process::ExitCode;
use std::sync::Arc;

use socialmine_app::state::AppState;
use tauri::Manager;

/// Opens the window and runs until it is closed.
pub fn run() -> ExitCode {
    socialmine_cli::init_logging();
    let state = Arc::new(AppState::for_window());
    let built = tauri::Builder::default()
        .plugin(tauri_plugin_shell::init())
        .manage(state.clone())
        .setup(|app| {
            let state = app.state::<Arc<AppState>>().inner().clone();
            tauri::async_runtime::spawn(async move { state.start().await });
            Ok(())
        })
        .invoke_handler(crate::ipc::handler())
        .build(tauri::generate_context!());
    let app = match built {
        Ok(app) => app,
        Err(e) => {
            eprintln!("socialmine-setup: the window could not be opened: {e}");
            eprintln!(
                "Is a display available? Run it on a desktop session, or use a subcommand (see --help) on a server."
            );
            return ExitCode::FAILURE;
        }
    };
    app.run(move |_, event| {
        if let tauri::RunEvent::Exit = event {
            // What was typed in the last moments is written before the process ends.
            state.save_if_pending();
        }
    });
    ExitCode::SUCCESS
}
