//! Export and import: TOML without secrets, encrypted bundles with them.

mod common;

use std::io::Write;

use common::{deployment, memory_store};
use socialmine_core::{Deployment, PlatformId, Secret};
use socialmine_store::{
    BUNDLE_FORMAT_VERSION, BUNDLE_SCRYPT_LOG_N, BUNDLE_SCRYPT_MAX_LOG_N, BundleOptions, ImportKind,
    ImportOutcome, OnClash, SecretField, StoreError,
};

const PASS: &str = "correct horse battery staple";

fn with_secrets(store: &socialmine_store::Store, name: &str) -> socialmine_store::DeploymentId {
    let id = store.create(deployment(name)).expect("create");
    store
        .set_secret(
            &id,
            SecretField::ClientSecret(PlatformId::Facebook),
            &Secret::from("fb-secret-0123456789abcdef"),
        )
        .expect("secret");
    store
        .set_secret(
            &id,
            SecretField::AdminToken,
            &Secret::from("admin-token-xyz"),
        )
        .expect("secret");
    id
}

#[test]
fn toml_export_has_no_secrets_and_imports_back_with_clash_handling() {
    let (_dir, store) = memory_store();
    let id = with_secrets(&store, "Acme");
    let text = store.export_toml(&id).expect("export");
    assert!(!text.contains("fb-secret-0123456789abcdef"), "{text}");
    assert!(!text.contains("admin-token-xyz"), "{text}");
    assert!(!text.contains("client_secret"), "{text}");
    assert!(text.contains("NOT included"), "{text}");
    let parsed = Deployment::parse(&text).expect("the export is a deployment file");
    assert_eq!(parsed, store.load(&id).expect("load").deployment);

    // Same name: the caller is asked.
    let outcome = store
        .import(text.as_bytes(), None, OnClash::Ask)
        .expect("import");
    assert_eq!(
        outcome,
        ImportOutcome::Clash {
            name: "Acme".into(),
            existing_id: id.clone(),
            kind: ImportKind::DeploymentFile
        }
    );
    assert_eq!(store.list().expect("list").deployments.len(), 1);

    // Rename to a name that is also taken: refused.
    store.create(deployment("Taken")).expect("create");
    assert!(matches!(
        store.import(
            text.as_bytes(),
            None,
            OnClash::Rename {
                new_name: "taken".into()
            }
        ),
        Err(StoreError::NameTaken { .. })
    ));
    // Rename.
    let outcome = store
        .import(
            text.as_bytes(),
            None,
            OnClash::Rename {
                new_name: "Acme (client copy)".into(),
            },
        )
        .expect("import");
    let ImportOutcome::Imported {
        id: new_id,
        name,
        kind,
        secrets_imported,
        replaced,
    } = outcome
    else {
        panic!("{outcome:?}")
    };
    assert_eq!(
        (name.as_str(), kind, secrets_imported, replaced),
        ("Acme (client copy)", ImportKind::DeploymentFile, 0, false)
    );
    assert_ne!(new_id, id);
    // Replace: same id, secrets of the old one gone (the file had none).
    let outcome = store
        .import(text.as_bytes(), None, OnClash::Replace)
        .expect("import");
    let ImportOutcome::Imported {
        id: replaced_id,
        replaced,
        ..
    } = outcome
    else {
        panic!("{outcome:?}")
    };
    assert!(replaced);
    assert_eq!(replaced_id, id);
    assert!(store.secrets_present(&id).expect("present").is_empty());
    assert_eq!(store.list().expect("list").deployments.len(), 3);
}

