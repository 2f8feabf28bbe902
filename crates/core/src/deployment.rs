//! The deployment file: one SocialMine installation, as the GUI and the CLI share it.
//!
//! ```toml
//! name = "Acme production"
//! api_public_url = "https://api.acme.com"
//! # admin_url = "https://api.acme.com"   (optional, defaults to api_public_url)
//!
//! [platforms.facebook]
//! client_id = "1234567890123456"
//! client_secret = "..."          # optional; normally kept in the OS keyring
//! app_version = "v23.0"          # Meta platforms only
//! callback_url = ""              # SocialMine's optional override
//! scope = ""                     # SocialMine's optional custom scope string
//! console_redirect_url = "https://api.acme.com/api/connect/facebook/callback"
//! ```
//!
//! Values are kept exactly as written (no trimming), so that the checks can point out stray
//! whitespace, quotes and invisible characters. Parsing takes text and returns typed values or
//! an error naming the line and the key; reading and writing files is the caller's business.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::finding::{Field, FixAction};
use crate::platform::PlatformId;
use crate::secret::Secret;

/// One SocialMine installation.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Deployment {
    /// A name for people ("Acme production").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub name: Option<String>,
    /// The deployment's `API_PUBLIC_URL`, exactly as in SocialMine's root `.env`.
    pub api_public_url: String,
    /// Where the admin API answers, when not at `api_public_url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub admin_url: Option<String>,
    /// The platforms set up so far; an absent platform is simply not set up yet.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub platforms: BTreeMap<PlatformId, PlatformConfig>,
}

/// What the admin entered for one platform. Every value is optional and kept as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct PlatformConfig {
    /// The Client ID (Meta: App ID; TikTok: Client Key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub client_id: Option<String>,
    /// The client secret, when kept in the file rather than the OS keyring. Never serialized
    /// by `Serialize` (use [`Deployment::to_toml`] with [`SecretsInFile::Include`] to write it on purpose).
    #[serde(default, skip_serializing)]
    #[ts(skip)]
    pub client_secret: Option<Secret>,
    /// The Graph API version (`v23.0`), Meta platforms only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub app_version: Option<String>,
    /// SocialMine's optional callback URL override.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub callback_url: Option<String>,
    /// SocialMine's optional custom scope string (replaces the default scopes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub scope: Option<String>,
    /// What the admin registered as redirect URL in the provider's console.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub console_redirect_url: Option<String>,
}

impl PlatformConfig {
    /// Whether nothing at all is filled in (empty strings count as not filled in).
    pub fn is_blank(&self) -> bool {
        [
            &self.client_id,
            &self.app_version,
            &self.callback_url,
            &self.scope,
            &self.console_redirect_url,
        ]
        .iter()
        .all(|v| v.as_deref().is_none_or(|s| s.trim().is_empty()))
            && self
                .client_secret
                .as_ref()
                .is_none_or(|s| s.expose_str().trim().is_empty())
    }
}

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

/// Whether [`Deployment::to_toml`] writes client secrets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretsInFile {
    /// Leave secrets out (the default: they belong in the OS keyring).
    Omit,
    /// Write them: only when the admin explicitly asked for a self-contained file.
    Include,
}

impl Deployment {
    /// A new deployment with only its `API_PUBLIC_URL`.
    pub fn new(api_public_url: impl Into<String>) -> Deployment {
        Deployment {
            api_public_url: api_public_url.into(),
            ..Deployment::default()
        }
    }

    /// Parses a deployment file's text. Unknown keys, bad TOML and wrong types are errors
    /// naming the line and the key.
    pub fn parse(text: &str) -> Result<Deployment, DeploymentError> {
        toml::from_str::<Deployment>(text).map_err(|e| explain_toml_error(text, &e))
    }

    /// Where the admin API answers: `admin_url` when set (and not blank), else `api_public_url`.
    pub fn admin_base(&self) -> &str {
        match self.admin_url.as_deref() {
            Some(a) if !a.trim().is_empty() => a,
            _ => &self.api_public_url,
        }
    }

    /// The configuration of one platform, if any was entered.
    pub fn platform(&self, id: PlatformId) -> Option<&PlatformConfig> {
        self.platforms.get(&id)
    }

    /// The file's TOML text, without secrets unless `secrets` says otherwise.
    pub fn to_toml(&self, secrets: SecretsInFile) -> String {
        let result = match secrets {
            SecretsInFile::Omit => toml::to_string(self),
            SecretsInFile::Include => toml::to_string(&WithSecrets::from(self)),
        };
        // Serializing plain strings and string maps into TOML cannot fail.
        result.unwrap_or_else(|e| panic!("deployment could not be written as TOML: {e}"))
    }

