//! Turning the TOML parser's errors about a deployment file into messages that name the line
//! and the key, say what is wrong in plain words, and never echo a value (it may be a secret).

/// Why a deployment file was not accepted. The message names the line and the key, says
/// what is wrong in plain words and how to put it right. It never contains a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", render_error(*line, *column, key.as_deref(), message))]
pub struct DeploymentError {
    /// 1-based line of the problem, when the file has one.
    pub line: Option<usize>,
    /// 1-based column of the problem, when known.
    pub column: Option<usize>,
    /// The dotted key the problem is about (`platforms.facebook.client_id`), when known.
    pub key: Option<String>,
    /// What is wrong and how to fix it.
    pub message: String,
}

fn render_error(
    line: Option<usize>,
    column: Option<usize>,
    key: Option<&str>,
    message: &str,
) -> String {
    let mut out = String::from("deployment file");
    match (line, column) {
        (Some(l), Some(c)) => out.push_str(&format!(", line {l}, column {c}")),
        (Some(l), None) => out.push_str(&format!(", line {l}")),
        _ => {}
    }
    if let Some(k) = key {
        out.push_str(&format!(", key `{k}`"));
    }
    out.push_str(": ");
    out.push_str(message);
    out
}

pub(super) fn explain_toml_error(text: &str, e: &toml::de::Error) -> DeploymentError {
    let span = e.span();
    let (line, column) = match &span {
        Some(s) => {
            let (l, c) = position(text, s.start);
            (Some(l), Some(c))
        }
        None => (None, None),
    };
    let raw = e.message().trim().to_owned();
    // The dotted key path toml tracked while deserializing (only printed without input).
    let mut bare = e.clone();
    bare.set_input(None);
    let rendered = bare.to_string();
    let tracked_key = rendered.lines().rev().find_map(|l| {
        l.strip_prefix("in `")
            .and_then(|r| r.strip_suffix('`'))
            .map(str::to_owned)
    });
    // For an unknown key, toml tracks the table it sits in; name the key itself.
    let unknown = raw
        .strip_prefix("unknown field ")
        .and_then(|r| backticked(r).first().map(|k| (*k).to_owned()));
    // Likewise for a platform name that is not one.
    let unknown = unknown.or_else(|| {
        raw.strip_prefix("unknown variant ")
            .and_then(|r| backticked(r).first().map(|k| (*k).to_owned()))
    });
    let tracked_key = match (tracked_key.filter(|k| !k.is_empty()), unknown) {
        (Some(table), Some(k)) => Some(format!("{table}.{k}")),
        (None, Some(k)) => Some(k),
        (t, None) => t,
    };
    // A missing key has no line of its own: name the key, not the place toml points at.
    let missing = raw
        .strip_prefix("missing field ")
        .and_then(|r| backticked(r).first().map(|k| (*k).to_owned()));
    if let Some(missing) = missing {
        let key = match tracked_key {
            Some(table) => format!("{table}.{missing}"),
            None => missing,
        };
        let message = friendly_message(&raw, Some(&key), false);
        return DeploymentError {
            line: None,
            column: None,
            key: Some(key),
            message,
        };
    }
    let key = tracked_key.or_else(|| span.as_ref().and_then(|s| key_at(text, s.start)));
    let secret_line = key.as_deref().is_some_and(|k| k.ends_with("client_secret"))
        || span
            .as_ref()
            .is_some_and(|s| line_text(text, s.start).contains("client_secret"));
    let message = friendly_message(&raw, key.as_deref(), secret_line);
    DeploymentError {
        line,
        column,
        key,
        message,
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn line_text(text: &str, offset: usize) -> &str {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    &text[start..end]
}

/// The dotted key of the line holding `offset`: the nearest table header above it plus the
/// key left of `=` (or the header itself when the offset is on a header line).
fn key_at(text: &str, offset: usize) -> Option<String> {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let this_line = line_text(text, offset).trim();
    let header_of = |l: &str| -> Option<String> {
        let l = l.trim();
        let inner = l.strip_prefix('[')?;
        let end = inner.find(']').unwrap_or(inner.len());
        Some(
            inner[..end]
                .trim_matches(|c| c == '[' || c == ' ')
                .replace(['"', ' '], ""),
        )
    };
    if let Some(h) = header_of(this_line) {
        return Some(h);
    }
    let local = this_line
        .split_once('=')
        .map(|(k, _)| k.trim().replace(['"', ' '], ""))?;
    if local.is_empty() || local.len() > 100 {
        return None;
    }
    let table = text[..line_start].lines().rev().find_map(header_of);
    Some(match table {
        Some(t) if !t.is_empty() => format!("{t}.{local}"),
        _ => local,
    })
}

/// Removes every `...` quoted part (values toml echoes back).
/// Hides every `...` quoted part that could be (part of) a value; the one-character
/// tokens toml quotes (`"`, `]`, `=`) stay, they are syntax, not secrets.
fn without_quoted_values(s: &str) -> String {
    s.split('`')
        .enumerate()
        .map(|(i, part)| match i % 2 {
            0 => part.to_owned(),
            _ if part.chars().count() <= 1 => format!("`{part}`"),
            _ => "(value hidden)".to_owned(),
        })
        .collect()
}

fn backticked(s: &str) -> Vec<&str> {
    s.split('`').skip(1).step_by(2).collect()
}

const PLATFORM_LIST: &str = "facebook, instagram, linkedin, twitter, tiktok, threads";

fn friendly_message(raw: &str, key: Option<&str>, secret_line: bool) -> String {
    let first = raw.lines().next().unwrap_or(raw);
    let key_name = key.unwrap_or("this value");
    if let Some(rest) = first.strip_prefix("unknown field ") {
        let names = backticked(rest);
        let bad = names.first().copied().unwrap_or("?");
        let allowed = names.iter().skip(1).copied().collect::<Vec<_>>().join(", ");
        return format!(
            "`{bad}` is not a key a deployment file can have here. The keys allowed here are: {allowed}. \
             Check the spelling, or delete the line."
        );
    }
    if let Some(rest) = first.strip_prefix("unknown variant ") {
        let bad = backticked(rest).first().copied().unwrap_or("?").to_owned();
        let hint = if bad.eq_ignore_ascii_case("x") {
            " X (Twitter) is written `twitter`, as SocialMine spells it."
        } else {
            ""
        };
        return format!(
            "`{bad}` is not a platform SocialMine knows. Use one of {PLATFORM_LIST}, as in [platforms.facebook].{hint}"
        );
    }
    if let Some(rest) = first.strip_prefix("missing field ") {
        let field = backticked(rest).first().copied().unwrap_or("?").to_owned();
        if field == "api_public_url" {
            return "the file has no `api_public_url`. Add a line like api_public_url = \"https://api.yourdomain.com\" \
                    at the top, with the same value as API_PUBLIC_URL in SocialMine's root .env file."
                .to_owned();
        }
        return format!("the required key `{field}` is missing. Add it.");
    }
    if let Some(rest) = first.strip_prefix("invalid type: ") {
        let (found, expected) = rest
            .split_once(", expected ")
            .unwrap_or((rest, "a different type"));
        let found = match found.split('`').next().unwrap_or(found).trim() {
            "integer" | "float" => "a number",
            "boolean" => "true or false",
            "string" => "text",
            "sequence" => "a list",
            "map" => "a table",
            other => other,
        };
        let example = if expected.contains("string") {
            format!(
                " Put the value in double quotes, like {} = \"…\".",
                key_name.rsplit('.').next().unwrap_or(key_name)
            )
        } else {
            String::new()
        };
        let expected_words = match expected {
            "a string" => "text in double quotes".to_owned(),
            "struct PlatformConfig" => "a table of settings, like [platforms.facebook]".to_owned(),
            "a map" => "a set of platform sections, like [platforms.facebook]".to_owned(),
            other => other.to_owned(),
        };
        return format!(
            "`{key_name}` must be {expected_words}, but the file has {found} here.{example}"
        );
    }
    if first.contains("duplicate key") {
        return format!(
            "`{key_name}` is set twice. Keep one of the two lines and delete the other."
        );
    }
    let detail = if secret_line {
        without_quoted_values(raw)
    } else {
        raw.to_owned()
    };
    let detail = detail
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ");
    format!(
        "this is not valid TOML ({detail}). Each setting is one line of the form key = \"value\", with the value \
         in double quotes; platform sections start with a line like [platforms.facebook]."
    )
}
