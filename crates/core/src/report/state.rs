//! The checklist state: per platform, a tick and an optional note for each console step of
//! the guide and each scope SocialMine requests. It is part of the deployment (saved in its
//! TOML file under `[checklist]`), and both the Checklists screen and the wizard's scope step
//! read and write this one state.
//!
//! ```toml
//! [checklist.facebook.steps."Create a Meta app"]
//! ticked = true
//! note = "Ann, 2 Dec: app 'Acme posting' exists, business portfolio Acme Ltd"
//! at = "2026-12-02"
//!
//! [checklist.facebook.scopes.pages_manage_posts]
//! ticked = true
//! note = "Advanced Access granted"
//! ```
//!
//! Steps are keyed by their title in the catalog and scopes by their name, so a tick stays
//! with its item when the catalog reorders steps; a tick whose item has left the catalog is
//! kept in the file but not shown.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::platform::PlatformId;

/// The longest note kept (in characters); a longer one is cut when set.
pub const MAX_NOTE_CHARS: usize = 2000;

/// Ticks and notes of every platform of a deployment.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ChecklistState(pub BTreeMap<PlatformId, PlatformChecklist>);

/// Ticks and notes of one platform.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct PlatformChecklist {
    /// By step title.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub steps: BTreeMap<String, Tick>,
    /// By scope name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub scopes: BTreeMap<String, Tick>,
}

/// One item's tick and note.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Tick {
    /// Whether someone confirmed the item in the console.
    #[serde(default)]
    pub ticked: bool,
    /// Who checked and what they saw.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub note: Option<String>,
    /// When the tick or note was last changed (as the app wrote it, usually YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub at: Option<String>,
}

impl Tick {
    /// Whether the tick carries nothing worth keeping.
    pub fn is_empty(&self) -> bool {
        !self.ticked && self.note.as_deref().is_none_or(|n| n.trim().is_empty())
    }
}

/// Which item of a platform's checklist: a console step (by title) or a scope (by name).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
#[ts(export)]
pub enum ItemKey {
    Step(String),
    Scope(String),
}

impl ChecklistState {
    /// Whether nothing is ticked or noted anywhere.
    pub fn is_empty(&self) -> bool {
        self.0.values().all(|p| {
            p.steps
                .values()
                .chain(p.scopes.values())
                .all(Tick::is_empty)
        })
    }

    /// One platform's ticks, if any.
    pub fn platform(&self, id: PlatformId) -> Option<&PlatformChecklist> {
        self.0.get(&id)
    }

    /// The tick of one item, if any.
    pub fn get(&self, id: PlatformId, item: &ItemKey) -> Option<&Tick> {
        let p = self.0.get(&id)?;
        match item {
            ItemKey::Step(t) => p.steps.get(t),
            ItemKey::Scope(s) => p.scopes.get(s),
        }
    }

    /// Sets one item's tick and note. A blank note is removed, a long one cut to
    /// [`MAX_NOTE_CHARS`]; `at` is when it happened (the caller reads the clock). An item left
    /// with neither tick nor note is removed, so the file keeps only what someone recorded.
    pub fn set(
        &mut self,
        id: PlatformId,
        item: &ItemKey,
        ticked: bool,
        note: Option<String>,
        at: Option<String>,
    ) {
        let note = note
            .map(|n| n.trim().chars().take(MAX_NOTE_CHARS).collect::<String>())
            .filter(|n| !n.is_empty());
        let tick = Tick { ticked, note, at };
        let p = self.0.entry(id).or_default();
        let map = match item {
            ItemKey::Step(_) => &mut p.steps,
            ItemKey::Scope(_) => &mut p.scopes,
        };
        let key = match item {
            ItemKey::Step(k) | ItemKey::Scope(k) => k.clone(),
        };
        if tick.is_empty() {
            map.remove(&key);
        } else {
            map.insert(key, tick);
        }
        if p.steps.is_empty() && p.scopes.is_empty() {
            self.0.remove(&id);
        }
    }