    /// The file's TOML text without secrets (the default way to save a deployment).
    pub fn to_toml_without_secrets(&self) -> String {
        self.to_toml(SecretsInFile::Omit)
    }
}

/// Why a one-click fix could not be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FixError {
    #[error("{field} belongs to a platform; say which platform the fix is for")]
    PlatformNeeded { field: Field },
    #[error("{field} is not a field of a platform section")]
    NotAPlatformField { field: Field },
    #[error(
        "the fields {0} and {1} cannot be swapped; only a platform's client ID and client secret can"
    )]
    CannotSwap(Field, Field),
}

impl Deployment {
    /// The value of a field as typed (`None` when absent). `platform` is `None` for the
    /// deployment's own fields. The client secret is exposed: handle with care.
    pub fn field_value(
        &self,
        platform: Option<PlatformId>,
        field: Field,
    ) -> Result<Option<String>, FixError> {
        match (platform, field) {
            (_, Field::Name) => Ok(self.name.clone()),
            (_, Field::ApiPublicUrl) => Ok(Some(self.api_public_url.clone())),
            (_, Field::AdminUrl) => Ok(self.admin_url.clone()),
            (None, f) => Err(FixError::PlatformNeeded { field: f }),
            (Some(p), f) => {
                let Some(c) = self.platforms.get(&p) else {
                    return Ok(None);
                };
                Ok(match f {
                    Field::ClientId => c.client_id.clone(),
                    Field::ClientSecret => {
                        c.client_secret.as_ref().map(|s| s.expose_str().to_owned())
                    }
                    Field::AppVersion => c.app_version.clone(),
                    Field::CallbackUrl => c.callback_url.clone(),
                    Field::Scope => c.scope.clone(),
                    Field::ConsoleRedirectUrl => c.console_redirect_url.clone(),
                    other => return Err(FixError::NotAPlatformField { field: other }),
                })
            }
        }
    }

    /// Sets a field (`None` removes it; `api_public_url` becomes empty).
    pub fn set_field(
        &mut self,
        platform: Option<PlatformId>,
        field: Field,
        value: Option<String>,
    ) -> Result<(), FixError> {
        match (platform, field) {
            (_, Field::Name) => self.name = value,
            (_, Field::ApiPublicUrl) => self.api_public_url = value.unwrap_or_default(),
            (_, Field::AdminUrl) => self.admin_url = value,
            (None, f) => return Err(FixError::PlatformNeeded { field: f }),
            (Some(p), f) => {
                let c = self.platforms.entry(p).or_default();
                match f {
                    Field::ClientId => c.client_id = value,
                    Field::ClientSecret => c.client_secret = value.map(Secret::from),
                    Field::AppVersion => c.app_version = value,
                    Field::CallbackUrl => c.callback_url = value,
                    Field::Scope => c.scope = value,
                    Field::ConsoleRedirectUrl => c.console_redirect_url = value,
                    other => return Err(FixError::NotAPlatformField { field: other }),
                }
            }
        }
        Ok(())
    }

    /// Applies a finding's one-click fix to the field it is about. Clearing a field removes
    /// it, so SocialMine's default applies.
    pub fn apply_fix(
        &mut self,
        platform: Option<PlatformId>,
        field: Field,
        action: &FixAction,
    ) -> Result<(), FixError> {
        if let FixAction::SwapFields { other } = action {
            let pair = [field, *other];
            if platform.is_none()
                || !(pair.contains(&Field::ClientId) && pair.contains(&Field::ClientSecret))
            {
                return Err(FixError::CannotSwap(field, *other));
            }
            let a = self.field_value(platform, field)?;
            let b = self.field_value(platform, *other)?;
            self.set_field(platform, field, b)?;
            return self.set_field(platform, *other, a);
        }
        let current = self.field_value(platform, field)?.unwrap_or_default();
        let new = action.apply(&current).unwrap_or(current);
        let new = if new.is_empty() && field != Field::ApiPublicUrl {
            None
        } else {
            Some(new)
        };
        self.set_field(platform, field, new)
    }
}

impl fmt::Display for Deployment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.name {
            Some(n) if !n.trim().is_empty() => write!(f, "{n} ({})", self.api_public_url),
            _ => f.write_str(&self.api_public_url),
        }
    }
}

#[derive(Serialize)]
struct WithSecrets<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    api_public_url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    admin_url: Option<&'a str>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    platforms: BTreeMap<PlatformId, PlatformWithSecret<'a>>,
}

