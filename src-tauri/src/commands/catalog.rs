use socialmine_core::{AppError, PlatformFacts};
use tauri::State;

use crate::state::AppState;

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
