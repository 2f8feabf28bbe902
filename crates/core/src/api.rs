//! Types the app's UI receives from its backend, shared with TypeScript through ts-rs
//! (generated into `ui/src/lib/bindings`; `make bindings` regenerates them).

use serde::Serialize;
use ts_rs::TS;

use crate::error_code::ErrorCode;

/// An error as the UI receives it: a stable machine-readable `code` and a plain-English
/// `message` that says what went wrong and what to do next. Never carries a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
#[ts(export)]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> AppError {
        AppError {
            code,
            message: message.into(),
        }
    }
}

/// The deployment (one SocialMine installation) the assistant is working on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DeploymentSummary {
    pub name: String,
    /// The deployment's `API_PUBLIC_URL`.
    pub api_public_url: String,
    /// Where its admin API answers.
    pub admin_url: String,
    /// Whether this is the embedded practice server.
    pub is_sandbox: bool,
}
