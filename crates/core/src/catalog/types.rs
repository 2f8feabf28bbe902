//! The fact types of the catalog: a platform's facts, its credential shapes, scopes, console
//! steps and links, the sources facts come from and the Graph API versions.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::date::Date;
use crate::finding::Field;
use crate::platform::PlatformId;

/// What the catalog knows about one platform.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct PlatformFacts {
    pub id: PlatformId,
    /// The name people know the platform by.
    pub display_name: String,
    /// The `{platform}` segment of `{API_PUBLIC_URL}/api/connect/{platform}/callback`.
    pub callback_segment: String,
    /// The scopes SocialMine requests by default, in SocialMine's order.
    pub default_scopes: Vec<String>,
    /// Where these facts come from.
    pub source: String,
    /// The date (YYYY-MM-DD) the facts were last checked against their source.
    pub checked: String,
    /// How the provider wants several scopes separated in a scope string.
    pub scope_separator: ScopeSeparator,
    /// The [`Source`] id of the separator fact.
    pub scope_separator_source: String,
    /// Whether SocialMine's form has an App Version (Graph API version) field.
    pub app_version: bool,
    /// How the provider matches redirect URLs, in plain words.
    pub redirect_rule: String,
    /// The [`Source`] id of the redirect rule.
    pub redirect_rule_source: String,
    /// The fields of SocialMine's Configure form for this platform.
    pub form_fields: Vec<FormField>,
    /// The shapes credentials have (and the shapes of wrong credentials people paste).
    pub credentials: Vec<CredentialShape>,
    /// The scopes the provider knows: current, deprecated, or belonging to another flow.
    pub scopes: Vec<ScopeFacts>,
    /// Useful console and documentation pages.
    pub links: Vec<ConsoleLink>,
    /// The console steps of SocialMine's guide, in order.
    pub steps: Vec<ConsoleStep>,
}

/// How a provider separates scopes in one string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ScopeSeparator {
    Comma,
    Space,
}

impl ScopeSeparator {
    /// The separator as written between scopes.
    pub fn as_str(self) -> &'static str {
        match self {
            ScopeSeparator::Comma => ",",
            ScopeSeparator::Space => " ",
        }
    }

    /// The separator in words ("commas").
    pub fn words(self) -> &'static str {
        match self {
            ScopeSeparator::Comma => "commas",
            ScopeSeparator::Space => "spaces",
        }
    }
}

/// A field of SocialMine's Configure form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct FormField {
    /// The deployment-file field it fills.
    pub field: Field,
    /// The label in SocialMine's form ("Client Key" on TikTok).
    pub label: String,
    /// What the provider's console calls the value ("App ID").
    pub console_name: String,
    /// The admin API's name for it (`clientId`).
    pub api_name: String,
    /// Whether SocialMine works without it.
    pub optional: bool,
    /// Where to find it, in plain words.
    pub help: String,
}

/// How sure the catalog is of a fact. Only `high` facts may turn a check into an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// What a credential shape describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CredentialRole {
    /// The credential SocialMine needs.
    Expected,
    /// A sandbox variant that works only for test users (TikTok).
    Sandbox,
    /// An X API Key / API Key Secret (OAuth 1.0a), which SocialMine cannot use.
    LegacyXApiKey,
    /// A shape some rule sets allow but no sample confirms (a LinkedIn Client ID of 12 or 13
    /// characters): a value of this shape gets a warning, never an error.
    Possible,
}

/// The characters a credential consists of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Charset {
    /// 0-9
    Digits,
    /// 0-9 a-f
    HexLower,
    /// 0-9 a-z
    AlnumLower,
    /// 0-9 a-z A-Z
    Alnum,
    /// 0-9 a-z A-Z - _
    Base64url,
    /// 0-9 a-z A-Z + / = . _
    Base64Dot,
}

impl Charset {
    pub fn allows(self, c: char) -> bool {
        match self {
            Charset::Digits => c.is_ascii_digit(),
            Charset::HexLower => c.is_ascii_digit() || ('a'..='f').contains(&c),
            Charset::AlnumLower => c.is_ascii_digit() || c.is_ascii_lowercase(),
            Charset::Alnum => c.is_ascii_alphanumeric(),
            Charset::Base64url => c.is_ascii_alphanumeric() || c == '-' || c == '_',
            Charset::Base64Dot => {
                c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '.' | '_')
            }
        }
    }

    /// The characters in words.
    pub fn words(self) -> &'static str {
        match self {
            Charset::Digits => "digits",
            Charset::HexLower => "digits and the letters a to f",
            Charset::AlnumLower => "digits and lowercase letters",
            Charset::Alnum => "letters and digits",
            Charset::Base64url => "letters, digits, - and _",
            Charset::Base64Dot => "letters, digits and + / = . _",
        }
    }
}

/// The shape of one kind of credential: its characters, length, prefix and suffix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct CredentialShape {
    /// `client_id` or `client_secret`.
    pub field: Field,
    pub role: CredentialRole,
    /// What the credential is called ("Meta App ID").
    pub label: String,
    /// The shape in words ("digits only, usually 15 or 16").
    pub description: String,
    /// The characters after the prefix.
    pub charset: Charset,
    /// Length of the whole value, prefix included.
    pub min_len: u32,
    pub max_len: u32,
    /// What the value starts with ("" for nothing in particular).
    pub prefix: String,
    /// What the value ends with ("" for nothing in particular).
    pub suffix: String,
    pub confidence: Confidence,
    /// The [`Source`] id.
    pub source: String,
}

