//! The handover report as Markdown.

use std::fmt::Write as _;

use crate::report::escape::{md, md_code};
use crate::report::handover::{FindingLine, HandoverView, PlatformHandover, VerificationLine};

/// The handover report as a Markdown document.
pub fn handover_markdown(v: &HandoverView) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Handover report: {}\n", md(&v.name));
    let _ = writeln!(out, "- Date: {}", md(&v.date));
    let _ = writeln!(out, "- API\\_PUBLIC\\_URL: {}", code_or(&v.api_public_url));
    let _ = writeln!(out, "- Admin API: {}", code_or(&v.admin_url));
    let _ = writeln!(
        out,
        "- Catalog facts last checked: {}",
        md(&v.catalog_checked)
    );
    let _ = writeln!(
        out,
        "- Secrets: never shown in this report; it only says where each one is kept.\n"
    );
    if !v.deployment_findings.is_empty() || !v.deployment_verification.is_empty() {
        let _ = writeln!(out, "## The deployment as a whole\n");
        let _ = writeln!(out, "### Open findings\n");
        findings(&mut out, &v.deployment_findings);
        let _ = writeln!(out, "### Last verification\n");
        verification(&mut out, &v.deployment_verification);
    }
    for p in &v.platforms {
        platform(&mut out, p);
    }
    if !v.not_set_up.is_empty() {
        let _ = writeln!(out, "\n## Not set up\n\n{}", md(&v.not_set_up.join(", ")));
    }
    out
}

fn code_or(s: &str) -> String {
    if s.trim().is_empty() {
        "(not set)".to_owned()
    } else {
        md_code(s)
    }
}

fn platform(out: &mut String, p: &PlatformHandover) {
    let _ = writeln!(out, "\n## {}\n", md(&p.display_name));
    let _ = writeln!(out, "- Switched on: {}", md(&p.switched_on));
    let _ = writeln!(out, "- Pushed: {}", md(&p.pushed));
    let _ = writeln!(out, "- Checklist: {}\n", md(&p.checklist));
    let _ = writeln!(out, "### Configured values\n");
    out.push_str("| Setting | Value |\n|---|---|\n");
    for v in &p.values {
        // In a table cell a pipe ends the cell, even inside a code span.
        let value = if v.literal {
            md_code(&v.value).replace('|', "\\|")
        } else {
            md(&v.value)
        };
        let _ = writeln!(out, "| {} | {value} |", md(&v.label));
    }
    let _ = writeln!(out, "\n### Callback\n");
    let _ = writeln!(
        out,
        "- SocialMine sends: {}",
        p.callback_sent
            .as_deref()
            .map_or_else(|| "(unknown)".to_owned(), md_code)
    );
    let _ = writeln!(
        out,
        "- Registered in the console: {}",
        p.callback_registered
            .as_deref()
            .map_or_else(|| "(not recorded)".to_owned(), md_code)
    );
    let _ = writeln!(out, "- {}\n", md(&p.callback_state));
    let _ = writeln!(out, "### Open findings\n");
    findings(out, &p.findings);
    let _ = writeln!(out, "### Last verification\n");
    verification(out, &p.verification);
}

fn findings(out: &mut String, list: &[FindingLine]) {
    if list.is_empty() {
        out.push_str("None.\n\n");
        return;
    }
    for f in list {
        let _ = writeln!(
            out,
            "- **{}** ({}): {} Fix: {}",
            f.severity,
            md_code(&f.field),
            md(&f.message),
            md(&f.fix)
        );
    }
    out.push('\n');
}

fn verification(out: &mut String, list: &[VerificationLine]) {
    if list.is_empty() {
        out.push_str("Not verified yet.\n\n");
        return;
    }
    out.push_str("| Check | Result | Code | Message | When |\n|---|---|---|---|---|\n");
    for v in list {
        let code = if v.code.is_empty() {
            String::new()
        } else {
            md_code(&v.code).replace('|', "\\|")
        };
        let _ = writeln!(
            out,
            "| {} | **{}** | {} | {} | {} |",
            md(&v.check),
            v.status.words(),
            code,
            md(&v.message),
            md(&v.at)
        );
    }
}
