//! One module per subcommand: its arguments and its `run`.

pub mod check;
pub mod platforms;
pub mod push;
pub mod sandbox;
pub mod verify;
