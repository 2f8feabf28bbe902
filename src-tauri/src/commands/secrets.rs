use socialmine_app::clipboard::CopyDone;
use socialmine_app::view::DraftView;
use socialmine_core::{AppError, PlatformId};

use super::App;

/// Removes the stored client secret of a platform (the window asks for confirmation first).
#[tauri::command]
pub fn remove_secret(state: App<'_>, platform: PlatformId) -> Result<DraftView, AppError> {
    state.remove_secret(platform)
}

/// Puts the stored client secret on the clipboard from Rust, marked sensitive, and clears it
/// after the configured delay if unchanged: the secret never goes to the window.
#[tauri::command]
pub async fn copy_secret(state: App<'_>, platform: PlatformId) -> Result<CopyDone, AppError> {
    state.copy_secret(platform).await
}
