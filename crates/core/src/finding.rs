//! What the checks report: findings with a severity, a stable code, a plain-English message
//! and a fix, grouped into a report per deployment and platform.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::platform::PlatformId;

/// A field of the deployment file (and of the wizard's forms).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Field {
    Name,
    ApiPublicUrl,
    AdminUrl,
    ClientId,
    ClientSecret,
    AppVersion,
    CallbackUrl,
    Scope,
    ConsoleRedirectUrl,
}

impl Field {
    /// The key as the deployment file spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::ApiPublicUrl => "api_public_url",
            Field::AdminUrl => "admin_url",
            Field::ClientId => "client_id",
            Field::ClientSecret => "client_secret",
            Field::AppVersion => "app_version",
            Field::CallbackUrl => "callback_url",
            Field::Scope => "scope",
            Field::ConsoleRedirectUrl => "console_redirect_url",
        }
    }

    /// Whether the field holds a secret (its value never appears in a message).
    pub fn is_secret(self) -> bool {
        self == Field::ClientSecret
    }

    /// The fields of a platform section, in the file's order.
    pub const PLATFORM_FIELDS: [Field; 6] = [
        Field::ClientId,
        Field::ClientSecret,
        Field::AppVersion,
        Field::CallbackUrl,
        Field::Scope,
        Field::ConsoleRedirectUrl,
    ];
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How bad a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Severity {
    /// Worth knowing; nothing to fix.
    Info,
    /// Probably wrong, or wrong for production; the admin decides.
    Warning,
    /// Will not work as entered: fix before pushing.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// The stable code of a finding. The GUI and scripts match on these; never rename one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Code {
    // URLs (api_public_url, admin_url, callback_url)
    Required,
    NotAUrl,
    ApiSuffix,
    TrailingSlash,
    InsecureScheme,
    HasPath,
    HasQueryOrFragment,
    NotPublicHost,
    UppercaseHost,
    // Any pasted value
    Whitespace,
    InvisibleCharacter,
    Quoted,
    // Credentials
    Format,
    Swapped,
    SameValue,
    /// A non-secret field (a client ID, an address) holds what looks like a client secret.
    SecretInField,
    LegacyXApiKey,
    SharedWithFacebook,
    TiktokSandboxKey,
    // app_version
    Expired,
    ExpiringSoon,
    UnknownVersion,
    NotApplicable,
    // scope
    ScopeSeparator,
    UnknownScope,
    DeprecatedScope,
    MissingRequiredScope,
    DuplicateScope,
    RestrictedScope,
    RecommendedScopeMissing,
    // callback_url override
    DiffersFromDefault,
    RedundantOverride,
    // console_redirect_url
    RedirectMismatch,
}

impl Code {
    /// Every code, for exhaustive tests and documentation.
    pub const ALL: [Code; 33] = [
        Code::Required,
        Code::NotAUrl,
        Code::ApiSuffix,
        Code::TrailingSlash,
        Code::InsecureScheme,
        Code::HasPath,
        Code::HasQueryOrFragment,
        Code::NotPublicHost,
        Code::UppercaseHost,
        Code::Whitespace,
        Code::InvisibleCharacter,
        Code::Quoted,
        Code::Format,
        Code::Swapped,
        Code::SameValue,
        Code::SecretInField,
        Code::LegacyXApiKey,
        Code::SharedWithFacebook,
        Code::TiktokSandboxKey,
        Code::Expired,
        Code::ExpiringSoon,
        Code::UnknownVersion,
        Code::NotApplicable,
        Code::ScopeSeparator,
        Code::UnknownScope,
        Code::DeprecatedScope,
        Code::MissingRequiredScope,
        Code::DuplicateScope,
        Code::RestrictedScope,
        Code::RecommendedScopeMissing,
        Code::DiffersFromDefault,
        Code::RedundantOverride,
        Code::RedirectMismatch,
    ];

