//! The provider catalog: facts about each platform, kept as data with a source and a date.
//!
//! The built-in catalog is `data/catalog.toml`, compiled into the binary. A newer file of the
//! same schema (for example one an admin drops into the app's data folder) can replace it
//! without a new release: see [`Catalog::newest`].

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use std::collections::BTreeSet;

use crate::date::Date;
use crate::finding::Field;
use crate::platform::PlatformId;

/// The schema version this build understands.
pub const SCHEMA: u32 = 1;

const BUILT_IN: &str = include_str!("../data/catalog.toml");

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
    /// The [`Source`] id.
    pub source: String,
}

/// Where facts come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Source {
    pub id: String,
    pub title: String,
    /// "" when the source is not a web page.
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

/// An error text a provider or SocialMine shows, its likely cause and the fix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct TroubleshootEntry {
    pub id: String,
    pub title: String,
    /// Texts matched case-insensitively anywhere in what the admin pastes.
    pub patterns: Vec<String>,
    /// Error codes matched when written as `code 100`, `"code":100`, `error_code=100`, `(#100)`.
    pub codes: Vec<String>,
    /// The platforms it applies to (empty: any).
    pub platforms: Vec<PlatformId>,
    pub cause: String,
    pub fix: String,
    /// The [`Source`] id.
    pub source: String,
}

impl TroubleshootEntry {
    /// How well the entry matches a pasted error text: 0 for no match, higher for a more
    /// specific match (a code, or a longer pattern).
    pub fn score(&self, text_lower: &str) -> usize {
        let by_pattern = self
            .patterns
            .iter()
            .filter(|p| text_lower.contains(&p.to_lowercase()))
            .map(|p| p.len())
            .max()
            .unwrap_or(0);
        let by_code = if self.codes.iter().any(|c| mentions_code(text_lower, c)) {
            1000
        } else {
            0
        };
        by_pattern.max(by_code)
    }
}

/// Whether `code` appears as an error code in the text.
fn mentions_code(text_lower: &str, code: &str) -> bool {
    let mut from = 0;
    while let Some(pos) = text_lower[from..].find(code) {
        let start = from + pos;
        let end = start + code.len();
        from = end;
        let before = &text_lower[..start];
        let after = &text_lower[end..];
        if before.ends_with(|c: char| c.is_ascii_digit())
            || after.starts_with(|c: char| c.is_ascii_digit())
        {
            continue;
        }
        let lead = before.trim_end_matches([' ', ':', '"', '=', '\'']);
        if before.ends_with('#')
            || lead.ends_with("code")
            || lead.ends_with("error_code")
            || lead.ends_with("error")
        {
            return true;
        }
    }
    false
}

/// The whole catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Catalog {
    pub schema: u32,
    /// The date (YYYY-MM-DD) the catalog as a whole was last checked.
    pub checked: String,
    /// Where the facts come from; facts refer to these by id.
    pub sources: Vec<Source>,
    /// Meta Graph API versions, oldest first.
    pub graph_api_versions: Vec<GraphApiVersion>,
    /// Error texts and what they mean.
    pub troubleshooting: Vec<TroubleshootEntry>,
    pub platforms: Vec<PlatformFacts>,
}

/// Why a catalog file was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    #[error("the catalog file is not valid: {0}")]
    Parse(String),
    #[error(
        "the catalog file has schema {found}, but this version of the app reads schema {SCHEMA}; update the app or use a catalog of schema {SCHEMA}"
    )]
    Schema { found: u32 },
    #[error("the catalog file has no entry for {0}; a catalog must describe all six platforms")]
    MissingPlatform(PlatformId),
    #[error("the catalog file describes {0} twice")]
    DuplicatePlatform(PlatformId),
    #[error("the catalog date '{0}' is not a date of the form YYYY-MM-DD")]
    BadDate(String),
    #[error("the catalog file is not valid at {place}: {problem}")]
    Invalid { place: String, problem: String },
}

