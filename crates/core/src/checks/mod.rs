//! The offline checks: every pasted value, scope string and callback URL judged against the
//! catalog, each problem with a plain-English message and a fix.
//!
//! Two entry points:
//! - [`check_field`] judges one value of one field as the admin types it (cheap enough for
//!   every keystroke);
//! - [`check_deployment`] judges a whole deployment, including what only shows across fields
//!   (swapped or identical credentials, missing values, the Threads/Facebook app ID mix-up).
//!
//! Nothing here reads the clock: `today` is a parameter.
//!
//! This module holds the entry points and the order findings come in; each kind of problem
//! has its own module: `paste` (whitespace, invisible characters, quotes), `credentials`
//! (client ID and secret shapes, and the checks across fields), `version` (the Graph API
//! version), `scopes` (scope strings) and `redirect` (callback and redirect URLs).

mod credentials;
mod paste;
mod redirect;
mod scopes;
mod secret_in_field;
mod version;

pub use secret_in_field::{looks_like_secret, secret_in_field};

use credentials::{credential_problems, cross_field_problems};
use paste::{field_name, paste_problems};
use redirect::{override_vs_default, redirect_mismatch};
use scopes::scope_problems;
use version::version_problems;

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};

use crate::catalog::Catalog;
use crate::date::Date;
use crate::deployment::{Deployment, PlatformConfig};
use crate::finding::{Code, DeploymentFindings, Field, Finding, PlatformReport, Report, Severity};
use crate::platform::PlatformId;
use crate::text::{is_invisible, is_plain_whitespace, is_quote, remove_invisible, remove_quotes};
use crate::urls::{UrlKind, check_url, compare_redirect, derive_callback};

/// Warnings about a value are noted this many days before a Graph API version expires.
pub const EXPIRY_WARNING_DAYS: i64 = 90;

/// At most this many findings of one code for one field (a 1 MB paste stays readable).
pub(super) const MAX_PER_CODE: usize = 10;

/// Scope strings with more distinct scopes than this get fixes without rewritten strings.
pub(super) const MAX_REWRITE_TOKENS: usize = 200;

/// What a single field's check needs to know about the rest of the deployment.
#[derive(Debug, Clone, Copy, Default)]
pub struct FieldContext<'a> {
    /// The deployment's API_PUBLIC_URL as typed (to derive the callback).
    pub api_public_url: &'a str,
    /// The platform's callback URL override as typed, if any.
    pub callback_url: Option<&'a str>,
}

