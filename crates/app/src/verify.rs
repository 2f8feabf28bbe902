//! Live verification of the open deployment from the window (issue 10): which secrets to use
//! (the keyring's, or one typed but not saved yet), running the probes of `socialmine-net`
//! with progress per check, and keeping each platform's result (time, outcome, one line for
//! the fleet view and every check in plain words with its fix, never a secret) in the store's
//! deployment state, so it survives a restart and feeds the fleet view and the Start screen.
//!
//! Nothing here blocks: keyring reads and file writes run on tokio's blocking pool, the probes
//! are async, and no lock on the draft is held while they run, so offline work goes on.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;
use socialmine_core::{AppError, Catalog, Deployment, ErrorCode, PlatformId, Secret};
use socialmine_net::verify::{
    AuthorizationUrl, CheckKind, CheckResult, CheckStatus, PlatformVerification, Progress,
    ProviderRoutes, SecretSource, VerifySettings, authorization_url,
    verify_deployment_with_progress,
};
use socialmine_store::{DeploymentId, SecretField, Store, Verification, VerificationOutcome};
use ts_rs::TS;

use crate::state::AppState;

/// One check's result as soon as it is known (the window's progress).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct VerifyProgress {
    pub platform: PlatformId,
    pub result: CheckResult,
}

/// The last verification of each platform of the open deployment, and the address to try
/// each platform's sign-in in the browser.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, TS)]
#[ts(export)]
pub struct VerificationsView {
    /// Per platform, its last verification (time, outcome, summary, each check).
    pub platforms: BTreeMap<PlatformId, Verification>,
    /// Per platform with a client ID and a callback: the consent address SocialMine's users are
    /// sent to, with what opening it proves.
    pub links: BTreeMap<PlatformId, AuthorizationUrl>,
    /// Why the results could not be kept with the deployment (they are still shown).
    pub keep_error: Option<String>,
}

/// The outcome kept for a platform's checks; `None` when nothing could be checked (every
/// check skipped), which is not a verification.
pub fn outcome_of(v: &PlatformVerification) -> Option<VerificationOutcome> {
    let has = |s: CheckStatus| v.checks.iter().any(|c| c.status == s);
    if has(CheckStatus::Rejected) {
        Some(VerificationOutcome::Failed)
    } else if has(CheckStatus::Inconclusive) {
        Some(VerificationOutcome::Warnings)
    } else if has(CheckStatus::Verified) {
        Some(VerificationOutcome::Passed)
    } else {
        None
    }
}

fn check_words(kind: CheckKind) -> &'static str {
    match kind {
        CheckKind::Credentials => "Client ID and secret",
        CheckKind::GraphVersion => "Graph API version",
        CheckKind::Callback => "Callback",
    }
}

/// One line for the fleet view: the first rejected check, else the first one that could not
/// decide, else what was verified. Made of the checks' messages, which hold no secret.
pub fn summary_of(v: &PlatformVerification) -> String {
    let first = |s: CheckStatus| v.checks.iter().find(|c| c.status == s);
    if let Some(c) = first(CheckStatus::Rejected) {
        return format!("{}: {}", check_words(c.check), c.message);
    }
    if let Some(c) = first(CheckStatus::Inconclusive) {
        return format!(
            "{} could not be checked: {}",
            check_words(c.check),
            c.message
        );
    }
    let verified: Vec<&str> = v
        .checks
        .iter()
        .filter(|c| c.status == CheckStatus::Verified)
        .map(|c| check_words(c.check))
        .collect();
    format!("Verified: {}.", verified.join(", "))
}

/// The platforms a run covers: `only` when not empty, else every platform the draft sets up.
fn chosen(deployment: &Deployment, only: &[PlatformId]) -> Vec<PlatformId> {
    if only.is_empty() {
        deployment
            .platforms
            .iter()
            .filter(|(_, c)| !c.is_blank())
            .map(|(p, _)| *p)
            .collect()
    } else {
        only.to_vec()
    }
}

