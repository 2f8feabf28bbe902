//! The `graph_version` probe (Meta platforms): one call on the configured Graph API version
//! with the app token. Meta answers a call to an expired version with the next usable one and
//! names it in the `facebook-api-version` header; a different answered version means the
//! configured one no longer exists.

use socialmine_core::Secret;
use socialmine_core::catalog::parse_version;
use socialmine_core::endpoints::fill_version;

use super::http::{Failure, ProviderHttp};
use super::plan::VerifyTarget;
use super::reply;
use super::report::{CheckCode, CheckStatus, Verdict};

/// Whether `target` gets a `graph_version` check at all.
pub(crate) fn applies(target: &VerifyTarget) -> bool {
    target
        .endpoints
        .as_ref()
        .is_some_and(|e| e.version_probe_url.is_some() && e.version_header.is_some())
}

/// Runs the probe. `app_token` is the token the credentials probe got, if it got one.
pub(crate) async fn probe(
    target: &VerifyTarget,
    http: Result<&ProviderHttp, &Failure>,
    app_token: Option<&Secret>,
) -> Verdict {
    let name = &target.display_name;
    let (Some(url), Some(header)) = (
        target
            .endpoints
            .as_ref()
            .and_then(|e| e.version_probe_url.as_deref()),
        target
            .endpoints
            .as_ref()
            .and_then(|e| e.version_header.as_deref()),
    ) else {
        return Verdict::new(
            CheckStatus::Skipped,
            CheckCode::NotConfigured,
            format!("{name} has no versioned API to check."),
        );
    };
    let Some(version) = &target.app_version else {
        return Verdict::new(
            CheckStatus::Skipped,
            CheckCode::NotConfigured,
            "Not checked: no App Version (Graph API version) is set, so SocialMine uses its own default.",
        )
        .fix(format!(
            "To choose the version yourself, set App Version to {} (the newest the assistant knows).",
            target.newest_version
        ));
    };
    let Some(token) = app_token else {
        return Verdict::new(
            CheckStatus::Skipped,
            CheckCode::NeedsCredentials,
            format!(
                "Not checked: this needs an app token from {name}, which it issues only for a working {} and {}.",
                target.id_words, target.secret_words
            ),
        )
        .fix("Fix the credentials check first, then verify again.");
    };
    let http = match http {
        Ok(h) => h,
        Err(f) => return reply::failure_verdict(name, f),
    };
    let request = http::Request::get(fill_version(url, Some(version)))
        .header(
            http::header::AUTHORIZATION,
            format!("Bearer {}", token.expose_str()),
        )
        .header(http::header::ACCEPT, "application/json")
        .body(Vec::new());
    let request = match request {
        Ok(r) => r,
        Err(_) => {
            return reply::failure_verdict(
                name,
                &Failure::Network("the request could not be prepared".into()),
            );
        }
    };
    let raw = match http.send(request).await {
        Ok(r) => r,
        Err(f) => return reply::failure_verdict(name, &f),
    };
    let scrub_list: Vec<&str> = target
        .secrets_to_scrub()
        .into_iter()
        .chain([token.expose_str()])
        .collect();
    let answered = raw
        .headers
        .get(header)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty());
    match answered {
        Some(a) if parse_version(a).is_some() && parse_version(a) == parse_version(version) => {
            Verdict::new(
                CheckStatus::Verified,
                CheckCode::VersionOk,
                format!(
                    "{name} answered on Graph API {version}, the version SocialMine is set to use."
                ),
            )
        }
        Some(a) => {
            let a = reply_text(a, &scrub_list);
            Verdict::new(
                CheckStatus::Rejected,
                CheckCode::VersionUpgraded,
                format!(
                    "{name} was asked for Graph API {version} but answered with {a}: {version} no longer exists for this app, and Meta silently uses another version instead."
                ),
            )
            .fix(format!(
                "Set App Version to {} or newer (the newest the assistant knows is {}), save it in SocialMine, and check that your app still works with that version.",
                if parse_version(&a).is_some() { a.as_str() } else { target.newest_version.as_str() },
                target.newest_version
            ))
        }
        None => {
            let said = match reply::provider_error(&raw.body) {
                Some(e) => format!("“{}” (HTTP {})", e.quoted(&scrub_list), raw.status),
                None => reply::describe(&raw),
            };
            let code = if raw.status >= 500 || reply::provider_error(&raw.body).is_some() {
                CheckCode::ProviderError
            } else {
                CheckCode::UnexpectedAnswer
            };
            Verdict::new(
                CheckStatus::Inconclusive,
                code,
                format!(
                    "{name} answered {said} without saying which Graph API version answered, so {version} could not be checked."
                ),
            )
            .fix("Verify again later.")
        }
    }
}

fn reply_text(v: &str, scrub_list: &[&str]) -> String {
    super::report::scrub(v, scrub_list, 32)
}
