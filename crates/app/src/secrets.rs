//! The window's actions on client secrets: typing one (or a value that looks like one, in a
//! field where it does not belong), removing a stored one on purpose, and copying one to the
//! clipboard. The secret never travels back to the window.

use std::sync::Arc;
use std::time::Duration;

use socialmine_core::{AppError, ErrorCode, Field, PlatformId, Secret};
use socialmine_store::DEFAULT_CLIPBOARD_CLEAR_SECONDS;

use crate::clipboard::CopyDone;
use crate::state::AppState;
use crate::view::DraftView;

impl AppState {
    /// Sets one field as typed. A client secret pasted into a field that is not secret is
    /// kept in memory, not in the draft (so not in its file), with a finding on the field
    /// ([`crate::workspace::Workspace::set_field_checked`]).
    pub fn set_field(
        &self,
        platform: Option<PlatformId>,
        field: Field,
        value: Secret,
    ) -> Result<DraftView, AppError> {
        let catalog = self.catalog.get();
        self.edit(|ws| ws.set_field_checked(&catalog.catalog, platform, field, value))
    }

    /// Removes the stored client secret of `platform` (the window asked the admin to confirm
    /// first). The keyring entry goes with the next save. An empty secret field never does
    /// this: it keeps the stored secret.
    pub fn remove_secret(&self, platform: PlatformId) -> Result<DraftView, AppError> {
        self.edit(|ws| {
            if ws.remove_secret(platform) {
                Ok(())
            } else {
                Err(no_secret())
            }
        })
    }

    /// Puts the stored client secret of `platform` on the clipboard, marked as sensitive, and
    /// clears it after the delay of the settings (30 s by default) if it is still there.
    pub async fn copy_secret(self: &Arc<Self>, platform: PlatformId) -> Result<CopyDone, AppError> {
        self.ready().await;
        let secret = self
            .workspace()
            .secrets
            .get(&platform)
            .cloned()
            .ok_or_else(no_secret)?;
        let clear_after = self
            .blocking(|app| {
                Ok(app
                    .persistence()
                    .map(|p| p.store.settings().clipboard_clear_after())
                    .unwrap_or(Duration::from_secs(DEFAULT_CLIPBOARD_CLEAR_SECONDS)))
            })
            .await?;
        self.copier().copy(secret, clear_after).await
    }
}