/// Reads the client secrets of `platforms` from the keyring (blocking: call it on the
/// blocking pool). A secret that cannot be read is left out (the check says it is missing).
fn keyring_secrets(store: &Store, id: &DeploymentId, platforms: &[PlatformId]) -> SecretSource {
    let mut out = SecretSource::new();
    for p in platforms {
        match store.get_secret(id, SecretField::ClientSecret(*p)) {
            Ok(Some(s)) => {
                out.insert(*p, s);
            }
            Ok(None) => {}
            Err(e) => tracing::warn!("the {p} client secret of {id} could not be read: {e}"),
        }
    }
    out
}

/// The consent address of every platform that has what one needs.
pub fn links(
    catalog: &Catalog,
    deployment: &Deployment,
    routes: &ProviderRoutes,
) -> BTreeMap<PlatformId, AuthorizationUrl> {
    chosen(deployment, &[])
        .into_iter()
        .filter_map(|p| {
            authorization_url(catalog, deployment, p, routes)
                .ok()
                .map(|u| (p, u))
        })
        .collect()
}

/// What a run works on, taken from the draft without holding its lock afterwards.
struct Snapshot {
    id: String,
    deployment: Deployment,
    /// Secrets typed in the window but not in the keyring yet, and (without a store) all.
    typed: BTreeMap<PlatformId, Secret>,
    store: Option<Arc<Store>>,
}

impl AppState {
    fn verify_snapshot(&self) -> Snapshot {
        let ws = self.workspace();
        let store = self.persistence().map(|p| Arc::clone(&p.store));
        let typed = ws
            .secrets
            .iter()
            .filter(|(p, _)| store.is_none() || ws.dirty_secrets.contains(p))
            .map(|(p, s)| (*p, s.clone()))
            .collect();
        Snapshot {
            id: ws.id.clone(),
            deployment: ws.deployment.clone(),
            typed,
            store,
        }
    }

    /// The last verification of each platform of the open deployment (kept in its state
    /// file), and the consent address of each platform.
    pub async fn verifications(
        &self,
        routes: &ProviderRoutes,
    ) -> Result<VerificationsView, AppError> {
        let snap = self.verify_snapshot();
        let mut view = VerificationsView {
            links: links(&self.catalog.get().catalog, &snap.deployment, routes),
            ..VerificationsView::default()
        };
        if let (Some(store), Ok(id)) = (snap.store, DeploymentId::parse(&snap.id)) {
            let state = tokio::task::spawn_blocking(move || store.state(&id))
                .await
                .map_err(|e| {
                    AppError::new(
                        ErrorCode::Internal,
                        format!("Reading the results stopped: {e}"),
                    )
                })?
                .map_err(AppError::from)?;
            view.platforms = state
                .platforms
                .into_iter()
                .filter_map(|(p, s)| s.last_verification.map(|v| (p, v)))
                .collect();
        }
        Ok(view)
    }