#[test]
fn bundle_round_trip_carries_the_secrets_and_hides_them() {
    let (_dir, store) = memory_store();
    let id = with_secrets(&store, "Acme");
    let bundle = store
        .export_bundle_with(
            &id,
            &Secret::from(PASS),
            BundleOptions {
                include_admin_token: true,
            },
        )
        .expect("bundle");
    let text = String::from_utf8(bundle.clone()).expect("a bundle is text");
    assert!(text.contains(&format!(
        "socialmine-bundle-format = {BUNDLE_FORMAT_VERSION}"
    )));
    assert!(text.contains("-----BEGIN AGE ENCRYPTED FILE-----"));
    for s in [
        "fb-secret-0123456789abcdef",
        "admin-token-xyz",
        PASS,
        "1234567890123456",
    ] {
        assert!(!text.contains(s), "{s} in the bundle");
    }

    // Into another data folder (another computer).
    let (_dir2, other) = memory_store();
    let outcome = other
        .import(&bundle, Some(&Secret::from(PASS)), OnClash::Ask)
        .expect("import");
    let ImportOutcome::Imported {
        id: new_id,
        name,
        kind,
        secrets_imported,
        ..
    } = outcome
    else {
        panic!("{outcome:?}")
    };
    assert_eq!(
        (name.as_str(), kind, secrets_imported),
        ("Acme", ImportKind::Bundle, 2)
    );
    assert_eq!(
        other.load(&new_id).expect("load").deployment,
        store.load(&id).expect("load").deployment
    );
    assert_eq!(
        other
            .get_secret(&new_id, SecretField::ClientSecret(PlatformId::Facebook))
            .expect("get")
            .map(|s| s.into_inner()),
        Some("fb-secret-0123456789abcdef".into())
    );
    assert_eq!(
        other
            .get_secret(&new_id, SecretField::AdminToken)
            .expect("get")
            .map(|s| s.into_inner()),
        Some("admin-token-xyz".into())
    );

    // Replace in the original store: secrets replaced by the bundle's.
    store
        .set_secret(&id, SecretField::SandboxPassword, &Secret::from("extra"))
        .expect("secret");
    let outcome = store
        .import(&bundle, Some(&Secret::from(PASS)), OnClash::Replace)
        .expect("import");
    assert!(matches!(
        outcome,
        ImportOutcome::Imported { replaced: true, .. }
    ));
    assert_eq!(
        store.secrets_present(&id).expect("present"),
        vec![
            SecretField::ClientSecret(PlatformId::Facebook),
            SecretField::AdminToken
        ]
    );
}

#[test]
fn wrong_or_missing_passphrase_is_a_clear_error() {
    let (_dir, store) = memory_store();
    let id = with_secrets(&store, "Acme");
    let bundle = store
        .export_bundle(&id, &Secret::from(PASS))
        .expect("bundle");
    let (_dir2, other) = memory_store();
    let e = other
        .import(
            &bundle,
            Some(&Secret::from("Correct horse battery staple")),
            OnClash::Ask,
        )
        .expect_err("wrong passphrase");
    assert!(matches!(e, StoreError::WrongPassphrase), "{e:?}");
    assert!(
        e.to_string()
            .contains("passphrase does not open this bundle"),
        "{e}"
    );
    assert_eq!(e.code(), "bundle_wrong_passphrase");
    let e = other
        .import(&bundle, None, OnClash::Ask)
        .expect_err("no passphrase");
    assert!(matches!(e, StoreError::PassphraseNeeded), "{e:?}");
    assert!(other.list().expect("list").deployments.is_empty());

    // Too short a passphrase is refused when exporting.
    let e = store
        .export_bundle(&id, &Secret::from("short"))
        .expect_err("weak");
    assert!(matches!(e, StoreError::WeakPassphrase { min: 10 }), "{e:?}");
}

