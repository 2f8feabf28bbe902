//! The handover report as a printable, self-contained HTML page.

use std::fmt::Write as _;

use crate::report::escape::html;
use crate::report::handover::{FindingLine, HandoverView, PlatformHandover, VerificationLine};
use crate::report::page::page;

/// The handover report as an HTML document.
pub fn handover_html(v: &HandoverView) -> String {
    let title = format!("Handover report: {}", v.name);
    let mut b = String::new();
    let _ = writeln!(
        b,
        "<header>\n<h1>{}</h1>\n<dl class=\"meta\">",
        html(&title)
    );
    let _ = writeln!(b, "<dt>Date</dt><dd>{}</dd>", html(&v.date));
    let _ = writeln!(
        b,
        "<dt>API_PUBLIC_URL</dt><dd>{}</dd>",
        url_or(&v.api_public_url)
    );
    let _ = writeln!(b, "<dt>Admin API</dt><dd>{}</dd>", url_or(&v.admin_url));
    let _ = writeln!(
        b,
        "<dt>Catalog facts last checked</dt><dd>{}</dd>",
        html(&v.catalog_checked)
    );
    b.push_str("<dt>Secrets</dt><dd>Never shown in this report; it only says where each one is kept.</dd>\n</dl>\n</header>\n");
    if !v.deployment_findings.is_empty() || !v.deployment_verification.is_empty() {
        b.push_str("<section>\n<h2>The deployment as a whole</h2>\n<h3>Open findings</h3>\n");
        findings(&mut b, &v.deployment_findings);
        b.push_str("<h3>Last verification</h3>\n");
        verification(&mut b, &v.deployment_verification);
        b.push_str("</section>\n");
    }
    for p in &v.platforms {
        platform(&mut b, p);
    }
    if !v.not_set_up.is_empty() {
        let _ = writeln!(
            b,
            "<section>\n<h2>Not set up</h2>\n<p>{}</p>\n</section>",
            html(&v.not_set_up.join(", "))
        );
    }
    let _ = writeln!(
        b,
        "<footer>Made by the SocialMine Setup Assistant on {}.</footer>",
        html(&v.date)
    );
    page(&title, &b)
}

fn url_or(s: &str) -> String {
    if s.trim().is_empty() {
        "(not set)".to_owned()
    } else {
        format!("<span class=\"url\">{}</span>", html(s))
    }
}

fn platform(b: &mut String, p: &PlatformHandover) {
    let _ = writeln!(
        b,
        "<section class=\"platform\" id=\"{}\">\n<h2>{}</h2>\n<dl class=\"meta\">",
        p.platform.as_str(),
        html(&p.display_name)
    );
    let _ = writeln!(b, "<dt>Switched on</dt><dd>{}</dd>", html(&p.switched_on));
    let _ = writeln!(b, "<dt>Pushed</dt><dd>{}</dd>", html(&p.pushed));
    let _ = writeln!(
        b,
        "<dt>Checklist</dt><dd>{}</dd>\n</dl>",
        html(&p.checklist)
    );
    b.push_str("<h3>Configured values</h3>\n<table>\n<thead><tr><th scope=\"col\">Setting</th><th scope=\"col\">Value</th></tr></thead>\n<tbody>\n");
    for v in &p.values {
        let value = if v.literal {
            format!("<span class=\"value\">{}</span>", html(&v.value))
        } else {
            html(&v.value)
        };
        let _ = writeln!(
            b,
            "<tr><th scope=\"row\">{}</th><td>{value}</td></tr>",
            html(&v.label)
        );
    }
    b.push_str("</tbody>\n</table>\n<h3>Callback</h3>\n<dl class=\"meta\">\n");
    let _ = writeln!(
        b,
        "<dt>SocialMine sends</dt><dd>{}</dd>",
        p.callback_sent
            .as_deref()
            .map_or_else(|| "(unknown)".to_owned(), url_or)
    );
    let _ = writeln!(
        b,
        "<dt>Registered in the console</dt><dd>{}</dd>",
        p.callback_registered
            .as_deref()
            .map_or_else(|| "(not recorded)".to_owned(), url_or)
    );
    let _ = writeln!(
        b,
        "<dt>Result</dt><dd>{}</dd>\n</dl>",
        html(&p.callback_state)
    );
    b.push_str("<h3>Open findings</h3>\n");
    findings(b, &p.findings);
    b.push_str("<h3>Last verification</h3>\n");
    verification(b, &p.verification);
    b.push_str("</section>\n");
}

fn findings(b: &mut String, list: &[FindingLine]) {
    if list.is_empty() {
        b.push_str("<p>None.</p>\n");
        return;
    }
    b.push_str("<ul>\n");
    for f in list {
        let _ = writeln!(
            b,
            "<li><span class=\"status\">{}</span> (<code>{}</code>): <span class=\"pre\">{}</span> <strong>Fix:</strong> {}</li>",
            f.severity,
            html(&f.field),
            html(&f.message),
            html(&f.fix)
        );
    }
    b.push_str("</ul>\n");
}

fn verification(b: &mut String, list: &[VerificationLine]) {
    if list.is_empty() {
        b.push_str("<p>Not verified yet.</p>\n");
        return;
    }
    b.push_str("<table>\n<thead><tr><th scope=\"col\">Check</th><th scope=\"col\">Result</th><th scope=\"col\">Code</th><th scope=\"col\">Message</th><th scope=\"col\">When</th></tr></thead>\n<tbody>\n");
    for v in list {
        let code = if v.code.is_empty() {
            String::new()
        } else {
            format!("<code>{}</code>", html(&v.code))
        };
        let _ = writeln!(
            b,
            "<tr><td>{}</td><td><span class=\"status\">{}</span></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            html(&v.check),
            v.status.words(),
            code,
            html(&v.message),
            html(&v.at)
        );
    }
    b.push_str("</tbody>\n</table>\n");
}
