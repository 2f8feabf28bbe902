//! `socialmine-setup report FILE [--format md|html]`
//!
//! Prints the handover report of a deployment file to standard output: for each platform the
//! values configured (secrets never shown: only where they are kept), the callback
//! registered, the open findings of the offline checks and whether the checklist is ticked.
//! It reads only the file: no display, no network, no keyring, so push records and
//! verification results are the window's ("Handover report" on Review and the fleet view).
//! Exit 0 when printed, 2 when the file cannot be read.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use socialmine_core::Date;
use socialmine_core::report::{HandoverInput, ReportFormat, render_handover};

use crate::commands::checklist::parse_format;
use crate::exit::Exit;
use crate::input::{load_catalog, parse_date, read_deployment_file};

const WHO: &str = "socialmine-setup report";

/// The arguments of `socialmine-setup report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The deployment file (TOML).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// `md` (Markdown) or `html` (a self-contained page to print, or save as PDF).
    #[arg(long, default_value = "md", value_parser = parse_format)]
    pub format: ReportFormat,
    /// The date printed on the report and used by the checks (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub today: Option<Date>,
    /// A provider catalog file to use instead of the installed one (its facts are printed as
    /// they are, without the project's signature).
    #[arg(long, value_name = "CATALOG")]
    pub catalog: Option<PathBuf>,
}

/// Runs `report`.
pub fn run(args: ReportArgs) -> ExitCode {
    let file = match read_deployment_file(&args.file) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{WHO}: {}: {}", args.file.display(), e.message);
            return Exit::Unusable.into();
        }
    };
    let catalog = match load_catalog(WHO, args.catalog.as_deref()) {
        Ok(in_use) => in_use.catalog,
        Err(e) => {
            eprintln!("{WHO}: {}", e.message);
            return Exit::Unusable.into();
        }
    };
    let today = args.today.unwrap_or_else(socialmine_app::clock::today_utc);
    let input = HandoverInput::offline(&catalog, &file.deployment, today);
    print!("{}", render_handover(&input, args.format));
    Exit::Ok.into()
}