impl<'a> FieldContext<'a> {
    /// The context of one platform of a deployment.
    pub fn of(deployment: &'a Deployment, platform: PlatformId) -> FieldContext<'a> {
        FieldContext {
            api_public_url: &deployment.api_public_url,
            callback_url: deployment
                .platform(platform)
                .and_then(|p| p.callback_url.as_deref()),
        }
    }
}

/// A value as the provider would need it: without surrounding whitespace, invisible
/// characters or quotes. The checks judge this; the paste problems are reported separately.
pub fn clean_value(value: &str) -> String {
    let v = if value.chars().any(is_invisible) || has_inner_control(value) {
        remove_invisible(value)
    } else {
        value.to_owned()
    };
    let v = v.trim_matches(is_plain_whitespace);
    let quoted = v.starts_with(is_quote) || v.ends_with(is_quote);
    if quoted {
        remove_quotes(v)
    } else {
        v.to_owned()
    }
}

fn has_inner_control(value: &str) -> bool {
    value
        .trim_matches(is_plain_whitespace)
        .chars()
        .any(char::is_control)
}

/// The callback SocialMine sends for a platform: the override when one is set, else the one
/// derived from API_PUBLIC_URL; `None` while API_PUBLIC_URL is empty.
pub fn effective_callback(
    catalog: &Catalog,
    platform: PlatformId,
    ctx: &FieldContext<'_>,
) -> Option<String> {
    if let Some(o) = ctx.callback_url.map(clean_value).filter(|o| !o.is_empty()) {
        return Some(o);
    }
    derived_callback(catalog, platform, ctx.api_public_url)
}

/// Whether API_PUBLIC_URL is good enough to derive callbacks from (no error of its own).
pub(super) fn api_url_usable(api_public_url: &str) -> bool {
    let v = clean_value(api_public_url);
    !v.is_empty()
        && check_url(Field::ApiPublicUrl, &v, UrlKind::ApiPublic)
            .iter()
            .all(|f| f.severity != Severity::Error)
}

pub(super) fn derived_callback(
    catalog: &Catalog,
    platform: PlatformId,
    api_public_url: &str,
) -> Option<String> {
    let api = clean_value(api_public_url);
    (!api.is_empty()).then(|| derive_callback(&api, &catalog.platform(platform).callback_segment))
}

/// Judges one value of one field. `platform` is `None` for the deployment's own fields
/// (`api_public_url`, `admin_url`, `name`). Findings come worst first.
pub fn check_field(
    catalog: &Catalog,
    today: Date,
    platform: Option<PlatformId>,
    field: Field,
    value: &str,
    ctx: &FieldContext<'_>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    if field == Field::Name {
        return out;
    }
    let facts = platform.map(|p| catalog.platform(p));
    let name = field_name(facts, field);
    let v = paste_problems(field, &name, value, &mut out);
    match (field, facts) {
        (Field::ApiPublicUrl, _) => out.extend(check_url(field, &v, UrlKind::ApiPublic)),
        (Field::AdminUrl, _) => out.extend(check_url(field, &v, UrlKind::Admin)),
        (_, None) => {}
        (_, Some(_)) if v.is_empty() => {}
        (Field::ClientId | Field::ClientSecret, Some(f)) => {
            out.extend(credential_problems(catalog, f, field, &v))
        }
        (Field::AppVersion, Some(f)) => out.extend(version_problems(catalog, f, today, &v)),
        (Field::Scope, Some(f)) => out.extend(scope_problems(catalog, f, &v)),
        (Field::CallbackUrl, Some(f)) => {
            out.extend(check_url(field, &v, UrlKind::Callback));
            // Against a broken API_PUBLIC_URL the default is no yardstick.
            if api_url_usable(ctx.api_public_url)
                && let Some(derived) = derived_callback(catalog, f.id, ctx.api_public_url)
            {
                out.push(override_vs_default(f, &v, &derived));
            }
        }
        (Field::ConsoleRedirectUrl, Some(f)) => {
            if let Some(expected) = effective_callback(catalog, f.id, ctx)
                && let Some(m) = compare_redirect(&expected, &v)
            {
                let overridden = ctx
                    .callback_url
                    .map(clean_value)
                    .is_some_and(|o| !o.is_empty());
                let trustworthy = overridden || api_url_usable(ctx.api_public_url);
                out.push(redirect_mismatch(f, m, trustworthy));
            }
        }
        (Field::Name, _) => {}
    }
    sort(&mut out);
    out
}

/// Judges a whole deployment. `secrets_stored` lists the platforms whose client secret is
/// kept elsewhere (the OS keyring entry of this deployment), so a secret missing from the
/// file is not reported for them.
pub fn check_deployment(
    catalog: &Catalog,
    today: Date,
    deployment: &Deployment,
    secrets_stored: &BTreeSet<PlatformId>,
) -> Report {
    let ctx = FieldContext {
        api_public_url: &deployment.api_public_url,
        callback_url: None,
    };
    let mut findings = check_field(
        catalog,
        today,
        None,
        Field::ApiPublicUrl,
        &deployment.api_public_url,
        &ctx,
    );
    if let Some(admin) = deployment.admin_url.as_deref().filter(|a| !a.is_empty()) {
        findings.extend(check_field(
            catalog,
            today,
            None,
            Field::AdminUrl,
            admin,
            &ctx,
        ));
    }
    // A client secret pasted where an address goes.
    let known = deployment_secrets(deployment, None);
    for (field, value) in [
        (
            Field::ApiPublicUrl,
            Some(deployment.api_public_url.as_str()),
        ),
        (Field::AdminUrl, deployment.admin_url.as_deref()),
    ] {
        if let Some(v) = value
            && looks_like_secret(catalog, None, field, v, &known)
        {
            findings.retain(|f| f.field != field || f.severity < Severity::Error);
            findings.push(secret_in_field(catalog, None, field));
        }
    }
    sort(&mut findings);
    let platforms: BTreeMap<PlatformId, PlatformReport> = deployment
        .platforms
        .keys()
        .map(|id| {
            (
                *id,
                check_platform(catalog, today, deployment, *id, secrets_stored.contains(id)),
            )
        })
        .collect();
    Report {
        deployment: DeploymentFindings { findings },
        platforms,
    }
}

