//! Updates of the app itself (issue 14): "Check for app updates" and, after the user saw the
//! version and its notes, "Install and restart". Each a few lines over `crate::updater`, with
//! the endpoint from the settings (`socialmine_app::updates`).

use socialmine_core::AppError;
use tauri::{AppHandle, Runtime};

use super::App;
use crate::updater::{self, UpdateCheck};

/// What the update endpoint offers; never downloads or installs anything. A server that cannot
/// be reached is an answer (`unreachable`), not an error.
#[tauri::command]
pub async fn check_for_update<R: Runtime>(
    app: AppHandle<R>,
    state: App<'_>,
) -> Result<UpdateCheck, AppError> {
    state.ready().await;
    let endpoint = state.update_endpoint().unwrap_or_default();
    Ok(updater::check(&app, &endpoint).await)
}

/// Installs `version`, the one the user agreed to, once its signature checks out; saves what
/// is pending first, then restarts the app. Refuses when the server now offers another one.
#[tauri::command]
pub async fn install_update<R: Runtime>(
    app: AppHandle<R>,
    state: App<'_>,
    version: String,
) -> Result<(), AppError> {
    socialmine_app::bounds::version(&version)?;
    state.ready().await;
    state.flush().await;
    let endpoint = state.update_endpoint().unwrap_or_default();
    updater::install(&app, &endpoint, &version)
        .await
        .map_err(|e| {
            AppError::new(
                socialmine_core::ErrorCode::UpdateNotInstalled,
                e.to_string(),
            )
        })
}