    /// Verifies `platforms` of the open deployment (empty: every platform it sets up) with the
    /// providers themselves, calling `progress` with each check as it ends; keeps each
    /// platform's result with the deployment and returns them.
    pub async fn verify(
        &self,
        platforms: Vec<PlatformId>,
        settings: &VerifySettings,
        progress: Progress,
    ) -> Result<VerificationsView, AppError> {
        crate::bounds::platforms("platforms to verify", &platforms)?;
        let snap = self.verify_snapshot();
        let chosen = chosen(&snap.deployment, &platforms);
        if chosen.is_empty() {
            return Err(AppError::new(
                ErrorCode::NothingToVerify,
                "No platform is set up in this deployment yet. Enter a platform's Client ID and secret in its wizard, then verify it.",
            ));
        }
        let id = DeploymentId::parse(&snap.id).ok();
        // Secrets: typed in the window and not saved yet, else from the keyring.
        let mut secrets = match (&snap.store, &id) {
            (Some(store), Some(id)) => {
                let (store, id, list) = (Arc::clone(store), id.clone(), chosen.clone());
                tokio::task::spawn_blocking(move || keyring_secrets(&store, &id, &list))
                    .await
                    .unwrap_or_default()
            }
            _ => SecretSource::new(),
        };
        secrets.extend(snap.typed);
        let in_use = self.catalog.get();
        let report = verify_deployment_with_progress(
            &in_use.catalog,
            &snap.deployment,
            &secrets,
            &chosen,
            settings,
            progress,
        )
        .await;
        drop(secrets);

        // The injected clock, to the second (results that cannot be kept show this time).
        let now = self.clock.now();
        let at = now.replace_nanosecond(0).unwrap_or(now);
        let mut view = VerificationsView {
            links: links(
                &self.catalog.get().catalog,
                &snap.deployment,
                &settings.routes,
            ),
            ..VerificationsView::default()
        };
        let mut to_keep = Vec::new();
        for (p, v) in &report.platforms {
            let Some(outcome) = outcome_of(v) else {
                continue;
            };
            let kept = Verification {
                at,
                outcome,
                summary: summary_of(v),
                checks: v.checks.clone(),
            };
            to_keep.push((*p, kept.clone()));
            view.platforms.insert(*p, kept);
        }
        // Platforms where nothing could be checked are shown, not kept.
        for (p, v) in &report.platforms {
            view.platforms.entry(*p).or_insert_with(|| Verification {
                at,
                outcome: VerificationOutcome::Warnings,
                summary: summary_of(v),
                checks: v.checks.clone(),
            });
        }
        if let (Some(store), Some(id)) = (snap.store, id) {
            let kept = tokio::task::spawn_blocking(move || {
                for (p, v) in to_keep {
                    store.record_verification_checks(&id, p, v.outcome, &v.summary, v.checks)?;
                }
                Ok::<_, socialmine_store::StoreError>(())
            })
            .await;
            match kept {
                Ok(Ok(())) => {}
                Ok(Err(e)) => view.keep_error = Some(keep_failed(&e.to_string())),
                Err(e) => view.keep_error = Some(keep_failed(&e.to_string())),
            }
        } else {
            view.keep_error = Some(keep_failed(
                "this deployment is kept in memory only, because the app's data folder could not be opened",
            ));
        }
        Ok(view)
    }
}

fn keep_failed(why: &str) -> String {
    format!(
        "The results are shown but could not be kept with the deployment: {why}. Verify again after fixing that to have them in the fleet view."
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use socialmine_net::verify::CheckCode;

    fn check(kind: CheckKind, status: CheckStatus, code: CheckCode, msg: &str) -> CheckResult {
        CheckResult {
            check: kind,
            status,
            code,
            message: msg.into(),
            fix: None,
            elapsed_ms: 1,
        }
    }

    #[test]
    fn the_outcome_and_summary_name_the_worst_check() {
        let mut v = PlatformVerification {
            checks: vec![
                check(
                    CheckKind::Credentials,
                    CheckStatus::Verified,
                    CheckCode::CredentialsValid,
                    "ok",
                ),
                check(
                    CheckKind::Callback,
                    CheckStatus::Inconclusive,
                    CheckCode::Timeout,
                    "no answer in time",
                ),
            ],
        };
        assert_eq!(outcome_of(&v), Some(VerificationOutcome::Warnings));
        assert_eq!(
            summary_of(&v),
            "Callback could not be checked: no answer in time"
        );
        v.checks.push(check(
            CheckKind::GraphVersion,
            CheckStatus::Rejected,
            CheckCode::VersionUpgraded,
            "v1.0 no longer exists",
        ));
        assert_eq!(outcome_of(&v), Some(VerificationOutcome::Failed));
        assert_eq!(summary_of(&v), "Graph API version: v1.0 no longer exists");
        v.checks.retain(|c| c.status == CheckStatus::Verified);
        assert_eq!(outcome_of(&v), Some(VerificationOutcome::Passed));
        assert_eq!(summary_of(&v), "Verified: Client ID and secret.");
        v.checks = vec![check(
            CheckKind::Credentials,
            CheckStatus::Skipped,
            CheckCode::NotConfigured,
            "no ID",
        )];
        assert_eq!(outcome_of(&v), None);
    }
}
