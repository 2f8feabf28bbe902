//! The checklist as people see it: for each platform, every console step of the guide and
//! every scope SocialMine requests, with what it is for, where in the console it is granted,
//! what approval it needs, its source and the date that was checked, and its tick and note.
//! The Checklists screen shows this view; the Markdown and HTML exports render it.

use serde::Serialize;
use ts_rs::TS;

use crate::catalog::{Catalog, ConsoleStep, PlatformFacts, ScopeAccess, ScopeFacts};
use crate::checks::{FieldContext, clean_value, effective_callback};
use crate::date::Date;
use crate::deployment::Deployment;
use crate::finding::Field;
use crate::platform::PlatformId;
use crate::report::state::{ChecklistState, ItemKey, Tick};
use crate::urls::derive_callback;

/// What the blank checklist shows in place of the deployment's `API_PUBLIC_URL`.
pub const API_PLACEHOLDER: &str = "{API_PUBLIC_URL}";

/// The whole checklist of one deployment (or the blank one of the catalog).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ChecklistView {
    /// The deployment's name; `None` for the blank checklist.
    pub deployment_name: Option<String>,
    /// The deployment's `API_PUBLIC_URL`; `None` for the blank checklist.
    pub api_public_url: Option<String>,
    /// The date the checklist was made (YYYY-MM-DD).
    pub date: String,
    /// The date the catalog as a whole was last checked.
    pub catalog_checked: String,
    pub platforms: Vec<PlatformChecklistView>,
}

/// One platform's checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PlatformChecklistView {
    pub platform: PlatformId,
    pub display_name: String,
    /// The callback URL SocialMine sends for this platform; with no deployment (or no
    /// `API_PUBLIC_URL`) the pattern `{API_PUBLIC_URL}/api/connect/<segment>/callback`.
    pub callback_url: String,
    /// Whether `callback_url` is the pattern rather than a real address.
    pub callback_is_pattern: bool,
    /// Whether the scopes are the deployment's custom scope string rather than the defaults.
    pub custom_scopes: bool,
    pub items: Vec<ChecklistItem>,
    #[ts(type = "number")]
    pub ticked: usize,
    #[ts(type = "number")]
    pub total: usize,
}

/// Whether an item is a console step or a scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ItemKind {
    Step,
    Scope,
}

/// The approvals an item needs from the provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, TS)]
#[ts(export)]
pub struct Needs {
    pub app_review: bool,
    pub advanced_access: bool,
    pub business_verification: bool,
    /// A product enabled on the app (LinkedIn, TikTok).
    pub product: bool,
    /// The provider's approval or audit of the app (TikTok).
    pub audit: bool,
    /// A paid access tier (X).
    pub paid_tier: bool,
}

impl Needs {
    /// The needs in words ("App Review, Advanced Access"), or `None` when none.
    pub fn words(&self) -> Option<String> {
        let parts: Vec<&str> = [
            (self.app_review, "App Review"),
            (self.advanced_access, "Advanced Access"),
            (self.business_verification, "Business Verification"),
            (self.product, "a product enabled on the app"),
            (self.audit, "the provider's approval of the app"),
            (self.paid_tier, "a paid access tier"),
        ]
        .into_iter()
        .filter_map(|(on, w)| on.then_some(w))
        .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }

    fn union(self, o: Needs) -> Needs {
        Needs {
            app_review: self.app_review || o.app_review,
            advanced_access: self.advanced_access || o.advanced_access,
            business_verification: self.business_verification || o.business_verification,
            product: self.product || o.product,
            audit: self.audit || o.audit,
            paid_tier: self.paid_tier || o.paid_tier,
        }
    }

    fn of_scope(s: &ScopeFacts) -> Needs {
        let note_says_bv = s.access_note.contains("Business Verification");
        let mut n = Needs {
            business_verification: note_says_bv,
            ..Needs::default()
        };
        match s.access {
            ScopeAccess::Standard => {}
            ScopeAccess::AppReview => n.app_review = true,
            ScopeAccess::AdvancedAccess => {
                n.app_review = true;
                n.advanced_access = true;
                n.business_verification = true;
            }
            ScopeAccess::Product => n.product = true,
            ScopeAccess::Audit => n.audit = true,
            ScopeAccess::PaidTier => n.paid_tier = true,
        }
        n
    }
}

/// Where a fact comes from and when it was checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FactSource {
    pub title: String,
    /// `None` when the source is not a web page (SocialMine's operator guide).
    pub url: Option<String>,
    /// YYYY-MM-DD
    pub checked: String,
}

