//! Copying a client secret to the clipboard, from Rust (issue 13 item 5): the secret never goes
//! to the webview. The copy is marked as sensitive for clipboard managers and history
//! (`x-kde-passwordManagerHint: secret` on Linux, `org.nspasteboard.ConcealedType` on macOS,
//! the exclusion formats on Windows), and is cleared after a delay (30 s unless the settings
//! say otherwise) if the clipboard still holds it: something the admin copied since is left
//! alone.
//!
//! The clipboard is used from a thread of its own (it stays the owner of the X selection for
//! as long as the app runs); every call from the app runs on tokio's blocking pool, and the
//! clearing waits with tokio's timer, so tests drive it with a paused clock and a test double
//! of [`ClipboardBackend`].

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use serde::Serialize;
use socialmine_core::{AppError, ErrorCode, Secret};
use ts_rs::TS;

/// What the window shows after a copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CopyDone {
    /// The clipboard is cleared after this many seconds if it still holds the secret.
    pub cleared_after_seconds: u32,
}

/// A clipboard. Every method blocks (call it off the async runtime's threads).
pub trait ClipboardBackend: Send + Sync {
    /// Puts `text` on the clipboard, marked as sensitive (kept out of clipboard history).
    fn set_sensitive(&self, text: &Secret) -> Result<(), String>;
    /// The clipboard's text, if it holds text.
    fn text(&self) -> Option<Secret>;
    /// Empties the clipboard.
    fn clear(&self) -> Result<(), String>;
}

/// Copies secrets and clears them again.
pub struct SecretCopier {
    backend: Arc<dyn ClipboardBackend>,
    /// Bumped by every copy: a timer clears only its own copy, not a newer one.
    copies: AtomicU64,
    /// How many timers have looked at the clipboard (tests wait on it).
    timers_done: AtomicU64,
}

impl SecretCopier {
    pub fn new(backend: Arc<dyn ClipboardBackend>) -> SecretCopier {
        SecretCopier {
            backend,
            copies: AtomicU64::new(0),
            timers_done: AtomicU64::new(0),
        }
    }

    /// The system clipboard (opened on first use).
    pub fn system() -> SecretCopier {
        SecretCopier::new(Arc::new(SystemClipboard::default()))
    }

    /// Puts `secret` on the clipboard and clears it after `clear_after` if it is still there.
    /// Must run inside a tokio runtime.
    pub async fn copy(
        self: &Arc<Self>,
        secret: Secret,
        clear_after: Duration,
    ) -> Result<CopyDone, AppError> {
        let backend = self.backend.clone();
        let value = secret.clone();
        tokio::task::spawn_blocking(move || backend.set_sensitive(&value))
            .await
            .map_err(|e| unavailable(&e.to_string()))?
            .map_err(|e| unavailable(&e))?;
        let copy = self.copies.fetch_add(1, Ordering::SeqCst) + 1;
        let me = self.clone();
        tokio::spawn(async move {
            tokio::time::sleep(clear_after).await;
            let _ = tokio::task::spawn_blocking(move || {
                me.clear_if_unchanged(copy, &secret);
                me.timers_done.fetch_add(1, Ordering::SeqCst);
            })
            .await;
        });
        Ok(CopyDone {
            cleared_after_seconds: u32::try_from(clear_after.as_secs()).unwrap_or(u32::MAX),
        })
    }

    /// How many clearing timers have run to the end (tests wait on it).
    pub fn timers_done(&self) -> u64 {
        self.timers_done.load(Ordering::SeqCst)
    }

    /// Clears the clipboard if it still holds `secret` from copy number `copy`. Returns
    /// whether it was cleared.
    fn clear_if_unchanged(&self, copy: u64, secret: &Secret) -> bool {
        if self.copies.load(Ordering::SeqCst) != copy {
            // A newer copy's own timer decides.
            return false;
        }
        let holds = self
            .backend
            .text()
            .is_some_and(|t| t.expose_str() == secret.expose_str());
        if !holds {
            return false;
        }
        match self.backend.clear() {
            Ok(()) => true,
            Err(e) => {
                tracing::warn!("the copied secret could not be cleared from the clipboard: {e}");
                false
            }
        }
    }
}