    /// Ticks or unticks one item, keeping its note.
    pub fn set_ticked(&mut self, id: PlatformId, item: &ItemKey, ticked: bool, at: Option<String>) {
        let note = self.get(id, item).and_then(|t| t.note.clone());
        self.set(id, item, ticked, note, at);
    }

    /// Ticks scopes confirmed elsewhere (the wizard's progress files from before checklists
    /// were saved with the deployment) that have no entry yet; entries already recorded win.
    /// Returns whether anything changed.
    pub fn adopt_confirmed_scopes(
        &mut self,
        id: PlatformId,
        scopes: &[String],
        at: Option<String>,
    ) -> bool {
        let mut changed = false;
        for s in scopes {
            let key = ItemKey::Scope(s.clone());
            if self.get(id, &key).is_none() {
                self.set(id, &key, true, None, at.clone());
                changed = true;
            }
        }
        changed
    }

    /// The scopes ticked for a platform (what the wizard's scope step shows as confirmed).
    pub fn ticked_scopes(&self, id: PlatformId) -> Vec<String> {
        self.0
            .get(&id)
            .map(|p| {
                p.scopes
                    .iter()
                    .filter(|(_, t)| t.ticked)
                    .map(|(k, _)| k.clone())
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setting_and_clearing_keeps_only_what_was_recorded() {
        let mut s = ChecklistState::default();
        let scope = ItemKey::Scope("pages_manage_posts".into());
        s.set(
            PlatformId::Facebook,
            &scope,
            true,
            Some("  Ann saw Advanced Access  ".into()),
            Some("2026-12-02".into()),
        );
        let t = s.get(PlatformId::Facebook, &scope).expect("tick");
        assert!(t.ticked);
        assert_eq!(t.note.as_deref(), Some("Ann saw Advanced Access"));
        assert_eq!(
            s.ticked_scopes(PlatformId::Facebook),
            ["pages_manage_posts"]
        );

        s.set_ticked(PlatformId::Facebook, &scope, false, None);
        let t = s.get(PlatformId::Facebook, &scope).expect("note kept");
        assert!(!t.ticked && t.note.is_some());

        s.set(
            PlatformId::Facebook,
            &scope,
            false,
            Some("   ".into()),
            None,
        );
        assert!(s.get(PlatformId::Facebook, &scope).is_none());
        assert!(s.is_empty() && s.0.is_empty());
    }

    #[test]
    fn scopes_confirmed_in_the_wizard_are_adopted_once() {
        let mut s = ChecklistState::default();
        let email = ItemKey::Scope("email".into());
        s.set(
            PlatformId::Facebook,
            &email,
            false,
            Some("not needed".into()),
            None,
        );
        let confirmed = ["email".to_owned(), "pages_show_list".to_owned()];
        assert!(s.adopt_confirmed_scopes(PlatformId::Facebook, &confirmed, None));
        assert_eq!(s.ticked_scopes(PlatformId::Facebook), ["pages_show_list"]);
        assert!(!s.adopt_confirmed_scopes(PlatformId::Facebook, &confirmed, None));
    }

    #[test]
    fn long_notes_are_cut() {
        let mut s = ChecklistState::default();
        let step = ItemKey::Step("Create a Meta app".into());
        s.set(
            PlatformId::Facebook,
            &step,
            false,
            Some("x".repeat(5000)),
            None,
        );
        let n = s
            .get(PlatformId::Facebook, &step)
            .and_then(|t| t.note.clone());
        assert_eq!(n.map(|n| n.chars().count()), Some(MAX_NOTE_CHARS));
    }

    #[test]
    fn item_keys_have_a_tagged_json_shape() {
        let k = ItemKey::Scope("tweet.read".into());
        let json = serde_json::to_string(&k).expect("json");
        assert_eq!(json, r#"{"kind":"scope","id":"tweet.read"}"#);
        assert_eq!(serde_json::from_str::<ItemKey>(&json).ok(), Some(k));
    }
}
