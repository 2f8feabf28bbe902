//! Paste problems: surrounding whitespace, invisible characters and quotes in what the admin
//! pasted, each reported with the cleaned value as a one-click fix.

use super::clean_value;
use crate::catalog::PlatformFacts;
use crate::finding::{Code, Field, Finding, FixAction, Severity};
use crate::text::{
    describe_invisible, is_invisible, is_plain_whitespace, is_quote, remove_invisible,
};

// Paste problems: whitespace, invisible characters, quotes.

pub(super) fn field_name(facts: Option<&PlatformFacts>, field: Field) -> String {
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
pub(super) fn paste_problems(
    field: Field,
    name: &str,
    value: &str,
    out: &mut Vec<Finding>,
) -> String {
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
