//! The scope checklists and handover reports (issue 12): the checklist of the open deployment,
//! a tick or note (one state with the wizard's scope step), and exports to the Downloads
//! folder, which run off the window's thread.

use socialmine_app::checklist::ReportDone;
use socialmine_app::state::AppState;
use socialmine_app::view::DraftView;
use socialmine_core::report::{ChecklistView, ItemKey, ReportFormat};
use socialmine_core::{AppError, PlatformId};
use tauri::{AppHandle, Manager, State};

/// The open deployment's checklist of some platforms (all when the list is empty).
#[tauri::command]
pub fn get_checklist(state: State<'_, AppState>, platforms: Vec<PlatformId>) -> ChecklistView {
    state.checklist(&platforms)
}

/// Ticks or unticks an item and sets its note; autosaved with the deployment.
#[tauri::command]
pub fn set_checklist_item(
    state: State<'_, AppState>,
    platform: PlatformId,
    item: ItemKey,
    ticked: bool,
    note: Option<String>,
) -> Result<DraftView, AppError> {
    state.set_checklist_item(platform, item, ticked, note)
}

/// Runs file work on the blocking pool, not on the window's thread.
async fn off_thread<T: Send + 'static>(
    app: AppHandle,
    f: impl FnOnce(&AppState) -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    tauri::async_runtime::spawn_blocking(move || f(&app.state::<AppState>()))
        .await
        .map_err(|e| AppError::new("internal", format!("The export stopped unexpectedly: {e}")))?
}

/// Writes the checklist of some platforms (all when empty) to the Downloads folder.
#[tauri::command]
pub async fn export_checklist(
    app: AppHandle,
    platforms: Vec<PlatformId>,
    format: ReportFormat,
) -> Result<ReportDone, AppError> {
    off_thread(app, move |s| s.export_checklist(&platforms, format)).await
}

/// Writes the handover report of the open deployment (`id` null) or a stored one.
#[tauri::command]
pub async fn export_handover(
    app: AppHandle,
    id: Option<String>,
    format: ReportFormat,
) -> Result<ReportDone, AppError> {
    off_thread(app, move |s| s.export_handover(id.as_deref(), format)).await
}
