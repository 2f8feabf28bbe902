//! Scope checklists and handover reports of the open deployment (issue 12), as the window
//! exports them: the pure renderers of `socialmine_core::report`, fed from the draft, its
//! secrets (only to keep them out) and the store's bookkeeping.

use std::collections::BTreeMap;

use socialmine_core::report::{
    HandoverInput, PushRecord, ReportFormat, SecretInfo, VerificationResult, VerificationStatus,
    render_checklist, render_handover,
};
use socialmine_core::{Catalog, Date, PlatformId, Secret};
use socialmine_store::{DeploymentState, VerificationOutcome};

use crate::workspace::Workspace;

/// The push records and last verification results the store keeps for a deployment.
pub fn records_from_state(
    state: &DeploymentState,
) -> (BTreeMap<PlatformId, PushRecord>, Vec<VerificationResult>) {
    let mut pushes = BTreeMap::new();
    let mut verification = Vec::new();
    for (id, ps) in &state.platforms {
        if ps.pushed_at.is_some() || ps.server.is_some() {
            pushes.insert(
                *id,
                PushRecord {
                    pushed_at: ps.pushed_at.clone(),
                    revision: ps.server.as_ref().and_then(|s| s.revision),
                    enabled: ps.server.as_ref().map(|s| s.enabled),
                    read_at: ps.server.as_ref().map(|s| s.read_at.clone()),
                },
            );
        }
        if let Some(v) = &ps.last_verification {
            verification.push(VerificationResult {
                platform: Some(*id),
                check: "Last verification".to_owned(),
                status: match v.outcome {
                    VerificationOutcome::Passed => VerificationStatus::Verified,
                    VerificationOutcome::Warnings => VerificationStatus::Inconclusive,
                    VerificationOutcome::Failed => VerificationStatus::Rejected,
                },
                code: None,
                message: v.summary.clone(),
                at: v.at.clone(),
            });
        }
    }
    (pushes, verification)
}

fn known_secrets(ws: &Workspace) -> Vec<Secret> {
    ws.secrets.values().cloned().collect()
}

/// The handover report's input for the open deployment. `verification` replaces the store's
/// one-line summaries when the window has the detailed results of a run (else pass `None`).
pub fn handover_input<'a>(
    catalog: &'a Catalog,
    ws: &'a Workspace,
    state: &DeploymentState,
    verification: Option<Vec<VerificationResult>>,
    today: Date,
) -> HandoverInput<'a> {
    let (pushes, from_state) = records_from_state(state);
    let secrets = PlatformId::ALL
        .into_iter()
        .map(|id| {
            (
                id,
                SecretInfo {
                    in_keyring: ws.secrets.contains_key(&id),
                    set_at: None,
                },
            )
        })
        .collect();
    HandoverInput {
        catalog,
        deployment: &ws.deployment,
        findings: crate::checks::report(catalog, ws, today),
        verification: verification.unwrap_or(from_state),
        pushes,
        app_records: true,
        secrets: Some(secrets),
        known_secrets: known_secrets(ws),
        date: today,
    }
}

/// The open deployment's checklist of some platforms (all when empty), ready to save.
pub fn checklist_export(
    catalog: &Catalog,
    ws: &Workspace,
    platforms: &[PlatformId],
    today: Date,
    format: ReportFormat,
) -> String {
    render_checklist(
        catalog,
        Some(&ws.deployment),
        platforms,
        today,
        format,
        &known_secrets(ws),
    )
}

/// The open deployment's handover report, ready to save.
pub fn handover_export(
    catalog: &Catalog,
    ws: &Workspace,
    state: &DeploymentState,
    today: Date,
    format: ReportFormat,
) -> String {
    render_handover(&handover_input(catalog, ws, state, None, today), format)
}

#[cfg(test)]
mod tests {
    use super::*;
    use socialmine_core::{Deployment, Field};
    use socialmine_store::{PlatformState, ServerReading, Verification};

    #[test]
    fn the_window_report_uses_records_and_never_shows_a_keyring_secret() {
        let catalog = Catalog::built_in();
        let mut d = Deployment::new("https://api.acme.com");
        d.name = Some("Acme".into());
        d.set_field(
            Some(PlatformId::Facebook),
            Field::ClientId,
            Some("1234567890123456".into()),
        )
        .expect("set");
        let secret = "f00dfeedf00dfeedf00dfeedf00dbeef";
        d.set_field(
            Some(PlatformId::Facebook),
            Field::ClientSecret,
            Some(secret.into()),
        )
        .expect("set");
        d.checklist.set(
            PlatformId::Facebook,
            &socialmine_core::ItemKey::Step("Create a Meta app".into()),
            true,
            Some(format!("copied {secret}")),
            None,
        );
        let ws = Workspace::new("acme", d);
        assert!(ws.secrets.contains_key(&PlatformId::Facebook));
        let mut state = DeploymentState::default();
        state.platforms.insert(
            PlatformId::Facebook,
            PlatformState {
                pushed_at: Some("2026-12-01T10:00:00Z".into()),
                server: Some(ServerReading {
                    read_at: "2026-12-01T10:00:01Z".into(),
                    revision: Some(3),
                    saved: true,
                    enabled: true,
                    fingerprint: String::new(),
                }),
                last_verification: Some(Verification {
                    at: "2026-12-01T11:00:00Z".into(),
                    outcome: VerificationOutcome::Passed,
                    summary: "Meta accepted the App ID and App Secret".into(),
                    checks: Vec::new(),
                }),
                ..PlatformState::default()
            },
        );
        let today: Date = "2026-12-02".parse().expect("date");
        let md = handover_export(&catalog, &ws, &state, today, ReportFormat::Markdown);
        assert!(
            md.contains("Revision 3, pushed 2026-12-01T10:00:00Z"),
            "{md}"
        );
        assert!(md.contains("Yes, switched on"), "{md}");
        assert!(
            md.contains("Meta accepted the App ID and App Secret"),
            "{md}"
        );
        assert!(md.contains("Stored in the keyring"), "{md}");
        assert!(!md.contains(secret) && !md.contains("beef"), "{md}");
        let html = checklist_export(&catalog, &ws, &[], today, ReportFormat::Html);
        assert!(!html.contains(secret) && !html.contains("beef"));
        assert!(html.contains("copied [hidden: looks like a secret]"));
    }
}