    /// The code as it appears in JSON (`redirect_mismatch`).
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Required => "required",
            Code::NotAUrl => "not_a_url",
            Code::ApiSuffix => "api_suffix",
            Code::TrailingSlash => "trailing_slash",
            Code::InsecureScheme => "insecure_scheme",
            Code::HasPath => "has_path",
            Code::HasQueryOrFragment => "has_query_or_fragment",
            Code::NotPublicHost => "not_public_host",
            Code::UppercaseHost => "uppercase_host",
            Code::Whitespace => "whitespace",
            Code::InvisibleCharacter => "invisible_character",
            Code::Quoted => "quoted",
            Code::Format => "format",
            Code::Swapped => "swapped",
            Code::SameValue => "same_value",
            Code::SecretInField => "secret_in_field",
            Code::LegacyXApiKey => "legacy_x_api_key",
            Code::SharedWithFacebook => "shared_with_facebook",
            Code::TiktokSandboxKey => "tiktok_sandbox_key",
            Code::Expired => "expired",
            Code::ExpiringSoon => "expiring_soon",
            Code::UnknownVersion => "unknown_version",
            Code::NotApplicable => "not_applicable",
            Code::ScopeSeparator => "scope_separator",
            Code::UnknownScope => "unknown_scope",
            Code::DeprecatedScope => "deprecated_scope",
            Code::MissingRequiredScope => "missing_required_scope",
            Code::DuplicateScope => "duplicate_scope",
            Code::RestrictedScope => "restricted_scope",
            Code::RecommendedScopeMissing => "recommended_scope_missing",
            Code::DiffersFromDefault => "differs_from_default",
            Code::RedundantOverride => "redundant_override",
            Code::RedirectMismatch => "redirect_mismatch",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A fix the GUI can apply with one click. [`FixAction::apply`] performs the single-field
/// ones, so the GUI, the CLI and the tests all fix values the same way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum FixAction {
    /// Remove leading and trailing whitespace (spaces, tabs, newlines).
    Trim,
    /// Remove the quotes around the value (and whitespace inside them).
    RemoveQuotes,
    /// Remove zero-width characters, byte-order marks and control characters; no-break
    /// spaces and tabs or newlines inside the value become ordinary spaces; then trim.
    RemoveInvisible,
    /// Exchange this field's value with the value of `other` (same platform).
    SwapFields { other: Field },
    /// Clear the callback URL override, so that SocialMine uses the callback it derives
    /// from API_PUBLIC_URL (`value`, shown for information).
    UseDerivedCallback { value: String },
    /// Replace the value with `value` (never used for secrets).
    ReplaceWith { value: String },
    /// Empty the field.
    Clear,
}

impl FixAction {
    /// The field's new value after this fix, or `None` for a fix that involves another
    /// field ([`FixAction::SwapFields`]).
    pub fn apply(&self, value: &str) -> Option<String> {
        match self {
            FixAction::Trim => Some(value.trim().to_owned()),
            FixAction::RemoveQuotes => Some(crate::text::remove_quotes(value)),
            FixAction::RemoveInvisible => Some(crate::text::remove_invisible(value)),
            FixAction::SwapFields { .. } => None,
            FixAction::UseDerivedCallback { .. } | FixAction::Clear => Some(String::new()),
            FixAction::ReplaceWith { value } => Some(value.clone()),
        }
    }
}

/// Where a console redirect URL first differs from the callback SocialMine sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MismatchDetail {
    /// Only a trailing (or doubled) slash differs.
    TrailingSlash,
    /// `http` against `https` (or another scheme).
    Scheme,
    /// A different host name.
    Host,
    /// The same host written in different letter case.
    HostCase,
    /// A different or missing port.
    Port,
    /// Some other difference in the path.
    Path,
    /// The platform segment differs (`/x/` for `/twitter/`).
    PlatformSegment,
    /// The `/api` prefix of the path is missing (or extra).
    ApiPrefix,
    /// The query string or fragment differs.
    Query,
}

