//! Deployments in the data folder, with session-only secrets (no keyring needed).

mod common;

use std::fs;

use common::{deployment, memory_store};
use socialmine_core::{PlatformConfig, PlatformId, Secret};
use socialmine_store::{
    AppDirs, DeploymentId, Profile, SecretField, SecretStorageMode, SecretStore, SecretStoreError,
    Store, StoreError, VerificationOutcome,
};

#[test]
fn create_list_rename_duplicate_delete() {
    let (_dir, store) = memory_store();
    assert!(store.list().expect("list").deployments.is_empty());

    let a = store.create(deployment("Acme production")).expect("create");
    assert!(a.as_str().starts_with("acme-production-"), "{a}");
    let mut b_dep = deployment("Beta staging");
    b_dep.admin_url = Some("https://admin.beta.example".into());
    let b = store.create(b_dep).expect("create");

    let list = store.list().expect("list");
    assert!(list.set_aside.is_empty());
    let names: Vec<_> = list.deployments.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["Acme production", "Beta staging"]);
    let beta = &list.deployments[1];
    assert_eq!(beta.id, b);
    assert_eq!(beta.api_public_url, "https://api.acme.example");
    assert_eq!(beta.admin_url, "https://admin.beta.example");
    assert_eq!(list.deployments[0].admin_url, "https://api.acme.example");
    assert!(beta.draft_saved_at.is_some());
    assert_eq!(beta.last_pushed_at, None);
    assert_eq!(beta.platforms.len(), 6);

    // Rename keeps the id (and the file name).
    store.rename(&a, "  Acme prod  ").expect("rename");
    assert_eq!(
        store.load(&a).expect("load").deployment.name.as_deref(),
        Some("Acme prod")
    );
    assert!(
        store
            .dirs()
            .deployments_dir()
            .join(format!("{a}.toml"))
            .is_file()
    );

    // Duplicate: new id, "(copy)", numbered when taken, no secrets.
    store
        .set_secret(&a, SecretField::AdminToken, &Secret::from("tok-a"))
        .expect("secret");
    let c1 = store.duplicate(&a, None).expect("dup");
    let c2 = store.duplicate(&a, None).expect("dup");
    let c3 = store.duplicate(&a, Some("Gamma")).expect("dup");
    let names: Vec<_> = store
        .list()
        .expect("list")
        .deployments
        .into_iter()
        .map(|d| d.name)
        .collect();
    assert_eq!(
        names,
        [
            "Acme prod",
            "Acme prod (copy 2)",
            "Acme prod (copy)",
            "Beta staging",
            "Gamma"
        ]
    );
    for c in [&c1, &c2, &c3] {
        assert_ne!(c, &a);
        assert!(store.secrets_present(c).expect("present").is_empty());
        assert_eq!(
            store.load(c).expect("load").deployment.platforms,
            store.load(&a).expect("load").deployment.platforms
        );
    }

    // Delete removes the files and the secrets.
    store.delete(&a).expect("delete");
    assert!(matches!(store.load(&a), Err(StoreError::NotFound { .. })));
    assert_eq!(
        store
            .secrets()
            .get(&a, SecretField::AdminToken)
            .expect("get"),
        None
    );
    assert!(
        !store
            .dirs()
            .deployments_dir()
            .join(format!("{a}.state.toml"))
            .exists()
    );
    assert_eq!(store.list().expect("list").deployments.len(), 4);
    assert!(matches!(store.delete(&a), Err(StoreError::NotFound { .. })));
}

#[test]
fn names_are_required_and_unique() {
    let (_dir, store) = memory_store();
    let mut unnamed = deployment("x");
    unnamed.name = None;
    assert!(matches!(
        store.create(unnamed),
        Err(StoreError::NameMissing)
    ));
    let a = store.create(deployment("Acme")).expect("create");
    let b = store.create(deployment("Beta")).expect("create");
    let e = store.create(deployment(" acme ")).expect_err("taken");
    assert!(matches!(e, StoreError::NameTaken { .. }), "{e}");
    assert!(e.to_string().contains("already a deployment named"), "{e}");
    assert!(matches!(
        store.rename(&b, "ACME"),
        Err(StoreError::NameTaken { .. })
    ));
    assert!(matches!(
        store.rename(&b, "  "),
        Err(StoreError::NameMissing)
    ));
    // Renaming to its own name (other case) is fine.
    store.rename(&a, "ACME").expect("same deployment");
    // save_draft refuses a name clash too.
    let mut d = store.load(&b).expect("load").deployment;
    d.name = Some("acme".into());
    assert!(matches!(
        store.save_draft(&b, &d),
        Err(StoreError::NameTaken { .. })
    ));
}

