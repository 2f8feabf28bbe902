//! Export and import: a deployment as TOML without secrets, or as an encrypted bundle with its
//! secrets (age, passphrase mode with scrypt).
//!
//! A bundle is a text file:
//!
//! ```text
//! # SocialMine Setup deployment bundle: …
//! socialmine-bundle-format = 1
//! -----BEGIN AGE ENCRYPTED FILE-----
//! …
//! -----END AGE ENCRYPTED FILE-----
//! ```
//!
//! The format line sits outside the encryption so a bundle from a newer app is refused before
//! anyone types a passphrase; the encrypted payload repeats it (authenticated) together with the
//! deployment file and the secrets.
//!
//! The passphrase is stretched with scrypt at a fixed work factor ([`BUNDLE_SCRYPT_LOG_N`],
//! the same on every computer, not measured on the exporting one), and an import refuses a
//! bundle that asks for more than [`BUNDLE_SCRYPT_MAX_LOG_N`] before doing the work, so a
//! crafted bundle cannot hold the app for hours or take gigabytes of memory. The admin token
//! stays out of a bundle unless asked for ([`BundleOptions::include_admin_token`]): it is a
//! live sign-in, bound to one server, and the receiver can sign in themselves.

use std::collections::BTreeMap;
use std::io::{Read, Write};

use age::secrecy::SecretString;
use serde::{Deserialize, Serialize};
use socialmine_core::{Deployment, Secret};
use ts_rs::TS;
use zeroize::{Zeroize, Zeroizing};

use crate::error::StoreError;
use crate::id::DeploymentId;
use crate::secrets::{SecretField, SecretStore};
use crate::store::{Store, display_name, now};

/// The bundle format this version writes and the newest it reads.
pub const BUNDLE_FORMAT_VERSION: u32 = 1;

/// The shortest passphrase accepted for a new bundle.
pub const MIN_PASSPHRASE_CHARS: usize = 10;

/// The scrypt work factor of every bundle written: N = 2^18 (256 MiB, about a second).
pub const BUNDLE_SCRYPT_LOG_N: u8 = 18;

/// The highest scrypt work factor an import accepts: N = 2^20 (1 GiB, a few seconds).
pub const BUNDLE_SCRYPT_MAX_LOG_N: u8 = 20;

/// What goes into an exported bundle besides the deployment and its client secrets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleOptions {
    /// Include the admin token (a live sign-in to the deployment's server). Off by default.
    pub include_admin_token: bool,
}

const FORMAT_KEY: &str = "socialmine-bundle-format";
const AGE_ARMOR_BEGIN: &str = "-----BEGIN AGE ENCRYPTED FILE-----";
const AGE_BINARY_MAGIC: &[u8] = b"age-encryption.org/";

/// What to do when an imported deployment has the name of an existing one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum OnClash {
    /// Import nothing and answer [`ImportOutcome::Clash`], so the UI can ask.
    Ask,
    /// Import under this name instead.
    Rename { new_name: String },
    /// Replace the existing deployment (its file, secrets and history) with the imported one.
    Replace,
}

/// What was imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ImportKind {
    /// A deployment file without secrets (enter them afterwards).
    DeploymentFile,
    /// An encrypted bundle with secrets.
    Bundle,
}

/// The result of [`Store::import`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "outcome", rename_all = "snake_case")]
#[ts(export)]
pub enum ImportOutcome {
    Imported {
        id: DeploymentId,
        name: String,
        kind: ImportKind,
        /// How many secrets went into the secret store.
        secrets_imported: u32,
        /// Whether an existing deployment was replaced.
        replaced: bool,
    },
    /// A deployment with this name exists; nothing was imported. Ask the user, then call
    /// [`Store::import`] again with [`OnClash::Rename`] or [`OnClash::Replace`].
    Clash {
        name: String,
        existing_id: DeploymentId,
        kind: ImportKind,
    },
}

