//! The scope checklists and handover reports (issue 12): the checklist of the open deployment,
//! a tick or note (one state with the wizard's scope step, saved by the draft's autosave), and
//! exports to the Downloads folder, which run off the main thread.

use socialmine_app::checklist::ReportDone;
use socialmine_app::view::DraftView;
use socialmine_core::report::{ChecklistView, ItemKey, ReportFormat};
use socialmine_core::{AppError, PlatformId};

use super::App;

/// The open deployment's checklist of some platforms (all when the list is empty).
#[tauri::command]
pub fn get_checklist(
    state: App<'_>,
    platforms: Vec<PlatformId>,
) -> Result<ChecklistView, AppError> {
    state.checklist(&platforms)
}

/// Ticks or unticks an item and sets its note; saved with the deployment.
#[tauri::command]
pub fn set_checklist_item(
    state: App<'_>,
    platform: PlatformId,
    item: ItemKey,
    ticked: bool,
    note: Option<String>,
) -> Result<DraftView, AppError> {
    state.set_checklist_item(platform, item, ticked, note)
}

/// Writes the checklist of some platforms (all when empty) to the Downloads folder.
#[tauri::command]
pub async fn export_checklist(
    state: App<'_>,
    platforms: Vec<PlatformId>,
    format: ReportFormat,
) -> Result<ReportDone, AppError> {
    state
        .blocking(move |s| s.export_checklist(&platforms, format))
        .await
}

/// Writes the handover report of the open deployment (`id` null) or a stored one.
#[tauri::command]
pub async fn export_handover(
    state: App<'_>,
    id: Option<String>,
    format: ReportFormat,
) -> Result<ReportDone, AppError> {
    state
        .blocking(move |s| s.export_handover(id.as_deref(), format))
        .await
}
