//! The HTTP routes of the sandbox.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use socialmine_core::PlatformId;

use crate::AppState;

pub(crate) fn router(state: AppState) -> Router {
    Router::new()
        .route("/api/admin/system/info", get(system_info))
        .with_state(state)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SystemInfo {
    product: &'static str,
    version: &'static str,
    api_public_url: String,
    platforms: Vec<&'static str>,
}

async fn system_info(State(state): State<AppState>) -> Json<SystemInfo> {
    Json(SystemInfo {
        product: "SocialMine",
        version: crate::VERSION,
        api_public_url: state.api_public_url,
        platforms: PlatformId::ALL.iter().map(|p| p.as_str()).collect(),
    })
}