fn invalid(place: impl Into<String>, problem: impl Into<String>) -> CatalogError {
    CatalogError::Invalid {
        place: place.into(),
        problem: problem.into(),
    }
}

impl Catalog {
    /// The catalog compiled into this build.
    pub fn built_in() -> Catalog {
        Catalog::built_in_ref().clone()
    }

    /// The catalog compiled into this build, parsed once per process.
    pub fn built_in_ref() -> &'static Catalog {
        static PARSED: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
        // The built-in file is checked by the tests below, so this cannot fail in a release.
        PARSED.get_or_init(|| {
            Catalog::parse(BUILT_IN).unwrap_or_else(|e| panic!("built-in catalog is invalid: {e}"))
        })
    }

    /// Parses and validates a catalog file's text.
    pub fn parse(text: &str) -> Result<Catalog, CatalogError> {
        // A file of another schema gets the schema error, not a list of unknown fields.
        #[derive(Deserialize)]
        struct SchemaOnly {
            schema: u32,
        }
        if let Ok(SchemaOnly { schema }) = toml::from_str::<SchemaOnly>(text)
            && schema != SCHEMA
        {
            return Err(CatalogError::Schema { found: schema });
        }
        let catalog: Catalog =
            toml::from_str(text).map_err(|e| CatalogError::Parse(e.to_string()))?;
        if catalog.schema != SCHEMA {
            return Err(CatalogError::Schema {
                found: catalog.schema,
            });
        }
        if !is_iso_date(&catalog.checked) {
            return Err(CatalogError::BadDate(catalog.checked));
        }
        for id in PlatformId::ALL {
            match catalog.platforms.iter().filter(|p| p.id == id).count() {
                0 => return Err(CatalogError::MissingPlatform(id)),
                1 => {}
                _ => return Err(CatalogError::DuplicatePlatform(id)),
            }
        }
        if let Some(p) = catalog.platforms.iter().find(|p| !is_iso_date(&p.checked)) {
            return Err(CatalogError::BadDate(p.checked.clone()));
        }
        catalog.validate()?;
        Ok(catalog)
    }

    fn validate(&self) -> Result<(), CatalogError> {
        let mut ids = BTreeSet::new();
        for s in &self.sources {
            if s.id.is_empty() || !ids.insert(s.id.as_str()) {
                return Err(invalid(
                    format!("sources '{}'", s.id),
                    "source ids must be unique and not empty",
                ));
            }
            if !is_iso_date(&s.checked) {
                return Err(CatalogError::BadDate(s.checked.clone()));
            }
            if !s.url.is_empty() && !is_https_url(&s.url) {
                return Err(invalid(
                    format!("sources '{}'", s.id),
                    "url must be an https:// address or empty",
                ));
            }
        }
        let source_ok = |place: &str, id: &str| -> Result<(), CatalogError> {
            if ids.contains(id) {
                Ok(())
            } else {
                Err(invalid(
                    place,
                    format!("source '{id}' is not one of the [[sources]] ids"),
                ))
            }
        };

        let mut last: Option<(u32, u32)> = None;
        for v in &self.graph_api_versions {
            let place = format!("graph_api_versions '{}'", v.version);
            let Some(n) = parse_version(&v.version) else {
                return Err(invalid(place, "version must look like v23.0"));
            };
            if last.is_some_and(|l| l >= n) {
                return Err(invalid(
                    place,
                    "versions must be listed oldest first, each once",
                ));
            }
            last = Some(n);
            let released: Date = v
                .released
                .parse()
                .map_err(|_| CatalogError::BadDate(v.released.clone()))?;
            if let Some(e) = &v.expires {
                let expires: Date = e.parse().map_err(|_| CatalogError::BadDate(e.clone()))?;
                if expires <= released {
                    return Err(invalid(place, "expires must come after released"));
                }
            }
            source_ok(&place, &v.source)?;
        }
        if self.graph_api_versions.is_empty() {
            return Err(invalid(
                "graph_api_versions",
                "at least one version is needed",
            ));
        }

        let mut entry_ids = BTreeSet::new();
        for t in &self.troubleshooting {
            let place = format!("troubleshooting '{}'", t.id);
            if !entry_ids.insert(t.id.as_str()) {
                return Err(invalid(place, "entry ids must be unique"));
            }
            if t.patterns.iter().all(|p| p.trim().is_empty()) && t.codes.is_empty() {
                return Err(invalid(
                    place,
                    "an entry needs at least one pattern or code",
                ));
            }
            if t.codes
                .iter()
                .any(|c| c.is_empty() || !c.chars().all(|c| c.is_ascii_digit()))
            {
                return Err(invalid(
                    place,
                    "codes must be numbers written as strings, like \"100\"",
                ));
            }
            if t.cause.trim().is_empty() || t.fix.trim().is_empty() {
                return Err(invalid(place, "cause and fix must not be empty"));
            }
            source_ok(&place, &t.source)?;
        }

        for p in &self.platforms {
            p.validate(&source_ok)?;
        }
        Ok(())
    }

    /// The newer of the built-in catalog and an override file's text, if the override is
    /// valid. An invalid override is returned as an error beside the built-in catalog so the
    /// caller can tell the user why it was ignored.
    pub fn newest(override_text: Option<&str>) -> (Catalog, Option<CatalogError>) {
        let built_in = Catalog::built_in();
        match override_text.map(Catalog::parse) {
            None => (built_in, None),
            Some(Ok(other)) if other.checked > built_in.checked => (other, None),
            Some(Ok(_)) => (built_in, None),
            Some(Err(e)) => (built_in, Some(e)),
        }
    }

    /// The facts about one platform.
    pub fn platform(&self, id: PlatformId) -> &PlatformFacts {
        // `parse` guarantees every id is present exactly once.
        self.platforms
            .iter()
            .find(|p| p.id == id)
            .unwrap_or_else(|| panic!("catalog validated without {id}"))
    }

    /// The platforms in SocialMine's order.
    pub fn platforms_in_order(&self) -> Vec<&PlatformFacts> {
        PlatformId::ALL
            .into_iter()
            .map(|id| self.platform(id))
            .collect()
    }

    /// A source by id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// A Graph API version by its name (`v23.0`).
    pub fn graph_version(&self, version: &str) -> Option<&GraphApiVersion> {
        self.graph_api_versions
            .iter()
            .find(|v| v.version == version)
    }

    /// The newest Graph API version the catalog knows.
    pub fn newest_graph_version(&self) -> &GraphApiVersion {
        // `parse` guarantees at least one, oldest first.
        self.graph_api_versions
            .last()
            .unwrap_or_else(|| panic!("catalog validated without versions"))
    }

    /// The version to recommend on `today`: the newest one already released and not expired.
    pub fn recommended_graph_version(&self, today: Date) -> &GraphApiVersion {
        self.graph_api_versions
            .iter()
            .rev()
            .find(|v| v.released_date() <= today && v.expires_date().is_none_or(|e| e >= today))
            .unwrap_or_else(|| self.newest_graph_version())
    }

    /// The troubleshooting entries matching a pasted error text, best match first. With a
    /// platform, entries limited to other platforms are left out.
    pub fn troubleshoot(
        &self,
        error_text: &str,
        platform: Option<PlatformId>,
    ) -> Vec<&TroubleshootEntry> {
        let lower = error_text.to_lowercase();
        let mut hits: Vec<(usize, &TroubleshootEntry)> = self
            .troubleshooting
            .iter()
            .filter(|t| platform.is_none_or(|p| t.platforms.is_empty() || t.platforms.contains(&p)))
            .map(|t| (t.score(&lower), t))
            .filter(|(s, _)| *s > 0)
            .collect();
        hits.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then(a.1.platforms.is_empty().cmp(&b.1.platforms.is_empty()))
        });
        hits.into_iter().map(|(_, t)| t).collect()
    }

    /// The platform a scope name belongs to, other than `except`, if any.
    pub fn platform_of_scope(&self, name: &str, except: PlatformId) -> Option<&PlatformFacts> {
        self.platforms_in_order()
            .into_iter()
            .find(|p| p.id != except && p.scope(name).is_some())
    }
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

    fn validate(
        &self,
        source_ok: &dyn Fn(&str, &str) -> Result<(), CatalogError>,
    ) -> Result<(), CatalogError> {
        let at = |what: &str| format!("platform {} {what}", self.id);
        source_ok(&at("scope_separator_source"), &self.scope_separator_source)?;
        source_ok(&at("redirect_rule_source"), &self.redirect_rule_source)?;
        if self.callback_segment.is_empty()
            || !self
                .callback_segment
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        {
            return Err(invalid(
                at("callback_segment"),
                "must be lowercase letters, digits, - or _",
            ));
        }

        let mut names = BTreeSet::new();
        for s in &self.scopes {
            let place = at(&format!("scope '{}'", s.name));
            if s.name.is_empty() || s.name.contains([',', ' ']) || !names.insert(s.name.as_str()) {
                return Err(invalid(
                    place,
                    "scope names must be unique, not empty, without commas or spaces",
                ));
            }
            if s.purpose.trim().is_empty() {
                return Err(invalid(place, "purpose must say what the scope is for"));
            }
            if s.required && s.status != ScopeStatus::Current {
                return Err(invalid(place, "a required scope must be current"));
            }
            source_ok(&place, &s.source)?;
        }
        for s in &self.scopes {
            if !s.replacement.is_empty()
                && self
                    .scope(&s.replacement)
                    .is_none_or(|r| r.status != ScopeStatus::Current)
            {
                return Err(invalid(
                    at(&format!("scope '{}'", s.name)),
                    format!(
                        "replacement '{}' is not a current scope of this platform",
                        s.replacement
                    ),
                ));
            }
        }
        for d in &self.default_scopes {
            if self
                .scope(d)
                .is_none_or(|s| s.status != ScopeStatus::Current)
            {
                return Err(invalid(
                    at("default_scopes"),
                    format!("'{d}' is not a current scope in this platform's scopes"),
                ));
            }
        }
        if let Some(r) = self
            .required_scopes()
            .find(|r| !self.default_scopes.contains(&r.name))
        {
            return Err(invalid(
                at("scopes"),
                format!(
                    "required scope '{}' is not among the default scopes",
                    r.name
                ),
            ));
        }

        for c in &self.credentials {
            let place = at(&format!("credential '{}'", c.label));
            if !matches!(c.field, Field::ClientId | Field::ClientSecret) {
                return Err(invalid(place, "field must be client_id or client_secret"));
            }
            if c.min_len == 0 || c.min_len > c.max_len {
                return Err(invalid(
                    place,
                    "min_len must be at least 1 and at most max_len",
                ));
            }
            if (c.prefix.chars().count() + c.suffix.chars().count()) as u32 > c.max_len {
                return Err(invalid(place, "prefix and suffix are longer than max_len"));
            }
            if !c.suffix.chars().all(|ch| c.charset.allows(ch)) {
                return Err(invalid(
                    place,
                    "the suffix has characters outside the charset",
                ));
            }
            source_ok(&place, &c.source)?;
        }
        for field in [Field::ClientId, Field::ClientSecret] {
            if self
                .shapes(field, CredentialRole::Expected)
                .next()
                .is_none()
            {
                return Err(invalid(
                    at("credentials"),
                    format!("no expected shape for {field}"),
                ));
            }
        }

        for field in [Field::ClientId, Field::ClientSecret] {
            if self.form_field(field).is_none() {
                return Err(invalid(
                    at("form_fields"),
                    format!("SocialMine's form always has {field}"),
                ));
            }
        }
        if self.form_field(Field::AppVersion).is_some() != self.app_version {
            return Err(invalid(
                at("form_fields"),
                "an app_version form field exactly when app_version = true",
            ));
        }
        if self.form_fields.iter().any(|f| {
            !Field::PLATFORM_FIELDS.contains(&f.field) || f.field == Field::ConsoleRedirectUrl
        }) {
            return Err(invalid(
                at("form_fields"),
                "form fields are client_id, client_secret, app_version, callback_url or scope",
            ));
        }

        for l in &self.links {
            if !is_https_url(&l.url) {
                return Err(invalid(
                    at(&format!("link '{}'", l.label)),
                    "url must be an https:// address",
                ));
            }
        }
        if self.steps.is_empty() {
            return Err(invalid(at("steps"), "a platform needs its console steps"));
        }
        for (i, s) in self.steps.iter().enumerate() {
            let place = at(&format!("step {} '{}'", i + 1, s.title));
            if !is_https_url(&s.link) {
                return Err(invalid(place, "link must be an https:// address"));
            }
            if s.title.trim().is_empty() || s.action.trim().is_empty() || s.why.trim().is_empty() {
                return Err(invalid(place, "title, action and why must not be empty"));
            }
            source_ok(&place, &s.source)?;
        }
        if self.steps.iter().filter(|s| s.registers_callback).count() != 1 {
            return Err(invalid(
                at("steps"),
                "exactly one step registers the callback URL",
            ));
        }
        Ok(())
    }
}

