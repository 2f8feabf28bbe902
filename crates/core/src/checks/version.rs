//! The Graph API version of the Meta platforms: unknown, expired, expiring soon or older than
//! the one to recommend, judged against the catalog's versions on an injected `today`.

use super::EXPIRY_WARNING_DAYS;
use crate::catalog::{Catalog, PlatformFacts, parse_version};
use crate::date::Date;
use crate::finding::{Code, Field, Finding, FixAction, Severity};
use crate::platform::PlatformId;

pub(super) fn version_problems(
    catalog: &Catalog,
    f: &PlatformFacts,
    today: Date,
    v: &str,
) -> Vec<Finding> {
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
