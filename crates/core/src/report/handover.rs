//! The handover report of one deployment: for each platform the values configured (never a
//! secret: only where it is kept and when it was set), the callback registered, the open
//! findings, the last verification results, the revision pushed and whether the platform is
//! switched on.
//!
//! The app layer fills a [`HandoverInput`] from what it keeps (the deployment, the checks'
//! report, verification results, push records, keyring metadata); [`handover_view`] turns it
//! into plain, already scrubbed text lines that the Markdown and HTML renderers only escape.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::Catalog;
use crate::checks::{FieldContext, clean_value, effective_callback};
use crate::date::Date;
use crate::deployment::Deployment;
use crate::finding::{Field, Finding, Report, Severity};
use crate::platform::PlatformId;
use crate::report::items::requested_scopes;
use crate::report::scrub::Scrubber;
use crate::secret::Secret;

/// How one verification check ended (the statuses of `socialmine-setup verify`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum VerificationStatus {
    /// The provider or the server confirmed the value.
    Verified,
    /// The provider or the server refused it.
    Rejected,
    /// The answer did not say either way.
    Inconclusive,
    /// Not checked.
    Skipped,
}

impl VerificationStatus {
    /// The status in words, as printed.
    pub fn words(self) -> &'static str {
        match self {
            VerificationStatus::Verified => "verified",
            VerificationStatus::Rejected => "rejected",
            VerificationStatus::Inconclusive => "inconclusive",
            VerificationStatus::Skipped => "skipped",
        }
    }
}

/// One result of a verification run (a probe of the provider or of SocialMine).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VerificationResult {
    /// The platform checked; `None` for checks of the deployment as a whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub platform: Option<PlatformId>,
    /// What was checked, in words ("Client ID known to Meta").
    pub check: String,
    pub status: VerificationStatus,
    /// A stable code, when the check has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub code: Option<String>,
    /// What was found, in words. Must not contain a secret (the report hides any anyway).
    pub message: String,
    /// When it ran (RFC 3339).
    pub at: String,
}

/// What was last pushed for a platform and what the server said.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PushRecord {
    /// When it was last pushed (RFC 3339); `None` if never.
    #[serde(default)]
    pub pushed_at: Option<String>,
    /// The platform's revision on the server after the push (or when last read).
    #[serde(default)]
    #[ts(type = "number | null")]
    pub revision: Option<u64>,
    /// Whether the platform is switched on on the server, when known.
    #[serde(default)]
    pub enabled: Option<bool>,
    /// When the server was last read.
    #[serde(default)]
    pub read_at: Option<String>,
}

/// Where a platform's client secret is kept, without the secret.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SecretInfo {
    /// Whether the OS keyring holds one for this platform of this deployment.
    pub in_keyring: bool,
    /// When it was set, when known (RFC 3339 or YYYY-MM-DD).
    #[serde(default)]
    pub set_at: Option<String>,
}

/// Everything the handover report is made from. The app layer fills it; the command line
/// fills what it can without the keyring or the network.
#[derive(Debug, Clone)]
pub struct HandoverInput<'a> {
    pub catalog: &'a Catalog,
    pub deployment: &'a Deployment,
    /// The checks' report on the deployment ([`crate::check_deployment`]).
    pub findings: Report,
    /// The last verification results (any platforms, any order).
    pub verification: Vec<VerificationResult>,
    pub pushes: BTreeMap<PlatformId, PushRecord>,
    /// Keyring metadata per platform; `None` when the keyring was not consulted (the
    /// command line), so the report says it does not know.
    pub secrets: Option<BTreeMap<PlatformId, SecretInfo>>,
    /// Secrets the report must never show (the keyring's values), in addition to any in the
    /// deployment file. Used only to hide them if they were pasted somewhere by mistake.
    pub known_secrets: Vec<Secret>,
    /// The date of the report.
    pub date: Date,
}

impl<'a> HandoverInput<'a> {
    /// What a report can know from the deployment file alone (the command line): the checks'
    /// findings, no verification, no push records, the keyring not consulted. The checks are
    /// told every platform's secret may be in the keyring, so a secret missing from the file
    /// is not reported as missing.
    pub fn offline(catalog: &'a Catalog, deployment: &'a Deployment, date: Date) -> Self {
        let maybe_in_keyring = deployment.platforms.keys().copied().collect();
        HandoverInput {
            catalog,
            deployment,
            findings: crate::checks::check_deployment(catalog, date, deployment, &maybe_in_keyring),
            verification: Vec::new(),
            pushes: BTreeMap::new(),
            secrets: None,
            known_secrets: Vec::new(),
            date,
        }
    }
}

/// One finding, as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingLine {
    pub severity: Severity,
    pub field: String,
    pub message: String,
    pub fix: String,
}

