//! The provider catalog: facts about each platform, kept as data with a source and a date.
//!
//! The built-in catalog is `data/catalog.toml`, compiled into the binary. A newer catalog of
//! the same schema reaches the app without a new release only as a signed update, or as a file
//! the admin names explicitly (then labelled "unofficial provider facts"): choosing between
//! them is `socialmine_store::load_catalog`'s job; this crate parses, validates, compares
//! ([`diff()`]) and dates ([`staleness`]) catalogs.
//!
//! This module owns the [`Catalog`] value and its look-ups. The fact types are in `types`,
//! parsing and validating a catalog file in `validation`, matching pasted error texts in
//! `troubleshooting`, the staleness notice and the catalog's origin in `freshness`, and
//! what changed between two catalogs in `diff`.

mod diff;
mod freshness;
mod troubleshooting;
mod types;
mod validation;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::date::Date;
use crate::platform::PlatformId;

pub use diff::{CatalogDiff, CatalogPlatformDiff, diff};
pub use freshness::{CatalogOrigin, STALE_AFTER_DAYS, StaleNotice, staleness};
pub use troubleshooting::TroubleshootEntry;
pub use types::{
    Charset, Confidence, ConsoleLink, ConsoleStep, CredentialRole, CredentialShape, FormField,
    GraphApiVersion, PlatformFacts, ScopeAccess, ScopeFacts, ScopeSeparator, ScopeStatus, Source,
    parse_version,
};
pub use validation::CatalogError;

/// The schema version this build understands.
pub const SCHEMA: u32 = 1;

const BUILT_IN: &str = include_str!("../../data/catalog.toml");

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
    /// Each provider's OAuth endpoints and answers, for live verification (older catalog files
    /// have none: the built-in ones are used then).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provider_endpoints: Vec<crate::endpoints::ProviderEndpoints>,
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

    /// The day the catalog was last checked, as a date (catalogs are validated to have one;
    /// compare catalogs by this, never by the text of `checked`).
    pub fn checked_date(&self) -> crate::Date {
        self.checked
            .parse()
            .unwrap_or_else(|_| crate::Date::from_days_since_epoch(0))
    }

    /// Whether this catalog was checked later than `other`.
    pub fn is_newer_than(&self, other: &Catalog) -> bool {
        self.checked_date() > other.checked_date()
    }

    /// The newer of the built-in catalog and an override file's text, if the override is
    /// valid. An invalid override is returned as an error beside the built-in catalog so the
    /// caller can tell the user why it was ignored.
    pub fn newest(override_text: Option<&str>) -> (Catalog, Option<CatalogError>) {
        let built_in = Catalog::built_in();
        match override_text.map(Catalog::parse) {
            None => (built_in, None),
            Some(Ok(other)) if other.is_newer_than(&built_in) => (other, None),
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

    /// The ids of sources without a public https address a reader can open (older catalog
    /// files allowed that; a catalog the project publishes has none).
    pub fn sources_without_address(&self) -> Vec<&str> {
        self.sources
            .iter()
            .filter(|s| !s.url.starts_with("https://"))
            .map(|s| s.id.as_str())
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

    /// A provider's OAuth endpoint facts: this catalog's, else the built-in catalog's.
    pub fn provider_endpoints(
        &self,
        id: PlatformId,
    ) -> Option<&crate::endpoints::ProviderEndpoints> {
        let find = |c: &'_ Catalog| -> Option<usize> {
            c.provider_endpoints.iter().position(|e| e.platform == id)
        };
        match find(self) {
            Some(i) => self.provider_endpoints.get(i),
            None => {
                let built_in = Catalog::built_in_ref();
                find(built_in).and_then(|i| built_in.provider_endpoints.get(i))
            }
        }
    }

    /// The platform a scope name belongs to, other than `except`, if any.
    pub fn platform_of_scope(&self, name: &str, except: PlatformId) -> Option<&PlatformFacts> {
        self.platforms_in_order()
            .into_iter()
            .find(|p| p.id != except && p.scope(name).is_some())
    }
}
