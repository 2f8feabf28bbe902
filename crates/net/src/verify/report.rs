//! The results of live verification, exactly as `socialmine-setup verify --format json`
//! prints them and as the window shows them:
//!
//! ```json
//! { "platforms": { "facebook": { "checks": [
//!     { "check": "credentials", "status": "verified", "code": "credentials_valid",
//!       "message": "…", "fix": null, "elapsed_ms": 212 } ] } } }
//! ```
//!
//! Messages and fixes are plain words for non-technical admins. They never contain a secret:
//! every text a provider sends back is passed through [`scrub`] before it is quoted.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use socialmine_core::PlatformId;
use ts_rs::TS;

/// Everything one verification run found, per platform.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VerifyReport {
    pub platforms: BTreeMap<PlatformId, PlatformVerification>,
}

/// The checks of one platform, in the order credentials, graph_version, callback.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PlatformVerification {
    pub checks: Vec<CheckResult>,
}

/// One check's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CheckResult {
    pub check: CheckKind,
    pub status: CheckStatus,
    pub code: CheckCode,
    /// What happened, in plain words.
    pub message: String,
    /// What to do about it; `null` when nothing needs doing.
    pub fix: Option<String>,
    /// How long the check took, in milliseconds.
    #[ts(type = "number")]
    pub elapsed_ms: u64,
}

/// Which check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CheckKind {
    /// The client ID and secret authenticate with the provider.
    Credentials,
    /// The configured Graph API version still exists (Meta platforms).
    GraphVersion,
    /// The public callback URL answers from outside.
    Callback,
}

impl CheckKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CheckKind::Credentials => "credentials",
            CheckKind::GraphVersion => "graph_version",
            CheckKind::Callback => "callback",
        }
    }
}

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CheckStatus {
    /// The provider or the server confirmed the value.
    Verified,
    /// The provider or the server refused it: users will fail to connect.
    Rejected,
    /// The answer did not say either way (network trouble, an answer the facts do not explain).
    Inconclusive,
    /// Not checked (values missing, or a check it depends on did not pass).
    Skipped,
}

impl CheckStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CheckStatus::Verified => "verified",
            CheckStatus::Rejected => "rejected",
            CheckStatus::Inconclusive => "inconclusive",
            CheckStatus::Skipped => "skipped",
        }
    }
}

/// What exactly a check found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CheckCode {
    // credentials
    CredentialsValid,
    BadClientId,
    BadClientSecret,
    BadClient,
    // graph_version
    VersionOk,
    VersionUpgraded,
    // callback
    Reachable,
    NotFound,
    ServerDown,
    TlsError,
    DnsError,
    Unreachable,
    Redirected,
    // inconclusive
    ProviderError,
    UnexpectedAnswer,
    Timeout,
    Network,
    /// The provider address is not on the app's allowlist (a changed catalog or override).
    AddressNotAllowed,
    // skipped
    /// A value the check needs is missing (client ID, secret, API_PUBLIC_URL, app version).
    NotConfigured,
    /// The check needs verified credentials first.
    NeedsCredentials,
}

impl CheckCode {
    pub fn as_str(self) -> &'static str {
        match self {
            CheckCode::CredentialsValid => "credentials_valid",
            CheckCode::BadClientId => "bad_client_id",
            CheckCode::BadClientSecret => "bad_client_secret",
            CheckCode::BadClient => "bad_client",
            CheckCode::VersionOk => "version_ok",
            CheckCode::VersionUpgraded => "version_upgraded",
            CheckCode::Reachable => "reachable",
            CheckCode::NotFound => "not_found",
            CheckCode::ServerDown => "server_down",
            CheckCode::TlsError => "tls_error",
            CheckCode::DnsError => "dns_error",
            CheckCode::Unreachable => "unreachable",
            CheckCode::Redirected => "redirected",
            CheckCode::ProviderError => "provider_error",
            CheckCode::UnexpectedAnswer => "unexpected_answer",
            CheckCode::Timeout => "timeout",
            CheckCode::Network => "network",
            CheckCode::AddressNotAllowed => "address_not_allowed",
            CheckCode::NotConfigured => "not_configured",
            CheckCode::NeedsCredentials => "needs_credentials",
        }
    }
}

/// The overall outcome of a run, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum VerifyOutcome {
    /// At least one check was rejected.
    Rejected,
    /// Nothing rejected, but at least one check could not decide.
    Inconclusive,
    /// Every check that ran was verified.
    Verified,
    /// Nothing was checked.
    Skipped,
}

impl VerifyReport {
    /// Every check with its platform.
    pub fn checks(&self) -> impl Iterator<Item = (PlatformId, &CheckResult)> {
        self.platforms
            .iter()
            .flat_map(|(p, v)| v.checks.iter().map(move |c| (*p, c)))
    }

    /// The one check of a platform, if it ran.
    pub fn check(&self, platform: PlatformId, kind: CheckKind) -> Option<&CheckResult> {
        self.platforms
            .get(&platform)?
            .checks
            .iter()
            .find(|c| c.check == kind)
    }

    /// Whether any check was rejected.
    pub fn any_rejected(&self) -> bool {
        self.checks()
            .any(|(_, c)| c.status == CheckStatus::Rejected)
    }