/// The encrypted payload of a bundle.
#[derive(Serialize, Deserialize)]
struct Payload {
    format: u32,
    app_version: String,
    exported_at: String,
    /// The deployment file, without secrets.
    deployment: String,
    /// Secret field key → value.
    #[serde(default)]
    secrets: BTreeMap<String, String>,
}

impl Drop for Payload {
    fn drop(&mut self) {
        for v in self.secrets.values_mut() {
            v.zeroize();
        }
    }
}

/// Only the version, read first so a newer payload is refused before anything else.
#[derive(Deserialize)]
struct PayloadVersion {
    format: u32,
}

impl Store {
    /// The deployment file without secrets (for review or handover).
    pub fn export_toml(&self, id: &DeploymentId) -> Result<String, StoreError> {
        let _guard = self.lock();
        let mut d = self.read_deployment_or_set_aside(id)?;
        for p in d.platforms.values_mut() {
            p.client_secret = None;
        }
        Ok(format!(
            "# SocialMine Setup deployment \"{}\", exported {}.\n\
             # Secrets (client secrets, admin token) are NOT included: enter them after importing.\n{}",
            one_line(&display_name(&d)),
            crate::timestamp::format(now()),
            d.to_toml_without_secrets()
        ))
    }

    /// The deployment with its client secrets (not the admin token), encrypted with
    /// `passphrase` (at least [`MIN_PASSPHRASE_CHARS`] characters). Returns the bundle's bytes
    /// (ASCII text).
    pub fn export_bundle(
        &self,
        id: &DeploymentId,
        passphrase: &Secret,
    ) -> Result<Vec<u8>, StoreError> {
        self.export_bundle_with(id, passphrase, BundleOptions::default())
    }

