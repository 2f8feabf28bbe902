//! `socialmine-setup check FILE [--format text|json] [--today YYYY-MM-DD]`
//!
//! Runs every offline check on a deployment file: no display, no network, and nothing
//! created, moved or deleted (the keyring is only read, and only for a deployment the app knows). Exit status 0 when
//! no finding is an error, 1 when at least one is, 2 when the file cannot be read or parsed.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use socialmine_app::known::{CLI_KEYRING_WAIT, KnownDeployment};
use socialmine_core::{
    Catalog, Date, Deployment, Finding, PlatformId, Report, Severity, check_deployment,
};

use socialmine_store::CatalogStatus;

use crate::exit::Exit;
use crate::input::{FileError, load_catalog, parse_date, read_deployment_file};

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
    /// A provider catalog file without the project's signature to use instead of the built-in
    /// one (same schema). The report then says "unofficial provider facts". Signed updates are
    /// installed with `socialmine-setup catalog update` instead.
    #[arg(long, value_name = "CATALOG")]
    pub catalog: Option<PathBuf>,
}

/// Output format of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
}

/// Runs `check`: reads the file, and the keyring only for a deployment the app knows.
pub fn run(args: CheckArgs) -> ExitCode {
    let file = match read_deployment_file(&args.file) {
        Ok(f) => f,
        Err(e) => return unreadable(args.format, &args.file.display().to_string(), e),
    };
    let (deployment, shown) = (&file.deployment, &file.shown);
    let today = args.today.unwrap_or_else(socialmine_app::clock::today_utc);
    let in_use = match load_catalog("socialmine-setup check", args.catalog.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            let catalog_path = args.catalog.as_deref().map(|p| p.display().to_string());
            return unreadable(args.format, &catalog_path.unwrap_or_default(), e);
        }
    };
    let catalog = &in_use.catalog;
    let status = in_use.status(today);
    let mut stored: BTreeSet<PlatformId> = args.secret_stored.iter().copied().collect();
    // Client secrets the app keeps in the OS keyring for this deployment count as present.
    stored.extend(secrets_in_keyring(&file.path, deployment));
    let report = check_deployment(catalog, today, deployment, &stored);
    match args.format {
        OutputFormat::Json => match serde_json::to_string_pretty(&report) {
            Ok(json) => {
                println!("{json}");
                // The JSON keeps its documented shape; the notice goes to stderr.
                if let Some(n) = &status.stale {
                    eprintln!(
                        "socialmine-setup check: {}: {} {}",
                        n.code, n.message, n.fix
                    );
                }
            }
            Err(e) => {
                eprintln!("socialmine-setup: could not write the report as JSON: {e}");
                return Exit::Unusable.into();
            }
        },
        OutputFormat::Text => {
            print!(
                "{}",
                render_text(catalog, deployment, &report, today, shown)
            );
            print!("{}", render_catalog_notice(&status));
        }
    }
    if report.has_errors() {
        Exit::Problems.into()
    } else {
        Exit::Ok.into()
    }
}

/// What the report says about the provider facts it was judged by: always when they are
/// unofficial or older than 45 days (with the way to update), otherwise nothing.
pub fn render_catalog_notice(status: &CatalogStatus) -> String {
    if status.stale.is_none() && status.unofficial_banner.is_none() {
        return String::new();
    }
    let mut out = String::from("\nProvider facts\n");
    for line in status.lines() {
        out.push_str(&indent(&line, "  "));
        out.push('\n');
    }
    out
}

fn unreadable(format: OutputFormat, file: &str, e: FileError) -> ExitCode {
    eprintln!("socialmine-setup check: {file}: {}", e.message);
    if format == OutputFormat::Json {
        let body = serde_json::json!({
            "error": { "code": e.code, "message": e.message, "file": file, "line": e.line, "key": e.key }
        });
        println!("{body}");
    }
    Exit::Unusable.into()
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
/// file stands for; none when the app knows no such deployment. The keyring is asked only
/// then, for a few seconds at most; when it cannot answer, stderr says so.
fn secrets_in_keyring(file: &std::path::Path, deployment: &Deployment) -> Vec<PlatformId> {
    let Some(known) = KnownDeployment::find(file, deployment) else {
        return Vec::new();
    };
    match known.client_secrets_stored(CLI_KEYRING_WAIT) {
        Ok(found) => found,
        Err(why) => {
            eprintln!(
                "socialmine-setup check: this file is the app's deployment {}, but the keyring could not \
                 say which client secrets it keeps ({why}). A secret missing from the file is reported as \
                 missing; name the platforms whose secret is stored with --secret-stored to skip that.",
                known.id
            );
            Vec::new()
        }
    }
}
