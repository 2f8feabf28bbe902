use socialmine_core::{AppError, DeploymentSummary};
use tauri::State;

use socialmine_app::state::AppState;

/// The deployment open in the window: the practice one (the embedded sandbox) until the user
/// opens another on the Deployments screen.
#[tauri::command]
pub fn current_deployment(state: State<'_, AppState>) -> Result<DeploymentSummary, AppError> {
    let admin_url = state.admin_base()?;
    let ws = state.workspace();
    Ok(DeploymentSummary {
        name: ws
            .deployment
            .name
            .clone()
            .unwrap_or_else(|| ws.deployment.api_public_url.clone()),
        api_public_url: ws.deployment.api_public_url.clone(),
        admin_url,
        is_sandbox: state.is_sandbox(&ws),
    })
}
