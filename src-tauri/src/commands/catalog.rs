use socialmine_core::{AppError, Catalog, PlatformFacts, PlatformId, TroubleshootEntry};
use tauri::State;

use socialmine_app::state::AppState;

/// The six platforms, in SocialMine's order, from the catalog in use.
#[tauri::command]
pub fn list_platforms(state: State<'_, AppState>) -> Result<Vec<PlatformFacts>, AppError> {
    Ok(state
        .catalog
        .platforms_in_order()
        .into_iter()
        .cloned()
        .collect())
}

/// The whole catalog in use (steps, scopes, fields, versions, troubleshooting).
#[tauri::command]
pub fn get_catalog(state: State<'_, AppState>) -> Result<Catalog, AppError> {
    Ok(state.catalog.clone())
}

/// The likely causes of a pasted error message, best match first.
#[tauri::command]
pub fn troubleshoot(
    state: State<'_, AppState>,
    text: String,
    platform: Option<PlatformId>,
) -> Result<Vec<TroubleshootEntry>, AppError> {
    Ok(state
        .catalog
        .troubleshoot(&text, platform)
        .into_iter()
        .cloned()
        .collect())
}
