//! Conversions from the crates' errors into the `{ code, message }` error commands return.

pub use socialmine_core::{AppError, ErrorCode};

/// Converts a crate error into the error the UI receives.
pub fn sandbox_error(e: &socialmine_sandbox::SandboxError) -> AppError {
    AppError::new(ErrorCode::SandboxUnavailable, e.to_string())
}
