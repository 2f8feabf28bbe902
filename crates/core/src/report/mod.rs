//! Offline scope checklists and handover reports (issue 12). Pure: values in, text out.
//!
//! - [`state`]: the ticks and notes saved with a deployment ([`ChecklistState`], the
//!   deployment file's `[checklist]`), shared by the Checklists screen and the wizard.
//! - [`items`]: the checklist as shown ([`checklist_view`]): every console step and every
//!   scope SocialMine requests, with purpose, console setting, approvals, source and date.
//! - [`handover`]: the handover report's input ([`HandoverInput`]) and its lines.
//! - Renderers: Markdown and a self-contained printable HTML page for each
//!   ([`render_checklist`], [`render_handover`]).
//! - [`scrub`]: keeps secrets (and pieces of them) out of every report.

pub mod checklist_html;
pub mod checklist_md;
pub mod escape;
pub mod handover;
pub mod handover_html;
pub mod handover_md;
pub mod items;
pub mod page;
pub mod scrub;
pub mod state;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::Catalog;
use crate::date::Date;
use crate::deployment::Deployment;
use crate::platform::PlatformId;
use crate::secret::Secret;

pub use handover::{
    HandoverInput, HandoverView, PushRecord, SecretInfo, VerificationResult, VerificationStatus,
    handover_view,
};
pub use items::{
    ChecklistItem, ChecklistView, FactSource, ItemKind, Needs, PlatformChecklistView,
    checklist_view,
};
pub use scrub::Scrubber;
pub use state::{ChecklistState, ItemKey, PlatformChecklist, Tick};

/// The format of an exported report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum ReportFormat {
    /// Markdown (`.md`).
    #[serde(rename = "md")]
    Markdown,
    /// A self-contained HTML page that prints on A4 and Letter (`.html`).
    #[serde(rename = "html")]
    Html,
}

impl ReportFormat {
    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Markdown => "md",
            ReportFormat::Html => "html",
        }
    }
}

/// A format name that is neither `md` nor `html`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown report format '{0}': use md (Markdown) or html (a page to print)")]
pub struct UnknownFormat(pub String);

impl FromStr for ReportFormat {
    type Err = UnknownFormat;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "md" | "markdown" => Ok(ReportFormat::Markdown),
            "html" | "htm" => Ok(ReportFormat::Html),
            _ => Err(UnknownFormat(s.chars().take(40).collect())),
        }
    }
}

impl fmt::Display for ReportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

/// The platforms a command-line argument names: `all` (or nothing) for all six, else one id
/// or several separated by commas (`facebook,threads`).
pub fn parse_platforms(arg: Option<&str>) -> Result<Vec<PlatformId>, crate::UnknownPlatform> {
    match arg.map(str::trim) {
        None | Some("") => Ok(PlatformId::ALL.to_vec()),
        Some(a) if a.eq_ignore_ascii_case("all") => Ok(PlatformId::ALL.to_vec()),
        Some(a) => {
            let mut out = Vec::new();
            for part in a.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                let id: PlatformId = part.to_ascii_lowercase().parse()?;
                if !out.contains(&id) {
                    out.push(id);
                }
            }
            Ok(out)
        }
    }
}

/// The checklist of some platforms (all when `platforms` is empty) in a format: with the
/// deployment's ticks and notes, or the blank checklist of the catalog without one.
/// `known_secrets` are secrets to keep out of it (the keyring's), besides the file's own.
pub fn render_checklist(
    catalog: &Catalog,
    deployment: Option<&Deployment>,
    platforms: &[PlatformId],
    date: Date,
    format: ReportFormat,
    known_secrets: &[Secret],
) -> String {
    let view = checklist_view(catalog, deployment, platforms, date);
    let scrub = Scrubber::new(catalog, deployment, known_secrets);
    match format {
        ReportFormat::Markdown => checklist_md::checklist_markdown(&view, &scrub),
        ReportFormat::Html => checklist_html::checklist_html(&view, &scrub),
    }
}

/// The handover report of a deployment in a format.
pub fn render_handover(input: &HandoverInput<'_>, format: ReportFormat) -> String {
    let view = handover_view(input);
    match format {
        ReportFormat::Markdown => handover_md::handover_markdown(&view),
        ReportFormat::Html => handover_html::handover_html(&view),
    }
}

/// A file name to offer when saving a report: `checklist-acme-production-2026-12-02.html`.
/// `kind` is `checklist` or `handover`; the name is reduced to lowercase letters, digits
/// and dashes.
pub fn suggested_file_name(
    kind: &str,
    deployment_name: Option<&str>,
    date: Date,
    format: ReportFormat,
) -> String {
    let mut slug = String::new();
    for c in deployment_name
        .unwrap_or("")
        .chars()
        .flat_map(char::to_lowercase)
    {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
        if slug.len() >= 40 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    let kind: String = kind.chars().filter(char::is_ascii_alphanumeric).collect();
    if slug.is_empty() {
        format!("{kind}-{date}.{}", format.extension())
    } else {
        format!("{kind}-{slug}-{date}.{}", format.extension())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platform_arguments() {
        assert_eq!(parse_platforms(None).map(|v| v.len()), Ok(6));
        assert_eq!(parse_platforms(Some("ALL")).map(|v| v.len()), Ok(6));
        assert_eq!(
            parse_platforms(Some("threads, Facebook,threads")),
            Ok(vec![PlatformId::Threads, PlatformId::Facebook])
        );
        let e = parse_platforms(Some("x")).expect_err("x is spelled twitter");
        assert!(e.to_string().contains("twitter"));
    }

    #[test]
    fn formats_parse_and_name_files() {
        assert_eq!("md".parse(), Ok(ReportFormat::Markdown));
        assert_eq!("HTML".parse(), Ok(ReportFormat::Html));
        assert!("pdf".parse::<ReportFormat>().is_err());
        let d: Date = "2026-12-02".parse().expect("date");
        assert_eq!(
            suggested_file_name(
                "checklist",
                Some("Acme / Production!"),
                d,
                ReportFormat::Html
            ),
            "checklist-acme-production-2026-12-02.html"
        );
        assert_eq!(
            suggested_file_name("handover", None, d, ReportFormat::Markdown),
            "handover-2026-12-02.md"
        );
    }
}
