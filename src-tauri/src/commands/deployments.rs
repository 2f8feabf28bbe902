//! Managing deployments from the window: list, create, rename, duplicate, delete, switch,
//! where secrets are kept, export and import. A few lines each over
//! `socialmine_app::deployments`; file and keyring work runs off the main thread.

use socialmine_app::view::{DeploymentsView, DraftView, ExportDone, ExportFormat};
use socialmine_core::{AppError, Secret, Sensitive};
use socialmine_store::{ImportOutcome, OnClash, SecretStorageStatus};

use super::App;

/// Every deployment with its per-platform status, what needs attention, and secret storage.
#[tauri::command]
pub async fn list_deployments(state: App<'_>) -> Result<DeploymentsView, AppError> {
    state.blocking(|s| s.deployments()).await
}

/// Adds a deployment (URL typed, or read from a SocialMine `.env` text); returns its id.
#[tauri::command]
pub async fn create_deployment(
    state: App<'_>,
    name: String,
    api_public_url: String,
    env_text: Option<Secret>,
) -> Result<String, AppError> {
    // A SocialMine root `.env` holds the server's own secrets besides API_PUBLIC_URL.
    state
        .blocking(move |s| {
            s.create_deployment(
                &name,
                &api_public_url,
                env_text.as_ref().map(Secret::expose_str),
            )
        })
        .await
}

#[tauri::command]
pub async fn rename_deployment(
    state: App<'_>,
    id: String,
    name: String,
) -> Result<DeploymentsView, AppError> {
    state
        .blocking(move |s| {
            s.rename_deployment(&id, &name)?;
            s.deployments()
        })
        .await
}

/// Copies a deployment without its secrets; returns the copy's id.
#[tauri::command]
pub async fn duplicate_deployment(state: App<'_>, id: String) -> Result<String, AppError> {
    state.blocking(move |s| s.duplicate_deployment(&id)).await
}

/// Deletes a deployment and its keyring entries (the window asks for confirmation first).
#[tauri::command]
pub async fn delete_deployment(state: App<'_>, id: String) -> Result<DeploymentsView, AppError> {
    state
        .blocking(move |s| {
            s.delete_deployment(&id)?;
            s.deployments()
        })
        .await
}

/// Opens another deployment in the window (signs out of the old one's admin API).
#[tauri::command]
pub async fn switch_deployment(state: App<'_>, id: String) -> Result<DraftView, AppError> {
    state.blocking(move |s| s.switch_deployment(&id)).await
}

/// Where secrets are kept, once the keyring has answered (or was given up on): the first
/// screen does not wait for this.
#[tauri::command]
pub async fn secret_storage(state: App<'_>) -> Result<SecretStorageStatus, AppError> {
    state.settled().await;
    state.blocking(|s| s.secret_storage()).await
}

#[tauri::command]
pub async fn retry_keyring(state: App<'_>) -> Result<SecretStorageStatus, AppError> {
    state.blocking(|s| s.retry_keyring()).await
}

#[tauri::command]
pub async fn use_session_only_secrets(state: App<'_>) -> Result<SecretStorageStatus, AppError> {
    state.blocking(|s| s.use_session_only_secrets()).await
}

/// Writes the open deployment to a file (TOML without secrets, or an encrypted bundle, with
/// the admin sign-in only when asked for), off the main thread.
#[tauri::command]
pub async fn export_deployment(
    state: App<'_>,
    format: ExportFormat,
    passphrase: Option<Secret>,
    passphrase_again: Option<Secret>,
    include_admin_sign_in: bool,
) -> Result<ExportDone, AppError> {
    state
        .blocking(move |s| {
            s.export_current(format, passphrase, passphrase_again, include_admin_sign_in)
        })
        .await
}

/// Imports a deployment file or bundle read by the window; a name clash is answered as asked.
#[tauri::command]
pub async fn import_deployment(
    state: App<'_>,
    bytes: Sensitive<Vec<u8>>,
    passphrase: Option<Secret>,
    on_clash: OnClash,
) -> Result<ImportOutcome, AppError> {
    state
        .blocking(move |s| s.import_deployment(bytes.expose(), passphrase, on_clash))
        .await
}
