//! Autosave: edits mark the draft dirty; it is saved once they pause for the debounce delay
//! (a burst of keystrokes is one write, and a secret reaches the keyring once), or at once
//! when asked (a field is left, another deployment is opened, the window closes).
//!
//! The saving itself is blocking (files, keyring) and runs on tokio's blocking pool, one save
//! at a time. Time is tokio's, so tests drive it with a paused clock.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};

/// The pause after the last edit before the draft is saved.
pub const DEBOUNCE: Duration = Duration::from_millis(300);

enum Msg {
    Dirty,
    Flush(oneshot::Sender<()>),
}

/// The handle edits use. Dropping every handle ends the task after a last save.
#[derive(Clone)]
pub struct Autosaver {
    tx: mpsc::UnboundedSender<Msg>,
}

impl Autosaver {
    /// Starts the task on the current tokio runtime; `save` writes whatever is dirty.
    pub fn spawn(delay: Duration, save: impl Fn() + Send + Sync + 'static) -> Autosaver {
        let (tx, rx) = mpsc::unbounded_channel();
        tokio::spawn(run(rx, delay, Arc::new(save)));
        Autosaver { tx }
    }

    /// Something changed: save once edits pause.
    pub fn touch(&self) {
        let _ = self.tx.send(Msg::Dirty);
    }

    /// Saves now what is pending, and returns when it is written (at once when nothing is).
    pub async fn flush(&self) {
        let (tx, rx) = oneshot::channel();
        if self.tx.send(Msg::Flush(tx)).is_ok() {
            let _ = rx.await;
        }
    }
}

async fn run(
    mut rx: mpsc::UnboundedReceiver<Msg>,
    delay: Duration,
    save: Arc<dyn Fn() + Send + Sync>,
) {
    while let Some(first) = rx.recv().await {
        let mut waiting = Vec::new();
        let mut dirty = false;
        let mut closed = false;
        match first {
            Msg::Dirty => dirty = true,
            Msg::Flush(done) => waiting.push(done),
        }
        // Wait for a pause in the edits (a flush ends the wait at once).
        while dirty && waiting.is_empty() {
            match tokio::time::timeout(delay, rx.recv()).await {
                Ok(Some(Msg::Dirty)) => {}
                Ok(Some(Msg::Flush(done))) => waiting.push(done),
                Ok(None) => {
                    closed = true;
                    break;
                }
                Err(_) => break,
            }
        }
        // Edits that came with the flush are part of this save.
        while let Ok(msg) = rx.try_recv() {
            match msg {
                Msg::Dirty => dirty = true,
                Msg::Flush(done) => waiting.push(done),
            }
        }
        if dirty {
            let save = save.clone();
            let _ = tokio::task::spawn_blocking(move || save()).await;
        }
        for done in waiting {
            let _ = done.send(());
        }
        if closed {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tokio::sync::Notify;

    fn counter() -> (
        Arc<AtomicUsize>,
        Arc<Notify>,
        impl Fn() + Send + Sync + 'static,
    ) {
        let n = Arc::new(AtomicUsize::new(0));
        let saved = Arc::new(Notify::new());
        let (n2, s2) = (n.clone(), saved.clone());
        (n, saved, move || {
            n2.fetch_add(1, Ordering::SeqCst);
            s2.notify_one();
        })
    }

    #[tokio::test(start_paused = true)]
    async fn a_burst_of_edits_is_one_save_after_the_pause() {
        let (n, saved, save) = counter();
        let a = Autosaver::spawn(DEBOUNCE, save);
        for _ in 0..40 {
            a.touch();
            // A keystroke every 50 ms: never a pause long enough.
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(n.load(Ordering::SeqCst), 0, "saved while typing");
        saved.notified().await;
        assert_eq!(n.load(Ordering::SeqCst), 1);
        // Nothing more to save: no second write.
        tokio::time::sleep(DEBOUNCE * 4).await;
        assert_eq!(n.load(Ordering::SeqCst), 1);
        a.touch();
        saved.notified().await;
        assert_eq!(n.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_flush_saves_at_once_and_only_when_something_is_pending() {
        let (n, _saved, save) = counter();
        let a = Autosaver::spawn(DEBOUNCE, save);
        a.flush().await;
        assert_eq!(n.load(Ordering::SeqCst), 0, "nothing was pending");
        a.touch();
        a.touch();
        let started = tokio::time::Instant::now();
        a.flush().await;
        assert_eq!(n.load(Ordering::SeqCst), 1);
        assert!(
            started.elapsed() < DEBOUNCE,
            "the flush waited for the debounce"
        );
        a.flush().await;
        assert_eq!(n.load(Ordering::SeqCst), 1);
    }
}