#[test]
fn a_bundle_from_a_newer_version_is_refused() {
    let (_dir, store) = memory_store();
    let id = with_secrets(&store, "Acme");
    let bundle = String::from_utf8(
        store
            .export_bundle(&id, &Secret::from(PASS))
            .expect("bundle"),
    )
    .expect("text");

    // The outer format line says 2: refused before any passphrase is needed.
    let newer = bundle.replace(
        "socialmine-bundle-format = 1",
        "socialmine-bundle-format = 2",
    );
    for pass in [None, Some(Secret::from(PASS))] {
        let e = store
            .import(newer.as_bytes(), pass.as_ref(), OnClash::Ask)
            .expect_err("newer");
        assert!(
            matches!(
                e,
                StoreError::NewerBundle {
                    found: 2,
                    supported: 1
                }
            ),
            "{e:?}"
        );
        assert!(e.to_string().contains("Update SocialMine Setup"), "{e}");
    }

    // The outer line says 1 but the authenticated payload says 2: refused too.
    let payload = "format = 2\napp_version = \"9.0.0\"\nexported_at = \"2030-01-01T00:00:00Z\"\n\
                   deployment = \"api_public_url = 'https://a.example'\"\nnew_thing = 1\n";
    let encryptor =
        age::Encryptor::with_user_passphrase(age::secrecy::SecretString::from(PASS.to_owned()));
    let armored =
        age::armor::ArmoredWriter::wrap_output(Vec::new(), age::armor::Format::AsciiArmor)
            .expect("armor");
    let mut w = encryptor.wrap_output(armored).expect("wrap");
    w.write_all(payload.as_bytes()).expect("write");
    let enc = w.finish().expect("finish").finish().expect("finish");
    let mut crafted = b"socialmine-bundle-format = 1\n".to_vec();
    crafted.extend_from_slice(&enc);
    let e = store
        .import(&crafted, Some(&Secret::from(PASS)), OnClash::Ask)
        .expect_err("newer payload");
    assert!(
        matches!(
            e,
            StoreError::NewerBundle {
                found: 2,
                supported: 1
            }
        ),
        "{e:?}"
    );
}

#[test]
fn damaged_bundles_and_other_files_are_refused_clearly() {
    let (_dir, store) = memory_store();
    let id = with_secrets(&store, "Acme");
    let bundle = String::from_utf8(
        store
            .export_bundle(&id, &Secret::from(PASS))
            .expect("bundle"),
    )
    .expect("text");
    // Cut off in the middle of the encrypted part.
    let cut = &bundle[..bundle.len() * 2 / 3];
    let e = store
        .import(cut.as_bytes(), Some(&Secret::from(PASS)), OnClash::Ask)
        .expect_err("cut");
    assert!(matches!(e, StoreError::BadBundle { .. }), "{e:?}");
    assert!(!e.to_string().contains(PASS));
    // Neither TOML nor a bundle.
    for junk in [&b"\x89PNG\r\n\x1a\n\0\0"[..], b"just some words\nof text"] {
        let e = store.import(junk, None, OnClash::Ask).expect_err("junk");
        assert!(matches!(e, StoreError::NotAnImport), "{e:?}");
    }
    // TOML that is not a valid deployment file: names the line.
    let e = store
        .import(
            b"name = \"X\"\napi_public_url = \"https://a\"\ncolour = \"red\"\n",
            None,
            OnClash::Ask,
        )
        .expect_err("bad toml");
    assert!(matches!(e, StoreError::BadDeploymentFile(_)), "{e:?}");
    assert!(e.to_string().contains("line 3"), "{e}");
    // A file without a name gets its API_PUBLIC_URL as name.
    let outcome = store
        .import(
            b"api_public_url = \"https://nameless.example\"\n",
            None,
            OnClash::Ask,
        )
        .expect("import");
    assert!(
        matches!(&outcome, ImportOutcome::Imported { name, .. } if name == "https://nameless.example"),
        "{outcome:?}"
    );
}

#[test]
fn without_a_secret_store_a_bundle_is_not_half_imported() {
    let (_dir, store) = memory_store();
    let id = with_secrets(&store, "Acme");
    let bundle = store
        .export_bundle(&id, &Secret::from(PASS))
        .expect("bundle");
    let (_dir2, other) = memory_store();
    let dirs = other.dirs().clone();
    drop(other);
    let other = socialmine_store::Store::open(
        dirs.clone(),
        socialmine_store::SecretStore::unavailable(
            &dirs.keyring_service(),
            socialmine_store::SecretStoreError::Unavailable {
                detail: "no session bus".into(),
            },
        ),
    )
    .expect("open");
    let e = other
        .import(&bundle, Some(&Secret::from(PASS)), OnClash::Ask)
        .expect_err("no keyring");
    assert_eq!(e.code(), "keyring_unavailable");
    assert!(other.list().expect("list").deployments.is_empty());
}

