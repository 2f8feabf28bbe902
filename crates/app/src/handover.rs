//! The handover report from the window (issue 12): for the open deployment or a chosen stored
//! one, the report's input is gathered from what the app keeps — the deployment, the checks'
//! findings (secrets judged, never shown), the store's bookkeeping (push records, server
//! readings, the last verification of each platform) and which secrets the keyring holds
//! (never a value: the values are only handed to the report's scrubber to keep them out) —
//! rendered by `socialmine-core` and written to the Downloads folder.

use std::collections::BTreeMap;

use socialmine_core::report::{
    HandoverInput, PushRecord, ReportFormat, SecretInfo, VerificationResult, VerificationStatus,
    render_handover,
};
use socialmine_core::{AppError, Date, PlatformId, Secret};
use socialmine_store::{
    DeploymentId, DeploymentState, SecretField, SecretStorageMode, Verification,
    VerificationOutcome, timestamp,
};

use crate::checklist::{ReportDone, display_name, open_hint, report_stem};
use crate::deployments::{export_folder, write_export};
use crate::persist::Persistence;
use crate::state::AppState;
use crate::workspace::Workspace;

/// What the store's bookkeeping says was pushed, per platform.
pub fn push_records(state: &DeploymentState) -> BTreeMap<PlatformId, PushRecord> {
    state
        .platforms
        .iter()
        .filter(|(_, ps)| ps.pushed_at.is_some() || ps.server.is_some())
        .map(|(id, ps)| {
            let server = ps.server.as_ref();
            (
                *id,
                PushRecord {
                    pushed_at: ps.pushed_at.map(timestamp::format),
                    revision: server.and_then(|s| s.revision),
                    enabled: server.map(|s| s.enabled),
                    read_at: server.map(|s| timestamp::format(s.read_at)),
                },
            )
        })
        .collect()
}

/// The last verification of each platform, as the report lists it.
pub fn verification_results(state: &DeploymentState) -> Vec<VerificationResult> {
    state
        .platforms
        .iter()
        .filter_map(|(id, ps)| ps.last_verification.as_ref().map(|v| (*id, v)))
        .map(|(id, v): (PlatformId, &Verification)| VerificationResult {
            platform: Some(id),
            check: "Last verification".to_owned(),
            status: match v.outcome {
                VerificationOutcome::Passed => VerificationStatus::Verified,
                VerificationOutcome::Warnings => VerificationStatus::Inconclusive,
                VerificationOutcome::Failed => VerificationStatus::Rejected,
            },
            code: None,
            message: v.summary.clone(),
            at: timestamp::format(v.at),
        })
        .collect()
}

/// A deployment as the report needs it: its draft (secrets apart) and its bookkeeping.
struct Source {
    ws: Workspace,
    state: DeploymentState,
    /// Which client secrets the OS keyring holds (`None`: the keyring could not tell).
    in_keyring: Option<Vec<PlatformId>>,
}

impl Source {
    /// Reads the keyring's answer for one deployment; a keyring that cannot answer (or secrets
    /// kept in memory for this session only, which are not "in the keyring") leaves the report
    /// saying it did not read the keyring rather than failing it.
    fn keyring(p: &Persistence, id: &DeploymentId) -> Option<Vec<PlatformId>> {
        if p.store.secret_storage().mode != SecretStorageMode::Keyring {
            return None;
        }
        match p.store.secrets_present(id) {
            Ok(fields) => Some(
                fields
                    .into_iter()
                    .filter_map(|f| match f {
                        SecretField::ClientSecret(p) => Some(p),
                        _ => None,
                    })
                    .collect(),
            ),
            Err(e) => {
                tracing::warn!("the keyring could not list the secrets of {id}: {e}");
                None
            }
        }
    }
}

impl AppState {
    fn handover_source(&self, id: Option<&str>) -> Result<Source, AppError> {
        let open = self.workspace().clone();
        let id = id.map(str::trim).filter(|i| !i.is_empty());
        let p = self.persistence();
        if id.is_none() || id == Some(open.id.as_str()) {
            let parsed = DeploymentId::parse(&open.id).ok();
            let (state, in_keyring) = match (p, &parsed) {
                (Some(p), Some(pid)) => (
                    p.store.state(pid).unwrap_or_default(),
                    Source::keyring(p, pid),
                ),
                _ => (DeploymentState::default(), None),
            };
            return Ok(Source {
                ws: open,
                state,
                in_keyring,
            });
        }
        let p = self.persist()?;
        let pid = DeploymentId::parse(id.unwrap_or_default())
            .map_err(|e| AppError::from(socialmine_store::StoreError::from(e)))?;
        let stored = p.store.load(&pid).map_err(AppError::from)?;
        let mut ws = Workspace::new(pid.as_str(), stored.deployment);
        for platform in PlatformId::ALL {
            if let Ok(Some(s)) = p
                .store
                .get_secret(&pid, SecretField::ClientSecret(platform))
            {
                ws.secrets.insert(platform, s);
            }
        }
        Ok(Source {
            ws,
            state: stored.state,
            in_keyring: Source::keyring(p, &pid),
        })
    }

