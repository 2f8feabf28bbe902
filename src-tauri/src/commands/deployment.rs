use socialmine_core::{AppError, DeploymentSummary};
use tauri::State;

use crate::state::AppState;

/// The deployment in use: the embedded sandbox until the user picks another.
#[tauri::command]
pub fn current_deployment(state: State<'_, AppState>) -> Result<DeploymentSummary, AppError> {
    let sandbox = state.sandbox.as_ref().ok_or_else(|| {
        AppError::new(
            "sandbox_unavailable",
            state
                .sandbox_error
                .clone()
                .unwrap_or_else(|| "The practice server is not running.".into()),
        )
    })?;
    Ok(DeploymentSummary {
        name: "Sandbox (practice server)".into(),
        api_public_url: sandbox.api_public_url().to_owned(),
        admin_url: sandbox.base_url(),
        is_sandbox: true,
    })
}
