//! The pure domain of the SocialMine Setup Assistant.
//!
//! Nothing in this crate touches tauri, the file system or the network: callers hand it
//! strings and get typed answers back, which keeps it fast to test and safe to fuzz.
//!
//! The main entry points:
//! - [`Catalog`]: provider facts (scopes, credential shapes, console steps, Graph API
//!   versions, troubleshooting), built in or a newer signed one; [`staleness`] says when it is
//!   older than 45 days, [`catalog::diff`] what changed between two.
//! - [`Deployment`]: the deployment file ([`Deployment::parse`], [`Deployment::to_toml`],
//!   [`Deployment::apply_fix`]); [`api_public_url_from_env`] reads a SocialMine `.env` text.
//! - [`check_field`] (one value, on every keystroke) and [`check_deployment`] (everything,
//!   as `socialmine-setup check` prints it), producing [`Finding`]s and a [`Report`].
//! - [`derive_callback`] and [`compare_redirect`] for callback URLs.
//! - [`Secret`] / [`Sensitive`]: values that print as `<redacted>`.
//! - [`report`]: scope checklists (ticks and notes saved in the deployment) and handover
//!   reports, as Markdown and printable self-contained HTML.

pub mod api;
pub mod bounds;
pub mod catalog;
pub mod chardiff;
pub mod checks;
pub mod date;
pub mod deployment;
pub mod endpoints;
pub mod error_code;
pub mod finding;
pub mod platform;
pub mod report;
pub mod secret;
pub mod text;
pub mod urls;

pub use api::{AppError, DeploymentSummary};
pub use bounds::{InputError, Limits, TextKind};
pub use catalog::{
    Catalog, CatalogDiff, CatalogError, CatalogOrigin, CatalogPlatformDiff, Confidence,
    ConsoleLink, ConsoleStep, CredentialRole, CredentialShape, FormField, GraphApiVersion,
    PlatformFacts, STALE_AFTER_DAYS, ScopeAccess, ScopeFacts, ScopeSeparator, ScopeStatus, Source,
    StaleNotice, TroubleshootEntry, staleness,
};
pub use chardiff::{CharDiff, Segment};
pub use checks::{
    FieldContext, check_deployment, check_field, check_platform, clean_value, effective_callback,
};
pub use date::{BadDate, Date};
pub use deployment::{
    Deployment, DeploymentError, EnvImportError, FixError, PlatformConfig, SecretsInFile,
    api_public_url_from_env,
};
pub use endpoints::{
    AnswerMeaning, ClientAuth, CredentialProbe, PkceRule, ProbeAnswer, ProviderEndpoints,
};
pub use error_code::ErrorCode;
pub use finding::{
    Code, DeploymentFindings, Field, Finding, FixAction, MismatchDetail, PlatformReport,
    RedirectMismatch, Report, Severity,
};
pub use platform::{PlatformId, UnknownPlatform};
pub use report::{
    ChecklistState, ChecklistView, HandoverInput, ItemKey, PushRecord, ReportFormat, SecretInfo,
    Tick, VerificationResult, VerificationStatus, checklist_view, render_checklist,
    render_handover,
};
pub use secret::{Secret, Sensitive};
pub use urls::{compare_redirect, derive_callback};
