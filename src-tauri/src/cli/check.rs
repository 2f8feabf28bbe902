//! `socialmine-setup check FILE [--format text|json] [--today YYYY-MM-DD]`
//!
//! Runs every offline check on a deployment file: no display, no network. Exit status 0 when
//! no finding is an error, 1 when at least one is, 2 when the file cannot be read or parsed.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use socialmine_core::{
    Catalog, Date, Deployment, Finding, PlatformId, Report, Severity, check_deployment,
};

/// The arguments of `socialmine-setup check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The deployment file (TOML) to check.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// How to print the result: `text` for people, `json` for scripts.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// The date Graph API version expiry is judged by (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub today: Option<Date>,
    /// Platforms whose client secret is kept in the system keyring rather than in FILE, so
    /// that a secret missing from the file is not reported for them (comma-separated ids).
    #[arg(long, value_name = "PLATFORMS", value_delimiter = ',')]
    pub secret_stored: Vec<PlatformId>,
    /// A provider catalog file to use instead of the built-in one when it is newer (same
    /// schema; for example one downloaded after Meta released a new Graph API version).
    #[arg(long, value_name = "CATALOG")]
    pub catalog: Option<PathBuf>,
}

/// Output format of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
}

fn parse_date(s: &str) -> Result<Date, socialmine_core::BadDate> {
    s.parse()
}

const EXIT_OK: u8 = 0;
const EXIT_ERRORS: u8 = 1;
const EXIT_UNREADABLE: u8 = 2;

pub(super) fn run(args: CheckArgs) -> ExitCode {
    let shown = args.file.display().to_string();
    let text = match std::fs::read(&args.file) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => {
                return unreadable(
                    args.format,
                    &shown,
                    "not_utf8",
                    "the file is not UTF-8 text. Save it as UTF-8 (any text editor can) and run the check again.".to_owned(),
                    None,
                    None,
                );
            }
        },
        Err(e) => {
            let why = match e.kind() {
                std::io::ErrorKind::NotFound => {
                    "there is no such file. Check the path, or create the file".to_owned()
                }
                std::io::ErrorKind::PermissionDenied => {
                    "you do not have permission to read it".to_owned()
                }
                _ => format!("it could not be read ({e})"),
            };
            return unreadable(
                args.format,
                &shown,
                "file_unreadable",
                format!("{why}."),
                None,
                None,
            );
        }
    };
    let deployment = match Deployment::parse(&text) {
        Ok(d) => d,
        Err(e) => {
            return unreadable(
                args.format,
                &shown,
                "file_invalid",
                e.to_string(),
                e.line,
                e.key.clone(),
            );
        }
    };
    let today = args.today.unwrap_or_else(crate::clock::today_utc);
    let catalog = match &args.catalog {
        None => Catalog::built_in(),
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => {
                let (catalog, problem) = Catalog::newest(Some(&text));
                if let Some(e) = problem {
                    eprintln!(
                        "socialmine-setup check: the catalog {} was ignored ({e}); using the built-in catalog of {}.",
                        path.display(),
                        catalog.checked
                    );
                } else if catalog.checked == Catalog::built_in_ref().checked {
                    eprintln!(
                        "socialmine-setup check: the catalog {} is not newer than the built-in one ({}); using the built-in one.",
                        path.display(),
                        catalog.checked
                    );
                }
                catalog
            }
            Err(e) => {
                return unreadable(
                    args.format,
                    &path.display().to_string(),
                    "catalog_unreadable",
                    format!(
                        "the catalog file could not be read ({e}). Check the path given to --catalog."
                    ),
                    None,
                    None,
                );
            }
        },
    };
    let mut stored: BTreeSet<PlatformId> = args.secret_stored.iter().copied().collect();
    // Client secrets the app keeps in the OS keyring for this deployment count as present.
    stored.extend(secrets_in_keyring(&args.file, &deployment));
    let report = check_deployment(&catalog, today, &deployment, &stored);
    match args.format {
        OutputFormat::Json => match serde_json::to_string_pretty(&report) {
            Ok(json) => println!("{json}"),
            Err(e) => {
                eprintln!("socialmine-setup: could not write the report as JSON: {e}");
                return ExitCode::from(EXIT_UNREADABLE);
            }
        },
        OutputFormat::Text => print!(
            "{}",
            render_text(&catalog, &deployment, &report, today, &shown)
        ),
    }
    ExitCode::from(if report.has_errors() {
        EXIT_ERRORS
    } else {
        EXIT_OK
    })
}

