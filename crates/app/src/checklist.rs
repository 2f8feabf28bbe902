//! The scope checklists from the window (issue 12): the checklist of the open deployment as the
//! Checklists screen shows it, ticking an item or noting it (one state with the wizard's scope
//! step: the deployment's `[checklist]`, saved through the draft's autosave), and exporting
//! one platform or all as Markdown or a printable HTML page to the Downloads folder.
//! Nothing here needs the network.

use serde::Serialize;
use socialmine_core::report::{
    ChecklistView, ItemKey, ReportFormat, checklist_view, render_checklist, suggested_file_name,
};
use socialmine_core::{AppError, Date, ErrorCode, PlatformId, Secret};
use ts_rs::TS;

use crate::deployments::{export_folder, write_export};
use crate::state::AppState;
use crate::view::DraftView;
use crate::workspace::Workspace;

/// Where a checklist or handover report was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ReportDone {
    pub format: ReportFormat,
    /// The full path of the file written.
    pub path: String,
    /// One sentence for people: what is in it, and what to do with it.
    pub summary: String,
}

/// The file name stem for a report (`checklist-acme-production`), without date or extension
/// (the export adds both).
pub(crate) fn report_stem(
    kind: &str,
    name: Option<&str>,
    date: Date,
    format: ReportFormat,
) -> String {
    let full = suggested_file_name(kind, name, date, format);
    let tail = format!("-{date}.{}", format.extension());
    full.strip_suffix(&tail).unwrap_or(&full).to_owned()
}

/// The name a report is titled with: the deployment's name, else its API_PUBLIC_URL.
pub(crate) fn display_name(ws: &Workspace) -> String {
    ws.deployment
        .name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| ws.deployment.api_public_url.clone())
}

/// Checks that `item` is on the platform's checklist (a step of the guide, a scope the
/// deployment requests or one the catalog knows), so nothing else lands in the file.
fn check_item(
    app: &AppState,
    ws: &Workspace,
    platform: PlatformId,
    item: &ItemKey,
) -> Result<(), AppError> {
    let in_use = app.catalog.get();
    let facts = in_use.catalog.platform(platform);
    let known = match item {
        ItemKey::Step(title) => facts.steps.iter().any(|s| &s.title == title),
        ItemKey::Scope(name) => {
            facts.scope(name).is_some()
                || socialmine_core::report::items::requested_scopes(facts, Some(&ws.deployment))
                    .0
                    .iter()
                    .any(|s| s == name)
        }
    };
    if known {
        Ok(())
    } else {
        let what = match item {
            ItemKey::Step(t) => format!("the step \"{}\"", t.chars().take(80).collect::<String>()),
            ItemKey::Scope(s) => {
                format!("the scope \"{}\"", s.chars().take(80).collect::<String>())
            }
        };
        Err(AppError::new(
            ErrorCode::ChecklistItemUnknown,
            format!(
                "{what} is not on the {} checklist (the catalog may have changed). Open the Checklists screen again to see the current items.",
                facts.display_name
            ),
        ))
    }
}

impl AppState {
    /// The open deployment's checklist of some platforms (all when `platforms` is empty), with
    /// its ticks and notes.
    pub fn checklist(&self, platforms: &[PlatformId]) -> Result<ChecklistView, AppError> {
        crate::bounds::platforms("platforms", platforms)?;
        let ws = self.workspace();
        Ok(checklist_view(
            &self.catalog.get().catalog,
            Some(&ws.deployment),
            platforms,
            self.clock.today(),
        ))
    }

    /// Ticks or unticks an item and sets its note (blank removes it), dated today; saved with
    /// the deployment like any other edit. The wizard's scope step and the Checklists screen
    /// both call this.
    pub fn set_checklist_item(
        &self,
        platform: PlatformId,
        item: ItemKey,
        ticked: bool,
        note: Option<String>,
    ) -> Result<DraftView, AppError> {
        crate::bounds::checklist_item(&item, note.as_deref())?;
        let at = Some(self.clock.today().to_string());
        self.edit(|ws| {
            check_item(self, ws, platform, &item)?;
            ws.deployment
                .checklist
                .set(platform, &item, ticked, note, at);
            Ok(())
        })
    }

    /// Writes the open deployment's checklist of some platforms (all when empty) to the
    /// Downloads folder (never replacing a file).
    pub fn export_checklist(
        &self,
        platforms: &[PlatformId],
        format: ReportFormat,
    ) -> Result<ReportDone, AppError> {
        crate::bounds::platforms("platforms", platforms)?;
        let p = self.persist()?;
        let date = self.clock.today();
        let (text, name) = {
            let ws = self.workspace();
            let secrets: Vec<Secret> = ws.secrets.values().cloned().collect();
            let text = render_checklist(
                &self.catalog.get().catalog,
                Some(&ws.deployment),
                platforms,
                date,
                format,
                &secrets,
            );
            (text, display_name(&ws))
        };
        let mut stem = report_stem("checklist", Some(&name), date, format);
        if let [one] = platforms {
            stem.push('-');
            stem.push_str(one.as_str());
        }
        let path = write_export(
            &export_folder(p),
            &stem,
            date,
            format.extension(),
            text.as_bytes(),
        )?;
        let what = match platforms {
            [one] => format!(
                "The {} checklist",
                self.catalog.get().catalog.platform(*one).display_name
            ),
            _ => "The checklists of every platform".to_owned(),
        };
        Ok(ReportDone {
            format,
            path: path.display().to_string(),
            summary: format!("{what}, with each tick and note. {}", open_hint(format)),
        })
    }
}