/// One verification result, as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerificationLine {
    pub check: String,
    pub status: VerificationStatus,
    pub code: String,
    pub message: String,
    pub at: String,
}

/// One configured value, as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueLine {
    pub label: String,
    pub value: String,
    /// Whether `value` is the value itself (printed as code) rather than words about it.
    pub literal: bool,
}

/// One platform of the handover report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlatformHandover {
    pub platform: PlatformId,
    pub display_name: String,
    pub values: Vec<ValueLine>,
    /// The callback SocialMine sends, if API_PUBLIC_URL is set.
    pub callback_sent: Option<String>,
    /// What the admin registered in the console, if recorded.
    pub callback_registered: Option<String>,
    /// Whether the two match, in words.
    pub callback_state: String,
    pub findings: Vec<FindingLine>,
    pub verification: Vec<VerificationLine>,
    pub pushed: String,
    pub switched_on: String,
    pub checklist: String,
}

/// The handover report, as plain text lines (scrubbed, not yet escaped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoverView {
    pub name: String,
    pub api_public_url: String,
    pub admin_url: String,
    pub date: String,
    pub catalog_checked: String,
    pub deployment_findings: Vec<FindingLine>,
    pub deployment_verification: Vec<VerificationLine>,
    pub platforms: Vec<PlatformHandover>,
    /// Display names of the platforms not set up in this deployment.
    pub not_set_up: Vec<String>,
}

/// Builds the report's lines. Every value from the deployment, the server or the admin goes
/// through the scrubber: no secret, nor a piece of one, reaches the result.
pub fn handover_view(input: &HandoverInput<'_>) -> HandoverView {
    let scrub = Scrubber::new(input.catalog, Some(input.deployment), &input.known_secrets);
    let d = input.deployment;
    let name = d
        .name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| d.api_public_url.clone());
    let findings = |list: &[Finding]| -> Vec<FindingLine> {
        list.iter()
            .map(|f| FindingLine {
                severity: f.severity,
                field: f.field.as_str().to_owned(),
                message: scrub.clean(&f.message),
                fix: scrub.clean(&f.fix),
            })
            .collect()
    };
    let verification = |p: Option<PlatformId>| -> Vec<VerificationLine> {
        input
            .verification
            .iter()
            .filter(|v| v.platform == p)
            .map(|v| VerificationLine {
                check: scrub.clean(&v.check),
                status: v.status,
                code: scrub.clean(v.code.as_deref().unwrap_or("")),
                message: scrub.clean(&v.message),
                at: scrub.clean(&v.at),
            })
            .collect()
    };
    let set_up = |id: PlatformId| {
        d.platform(id).is_some_and(|c| !c.is_blank())
            || input.pushes.contains_key(&id)
            || input
                .secrets
                .as_ref()
                .is_some_and(|s| s.get(&id).is_some_and(|i| i.in_keyring))
            || input.verification.iter().any(|v| v.platform == Some(id))
    };
    let mut platforms = Vec::new();
    let mut not_set_up = Vec::new();
    for id in PlatformId::ALL {
        if !set_up(id) {
            not_set_up.push(input.catalog.platform(id).display_name.clone());
            continue;
        }
        let report = input.findings.platforms.get(&id);
        platforms.push(PlatformHandover {
            platform: id,
            display_name: input.catalog.platform(id).display_name.clone(),
            values: values(input, id, &scrub),
            callback_sent: effective_callback(input.catalog, id, &FieldContext::of(d, id))
                .map(|c| scrub.clean(&c)),
            callback_registered: d
                .platform(id)
                .and_then(|c| c.console_redirect_url.clone())
                .filter(|u| !u.trim().is_empty())
                .map(|u| scrub.clean(&u)),
            callback_state: callback_state(input, id),
            findings: report.map(|r| findings(&r.findings)).unwrap_or_default(),
            verification: verification(Some(id)),
            pushed: pushed(input.pushes.get(&id), &scrub),
            switched_on: switched_on(input.pushes.get(&id), &scrub),
            checklist: checklist_summary(input, id),
        });
    }
    HandoverView {
        name: scrub.clean(&name),
        api_public_url: scrub.clean(&d.api_public_url),
        admin_url: scrub.clean(d.admin_base()),
        date: input.date.to_string(),
        catalog_checked: input.catalog.checked.clone(),
        deployment_findings: findings(&input.findings.deployment.findings),
        deployment_verification: verification(None),
        platforms,
        not_set_up,
    }
}