#[test]
fn a_corrupt_file_is_set_aside_and_reported_and_the_others_load() {
    let (_dir, store) = memory_store();
    let good = store.create(deployment("Good")).expect("create");
    let bad = store.create(deployment("Bad")).expect("create");
    let dir = store.dirs().deployments_dir();
    let bad_path = dir.join(format!("{bad}.toml"));
    fs::write(
        &bad_path,
        "name = \"Bad\"\napi_public_url = \"https://a.example\"\n[platforms.facebook]\nclientid = \"1\"\n",
    )
    .expect("write");
    // Not UTF-8 at all.
    fs::write(dir.join("binary-1.toml"), [0xff, 0xfe, 0x00, 0x41]).expect("write");
    // A name that cannot be an id.
    fs::write(
        dir.join("Acme Prod.toml"),
        "api_public_url = \"https://x.example\"\n",
    )
    .expect("write");

    let list = store.list().expect("list");
    assert_eq!(list.deployments.len(), 1);
    assert_eq!(list.deployments[0].id, good);
    assert_eq!(list.set_aside.len(), 3, "{:?}", list.set_aside);
    let bad_report = list
        .set_aside
        .iter()
        .find(|f| f.file_name == format!("{bad}.toml"))
        .expect("bad file reported by name");
    assert!(bad_report.problem.contains("line 4"), "{bad_report:?}");
    assert!(bad_report.problem.contains("clientid"), "{bad_report:?}");
    assert!(
        bad_report
            .moved_to
            .starts_with(&format!("{bad}.toml.corrupt-"))
    );
    // Set aside, not deleted: the same lines (no secret in them), under the new name.
    let moved = fs::read_to_string(dir.join(&bad_report.moved_to)).expect("kept");
    assert!(moved.contains("clientid"));
    assert!(!bad_path.exists());
    assert!(
        list.set_aside
            .iter()
            .any(|f| f.file_name == "binary-1.toml" && f.problem.contains("UTF-8"))
    );
    assert!(
        list.set_aside
            .iter()
            .any(|f| f.file_name == "Acme Prod.toml" && f.problem.contains("import it"))
    );
    // The next listing is clean.
    let again = store.list().expect("list");
    assert_eq!(again.deployments.len(), 1);
    assert!(again.set_aside.is_empty());
}

/// Issue 13 item 7: a corrupt file set aside keeps no secret on disk.
#[test]
fn a_corrupt_file_set_aside_keeps_no_secret() {
    let (dir, store) = memory_store();
    let id = store.create(deployment("Leaky")).expect("create");
    let path = store.dirs().deployments_dir().join(format!("{id}.toml"));
    let secret = "0123456789abcdef-the-inline-secret";
    fs::write(
        &path,
        format!(
            "name = \"Leaky\"\napi_public_url = \"https://a.example\"\n[platforms.facebook]\n\
             client_secret = \"{secret}\"\nclient_id = 12 34\n"
        ),
    )
    .expect("write");
    let list = store.list().expect("list");
    let report = list
        .set_aside
        .iter()
        .find(|f| f.file_name == format!("{id}.toml"))
        .expect("set aside");
    assert!(
        report.problem.contains("secret values removed"),
        "{report:?}"
    );
    let kept =
        fs::read_to_string(store.dirs().deployments_dir().join(&report.moved_to)).expect("kept");
    assert!(kept.contains("client_id = 12 34"), "{kept}");
    assert!(!kept.contains(secret), "{kept}");
    common::assert_no_file_contains(dir.path(), &[secret.to_owned()]);
}