    /// [`Store::export_bundle`], with the admin token when `options` ask for it.
    pub fn export_bundle_with(
        &self,
        id: &DeploymentId,
        passphrase: &Secret,
        options: BundleOptions,
    ) -> Result<Vec<u8>, StoreError> {
        if passphrase.expose_str().trim().chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(StoreError::WeakPassphrase {
                min: MIN_PASSPHRASE_CHARS,
            });
        }
        let (d, secrets) = {
            let _guard = self.lock();
            let d = self.read_deployment_or_set_aside(id)?;
            let secrets = self.secrets().get_all(id)?;
            (d, secrets)
        };
        let payload = Payload {
            format: BUNDLE_FORMAT_VERSION,
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
            exported_at: crate::timestamp::format(now()),
            deployment: d.to_toml_without_secrets(),
            secrets: secrets
                .into_iter()
                .filter(|(f, _)| options.include_admin_token || *f != SecretField::AdminToken)
                .map(|(f, s)| (f.key(), s.into_inner()))
                .collect(),
        };
        let plain =
            toml::to_string(&payload)
                .map(Zeroizing::new)
                .map_err(|e| StoreError::BadBundle {
                    detail: format!("could not encode the bundle: {}", e),
                })?;
        let encrypted =
            encrypt(plain.as_bytes(), passphrase).map_err(|e| StoreError::BadBundle {
                detail: format!("encryption failed: {e}"),
            })?;
        let mut out = format!(
            "# SocialMine Setup deployment bundle: \"{}\", with its secrets, encrypted with a \
             passphrase (age).\n# Import it in SocialMine Setup: Deployments, Import.\n\
             {FORMAT_KEY} = {BUNDLE_FORMAT_VERSION}\n",
            one_line(&display_name(&d))
        )
        .into_bytes();
        out.extend_from_slice(&encrypted);
        Ok(out)
    }

    /// Imports a deployment file or a bundle (told apart by content). A bundle needs its
    /// passphrase ([`StoreError::PassphraseNeeded`] without one). A name clash is handled as
    /// `on_clash` says. Secrets in the import go to the secret store, never into a file.
    pub fn import(
        &self,
        bytes: &[u8],
        passphrase: Option<&Secret>,
        on_clash: OnClash,
    ) -> Result<ImportOutcome, StoreError> {
        // Editors on Windows like to start text files with a byte-order mark.
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        let (kind, mut deployment, mut secrets) = if let Some(version) = bundle_format(bytes)? {
            if version > BUNDLE_FORMAT_VERSION {
                return Err(StoreError::NewerBundle {
                    found: version,
                    supported: BUNDLE_FORMAT_VERSION,
                });
            }
            let passphrase = passphrase.ok_or(StoreError::PassphraseNeeded)?;
            let (d, s) = open_bundle(bytes, version, passphrase)?;
            (ImportKind::Bundle, d, s)
        } else {
            let text = std::str::from_utf8(bytes).map_err(|_| StoreError::NotAnImport)?;
            let d = Deployment::parse(text).map_err(|e| {
                if looks_like_toml(text) {
                    StoreError::BadDeploymentFile(e)
                } else {
                    StoreError::NotAnImport
                }
            })?;
            (ImportKind::DeploymentFile, d, BTreeMap::new())
        };
        // Client secrets written into a deployment file count as secrets to import.
        for (p, cfg) in deployment.platforms.iter_mut() {
            if let Some(s) = cfg.client_secret.take()
                && !s.is_empty()
            {
                secrets.entry(SecretField::ClientSecret(*p)).or_insert(s);
            }
        }
        if display_name(&deployment).is_empty() {
            return Err(StoreError::NameMissing);
        }

        let _guard = self.lock();
        let existing = self.find_by_name(&display_name(&deployment))?;
        let (target, replaced) = match (existing, on_clash) {
            (None, _) => (None, false),
            (Some(existing_id), OnClash::Ask) => {
                return Ok(ImportOutcome::Clash {
                    name: display_name(&deployment),
                    existing_id,
                    kind,
                });
            }
            (Some(_), OnClash::Rename { new_name }) => {
                let new_name = new_name.trim().to_owned();
                if new_name.is_empty() {
                    return Err(StoreError::NameMissing);
                }
                self.ensure_name_free(&new_name, None)?;
                deployment.name = Some(new_name);
                (None, false)
            }
            (Some(existing_id), OnClash::Replace) => (Some(existing_id), true),
        };
        let store = self.secrets();
        // Without a usable secret store, import nothing rather than half of it.
        if !secrets.is_empty()
            && let Err(e) = store.get(&DeploymentId::generate("check"), SecretField::AdminToken)
        {
            return Err(e.into());
        }
        let id = match &target {
            Some(id) => {
                // The new secrets are written before the old ones go, and the old ones come
                // back if a write fails: a failing keyring never leaves the deployment without
                // its secrets.
                let old = replace_secrets(&store, id, &secrets)?;
                let files = self
                    .write_deployment(id, &deployment)
                    .and_then(|()| self.write_fresh_state(id));
                if let Err(e) = files {
                    restore_secrets(&store, id, &old, SecretField::all());
                    return Err(e);
                }
                id.clone()
            }
            None => {
                let id = self.create_locked(deployment.clone())?;
                for (field, secret) in &secrets {
                    if let Err(e) = store.set(&id, *field, secret) {
                        // Undo the new deployment: no half import.
                        let _ = store.delete_all(&id);
                        let _ = self.remove_files(&id);
                        return Err(e.into());
                    }
                }
                id
            }
        };
        let n = u32::try_from(secrets.len()).unwrap_or(u32::MAX);
        Ok(ImportOutcome::Imported {
            id,
            name: display_name(&deployment),
            kind,
            secrets_imported: n,
            replaced,
        })
    }
}

