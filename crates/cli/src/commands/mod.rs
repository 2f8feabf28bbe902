//! One module per subcommand: its arguments and its `run`.

pub mod catalog;
pub mod check;
pub mod platforms;
pub mod push;
pub mod sandbox;
