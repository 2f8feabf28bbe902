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
        .invoke_handler(tauri::generate_handler![
            crate::commands::get_catalog,
            crate::commands::catalog_status,
            crate::commands::check_catalog_update,
            crate::commands::background_catalog_check,
            crate::commands::set_catalog_auto_check,
            crate::commands::troubleshoot,
            crate::commands::get_draft,
            crate::commands::set_field,
            crate::commands::apply_fix,
            crate::commands::set_progress,
            crate::commands::import_env,
            crate::commands::save_draft,
            crate::commands::sign_in,
            crate::commands::sign_in_with_token,
            crate::commands::resume_sign_in,
            crate::commands::plan_push,
            crate::commands::push,
            crate::commands::paste_sheet,
            crate::commands::copy_secret,
            crate::commands::remove_secret,
            crate::commands::list_deployments,
            crate::commands::create_deployment,
            crate::commands::rename_deployment,
            crate::commands::duplicate_deployment,
            crate::commands::delete_deployment,
            crate::commands::switch_deployment,
            crate::commands::secret_storage,
            crate::commands::retry_keyring,
            crate::commands::use_session_only_secrets,
            crate::commands::export_deployment,
            crate::commands::import_deployment,
            crate::commands::verifications,
            crate::commands::verify,
            crate::commands::get_checklist,
            crate::commands::set_checklist_item,
            crate::commands::export_checklist,
            crate::commands::export_handover,
        ])
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