fn unavailable(detail: &str) -> AppError {
    AppError::new(
        ErrorCode::ClipboardUnavailable,
        format!(
            "The secret could not be put on the clipboard ({detail}). Copy it from the provider's console instead, or try again."
        ),
    )
}

enum Job {
    Set(Secret, mpsc::Sender<Result<(), String>>),
    Get(mpsc::Sender<Option<Secret>>),
    Clear(mpsc::Sender<Result<(), String>>),
}

/// The OS clipboard (arboard), used from one thread of its own.
#[derive(Default)]
pub struct SystemClipboard {
    jobs: Mutex<Option<mpsc::Sender<Job>>>,
}

impl SystemClipboard {
    /// Sends `job` to the clipboard thread, starting it when needed (again after it failed).
    fn send(&self, job: impl Fn() -> Job) -> Result<(), String> {
        let mut jobs = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(tx) = jobs.as_ref()
            && tx.send(job()).is_ok()
        {
            return Ok(());
        }
        let tx = start_thread()?;
        tx.send(job())
            .map_err(|_| "the clipboard stopped answering".to_owned())?;
        *jobs = Some(tx);
        Ok(())
    }
}

fn start_thread() -> Result<mpsc::Sender<Job>, String> {
    let (tx, rx) = mpsc::channel::<Job>();
    let (ready_tx, ready_rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("clipboard".into())
        .spawn(move || {
            let mut cb = match arboard::Clipboard::new() {
                Ok(cb) => {
                    let _ = ready_tx.send(Ok(()));
                    cb
                }
                Err(e) => {
                    let _ = ready_tx.send(Err(e.to_string()));
                    return;
                }
            };
            for job in rx {
                match job {
                    Job::Set(s, done) => {
                        let _ = done.send(set_sensitive(&mut cb, &s).map_err(|e| e.to_string()));
                    }
                    Job::Get(done) => {
                        let _ = done.send(cb.get_text().ok().map(Secret::new));
                    }
                    Job::Clear(done) => {
                        let _ = done.send(cb.clear().map_err(|e| e.to_string()));
                    }
                }
            }
        })
        .map_err(|e| e.to_string())?;
    ready_rx
        .recv()
        .map_err(|_| "the clipboard could not be opened".to_owned())??;
    Ok(tx)
}

/// Sets the text with the platform's mark for "do not keep this in a clipboard history".
fn set_sensitive(cb: &mut arboard::Clipboard, secret: &Secret) -> Result<(), arboard::Error> {
    let set = cb.set();
    #[cfg(all(
        unix,
        not(any(target_os = "macos", target_os = "android", target_os = "emscripten"))
    ))]
    let set = {
        use arboard::SetExtLinux;
        set.exclude_from_history()
    };
    #[cfg(target_os = "macos")]
    let set = {
        use arboard::SetExtApple;
        set.exclude_from_history()
    };
    #[cfg(windows)]
    let set = {
        use arboard::SetExtWindows;
        set.exclude_from_monitoring()
    };
    set.text(secret.expose_str())
}

impl ClipboardBackend for SystemClipboard {
    fn set_sensitive(&self, text: &Secret) -> Result<(), String> {
        let (tx, rx) = mpsc::channel();
        self.send(|| Job::Set(text.clone(), tx.clone()))?;
        rx.recv()
            .map_err(|_| "the clipboard stopped answering".to_owned())?
    }

    fn text(&self) -> Option<Secret> {
        let (tx, rx) = mpsc::channel();
        self.send(|| Job::Get(tx.clone())).ok()?;
        rx.recv().ok().flatten()
    }

    fn clear(&self) -> Result<(), String> {
        let (tx, rx) = mpsc::channel();
        self.send(|| Job::Clear(tx.clone()))?;
        rx.recv()
            .map_err(|_| "the clipboard stopped answering".to_owned())?
    }
}

/// A clipboard in memory (tests): what was set, and whether it was marked sensitive.
#[derive(Default)]
pub struct MemoryClipboard {
    state: Mutex<(Option<Secret>, bool)>,
    /// When set, every operation fails with this (a clipboard that cannot be opened).
    pub fail: Option<String>,
}

impl MemoryClipboard {
    /// What the clipboard holds, as a user pasting would get it.
    pub fn held(&self) -> Option<String> {
        let s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.0.as_ref().map(|v| v.expose_str().to_owned())
    }