/// One line of a checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ChecklistItem {
    /// What to pass back to save a tick or note.
    pub key: ItemKey,
    pub kind: ItemKind,
    /// 1-based position among the platform's steps (0 for scopes).
    #[ts(type = "number")]
    pub number: usize,
    /// The step's title or the scope's name.
    pub title: String,
    /// What it is for.
    pub purpose: String,
    /// What to do in the console (steps), or what it takes to get it (scopes).
    pub detail: String,
    /// The console setting or page where it is done or granted.
    pub console_setting: String,
    /// The console page.
    pub console_link: Option<String>,
    pub needs: Needs,
    /// Whether SocialMine needs this scope to post (false for steps).
    pub required: bool,
    /// Whether the scope is unknown to the catalog (a custom scope string).
    pub unknown: bool,
    pub source: FactSource,
    pub tick: Tick,
}

/// The scopes SocialMine requests for a platform of a deployment: its custom scope string
/// when one is set, else the catalog's defaults. The flag says which.
pub fn requested_scopes(
    facts: &PlatformFacts,
    deployment: Option<&Deployment>,
) -> (Vec<String>, bool) {
    let custom = deployment
        .and_then(|d| d.field_value(Some(facts.id), Field::Scope).ok().flatten())
        .map(|s| clean_value(&s))
        .filter(|s| !s.is_empty());
    match custom {
        Some(s) => {
            let mut out: Vec<String> = Vec::new();
            for t in s.split([',', ' ', '\t', '\n']).filter(|t| !t.is_empty()) {
                if !out.iter().any(|o| o == t) {
                    out.push(t.to_owned());
                }
            }
            (out, true)
        }
        None => (facts.default_scopes.clone(), false),
    }
}

/// The checklist of some platforms (all six when `platforms` is empty), with the
/// deployment's ticks and notes, or blank without a deployment.
pub fn checklist_view(
    catalog: &Catalog,
    deployment: Option<&Deployment>,
    platforms: &[PlatformId],
    date: Date,
) -> ChecklistView {
    let ids: Vec<PlatformId> = if platforms.is_empty() {
        PlatformId::ALL.to_vec()
    } else {
        PlatformId::ALL
            .into_iter()
            .filter(|p| platforms.contains(p))
            .collect()
    };
    let empty = ChecklistState::default();
    let state = deployment.map_or(&empty, |d| &d.checklist);
    ChecklistView {
        deployment_name: deployment.map(|d| {
            d.name
                .clone()
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| d.api_public_url.clone())
        }),
        api_public_url: deployment.map(|d| d.api_public_url.clone()),
        date: date.to_string(),
        catalog_checked: catalog.checked.clone(),
        platforms: ids
            .into_iter()
            .map(|id| platform_view(catalog, deployment, state, id))
            .collect(),
    }
}

fn platform_view(
    catalog: &Catalog,
    deployment: Option<&Deployment>,
    state: &ChecklistState,
    id: PlatformId,
) -> PlatformChecklistView {
    let facts = catalog.platform(id);
    let callback =
        deployment.and_then(|d| effective_callback(catalog, id, &FieldContext::of(d, id)));
    let callback_is_pattern = callback.is_none();
    let callback_url =
        callback.unwrap_or_else(|| derive_callback(API_PLACEHOLDER, &facts.callback_segment));
    let (scopes, custom_scopes) = requested_scopes(facts, deployment);
    let scope_step = facts
        .steps
        .iter()
        .find(|s| s.yields.contains(&Field::Scope));
    let scope_needs = scopes
        .iter()
        .filter_map(|s| facts.scope(s))
        .map(Needs::of_scope)
        .fold(Needs::default(), Needs::union);

    let mut items = Vec::new();
    for (i, step) in facts.steps.iter().enumerate() {
        let key = ItemKey::Step(step.title.clone());
        let is_scope_step = scope_step.is_some_and(|s| std::ptr::eq(s, step));
        items.push(ChecklistItem {
            tick: state.get(id, &key).cloned().unwrap_or_default(),
            key,
            kind: ItemKind::Step,
            number: i + 1,
            title: step.title.clone(),
            purpose: step.why.clone(),
            detail: step.action.clone(),
            console_setting: step.link_label.clone(),
            console_link: Some(step.link.clone()),
            needs: if is_scope_step {
                scope_needs
            } else {
                Needs::default()
            },
            required: false,
            unknown: false,
            source: source_of(catalog, facts, &step.source),
        });
    }
    for name in scopes {
        let key = ItemKey::Scope(name.clone());
        let tick = state.get(id, &key).cloned().unwrap_or_default();
        let item = match facts.scope(&name) {
            Some(s) => scope_item(catalog, facts, scope_step, s, key, tick),
            None => ChecklistItem {
                key,
                kind: ItemKind::Scope,
                number: 0,
                title: name.clone(),
                purpose: "Not in the assistant's catalog: it comes from this deployment's custom scope string. Check in the provider's documentation that it exists and what it needs.".to_owned(),
                detail: String::new(),
                console_setting: scope_step.map(step_setting).unwrap_or_default(),
                console_link: scope_step.map(|s| s.link.clone()),
                needs: Needs::default(),
                required: false,
                unknown: true,
                source: FactSource {
                    title: "This deployment's custom scope string".to_owned(),
                    url: None,
                    checked: facts.checked.clone(),
                },
                tick,
            },
        };
        items.push(item);
    }
    let ticked = items.iter().filter(|i| i.tick.ticked).count();
    PlatformChecklistView {
        platform: id,
        display_name: facts.display_name.clone(),
        callback_url,
        callback_is_pattern,
        custom_scopes,
        total: items.len(),
        ticked,
        items,
    }
}

