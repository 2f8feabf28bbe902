//! The sandbox's SQLite store: admins, sessions and platform settings.
//!
//! Nothing secret is kept in clear: admin passwords, session tokens and client secrets are
//! stored only as salted SHA-256 digests (the sandbox never needs a secret back, it only has to
//! tell whether one matches), plus the last ≤4 characters of each client secret, which the
//! contract lets the server show as a hint.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};
use socialmine_core::{PlatformId, Secret};

/// A failure of the sandbox's database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the sandbox could not create its data folder {path}: {source}. Check that the folder is writable, or choose another with --data"
    )]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the sandbox database {path} could not be opened: {source}. If the file is damaged, move it aside and the sandbox starts afresh"
    )]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("the sandbox database failed: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("the system random number generator failed: {0}")]
    Random(String),
}

/// One platform row as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StoredPlatform {
    pub id: PlatformId,
    pub enabled: bool,
    pub client_id: Option<String>,
    pub secret_digest: Option<String>,
    pub secret_hint: Option<String>,
    pub app_version: Option<String>,
    pub callback_url: Option<String>,
    pub scope: Option<String>,
    pub revision: u64,
    pub updated_at: String,
}

/// The values a save may change.
#[derive(Debug, Clone)]
pub(crate) struct PlatformValues {
    pub client_id: String,
    /// `None`: keep the stored secret.
    pub client_secret: Option<Secret>,
    pub app_version: Option<String>,
    pub callback_url: Option<String>,
    pub scope: Option<String>,
}

/// An admin account as stored.
#[derive(Debug, Clone)]
pub(crate) struct StoredAdmin {
    pub email: String,
    pub can_manage_platforms: bool,
}

pub(crate) struct Store {
    conn: Connection,
    /// Salt for the client-secret digests, random per data folder.
    salt: String,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS admins (
    email TEXT PRIMARY KEY,
    salt TEXT NOT NULL,
    password_digest TEXT NOT NULL,
    can_manage_platforms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    token_digest TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS platforms (
    id TEXT PRIMARY KEY,
    enabled INTEGER NOT NULL DEFAULT 0,
    client_id TEXT,
    secret_digest TEXT,
    secret_hint TEXT,
    app_version TEXT,
    callback_url TEXT,
    scope TEXT,
    revision INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);
";

/// Random bytes from the operating system, as lowercase hex.
pub(crate) fn random_hex(bytes: usize) -> Result<String, StoreError> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).map_err(|e| StoreError::Random(e.to_string()))?;
    Ok(hex(&buf))
}