/// Issue 13 item 7: a client secret written into a deployment file the app loads goes to the
/// secret store, and the file on disk is rewritten without it.
#[test]
fn an_inline_client_secret_in_a_loaded_file_moves_to_the_secret_store() {
    let (dir, store) = memory_store();
    let id = store.create(deployment("Inline")).expect("create");
    let path = store.dirs().deployments_dir().join(format!("{id}.toml"));
    let secret = "0123456789abcdef0123456789abcdef";
    fs::write(
        &path,
        format!(
            "name = \"Inline\"\napi_public_url = \"https://a.example\"\n[platforms.facebook]\n\
             client_id = \"1234567890123456\"\nclient_secret = \"{secret}\"\n"
        ),
    )
    .expect("write");
    let loaded = store.load(&id).expect("load");
    assert!(
        loaded.deployment.platforms[&PlatformId::Facebook]
            .client_secret
            .is_none()
    );
    assert_eq!(
        loaded.deployment.platforms[&PlatformId::Facebook]
            .client_id
            .as_deref(),
        Some("1234567890123456")
    );
    let stored = store
        .get_secret(&id, SecretField::ClientSecret(PlatformId::Facebook))
        .expect("read")
        .expect("moved to the secret store");
    assert_eq!(stored.expose_str(), secret);
    assert!(
        loaded.state.platforms[&PlatformId::Facebook].secret_changed_since_push,
        "the moved secret is sent with the next push"
    );
    let on_disk = fs::read_to_string(&path).expect("read");
    assert!(!on_disk.contains(secret), "{on_disk}");
    assert!(on_disk.contains("1234567890123456"), "{on_disk}");
    common::assert_no_file_contains(dir.path(), &[secret.to_owned()]);

    // Listing moves them too (a file placed while the app was closed).
    let other = store.create(deployment("Listed")).expect("create");
    let other_path = store.dirs().deployments_dir().join(format!("{other}.toml"));
    let text = fs::read_to_string(&other_path).expect("read");
    fs::write(
        &other_path,
        text.replace(
            "[platforms.facebook]",
            &format!("[platforms.facebook]\nclient_secret = \"{secret}\""),
        ),
    )
    .expect("write");
    assert!(
        fs::read_to_string(&other_path)
            .expect("read")
            .contains(secret)
    );
    store.list().expect("list");
    assert!(
        !fs::read_to_string(&other_path)
            .expect("read")
            .contains(secret)
    );
    assert!(
        store
            .get_secret(&other, SecretField::ClientSecret(PlatformId::Facebook))
            .expect("read")
            .is_some()
    );
}

/// Without a usable secret store, an inline secret stays where it is rather than being lost.
#[test]
fn an_inline_secret_stays_in_the_file_when_the_secret_store_refuses_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let profile = Profile::new_test();
    let secrets = SecretStore::unavailable(
        &profile.namespace(),
        SecretStoreError::Unavailable {
            detail: "no keyring in this test".into(),
        },
    );
    let store = Store::open(AppDirs::at(profile, dir.path().join("data")), secrets).expect("open");
    let id = store.create(deployment("Kept")).expect("create");
    let path = store.dirs().deployments_dir().join(format!("{id}.toml"));
    let secret = "fedcba9876543210fedcba9876543210";
    let text = fs::read_to_string(&path).expect("read");
    fs::write(
        &path,
        text.replace(
            "[platforms.facebook]",
            &format!("[platforms.facebook]\nclient_secret = \"{secret}\""),
        ),
    )
    .expect("write");
    let loaded = store.load(&id).expect("load");
    assert_eq!(
        loaded.deployment.platforms[&PlatformId::Facebook]
            .client_secret
            .as_ref()
            .map(Secret::expose_str),
        Some(secret),
        "handed to the app, which keeps it in memory"
    );
    assert!(fs::read_to_string(&path).expect("read").contains(secret));
}

