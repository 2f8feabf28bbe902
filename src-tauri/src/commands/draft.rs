use socialmine_core::{AppError, Field, FixAction, PlatformId};
use tauri::State;

use socialmine_app::state::AppState;
use socialmine_app::view::{DraftView, PlatformProgress};
use socialmine_app::workspace;

/// The draft of the deployment in use.
#[tauri::command]
pub fn get_draft(state: State<'_, AppState>) -> Result<DraftView, AppError> {
    Ok(state.view(&state.workspace()))
}

/// Sets one field (of the deployment when `platform` is null) and autosaves.
#[tauri::command]
pub fn set_field(
    state: State<'_, AppState>,
    platform: Option<PlatformId>,
    field: Field,
    value: String,
) -> Result<DraftView, AppError> {
    state.edit(|ws| ws.set_field(platform, field, value))
}

/// Applies a finding's one-click fix and autosaves.
#[tauri::command]
pub fn apply_fix(
    state: State<'_, AppState>,
    platform: Option<PlatformId>,
    field: Field,
    action: FixAction,
) -> Result<DraftView, AppError> {
    state.edit(|ws| ws.apply_fix(platform, field, &action))
}

/// Records how far the admin got in a platform's wizard.
#[tauri::command]
pub fn set_progress(
    state: State<'_, AppState>,
    platform: PlatformId,
    progress: PlatformProgress,
) -> Result<DraftView, AppError> {
    state.edit(|ws| {
        ws.set_progress(platform, progress);
        Ok(())
    })
}

/// Takes API_PUBLIC_URL from the text of a SocialMine root `.env` file.
#[tauri::command]
pub fn import_env(state: State<'_, AppState>, text: String) -> Result<DraftView, AppError> {
    state.edit(|ws| workspace::import_env(ws, &text))
}
