//! Advisory locks, so that two processes never write the same things at once (issue 13 item
//! 11): the window holds the data folder's lock for as long as it runs ([`AppDirs::lock_folder`]),
//! and a push holds its deployment's lock ([`AppDirs::lock_push`]) so that a second push of the
//! same deployment waits for the first one, or says why it cannot.
//!
//! The locks are the operating system's (`flock` on Unix, `LockFileEx` on Windows, through
//! `std::fs::File::try_lock`): they go away with the process that held them, even when it
//! crashes, so a stale lock file never blocks anyone. The lock files themselves are empty and
//! stay where they are.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::paths::AppDirs;

/// The data folder's lock file.
const FOLDER_LOCK_FILE: &str = "app.lock";
/// Where the per-deployment lock files live, inside the data folder.
const LOCKS_DIR: &str = "locks";
/// How often a waiting process tries the lock again.
const RETRY_EVERY: Duration = Duration::from_millis(100);

/// A lock held until it is dropped.
#[derive(Debug)]
pub struct HeldLock {
    _file: File,
    path: PathBuf,
}

impl HeldLock {
    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Why a lock was not taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another process (or another part of this one) holds it.
    #[error("it is held by another process (waited {} s)", .waited.as_secs())]
    Held { waited: Duration },
    /// The lock file could not be opened.
    #[error("the lock file {path} could not be opened: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// Takes the exclusive lock on `path` (created if missing), trying again until `wait` has
/// passed. `Duration::ZERO` tries once.
pub fn lock_file(path: &Path, wait: Duration) -> Result<HeldLock, LockError> {
    let io_err = |source| LockError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(io_err)?;
    let started = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => {
                return Ok(HeldLock {
                    _file: file,
                    path: path.to_path_buf(),
                });
            }
            Err(TryLockError::WouldBlock) => {
                let waited = started.elapsed();
                if waited >= wait {
                    return Err(LockError::Held { waited });
                }
                std::thread::sleep(RETRY_EVERY.min(wait - waited));
            }
            Err(TryLockError::Error(e)) => return Err(io_err(e)),
        }
    }
}

impl AppDirs {
    /// A short name for "the app running on this data folder" (`d` and 16 hex digits of a
    /// digest of the folder's path): the same for every process using this folder, and usable
    /// as an element of a D-Bus name, which is how a second window finds the first one.
    pub fn instance_name(&self) -> String {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(self.root().to_string_lossy().as_bytes());
        let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
        format!("d{hex}")
    }

    /// Takes the data folder's lock (creating the folder if needed): one process at a time
    /// keeps its drafts and settings here. Waits up to `wait` for another holder to finish.
    pub fn lock_folder(&self, wait: Duration) -> Result<HeldLock, LockError> {
        self.ensure().map_err(|source| LockError::Io {
            path: self.root().to_path_buf(),
            source,
        })?;
        lock_file(&self.root().join(FOLDER_LOCK_FILE), wait)
    }