fn no_secret() -> AppError {
    AppError::new(
        ErrorCode::NoSecret,
        "No client secret is stored for this platform. Enter it in the platform's wizard first.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clipboard::MemoryClipboard;
    use crate::test_app::app as test_app;
    use socialmine_core::Code;
    use socialmine_store::{DeploymentId, SecretField};

    const SECRET: &str = "0123456789abcdef0123456789abcdef";

    fn draft_file(state: &AppState) -> String {
        let p = state.persistence().expect("store");
        let id = state.workspace().id.clone();
        std::fs::read_to_string(p.store.dirs().deployments_dir().join(format!("{id}.toml")))
            .expect("the draft file")
    }

    fn stored_secret(state: &AppState, platform: PlatformId) -> Option<String> {
        let p = state.persistence().expect("store");
        let id = DeploymentId::parse(&state.workspace().id).expect("id");
        p.store
            .get_secret(&id, SecretField::ClientSecret(platform))
            .expect("read")
            .map(|s| s.expose_str().to_owned())
    }

    #[test]
    fn removing_a_secret_is_explicit_and_an_empty_field_keeps_it() {
        let (state, _dir) = test_app();
        let fb = Some(PlatformId::Facebook);
        state
            .set_field(fb, Field::ClientSecret, Secret::from(SECRET))
            .unwrap();
        assert_eq!(
            stored_secret(&state, PlatformId::Facebook).as_deref(),
            Some(SECRET)
        );
        // Typing a character into "stored — type to replace" and deleting it again.
        state
            .set_field(fb, Field::ClientSecret, Secret::from("x"))
            .unwrap();
        let view = state
            .set_field(fb, Field::ClientSecret, Secret::from(""))
            .unwrap();
        assert!(view.secrets.contains(&PlatformId::Facebook));
        assert_eq!(
            stored_secret(&state, PlatformId::Facebook).as_deref(),
            Some(SECRET),
            "an empty field never deletes the stored secret"
        );

        let view = state.remove_secret(PlatformId::Facebook).unwrap();
        assert!(!view.secrets.contains(&PlatformId::Facebook));
        assert_eq!(stored_secret(&state, PlatformId::Facebook), None);
        let again = state.remove_secret(PlatformId::Facebook).unwrap_err();
        assert_eq!(again.code, "no_secret");
    }

    #[test]
    fn a_secret_pasted_into_a_field_that_is_not_secret_is_never_written_to_the_file() {
        let (state, _dir) = test_app();
        let fb = Some(PlatformId::Facebook);
        state
            .set_field(fb, Field::ClientId, Secret::from("1234567890123456"))
            .unwrap();
        // The App Secret pasted into the App ID field, by its shape.
        let view = state
            .set_field(fb, Field::ClientId, Secret::from(SECRET))
            .unwrap();
        let finding = view.report.platforms[&PlatformId::Facebook]
            .findings
            .iter()
            .find(|f| f.field == Field::ClientId)
            .expect("a finding on the client ID");
        assert_eq!(finding.code, Code::SecretInField);
        assert!(
            finding.fix.contains("Client secret field"),
            "{}",
            finding.fix
        );
        let file = draft_file(&state);
        assert!(!file.contains(SECRET), "{file}");
        assert!(
            file.contains("1234567890123456"),
            "the ID typed before stays: {file}"
        );
        assert_eq!(stored_secret(&state, PlatformId::Facebook), None);

        // A secret the app holds, pasted as the admin address (by equality).
        let x_secret = "zz-an-unusual-secret-9f8e7d6c5b4a";
        state
            .set_field(
                Some(PlatformId::Linkedin),
                Field::ClientSecret,
                Secret::from(x_secret),
            )
            .unwrap();
        let view = state
            .set_field(None, Field::AdminUrl, Secret::from(x_secret))
            .unwrap();
        assert!(
            view.report
                .deployment
                .findings
                .iter()
                .any(|f| f.field == Field::AdminUrl && f.code == Code::SecretInField)
        );
        assert!(!draft_file(&state).contains(x_secret));
        assert!(view.deployment.admin_url.is_none());

        // Typing the right value takes it, and the finding goes.
        let view = state
            .set_field(fb, Field::ClientId, Secret::from("1234567890123457"))
            .unwrap();
        assert!(
            !view.report.platforms[&PlatformId::Facebook]
                .findings
                .iter()
                .any(|f| f.code == Code::SecretInField)
        );
        assert!(draft_file(&state).contains("1234567890123457"));
    }

    #[tokio::test(start_paused = true)]
    async fn copying_a_secret_goes_through_rust_and_clears_after_the_setting() {
        let (state, _dir) = test_app();
        let state = Arc::new(state);
        let cb = Arc::new(MemoryClipboard::default());
        state.use_clipboard(cb.clone());
        let e = state.copy_secret(PlatformId::Facebook).await.unwrap_err();
        assert_eq!(e.code, "no_secret");

        state
            .set_field(
                Some(PlatformId::Facebook),
                Field::ClientSecret,
                Secret::from(SECRET),
            )
            .unwrap();
        state
            .persistence()
            .expect("store")
            .store
            .update_settings(|s| s.clipboard_clear_seconds = Some(5))
            .unwrap();
        let done = state.copy_secret(PlatformId::Facebook).await.unwrap();
        assert_eq!(done.cleared_after_seconds, 5);
        assert_eq!(cb.held().as_deref(), Some(SECRET));
        assert!(cb.marked_sensitive());
        tokio::time::sleep(Duration::from_secs(4)).await;
        assert_eq!(cb.held().as_deref(), Some(SECRET), "cleared before the 5 s");
        tokio::time::sleep(Duration::from_secs(2)).await;
        let copier = state.copier();
        for _ in 0..2000 {
            if copier.timers_done() >= 1 {
                break;
            }
            tokio::task::yield_now().await;
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(copier.timers_done(), 1);
        assert_eq!(cb.held(), None);
    }
}