fn unreadable(
    format: OutputFormat,
    file: &str,
    code: &str,
    message: String,
    line: Option<usize>,
    key: Option<String>,
) -> ExitCode {
    eprintln!("socialmine-setup check: {file}: {message}");
    if format == OutputFormat::Json {
        let body = serde_json::json!({
            "error": { "code": code, "message": message, "file": file, "line": line, "key": key }
        });
        println!("{body}");
    }
    ExitCode::from(EXIT_UNREADABLE)
}

fn label(s: Severity) -> &'static str {
    match s {
        Severity::Error => "ERROR  ",
        Severity::Warning => "WARNING",
        Severity::Info => "NOTE   ",
    }
}

fn indent(text: &str, prefix: &str) -> String {
    text.lines()
        .map(|l| format!("{prefix}{}", l.trim_start()))
        .collect::<Vec<_>>()
        .join("\n")
}

fn render_findings(out: &mut String, findings: &[Finding]) {
    for f in findings {
        out.push_str(&format!(
            "  {} {} [{}]\n",
            label(f.severity),
            f.field,
            f.code
        ));
        out.push_str(&indent(&f.message, "      "));
        out.push('\n');
        out.push_str(&indent(&format!("Fix: {}", f.fix), "      "));
        out.push('\n');
    }
}

fn worst(findings: &[Finding]) -> Option<Severity> {
    findings.iter().map(|f| f.severity).max()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The report for people: the deployment first, then each platform (the worst first), each
/// finding with its fix.
pub fn render_text(
    catalog: &Catalog,
    deployment: &Deployment,
    report: &Report,
    today: Date,
    file: &str,
) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "Checked {file}: {deployment} (dates judged as of {today})\n\n"
    ));

    out.push_str("Deployment\n");
    if report.deployment.findings.is_empty() {
        out.push_str("  OK      API_PUBLIC_URL looks right.\n");
    } else {
        render_findings(&mut out, &report.deployment.findings);
    }

    let mut platforms: Vec<(PlatformId, &socialmine_core::PlatformReport)> =
        report.platforms.iter().map(|(id, p)| (*id, p)).collect();
    let order = |id: PlatformId| PlatformId::ALL.iter().position(|p| *p == id).unwrap_or(0);
    platforms.sort_by_key(|(id, p)| {
        let errors = p
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        (
            std::cmp::Reverse(worst(&p.findings)),
            std::cmp::Reverse(errors),
            order(*id),
        )
    });
    for (id, p) in &platforms {
        let facts = catalog.platform(*id);
        out.push('\n');
        out.push_str(&format!("{} ({id})\n", facts.display_name));
        match &p.callback_url {
            Some(cb) => out.push_str(&format!("  Callback URL SocialMine sends: {cb}\n")),
            None => out.push_str("  Callback URL: unknown until API_PUBLIC_URL is set\n"),
        }
        let blank = deployment.platform(*id).is_none_or(|c| c.is_blank());
        if blank && p.findings.is_empty() {
            out.push_str("  Nothing entered yet.\n");
        } else if p.findings.is_empty() {
            out.push_str("  OK      no problems found.\n");
        } else {
            render_findings(&mut out, &p.findings);
        }
    }
    let not_started: Vec<&str> = PlatformId::ALL
        .iter()
        .filter(|id| !report.platforms.contains_key(id))
        .map(|id| catalog.platform(*id).display_name.as_str())
        .collect();
    if !not_started.is_empty() {
        out.push_str(&format!(
            "\nNot in this file (not set up yet): {}\n",
            not_started.join(", ")
        ));
    }

    let (e, w, i) = (
        report.count(Severity::Error),
        report.count(Severity::Warning),
        report.count(Severity::Info),
    );
    out.push_str(&format!(
        "\n{}, {}, {}. ",
        plural(e, "error", "errors"),
        plural(w, "warning", "warnings"),
        plural(i, "note", "notes")
    ));
    out.push_str(if e > 0 {
        "Fix the errors before pushing: SocialMine or the provider would refuse these values.\n"
    } else if w > 0 {
        "No errors; read the warnings before pushing.\n"
    } else {
        "Everything checked looks right.\n"
    });
    out
}

/// The platforms whose client secret the app keeps in the OS keyring for the deployment this
/// file stands for (see `Persistence::find`); none when there is no keyring or no such deployment.
fn secrets_in_keyring(file: &std::path::Path, deployment: &Deployment) -> Vec<PlatformId> {
    let Ok(persist) = crate::persist::Persistence::open() else {
        return Vec::new();
    };
    let Some(id) = persist.find(file, deployment) else {
        return Vec::new();
    };
    persist
        .store
        .secrets_present(&id)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|f| match f {
            socialmine_store::SecretField::ClientSecret(p) => Some(p),
            _ => None,
        })
        .collect()
}