/// What to do with an exported report.
pub(crate) fn open_hint(format: ReportFormat) -> &'static str {
    match format {
        ReportFormat::Html => {
            "Open it in a browser and print it (or save it as PDF from the print dialog)."
        }
        ReportFormat::Markdown => "Open it in any text editor, or paste it into a ticket or wiki.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_app::app;
    use socialmine_core::report::ItemKind;

    #[test]
    fn a_tick_and_note_are_saved_with_the_deployment_and_survive_a_reload() {
        let (state, root) = app();
        let scope = ItemKey::Scope("pages_manage_posts".into());
        let view = state
            .set_checklist_item(
                PlatformId::Facebook,
                scope.clone(),
                true,
                Some("Ann saw Advanced Access".into()),
            )
            .unwrap();
        assert!(view.save.saved, "{:?}", view.save);
        // The wizard's scope step reads the same state from the draft.
        assert_eq!(
            view.deployment
                .checklist
                .ticked_scopes(PlatformId::Facebook),
            ["pages_manage_posts"]
        );

        // What a restart loads: the deployment file.
        let p = state.persist().unwrap();
        let id = state.workspace().id.clone();
        let reloaded = p
            .load(&socialmine_store::DeploymentId::parse(&id).unwrap())
            .unwrap();
        let tick = reloaded
            .deployment
            .checklist
            .get(PlatformId::Facebook, &scope)
            .cloned()
            .unwrap();
        assert!(tick.ticked);
        assert_eq!(tick.note.as_deref(), Some("Ann saw Advanced Access"));
        assert_eq!(tick.at, Some(state.clock.today().to_string()));

        let v = state.checklist(&[PlatformId::Facebook]).unwrap();
        let item = v.platforms[0]
            .items
            .iter()
            .find(|i| i.key == scope)
            .unwrap();
        assert!(item.tick.ticked && item.kind == ItemKind::Scope);
        assert_eq!(v.platforms[0].ticked, 1);
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn an_item_not_on_the_checklist_is_refused_with_a_way_forward() {
        let (state, root) = app();
        let e = state
            .set_checklist_item(
                PlatformId::Facebook,
                ItemKey::Step("No such step".into()),
                true,
                None,
            )
            .unwrap_err();
        assert_eq!(e.code, "checklist_item_unknown");
        assert!(e.message.contains("Checklists screen"), "{}", e.message);
        assert!(state.workspace().deployment.checklist.is_empty());
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn exports_carry_the_tick_and_note_and_never_a_secret() {
        let (state, root) = app();
        let secret = "0123456789abcdef0123456789abcdef";
        state
            .edit(|ws| {
                ws.set_field(
                    Some(PlatformId::Facebook),
                    socialmine_core::Field::ClientSecret,
                    secret.into(),
                )
            })
            .unwrap();
        let step = state
            .catalog
            .get()
            .catalog
            .platform(PlatformId::Facebook)
            .steps[0]
            .title
            .clone();
        // A secret pasted into a note by mistake never reaches the export.
        state
            .set_checklist_item(
                PlatformId::Facebook,
                ItemKey::Step(step.clone()),
                true,
                Some(format!("Checked by Bo <b>, secret {secret}")),
            )
            .unwrap();
        let md = state
            .export_checklist(&[PlatformId::Facebook], ReportFormat::Markdown)
            .unwrap();
        let html = state.export_checklist(&[], ReportFormat::Html).unwrap();
        assert!(
            md.path.ends_with(".md") && md.path.contains("-facebook-"),
            "{}",
            md.path
        );
        assert!(html.path.ends_with(".html"), "{}", html.path);
        assert!(md.path.starts_with(root.join("exports").to_str().unwrap()));
        let md_text = std::fs::read_to_string(&md.path).unwrap();
        let html_text = std::fs::read_to_string(&html.path).unwrap();
        for text in [&md_text, &html_text] {
            assert!(text.contains(&step), "{text}");
            assert!(text.contains("Checked by Bo"), "{text}");
            assert!(!text.contains(secret) && !text.contains(&secret[20..]));
        }
        assert!(html_text.contains("&lt;b&gt;"), "the note is escaped");
        assert!(html_text.contains("LinkedIn"), "all platforms");
        assert!(!md_text.contains("LinkedIn"), "one platform");
        // A second export never replaces the first.
        let again = state
            .export_checklist(&[PlatformId::Facebook], ReportFormat::Markdown)
            .unwrap();
        assert_ne!(again.path, md.path);
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn stems_drop_the_date_the_export_adds() {
        let d: Date = "2026-12-02".parse().unwrap();
        assert_eq!(
            report_stem("handover", Some("Acme / Prod"), d, ReportFormat::Html),
            "handover-acme-prod"
        );
        assert_eq!(
            report_stem("checklist", None, d, ReportFormat::Markdown),
            "checklist"
        );
    }
}
