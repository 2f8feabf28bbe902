//! One window per data folder (issue 13 item 11). A second start of the app brings the running
//! window to the front and exits, so two windows never edit, and autosave, the same drafts.
//! (The data folder's own lock, taken by `socialmine_app` at start-up, covers what this cannot
//! see, such as a second window in another desktop session.)
//!
//! On Linux the running window is found over the D-Bus session bus, under a name made from the
//! data folder's path: builds and tests with another data folder (another profile, another
//! `XDG_DATA_HOME`) run side by side.

use socialmine_app::persist::Persistence;
use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Manager, Runtime};

/// The base of the D-Bus name (the app's identifier, in D-Bus's spelling).
const DBUS_BASE: &str = "com.socialmine.setup_assistant";

/// The single-instance plugin; register it before every other plugin.
pub fn plugin<R: Runtime>() -> TauriPlugin<R> {
    let mut builder =
        tauri_plugin_single_instance::Builder::new().callback(|app, _args, _cwd| focus(app));
    if let Ok(dirs) = Persistence::dirs() {
        builder = builder.dbus_id(format!("{DBUS_BASE}.{}", dirs.instance_name()));
    }
    builder.build()
}

/// Brings the main window to the front (a second start asked for it).
fn focus<R: Runtime>(app: &AppHandle<R>) {
    tracing::info!("the app was started again: showing the window that is already open");
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}