    /// Takes the push lock of one deployment, named by `key` (its id, or any other stable name
    /// of what is pushed; characters other than letters, digits, `-` and `_` are replaced).
    /// Waits up to `wait` for another push of the same deployment to finish.
    pub fn lock_push(&self, key: &str, wait: Duration) -> Result<HeldLock, LockError> {
        let dir = self.root().join(LOCKS_DIR);
        self.ensure()
            .and_then(|()| std::fs::create_dir_all(&dir))
            .map_err(|source| LockError::Io {
                path: dir.clone(),
                source,
            })?;
        let safe: String = key
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .take(80)
            .collect();
        lock_file(&dir.join(format!("push-{safe}.lock")), wait)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Profile;

    fn dirs() -> (AppDirs, tempfile::TempDir) {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let dirs = AppDirs::at(Profile::new_test(), tmp.path().join("data"));
        (dirs, tmp)
    }

    #[test]
    fn a_second_holder_of_the_data_folder_waits_then_is_refused() {
        let (dirs, _tmp) = dirs();
        let first = dirs
            .lock_folder(Duration::ZERO)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(first.path().starts_with(dirs.root()));
        let started = Instant::now();
        let second = dirs.lock_folder(Duration::from_millis(300));
        assert!(matches!(second, Err(LockError::Held { .. })), "{second:?}");
        assert!(started.elapsed() >= Duration::from_millis(300));
        drop(first);
        assert!(dirs.lock_folder(Duration::ZERO).is_ok());
    }

    #[test]
    fn threads_contending_for_the_folder_take_it_one_at_a_time() {
        let (dirs, _tmp) = dirs();
        let inside = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let most = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let (dirs, inside, most) = (dirs.clone(), inside.clone(), most.clone());
                std::thread::spawn(move || {
                    let lock = dirs
                        .lock_folder(Duration::from_secs(20))
                        .unwrap_or_else(|e| panic!("{e}"));
                    let now = inside.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                    most.fetch_max(now, std::sync::atomic::Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(150));
                    inside.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
                    drop(lock);
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap_or_else(|_| panic!("a thread panicked"));
        }
        assert_eq!(most.load(std::sync::atomic::Ordering::SeqCst), 1);
    }

    #[test]
    fn a_waiting_push_goes_ahead_once_the_first_one_ends() {
        let (dirs, _tmp) = dirs();
        let first = dirs
            .lock_push("acme-abc123", Duration::ZERO)
            .unwrap_or_else(|e| panic!("{e}"));
        // Another deployment is not held up.
        assert!(dirs.lock_push("other-def456", Duration::ZERO).is_ok());
        let releaser = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(300));
            drop(first);
        });
        let second = dirs.lock_push("acme-abc123", Duration::from_secs(10));
        releaser
            .join()
            .unwrap_or_else(|_| panic!("the releasing thread panicked"));
        assert!(second.is_ok(), "{second:?}");
    }

    #[test]
    fn the_instance_name_is_one_per_data_folder_and_a_valid_dbus_element() {
        let (a, _ta) = dirs();
        let (b, _tb) = dirs();
        let again = AppDirs::at(Profile::Dev, a.root());
        assert_eq!(a.instance_name(), again.instance_name());
        assert_ne!(a.instance_name(), b.instance_name());
        let name = a.instance_name();
        assert_eq!(name.len(), 17);
        assert!(name.starts_with('d'));
        assert!(name.chars().all(|c| c.is_ascii_alphanumeric()));
    }

    #[test]
    fn a_key_cannot_name_a_file_outside_the_locks_folder() {
        let (dirs, _tmp) = dirs();
        let lock = dirs
            .lock_push("../../etc/passwd", Duration::ZERO)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            lock.path().parent(),
            Some(dirs.root().join("locks").as_path())
        );
    }

    #[cfg(unix)]
    #[test]
    fn another_process_holding_the_lock_is_seen() {
        // `flock(1)` holds the lock in a separate process for a moment.
        let (dirs, _tmp) = dirs();
        dirs.ensure().unwrap_or_else(|e| panic!("{e}"));
        let path = dirs.root().join(FOLDER_LOCK_FILE);
        let Ok(mut child) = std::process::Command::new("flock")
            .arg(&path)
            .args(["sleep", "2"])
            .spawn()
        else {
            return; // util-linux's flock is not installed: the thread tests above still run.
        };
        let deadline = Instant::now() + Duration::from_secs(2);
        let mut refused = false;
        while Instant::now() < deadline {
            match dirs.lock_folder(Duration::ZERO) {
                Err(LockError::Held { .. }) => {
                    refused = true;
                    break;
                }
                Ok(lock) => drop(lock), // the child has not taken it yet
                Err(e) => panic!("{e}"),
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = child.wait();
        assert!(refused, "the lock held by flock(1) was not seen");
        assert!(dirs.lock_folder(Duration::ZERO).is_ok());
    }
}
