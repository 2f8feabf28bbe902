//! The provider facts as the window reads them: the whole catalog in use and the
//! troubleshooting lookup. A few lines each over `socialmine_app`.

use socialmine_core::{AppError, Catalog, PlatformId, TroubleshootEntry};

use super::App;

/// The whole catalog in use (steps, scopes, fields, versions, troubleshooting).
#[tauri::command]
pub fn get_catalog(state: App<'_>) -> Result<Catalog, AppError> {
    Ok(state.catalog.get().catalog.clone())
}

/// The likely causes of a pasted error message, best match first.
#[tauri::command]
pub fn troubleshoot(
    state: App<'_>,
    text: String,
    platform: Option<PlatformId>,
) -> Result<Vec<TroubleshootEntry>, AppError> {
    state.troubleshoot(&text, platform)
}
