//! The provider facts' status and updates (issue 11): the start screen's facts line, "Check
//! for updates", the daily background check, and its switch. Each a few lines over
//! `socialmine_app::catalog`; the downloads run on the async runtime, never the main thread.

use socialmine_app::catalog::{CatalogCheck, CatalogView};
use socialmine_app::clock::today_utc;
use socialmine_app::state::AppState;
use socialmine_core::AppError;
use tauri::State;

/// "Provider facts checked on DATE", where they came from, the 45-day notice, the unofficial
/// banner, and whether the background check is on.
#[tauri::command]
pub fn catalog_status(state: State<'_, AppState>) -> Result<CatalogView, AppError> {
    Ok(state.catalog_view(today_utc()))
}

/// Downloads, verifies and installs newer provider facts; says what changed or why not.
#[tauri::command]
pub async fn check_catalog_update(state: State<'_, AppState>) -> Result<CatalogCheck, AppError> {
    state.check_for_catalog_update(today_utc()).await
}

/// The background look, at most once a day when switched on; `null` when nothing was
/// installed (not due, offline, or already the newest).
#[tauri::command]
pub async fn background_catalog_check(
    state: State<'_, AppState>,
) -> Result<Option<CatalogCheck>, AppError> {
    Ok(state.background_catalog_check(today_utc()).await)
}

/// Switches the daily background check on or off.
#[tauri::command]
pub fn set_catalog_auto_check(
    state: State<'_, AppState>,
    on: bool,
) -> Result<CatalogView, AppError> {
    state.set_catalog_auto_check(on, today_utc())
}