#[test]
fn loading_a_corrupt_file_sets_it_aside_with_a_clear_error() {
    let (_dir, store) = memory_store();
    let id = store.create(deployment("X")).expect("create");
    let path = store.dirs().deployments_dir().join(format!("{id}.toml"));
    fs::write(&path, "api_public_url = \n").expect("write");
    let e = store.load(&id).expect_err("corrupt");
    let StoreError::Corrupt {
        file_name,
        moved_to,
        ..
    } = &e
    else {
        panic!("expected Corrupt, got {e:?}");
    };
    assert_eq!(file_name, &format!("{id}.toml"));
    assert!(e.to_string().contains(moved_to.as_str()), "{e}");
    assert!(e.to_string().contains("line 1"), "{e}");
    assert_eq!(e.code(), "deployment_corrupt");
}

#[test]
fn a_corrupt_state_file_is_set_aside_and_the_deployment_still_loads() {
    let (_dir, store) = memory_store();
    let id = store.create(deployment("X")).expect("create");
    store
        .record_push(&id, &[PlatformId::Facebook])
        .expect("push");
    let path = store
        .dirs()
        .deployments_dir()
        .join(format!("{id}.state.toml"));
    fs::write(&path, "last_pushed_at = [\n").expect("write");
    let list = store.list().expect("list");
    assert_eq!(list.deployments.len(), 1);
    assert_eq!(list.deployments[0].last_pushed_at, None);
    assert_eq!(list.set_aside.len(), 1);
    assert_eq!(list.set_aside[0].file_name, format!("{id}.state.toml"));
    assert!(
        list.set_aside[0]
            .problem
            .contains("deployment itself is fine"),
        "{:?}",
        list.set_aside[0]
    );
}

#[test]
fn fleet_status_follows_drafts_pushes_server_readings_and_verifications() {
    let (_dir, store) = memory_store();
    let id = store.create(deployment("Fleet")).expect("create");
    let fb = |store: &Store| {
        store.list().expect("list").deployments[0]
            .platforms
            .iter()
            .find(|p| p.platform == PlatformId::Facebook)
            .cloned()
            .expect("facebook")
    };
    let s = fb(&store);
    assert!(s.in_draft);
    assert_eq!(s.app_version.as_deref(), Some("v23.0"));
    assert!(s.unpushed_changes, "never pushed");
    assert_eq!(s.drift, None);
    let li = store.list().expect("list").deployments[0].platforms[2].clone();
    assert_eq!(li.platform, PlatformId::Linkedin);
    assert!(!li.in_draft && !li.unpushed_changes);

    store
        .record_push(&id, &[PlatformId::Facebook])
        .expect("push");
    let s = fb(&store);
    assert!(!s.unpushed_changes);
    assert!(s.pushed_at.is_some());
    assert!(
        store.list().expect("list").deployments[0]
            .last_pushed_at
            .is_some()
    );

    // The server holds what was pushed, but switched off.
    let draft = store.load(&id).expect("load").deployment;
    let fb_cfg = draft.platforms[&PlatformId::Facebook].clone();
    store
        .record_server_reading(&id, PlatformId::Facebook, Some(7), true, false, &fb_cfg)
        .expect("reading");
    let s = fb(&store);
    assert_eq!(s.drift, Some(false));
    assert_eq!(s.saved_on_server, Some(true));
    assert_eq!(s.enabled_on_server, Some(false));
    assert_eq!(s.server_revision, Some(7));

    // The draft changes: unpushed and drifting.
    let mut d = draft.clone();
    d.platforms
        .get_mut(&PlatformId::Facebook)
        .expect("fb")
        .app_version = Some("v24.0".into());
    store.save_draft(&id, &d).expect("save");
    let s = fb(&store);
    assert!(s.unpushed_changes);
    assert_eq!(s.drift, Some(true));

    // Pushed again: clean; then a new client secret makes it unpushed again.
    store
        .record_push(&id, &[PlatformId::Facebook])
        .expect("push");
    assert!(!fb(&store).unpushed_changes);
    store
        .set_secret(
            &id,
            SecretField::ClientSecret(PlatformId::Facebook),
            &Secret::from("new-secret"),
        )
        .expect("secret");
    assert!(fb(&store).unpushed_changes);

    store
        .record_verification(
            &id,
            PlatformId::Facebook,
            VerificationOutcome::Failed,
            "redirect URL mismatch",
        )
        .expect("verify");
    let v = fb(&store).last_verification.expect("verification");
    assert_eq!(v.outcome, VerificationOutcome::Failed);
    assert_eq!(v.summary, "redirect URL mismatch");

    // The UI receives all of it as JSON.
    let json = serde_json::to_value(store.list().expect("list")).expect("json");
    assert_eq!(
        json["deployments"][0]["platforms"][0]["last_verification"]["outcome"],
        "failed"
    );
}

