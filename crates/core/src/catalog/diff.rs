//! What changed between two catalogs, for the update's report: Graph API versions, console
//! steps, scopes and troubleshooting entries added, removed or changed. Pure.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Catalog, ConsoleStep, GraphApiVersion, PlatformFacts};
use crate::platform::PlatformId;

/// The changes of one platform.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CatalogPlatformDiff {
    pub platform: PlatformId,
    pub scopes_added: Vec<String>,
    pub scopes_removed: Vec<String>,
    /// Scopes whose status, need or requirement changed, as `name: what changed`.
    pub scopes_changed: Vec<String>,
    /// Step titles.
    pub steps_added: Vec<String>,
    pub steps_removed: Vec<String>,
    pub steps_changed: Vec<String>,
}

impl CatalogPlatformDiff {
    pub fn is_empty(&self) -> bool {
        self.scopes_added.is_empty()
            && self.scopes_removed.is_empty()
            && self.scopes_changed.is_empty()
            && self.steps_added.is_empty()
            && self.steps_removed.is_empty()
            && self.steps_changed.is_empty()
    }
}

/// What changed from one catalog to another.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CatalogDiff {
    pub checked_before: String,
    pub checked_after: String,
    pub versions_added: Vec<String>,
    pub versions_removed: Vec<String>,
    /// Versions whose dates changed, as `v26.0: available until 2028-11-04 (was not announced)`.
    pub versions_changed: Vec<String>,
    /// Only the platforms with changes.
    pub platforms: Vec<CatalogPlatformDiff>,
    pub troubleshooting_added: Vec<String>,
    pub troubleshooting_removed: Vec<String>,
    pub troubleshooting_changed: Vec<String>,
}

impl CatalogDiff {
    /// Whether nothing but the date changed.
    pub fn is_empty(&self) -> bool {
        self.versions_added.is_empty()
            && self.versions_removed.is_empty()
            && self.versions_changed.is_empty()
            && self.platforms.is_empty()
            && self.troubleshooting_added.is_empty()
            && self.troubleshooting_removed.is_empty()
            && self.troubleshooting_changed.is_empty()
    }

    /// The changes as plain lines, for the CLI and the window.
    pub fn summary(&self) -> Vec<String> {
        let mut out = vec![format!(
            "Provider facts checked on {} (before: {}).",
            self.checked_after, self.checked_before
        )];
        let mut list = |what: &str, items: &[String]| {
            if !items.is_empty() {
                out.push(format!("{what}: {}", items.join("; ")));
            }
        };
        list("Graph API versions added", &self.versions_added);
        list("Graph API versions removed", &self.versions_removed);
        list("Graph API versions changed", &self.versions_changed);
        list("Troubleshooting entries added", &self.troubleshooting_added);
        list(
            "Troubleshooting entries removed",
            &self.troubleshooting_removed,
        );
        list(
            "Troubleshooting entries changed",
            &self.troubleshooting_changed,
        );
        for p in &self.platforms {
            let name = p.platform.to_string();
            list(&format!("{name}: scopes added"), &p.scopes_added);
            list(&format!("{name}: scopes removed"), &p.scopes_removed);
            list(&format!("{name}: scopes changed"), &p.scopes_changed);
            list(&format!("{name}: console steps added"), &p.steps_added);
            list(&format!("{name}: console steps removed"), &p.steps_removed);
            list(&format!("{name}: console steps changed"), &p.steps_changed);
        }
        if self.is_empty() {
            out.push("No fact changed; only the date of the last check.".to_owned());
        }
        out
    }
}

fn until(v: &GraphApiVersion) -> String {
    v.expires
        .as_deref()
        .map_or_else(|| "not announced".to_owned(), str::to_owned)
}

fn added_removed<'a>(
    old: impl Iterator<Item = &'a str> + Clone,
    new: impl Iterator<Item = &'a str> + Clone,
) -> (Vec<String>, Vec<String>) {
    let added = new
        .clone()
        .filter(|n| !old.clone().any(|o| o == *n))
        .map(str::to_owned)
        .collect();
    let removed = old
        .filter(|o| !new.clone().any(|n| n == *o))
        .map(str::to_owned)
        .collect();
    (added, removed)
}

fn step_content(s: &ConsoleStep) -> impl PartialEq + '_ {
    // Everything the admin reads or follows; the date alone is not a change.
    (
        &s.action,
        &s.link,
        &s.link_label,
        &s.why,
        &s.yields,
        s.registers_callback,
        &s.common_issues,
        &s.source,
    )
}

