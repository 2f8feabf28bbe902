//! Shared test helpers.
#![allow(dead_code)]

use std::fs;
use std::path::Path;

use socialmine_core::{Deployment, PlatformConfig, PlatformId, Secret};
use socialmine_store::{
    AppDirs, DeploymentId, OnClash, Profile, SecretField, SecretStore, Store, VerificationOutcome,
};

/// A store in a fresh temporary folder with a test profile and session-only secrets.
pub fn memory_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let profile = Profile::new_test();
    let secrets = SecretStore::session_only(&profile.namespace());
    let store = Store::open(AppDirs::at(profile, dir.path().join("data")), secrets).expect("open");
    (dir, store)
}

pub fn deployment(name: &str) -> Deployment {
    let mut d = Deployment::new("https://api.acme.example");
    d.name = Some(name.to_owned());
    d.platforms.insert(
        PlatformId::Facebook,
        PlatformConfig {
            client_id: Some("1234567890123456".into()),
            app_version: Some("v23.0".into()),
            ..PlatformConfig::default()
        },
    );
    d
}

/// Every file under `root`, recursively.
pub fn files_under(root: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// Asserts that no file under `root` contains any of `needles`.
pub fn assert_no_file_contains(root: &Path, needles: &[String]) -> usize {
    let files = files_under(root);
    for f in &files {
        let bytes = fs::read(f).expect("read");
        for n in needles {
            assert!(
                !bytes.windows(n.len()).any(|w| w == n.as_bytes()),
                "a secret was found in {}",
                f.display()
            );
        }
    }
    files.len()
}

/// Unique secret values, so that a hit cannot be a coincidence.
pub fn secret_values(tag: &str) -> Vec<String> {
    (0..10)
        .map(|i| format!("SECRET-{tag}-{i}-{}", std::process::id()))
        .collect()
}

/// Uses every part of the store API that handles secrets, with `values` as the secrets.
/// Returns the exports (TOML and bundle) it made.
pub fn exercise_whole_api(store: &Store, values: &[String]) -> Vec<Vec<u8>> {
    let mut exports = Vec::new();
    // A client secret typed into the deployment itself when creating it.
    let mut d = deployment("Secret test");
    d.platforms
        .get_mut(&PlatformId::Facebook)
        .expect("facebook")
        .client_secret = Some(Secret::from(values[0].as_str()));
    let id = store.create(d).expect("create");
    // Through save_draft, with an inline secret for another platform.
    let mut d = store.load(&id).expect("load").deployment;
    d.platforms.insert(
        PlatformId::Twitter,
        PlatformConfig {
            client_id: Some("twitter-client-id".into()),
            client_secret: Some(Secret::from(values[1].as_str())),
            ..PlatformConfig::default()
        },
    );
    store.save_draft(&id, &d).expect("save draft");
    // Directly.
    store
        .set_secret(
            &id,
            SecretField::AdminToken,
            &Secret::from(values[2].as_str()),
        )
        .expect("admin token");
    store
        .set_secret(
            &id,
            SecretField::SandboxPassword,
            &Secret::from(values[3].as_str()),
        )
        .expect("sandbox password");
    store
        .set_secret(
            &id,
            SecretField::ClientSecret(PlatformId::Linkedin),
            &Secret::from(values[4].as_str()),
        )
        .expect("linkedin");
    // Update.
    store
        .set_secret(
            &id,
            SecretField::AdminToken,
            &Secret::from(values[5].as_str()),
        )
        .expect("update admin token");
    assert_eq!(
        store
            .get_secret(&id, SecretField::AdminToken)
            .expect("get")
            .map(|s| s.into_inner()),
        Some(values[5].clone())
    );
    // Bookkeeping, rename, duplicate.
    store
        .record_push(&id, &[PlatformId::Facebook, PlatformId::Twitter])
        .expect("push");
    store
        .record_verification(&id, PlatformId::Facebook, VerificationOutcome::Passed, "ok")
        .expect("verification");
    store.rename(&id, "Secret test renamed").expect("rename");
    let copy = store.duplicate(&id, None).expect("duplicate");
    assert!(store.secrets_present(&copy).expect("present").is_empty());
    // Exports.
    exports.push(store.export_toml(&id).expect("toml").into_bytes());
    let passphrase = Secret::from(values[6].as_str());
    let bundle = store.export_bundle(&id, &passphrase).expect("bundle");
    exports.push(bundle.clone());
    // Import the bundle as a new deployment, and over the copy.
    let imported = store
        .import(
            &bundle,
            Some(&passphrase),
            OnClash::Rename {
                new_name: "Imported".into(),
            },
        )
        .expect("import");
    let socialmine_store::ImportOutcome::Imported {
        id: imported_id,
        secrets_imported,
        ..
    } = imported
    else {
        panic!("expected an import, got {imported:?}");
    };
    // Every secret but the admin token, which a bundle leaves out unless asked for.
    assert_eq!(secrets_imported, 4);
    assert_eq!(
        store
            .get_secret(&imported_id, SecretField::ClientSecret(PlatformId::Twitter))
            .expect("get")
            .map(|s| s.into_inner()),
        Some(values[1].clone())
    );
    // A deployment file with a secret written into it, imported.
    let text = format!(
        "name = \"Hand written\"\napi_public_url = \"https://h.example\"\n[platforms.tiktok]\nclient_id = \"abc\"\nclient_secret = \"{}\"\n",
        values[7]
    );
    let outcome = store
        .import(text.as_bytes(), None, OnClash::Ask)
        .expect("import toml");
    let socialmine_store::ImportOutcome::Imported { id: hand_id, .. } = outcome else {
        panic!("expected an import, got {outcome:?}");
    };
    assert_eq!(
        store
            .get_secret(&hand_id, SecretField::ClientSecret(PlatformId::Tiktok))
            .expect("get")
            .map(|s| s.into_inner()),
        Some(values[7].clone())
    );
    store.list().expect("list");
    store.delete(&hand_id).expect("delete");
    assert_eq!(
        store
            .get_secret(&hand_id, SecretField::ClientSecret(PlatformId::Tiktok))
            .expect("get"),
        None
    );
    let _ = DeploymentId::parse(id.as_str()).expect("id");
    exports
}