    /// The outcome of the whole run.
    pub fn outcome(&self) -> VerifyOutcome {
        let statuses: Vec<CheckStatus> = self.checks().map(|(_, c)| c.status).collect();
        if statuses.contains(&CheckStatus::Rejected) {
            VerifyOutcome::Rejected
        } else if statuses.contains(&CheckStatus::Inconclusive) {
            VerifyOutcome::Inconclusive
        } else if statuses.contains(&CheckStatus::Verified) {
            VerifyOutcome::Verified
        } else {
            VerifyOutcome::Skipped
        }
    }

    /// The command line's exit code: 1 when something was rejected, else 0.
    pub fn exit_code(&self) -> i32 {
        i32::from(self.any_rejected())
    }

    /// The JSON the command line prints with `--format json`.
    pub fn to_json(&self) -> String {
        // A tree of strings, numbers and maps with string keys always serializes.
        serde_json::to_string_pretty(self)
            .unwrap_or_else(|e| panic!("verify report is not serializable: {e}"))
    }

    /// The report in plain words, one block per platform.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        if self.platforms.is_empty() {
            out.push_str("Nothing to verify: the file sets up no platform.\n");
            return out;
        }
        for (platform, v) in &self.platforms {
            let _ = writeln!(out, "{platform}");
            for c in &v.checks {
                let mark = match c.status {
                    CheckStatus::Verified => "ok",
                    CheckStatus::Rejected => "REJECTED",
                    CheckStatus::Inconclusive => "not sure",
                    CheckStatus::Skipped => "skipped",
                };
                let _ = writeln!(
                    out,
                    "  {:<14} {:<9} {} ({}, {} ms)",
                    c.check.as_str(),
                    mark,
                    c.message,
                    c.code.as_str(),
                    c.elapsed_ms
                );
                if let Some(fix) = &c.fix {
                    let _ = writeln!(out, "  {:<14} {:<9} Fix: {fix}", "", "");
                }
            }
        }
        let summary = match self.outcome() {
            VerifyOutcome::Rejected => {
                "Something was rejected: users will not be able to connect until it is fixed."
            }
            VerifyOutcome::Inconclusive => {
                "Nothing was rejected, but some checks could not decide; see above."
            }
            VerifyOutcome::Verified => "Everything that was checked is verified.",
            VerifyOutcome::Skipped => "Nothing could be checked; see above.",
        };
        out.push_str(summary);
        out.push('\n');
        out
    }
}

/// A check's outcome before its time is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Verdict {
    pub status: CheckStatus,
    pub code: CheckCode,
    pub message: String,
    pub fix: Option<String>,
}

impl Verdict {
    pub fn new(status: CheckStatus, code: CheckCode, message: impl Into<String>) -> Verdict {
        Verdict {
            status,
            code,
            message: message.into(),
            fix: None,
        }
    }

    pub fn fix(mut self, fix: impl Into<String>) -> Verdict {
        self.fix = Some(fix.into());
        self
    }

    pub fn into_result(self, check: CheckKind, elapsed: std::time::Duration) -> CheckResult {
        CheckResult {
            check,
            status: self.status,
            code: self.code,
            message: self.message,
            fix: self.fix,
            elapsed_ms: u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX),
        }
    }
}

/// Removes every occurrence of the given secrets from a text a server sent back, drops
/// control characters and shortens it, so it can be quoted in a message.
pub fn scrub(text: &str, secrets: &[&str], max_chars: usize) -> String {
    let mut t: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    for s in secrets.iter().filter(|s| s.len() >= 4) {
        t = t.replace(*s, socialmine_core::secret::REDACTED);
    }
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.chars().count() > max_chars {
        let mut short: String = t.chars().take(max_chars).collect();
        short.push('…');
        short
    } else {
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(check: CheckKind, status: CheckStatus, code: CheckCode) -> CheckResult {
        CheckResult {
            check,
            status,
            code,
            message: "m".into(),
            fix: None,
            elapsed_ms: 5,
        }
    }

    #[test]
    fn json_has_the_shape_of_issue_10() {
        let mut r = VerifyReport::default();
        r.platforms.insert(
            PlatformId::Facebook,
            PlatformVerification {
                checks: vec![result(
                    CheckKind::GraphVersion,
                    CheckStatus::Rejected,
                    CheckCode::VersionUpgraded,
                )],
            },
        );
        let v: serde_json::Value = serde_json::from_str(&r.to_json()).expect("json");
        assert_eq!(
            v,
            serde_json::json!({"platforms": {"facebook": {"checks": [
                {"check": "graph_version", "status": "rejected", "code": "version_upgraded",
                 "message": "m", "fix": null, "elapsed_ms": 5}]}}})
        );
        assert_eq!(r.exit_code(), 1);
        assert_eq!(r.outcome(), VerifyOutcome::Rejected);
        for code in [CheckCode::TlsError, CheckCode::NeedsCredentials] {
            assert_eq!(
                serde_json::to_value(code).expect("code"),
                serde_json::json!(code.as_str())
            );
        }
    }

    #[test]
    fn scrub_removes_secrets_and_control_characters() {
        let s = scrub("bad secret 'hunter2-xyz'\n\u{7}ok", &["hunter2-xyz"], 200);
        assert_eq!(s, "bad secret '<redacted>' ok");
        assert_eq!(scrub("abcdef", &[], 3), "abc…");
    }
}