#[derive(Serialize)]
struct PlatformWithSecret<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    client_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_secret: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    app_version: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    callback_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scope: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    console_redirect_url: Option<&'a str>,
}

impl<'a> From<&'a Deployment> for WithSecrets<'a> {
    fn from(d: &'a Deployment) -> Self {
        WithSecrets {
            name: d.name.as_deref(),
            api_public_url: &d.api_public_url,
            admin_url: d.admin_url.as_deref(),
            platforms: d
                .platforms
                .iter()
                .map(|(id, p)| {
                    (
                        *id,
                        PlatformWithSecret {
                            client_id: p.client_id.as_deref(),
                            client_secret: p.client_secret.as_ref().map(|s| s.expose_str()),
                            app_version: p.app_version.as_deref(),
                            callback_url: p.callback_url.as_deref(),
                            scope: p.scope.as_deref(),
                            console_redirect_url: p.console_redirect_url.as_deref(),
                        },
                    )
                })
                .collect(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Turning toml's errors into messages that name the line and key and never echo a value.

fn explain_toml_error(text: &str, e: &toml::de::Error) -> DeploymentError {
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

// ---------------------------------------------------------------------------------------------
// `.env` import.

/// Why `API_PUBLIC_URL` could not be read from a `.env` text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnvImportError {
    #[error(
        "the .env file has no API_PUBLIC_URL line. Pick SocialMine's root .env (the one next to its \
         docker-compose or package files), or type the public address of the API yourself."
    )]
    NotFound,
    #[error(
        "API_PUBLIC_URL is empty in the .env file. Set it to the public address of SocialMine's API \
         (for example https://api.yourdomain.com), or type it here yourself."
    )]
    Empty,
    #[error(
        "line {line} of the .env file could not be read before API_PUBLIC_URL was found (unbalanced \
         quotes or a stray character). Fix that line, or type the address yourself."
    )]
    BadLine { line: usize },
}

/// Reads `API_PUBLIC_URL` from the text of a SocialMine root `.env` file, with a real dotenv
/// parser (quotes, `export`, comments). The value is returned as written, for the checks to
/// judge. Lines that cannot be parsed are skipped when the key is found elsewhere; their
/// content is never echoed, since a `.env` file holds passwords.
///
/// `$VAR` references are kept literally rather than substituted: substitution would read the
/// process environment, and core reads nothing from its surroundings.
pub fn api_public_url_from_env(text: &str) -> Result<String, EnvImportError> {
    // Hide `$` from dotenvy's substitution behind a private-use character absent from the text.
    const DOLLAR: char = '\u{E000}';
    let hide = text.contains('$') && !text.contains(DOLLAR);
    let prepared;
    let input = if hide {
        prepared = text.replace('$', &DOLLAR.to_string());
        prepared.as_str()
    } else {
        text
    };
    let mut first_bad_line = None;
    let mut found = None;
    for item in dotenvy::from_read_iter(input.as_bytes()) {
        match item {
            Ok((k, v)) if k == "API_PUBLIC_URL" => found = Some(v),
            Ok(_) => {}
            Err(dotenvy::Error::LineParse(content, _)) => {
                if first_bad_line.is_none() {
                    first_bad_line = Some(line_of(input, &content));
                }
            }
            Err(_) => {
                if first_bad_line.is_none() {
                    first_bad_line = Some(1);
                }
                break;
            }
        }
    }
    let found = found.map(|v| if hide { v.replace(DOLLAR, "$") } else { v });
    match (found, first_bad_line) {
        (Some(v), _) if v.trim().is_empty() => Err(EnvImportError::Empty),
        (Some(v), _) => Ok(v),
        (None, Some(line)) => Err(EnvImportError::BadLine { line }),
        (None, None) => Err(EnvImportError::NotFound),
    }
}

