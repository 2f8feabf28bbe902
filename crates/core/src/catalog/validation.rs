//! Parsing and validating a catalog file: the schema, every date, every source reference,
//! and the rules that keep the checks meaningful (unique ids, current required scopes, one step
//! registering the callback, …).

use std::collections::BTreeSet;

use serde::Deserialize;

use super::types::parse_version;
use super::{Catalog, CredentialRole, PlatformFacts, SCHEMA, ScopeStatus};
use crate::date::Date;
use crate::finding::Field;
use crate::platform::PlatformId;

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
        let mut catalog: Catalog =
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
        // A step without its own date was checked with its platform.
        for p in &mut catalog.platforms {
            for step in &mut p.steps {
                if step.checked.is_empty() {
                    step.checked = p.checked.clone();
                }
            }
        }
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
            // Schema 1 allowed "" for a source that is not a web page; the built-in catalog
            // and every signed one give each source a public address (see `Catalog::
            // sources_without_address`, checked by the tests and by the signing tool).
            if !s.url.is_empty() && !is_https_url(&s.url) {
                return Err(invalid(
                    format!("sources '{}'", s.id),
                    "url must be an https:// address",
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
        let mut endpoint_ids = BTreeSet::new();
        for e in &self.provider_endpoints {
            if !endpoint_ids.insert(e.platform) {
                return Err(invalid(
                    format!("provider_endpoints {}", e.platform),
                    "each platform may be described once",
                ));
            }
            if let Some((place, problem)) = e.problems(&|id| ids.contains(id)) {
                return Err(invalid(place, problem));
            }
        }
        Ok(())
    }
}

impl PlatformFacts {
    pub(super) fn validate(
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
            if (s.required || s.recommended) && s.status != ScopeStatus::Current {
                return Err(invalid(
                    place,
                    "a required or recommended scope must be current",
                ));
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
            if !s.checked.is_empty() && !is_iso_date(&s.checked) {
                return Err(CatalogError::BadDate(s.checked.clone()));
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
