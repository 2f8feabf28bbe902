//! Scope strings: separators, unknown, deprecated or misplaced scopes and missing required
//! ones, each with the corrected string as a fix.

use std::collections::HashSet;

use super::{MAX_PER_CODE, MAX_REWRITE_TOKENS};
use crate::catalog::{Catalog, PlatformFacts, ScopeSeparator, ScopeStatus};
use crate::finding::{Code, Field, Finding, FixAction, Severity};
use crate::text::{edit_distance, is_plain_whitespace};

pub(super) fn scope_problems(catalog: &Catalog, f: &PlatformFacts, v: &str) -> Vec<Finding> {
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
            Some(s) if s.status == ScopeStatus::Restricted => {
                let rep = (!s.replacement.is_empty()).then_some(s.replacement.as_str());
                let fixed = replaced(t, rep);
                out.push(
                    Finding::new(
                    field,
                    Severity::Warning,
                    Code::RestrictedScope,
                    format!(
                        "{t} is granted only to some {} apps: {} {} If your app does not have that, \
                         the login fails with an invalid scope error.",
                        f.display_name, s.purpose, s.access_note
                    ),
                    match rep {
                        Some(r) => format!(
                            "Keep it if your app has that product; otherwise use {r} instead: {fixed}"
                        ),
                        None => format!(
                            "Keep it if your app has that product; otherwise remove it: {fixed}"
                        ),
                    },
                    )
                    .with_action(FixAction::ReplaceWith { value: fixed }),
                );
            }
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
    let recommended: Vec<&crate::catalog::ScopeFacts> = f
        .scopes
        .iter()
        .filter(|s| s.recommended && !seen.contains(s.name.as_str()))
        .collect();
    if !recommended.is_empty() {
        let names: Vec<&str> = recommended.iter().map(|s| s.name.as_str()).collect();
        let mut with: Vec<&str> = unique.clone();
        with.extend(names.iter().copied());
        let fixed = join(&with);
        out.push(
            Finding::new(
                field,
                Severity::Warning,
                Code::RecommendedScopeMissing,
                format!(
                    "The custom scope leaves out {}: {} Text posts will work, but posts with images or \
                     video will fail until it is added and each account connects again.",
                    names.join(", "),
                    recommended
                        .iter()
                        .map(|s| s.purpose.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
                format!(
                    "Add {}: {fixed} — then disconnect and connect the {} accounts again in SocialMine.",
                    names.join(", "),
                    f.display_name
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

pub(super) fn unknown_scope(
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

pub(super) fn shorten(s: &str) -> String {
    if s.chars().count() > 200 {
        format!("{}…", s.chars().take(200).collect::<String>())
    } else {
        s.to_owned()
    }
}