/// Replaces the secrets of `id` by `new`: writes each new one, then removes the old ones the
/// import does not carry. When a write fails, the secrets written so far are put back as they
/// were and the error returned. Returns the secrets held before (to restore them if what
/// follows fails).
fn replace_secrets(
    store: &SecretStore,
    id: &DeploymentId,
    new: &BTreeMap<SecretField, Secret>,
) -> Result<BTreeMap<SecretField, Secret>, StoreError> {
    let mut old = BTreeMap::new();
    for field in SecretField::all() {
        if let Some(s) = store.get(id, field)? {
            old.insert(field, s);
        }
    }
    let mut written = Vec::new();
    for (field, secret) in new {
        if let Err(e) = store.set(id, *field, secret) {
            restore_secrets(store, id, &old, written);
            return Err(e.into());
        }
        written.push(*field);
    }
    for field in old.keys().filter(|f| !new.contains_key(f)) {
        store.delete(id, *field)?;
    }
    Ok(old)
}

/// Puts back the secrets `old` held for the fields in `touched`, best effort: the error that
/// led here is what the admin is told about.
fn restore_secrets(
    store: &SecretStore,
    id: &DeploymentId,
    old: &BTreeMap<SecretField, Secret>,
    touched: impl IntoIterator<Item = SecretField>,
) {
    for field in touched {
        let put_back = match old.get(&field) {
            Some(s) => store.set(id, field, s),
            None => store.delete(id, field).map(|_| ()),
        };
        // A keyring that refuses this too has kept what it had: nothing more to do.
        let _ = put_back;
    }
}

/// The bundle format number if `bytes` is a bundle (or a bare age file), `None` otherwise.
fn bundle_format(bytes: &[u8]) -> Result<Option<u32>, StoreError> {
    if bytes.starts_with(AGE_BINARY_MAGIC) {
        // A bare age file without our header: treat as format 1.
        return Ok(Some(1));
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Ok(None);
    };
    let mut version = None;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line == AGE_ARMOR_BEGIN {
            return Ok(Some(version.unwrap_or(1)));
        }
        match line.split_once('=') {
            Some((k, v)) if k.trim() == FORMAT_KEY => {
                let v = v.trim();
                let n = v.parse::<u32>().map_err(|_| StoreError::BadBundle {
                    detail: format!("its format line says `{v}`, which is not a number"),
                })?;
                version = Some(n);
            }
            _ if version.is_none() => return Ok(None),
            _ => {
                return Err(StoreError::BadBundle {
                    detail:
                        "an unexpected line sits between its format line and the encrypted part"
                            .to_owned(),
                });
            }
        }
    }
    match version {
        Some(_) => Err(StoreError::BadBundle {
            detail: "the encrypted part is missing".to_owned(),
        }),
        None => Ok(None),
    }
}

fn open_bundle(
    bytes: &[u8],
    version: u32,
    passphrase: &Secret,
) -> Result<(Deployment, BTreeMap<SecretField, Secret>), StoreError> {
    if version > BUNDLE_FORMAT_VERSION {
        return Err(StoreError::NewerBundle {
            found: version,
            supported: BUNDLE_FORMAT_VERSION,
        });
    }
    let start = if bytes.starts_with(AGE_BINARY_MAGIC) {
        0
    } else {
        find(bytes, AGE_ARMOR_BEGIN.as_bytes()).ok_or_else(|| StoreError::BadBundle {
            detail: "the encrypted part is missing".to_owned(),
        })?
    };
    let plain = decrypt(&bytes[start..], passphrase)?;
    let text = Zeroizing::new(String::from_utf8(plain).map_err(|e| {
        let mut bytes = e.into_bytes();
        bytes.zeroize();
        StoreError::BadBundle {
            detail: "the decrypted content is not text".to_owned(),
        }
    })?);
    payload_contents(&text)
}

/// Reads a bundle's decrypted payload as an import does: its deployment and how many secrets it
/// holds (never their values). For the fuzzer and for diagnostics; imports go through
/// [`Store::import`].
pub fn read_bundle_payload(text: &str) -> Result<(Deployment, usize), StoreError> {
    payload_contents(text).map(|(d, s)| (d, s.len()))
}