#[test]
fn save_draft_moves_typed_secrets_to_the_secret_store() {
    let (_dir, store) = memory_store();
    let id = store.create(deployment("Draft")).expect("create");
    let mut d = store.load(&id).expect("load").deployment;
    d.platforms.insert(
        PlatformId::Threads,
        PlatformConfig {
            client_id: Some("th".into()),
            client_secret: Some(Secret::from("threads-secret-value")),
            ..PlatformConfig::default()
        },
    );
    store.save_draft(&id, &d).expect("save");
    let text = fs::read_to_string(store.dirs().deployments_dir().join(format!("{id}.toml")))
        .expect("read");
    assert!(!text.contains("threads-secret-value"), "{text}");
    assert!(!text.contains("client_secret"), "{text}");
    assert!(text.contains("[platforms.threads]"), "{text}");
    let loaded = store.load(&id).expect("load").deployment;
    assert_eq!(loaded.platforms[&PlatformId::Threads].client_secret, None);
    assert_eq!(
        store
            .get_secret(&id, SecretField::ClientSecret(PlatformId::Threads))
            .expect("get")
            .map(|s| s.into_inner()),
        Some("threads-secret-value".into())
    );
    // Saving a draft of a deployment that does not exist is an error, not a new file.
    let ghost = DeploymentId::parse("ghost-000000").expect("id");
    assert!(matches!(
        store.save_draft(&ghost, &d),
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        store.set_secret(&ghost, SecretField::AdminToken, &Secret::from("x")),
        Err(StoreError::NotFound { .. })
    ));
}

#[test]
fn stale_temp_files_are_ignored_and_cleaned_up() {
    let dir = tempfile::tempdir().expect("tempdir");
    let profile = Profile::new_test();
    let dirs = AppDirs::at(profile.clone(), dir.path());
    let store = Store::open(
        dirs.clone(),
        SecretStore::session_only(&profile.namespace()),
    )
    .expect("open");
    store.create(deployment("A")).expect("create");
    let tmp = dirs.deployments_dir().join(".tmp-a.toml-1-abcd");
    fs::write(&tmp, "half a fi").expect("write");
    assert_eq!(store.list().expect("list").deployments.len(), 1);
    assert!(store.list().expect("list").set_aside.is_empty());
    // Old enough: removed when the store opens.
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    fs::File::options()
        .write(true)
        .open(&tmp)
        .expect("open")
        .set_modified(old)
        .expect("mtime");
    drop(store);
    let _store = Store::open(dirs, SecretStore::session_only(&profile.namespace())).expect("open");
    assert!(!tmp.exists());
}

#[test]
fn without_a_keyring_secrets_fail_clearly_until_session_only_is_chosen() {
    let (_dir, store) = memory_store();
    let dirs = store.dirs().clone();
    let reason = SecretStoreError::Unavailable {
        detail: "no session bus".into(),
    };
    let store = Store::open(
        dirs.clone(),
        SecretStore::unavailable(&dirs.keyring_service(), reason),
    )
    .expect("open");
    assert_eq!(store.secret_storage().mode, SecretStorageMode::Unavailable);
    assert!(store.secret_storage().message.contains("gnome-keyring"));
    // Deployments still work.
    let id = store.create(deployment("No keyring")).expect("create");
    let e = store
        .set_secret(&id, SecretField::AdminToken, &Secret::from("t"))
        .expect_err("no keyring");
    assert_eq!(e.code(), "keyring_unavailable");
    assert!(
        e.to_string().contains("memory for this session only"),
        "{e}"
    );
    // A deployment with a typed secret is not created half-way.
    let mut d = deployment("With secret");
    d.platforms
        .get_mut(&PlatformId::Facebook)
        .expect("fb")
        .client_secret = Some(Secret::from("s"));
    assert!(store.create(d).is_err());
    assert_eq!(store.list().expect("list").deployments.len(), 1);

    let status = store.use_session_only_secrets();
    assert_eq!(status.mode, SecretStorageMode::SessionOnly);
    assert!(status.message.contains("forgotten when the app closes"));
    store
        .set_secret(&id, SecretField::AdminToken, &Secret::from("t"))
        .expect("session only");
    assert!(
        store
            .get_secret(&id, SecretField::AdminToken)
            .expect("get")
            .is_some()
    );
    // Choosing it again does not forget what was entered.
    store.use_session_only_secrets();
    assert!(
        store
            .get_secret(&id, SecretField::AdminToken)
            .expect("get")
            .is_some()
    );
}