fn line_of(text: &str, content: &str) -> usize {
    let first = content.lines().next().unwrap_or("").trim();
    if first.is_empty() {
        return 1;
    }
    text.lines()
        .position(|l| l.contains(first))
        .map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FULL: &str = r#"name = "Acme production"
api_public_url = "https://api.acme.com"

[platforms.facebook]
client_id = "1234567890123456"
client_secret = "0123456789abcdef0123456789abcdef"
app_version = "v23.0"
callback_url = ""
scope = ""
console_redirect_url = "https://api.acme.com/api/connect/facebook/callback"

[platforms.twitter]
client_id = "abc"
"#;

    #[test]
    fn parses_the_issue_example() {
        let d = Deployment::parse(FULL).expect("valid");
        assert_eq!(d.name.as_deref(), Some("Acme production"));
        assert_eq!(d.admin_base(), "https://api.acme.com");
        let fb = d.platform(PlatformId::Facebook).expect("facebook");
        assert_eq!(fb.client_id.as_deref(), Some("1234567890123456"));
        assert_eq!(
            fb.client_secret.as_ref().map(|s| s.expose_str()),
            Some("0123456789abcdef0123456789abcdef")
        );
        assert_eq!(fb.callback_url.as_deref(), Some(""));
        assert!(d.platform(PlatformId::Linkedin).is_none());
        assert!(!format!("{d:?}").contains("0123456789abcdef0123456789abcdef"));
    }

    #[test]
    fn only_api_public_url_is_required() {
        let d = Deployment::parse("api_public_url = \"https://x.example\"").expect("valid");
        assert_eq!(d, Deployment::new("https://x.example"));
        let e = Deployment::parse("name = \"n\"").expect_err("missing url");
        assert!(e.message.contains("API_PUBLIC_URL"), "{e}");
        assert_eq!(
            (e.line, e.key.as_deref()),
            (None, Some("api_public_url")),
            "{e}"
        );
    }

    #[test]
    fn values_are_kept_exactly_as_written() {
        let d = Deployment::parse("api_public_url = \" https://a.example/ \"").expect("valid");
        assert_eq!(d.api_public_url, " https://a.example/ ");
    }

    #[test]
    fn unknown_key_names_line_and_key() {
        let text = "api_public_url = \"https://a.example\"\n\n[platforms.facebook]\nclient_id = \"1\"\nclientSecret = \"s\"\n";
        let e = Deployment::parse(text).expect_err("unknown key");
        assert_eq!(e.line, Some(5), "{e}");
        assert_eq!(
            e.key.as_deref(),
            Some("platforms.facebook.clientSecret"),
            "{e}"
        );
        assert!(
            e.message.contains("client_secret"),
            "allowed keys listed: {e}"
        );
        assert!(e.to_string().contains("line 5"), "{e}");
    }

    #[test]
    fn unknown_top_level_key() {
        let e = Deployment::parse("api_public_url = \"https://a.example\"\napi_url = \"x\"\n")
            .expect_err("unknown");
        assert_eq!(
            (e.line, e.key.as_deref()),
            (Some(2), Some("api_url")),
            "{e}"
        );
    }

    #[test]
    fn unknown_platform_suggests_twitter_for_x() {
        let e = Deployment::parse(
            "api_public_url = \"https://a.example\"\n[platforms.x]\nclient_id = \"1\"\n",
        )
        .expect_err("x");
        assert_eq!(e.line, Some(2), "{e}");
        assert_eq!(e.key.as_deref(), Some("platforms.x"), "{e}");
        assert!(e.message.contains("`twitter`"), "{e}");
    }

    #[test]
    fn wrong_type_names_key_and_says_to_quote() {
        let e = Deployment::parse("api_public_url = \"https://a.example\"\n[platforms.facebook]\nclient_id = 1234567890123456\n")
            .expect_err("number");
        assert_eq!(
            (e.line, e.key.as_deref()),
            (Some(3), Some("platforms.facebook.client_id")),
            "{e}"
        );
        assert!(
            e.message.contains("double quotes") && e.message.contains("a number"),
            "{e}"
        );
        assert!(!e.message.contains("1234567890123456"), "{e}");
    }

    #[test]
    fn secret_values_never_appear_in_errors() {
        for text in [
            "api_public_url = \"https://a.example\"\n[platforms.facebook]\nclient_secret = 98765432123\n",
            "api_public_url = \"https://a.example\"\n[platforms.facebook]\nclient_secret = \"s3cr3tvalue\n",
            "api_public_url = \"https://a.example\"\n[platforms.facebook]\nclient_secret = s3cr3tvalue\n",
        ] {
            let e = Deployment::parse(text).expect_err("bad");
            let shown = e.to_string();
            assert!(
                !shown.contains("98765432123") && !shown.contains("s3cr3tvalue"),
                "{shown}"
            );
            assert_eq!(e.line, Some(3), "{shown}");
        }
    }

    #[test]
    fn bad_toml_names_line() {
        let e = Deployment::parse("api_public_url = \"https://a.example\"\nname = \n")
            .expect_err("bad");
        assert_eq!(e.line, Some(2), "{e}");
        assert_eq!(e.key.as_deref(), Some("name"), "{e}");
    }

    #[test]
    fn an_unclosed_header_names_its_table() {
        let e = Deployment::parse(
            "api_public_url = \"https://a.example\"\n[platforms.facebook\nclient_id = \"1\"\n",
        )
        .expect_err("bad");
        assert_eq!(
            (e.line, e.key.as_deref()),
            (Some(2), Some("platforms.facebook")),
            "{e}"
        );
    }

    #[test]
    fn duplicate_key_is_an_error() {
        let e = Deployment::parse(
            "api_public_url = \"https://a.example\"\napi_public_url = \"https://b.example\"\n",
        )
        .expect_err("dup");
        assert_eq!(e.line, Some(2), "{e}");
    }

    #[test]
    fn round_trips_without_secrets_by_default() {
        let d = Deployment::parse(FULL).expect("valid");
        let text = d.to_toml_without_secrets();
        assert!(!text.contains("client_secret"), "{text}");
        let back = Deployment::parse(&text).expect("own output parses");
        let mut expected = d.clone();
        for p in expected.platforms.values_mut() {
            p.client_secret = None;
        }
        assert_eq!(back, expected);

        let with = d.to_toml(SecretsInFile::Include);
        assert_eq!(Deployment::parse(&with).expect("parses"), d);
    }

    #[test]
    fn one_click_fixes_apply_to_the_deployment() {
        let mut d = Deployment::parse(FULL).expect("valid");
        let fb = Some(PlatformId::Facebook);
        d.apply_fix(
            fb,
            Field::ClientId,
            &FixAction::SwapFields {
                other: Field::ClientSecret,
            },
        )
        .expect("swap");
        let c = d.platform(PlatformId::Facebook).expect("fb");
        assert_eq!(
            c.client_id.as_deref(),
            Some("0123456789abcdef0123456789abcdef")
        );
        assert_eq!(
            c.client_secret.as_ref().map(|s| s.expose_str()),
            Some("1234567890123456")
        );

        d.set_field(fb, Field::AppVersion, Some(" \"v23.0\"\n".into()))
            .expect("set");
        d.apply_fix(fb, Field::AppVersion, &FixAction::Trim)
            .expect("trim");
        d.apply_fix(fb, Field::AppVersion, &FixAction::RemoveQuotes)
            .expect("unquote");
        assert_eq!(
            d.platform(PlatformId::Facebook)
                .and_then(|c| c.app_version.as_deref()),
            Some("v23.0")
        );

        d.apply_fix(
            fb,
            Field::CallbackUrl,
            &FixAction::UseDerivedCallback { value: "x".into() },
        )
        .expect("clear");
        assert_eq!(
            d.platform(PlatformId::Facebook)
                .and_then(|c| c.callback_url.as_deref()),
            None
        );

        d.apply_fix(
            None,
            Field::ApiPublicUrl,
            &FixAction::ReplaceWith {
                value: "https://b.example".into(),
            },
        )
        .expect("url");
        assert_eq!(d.api_public_url, "https://b.example");

        assert_eq!(
            d.apply_fix(
                fb,
                Field::Scope,
                &FixAction::SwapFields {
                    other: Field::AppVersion
                }
            ),
            Err(FixError::CannotSwap(Field::Scope, Field::AppVersion))
        );
        assert!(d.apply_fix(None, Field::Scope, &FixAction::Trim).is_err());
    }

    #[test]
    fn env_import_reads_api_public_url() {
        let env = "# SocialMine\nDB_PASSWORD=\"p@ss word\"\nexport API_PUBLIC_URL='https://api.acme.com'\nOTHER=1\n";
        assert_eq!(
            api_public_url_from_env(env),
            Ok("https://api.acme.com".to_owned())
        );
        assert_eq!(
            api_public_url_from_env("API_PUBLIC_URL=https://a.example # comment\n"),
            Ok("https://a.example".to_owned())
        );
        assert_eq!(
            api_public_url_from_env("FOO=1\n"),
            Err(EnvImportError::NotFound)
        );
        assert_eq!(
            api_public_url_from_env("API_PUBLIC_URL=\n"),
            Err(EnvImportError::Empty)
        );
    }

    #[test]
    fn env_import_does_not_substitute_from_the_process_environment() {
        let env = "HOST=api.acme.com\nAPI_PUBLIC_URL=https://${HOST}$PATH\n";
        assert_eq!(
            api_public_url_from_env(env),
            Ok("https://${HOST}$PATH".to_owned())
        );
    }

    #[test]
    fn env_import_reports_a_bad_line_without_its_content() {
        let env = "A=1\nSECRET=\"unterminated\nB=2\n";
        let e = api_public_url_from_env(env).expect_err("bad");
        assert!(matches!(e, EnvImportError::BadLine { .. }), "{e:?}");
        assert!(!e.to_string().contains("unterminated"));
        // The key is still found when another line is broken.
        assert!(api_public_url_from_env("API_PUBLIC_URL=https://a.example\nX='a\n").is_ok());
    }
}
