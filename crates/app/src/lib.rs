//! The application layer of the SocialMine Setup Assistant, with no window in it: the open
//! deployment and its draft ([`workspace`]), keeping it ([`persist`]), what the window shows
//! ([`view`]), the fleet view's ranking ([`fleet`]), managing deployments ([`deployments`]),
//! the app's state over store, net and sandbox ([`state`]), the window's Checklists
//! screen, checklist exports and handover report ([`checklist`], [`handover`]), the window's
//! actions on client secrets ([`secrets`]) and copying one to the clipboard ([`clipboard`]). `src-tauri` and the CLI call
//! this crate; it is tested with plain `cargo test`.

pub mod autosave;
pub mod catalog;
pub mod checklist;
pub mod checks;
pub mod clipboard;
pub mod clock;
pub mod deployments;
pub mod error;
pub mod fleet;
pub mod handover;
pub mod known;
pub mod persist;
pub mod push;
pub mod secrets;
pub mod state;
pub mod verify;
pub mod view;
pub mod workspace;

#[cfg(test)]
mod test_app;