/// Judges one platform of a deployment, including the checks across its fields.
/// `secret_stored` says whether its client secret is kept elsewhere (the keyring).
pub fn check_platform(
    catalog: &Catalog,
    today: Date,
    deployment: &Deployment,
    id: PlatformId,
    secret_stored: bool,
) -> PlatformReport {
    let ctx = FieldContext::of(deployment, id);
    let empty = PlatformConfig::default();
    let cfg = deployment.platform(id).unwrap_or(&empty);
    let facts = catalog.platform(id);
    let secret_raw = cfg.client_secret.as_ref().map(|s| s.expose_str());
    let raw = |field: Field| -> Option<&str> {
        match field {
            Field::ClientId => cfg.client_id.as_deref(),
            Field::ClientSecret => secret_raw,
            Field::AppVersion => cfg.app_version.as_deref(),
            Field::CallbackUrl => cfg.callback_url.as_deref(),
            Field::Scope => cfg.scope.as_deref(),
            Field::ConsoleRedirectUrl => cfg.console_redirect_url.as_deref(),
            _ => None,
        }
    };
    let mut findings = Vec::new();
    for field in Field::PLATFORM_FIELDS {
        if let Some(v) = raw(field) {
            findings.extend(check_field(catalog, today, Some(id), field, v, &ctx));
        }
    }
    let cleaned = |field: Field| raw(field).map(clean_value).unwrap_or_default();
    let (client_id, secret) = (cleaned(Field::ClientId), cleaned(Field::ClientSecret));
    let cross = cross_field_problems(
        catalog,
        deployment,
        facts,
        &client_id,
        &secret,
        secret_stored,
        &cleaned,
    );
    // A swapped or duplicated pair explains the shape problems of both fields: say it once.
    if cross
        .iter()
        .any(|f| matches!(f.code, Code::Swapped | Code::SameValue))
    {
        findings.retain(|f| {
            !(f.code == Code::Format && matches!(f.field, Field::ClientId | Field::ClientSecret))
        });
    }
    // A client secret in the client ID field (not explained by a swap or a double paste).
    let explained = cross
        .iter()
        .any(|f| matches!(f.code, Code::Swapped | Code::SameValue));
    if !explained
        && let Some(v) = raw(Field::ClientId)
        && looks_like_secret(
            catalog,
            Some(id),
            Field::ClientId,
            v,
            &deployment_secrets(deployment, Some(id)),
        )
    {
        findings.retain(|f| !(f.code == Code::Format && f.field == Field::ClientId));
        findings.push(secret_in_field(catalog, Some(id), Field::ClientId));
    }
    // Next to an API Key, the secret's own (warning-level) shape note adds nothing.
    if cross.iter().any(|f| f.code == Code::LegacyXApiKey) {
        findings.retain(|f| !(f.code == Code::Format && f.field == Field::ClientSecret));
    }
    findings.extend(cross);
    sort(&mut findings);
    PlatformReport {
        callback_url: effective_callback(catalog, id, &ctx),
        findings,
    }
}

/// The client secrets written in the deployment, but `except`'s.
fn deployment_secrets(deployment: &Deployment, except: Option<PlatformId>) -> Vec<&str> {
    deployment
        .platforms
        .iter()
        .filter(|(p, _)| Some(**p) != except)
        .filter_map(|(_, c)| c.client_secret.as_ref().map(|s| s.expose_str()))
        .collect()
}

// ---------------------------------------------------------------------------------------------

pub(super) fn field_rank(field: Field) -> usize {
    [
        Field::ApiPublicUrl,
        Field::AdminUrl,
        Field::Name,
        Field::ClientId,
        Field::ClientSecret,
        Field::AppVersion,
        Field::Scope,
        Field::CallbackUrl,
        Field::ConsoleRedirectUrl,
    ]
    .iter()
    .position(|f| *f == field)
    .unwrap_or(usize::MAX)
}

/// Worst first, then in the order of the form; otherwise as found.
pub(super) fn sort(findings: &mut [Finding]) {
    findings.sort_by_key(|f| (Reverse(f.severity), field_rank(f.field)));
}