impl MismatchDetail {
    pub fn as_str(self) -> &'static str {
        match self {
            MismatchDetail::TrailingSlash => "trailing_slash",
            MismatchDetail::Scheme => "scheme",
            MismatchDetail::Host => "host",
            MismatchDetail::HostCase => "host_case",
            MismatchDetail::Port => "port",
            MismatchDetail::Path => "path",
            MismatchDetail::PlatformSegment => "platform_segment",
            MismatchDetail::ApiPrefix => "api_prefix",
            MismatchDetail::Query => "query",
        }
    }
}

impl fmt::Display for MismatchDetail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The two URLs of a `redirect_mismatch`, with the differing characters marked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RedirectMismatch {
    /// What kind of difference comes first.
    pub detail: MismatchDetail,
    /// The callback SocialMine sends.
    pub expected: String,
    /// What the provider's console has.
    pub actual: String,
    /// `expected` with each differing run wrapped in `[` `]` (`[]` where only `actual` has
    /// characters).
    pub expected_marked: String,
    /// `actual` with each differing run wrapped in `[` `]` (`[]` where only `expected` has
    /// characters).
    pub actual_marked: String,
    /// `expected` as segments, each difference its own marked segment; lines up with
    /// `actual_segments` (what the window shows).
    pub expected_segments: Vec<crate::chardiff::Segment>,
    /// `actual` as segments, each difference its own marked segment.
    pub actual_segments: Vec<crate::chardiff::Segment>,
    /// Character index where the two first differ.
    pub diff_start: usize,
    /// Character index (exclusive) where the last differing part of `expected` ends.
    pub expected_diff_end: usize,
    /// Character index (exclusive) where the last differing part of `actual` ends.
    pub actual_diff_end: usize,
}

/// One problem (or note) about one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Finding {
    pub field: Field,
    pub severity: Severity,
    pub code: Code,
    /// What is wrong and why it matters, in plain English. Never contains a secret.
    pub message: String,
    /// What to do about it, in plain English.
    pub fix: String,
    /// The one-click fix, where one exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub action: Option<FixAction>,
    /// For `redirect_mismatch`: the two URLs and where they differ.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub mismatch: Option<RedirectMismatch>,
}

impl Finding {
    pub fn new(
        field: Field,
        severity: Severity,
        code: Code,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Finding {
        Finding {
            field,
            severity,
            code,
            message: message.into(),
            fix: fix.into(),
            action: None,
            mismatch: None,
        }
    }

    /// The same finding with a one-click fix.
    pub fn with_action(mut self, action: FixAction) -> Finding {
        self.action = Some(action);
        self
    }
}

/// The findings about the deployment as a whole (`api_public_url`, `admin_url`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DeploymentFindings {
    pub findings: Vec<Finding>,
}

/// The findings about one platform.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PlatformReport {
    /// The callback URL SocialMine will send to the provider (its override when one is set,
    /// else derived from API_PUBLIC_URL); `null` when API_PUBLIC_URL is empty.
    pub callback_url: Option<String>,
    /// Worst first.
    pub findings: Vec<Finding>,
}

/// The result of checking a whole deployment, in the JSON shape `socialmine-setup check`
/// prints: `{ "deployment": { "findings": [...] }, "platforms": { "<id>": {...} } }`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Report {
    pub deployment: DeploymentFindings,
    pub platforms: BTreeMap<PlatformId, PlatformReport>,
}

impl Report {
    /// Every finding, deployment first.
    pub fn all_findings(&self) -> impl Iterator<Item = &Finding> {
        self.deployment
            .findings
            .iter()
            .chain(self.platforms.values().flat_map(|p| p.findings.iter()))
    }

    /// How many findings have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.all_findings()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// Whether at least one finding is an error.
    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }

    /// Whether a platform can be pushed: the deployment and the platform have no error.
    pub fn platform_ready(&self, id: PlatformId) -> bool {
        !self
            .deployment
            .findings
            .iter()
            .any(|f| f.severity == Severity::Error)
            && self
                .platforms
                .get(&id)
                .is_some_and(|p| !p.findings.iter().any(|f| f.severity == Severity::Error))
    }
}
