//! Tauri commands: each a few lines over `socialmine-app`. Commands that touch files, the
//! keyring or the network are `async` and run blocking work off the main thread
//! (`AppState::blocking`); draft edits are synchronous (they run in order, in memory) and
//! leave the writing to the autosave.

use std::sync::Arc;

use socialmine_app::state::AppState;

mod catalog;
mod catalog_status;
mod checklist;
mod deployments;
mod draft;
mod push;
mod secrets;
mod verify;

pub use catalog::*;
pub use catalog_status::*;
pub use checklist::*;
pub use deployments::*;
pub use draft::*;
pub use push::*;
pub use secrets::*;
pub use verify::*;

/// The app's state as commands receive it.
pub type App<'a> = tauri::State<'a, Arc<AppState>>;