fn payload_contents(text: &str) -> Result<(Deployment, BTreeMap<SecretField, Secret>), StoreError> {
    let v: PayloadVersion = toml::from_str(text).map_err(|_| StoreError::BadBundle {
        detail: "the decrypted content has no format number".to_owned(),
    })?;
    if v.format > BUNDLE_FORMAT_VERSION {
        return Err(StoreError::NewerBundle {
            found: v.format,
            supported: BUNDLE_FORMAT_VERSION,
        });
    }
    let mut payload: Payload = toml::from_str(text).map_err(|e| StoreError::BadBundle {
        detail: format!("the decrypted content is not readable ({})", e.message()),
    })?;
    let deployment =
        Deployment::parse(&payload.deployment).map_err(StoreError::BadDeploymentFile)?;
    let mut secrets = BTreeMap::new();
    for (k, v) in std::mem::take(&mut payload.secrets) {
        let field = SecretField::from_key(&k).ok_or_else(|| StoreError::BadBundle {
            detail: format!("it holds a secret `{k}` this version does not know"),
        })?;
        secrets.insert(field, Secret::from(v));
    }
    Ok((deployment, secrets))
}

fn encrypt(plain: &[u8], passphrase: &Secret) -> std::io::Result<Vec<u8>> {
    let mut recipient =
        age::scrypt::Recipient::new(SecretString::from(passphrase.expose_str().to_owned()));
    recipient.set_work_factor(BUNDLE_SCRYPT_LOG_N);
    let encryptor =
        age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
            .map_err(std::io::Error::other)?;
    let armored =
        age::armor::ArmoredWriter::wrap_output(Vec::new(), age::armor::Format::AsciiArmor)?;
    let mut w = encryptor.wrap_output(armored)?;
    w.write_all(plain)?;
    w.finish()?.finish()
}

fn decrypt(cipher: &[u8], passphrase: &Secret) -> Result<Vec<u8>, StoreError> {
    let decryptor =
        age::Decryptor::new(age::armor::ArmoredReader::new(cipher)).map_err(decrypt_error)?;
    if !decryptor.is_scrypt() {
        return Err(StoreError::BadBundle {
            detail: "it is encrypted to a key, not with a passphrase".to_owned(),
        });
    }
    let mut identity =
        age::scrypt::Identity::new(SecretString::from(passphrase.expose_str().to_owned()));
    identity.set_max_work_factor(BUNDLE_SCRYPT_MAX_LOG_N);
    let mut reader = decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(decrypt_error)?;
    let mut out = Vec::new();
    reader
        .read_to_end(&mut out)
        .map_err(|e| StoreError::BadBundle {
            detail: format!("the encrypted data is cut short or altered ({e})"),
        })?;
    Ok(out)
}

fn decrypt_error(e: age::DecryptError) -> StoreError {
    match e {
        age::DecryptError::DecryptionFailed
        | age::DecryptError::NoMatchingKeys
        | age::DecryptError::KeyDecryptionFailed => StoreError::WrongPassphrase,
        age::DecryptError::ExcessiveWork { required, .. } => StoreError::BadBundle {
            detail: format!(
                "its passphrase protection asks for scrypt work 2^{required}, above the 2^{BUNDLE_SCRYPT_MAX_LOG_N} \
                 this app accepts (it would take a very long time and a lot of memory to open). \
                 Ask the sender to export it again with SocialMine Setup"
            ),
        },
        age::DecryptError::UnknownFormat => StoreError::NewerBundle {
            found: BUNDLE_FORMAT_VERSION + 1,
            supported: BUNDLE_FORMAT_VERSION,
        },
        other => StoreError::BadBundle {
            detail: other.to_string(),
        },
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

/// Whether a text is plausibly meant as TOML (to tell "bad deployment file" from "not one").
fn looks_like_toml(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim();
        l.contains('=') || (l.starts_with('[') && l.ends_with(']'))
    })
}
