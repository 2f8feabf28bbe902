//! The open draft: read it, change a field, apply a one-click fix, record wizard progress,
//! import a `.env`, save now. Edits are synchronous and in memory (the autosave writes);
//! reading waits for start-up.

use socialmine_app::view::{DraftView, PlatformProgress, SaveState};
use socialmine_app::workspace;
use socialmine_core::{AppError, Field, FixAction, PlatformId, Secret};

use super::App;

/// The draft of the deployment in use (waits for start-up to have loaded it).
#[tauri::command]
pub async fn get_draft(state: App<'_>) -> Result<DraftView, AppError> {
    state.ready().await;
    Ok(state.view(&state.workspace()))
}

/// Sets one field (of the deployment when `platform` is null); saved once typing pauses. The
/// value may be a secret (the client secret field, or one pasted in the wrong field), so it
/// arrives as a zeroizing `Secret`.
#[tauri::command]
pub fn set_field(
    state: App<'_>,
    platform: Option<PlatformId>,
    field: Field,
    value: Secret,
) -> Result<DraftView, AppError> {
    state.set_field(platform, field, value)
}

/// Applies a finding's one-click fix.
#[tauri::command]
pub fn apply_fix(
    state: App<'_>,
    platform: Option<PlatformId>,
    field: Field,
    action: FixAction,
) -> Result<DraftView, AppError> {
    state.edit(|ws| ws.apply_fix(platform, field, &action))
}

/// Records how far the admin got in a platform's wizard.
#[tauri::command]
pub fn set_progress(
    state: App<'_>,
    platform: PlatformId,
    progress: PlatformProgress,
) -> Result<DraftView, AppError> {
    state.edit(|ws| ws.set_progress(platform, progress))
}

/// Takes API_PUBLIC_URL from the text of a SocialMine root `.env` file.
#[tauri::command]
pub fn import_env(state: App<'_>, text: Secret) -> Result<DraftView, AppError> {
    // The `.env` text holds the server's own secrets besides API_PUBLIC_URL.
    state.edit(|ws| workspace::import_env(ws, text.expose_str()))
}

/// Saves what is pending now (a field was left) and says how it went.
#[tauri::command]
pub async fn save_draft(state: App<'_>) -> Result<SaveState, AppError> {
    state.ready().await;
    state.flush().await;
    Ok(state.save_state())
}
