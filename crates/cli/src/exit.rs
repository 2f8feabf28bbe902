//! The exit statuses every subcommand uses.

use std::process::ExitCode;

/// How a subcommand ended, as its exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: everything checked or done is right.
    Ok,
    /// 1: it ran, and found or met problems (errors in the file, platforms not saved).
    Problems,
    /// 2: it could not run (unreadable file, unusable address, no credentials).
    Unusable,
}

impl Exit {
    pub const fn code(self) -> u8 {
        match self {
            Exit::Ok => 0,
            Exit::Problems => 1,
            Exit::Unusable => 2,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e.code())
    }
}
