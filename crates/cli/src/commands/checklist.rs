//! `socialmine-setup checklist [PLATFORM|all] [--deployment FILE] [--format md|html]`
//!
//! Prints a scope checklist to standard output: every console step of the guide and every
//! scope SocialMine requests, with what it is for, where it is granted, what approval it
//! needs and the source of each fact. Without a deployment, the blank checklist of the
//! catalog; with one, its callback URLs, ticks and notes. No display, no network. Exit 0 when
//! printed, 2 when the deployment file cannot be read or an argument is wrong.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use socialmine_core::Date;
use socialmine_core::report::{ReportFormat, parse_platforms, render_checklist};

use crate::exit::Exit;
use crate::input::{load_catalog, parse_date, read_deployment_file};

const WHO: &str = "socialmine-setup checklist";

/// The arguments of `socialmine-setup checklist`.
#[derive(Debug, Args)]
pub struct ChecklistArgs {
    /// The platform (facebook, instagram, linkedin, twitter, tiktok, threads; several
    /// separated by commas) or `all`.
    #[arg(value_name = "PLATFORM|all", default_value = "all")]
    pub platform: String,
    /// A deployment file (TOML): its callback URLs, ticks and notes fill the checklist.
    #[arg(long, value_name = "FILE")]
    pub deployment: Option<PathBuf>,
    /// `md` (Markdown) or `html` (a self-contained page to print, or save as PDF).
    #[arg(long, default_value = "md", value_parser = parse_format)]
    pub format: ReportFormat,
    /// The date printed on the checklist (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub today: Option<Date>,
    /// A provider catalog file to use instead of the installed one (its facts are printed as
    /// they are, without the project's signature).
    #[arg(long, value_name = "CATALOG")]
    pub catalog: Option<PathBuf>,
}

/// `--format md|html`.
pub fn parse_format(s: &str) -> Result<ReportFormat, socialmine_core::report::UnknownFormat> {
    s.parse()
}

/// Runs `checklist`.
pub fn run(args: ChecklistArgs) -> ExitCode {
    let platforms = match parse_platforms(Some(&args.platform)) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{WHO}: {e}, or all.");
            return Exit::Unusable.into();
        }
    };
    let file = match args
        .deployment
        .as_deref()
        .map(read_deployment_file)
        .transpose()
    {
        Ok(f) => f,
        Err(e) => {
            let shown = args
                .deployment
                .as_deref()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            eprintln!("{WHO}: {shown}: {}", e.message);
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
    let deployment = file.as_ref().map(|f| &f.deployment);
    print!(
        "{}",
        render_checklist(&catalog, deployment, &platforms, today, args.format, &[])
    );
    Exit::Ok.into()
}
