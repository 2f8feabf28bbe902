//! The provider facts' status and updates (issue 11): the start screen's facts line, "Check
//! for updates", the daily background check, and its switch. Each a few lines over
//! `socialmine_app::catalog`; they wait for start-up (the data folder) and run the downloads
//! on the async runtime, never the main thread.

use socialmine_app::catalog::{CatalogCheck, CatalogView};
use socialmine_core::{AppError, ErrorCode};

use super::App;

/// "Provider facts checked on DATE", where they came from, the 45-day notice, the unofficial
/// banner, and whether the background check is on.
#[tauri::command]
pub async fn catalog_status(state: App<'_>) -> Result<CatalogView, AppError> {
    state.ready().await;
    Ok(state.catalog_view(state.clock.today()))
}

/// Downloads, verifies and installs newer provider facts; says what changed or why not.
#[tauri::command]
pub async fn check_catalog_update(state: App<'_>) -> Result<CatalogCheck, AppError> {
    state.ready().await;
    state.check_for_catalog_update(state.clock.today()).await
}

/// The background look, at most once a day when switched on; `null` when nothing was
/// installed (not due, offline, or already the newest).
#[tauri::command]
pub async fn background_catalog_check(state: App<'_>) -> Result<Option<CatalogCheck>, AppError> {
    state.ready().await;
    Ok(state.background_catalog_check(state.clock.today()).await)
}

/// Switches the daily background check on or off.
#[tauri::command]
pub async fn set_catalog_auto_check(state: App<'_>, on: bool) -> Result<CatalogView, AppError> {
    state.ready().await;
    let app = state.inner().clone();
    tokio::task::spawn_blocking(move || app.set_catalog_auto_check(on, app.clock.today()))
        .await
        .map_err(|e| {
            AppError::new(
                ErrorCode::Internal,
                format!("The setting was not saved: {e}"),
            )
        })?
}
