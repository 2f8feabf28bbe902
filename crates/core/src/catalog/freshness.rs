//! How fresh the catalog in use is, and where it came from: the 45-day staleness notice and
//! the origin the UI and the CLI name ("built in", "signed update", "unofficial provider
//! facts"). Pure: `today` is a parameter.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Catalog;
use crate::date::Date;

/// A catalog checked longer ago than this is announced as possibly out of date.
pub const STALE_AFTER_DAYS: i64 = 45;

/// Where the catalog in use came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CatalogOrigin {
    /// The catalog compiled into this build.
    BuiltIn,
    /// A newer catalog whose signature was verified with the project's key.
    SignedUpdate,
    /// A catalog file without a valid signature, used only because the admin asked for it
    /// (`--catalog FILE` or the developer setting): every screen says "unofficial provider facts".
    Unofficial,
}

impl CatalogOrigin {
    /// The origin in plain words.
    pub fn describe(self) -> &'static str {
        match self {
            CatalogOrigin::BuiltIn => "built into this version of the app",
            CatalogOrigin::SignedUpdate => "a signed update from the SocialMine Setup project",
            CatalogOrigin::Unofficial => {
                "unofficial provider facts: a file without the project's signature"
            }
        }
    }
}

/// The notice shown when the provider facts may be out of date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StaleNotice {
    /// Always `catalog_stale`.
    pub code: String,
    /// The catalog's `checked` date (YYYY-MM-DD).
    pub checked: String,
    /// Days between `checked` and today.
    pub days_old: i64,
    /// What is wrong, in plain words.
    pub message: String,
    /// The way forward (the update).
    pub fix: String,
}

/// The stale-facts notice, when the catalog was checked more than [`STALE_AFTER_DAYS`] days
/// before `today`; `None` while it is fresh.
pub fn staleness(catalog: &Catalog, today: Date) -> Option<StaleNotice> {
    let checked: Date = catalog.checked.parse().ok()?;
    let days_old = checked.days_until(today);
    if days_old <= STALE_AFTER_DAYS {
        return None;
    }
    Some(StaleNotice {
        code: "catalog_stale".to_owned(),
        checked: catalog.checked.clone(),
        days_old,
        message: format!(
            "The provider facts were last checked on {} ({days_old} days ago). Providers change their consoles, \
             permissions and API versions often, so some steps or checks may be out of date.",
            catalog.checked
        ),
        fix: "Check for updates (socialmine-setup catalog update, or \"Check for updates\" on the start screen) \
              to get the latest signed provider facts."
            .to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(checked: &str) -> Catalog {
        let mut c = Catalog::built_in();
        c.checked = checked.to_owned();
        c
    }

    fn day(s: &str) -> Date {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e:?}"))
    }

    #[test]
    fn a_catalog_is_stale_after_45_days() {
        let c = on("2026-12-02");
        assert_eq!(staleness(&c, day("2026-12-02")), None);
        assert_eq!(
            staleness(&c, day("2027-01-16")),
            None,
            "45 days is still fresh"
        );
        let n = staleness(&c, day("2027-01-17")).expect("46 days is stale");
        assert_eq!(n.code, "catalog_stale");
        assert_eq!(n.days_old, 46);
        assert_eq!(n.checked, "2026-12-02");
        assert!(n.message.contains("2026-12-02") && n.message.contains("46 days"));
        assert!(n.fix.contains("catalog update"), "{}", n.fix);
    }

    #[test]
    fn the_built_in_catalog_is_fresh_on_the_day_it_was_checked() {
        let c = Catalog::built_in();
        assert_eq!(staleness(&c, day(&c.checked)), None);
    }
}