impl CredentialShape {
    /// Whether a (cleaned) value has this shape.
    pub fn matches(&self, value: &str) -> bool {
        let len = value.chars().count();
        if len < self.min_len as usize || len > self.max_len as usize {
            return false;
        }
        let Some(rest) = value.strip_prefix(self.prefix.as_str()) else {
            return false;
        };
        rest.ends_with(self.suffix.as_str()) && rest.chars().all(|c| self.charset.allows(c))
    }
}

/// Whether a scope can be used with SocialMine's flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ScopeStatus {
    /// A scope the provider grants today.
    Current,
    /// Removed or renamed by the provider: asking for it fails.
    Deprecated,
    /// A real scope, but of a different login flow than SocialMine's.
    OtherFlow,
    /// Granted only to apps with particular products (LinkedIn's `r_basicprofile` with the
    /// Advertising or Community Management APIs): a warning, since most apps cannot get it.
    Restricted,
}

/// What it takes to get a scope granted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ScopeAccess {
    /// Available to every app.
    Standard,
    /// Needs the provider's App Review.
    AppReview,
    /// Needs App Review and Advanced Access (Meta; with Business Verification).
    AdvancedAccess,
    /// Needs a product enabled on the app (LinkedIn, TikTok).
    Product,
    /// Needs the provider's approval or audit of the app (TikTok).
    Audit,
    /// Needs a paid access tier (X).
    PaidTier,
}

/// One scope of one provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ScopeFacts {
    pub name: String,
    pub status: ScopeStatus,
    pub access: ScopeAccess,
    /// Whether SocialMine needs it to post.
    pub required: bool,
    /// Whether a custom scope string should include it although SocialMine's defaults do not
    /// (X's `media.write`: without it image and video posts fail). Missing it is a warning.
    #[serde(default)]
    pub recommended: bool,
    /// What it is for, in plain words (the wizard shows it).
    pub purpose: String,
    /// What it takes to get it, in plain words.
    pub access_note: String,
    /// The scope to use instead ("" when there is none).
    pub replacement: String,
    /// The [`Source`] id.
    pub source: String,
}

/// A console or documentation page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ConsoleLink {
    pub label: String,
    pub url: String,
}

/// One step in the provider's console, as SocialMine's guide describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ConsoleStep {
    pub title: String,
    /// What to do, in plain words.
    pub action: String,
    /// The console page to open.
    pub link: String,
    /// The button text for the link.
    pub link_label: String,
    /// Why the step matters.
    pub why: String,
    /// The fields this step produces.
    pub yields: Vec<Field>,
    /// Whether this is the step where the callback URL is registered.
    pub registers_callback: bool,
    /// Problems people run into at this step.
    pub common_issues: Vec<String>,
    /// The [`Source`] id (the UI links the source's `url`).
    pub source: String,
    /// The date (YYYY-MM-DD) this step was last checked against its source. A catalog file may
    /// leave it out; parsing then fills in the platform's `checked` date.
    #[serde(default)]
    pub checked: String,
}

/// Where facts come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Source {
    pub id: String,
    pub title: String,
    /// A public https:// address a reader can open ("" only in older catalog files).
    pub url: String,
    /// YYYY-MM-DD
    pub checked: String,
}

/// A Meta Graph API version and how long it is available.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct GraphApiVersion {
    /// `v23.0`
    pub version: String,
    /// YYYY-MM-DD
    pub released: String,
    /// The last day it is available (YYYY-MM-DD); absent when not announced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub expires: Option<String>,
    /// The [`Source`] id.
    pub source: String,
}

impl GraphApiVersion {
    /// The version as (major, minor).
    pub fn number(&self) -> (u32, u32) {
        parse_version(&self.version).unwrap_or((0, 0))
    }

    /// The release date.
    pub fn released_date(&self) -> Date {
        self.released.parse().unwrap_or_else(|_| unreachable_date())
    }

    /// The expiry date, when announced.
    pub fn expires_date(&self) -> Option<Date> {
        self.expires.as_deref().and_then(|e| e.parse().ok())
    }
}

fn unreachable_date() -> Date {
    // Dates are validated by `Catalog::parse`.
    Date::new(1970, 1, 1).unwrap_or_else(|| panic!("1970-01-01 is a date"))
}

/// Parses `vNN.N` into (major, minor).
pub fn parse_version(s: &str) -> Option<(u32, u32)> {
    let rest = s.strip_prefix('v')?;
    let (major, minor) = rest.split_once('.')?;
    let ok = |p: &str| !p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit());
    if !ok(major) || !ok(minor) {
        return None;
    }
    Some((major.parse().ok()?, minor.parse().ok()?))
}

impl PlatformFacts {
    /// A scope of this platform by exact name.
    pub fn scope(&self, name: &str) -> Option<&ScopeFacts> {
        self.scopes.iter().find(|s| s.name == name)
    }

    /// The form field for a deployment field, if SocialMine's form has it.
    pub fn form_field(&self, field: Field) -> Option<&FormField> {
        self.form_fields.iter().find(|f| f.field == field)
    }

    /// The credential shapes for a field and role.
    pub fn shapes(
        &self,
        field: Field,
        role: CredentialRole,
    ) -> impl Iterator<Item = &CredentialShape> {
        self.credentials
            .iter()
            .filter(move |c| c.field == field && c.role == role)
    }

    /// The scopes SocialMine needs to post.
    pub fn required_scopes(&self) -> impl Iterator<Item = &ScopeFacts> {
        self.scopes.iter().filter(|s| s.required)
    }
}
