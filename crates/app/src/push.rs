//! Pushing the open draft to its SocialMine server: what counts as saved.

use socialmine_net::PushStatus;

/// Whether a push outcome means the server now holds the draft's values.
pub fn saved(status: PushStatus) -> bool {
    matches!(status, PushStatus::Saved | PushStatus::Unchanged)
}