/// A random string drawn from `alphabet`.
pub(crate) fn random_from(alphabet: &[u8], len: usize) -> Result<String, StoreError> {
    let mut buf = vec![0u8; len];
    getrandom::fill(&mut buf).map_err(|e| StoreError::Random(e.to_string()))?;
    // 256 is not a multiple of every alphabet length; reject the biased tail.
    let limit = 256 - (256 % alphabet.len());
    let mut out = String::with_capacity(len);
    let mut byte = [0u8; 1];
    for mut b in buf {
        while usize::from(b) >= limit {
            getrandom::fill(&mut byte).map_err(|e| StoreError::Random(e.to_string()))?;
            b = byte[0];
        }
        out.push(char::from(alphabet[usize::from(b) % alphabet.len()]));
    }
    Ok(out)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Salted SHA-256 digest, hex.
pub(crate) fn digest(salt: &str, value: &str) -> String {
    let mut h = Sha256::new();
    h.update(salt.as_bytes());
    h.update([0u8]);
    h.update(value.as_bytes());
    hex(&h.finalize())
}

/// Compares two digests without an early exit.
fn same_digest(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The last ≤4 characters of a secret, as the contract allows the server to show.
pub(crate) fn hint_of(secret: &str) -> String {
    let n = secret.chars().count();
    secret.chars().skip(n.saturating_sub(4)).collect()
}

impl Store {
    /// Opens (creating if needed) `dir/sandbox.sqlite3`, or an in-memory database for `None`.
    pub fn open(dir: Option<&Path>, now: &str) -> Result<Store, StoreError> {
        let conn = match dir {
            Some(dir) => {
                std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
                    path: dir.to_owned(),
                    source,
                })?;
                let path = dir.join("sandbox.sqlite3");
                let conn = Connection::open(&path).map_err(|source| StoreError::Open {
                    path: path.clone(),
                    source,
                })?;
                conn.execute_batch(SCHEMA)
                    .map_err(|source| StoreError::Open { path, source })?;
                conn
            }
            None => {
                let conn = Connection::open_in_memory()?;
                conn.execute_batch(SCHEMA)?;
                conn
            }
        };
        let salt: Option<String> = conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'secret_salt'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        let salt = match salt {
            Some(s) => s,
            None => {
                let s = random_hex(16)?;
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES ('secret_salt', ?1)",
                    [&s],
                )?;
                s
            }
        };
        for id in PlatformId::ALL {
            conn.execute(
                "INSERT OR IGNORE INTO platforms (id, enabled, revision, updated_at) VALUES (?1, 0, 1, ?2)",
                params![id.as_str(), now],
            )?;
        }
        Ok(Store { conn, salt })
    }

    /// Creates the admin or replaces its password and permission.
    pub fn upsert_admin(
        &self,
        email: &str,
        password: &str,
        can_manage_platforms: bool,
    ) -> Result<(), StoreError> {
        let salt = random_hex(16)?;
        self.conn.execute(
            "INSERT INTO admins (email, salt, password_digest, can_manage_platforms) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(email) DO UPDATE SET salt = ?2, password_digest = ?3, can_manage_platforms = ?4",
            params![email, salt, digest(&salt, password), can_manage_platforms],
        )?;
        Ok(())
    }

    /// The admin, when `password` is theirs.
    pub fn check_password(
        &self,
        email: &str,
        password: &str,
    ) -> Result<Option<StoredAdmin>, StoreError> {
        let row: Option<(String, String, bool)> = self
            .conn
            .query_row(
                "SELECT salt, password_digest, can_manage_platforms FROM admins WHERE email = ?1 COLLATE NOCASE",
                [email],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        Ok(row.and_then(|(salt, stored, can)| {
            same_digest(&digest(&salt, password), &stored).then(|| StoredAdmin {
                email: email.to_ascii_lowercase(),
                can_manage_platforms: can,
            })
        }))
    }

    /// Records a session token (by digest) valid until `expires_at` (unix seconds).
    pub fn add_session(&self, token: &str, email: &str, expires_at: i64) -> Result<(), StoreError> {
        self.conn.execute(
            "DELETE FROM sessions WHERE expires_at < ?1",
            [expires_at - 86_400 * 30],
        )?;
        self.conn.execute(
            "INSERT INTO sessions (token_digest, email, expires_at) VALUES (?1, ?2, ?3)",
            params![digest(&self.salt, token), email, expires_at],
        )?;
        Ok(())
    }

    /// The admin a token belongs to, if it is known and not expired at `now` (unix seconds).
    pub fn session(&self, token: &str, now: i64) -> Result<Option<StoredAdmin>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT a.email, a.can_manage_platforms FROM sessions s JOIN admins a ON a.email = s.email
                 WHERE s.token_digest = ?1 AND s.expires_at > ?2",
                params![digest(&self.salt, token), now],
                |r| Ok(StoredAdmin { email: r.get(0)?, can_manage_platforms: r.get(1)? }),
            )
            .optional()?)
    }

    /// Forgets every session token.
    pub fn revoke_sessions(&self) -> Result<(), StoreError> {
        self.conn.execute("DELETE FROM sessions", [])?;
        Ok(())
    }

    pub fn platform(&self, id: PlatformId) -> Result<StoredPlatform, StoreError> {
        Ok(self.conn.query_row(
            "SELECT enabled, client_id, secret_digest, secret_hint, app_version, callback_url, scope, revision, updated_at
             FROM platforms WHERE id = ?1",
            [id.as_str()],
            |r| {
                Ok(StoredPlatform {
                    id,
                    enabled: r.get(0)?,
                    client_id: r.get(1)?,
                    secret_digest: r.get(2)?,
                    secret_hint: r.get(3)?,
                    app_version: r.get(4)?,
                    callback_url: r.get(5)?,
                    scope: r.get(6)?,
                    revision: r.get::<_, i64>(7)?.try_into().unwrap_or(0),
                    updated_at: r.get(8)?,
                })
            },
        )?)
    }

    /// Whether `candidate` is the stored client secret.
    pub fn secret_matches(&self, id: PlatformId, candidate: &str) -> Result<bool, StoreError> {
        let p = self.platform(id)?;
        Ok(p.secret_digest
            .is_some_and(|d| same_digest(&d, &digest(&self.salt, candidate))))
    }

    /// Saves the values; bumps the revision only when something changed. Returns the new row.
    pub fn save(
        &self,
        id: PlatformId,
        v: &PlatformValues,
        now: &str,
    ) -> Result<StoredPlatform, StoreError> {
        let cur = self.platform(id)?;
        let (secret_digest, secret_hint) = match &v.client_secret {
            Some(s) => (
                Some(digest(&self.salt, s.expose_str())),
                Some(hint_of(s.expose_str())),
            ),
            None => (cur.secret_digest.clone(), cur.secret_hint.clone()),
        };
        let changed = cur.client_id.as_deref() != Some(v.client_id.as_str())
            || cur.secret_digest != secret_digest
            || cur.app_version != v.app_version
            || cur.callback_url != v.callback_url
            || cur.scope != v.scope;
        if !changed {
            return Ok(cur);
        }
        self.conn.execute(
            "UPDATE platforms SET client_id = ?2, secret_digest = ?3, secret_hint = ?4, app_version = ?5,
             callback_url = ?6, scope = ?7, revision = revision + 1, updated_at = ?8 WHERE id = ?1",
            params![
                id.as_str(),
                v.client_id,
                secret_digest,
                secret_hint,
                v.app_version,
                v.callback_url,
                v.scope,
                now
            ],
        )?;
        self.platform(id)
    }

    /// Switches the platform on or off; bumps the revision only when it changed.
    pub fn set_enabled(
        &self,
        id: PlatformId,
        enabled: bool,
        now: &str,
    ) -> Result<StoredPlatform, StoreError> {
        let cur = self.platform(id)?;
        if cur.enabled == enabled {
            return Ok(cur);
        }
        self.conn.execute(
            "UPDATE platforms SET enabled = ?2, revision = revision + 1, updated_at = ?3 WHERE id = ?1",
            params![id.as_str(), enabled, now],
        )?;
        self.platform(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_are_the_last_four_characters_at_most() {
        assert_eq!(hint_of("abcdef"), "cdef");
        assert_eq!(hint_of("ab"), "ab");
        assert_eq!(hint_of("ééééé"), "éééé");
    }

    #[test]
    fn random_strings_use_the_alphabet() {
        let s = random_from(b"abc", 64).expect("random");
        assert_eq!(s.len(), 64);
        assert!(s.chars().all(|c| "abc".contains(c)));
        assert_ne!(random_hex(16).expect("r"), random_hex(16).expect("r"));
    }

    #[test]
    fn a_save_without_change_keeps_the_revision() {
        let s = Store::open(None, "2026-01-01T00:00:00Z").expect("open");
        let v = PlatformValues {
            client_id: "123".into(),
            client_secret: Some(Secret::from("secret-9876")),
            app_version: None,
            callback_url: None,
            scope: None,
        };
        let a = s.save(PlatformId::Facebook, &v, "t1").expect("save");
        assert_eq!(a.revision, 2);
        let b = s
            .save(
                PlatformId::Facebook,
                &PlatformValues {
                    client_secret: None,
                    ..v.clone()
                },
                "t2",
            )
            .expect("save");
        assert_eq!(b.revision, 2);
        assert!(
            s.secret_matches(PlatformId::Facebook, "secret-9876")
                .expect("m")
        );
        assert!(
            !s.secret_matches(PlatformId::Facebook, "secret-9875")
                .expect("m")
        );
        assert_eq!(b.secret_hint.as_deref(), Some("9876"));
    }
}
