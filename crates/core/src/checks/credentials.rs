//! Client ID and client secret: their shapes as the catalog describes them, and the problems
//! that only show across fields (swapped or identical values, missing values, the
//! Threads/Facebook app ID mix-up, a legacy X API key).

use super::clean_value;
use crate::catalog::{Catalog, Confidence, CredentialRole, CredentialShape, PlatformFacts};
use crate::deployment::Deployment;
use crate::finding::{Code, Field, Finding, FixAction, Severity};
use crate::platform::PlatformId;

pub(super) fn describe_shapes(shapes: &[&CredentialShape]) -> String {
    shapes
        .iter()
        .map(|s| s.description.as_str())
        .collect::<Vec<_>>()
        .join(", or ")
}

pub(super) fn shape_problems(shape: &CredentialShape, v: &str) -> Vec<String> {
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

pub(super) fn uncertainty_note(catalog: &Catalog, shapes: &[&CredentialShape]) -> String {
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

pub(super) fn credential_problems(
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
        .shapes(field, CredentialRole::Possible)
        .find(|s| s.matches(v))
    {
        return vec![Finding::new(
            field,
            Severity::Warning,
            Code::Format,
            format!(
                "This {console} is {}, which is unusual: every {console} seen so far is {}. Some rule sets allow this \
                 shape too.{}",
                s.description,
                describe_shapes(&expected),
                uncertainty_note(catalog, &[s])
            ),
            format!(
                "Compare it with the {console} in {}'s console. If it is the same, keep it. {help}",
                f.display_name
            )
            .trim_end()
            .to_owned(),
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

pub(super) fn cross_field_problems(
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
