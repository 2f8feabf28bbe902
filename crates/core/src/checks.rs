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

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashSet};

use crate::catalog::{
    Catalog, Confidence, CredentialRole, CredentialShape, PlatformFacts, ScopeSeparator,
    ScopeStatus, parse_version,
};
use crate::date::Date;
use crate::deployment::{Deployment, PlatformConfig};
use crate::finding::{
    Code, DeploymentFindings, Field, Finding, FixAction, MismatchDetail, PlatformReport,
    RedirectMismatch, Report, Severity,
};
use crate::platform::PlatformId;
use crate::text::{
    describe_invisible, edit_distance, is_invisible, is_plain_whitespace, is_quote,
    remove_invisible, remove_quotes,
};
use crate::urls::{RawUrl, UrlKind, check_url, compare_redirect, derive_callback};

/// Warnings about a value are noted this many days before a Graph API version expires.
pub const EXPIRY_WARNING_DAYS: i64 = 90;

/// At most this many findings of one code for one field (a 1 MB paste stays readable).
const MAX_PER_CODE: usize = 10;

/// Scope strings with more distinct scopes than this get fixes without rewritten strings.
const MAX_REWRITE_TOKENS: usize = 200;

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
fn api_url_usable(api_public_url: &str) -> bool {
    let v = clean_value(api_public_url);
    !v.is_empty()
        && check_url(Field::ApiPublicUrl, &v, UrlKind::ApiPublic)
            .iter()
            .all(|f| f.severity != Severity::Error)
}

