//! The provider catalog: facts about each platform, kept as data with a source and a date.
//!
//! The built-in catalog is `data/catalog.toml`, compiled into the binary. A newer file of the
//! same schema (for example one an admin drops into the app's data folder) can replace it
//! without a new release: see [`Catalog::newest`].

use serde::{Deserialize, Serialize};
use ts_rs::TS;

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
}

/// The whole catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Catalog {
    pub schema: u32,
    /// The date (YYYY-MM-DD) the catalog as a whole was last checked.
    pub checked: String,
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
}

impl Catalog {
    /// The catalog compiled into this build.
    pub fn built_in() -> Catalog {
        // The built-in file is checked by the tests below, so this cannot fail in a release.
        Catalog::parse(BUILT_IN).unwrap_or_else(|e| panic!("built-in catalog is invalid: {e}"))
    }

    /// Parses and validates a catalog file's text.
    pub fn parse(text: &str) -> Result<Catalog, CatalogError> {
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
        Ok(catalog)
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
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
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
        let (c, err) =
            Catalog::newest(Some("schema = 1\nchecked = \"2099-01-01\"\nplatforms = []"));
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
}
