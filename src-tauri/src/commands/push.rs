//! Signing in to a deployment's admin API and pushing its draft from the window: sign-in,
//! the dry-run plan, the push with progress, the paste sheet and the secret copy. A few lines
//! each over `socialmine_app::push`.

use socialmine_app::view::{PushPlan, PushSelection, SignedInView};
use socialmine_core::{AppError, PlatformId, Secret};
use socialmine_net::{PasteSheet, PushOutcome, PushReport};
use tauri::ipc::Channel;

use super::App;

/// Signs in to the deployment's admin API with email and password (used for this request only).
#[tauri::command]
pub async fn sign_in(
    state: App<'_>,
    email: String,
    password: Secret,
) -> Result<SignedInView, AppError> {
    state.sign_in(email, password).await
}

/// Uses a pasted admin token.
#[tauri::command]
pub async fn sign_in_with_token(state: App<'_>, token: Secret) -> Result<SignedInView, AppError> {
    state.sign_in_with_token(token).await
}

/// Signs in again with the token kept in the keyring, if the server still accepts it.
#[tauri::command]
pub async fn resume_sign_in(state: App<'_>) -> Result<Option<SignedInView>, AppError> {
    state.resume_sign_in().await
}

/// Compares the server with the draft for every platform: sends nothing.
#[tauri::command]
pub async fn plan_push(
    state: App<'_>,
    selection: Vec<PushSelection>,
) -> Result<PushPlan, AppError> {
    state.plan_push(selection).await
}

/// Saves the selected platforms, then switches on those asked for; each platform's outcome
/// goes to the window as soon as it is known.
#[tauri::command]
pub async fn push(
    state: App<'_>,
    selection: Vec<PushSelection>,
    overwrite: Vec<PlatformId>,
    on_progress: Channel<PushOutcome>,
) -> Result<PushReport, AppError> {
    state
        .push(selection, overwrite, |outcome| {
            let _ = on_progress.send(outcome.clone());
        })
        .await
}

/// What to type into SocialMine's own Configure form for one platform.
#[tauri::command]
pub fn paste_sheet(state: App<'_>, platform: PlatformId) -> Result<PasteSheet, AppError> {
    Ok(state.paste_sheet(platform))
}
