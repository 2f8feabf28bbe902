//! The pure domain of the SocialMine Setup Assistant.
//!
//! Nothing in this crate touches tauri, the file system or the network: callers hand it
//! strings and get typed answers back, which keeps it fast to test and safe to fuzz.

pub mod api;
pub mod catalog;
pub mod checks;
pub mod date;
pub mod deployment;
pub mod finding;
pub mod platform;
pub mod secret;
pub mod text;
pub mod urls;

pub use api::{AppError, DeploymentSummary};
pub use catalog::{
    Catalog, CatalogError, Confidence, ConsoleLink, ConsoleStep, CredentialRole, CredentialShape,
    FormField, GraphApiVersion, PlatformFacts, ScopeAccess, ScopeFacts, ScopeSeparator,
    ScopeStatus, Source, TroubleshootEntry,
};
pub use checks::{
    FieldContext, check_deployment, check_field, check_platform, clean_value, effective_callback,
};
pub use date::{BadDate, Date};
pub use deployment::{
    Deployment, DeploymentError, EnvImportError, FixError, PlatformConfig, SecretsInFile,
    api_public_url_from_env,
};
pub use finding::{
    Code, DeploymentFindings, Field, Finding, FixAction, MismatchDetail, PlatformReport,
    RedirectMismatch, Report, Severity,
};
pub use platform::{PlatformId, UnknownPlatform};
pub use secret::{Secret, Sensitive};
pub use urls::{compare_redirect, derive_callback};