    /// The handover report of the open deployment (`id` `None` or its id) or of a stored one,
    /// as text in a format.
    pub fn handover_text(
        &self,
        id: Option<&str>,
        format: ReportFormat,
        date: Date,
    ) -> Result<(String, String), AppError> {
        let src = self.handover_source(id)?;
        let in_use = self.catalog.get();
        let findings = crate::checks::report(&in_use.catalog, &src.ws, date);
        let known_secrets: Vec<Secret> = src.ws.secrets.values().cloned().collect();
        let secrets = src.in_keyring.map(|present| {
            PlatformId::ALL
                .into_iter()
                .filter(|p| present.contains(p))
                .map(|p| {
                    (
                        p,
                        SecretInfo {
                            in_keyring: true,
                            set_at: None,
                        },
                    )
                })
                .collect()
        });
        let input = HandoverInput {
            catalog: &in_use.catalog,
            deployment: &src.ws.deployment,
            findings,
            verification: verification_results(&src.state),
            pushes: push_records(&src.state),
            app_records: true,
            secrets,
            known_secrets,
            date,
        };
        Ok((render_handover(&input, format), display_name(&src.ws)))
    }

    /// Writes the handover report of the open deployment (`id` `None`) or of a stored one to the
    /// Downloads folder (never replacing a file).
    pub fn export_handover(
        &self,
        id: Option<&str>,
        format: ReportFormat,
    ) -> Result<ReportDone, AppError> {
        crate::bounds::opt_id(id)?;
        let p = self.persist()?;
        let date = self.clock.today();
        let (text, name) = self.handover_text(id, format, date)?;
        let stem = report_stem("handover", Some(&name), date, format);
        let path = write_export(
            &export_folder(p),
            &stem,
            date,
            format.extension(),
            text.as_bytes(),
        )?;
        Ok(ReportDone {
            format,
            path: path.display().to_string(),
            summary: format!(
                "The handover report of {name}: values (secrets only as \"stored in the keyring\"), callbacks, findings, verification and pushes. {}",
                open_hint(format)
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_app::app;
    use socialmine_core::Field;
    use socialmine_core::report::ItemKey;

    const SECRET: &str = "s3cr3tV4lu3-zyxwvutsrqponmlkjihg";

    #[test]
    fn the_open_deployments_report_has_its_values_pushes_and_verification_but_no_secret() {
        let (state, root) = app();
        let fb = Some(PlatformId::Facebook);
        state
            .edit(|ws| {
                ws.set_field(fb, Field::ClientId, "1234567890123456".into())?;
                ws.set_field(fb, Field::ClientSecret, SECRET.into())
            })
            .unwrap();
        state
            .set_checklist_item(
                PlatformId::Facebook,
                ItemKey::Scope("pages_manage_posts".into()),
                true,
                None,
            )
            .unwrap();
        let p = state.persist().unwrap();
        let id = DeploymentId::parse(&state.workspace().id).unwrap();
        p.store.record_push(&id, &[PlatformId::Facebook]).unwrap();
        p.store
            .record_server_reading(
                &id,
                PlatformId::Facebook,
                Some(42),
                true,
                true,
                &socialmine_core::PlatformConfig::default(),
            )
            .unwrap();
        p.store
            .record_verification(
                &id,
                PlatformId::Facebook,
                VerificationOutcome::Failed,
                "Meta refused the App ID",
            )
            .unwrap();

        let done = state.export_handover(None, ReportFormat::Markdown).unwrap();
        let md = std::fs::read_to_string(&done.path).unwrap();
        assert!(done.path.contains("handover-"), "{}", done.path);
        assert!(md.contains("1234567890123456"), "{md}");
        assert!(md.contains("Meta refused the App ID"), "{md}");
        assert!(md.contains("42"), "the revision pushed: {md}");
        assert!(!md.contains(SECRET) && !md.contains(&SECRET[24..]), "{md}");
        let html = state.export_handover(None, ReportFormat::Html).unwrap();
        let html = std::fs::read_to_string(&html.path).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>") || html.starts_with("<!doctype html>"));
        assert!(!html.contains(SECRET));
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn a_chosen_deployment_is_reported_without_opening_it() {
        let (state, root) = app();
        let open = state.workspace().id.clone();
        let acme = state
            .create_deployment("Acme production", "https://api.acme.com", None)
            .unwrap();
        let done = state
            .export_handover(Some(&acme), ReportFormat::Markdown)
            .unwrap();
        let md = std::fs::read_to_string(&done.path).unwrap();
        assert!(md.contains("Acme production") && md.contains("https://api.acme.com"));
        assert!(
            done.path.contains("handover-acme-production-"),
            "{}",
            done.path
        );
        assert_eq!(state.workspace().id, open, "the open deployment stays open");
        let e = state
            .export_handover(Some("no-such-id"), ReportFormat::Html)
            .unwrap_err();
        assert!(!e.message.is_empty());
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn bookkeeping_maps_to_push_records_and_results() {
        let mut s = DeploymentState::default();
        let ps = s.platforms.entry(PlatformId::Threads).or_default();
        ps.pushed_at = Some(timestamp::parse("2026-12-01T12:00:00+02:00").unwrap());
        ps.last_verification = Some(Verification {
            at: timestamp::parse("2026-12-01T11:00:00Z").unwrap(),
            outcome: VerificationOutcome::Warnings,
            summary: "could not tell".into(),
            checks: Vec::new(),
        });
        s.platforms.entry(PlatformId::Tiktok).or_default();
        let pushes = push_records(&s);
        assert_eq!(pushes.len(), 1);
        assert_eq!(
            pushes[&PlatformId::Threads].pushed_at.as_deref(),
            Some("2026-12-01T10:00:00Z")
        );
        let v = verification_results(&s);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].status, VerificationStatus::Inconclusive);
        assert_eq!(v[0].platform, Some(PlatformId::Threads));
    }
}