    /// Whether the last copy was marked sensitive.
    pub fn marked_sensitive(&self) -> bool {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).1
    }

    /// Something else was copied (by the admin, another app).
    pub fn copy_plain(&self, text: &str) {
        *self.state.lock().unwrap_or_else(|e| e.into_inner()) = (Some(Secret::from(text)), false);
    }
}

impl ClipboardBackend for MemoryClipboard {
    fn set_sensitive(&self, text: &Secret) -> Result<(), String> {
        if let Some(e) = &self.fail {
            return Err(e.clone());
        }
        *self.state.lock().unwrap_or_else(|e| e.into_inner()) = (Some(text.clone()), true);
        Ok(())
    }

    fn text(&self) -> Option<Secret> {
        self.state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .0
            .clone()
    }

    fn clear(&self) -> Result<(), String> {
        *self.state.lock().unwrap_or_else(|e| e.into_inner()) = (None, false);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "0123456789abcdef0123456789abcdef";

    fn copier() -> (Arc<MemoryClipboard>, Arc<SecretCopier>) {
        let cb = Arc::new(MemoryClipboard::default());
        (cb.clone(), Arc::new(SecretCopier::new(cb)))
    }

    /// Waits (in real time, at most 10 s) until `n` clearing timers have run: the clearing
    /// itself runs on the blocking pool, outside the paused clock.
    async fn timers_done(copier: &SecretCopier, n: u64) {
        for _ in 0..2000 {
            if copier.timers_done() >= n {
                return;
            }
            tokio::task::yield_now().await;
            std::thread::sleep(Duration::from_millis(5));
        }
        panic!("{} of {n} timers ran", copier.timers_done());
    }

    #[tokio::test(start_paused = true)]
    async fn a_copied_secret_is_marked_sensitive_and_cleared_after_the_delay() {
        let (cb, copier) = copier();
        let done = copier
            .copy(Secret::from(SECRET), Duration::from_secs(30))
            .await
            .unwrap();
        assert_eq!(done.cleared_after_seconds, 30);
        assert_eq!(cb.held().as_deref(), Some(SECRET));
        assert!(cb.marked_sensitive());
        tokio::time::sleep(Duration::from_secs(29)).await;
        assert_eq!(copier.timers_done(), 0, "the timer ran early");
        assert_eq!(cb.held().as_deref(), Some(SECRET), "cleared too early");
        tokio::time::sleep(Duration::from_secs(2)).await;
        timers_done(&copier, 1).await;
        assert_eq!(cb.held(), None);
    }

    #[tokio::test(start_paused = true)]
    async fn something_copied_since_is_left_alone() {
        let (cb, copier) = copier();
        copier
            .copy(Secret::from(SECRET), Duration::from_secs(30))
            .await
            .unwrap();
        cb.copy_plain("the admin copied this");
        tokio::time::sleep(Duration::from_secs(31)).await;
        timers_done(&copier, 1).await;
        assert_eq!(cb.held().as_deref(), Some("the admin copied this"));
    }

    #[tokio::test(start_paused = true)]
    async fn a_second_copy_gets_its_own_full_delay() {
        let (cb, copier) = copier();
        copier
            .copy(Secret::from(SECRET), Duration::from_secs(30))
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_secs(20)).await;
        copier
            .copy(Secret::from(SECRET), Duration::from_secs(30))
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_secs(15)).await;
        timers_done(&copier, 1).await;
        assert_eq!(
            cb.held().as_deref(),
            Some(SECRET),
            "the first timer cleared the second copy"
        );
        tokio::time::sleep(Duration::from_secs(20)).await;
        timers_done(&copier, 2).await;
        assert_eq!(cb.held(), None);
    }

    #[tokio::test]
    async fn a_clipboard_that_cannot_be_used_is_a_plain_error_without_the_secret() {
        let cb = Arc::new(MemoryClipboard {
            fail: Some("no display".into()),
            ..MemoryClipboard::default()
        });
        let copier = Arc::new(SecretCopier::new(cb));
        let e = copier
            .copy(Secret::from(SECRET), Duration::from_secs(30))
            .await
            .unwrap_err();
        assert_eq!(e.code, "clipboard_unavailable");
        assert!(e.message.contains("no display"), "{}", e.message);
        assert!(!e.message.contains(SECRET));
    }
}