fn is_https_url(s: &str) -> bool {
    url::Url::parse(s).is_ok_and(|u| u.scheme() == "https" && u.host_str().is_some())
}

fn is_iso_date(s: &str) -> bool {
    s.parse::<Date>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_catalog_describes_the_six_platforms_with_socialmine_scopes() {
        let c = Catalog::built_in();
        let names: Vec<_> = c
            .platforms_in_order()
            .iter()
            .map(|p| p.display_name.as_str())
            .collect();
        assert_eq!(
            names,
            [
                "Facebook",
                "Instagram",
                "LinkedIn",
                "X (Twitter)",
                "TikTok",
                "Threads"
            ]
        );
        assert_eq!(
            c.platform(PlatformId::Twitter).default_scopes,
            ["tweet.read", "tweet.write", "users.read", "offline.access"]
        );
        assert_eq!(c.platform(PlatformId::Twitter).callback_segment, "twitter");
        for p in &c.platforms {
            assert!(!p.source.is_empty(), "{} has no source", p.id);
        }
    }

    #[test]
    fn a_newer_override_wins_and_an_older_one_does_not() {
        let newer = BUILT_IN.replacen("checked = \"2026-11-28\"", "checked = \"2099-01-01\"", 1);
        let (c, err) = Catalog::newest(Some(&newer));
        assert_eq!((c.checked.as_str(), err), ("2099-01-01", None));

        let older = BUILT_IN.replacen("checked = \"2026-11-28\"", "checked = \"2000-01-01\"", 1);
        let (c, err) = Catalog::newest(Some(&older));
        assert_eq!((c.checked.as_str(), err), ("2026-11-28", None));
    }

    #[test]
    fn a_broken_override_is_reported_and_ignored() {
        let (c, err) = Catalog::newest(Some(
            "schema = 1\nchecked = \"2099-01-01\"\nsources = []\ngraph_api_versions = []\ntroubleshooting = []\nplatforms = []",
        ));
        assert_eq!(c, Catalog::built_in());
        assert_eq!(
            err,
            Some(CatalogError::MissingPlatform(PlatformId::Facebook))
        );

        let (_, err) = Catalog::newest(Some(
            "schema = 99\nchecked = \"2099-01-01\"\nplatforms = []",
        ));
        assert_eq!(err, Some(CatalogError::Schema { found: 99 }));

        let (_, err) = Catalog::newest(Some("not toml ["));
        assert!(matches!(err, Some(CatalogError::Parse(_))));
    }

    fn broken(from: &str, to: &str) -> CatalogError {
        assert!(BUILT_IN.contains(from), "test edit must apply: {from}");
        Catalog::parse(&BUILT_IN.replacen(from, to, 1)).expect_err("edited catalog must be refused")
    }

    #[test]
    fn schema_validation_is_strict_with_clear_errors() {
        let e = broken(
            "id = \"facebook\"\n",
            "id = \"facebook\"\ncolour = \"blue\"\n",
        );
        assert!(
            matches!(&e, CatalogError::Parse(m) if m.contains("colour")),
            "{e}"
        );

        let e = broken("source = \"meta_permissions\" }", "source = \"nowhere\" }");
        assert!(
            e.to_string()
                .contains("'nowhere' is not one of the [[sources]] ids"),
            "{e}"
        );

        let e = broken(
            "replacement = \"pages_manage_posts\"",
            "replacement = \"pages_manage_everything\"",
        );
        assert!(e.to_string().contains("pages_manage_everything"), "{e}");

        let e = broken("expires = \"2025-09-12\"", "expires = \"2025-02-30\"");
        assert_eq!(e, CatalogError::BadDate("2025-02-30".into()));

        let e = broken("version = \"v18.0\"", "version = \"v16.0\"");
        assert!(e.to_string().contains("oldest first"), "{e}");

        let e = broken("charset = \"digits\"", "charset = \"emoji\"");
        assert!(matches!(e, CatalogError::Parse(_)), "{e}");

        let e = broken("confidence = \"high\"", "confidence = \"certain\"");
        assert!(matches!(e, CatalogError::Parse(_)), "{e}");

        let e = broken(
            "link = \"https://developers.facebook.com/apps/\"",
            "link = \"ftp://example.com\"",
        );
        assert!(e.to_string().contains("https"), "{e}");

        let e = broken("app_version = true", "app_version = false");
        assert!(e.to_string().contains("app_version"), "{e}");

        let e = broken("codes = [\"101\"]", "codes = [\"1o1\"]");
        assert!(e.to_string().contains("codes"), "{e}");
    }

    #[test]
    fn every_platform_has_steps_scopes_fields_and_links() {
        let c = Catalog::built_in();
        for p in c.platforms_in_order() {
            assert!(p.steps.len() >= 3, "{}", p.id);
            assert!(
                p.steps.iter().any(|s| s.yields.contains(&Field::ClientId)),
                "{}",
                p.id
            );
            assert!(p.required_scopes().count() >= 2, "{}", p.id);
            assert!(!p.links.is_empty(), "{}", p.id);
            for d in &p.default_scopes {
                assert_eq!(
                    p.scope(d).map(|s| s.status),
                    Some(ScopeStatus::Current),
                    "{} {d}",
                    p.id
                );
            }
        }
        assert_eq!(
            c.platform(PlatformId::Tiktok)
                .form_field(Field::ClientId)
                .map(|f| f.label.as_str()),
            Some("Client Key")
        );
        assert!(
            c.platform(PlatformId::Facebook).app_version
                && c.platform(PlatformId::Instagram).app_version
        );
        assert!(
            !c.platform(PlatformId::Threads).app_version
                && !c.platform(PlatformId::Twitter).app_version
        );
        assert_eq!(
            c.platform(PlatformId::Linkedin).scope_separator,
            ScopeSeparator::Space
        );
        assert_eq!(
            c.platform(PlatformId::Tiktok).scope_separator,
            ScopeSeparator::Comma
        );
    }

    #[test]
    fn graph_versions_come_from_the_data() {
        let c = Catalog::built_in();
        let v = c.graph_version("v23.0").expect("v23.0");
        assert_eq!(
            (v.released.as_str(), v.expires.as_deref()),
            ("2025-05-29", Some("2027-10-08"))
        );
        assert_eq!(c.newest_graph_version().version, "v26.0");
        let d = |s: &str| s.parse::<Date>().expect("date");
        assert_eq!(
            c.recommended_graph_version(d("2026-11-28")).version,
            "v26.0"
        );
        assert_eq!(
            c.recommended_graph_version(d("2026-03-01")).version,
            "v25.0"
        );
        assert_eq!(parse_version("v23.0"), Some((23, 0)));
        assert_eq!(parse_version("23.0"), None);
    }

    #[test]
    fn credential_shapes_match_what_they_describe() {
        let c = Catalog::built_in();
        let fb = c.platform(PlatformId::Facebook);
        let id = fb
            .shapes(Field::ClientId, CredentialRole::Expected)
            .next()
            .expect("shape");
        assert!(id.matches("1234567890123456") && !id.matches("12345abc") && !id.matches("123"));
        let x = c.platform(PlatformId::Twitter);
        let xid = x
            .shapes(Field::ClientId, CredentialRole::Expected)
            .next()
            .expect("shape");
        assert!(xid.matches("cVhlN2FaN1BlT0ZJZ2VvZUVfd0M6MTpjaQ"));
        let legacy = x
            .shapes(Field::ClientId, CredentialRole::LegacyXApiKey)
            .next()
            .expect("shape");
        assert!(
            legacy.matches("xvz1evFS4wEEPTGEFPHBog5Zz")
                && !legacy.matches("cVhlN2FaN1BlT0ZJZ2VvZUVfd0M6MTpjaQ")
        );
        let li = c.platform(PlatformId::Linkedin);
        assert!(
            li.shapes(Field::ClientSecret, CredentialRole::Expected)
                .any(|s| s.matches("WPL_AP1.abcdEFGH12345678.aBcD1234"))
        );
    }

    #[test]
    fn troubleshooting_finds_the_likely_cause() {
        let c = Catalog::built_in();
        let first = |text: &str, p: Option<PlatformId>| {
            c.troubleshoot(text, p).first().map(|t| t.id.clone())
        };
        assert_eq!(
            first(
                "URL Blocked: This redirect failed because the redirect URI is not whitelisted",
                None
            )
            .as_deref(),
            Some("url_blocked")
        );
        assert_eq!(
            first("The redirect_uri does not match the registered value", None).as_deref(),
            Some("linkedin_redirect_mismatch")
        );
        assert_eq!(
            first("Invalid Scopes: pages_manage_posts", None).as_deref(),
            Some("invalid_scopes")
        );
        assert_eq!(
            first(
                "Error validating application. Invalid application ID.",
                None
            )
            .as_deref(),
            Some("invalid_app_id")
        );
        assert_eq!(
            first(
                "{\"error\":{\"message\":\"x\",\"code\":101}}",
                Some(PlatformId::Facebook)
            )
            .as_deref(),
            Some("invalid_app_id")
        );
        assert_eq!(
            first("(#100) Invalid verification code format.", None).as_deref(),
            Some("meta_code_100")
        );
        assert_eq!(
            first("error code 1349026", Some(PlatformId::Threads)).as_deref(),
            Some("threads_no_application_data")
        );
        assert_eq!(
            first("error_code=4476002", None).as_deref(),
            Some("threads_no_application_data")
        );
        assert_eq!(
            first(
                "Callback URL not approved for this client application",
                None
            )
            .as_deref(),
            Some("x_callback_not_approved")
        );
        assert_eq!(first("nothing to see here", None), None);
        // A bare number that is not an error code does not match.
        assert_eq!(first("posted 100 photos", None), None);
        // Platform filter.
        assert!(
            c.troubleshoot("URL blocked", Some(PlatformId::Linkedin))
                .iter()
                .all(|t| t.id != "url_blocked")
        );
    }
}
