//! The checklist as a printable, self-contained HTML page: per platform a table of console
//! steps and one of scopes, each row with a tick box, what the item is for, where in the
//! console it is done, the approvals it needs, the note, and the source with its date.

use std::fmt::Write as _;

use crate::report::escape::html;
use crate::report::items::{ChecklistItem, ChecklistView, ItemKind, PlatformChecklistView};
use crate::report::page::{page, tick_box};
use crate::report::scrub::Scrubber;

/// The checklist as an HTML document.
pub fn checklist_html(view: &ChecklistView, scrub: &Scrubber<'_>) -> String {
    let title = match &view.deployment_name {
        Some(n) => format!("Scope checklist: {}", scrub.clean(n)),
        None => "Scope checklist (blank)".to_owned(),
    };
    let mut b = String::new();
    let _ = writeln!(
        b,
        "<header>\n<h1>{}</h1>\n<dl class=\"meta\">",
        html(&title)
    );
    let _ = writeln!(b, "<dt>Date</dt><dd>{}</dd>", html(&view.date));
    match &view.api_public_url {
        Some(u) => {
            let _ = writeln!(
                b,
                "<dt>API_PUBLIC_URL</dt><dd><span class=\"url\">{}</span></dd>",
                html(&scrub.clean(u))
            );
        }
        None => {
            let _ = writeln!(
                b,
                "<dt>Deployment</dt><dd>None: a blank checklist of the assistant's catalog. <code>{{API_PUBLIC_URL}}</code> stands for your deployment's address.</dd>"
            );
        }
    }
    let _ = writeln!(
        b,
        "<dt>Catalog facts last checked</dt><dd>{}</dd>\n</dl>",
        html(&view.catalog_checked)
    );
    b.push_str("<p>Tick an item once you have seen it in the provider's console, and note who checked and what they saw.</p>\n</header>\n");
    for p in &view.platforms {
        platform(&mut b, p, scrub);
    }
    let _ = writeln!(
        b,
        "<footer>Made by the SocialMine Setup Assistant on {}. Facts come from the sources named on each line, checked on the date shown.</footer>",
        html(&view.date)
    );
    page(&title, &b)
}

fn platform(b: &mut String, p: &PlatformChecklistView, scrub: &Scrubber<'_>) {
    let _ = writeln!(
        b,
        "<section class=\"platform\" id=\"{}\">\n<h2>{}</h2>\n<dl class=\"meta\">",
        p.platform.as_str(),
        html(&p.display_name)
    );
    let hint = if p.callback_is_pattern {
        " <span class=\"small\">(replace <code>{API_PUBLIC_URL}</code> with your deployment's address)</span>"
    } else {
        ""
    };
    let _ = writeln!(
        b,
        "<dt>SocialMine callback URL</dt><dd><span class=\"url\">{}</span>{hint}</dd>",
        html(&scrub.clean(&p.callback_url))
    );
    let _ = writeln!(b, "<dt>Ticked</dt><dd>{} of {}</dd>", p.ticked, p.total);
    if p.custom_scopes {
        b.push_str("<dt>Scopes</dt><dd>This deployment's custom scope string (not SocialMine's defaults)</dd>\n");
    }
    b.push_str("</dl>\n");
    for (kind, heading) in [
        (ItemKind::Step, "Console steps"),
        (ItemKind::Scope, "Scopes SocialMine requests"),
    ] {
        let _ = writeln!(
            b,
            "<h3>{heading}</h3>\n<table class=\"checklist\">\n<thead><tr><th scope=\"col\">Done</th><th scope=\"col\">Item</th><th scope=\"col\">Needs</th><th scope=\"col\">Note (who checked, what they saw)</th></tr></thead>\n<tbody>"
        );
        for item in p.items.iter().filter(|i| i.kind == kind) {
            row(b, item, scrub);
        }
        b.push_str("</tbody>\n</table>\n");
    }
    b.push_str("</section>\n");
}

fn row(b: &mut String, item: &ChecklistItem, scrub: &Scrubber<'_>) {
    let title = match item.kind {
        ItemKind::Step => format!("{}. {}", item.number, html(&item.title)),
        ItemKind::Scope => format!("<code>{}</code>", html(&scrub.clean(&item.title))),
    };
    let flag = if item.required {
        " <span class=\"small\">(SocialMine needs it to post)</span>"
    } else if item.unknown {
        " <span class=\"small\">(not in the catalog)</span>"
    } else {
        ""
    };
    let _ = write!(
        b,
        "<tr><td class=\"box\">{}</td><td><strong>{title}</strong>{flag}<br>\n<span class=\"small\"><strong>For:</strong> {}</span>",
        tick_box(item.tick.ticked),
        html(&item.purpose)
    );
    if !item.detail.is_empty() {
        let label = match item.kind {
            ItemKind::Step => "What to do",
            ItemKind::Scope => "To get it",
        };
        let _ = write!(
            b,
            "<br>\n<span class=\"small\"><strong>{label}:</strong> {}</span>",
            html(&item.detail)
        );
    }
    if !item.console_setting.is_empty() {
        let label = match item.kind {
            ItemKind::Step => "Console",
            ItemKind::Scope => "Granted in",
        };
        let link = item
            .console_link
            .as_deref()
            .map(|l| format!(" at <span class=\"url\">{}</span>", html(l)))
            .unwrap_or_default();
        let _ = write!(
            b,
            "<br>\n<span class=\"small\"><strong>{label}:</strong> {}{link}</span>",
            html(&item.console_setting)
        );
    }
    let url = item
        .source
        .url
        .as_deref()
        .map(|u| format!(", <span class=\"url\">{}</span>", html(u)))
        .unwrap_or_default();
    let _ = write!(
        b,
        "<br>\n<span class=\"small\"><strong>Source:</strong> {}{url} (checked {})</span></td>",
        html(&item.source.title),
        html(&item.source.checked)
    );
    let needs = item
        .needs
        .words()
        .unwrap_or_else(|| "Nothing beyond the app itself".to_owned());
    let _ = write!(b, "<td class=\"small needs\">{}</td>", html(&needs));
    let note = item
        .tick
        .note
        .as_deref()
        .map(|n| format!("<span class=\"note\">{}</span>", html(&scrub.clean(n))))
        .unwrap_or_default();
    let when = item
        .tick
        .at
        .as_deref()
        .map(|a| {
            format!(
                "<br><span class=\"small\">Recorded {}</span>",
                html(&scrub.clean(a))
            )
        })
        .unwrap_or_default();
    let _ = writeln!(b, "<td class=\"notecell\">{note}{when}</td></tr>");
}