fn derived_callback(
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

// ---------------------------------------------------------------------------------------------
// Paste problems: whitespace, invisible characters, quotes.

fn field_name(facts: Option<&PlatformFacts>, field: Field) -> String {
    let label = facts
        .and_then(|f| f.form_field(field))
        .map(|f| f.label.clone());
    let name = match field {
        Field::Name => "The name".to_owned(),
        Field::ApiPublicUrl => "API_PUBLIC_URL".to_owned(),
        Field::AdminUrl => "The admin URL".to_owned(),
        Field::ConsoleRedirectUrl => "The redirect URL from the console".to_owned(),
        Field::CallbackUrl => "The callback URL override".to_owned(),
        Field::Scope => "The custom scope".to_owned(),
        _ => format!(
            "The {}",
            label.unwrap_or_else(|| field.as_str().replace('_', " "))
        ),
    };
    match facts {
        Some(f) => format!("{name} ({})", f.display_name),
        None => name,
    }
}

/// Reports whitespace, invisible characters and quotes; returns the cleaned value.
fn paste_problems(field: Field, name: &str, value: &str, out: &mut Vec<Finding>) -> String {
    let trimmed = value.trim_matches(is_plain_whitespace);
    let bad: Vec<char> = value
        .chars()
        .filter(|c| is_invisible(*c))
        .chain(trimmed.chars().filter(|c| c.is_control()))
        .collect();
    if let Some(first) = bad.first() {
        let more = match bad.len() {
            1 => String::new(),
            n => format!(
                " and {} more such character{}",
                n - 1,
                if n > 2 { "s" } else { "" }
            ),
        };
        out.push(
            Finding::new(
                field,
                Severity::Error,
                Code::InvisibleCharacter,
                format!(
                    "{name} contains {}{more}, which you cannot see. It usually comes along when copying from a web page or a \
                     chat; the provider would receive it as part of the value and reject it.",
                    describe_invisible(*first)
                ),
                "Remove the invisible characters (one click), or copy the value again straight from the console.",
            )
            .with_action(FixAction::RemoveInvisible),
        );
    }
    if trimmed.len() != value.len() {
        let what = if value.ends_with(['\n', '\r'])
            && value.trim_start_matches(is_plain_whitespace).len() == value.len()
        {
            "ends with a line break"
        } else if value.starts_with(is_plain_whitespace) && value.ends_with(is_plain_whitespace) {
            "starts and ends with spaces or line breaks"
        } else if value.starts_with(is_plain_whitespace) {
            "starts with a space or line break"
        } else {
            "ends with a space or line break"
        };
        out.push(
            Finding::new(
                field,
                Severity::Warning,
                Code::Whitespace,
                format!(
                    "{name} {what}. SocialMine and the provider may take it as part of the value, and then it no longer matches."
                ),
                "Trim it (one click).",
            )
            .with_action(FixAction::Trim),
        );
    }
    let v = clean_value(value);
    let unquoted_inner = if bad.is_empty() {
        trimmed.to_owned()
    } else {
        remove_invisible(value)
    };
    if unquoted_inner.starts_with(is_quote) || unquoted_inner.ends_with(is_quote) {
        out.push(
            Finding::new(
                field,
                Severity::Error,
                Code::Quoted,
                format!(
                    "{name} is wrapped in quotes. The quotes are not part of the value (they come from copying it out of a \
                     file or a chat) and the provider would reject the value with them."
                ),
                "Remove the quotes (one click).",
            )
            .with_action(FixAction::RemoveQuotes),
        );
    }
    v
}

// ---------------------------------------------------------------------------------------------
// Credentials.

fn describe_shapes(shapes: &[&CredentialShape]) -> String {
    shapes
        .iter()
        .map(|s| s.description.as_str())
        .collect::<Vec<_>>()
        .join(", or ")
}

fn shape_problems(shape: &CredentialShape, v: &str) -> Vec<String> {
    let mut p = Vec::new();
    let n = v.chars().count();
    if n < shape.min_len as usize || n > shape.max_len as usize {
        p.push(format!(
            "has {n} character{}",
            if n == 1 { "" } else { "s" }
        ));
    }
    if !shape.prefix.is_empty() && !v.starts_with(shape.prefix.as_str()) {
        p.push(format!("does not start with {}", shape.prefix));
    }
    let rest = v.strip_prefix(shape.prefix.as_str()).unwrap_or(v);
    if !rest.chars().all(|c| shape.charset.allows(c)) {
        p.push(format!(
            "has characters other than {}",
            shape.charset.words()
        ));
    }
    if !shape.suffix.is_empty() && !v.ends_with(shape.suffix.as_str()) {
        p.push(format!("does not end with {}", shape.suffix));
    }
    p
}

fn uncertainty_note(catalog: &Catalog, shapes: &[&CredentialShape]) -> String {
    let best = shapes
        .iter()
        .map(|s| s.confidence)
        .max()
        .unwrap_or(Confidence::Low);
    let checked = shapes
        .first()
        .and_then(|s| catalog.source(&s.source))
        .map_or(catalog.checked.as_str(), |s| s.checked.as_str());
    format!(
        " (The assistant is not certain of this shape: {} confidence, checked {checked}. So this is only a warning: if you \
         copied the value straight from the console, you can go on.)",
        best.as_str()
    )
}

fn credential_problems(
    catalog: &Catalog,
    f: &PlatformFacts,
    field: Field,
    v: &str,
) -> Vec<Finding> {
    let expected: Vec<&CredentialShape> = f.shapes(field, CredentialRole::Expected).collect();
    if expected.iter().any(|s| s.matches(v)) {
        return Vec::new();
    }
    let form = f.form_field(field);
    let label = form.map_or(field.as_str(), |x| x.label.as_str());
    let console = form.map_or(field.as_str(), |x| x.console_name.as_str());
    let help = form.map_or("", |x| x.help.as_str());

    if let Some(s) = f
        .shapes(field, CredentialRole::Sandbox)
        .find(|s| s.matches(v))
    {
        return vec![Finding::new(
            field,
            Severity::Warning,
            Code::TiktokSandboxKey,
            format!(
                "This is a {} ({}). Sandbox keys only work for the test accounts added to the app's sandbox, and the \
                 production app has different keys.",
                s.label, s.description
            ),
            format!(
                "Fine for a rehearsal. For real accounts, open the production app in {} and copy its {console} ({}).",
                f.display_name,
                describe_shapes(&expected)
            ),
        )];
    }
    if let Some(s) = f
        .shapes(field, CredentialRole::LegacyXApiKey)
        .find(|s| s.matches(v))
    {
        let what = if field == Field::ClientId {
            "OAuth 2.0 Client ID"
        } else {
            "OAuth 2.0 Client Secret"
        };
        return vec![Finding::new(
            field,
            Severity::Error,
            Code::LegacyXApiKey,
            format!(
                "This looks like an {}: {}. SocialMine needs the {what} instead: it connects X accounts with OAuth 2.0, which \
                 rejects API Keys (\"unauthorized_client\").",
                s.label, s.description
            ),
            format!(
                "In the X Developer Portal open your app → Keys and tokens, find \"OAuth 2.0 Client ID and Client Secret\" and \
                 copy the {what}: {}.",
                describe_shapes(&expected)
            ),
        )];
    }
    let other = if field == Field::ClientId {
        Field::ClientSecret
    } else {
        Field::ClientId
    };
    let other_shapes: Vec<&CredentialShape> = f.shapes(other, CredentialRole::Expected).collect();
    let all_high = expected.iter().all(|s| s.confidence == Confidence::High);
    let severity = if all_high {
        Severity::Error
    } else {
        Severity::Warning
    };
    let note = if all_high {
        String::new()
    } else {
        uncertainty_note(catalog, &expected)
    };
    let looks_like_other = other_shapes.iter().any(|s| s.matches(v));
    let message = if v.contains("://") {
        format!(
            "This is a web address, not a {console}. A {console} is {}.",
            describe_shapes(&expected)
        )
    } else if looks_like_other {
        let other_label = f
            .form_field(other)
            .map_or(other.as_str(), |x| x.console_name.as_str());
        format!(
            "This looks like the {other_label} ({}), not the {console} ({}). Did you paste it into the wrong field?{note}",
            describe_shapes(&other_shapes),
            describe_shapes(&expected)
        )
    } else {
        let problems = expected
            .first()
            .map(|s| shape_problems(s, v))
            .unwrap_or_default();
        format!(
            "This does not look like a {console}: a {console} is {}, but this value {}.{note}",
            describe_shapes(&expected),
            if problems.is_empty() {
                "differs".to_owned()
            } else {
                problems.join(" and ")
            }
        )
    };
    let fix = if looks_like_other {
        format!("Put this value in the other field, and copy the {console} into {label}. {help}")
    } else {
        format!("Copy the {console} again from the console into {label}. {help}")
    };
    vec![Finding::new(
        field,
        severity,
        Code::Format,
        message,
        fix.trim_end().to_owned(),
    )]
}

fn cross_field_problems(
    catalog: &Catalog,
    deployment: &Deployment,
    f: &PlatformFacts,
    client_id: &str,
    secret: &str,
    secret_stored: bool,
    cleaned: &dyn Fn(Field) -> String,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let id_form = f.form_field(Field::ClientId);
    let id_label = id_form.map_or("Client ID", |x| x.label.as_str());
    let id_console = id_form.map_or("Client ID", |x| x.console_name.as_str());
    let secret_form = f.form_field(Field::ClientSecret);
    let secret_console = secret_form.map_or("Client Secret", |x| x.console_name.as_str());
    let secret_help = secret_form.map_or("", |x| x.help.as_str());

    if client_id.is_empty() {
        let mut present = Vec::new();
        if !secret.is_empty() {
            present.push("a Client Secret");
        }
        if !cleaned(Field::AppVersion).is_empty() {
            present.push("an App Version");
        }
        if !cleaned(Field::Scope).is_empty() {
            present.push("a custom scope");
        }
        if !cleaned(Field::CallbackUrl).is_empty() {
            present.push("a callback URL override");
        }
        if !present.is_empty() {
            out.push(Finding::new(
                Field::ClientId,
                Severity::Error,
                Code::Required,
                format!(
                    "{} is partly filled in (it has {}) but has no {id_label}. SocialMine cannot use the platform without it.",
                    f.display_name,
                    present.join(" and ")
                ),
                format!(
                    "Copy the {id_console} from the console into {id_label} ({}), or remove {}'s other values if you do not want \
                     to set it up yet.",
                    id_form.map_or("", |x| x.help.as_str()).trim_end_matches('.'),
                    f.display_name
                ),
            ));
        }
        return out;
    }
    if secret.is_empty() && !secret_stored {
        out.push(Finding::new(
            Field::ClientSecret,
            Severity::Error,
            Code::Required,
            format!(
                "{} has a {id_label} but no Client Secret, neither in this file nor in the system keyring for this deployment. \
                 SocialMine needs both to connect accounts.",
                f.display_name
            ),
            format!(
                "Copy the {secret_console} into the Client Secret field; the assistant keeps it in the system keyring. \
                 {secret_help}"
            ),
        ));
    }
    if !secret.is_empty() && client_id == secret {
        out.push(Finding::new(
            Field::ClientSecret,
            Severity::Error,
            Code::SameValue,
            format!(
                "The {id_label} and the Client Secret of {} are the same value. They are always different: one of them was pasted \
                 twice.",
                f.display_name
            ),
            format!("Copy the {secret_console} again from the console into the Client Secret field. {secret_help}"),
        ));
    }
    let matches =
        |field: Field, role: CredentialRole, v: &str| f.shapes(field, role).any(|s| s.matches(v));
    let id_is_id = [
        CredentialRole::Expected,
        CredentialRole::Sandbox,
        CredentialRole::LegacyXApiKey,
    ]
    .iter()
    .any(|r| matches(Field::ClientId, *r, client_id));
    if !secret.is_empty()
        && client_id != secret
        && !id_is_id
        && matches(Field::ClientSecret, CredentialRole::Expected, client_id)
        && matches(Field::ClientId, CredentialRole::Expected, secret)
        && !matches(Field::ClientSecret, CredentialRole::Expected, secret)
    {
        out.push(
            Finding::new(
                Field::ClientId,
                Severity::Error,
                Code::Swapped,
                format!(
                    "The {id_label} and the Client Secret of {} seem to be in each other's fields: the {id_label} field holds a value \
                     shaped like the {secret_console}, and the Client Secret field one shaped like the {id_console}.",
                    f.display_name
                ),
                "Swap the two values (one click).",
            )
            .with_action(FixAction::SwapFields { other: Field::ClientSecret }),
        );
    }
    if f.id == PlatformId::Twitter
        && matches(Field::ClientId, CredentialRole::LegacyXApiKey, client_id)
        && !matches(Field::ClientId, CredentialRole::Expected, client_id)
        && matches(Field::ClientSecret, CredentialRole::LegacyXApiKey, secret)
        && matches(Field::ClientSecret, CredentialRole::Expected, secret)
    {
        // A 50-character API Key Secret also fits the OAuth 2.0 secret's alphabet; next to an
        // API Key it is almost certainly the API Key Secret.
        out.push(Finding::new(
            Field::ClientSecret,
            Severity::Error,
            Code::LegacyXApiKey,
            "Next to an X API Key, this is almost certainly the API Key Secret, not the OAuth 2.0 Client Secret SocialMine needs.",
            "In the X Developer Portal open your app → Keys and tokens → \"OAuth 2.0 Client ID and Client Secret\" and copy the \
             Client Secret (regenerate it if it is not shown).",
        ));
    }
    if f.id == PlatformId::Threads {
        for meta in [PlatformId::Facebook, PlatformId::Instagram] {
            let meta_id = deployment
                .platform(meta)
                .and_then(|p| p.client_id.as_deref())
                .map(clean_value)
                .unwrap_or_default();
            if meta_id == client_id {
                out.push(Finding::new(
                    Field::ClientId,
                    Severity::Error,
                    Code::SharedWithFacebook,
                    format!(
                        "The Threads Client ID is the same as the {} App ID in this deployment. A Meta app with Threads has a \
                         separate Threads App ID and Threads App Secret; with the Meta App ID the Threads login fails (\"No \
                         application data was given\", error 1349026 or 4476002).",
                        catalog.platform(meta).display_name
                    ),
                    "In the Meta app open the Threads use case → Settings and copy the Threads App ID and Threads App Secret into \
                     Threads' Client ID and Client Secret.",
                ));
                break;
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// App version.

fn version_problems(catalog: &Catalog, f: &PlatformFacts, today: Date, v: &str) -> Vec<Finding> {
    let field = Field::AppVersion;
    if !f.app_version {
        let extra = if f.id == PlatformId::Threads {
            " (Threads uses its own API, v1.0, with no version setting)"
        } else {
            ""
        };
        return vec![
            Finding::new(
                field,
                Severity::Warning,
                Code::NotApplicable,
                format!(
                    "{} has no App Version in SocialMine's form: only Facebook and Instagram use a Graph API version{extra}. \
                     SocialMine would ignore it, and the admin API may refuse it.",
                    f.display_name
                ),
                "Clear the field (one click).",
            )
            .with_action(FixAction::Clear),
        ];
    }
    let recommended = catalog.recommended_graph_version(today);
    let rec_text = match &recommended.expires {
        Some(e) => format!("{} (available until {e})", recommended.version),
        None => format!("{} (no end date announced)", recommended.version),
    };
    let Some((major, minor)) = parse_version(v) else {
        let digits = v.trim_start_matches(['v', 'V']);
        let guess = match digits.split_once('.') {
            None if !digits.is_empty()
                && digits.len() <= 3
                && digits.chars().all(|c| c.is_ascii_digit()) =>
            {
                Some(format!("v{digits}.0"))
            }
            Some((a, b)) if parse_version(&format!("v{a}.{b}")).is_some() => {
                Some(format!("v{a}.{b}"))
            }
            _ => None,
        };
        let guess = guess.filter(|g| catalog.graph_version(g).is_some());
        let f = Finding::new(
            field,
            Severity::Error,
            Code::Format,
            "The App Version must look like v23.0: a lowercase v, the version number, a dot and the minor number.".to_owned(),
            match &guess {
                Some(g) => format!("Use {g}."),
                None => format!("Enter a Graph API version such as {rec_text}."),
            },
        );
        return vec![match guess {
            Some(g) => f.with_action(FixAction::ReplaceWith { value: g }),
            None => f,
        }];
    };
    let canonical = format!("v{major}.{minor}");
    let replace = FixAction::ReplaceWith {
        value: recommended.version.clone(),
    };
    let expired_finding = |what: String| {
        Finding::new(
            field,
            Severity::Error,
            Code::Expired,
            format!(
                "{what} Meta does not refuse calls to an expired version: it silently answers them with the oldest version still \
                 available, so SocialMine would run against a different API than configured, without any error."
            ),
            format!("Use {rec_text}, the newest version, and check that your Meta app works with it."),
        )
        .with_action(replace.clone())
    };
    if let Some(known) = catalog.graph_version(&canonical) {
        let Some(expires) = known.expires_date() else {
            return Vec::new();
        };
        let days = today.days_until(expires);
        if days < 0 {
            return vec![expired_finding(format!(
                "Graph API {canonical} expired on {expires}."
            ))];
        }
        if days <= EXPIRY_WARNING_DAYS {
            return vec![
                Finding::new(
                    field,
                    Severity::Warning,
                    Code::ExpiringSoon,
                    format!(
                        "Graph API {canonical} expires on {expires}, in {days} day{}. After that Meta silently answers with another \
                         version.",
                        if days == 1 { "" } else { "s" }
                    ),
                    format!("Switch to {rec_text} now, while you can still test both."),
                )
                .with_action(replace),
            ];
        }
        return Vec::new();
    }
    let newest = catalog.newest_graph_version();
    if (major, minor) > newest.number() {
        return vec![Finding::new(
            field,
            Severity::Warning,
            Code::UnknownVersion,
            format!(
                "{canonical} is newer than the newest Graph API version the assistant knows ({}, catalog checked {}). If Meta \
                 released it since, this is fine; if not, Meta answers with another version.",
                newest.version, catalog.checked
            ),
            "Check Meta's list at https://developers.facebook.com/docs/graph-api/changelog/versions, and update the assistant \
             (or drop a newer catalog file into its data folder) so it can check the version properly.",
        )];
    }
    if let Some(later_expired) = catalog
        .graph_api_versions
        .iter()
        .filter(|k| k.number() > (major, minor))
        .find(|k| k.expires_date().is_some_and(|e| today.days_until(e) < 0))
    {
        return vec![expired_finding(format!(
            "Graph API {canonical} is older than {}, which already expired on {}.",
            later_expired.version,
            later_expired.expires.as_deref().unwrap_or("?")
        ))];
    }
    vec![
        Finding::new(
            field,
            Severity::Warning,
            Code::UnknownVersion,
            format!("Meta has no Graph API version {canonical} that the assistant knows of; Meta would answer with another version."),
            format!("Use {rec_text}."),
        )
        .with_action(replace),
    ]
}

// ---------------------------------------------------------------------------------------------
// Scopes.

fn scope_problems(catalog: &Catalog, f: &PlatformFacts, v: &str) -> Vec<Finding> {
    let field = Field::Scope;
    let mut out = Vec::new();
    let sep = f.scope_separator;
    let tokens: Vec<&str> = v
        .split(|c: char| c == ',' || is_plain_whitespace(c))
        .filter(|t| !t.is_empty())
        .collect();
    if tokens.is_empty() {
        return out;
    }
    let join = |ts: &[&str]| ts.join(sep.as_str());
    let has_comma = v.contains(',');
    let space_separated = v.split(',').any(|part| {
        part.trim_matches(is_plain_whitespace)
            .contains(is_plain_whitespace)
    });
    let wrong_sep = match sep {
        ScopeSeparator::Comma => space_separated,
        ScopeSeparator::Space => has_comma,
    };
    if wrong_sep && tokens.len() > 1 {
        let other = match sep {
            ScopeSeparator::Comma => "spaces",
            ScopeSeparator::Space => "commas",
        };
        let fixed = join(&tokens);
        out.push(
            Finding::new(
                field,
                Severity::Error,
                Code::ScopeSeparator,
                format!(
                    "The scopes are separated by {other}, but {} expects them separated by {}. SocialMine sends the string as it \
                     is, so the provider would read it as one unknown scope.",
                    f.display_name,
                    sep.words()
                ),
                format!("Separate them with {}: {fixed}", sep.words()),
            )
            .with_action(FixAction::ReplaceWith { value: fixed }),
        );
    }

    let mut seen = HashSet::new();
    let mut unique: Vec<&str> = Vec::new();
    let mut dupes: Vec<&str> = Vec::new();
    let mut dupes_seen = HashSet::new();
    for t in &tokens {
        if seen.insert(*t) {
            unique.push(t);
        } else if dupes_seen.insert(*t) {
            dupes.push(t);
        }
    }
    // Rewriting a huge scope list once per finding would be slow and useless: beyond this
    // many scopes the fixes say what to do without spelling out the rewritten string.
    let rewrites = unique.len() <= MAX_REWRITE_TOKENS;
    let replaced = |from: &str, to: Option<&str>| -> String {
        if !rewrites {
            return String::new();
        }
        let mut kept = HashSet::new();
        let ts: Vec<&str> = unique
            .iter()
            .filter_map(|t| if *t == from { to } else { Some(*t) })
            .filter(|t| kept.insert(*t))
            .collect();
        join(&ts)
    };

    let (mut deprecated, mut unknown) = (0, 0);
    for t in &unique {
        match f.scope(t) {
            Some(s) if s.status == ScopeStatus::Current => {}
            Some(s) if s.status == ScopeStatus::Deprecated => {
                deprecated += 1;
                if deprecated > MAX_PER_CODE {
                    continue;
                }
                let rep = (!s.replacement.is_empty()).then_some(s.replacement.as_str());
                let fixed = replaced(t, rep);
                out.push(
                    Finding::new(
                        field,
                        Severity::Error,
                        Code::DeprecatedScope,
                        format!(
                            "{t} is a deprecated {} scope: {} Asking for it makes the login fail (\"Invalid Scopes\").",
                            f.display_name, s.purpose
                        ),
                        match rep {
                            Some(r) => format!("Use {r} instead: {fixed}"),
                            None => format!("Remove it: {fixed}"),
                        },
                    )
                    .with_action(FixAction::ReplaceWith { value: fixed }),
                );
            }
            Some(s) => {
                unknown += 1;
                if unknown > MAX_PER_CODE {
                    continue;
                }
                let rep = (!s.replacement.is_empty()).then_some(s.replacement.as_str());
                let fixed = replaced(t, rep);
                out.push(
                    Finding::new(
                        field,
                        Severity::Warning,
                        Code::UnknownScope,
                        format!(
                            "{t} is not a scope of SocialMine's {} login: {}",
                            f.display_name, s.purpose
                        ),
                        match rep {
                            Some(r) => format!("Use {r} instead: {fixed}"),
                            None => format!("Remove it: {fixed}"),
                        },
                    )
                    .with_action(FixAction::ReplaceWith { value: fixed }),
                );
            }
            None => {
                unknown += 1;
                if unknown > MAX_PER_CODE {
                    continue;
                }
                out.push(unknown_scope(catalog, f, t, &replaced));
            }
        }
    }
    if unknown > MAX_PER_CODE {
        out.push(Finding::new(
            field,
            Severity::Warning,
            Code::UnknownScope,
            format!("{} more scope names are unknown for {}.", unknown - MAX_PER_CODE, f.display_name),
            "Clear the field to use SocialMine's defaults, or enter only scope names from the provider's list.",
        ));
    }

    if !dupes.is_empty() {
        let fixed = join(&unique);
        out.push(
            Finding::new(
                field,
                Severity::Warning,
                Code::DuplicateScope,
                format!(
                    "{} {} more than once. Providers usually tolerate it, but it hints at a copy-paste slip.",
                    dupes.iter().take(MAX_PER_CODE).copied().collect::<Vec<_>>().join(", "),
                    if dupes.len() == 1 { "appears" } else { "appear" }
                ),
                format!("Keep each scope once: {fixed}"),
            )
            .with_action(FixAction::ReplaceWith { value: fixed }),
        );
    }

    let missing: Vec<&str> = f
        .required_scopes()
        .map(|s| s.name.as_str())
        .filter(|r| !seen.contains(r))
        .collect();
    if !missing.is_empty() {
        let purposes: Vec<String> = f
            .required_scopes()
            .filter(|s| missing.contains(&s.name.as_str()))
            .map(|s| format!("{} ({})", s.name, s.purpose.trim_end_matches('.')))
            .collect();
        let mut with: Vec<&str> = unique
            .iter()
            .copied()
            .filter(|t| f.scope(t).is_some_and(|s| s.status == ScopeStatus::Current))
            .collect();
        with.extend(missing.iter().copied());
        let fixed = join(&with);
        out.push(
            Finding::new(
                field,
                Severity::Error,
                Code::MissingRequiredScope,
                format!(
                    "The custom scope leaves out what SocialMine needs to post to {}: {}. A custom scope replaces SocialMine's \
                     defaults completely, so connecting would work but posting would fail.",
                    f.display_name,
                    purposes.join("; ")
                ),
                format!(
                    "Add {}: {fixed} — or clear the field to use SocialMine's defaults ({}).",
                    missing.join(", "),
                    f.default_scopes.join(sep.as_str())
                ),
            )
            .with_action(FixAction::ReplaceWith { value: fixed }),
        );
    }
    if !rewrites {
        for finding in &mut out {
            if matches!(finding.action, Some(FixAction::ReplaceWith { .. })) {
                finding.action = None;
                if let Some((what, _)) = finding.fix.split_once(": ") {
                    finding.fix = format!("{what}.");
                }
            }
        }
    }
    out
}

fn unknown_scope(
    catalog: &Catalog,
    f: &PlatformFacts,
    t: &str,
    replaced: &dyn Fn(&str, Option<&str>) -> String,
) -> Finding {
    let field = Field::Scope;
    let current = f.scopes.iter().filter(|s| s.status == ScopeStatus::Current);
    let nearest = if t.chars().count() > 64 {
        None
    } else if let Some(s) = f.scopes.iter().find(|s| s.name.eq_ignore_ascii_case(t)) {
        Some(s.name.as_str())
    } else {
        let max = if t.chars().count() >= 10 { 3 } else { 2 };
        current
            .filter_map(|s| edit_distance(t, &s.name, max).map(|d| (d, s.name.as_str())))
            .min()
            .map(|(_, n)| n)
    };
    if let Some(n) = nearest {
        let fixed = replaced(t, Some(n));
        return Finding::new(
            field,
            Severity::Warning,
            Code::UnknownScope,
            format!(
                "{t} is not a {} scope; it looks like a typo of {n}.",
                f.display_name
            ),
            format!("Use {n}: {fixed}"),
        )
        .with_action(FixAction::ReplaceWith { value: fixed });
    }
    let fixed = replaced(t, None);
    if let Some(other) = catalog.platform_of_scope(t, f.id) {
        return Finding::new(
            field,
            Severity::Warning,
            Code::UnknownScope,
            format!(
                "{t} belongs to {}, not to {}; {} would not know it.",
                other.display_name, f.display_name, f.display_name
            ),
            format!("Remove it: {fixed}"),
        )
        .with_action(FixAction::ReplaceWith { value: fixed });
    }
    Finding::new(
        field,
        Severity::Warning,
        Code::UnknownScope,
        format!(
            "{} is not one of the {} scopes the assistant knows (catalog checked {}). If the provider added it since, this is fine; \
             otherwise the login fails with \"Invalid Scopes\".",
            if t.chars().count() > 64 { format!("{}…", t.chars().take(64).collect::<String>()) } else { t.to_owned() },
            f.display_name,
            catalog.checked
        ),
        format!("Check the spelling against the provider's list of scopes, or remove it: {}", shorten(&fixed)),
    )
    .with_action(FixAction::ReplaceWith { value: fixed })
}

fn shorten(s: &str) -> String {
    if s.chars().count() > 200 {
        format!("{}…", s.chars().take(200).collect::<String>())
    } else {
        s.to_owned()
    }
}

// ---------------------------------------------------------------------------------------------
// Callback URLs.

fn override_vs_default(f: &PlatformFacts, v: &str, derived: &str) -> Finding {
    if v == derived {
        return Finding::new(
            Field::CallbackUrl,
            Severity::Info,
            Code::RedundantOverride,
            format!("The callback URL override is the same as the callback SocialMine derives ({derived})."),
            "Leave it blank (one click), so that it follows API_PUBLIC_URL if that ever changes.",
        )
        .with_action(FixAction::Clear);
    }
    Finding::new(
        Field::CallbackUrl,
        Severity::Warning,
        Code::DiffersFromDefault,
        format!(
            "The callback URL override ({v}) differs from the callback SocialMine derives from API_PUBLIC_URL ({derived}). \
             SocialMine will send the override, so it must be exactly what is registered in the {} console, and it must reach \
             SocialMine's /api/connect/{}/callback route.",
            f.display_name, f.callback_segment
        ),
        format!(
            "Unless you really need another address (for example behind a special proxy), clear the override so SocialMine uses \
             {derived} (one click)."
        ),
    )
    .with_action(FixAction::UseDerivedCallback { value: derived.to_owned() })
}

fn provider_error(f: &PlatformFacts) -> &'static str {
    match f.id {
        PlatformId::Facebook | PlatformId::Instagram | PlatformId::Threads => "\"URL blocked\"",
        PlatformId::Linkedin => "\"The redirect_uri does not match the registered value\"",
        PlatformId::Twitter => "\"Callback URL not approved\"",
        PlatformId::Tiktok => "a redirect_uri error",
    }
}

/// `trustworthy` is false when the expected callback comes from an API_PUBLIC_URL that has
/// errors of its own: then the fix is to repair API_PUBLIC_URL first.
fn redirect_mismatch(f: &PlatformFacts, m: RedirectMismatch, trustworthy: bool) -> Finding {
    let expected = m.expected.clone();
    let (e, a) = (RawUrl::split(&m.expected), RawUrl::split(&m.actual));
    let step = f
        .steps
        .iter()
        .find(|s| s.registers_callback)
        .map(|s| s.title.as_str())
        .unwrap_or("the console");
    let register = format!(
        "In the {} console ({step}), register exactly {expected}",
        f.display_name
    );
    let (what, fix) = match m.detail {
        MismatchDetail::TrailingSlash if expected.contains("//api/") => (
            "they differ by a doubled slash, which comes from API_PUBLIC_URL ending in a slash".to_owned(),
            "Remove the trailing slash from API_PUBLIC_URL (here and in SocialMine's .env); the callback then matches.".to_owned(),
        ),
        MismatchDetail::TrailingSlash => (
            "they differ only by a slash at the end".to_owned(),
            format!(
                "{register}, with no slash at the end{}.",
                if matches!(f.id, PlatformId::Facebook | PlatformId::Instagram | PlatformId::Threads) {
                    " (Meta's dashboard sometimes adds one when saving: remove it)"
                } else {
                    ""
                }
            ),
        ),
        MismatchDetail::Scheme => (
            format!(
                "one starts with {} and the other with {}",
                e.map_or("https", |x| x.scheme),
                a.map_or("no scheme at all", |x| x.scheme)
            ),
            format!("{register}. If SocialMine is really reached over http, fix API_PUBLIC_URL instead: providers want https."),
        ),
        MismatchDetail::Host => (
            format!("the host names differ ({} and {})", e.map_or("?", |x| x.host), a.map_or("?", |x| x.host)),
            format!(
                "If {} is where SocialMine really answers, set API_PUBLIC_URL to that address; otherwise: {register}.",
                a.map_or("the console's host", |x| x.host)
            ),
        ),
        MismatchDetail::HostCase => (
            "the host name is written with different capital letters".to_owned(),
            format!("{register}, in lowercase."),
        ),
        MismatchDetail::Port => (
            format!(
                "the ports differ ({} and {})",
                e.and_then(|x| x.port).unwrap_or("default"),
                a.and_then(|x| x.port).unwrap_or("default")
            ),
            format!("{register}. If SocialMine is reached on another port, correct API_PUBLIC_URL (with the port) instead."),
        ),
        MismatchDetail::PlatformSegment => (
            format!(
                "the console's path names another platform segment; SocialMine's path uses /{}/{}",
                f.callback_segment,
                if f.id == PlatformId::Twitter { " (twitter, not x)" } else { "" }
            ),
            format!("{register}."),
        ),
        MismatchDetail::ApiPrefix => (
            "one path starts with /api and the other does not; SocialMine serves callbacks under /api/connect/…".to_owned(),
            format!("{register}."),
        ),
        MismatchDetail::Path => ("the paths differ".to_owned(), format!("{register}; the path is /api/connect/{}/callback.", f.callback_segment)),
        MismatchDetail::Query => (
            "the part after ? or # differs".to_owned(),
            format!("{register}, with nothing after ? or #."),
        ),
    };
    let fix = if trustworthy {
        fix
    } else {
        "API_PUBLIC_URL has problems of its own (see the deployment's findings), and the callback SocialMine sends is built \
         from it: fix API_PUBLIC_URL first, then compare the console's URL again."
            .to_owned()
    };
    let mut finding = Finding::new(
        Field::ConsoleRedirectUrl,
        Severity::Error,
        Code::RedirectMismatch,
        format!(
            "The redirect URL registered in the {} console does not match the callback SocialMine sends: {what}. The provider \
             compares them character for character and refuses the login with {}.\n  SocialMine sends: {}\n  Console has:      {}",
            f.display_name,
            provider_error(f),
            m.expected_marked,
            m.actual_marked
        ),
        fix,
    );
    finding.mismatch = Some(m);
    finding
}

// ---------------------------------------------------------------------------------------------

fn field_rank(field: Field) -> usize {
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
fn sort(findings: &mut [Finding]) {
    findings.sort_by_key(|f| (Reverse(f.severity), field_rank(f.field)));
}