fn step_setting(step: &ConsoleStep) -> String {
    format!("{} ({})", step.title, step.link_label)
}

fn scope_item(
    catalog: &Catalog,
    facts: &PlatformFacts,
    scope_step: Option<&ConsoleStep>,
    s: &ScopeFacts,
    key: ItemKey,
    tick: Tick,
) -> ChecklistItem {
    ChecklistItem {
        key,
        kind: ItemKind::Scope,
        number: 0,
        title: s.name.clone(),
        purpose: s.purpose.clone(),
        detail: s.access_note.clone(),
        console_setting: scope_step.map(step_setting).unwrap_or_default(),
        console_link: scope_step.map(|st| st.link.clone()),
        needs: Needs::of_scope(s),
        required: s.required,
        unknown: false,
        source: source_of(catalog, facts, &s.source),
        tick,
    }
}

fn source_of(catalog: &Catalog, facts: &PlatformFacts, id: &str) -> FactSource {
    match catalog.source(id) {
        Some(s) => FactSource {
            title: s.title.clone(),
            url: (!s.url.is_empty()).then(|| s.url.clone()),
            checked: s.checked.clone(),
        },
        None => FactSource {
            title: facts.source.clone(),
            url: None,
            checked: facts.checked.clone(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date() -> Date {
        "2026-12-02".parse().expect("date")
    }

    #[test]
    fn the_blank_checklist_lists_every_step_and_default_scope() {
        let c = Catalog::built_in();
        let v = checklist_view(&c, None, &[], date());
        assert_eq!(v.platforms.len(), 6);
        assert!(v.deployment_name.is_none());
        for p in &v.platforms {
            let facts = c.platform(p.platform);
            assert_eq!(p.total, facts.steps.len() + facts.default_scopes.len());
            assert_eq!(p.ticked, 0);
            assert!(p.callback_is_pattern);
            assert!(p.callback_url.starts_with("{API_PUBLIC_URL}/api/connect/"));
        }
        let fb = &v.platforms[0];
        let posts = fb
            .items
            .iter()
            .find(|i| i.title == "pages_manage_posts")
            .expect("scope");
        assert!(posts.needs.app_review && posts.needs.advanced_access);
        assert!(posts.needs.business_verification && posts.required);
        assert!(
            posts
                .source
                .url
                .as_deref()
                .is_some_and(|u| u.starts_with("https://"))
        );
        // Meta's dashboard grants permissions under Use cases (catalog of 2026-12-02).
        assert!(
            posts
                .console_setting
                .contains("Use cases → Customize → Permissions"),
            "{}",
            posts.console_setting
        );
    }

    #[test]
    fn a_deployment_brings_its_callback_custom_scopes_and_ticks() {
        let c = Catalog::built_in();
        let mut d = Deployment::new("https://api.acme.com");
        d.set_field(
            Some(PlatformId::Linkedin),
            Field::Scope,
            Some("openid profile w_member_social r_custom".into()),
        )
        .expect("set");
        d.checklist.set(
            PlatformId::Linkedin,
            &ItemKey::Scope("w_member_social".into()),
            true,
            Some("Share on LinkedIn is enabled".into()),
            None,
        );
        let v = checklist_view(&c, Some(&d), &[PlatformId::Linkedin], date());
        let li = &v.platforms[0];
        assert_eq!(
            li.callback_url,
            "https://api.acme.com/api/connect/linkedin/callback"
        );
        assert!(li.custom_scopes && !li.callback_is_pattern);
        assert_eq!(li.ticked, 1);
        let scopes: Vec<_> = li
            .items
            .iter()
            .filter(|i| i.kind == ItemKind::Scope)
            .map(|i| (i.title.as_str(), i.unknown))
            .collect();
        assert_eq!(
            scopes,
            [
                ("openid", false),
                ("profile", false),
                ("w_member_social", false),
                ("r_custom", true)
            ]
        );
    }
}