fn values(input: &HandoverInput<'_>, id: PlatformId, scrub: &Scrubber<'_>) -> Vec<ValueLine> {
    let facts = input.catalog.platform(id);
    let cfg = input.deployment.platform(id).cloned().unwrap_or_default();
    let label = |field: Field, fallback: &str| {
        facts.form_field(field).map_or_else(
            || fallback.to_owned(),
            |f| {
                if f.console_name.is_empty() || f.console_name == f.label {
                    f.label.clone()
                } else {
                    format!("{} ({})", f.label, f.console_name)
                }
            },
        )
    };
    let literal = |label: String, v: &Option<String>, empty: &str| match v
        .as_deref()
        .filter(|s| !s.trim().is_empty())
    {
        Some(s) => ValueLine {
            label,
            value: scrub.clean(s),
            literal: true,
        },
        None => ValueLine {
            label,
            value: empty.to_owned(),
            literal: false,
        },
    };
    let mut out = vec![literal(
        label(Field::ClientId, "Client ID"),
        &cfg.client_id,
        "Not set",
    )];
    out.push(ValueLine {
        label: label(Field::ClientSecret, "Client Secret"),
        value: secret_words(input, id, cfg.client_secret.is_some()),
        literal: false,
    });
    if facts.app_version {
        out.push(literal(
            label(Field::AppVersion, "App Version"),
            &cfg.app_version,
            "Not set (SocialMine's default)",
        ));
    }
    out.push(literal(
        label(Field::CallbackUrl, "Callback URL"),
        &cfg.callback_url,
        "No override (SocialMine derives it from API_PUBLIC_URL)",
    ));
    let (scopes, custom) = requested_scopes(facts, Some(input.deployment));
    let scope_label = label(Field::Scope, "Scope");
    if custom {
        out.push(literal(
            scope_label,
            &cfg.scope.map(|s| clean_value(&s)),
            "",
        ));
    } else {
        out.push(ValueLine {
            label: scope_label,
            value: format!("SocialMine's defaults: {}", scopes.join(", ")),
            literal: false,
        });
    }
    out
}

fn secret_words(input: &HandoverInput<'_>, id: PlatformId, in_file: bool) -> String {
    let keyring = input
        .secrets
        .as_ref()
        .map(|s| s.get(&id).cloned().unwrap_or_default());
    match (keyring, in_file) {
        (Some(k), _) if k.in_keyring => match k.set_at.filter(|a| !a.trim().is_empty()) {
            Some(at) => format!(
                "Stored in the keyring (set {})",
                at.chars().take(40).collect::<String>()
            ),
            None => "Stored in the keyring (date set not recorded)".to_owned(),
        },
        (_, true) => {
            "Written in the deployment file (not shown); move it to the keyring".to_owned()
        }
        (Some(_), false) => "Not stored: enter it in the wizard before pushing".to_owned(),
        (None, false) => {
            "Not in this file (the app keeps secrets in the keyring, which this report did not read)"
                .to_owned()
        }
    }
}

fn callback_state(input: &HandoverInput<'_>, id: PlatformId) -> String {
    let d = input.deployment;
    let sent = effective_callback(input.catalog, id, &FieldContext::of(d, id));
    let registered = d
        .platform(id)
        .and_then(|c| c.console_redirect_url.as_deref())
        .map(clean_value)
        .filter(|u| !u.is_empty());
    match (sent, registered) {
        (None, _) => "Unknown: API_PUBLIC_URL is not set".to_owned(),
        (Some(_), None) => "Not recorded: paste what the console shows into the wizard".to_owned(),
        (Some(s), Some(r)) if s == r => "Matches what SocialMine sends".to_owned(),
        (Some(_), Some(_)) => {
            "Differs from what SocialMine sends: sign-in will fail (see the findings)".to_owned()
        }
    }
}

fn pushed(p: Option<&PushRecord>, scrub: &Scrubber<'_>) -> String {
    match p.and_then(|p| p.pushed_at.as_deref().map(|at| (at, p.revision))) {
        Some((at, Some(rev))) => format!("Revision {rev}, pushed {}", scrub.clean(at)),
        Some((at, None)) => format!("Pushed {}", scrub.clean(at)),
        None => match p.and_then(|p| p.revision) {
            Some(rev) => format!("Not pushed from this assistant; the server is at revision {rev}"),
            None => "Not pushed yet".to_owned(),
        },
    }
}

fn switched_on(p: Option<&PushRecord>, scrub: &Scrubber<'_>) -> String {
    let when = p
        .and_then(|p| p.read_at.as_deref())
        .map(|r| format!(" (as of {})", scrub.clean(r)))
        .unwrap_or_default();
    match p.and_then(|p| p.enabled) {
        Some(true) => format!("Yes, switched on{when}"),
        Some(false) => format!("No, switched off{when}"),
        None => "Not known (the server has not been read)".to_owned(),
    }
}

fn checklist_summary(input: &HandoverInput<'_>, id: PlatformId) -> String {
    let view = crate::report::items::checklist_view(
        input.catalog,
        Some(input.deployment),
        &[id],
        input.date,
    );
    view.platforms
        .first()
        .map(|p| format!("{} of {} items ticked", p.ticked, p.total))
        .unwrap_or_default()
}
