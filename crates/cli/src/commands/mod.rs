//! One module per subcommand: its arguments and its `run`.

pub mod catalog;
pub mod check;
pub mod checklist;
pub mod platforms;
pub mod push;
pub mod report;
pub mod sandbox;
pub mod verify;
