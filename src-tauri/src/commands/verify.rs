//! Live verification from the window (issue 10): a few lines over `socialmine_app::verify`.
//! Async, so the probes never hold up the window; each check goes to the window through a
//! channel as soon as it ends.

use std::sync::Arc;

use socialmine_app::verify::{VerificationsView, VerifyProgress};
use socialmine_core::{AppError, ErrorCode, PlatformId};
use socialmine_net::verify::{CheckResult, VerifySettings};
use tauri::ipc::Channel;

use super::App;

/// The settings for this run: the defaults, with `SOCIALMINE_SETUP_PROVIDER_OVERRIDE` (tests).
fn settings() -> Result<VerifySettings, AppError> {
    VerifySettings::from_env().map_err(|e| AppError::new(ErrorCode::BadOverride, format!("{e}.")))
}

/// The last verification of each platform of the open deployment, and where to try each
/// platform's sign-in in the browser.
#[tauri::command]
pub async fn verifications(state: App<'_>) -> Result<VerificationsView, AppError> {
    state.ready().await;
    state.verifications(&settings()?.routes).await
}

/// Verifies `platforms` of the open deployment (empty: all it sets up) with the providers.
#[tauri::command]
pub async fn verify(
    state: App<'_>,
    platforms: Vec<PlatformId>,
    on_progress: Channel<VerifyProgress>,
) -> Result<VerificationsView, AppError> {
    state.ready().await;
    let progress = Arc::new(move |platform, result: &CheckResult| {
        let _ = on_progress.send(VerifyProgress {
            platform,
            result: result.clone(),
        });
    });
    state.verify(platforms, &settings()?, progress).await
}
