//! What the running app holds: the catalog in use and the embedded sandbox.

use socialmine_core::Catalog;
use socialmine_sandbox::Sandbox;

/// Managed state of the app.
pub struct AppState {
    pub catalog: Catalog,
    /// The embedded sandbox, the default deployment. `None` if it failed to start, in which
    /// case `sandbox_error` says why.
    pub sandbox: Option<Sandbox>,
    pub sandbox_error: Option<String>,
}