#[test]
fn dev_and_test_profiles_never_share_the_release_data_folder_or_keyring_service() {
    let release = AppDirs::resolve(Profile::Release).expect("home");
    for p in [Profile::Dev, Profile::new_test()] {
        let d = AppDirs::resolve(p.clone()).expect("home");
        assert_ne!(d.root(), release.root(), "{p}");
        assert!(!d.root().starts_with(release.root()), "{p}");
        assert_ne!(d.keyring_service(), release.keyring_service(), "{p}");
    }
    // A test store writes only under its own folder.
    let (dir, store) = memory_store();
    store.create(deployment("Isolated")).expect("create");
    assert!(store.dirs().root().starts_with(dir.path()));
    assert_ne!(store.secrets().service(), "socialmine-setup");
    assert!(
        store
            .secrets()
            .service()
            .starts_with("socialmine-setup-test-")
    );
}

#[test]
fn an_unreadable_entry_does_not_hide_the_others() {
    let (_dir, store) = memory_store();
    let good = store.create(deployment("Good")).expect("create");
    let dir = store.dirs().deployments_dir();
    // A folder where a deployment file is expected.
    fs::create_dir(dir.join("folder-1.toml")).expect("mkdir");
    // A deployment file written by a Windows editor (byte-order mark) still loads.
    let bom = store.create(deployment("Bom")).expect("create");
    let path = dir.join(format!("{bom}.toml"));
    let text = fs::read_to_string(&path).expect("read");
    fs::write(&path, format!("\u{feff}{text}")).expect("write");
    let list = store.list().expect("list");
    let ids: Vec<_> = list.deployments.iter().map(|d| d.id.clone()).collect();
    assert_eq!(ids, [bom, good]);
    assert_eq!(list.set_aside.len(), 1, "{:?}", list.set_aside);
    assert_eq!(list.set_aside[0].file_name, "folder-1.toml");
}

#[test]
fn a_file_set_aside_during_a_name_check_is_reported_by_the_next_list() {
    let (_dir, store) = memory_store();
    let bad = store.create(deployment("Bad")).expect("create");
    let path = store.dirs().deployments_dir().join(format!("{bad}.toml"));
    fs::write(&path, "not toml at all = = =").expect("write");
    // Creating another deployment checks names, which reads (and sets aside) every file.
    store.create(deployment("Other")).expect("create");
    assert!(!path.exists());
    let list = store.list().expect("list");
    assert_eq!(list.set_aside.len(), 1, "{:?}", list.set_aside);
    assert_eq!(list.set_aside[0].file_name, format!("{bad}.toml"));
    assert!(store.list().expect("list").set_aside.is_empty());
}

#[test]
fn a_state_file_set_aside_while_recording_is_reported_by_the_next_list() {
    let (_dir, store) = memory_store();
    let id = store.create(deployment("X")).expect("create");
    let path = store
        .dirs()
        .deployments_dir()
        .join(format!("{id}.state.toml"));
    fs::write(&path, "\u{0}\u{1}garbage").expect("write");
    store
        .record_push(&id, &[PlatformId::Facebook])
        .expect("push still recorded");
    let list = store.list().expect("list");
    assert_eq!(list.set_aside.len(), 1, "{:?}", list.set_aside);
    assert_eq!(list.set_aside[0].file_name, format!("{id}.state.toml"));
    assert!(list.deployments[0].last_pushed_at.is_some());
}
