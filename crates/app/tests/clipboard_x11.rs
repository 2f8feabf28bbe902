//! Copying a secret to the real X clipboard (issue 13 item 5): it is offered with the
//! `x-kde-passwordManagerHint` target that keeps it out of clipboard managers' history, cleared
//! after the delay, and left alone when something else was copied since. Needs a display and
//! `xclip`: `make keyring-test` runs it under Xvfb (it is ignored by a plain `cargo test`).

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use socialmine_app::clipboard::SecretCopier;
use socialmine_core::Secret;

const SECRET: &str = "0123456789abcdef0123456789abcdef";

fn xclip(args: &[&str]) -> String {
    let out = Command::new("xclip")
        .args(["-selection", "clipboard"])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("xclip could not run ({e}): install it (make apt-deps)"));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn copy_with_xclip(text: &str) {
    use std::io::Write;
    let mut child = Command::new("xclip")
        .args(["-selection", "clipboard", "-i"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("xclip could not run: {e}"));
    child
        .stdin
        .take()
        .map(|mut i| i.write_all(text.as_bytes()))
        .unwrap_or_else(|| panic!("no stdin"))
        .unwrap_or_else(|e| panic!("{e}"));
    // xclip serves the selection from a process of its own once its input is read.
    let _ = child.wait();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs an X display and xclip: make keyring-test"]
async fn a_copied_secret_is_marked_for_password_managers_and_cleared_unless_replaced() {
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "no DISPLAY: run under xvfb-run"
    );
    let copier = Arc::new(SecretCopier::system());
    let clear_after = Duration::from_secs(1);

    let done = copier
        .copy(Secret::from(SECRET), clear_after)
        .await
        .unwrap_or_else(|e| panic!("{}", e.message));
    assert_eq!(done.cleared_after_seconds, 1);
    let targets = xclip(&["-t", "TARGETS", "-o"]);
    assert!(
        targets
            .lines()
            .any(|t| t.trim() == "x-kde-passwordManagerHint"),
        "targets: {targets}"
    );
    assert_eq!(xclip(&["-o"]), SECRET);
    assert_eq!(xclip(&["-t", "x-kde-passwordManagerHint", "-o"]), "secret");

    tokio::time::sleep(clear_after + Duration::from_millis(1500)).await;
    assert!(
        !xclip(&["-o"]).contains(SECRET),
        "the secret is still on the clipboard after the delay"
    );

    // Copied again, then the admin copies something else: that stays.
    copier
        .copy(Secret::from(SECRET), clear_after)
        .await
        .unwrap_or_else(|e| panic!("{}", e.message));
    assert_eq!(xclip(&["-o"]), SECRET);
    copy_with_xclip("something the admin copied");
    assert_eq!(xclip(&["-o"]), "something the admin copied");
    tokio::time::sleep(clear_after + Duration::from_millis(1500)).await;
    assert_eq!(xclip(&["-o"]), "something the admin copied");
}
