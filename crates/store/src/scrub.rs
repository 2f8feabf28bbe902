//! Scrubbing secrets out of files that are kept for the user to look at (issue 13 item 7): a
//! corrupt deployment file is set aside rather than deleted, and it may hold a client secret
//! typed into it. The copy keeps every line, but the value of any key that names a secret
//! (`client_secret`, `secret`, `token`, `password`, `passphrase`, `api_key`) is replaced with
//! a note, and the original's bytes are overwritten before it is removed.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use crate::atomic::write_atomic;

/// What a secret value is replaced with.
pub(crate) const REMOVED: &str = "\"<removed: secrets are kept in the system keyring>\"";

fn names_a_secret(key: &str) -> bool {
    let k = key
        .trim()
        .trim_matches(['"', '\''])
        .to_ascii_lowercase()
        .replace('-', "_");
    let last = k.rsplit('.').next().unwrap_or(&k);
    [
        "secret",
        "token",
        "password",
        "passphrase",
        "api_key",
        "apikey",
    ]
    .iter()
    .any(|w| last.contains(w))
}

/// The text with the value of every secret-named key replaced. A multi-line string value
/// (`"""`/`'''`) is removed up to its closing quotes (or to the end, if it never closes).
pub(crate) fn scrub_text(text: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut removed = 0;
    let mut skipping_until: Option<&str> = None;
    for line in text.split_inclusive('\n') {
        if let Some(close) = skipping_until {
            if line.contains(close) {
                skipping_until = None;
            }
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            out.push_str(line);
            continue;
        };
        if !names_a_secret(key) || key.trim_start().starts_with('#') {
            out.push_str(line);
            continue;
        }
        removed += 1;
        let v = value.trim_start();
        for q in ["\"\"\"", "'''"] {
            if let Some(rest) = v.strip_prefix(q)
                && !rest.contains(q)
            {
                skipping_until = Some(q);
            }
        }
        out.push_str(key.trim_end());
        out.push_str(" = ");
        out.push_str(REMOVED);
        out.push('\n');
    }
    (out, removed)
}

/// Writes `from`'s content, scrubbed, to `to` (owner-only permissions), then overwrites `from`
/// with zeros and removes it. Returns how many secret values were removed. A file that is not
/// text is kept only as a note saying so; anything but a plain file is just renamed.
pub(crate) fn move_scrubbed(from: &Path, to: &Path) -> io::Result<usize> {
    // Something that is not a plain file (a folder named like a deployment) is only renamed.
    if !fs::symlink_metadata(from)?.is_file() {
        return fs::rename(from, to).map(|()| 0);
    }
    let bytes = fs::read(from)?;
    let (text, removed) = match std::str::from_utf8(&bytes) {
        Ok(t) => scrub_text(t),
        Err(_) => (
            "# This file was not text; its content was removed because it may have held a secret.\n"
                .to_owned(),
            1,
        ),
    };
    write_atomic(to, text.as_bytes())?;
    // Best effort: the file system may keep old blocks, but the plain copy is gone.
    if let Ok(mut f) = fs::OpenOptions::new().write(true).open(from) {
        let _ = f.write_all(&vec![0u8; bytes.len()]);
        let _ = f.sync_all();
    }
    fs::remove_file(from)?;
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_values_go_and_everything_else_stays() {
        let text = "name = \"Acme\"\n[platforms.facebook]\nclient_id = \"123\"\nclient_secret = \"s3cr3t-value\"\n\"admin-token\"=tok\n# secret = note\nbroken line without equals s3cr3t\n";
        let (out, n) = scrub_text(text);
        assert_eq!(n, 2, "{out}");
        assert!(
            !out.contains("s3cr3t-value") && !out.contains("=tok"),
            "{out}"
        );
        assert!(out.contains("client_id = \"123\"") && out.contains("name = \"Acme\""));
        assert!(out.contains("# secret = note"));
        // A secret in a line that is not `key = value` cannot be recognised; it stays.
        assert!(out.contains("broken line"));
    }

    #[test]
    fn multi_line_secret_strings_are_removed_whole() {
        let text = "client_secret = \"\"\"\nline-one\nline-two\"\"\"\nscope = \"email\"\n";
        let (out, n) = scrub_text(text);
        assert_eq!(n, 1);
        assert!(
            !out.contains("line-one") && !out.contains("line-two"),
            "{out}"
        );
        assert!(out.contains("scope = \"email\""), "{out}");
    }
}
