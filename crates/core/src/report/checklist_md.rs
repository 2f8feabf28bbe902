//! The checklist as Markdown: a GitHub-style task list per platform, one entry per console
//! step and per scope, with its purpose, console setting, approvals, tick, note and source.

use std::fmt::Write as _;

use crate::report::escape::{md, md_code};
use crate::report::items::{ChecklistItem, ChecklistView, ItemKind, PlatformChecklistView};
use crate::report::scrub::Scrubber;

/// The checklist as a Markdown document.
pub fn checklist_markdown(view: &ChecklistView, scrub: &Scrubber<'_>) -> String {
    let mut out = String::new();
    let title = match &view.deployment_name {
        Some(n) => format!("Scope checklist: {}", md(&scrub.clean(n))),
        None => "Scope checklist (blank)".to_owned(),
    };
    let _ = writeln!(out, "# {title}\n");
    let _ = writeln!(out, "- Date: {}", md(&view.date));
    match &view.api_public_url {
        Some(u) => {
            let _ = writeln!(out, "- API\\_PUBLIC\\_URL: {}", value_code(&scrub.clean(u)));
        }
        None => {
            let _ = writeln!(
                out,
                "- Deployment: none (a blank checklist of the assistant's catalog; {} stands for your API\\_PUBLIC\\_URL)",
                md_code(crate::report::items::API_PLACEHOLDER)
            );
        }
    }
    let _ = writeln!(
        out,
        "- Catalog facts last checked: {}\n",
        md(&view.catalog_checked)
    );
    out.push_str(
        "Tick an item once you have seen it in the provider's console, and note who checked and what they saw.\n",
    );
    for p in &view.platforms {
        platform(&mut out, p, scrub);
    }
    out
}

fn value_code(s: &str) -> String {
    if s.is_empty() {
        "(empty)".to_owned()
    } else {
        md_code(s)
    }
}

fn platform(out: &mut String, p: &PlatformChecklistView, scrub: &Scrubber<'_>) {
    let _ = writeln!(out, "\n## {}\n", md(&p.display_name));
    let pattern = if p.callback_is_pattern {
        " (replace `{API_PUBLIC_URL}` with your deployment's address)"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "- SocialMine callback URL: {}{}",
        md_code(&scrub.clean(&p.callback_url)),
        pattern
    );
    let _ = writeln!(out, "- Ticked: {} of {}", p.ticked, p.total);
    if p.custom_scopes {
        out.push_str(
            "- Scopes: this deployment's custom scope string (not SocialMine's defaults)\n",
        );
    }
    let _ = writeln!(out, "\n### Console steps\n");
    for item in p.items.iter().filter(|i| i.kind == ItemKind::Step) {
        entry(out, item, scrub);
    }
    let _ = writeln!(out, "\n### Scopes SocialMine requests\n");
    for item in p.items.iter().filter(|i| i.kind == ItemKind::Scope) {
        entry(out, item, scrub);
    }
}

fn entry(out: &mut String, item: &ChecklistItem, scrub: &Scrubber<'_>) {
    let mark = if item.tick.ticked { "x" } else { " " };
    let heading = match item.kind {
        ItemKind::Step => format!("**{}. {}**", item.number, md(&item.title)),
        ItemKind::Scope => {
            let name = md_code(&scrub.clean(&item.title));
            let why = if item.required {
                " (SocialMine needs it to post)"
            } else if item.unknown {
                " (not in the catalog)"
            } else {
                ""
            };
            format!("**{name}**{why}")
        }
    };
    let _ = writeln!(out, "- [{mark}] {heading}");
    let _ = writeln!(out, "  - For: {}", md(&item.purpose));
    if !item.detail.is_empty() {
        let label = match item.kind {
            ItemKind::Step => "What to do",
            ItemKind::Scope => "To get it",
        };
        let _ = writeln!(out, "  - {label}: {}", md(&item.detail));
    }
    if !item.console_setting.is_empty() {
        let link = item
            .console_link
            .as_deref()
            .map(|l| format!(" at {}", md_code(l)))
            .unwrap_or_default();
        let label = match item.kind {
            ItemKind::Step => "Console",
            ItemKind::Scope => "Granted in",
        };
        let _ = writeln!(out, "  - {label}: {}{link}", md(&item.console_setting));
    }
    let needs = item
        .needs
        .words()
        .unwrap_or_else(|| "nothing beyond the app itself".to_owned());
    let _ = writeln!(out, "  - Needs: {}", md(&needs));
    let note = item
        .tick
        .note
        .as_deref()
        .map(|n| md(&scrub.clean(n)))
        .unwrap_or_else(|| "(none)".to_owned());
    let when = item
        .tick
        .at
        .as_deref()
        .map(|a| format!(" (recorded {})", md(&scrub.clean(a))))
        .unwrap_or_default();
    let _ = writeln!(out, "  - Note: {note}{when}");
    let url = item
        .source
        .url
        .as_deref()
        .map(|u| format!(", {}", md_code(u)))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "  - Source: {}{url} (checked {})",
        md(&item.source.title),
        md(&item.source.checked)
    );
}
