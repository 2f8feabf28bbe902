use socialmine_core::AppError;
use socialmine_store::{ImportOutcome, OnClash, SecretStorageStatus};
use tauri::State;

use socialmine_app::state::AppState;
use socialmine_app::view::{DeploymentsView, DraftView, ExportDone, ExportFormat};

/// Every deployment with its per-platform status, what needs attention, and secret storage.
#[tauri::command]
pub fn list_deployments(state: State<'_, AppState>) -> Result<DeploymentsView, AppError> {
    state.deployments()
}

/// Adds a deployment (URL typed, or read from a SocialMine `.env` text); returns its id.
#[tauri::command]
pub fn create_deployment(
    state: State<'_, AppState>,
    name: String,
    api_public_url: String,
    env_text: Option<String>,
) -> Result<String, AppError> {
    state.create_deployment(&name, &api_public_url, env_text.as_deref())
}

#[tauri::command]
pub fn rename_deployment(
    state: State<'_, AppState>,
    id: String,
    name: String,
) -> Result<DeploymentsView, AppError> {
    state.rename_deployment(&id, &name)?;
    state.deployments()
}

/// Copies a deployment without its secrets; returns the copy's id.
#[tauri::command]
pub fn duplicate_deployment(state: State<'_, AppState>, id: String) -> Result<String, AppError> {
    state.duplicate_deployment(&id)
}

/// Deletes a deployment and its keyring entries (the window asks for confirmation first).
#[tauri::command]
pub fn delete_deployment(
    state: State<'_, AppState>,
    id: String,
) -> Result<DeploymentsView, AppError> {
    state.delete_deployment(&id)?;
    state.deployments()
}

/// Opens another deployment in the window (signs out of the old one's admin API).
#[tauri::command]
pub fn switch_deployment(state: State<'_, AppState>, id: String) -> Result<DraftView, AppError> {
    state.switch_deployment(&id)
}

#[tauri::command]
pub fn secret_storage(state: State<'_, AppState>) -> Result<SecretStorageStatus, AppError> {
    state.secret_storage()
}

#[tauri::command]
pub fn retry_keyring(state: State<'_, AppState>) -> Result<SecretStorageStatus, AppError> {
    state.retry_keyring()
}

#[tauri::command]
pub fn use_session_only_secrets(
    state: State<'_, AppState>,
) -> Result<SecretStorageStatus, AppError> {
    state.use_session_only_secrets()
}

/// Writes the open deployment to a file (TOML without secrets, or an encrypted bundle).
#[tauri::command]
pub fn export_deployment(
    state: State<'_, AppState>,
    format: ExportFormat,
    passphrase: Option<String>,
    passphrase_again: Option<String>,
) -> Result<ExportDone, AppError> {
    state.export_current(format, passphrase, passphrase_again)
}

/// Imports a deployment file or bundle read by the window; a name clash is answered as asked.
#[tauri::command]
pub fn import_deployment(
    state: State<'_, AppState>,
    bytes: Vec<u8>,
    passphrase: Option<String>,
    on_clash: OnClash,
) -> Result<ImportOutcome, AppError> {
    state.import_deployment(&bytes, passphrase, on_clash)
}