fn platform_diff(old: &PlatformFacts, new: &PlatformFacts) -> CatalogPlatformDiff {
    let (scopes_added, scopes_removed) = added_removed(
        old.scopes.iter().map(|s| s.name.as_str()),
        new.scopes.iter().map(|s| s.name.as_str()),
    );
    let mut scopes_changed = Vec::new();
    for n in &new.scopes {
        let Some(o) = old.scope(&n.name) else {
            continue;
        };
        let mut what = Vec::new();
        if o.status != n.status {
            what.push(format!("now {:?} (was {:?})", n.status, o.status).to_lowercase());
        }
        if o.required != n.required {
            what.push(
                if n.required {
                    "now required"
                } else {
                    "no longer required"
                }
                .to_owned(),
            );
        }
        if o.recommended != n.recommended {
            what.push(
                if n.recommended {
                    "now recommended"
                } else {
                    "no longer recommended"
                }
                .to_owned(),
            );
        }
        if o.access != n.access || o.access_note != n.access_note {
            what.push("access changed".to_owned());
        }
        if !what.is_empty() {
            scopes_changed.push(format!("{}: {}", n.name, what.join(", ")));
        }
    }
    let (steps_added, steps_removed) = added_removed(
        old.steps.iter().map(|s| s.title.as_str()),
        new.steps.iter().map(|s| s.title.as_str()),
    );
    let steps_changed = new
        .steps
        .iter()
        .filter(|n| {
            old.steps
                .iter()
                .any(|o| o.title == n.title && step_content(o) != step_content(n))
        })
        .map(|s| s.title.clone())
        .collect();
    CatalogPlatformDiff {
        platform: new.id,
        scopes_added,
        scopes_removed,
        scopes_changed,
        steps_added,
        steps_removed,
        steps_changed,
    }
}

/// What changed from `old` to `new`.
pub fn diff(old: &Catalog, new: &Catalog) -> CatalogDiff {
    let (versions_added, versions_removed) = added_removed(
        old.graph_api_versions.iter().map(|v| v.version.as_str()),
        new.graph_api_versions.iter().map(|v| v.version.as_str()),
    );
    let versions_changed = new
        .graph_api_versions
        .iter()
        .filter_map(|n| {
            let o = old.graph_version(&n.version)?;
            (o.expires != n.expires || o.released != n.released).then(|| {
                format!(
                    "{}: available until {} (was {})",
                    n.version,
                    until(n),
                    until(o)
                )
            })
        })
        .collect();
    let (troubleshooting_added, troubleshooting_removed) = added_removed(
        old.troubleshooting.iter().map(|t| t.title.as_str()),
        new.troubleshooting.iter().map(|t| t.title.as_str()),
    );
    let troubleshooting_changed = new
        .troubleshooting
        .iter()
        .filter(|n| {
            old.troubleshooting
                .iter()
                .any(|o| o.title == n.title && o != *n)
        })
        .map(|t| t.title.clone())
        .collect();
    let platforms = PlatformId::ALL
        .into_iter()
        .map(|id| platform_diff(old.platform(id), new.platform(id)))
        .filter(|d| !d.is_empty())
        .collect();
    CatalogDiff {
        checked_before: old.checked.clone(),
        checked_after: new.checked.clone(),
        versions_added,
        versions_removed,
        versions_changed,
        platforms,
        troubleshooting_added,
        troubleshooting_removed,
        troubleshooting_changed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_catalog_has_no_changes() {
        let c = Catalog::built_in();
        let d = diff(&c, &c);
        assert!(d.is_empty(), "{d:?}");
        assert!(d.summary().iter().any(|l| l.contains("only the date")));
    }

    #[test]
    fn versions_steps_and_scopes_added_removed_and_changed_are_reported() {
        let old = Catalog::built_in();
        let mut new = old.clone();
        new.checked = "2027-01-10".into();
        let last = new.graph_api_versions.len() - 1;
        new.graph_api_versions[last].expires = Some("2028-11-04".into());
        new.graph_api_versions.push(GraphApiVersion {
            version: "v99.0".into(),
            released: "2027-01-05".into(),
            expires: None,
            source: new.graph_api_versions[0].source.clone(),
        });
        new.graph_api_versions.remove(0);
        let x = new
            .platforms
            .iter_mut()
            .find(|p| p.id == PlatformId::Twitter)
            .expect("x");
        x.scopes.retain(|s| s.name != "dm.write");
        let mut extra = x.scopes[0].clone();
        extra.name = "media.read".into();
        x.scopes.push(extra);
        x.scopes[0].required = !x.scopes[0].required;
        x.steps[0].action.push_str(" And more.");
        let mut step = x.steps[0].clone();
        step.title = "A new step".into();
        step.registers_callback = false;
        x.steps.push(step);

        let d = diff(&old, &new);
        assert_eq!(d.versions_added, ["v99.0"]);
        assert_eq!(
            d.versions_removed,
            [old.graph_api_versions[0].version.clone()]
        );
        assert_eq!(d.versions_changed.len(), 1, "{d:?}");
        assert!(d.versions_changed[0].contains("2028-11-04"));
        assert_eq!(d.platforms.len(), 1, "{d:?}");
        let p = &d.platforms[0];
        assert_eq!(p.platform, PlatformId::Twitter);
        assert_eq!(p.scopes_added, ["media.read"]);
        assert_eq!(p.scopes_removed, ["dm.write"]);
        assert_eq!(p.scopes_changed.len(), 1, "{p:?}");
        assert_eq!(p.steps_added, ["A new step"]);
        assert_eq!(
            p.steps_changed,
            [old.platform(PlatformId::Twitter).steps[0].title.clone()]
        );
        let text = d.summary().join("\n");
        assert!(text.contains("v99.0") && text.contains("dm.write") && text.contains("A new step"));
    }
}