#[test]
fn a_name_with_a_line_break_cannot_inject_lines_into_an_export() {
    let (_dir, store) = memory_store();
    let id = store
        .create(deployment(
            "Evil\napi_public_url = \"https://evil.example\"",
        ))
        .expect("create");
    let text = store.export_toml(&id).expect("export");
    let parsed = Deployment::parse(&text).expect("still a valid file");
    assert_eq!(parsed.api_public_url, "https://api.acme.example");
    let bundle = store
        .export_bundle(&id, &Secret::from(PASS))
        .expect("bundle");
    let outcome = store
        .import(
            &bundle,
            Some(&Secret::from(PASS)),
            OnClash::Rename {
                new_name: "Copy".into(),
            },
        )
        .expect("import");
    assert!(
        matches!(outcome, ImportOutcome::Imported { .. }),
        "{outcome:?}"
    );
}

#[test]
fn files_with_a_byte_order_mark_import() {
    let (_dir, store) = memory_store();
    let id = with_secrets(&store, "Acme");
    let mut toml = b"\xef\xbb\xbf".to_vec();
    toml.extend_from_slice(store.export_toml(&id).expect("toml").as_bytes());
    let outcome = store
        .import(
            &toml,
            None,
            OnClash::Rename {
                new_name: "From TOML".into(),
            },
        )
        .expect("toml with BOM");
    assert!(
        matches!(outcome, ImportOutcome::Imported { .. }),
        "{outcome:?}"
    );
    let mut bundle = b"\xef\xbb\xbf".to_vec();
    bundle.extend_from_slice(
        &store
            .export_bundle(&id, &Secret::from(PASS))
            .expect("bundle"),
    );
    let outcome = store
        .import(
            &bundle,
            Some(&Secret::from(PASS)),
            OnClash::Rename {
                new_name: "From bundle".into(),
            },
        )
        .expect("bundle with BOM");
    // The client secret; the admin token stays out of a bundle unless asked for.
    assert!(
        matches!(
            outcome,
            ImportOutcome::Imported {
                secrets_imported: 1,
                ..
            }
        ),
        "{outcome:?}"
    );
}

/// The age header of a bundle, de-armored: `age-encryption.org/v1`, then one stanza line per
/// recipient (`-> scrypt <salt> <log_n>`), a body line, then `--- <mac>`.
fn age_header(bundle: &[u8]) -> (usize, Vec<u8>) {
    let start = bundle
        .windows(10)
        .position(|w| w == b"-----BEGIN")
        .expect("armor");
    let mut raw = Vec::new();
    std::io::Read::read_to_end(
        &mut age::armor::ArmoredReader::new(&bundle[start..]),
        &mut raw,
    )
    .expect("dearmor");
    (start, raw)
}

fn scrypt_log_n(raw: &[u8]) -> u8 {
    let text = String::from_utf8_lossy(&raw[..raw.len().min(200)]).to_string();
    let line = text
        .lines()
        .find(|l| l.starts_with("-> scrypt "))
        .unwrap_or_else(|| panic!("no scrypt stanza in {text:?}"));
    line.rsplit(' ')
        .next()
        .expect("log_n")
        .parse()
        .expect("number")
}

/// Item 12: every bundle uses the same, fixed work factor (at least 2^18), whatever this
/// computer's speed; an import refuses a bundle that asks for more than the maximum, at once.
#[test]
fn bundles_use_a_fixed_work_factor_and_imports_refuse_an_excessive_one() {
    const { assert!(BUNDLE_SCRYPT_LOG_N >= 18) };
    const { assert!(BUNDLE_SCRYPT_MAX_LOG_N >= BUNDLE_SCRYPT_LOG_N) };
    let (_dir, store) = memory_store();
    let id = with_secrets(&store, "Acme");
    let bundle = store
        .export_bundle(&id, &Secret::from(PASS))
        .expect("bundle");
    let (start, raw) = age_header(&bundle);
    assert_eq!(scrypt_log_n(&raw), BUNDLE_SCRYPT_LOG_N);

    // The same bundle, claiming 2^40 (hours of work and terabytes): refused before any work.
    let text = String::from_utf8_lossy(&raw[..raw.len().min(200)]).to_string();
    let line = text
        .lines()
        .find(|l| l.starts_with("-> scrypt "))
        .expect("stanza")
        .to_owned();
    let greedy = line.replace(&format!(" {BUNDLE_SCRYPT_LOG_N}"), " 40");
    let pos = raw
        .windows(line.len())
        .position(|w| w == line.as_bytes())
        .expect("stanza bytes");
    let mut crafted = raw[..pos].to_vec();
    crafted.extend_from_slice(greedy.as_bytes());
    crafted.extend_from_slice(&raw[pos + line.len()..]);
    let mut armored = bundle[..start].to_vec();
    let mut w = age::armor::ArmoredWriter::wrap_output(Vec::new(), age::armor::Format::AsciiArmor)
        .expect("armor");
    w.write_all(&crafted).expect("write");
    armored.extend_from_slice(&w.finish().expect("finish"));

    let started = std::time::Instant::now();
    let e = store
        .import(&armored, Some(&Secret::from(PASS)), OnClash::Ask)
        .expect_err("excessive work factor");
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    let msg = e.to_string();
    assert!(msg.contains("2^40") && msg.contains("2^20"), "{msg}");
}

