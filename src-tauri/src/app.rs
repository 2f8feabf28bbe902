//! The desktop app: the window over the commands. Start-up touches nothing slow: the state is
//! created empty, and `AppState::start` (data folder and its lock, keyring, draft, sandbox)
//! runs in the background while the window opens. Pending edits are saved before the app exits.
//!
//! Plugins: single instance first (a second start focuses this window and exits, see
//! `instance`), the opener (provider consoles in the system browser, allowlisted in the
//! capability), the updater (see `updater`; used only through the app's own commands), and the
//! navigation guard (the window never leaves the app's own pages, see `navigation`).

use std::process::ExitCode;
use std::sync::Arc;

use socialmine_app::state::AppState;
use tauri::Manager;

/// Opens the window and runs until it is closed.
pub fn run() -> ExitCode {
    socialmine_cli::init_logging();
    if let Err(no_display) = crate::display::open() {
        eprintln!("{}", no_display.message());
        return ExitCode::FAILURE;
    }
    let state = Arc::new(AppState::for_window());
    let built = tauri::Builder::default()
        .plugin(crate::instance::plugin())
        .plugin(tauri_plugin_opener::init())
        .plugin(crate::updater::plugin())
        .plugin(crate::navigation::guard())
        .manage(state.clone())
        .setup(|app| {
            let state = app.state::<Arc<AppState>>().inner().clone();
            tauri::async_runtime::spawn(async move { state.start().await });
            Ok(())
        })
        .invoke_handler(crate::ipc::handler())
        .build(context());
    let app = match built {
        Ok(app) => app,
        Err(e) => {
            eprintln!("socialmine-setup: the window could not be opened: {e}");
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

/// The app's configuration (tauri.conf.json). The `e2e` build, and only it, lets the updater
/// ask a plain-http endpoint, so that the end-to-end tests can serve an update manifest on
/// loopback; every other build asks `https` endpoints only.
fn context() -> tauri::Context<tauri::Wry> {
    #[allow(unused_mut)]
    let mut context = tauri::generate_context!();
    #[cfg(feature = "e2e")]
    if let Some(updater) = context
        .config_mut()
        .plugins
        .0
        .get_mut("updater")
        .and_then(serde_json::Value::as_object_mut)
    {
        updater.insert("dangerousInsecureTransportProtocol".into(), true.into());
    }
    context
}
