//! Running the probes: every platform at once, and within a platform the callback probe beside
//! the credentials probe (the graph_version probe follows the credentials, whose app token it
//! needs). Six platforms cost about as long as the slowest chain, not the sum.

use std::sync::Arc;
use std::time::Instant;

use socialmine_core::catalog::Catalog;
use socialmine_core::{Deployment, PlatformId};
use tokio::task::JoinSet;

use super::VerifySettings;
use super::http::{self, Failure, ProviderHttp};
use super::plan::{SecretSource, VerifyTarget};
use super::report::{
    CheckCode, CheckKind, CheckResult, CheckStatus, PlatformVerification, Verdict, VerifyReport,
};
use super::{callback, credentials, graph_version};

/// Called with each check's result as soon as it is known (the window's progress).
pub type Progress = Arc<dyn Fn(PlatformId, &CheckResult) + Send + Sync>;

/// The platforms to verify: `only` when not empty, else every platform the deployment sets up.
fn chosen(deployment: &Deployment, only: &[PlatformId]) -> Vec<PlatformId> {
    if only.is_empty() {
        deployment
            .platforms
            .iter()
            .filter(|(_, cfg)| !cfg.is_blank())
            .map(|(p, _)| *p)
            .collect()
    } else {
        let mut v = only.to_vec();
        v.sort();
        v.dedup();
        v
    }
}

/// Verifies the chosen platforms of a deployment (`platforms` empty: every platform it sets
/// up). Client secrets come from `secrets` (the keyring) or else from the file.
pub async fn verify_deployment(
    catalog: &Catalog,
    deployment: &Deployment,
    secrets: &SecretSource,
    platforms: &[PlatformId],
    settings: &VerifySettings,
) -> VerifyReport {
    verify_deployment_with_progress(
        catalog,
        deployment,
        secrets,
        platforms,
        settings,
        Arc::new(|_, _| {}),
    )
    .await
}

/// [`verify_deployment`], calling `progress` with every check as soon as it ends.
pub async fn verify_deployment_with_progress(
    catalog: &Catalog,
    deployment: &Deployment,
    secrets: &SecretSource,
    platforms: &[PlatformId],
    settings: &VerifySettings,
    progress: Progress,
) -> VerifyReport {
    let targets = chosen(deployment, platforms)
        .into_iter()
        .map(|p| VerifyTarget::new(catalog, deployment, p, secrets))
        .collect();
    verify_targets(targets, settings, progress).await
}

/// Verifies prepared targets, all at once.
pub async fn verify_targets(
    targets: Vec<VerifyTarget>,
    settings: &VerifySettings,
    progress: Progress,
) -> VerifyReport {
    let settings = Arc::new(settings.clone());
    // Loading the system's trusted certificates reads files: not on the async threads.
    let for_tls = Arc::clone(&settings);
    let tls = tokio::task::spawn_blocking(move || http::tls_config(&for_tls))
        .await
        .unwrap_or_else(|_| Err(Failure::Network("the TLS setup stopped".into())));
    let http: Arc<Result<ProviderHttp, Failure>> = Arc::new(
        tls.as_ref()
            .map_err(Clone::clone)
            .and_then(|t| ProviderHttp::new(&settings, t)),
    );
    let tls = Arc::new(tls);
    let mut set = JoinSet::new();
    let platforms: Vec<PlatformId> = targets.iter().map(|t| t.platform).collect();
    for target in targets {
        let settings = Arc::clone(&settings);
        let http = Arc::clone(&http);
        let tls = Arc::clone(&tls);
        let progress = Arc::clone(&progress);
        set.spawn(async move {
            let platform = target.platform;
            let checks = verify_one(
                &target,
                &settings,
                (*tls).as_ref(),
                (*http).as_ref(),
                &progress,
            )
            .await;
            (platform, checks)
        });
    }
    let mut report = VerifyReport::default();
    while let Some(joined) = set.join_next().await {
        if let Ok((platform, checks)) = joined {
            report
                .platforms
                .insert(platform, PlatformVerification { checks });
        }
    }
    // A platform whose task stopped (it cannot, short of a bug) still shows up.
    for p in platforms {
        report
            .platforms
            .entry(p)
            .or_insert_with(|| PlatformVerification {
                checks: vec![
                    Verdict::new(
                        CheckStatus::Inconclusive,
                        CheckCode::UnexpectedAnswer,
                        "The check stopped unexpectedly.",
                    )
                    .fix("Verify again.")
                    .into_result(CheckKind::Credentials, std::time::Duration::ZERO),
                ],
            });
    }
    report
}

async fn verify_one(
    target: &VerifyTarget,
    settings: &VerifySettings,
    tls: Result<&rustls::ClientConfig, &Failure>,
    http: Result<&ProviderHttp, &Failure>,
    progress: &Progress,
) -> Vec<CheckResult> {
    let platform = target.platform;
    let report = |r: CheckResult| {
        progress(platform, &r);
        r
    };
    let provider_chain = async {
        let start = Instant::now();
        let (verdict, token) = credentials::probe(target, http).await;
        let creds = report(verdict.into_result(CheckKind::Credentials, start.elapsed()));
        let version = if graph_version::applies(target) {
            let start = Instant::now();
            let v = graph_version::probe(target, http, token.as_ref()).await;
            Some(report(
                v.into_result(CheckKind::GraphVersion, start.elapsed()),
            ))
        } else {
            None
        };
        (creds, version)
    };
    let callback_check = async {
        let start = Instant::now();
        let v = callback::probe(target, settings, tls).await;
        report(v.into_result(CheckKind::Callback, start.elapsed()))
    };
    let ((creds, version), cb) = tokio::join!(provider_chain, callback_check);
    let mut checks = vec![creds];
    checks.extend(version);
    checks.push(cb);
    checks
}