/// Item 12: the admin token stays out of a bundle unless asked for.
#[test]
fn the_admin_token_is_left_out_unless_asked_for() {
    let (_dir, store) = memory_store();
    let id = with_secrets(&store, "Acme");
    let bundle = store
        .export_bundle(&id, &Secret::from(PASS))
        .expect("bundle");
    let (_dir2, other) = memory_store();
    let ImportOutcome::Imported {
        id: new_id,
        secrets_imported,
        ..
    } = other
        .import(&bundle, Some(&Secret::from(PASS)), OnClash::Ask)
        .expect("import")
    else {
        panic!("imported")
    };
    assert_eq!(secrets_imported, 1);
    assert_eq!(
        other
            .get_secret(&new_id, SecretField::AdminToken)
            .expect("get"),
        None
    );
    assert!(
        other
            .get_secret(&new_id, SecretField::ClientSecret(PlatformId::Facebook))
            .expect("get")
            .is_some()
    );
}

#[test]
fn replace_writes_the_new_secrets_first_and_restores_the_old_when_the_keyring_fails() {
    use socialmine_store::{AppDirs, Profile, SecretStore, Store};
    let dir = tempfile::tempdir().expect("tempdir");
    let profile = Profile::new_test();
    // Writes 0 and 1 are the deployment's own secrets; write 2 (the import's first) works,
    // write 3 (its second) fails.
    let secrets = SecretStore::session_only_failing_write(&profile.namespace(), 3);
    let store = Store::open(AppDirs::at(profile, dir.path().join("data")), secrets).expect("open");
    let id = with_secrets(&store, "Acme");

    let mut incoming = deployment("Acme");
    for (p, s) in [
        (PlatformId::Facebook, "fb-new-secret-0123456789abcdef"),
        (PlatformId::Instagram, "ig-new-secret-0123456789abcdef"),
    ] {
        incoming.platforms.entry(p).or_default().client_secret = Some(Secret::from(s));
    }
    let text = incoming.to_toml(socialmine_core::SecretsInFile::Include);
    let err = store
        .import(text.as_bytes(), None, OnClash::Replace)
        .expect_err("the keyring refused a write");
    assert!(matches!(err, StoreError::Secrets(_)), "{err}");
    let get = |f| {
        store
            .get_secret(&id, f)
            .expect("get")
            .map(|s| s.into_inner())
    };
    assert_eq!(
        get(SecretField::ClientSecret(PlatformId::Facebook)).as_deref(),
        Some("fb-secret-0123456789abcdef"),
        "the old secret is back"
    );
    assert_eq!(
        get(SecretField::AdminToken).as_deref(),
        Some("admin-token-xyz"),
        "nothing old was removed"
    );
    assert_eq!(get(SecretField::ClientSecret(PlatformId::Instagram)), None);

    // The keyring works again: the import completes, and the old secrets it does not carry go.
    let outcome = store
        .import(text.as_bytes(), None, OnClash::Replace)
        .expect("import");
    assert!(matches!(
        outcome,
        ImportOutcome::Imported {
            replaced: true,
            secrets_imported: 2,
            ..
        }
    ));
    assert_eq!(
        get(SecretField::ClientSecret(PlatformId::Facebook)).as_deref(),
        Some("fb-new-secret-0123456789abcdef")
    );
    assert_eq!(get(SecretField::AdminToken), None);
}
