//! The self-contained HTML page every report is printed in: one inline style sheet made for
//! paper (A4 and Letter alike), no fonts, scripts or images, and a Content-Security-Policy
//! that forbids the browser from fetching anything even if a value slipped through.

use crate::report::escape::html;

/// Inline CSS. Black on white, meaning carried by words and shapes (boxes, bold, borders),
/// never by colour alone. Page margins fit both A4 (210 mm) and Letter (8.5 in) paper.
const STYLE: &str = r#"
@page { margin: 16mm 14mm 18mm 14mm; }
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; font-size: 11pt; line-height: 1.4; color: #000; background: #fff; }
body { margin: 0 auto; padding: 1.5rem; max-width: 60rem; }
h1 { font-size: 1.6rem; margin: 0 0 .4rem; }
h2 { font-size: 1.3rem; margin: 1.6rem 0 .4rem; border-bottom: 2px solid #000; padding-bottom: .2rem; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 1.05rem; margin: 1.1rem 0 .3rem; break-after: avoid; page-break-after: avoid; }
p { margin: .3rem 0; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .5rem 0 1rem; }
dl.meta dt { font-weight: bold; }
dl.meta dd { margin: 0; }
code, .url, .value { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: .92em; overflow-wrap: anywhere; word-break: break-word; }
table { width: 100%; border-collapse: collapse; margin: .4rem 0 1rem; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #000; padding: .3rem .4rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { font-weight: bold; background: #fff; }
td.box { width: 2.4rem; text-align: center; }
table.checklist td.needs { width: 16%; }
table.checklist td.notecell { width: 30%; height: 3.5em; }
.tick { display: inline-block; width: 1.2rem; height: 1.2rem; border: 1.5px solid #000; font-weight: bold; line-height: 1.1rem; text-align: center; }
.small { font-size: .88em; }
.note { white-space: pre-wrap; font-style: italic; }
.pre { white-space: pre-wrap; }
.status { font-weight: bold; text-transform: uppercase; letter-spacing: .03em; }
section.platform { break-inside: auto; }
section.platform + section.platform { break-before: page; page-break-before: always; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
footer { margin-top: 2rem; border-top: 1px solid #000; padding-top: .4rem; font-size: .85em; }
@media print {
  body { padding: 0; max-width: none; }
  a { color: #000; text-decoration: none; }
}
"#;

/// A whole HTML document with `title` and the given body markup (already escaped).
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"generator\" content=\"SocialMine Setup Assistant\">\n\
<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        html(title)
    )
}

/// A tick box that prints as a box (with an X when ticked) and reads as words.
pub fn tick_box(ticked: bool) -> &'static str {
    if ticked {
        "<span class=\"tick\" aria-hidden=\"true\">X</span><span class=\"sr\">ticked</span>"
    } else {
        "<span class=\"tick\" aria-hidden=\"true\"></span><span class=\"sr\">not ticked</span>"
    }
}
