//! Rules about the source itself that no compiler checks (issue 13 item 6): no struct that
//! derives `Debug` holds a secret as a plain string. A field named like a secret (`*secret*`,
//! `*token*`, `*password*`, `*passphrase*`) of type `String` (or `Option<String>`,
//! `Vec<String>`, `&str`) in such a struct would print the secret in any `{:?}` of a log line or
//! an error; it must be a `Secret` (whose `Debug` is redacted), or the struct must implement
//! `Debug` by hand without it.

use std::fs;
use std::path::{Path, PathBuf};

/// Field names that contain a secret word but are not secrets themselves.
const NOT_SECRETS: &[&str] = &[
    "_hint", "_digest", "_url", "_words", "_help", "_label", "_at", "_len", "_chars", "_kind",
    "_field", "_min",
];

const SECRET_WORDS: &[&str] = &["secret", "token", "password", "passphrase"];

const PLAIN_TYPES: &[&str] = &[
    "String",
    "Option<String>",
    "Vec<String>",
    "&str",
    "&'a str",
    "Option<&str>",
    "Box<str>",
];

/// Each `(struct, field, type)` of `source` that breaks the rule.
fn violations(source: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find("#[derive(") {
        rest = &rest[at + "#[derive(".len()..];
        let Some(close) = rest.find(")]") else {
            break;
        };
        let derives = &rest[..close];
        rest = &rest[close..];
        if !derives.split(',').any(|d| d.trim() == "Debug") {
            continue;
        }
        // The item the derive belongs to: skip other attributes and doc comments.
        let item = rest[2..]
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with("#[") && !l.starts_with("//"))
            .unwrap_or("");
        let Some(name) = struct_name(item) else {
            continue;
        };
        let Some(open) = rest.find('{') else {
            break;
        };
        // A tuple or unit struct ends before any brace of its own.
        if rest[..open].contains(';') {
            continue;
        }
        let body = braced(&rest[open..]);
        for line in body.lines() {
            let line = line.trim();
            if line.starts_with("//") || line.starts_with('#') {
                continue;
            }
            let line = line
                .trim_start_matches("pub(crate) ")
                .trim_start_matches("pub(super) ")
                .trim_start_matches("pub ");
            let Some((field, ty)) = line.split_once(':') else {
                continue;
            };
            let field = field.trim();
            if field.contains(' ') || field.is_empty() {
                continue;
            }
            let ty = ty.trim().trim_end_matches(',').trim();
            let lower = field.to_ascii_lowercase();
            let named_secret = SECRET_WORDS.iter().any(|w| lower.contains(w))
                && !NOT_SECRETS.iter().any(|s| lower.ends_with(s));
            if named_secret && PLAIN_TYPES.contains(&ty) {
                out.push((name.to_owned(), field.to_owned(), ty.to_owned()));
            }
        }
    }
    out
}

fn struct_name(item: &str) -> Option<&str> {
    let after = item.split_once("struct ")?.1;
    let before = item.split_once("struct ")?.0;
    if !(before.is_empty() || before.trim_end().starts_with("pub")) {
        return None;
    }
    let end = after
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(after.len());
    Some(&after[..end])
}

/// The text inside the braces that open at the start of `s` (nested braces included).
fn braced(s: &str) -> &str {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return &s[1..i];
                }
            }
            _ => {}
        }
    }
    s
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if p.is_dir() {
            if name != "target" && name != "node_modules" && !name.starts_with('.') {
                rust_files(&p, out);
            }
        } else if name.ends_with(".rs") {
            out.push(p);
        }
    }
}

#[test]
fn no_struct_deriving_debug_holds_a_secret_as_a_plain_string() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in ["crates", "src-tauri/src", "tests", "fuzz"] {
        rust_files(&root.join(dir), &mut files);
    }
    assert!(
        files.len() > 50,
        "the source was not found: {}",
        files.len()
    );
    let mut found = Vec::new();
    for f in &files {
        let text = fs::read_to_string(f).unwrap_or_default();
        for (s, field, ty) in violations(&text) {
            found.push(format!("{}: {s}.{field}: {ty}", f.display()));
        }
    }
    assert!(
        found.is_empty(),
        "structs deriving Debug with a secret as a plain string (make it a Secret, or write \
         Debug by hand without it):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_rule_finds_a_plain_secret_and_lets_the_rest_through() {
    let bad = "/// x\n#[derive(Debug, Clone)]\n#[serde(default)]\npub struct Login {\n    pub email: String,\n    pub password: String,\n    client_secret: Option<String>,\n}\n";
    assert_eq!(
        violations(bad),
        vec![
            (
                "Login".to_owned(),
                "password".to_owned(),
                "String".to_owned()
            ),
            (
                "Login".to_owned(),
                "client_secret".to_owned(),
                "Option<String>".to_owned()
            ),
        ]
    );
    let fine = "#[derive(Debug)]\npub struct A {\n    pub secret: Secret,\n    pub secret_hint: Option<String>,\n    pub token_url: String,\n}\n#[derive(Clone)]\npub struct B {\n    pub password: String,\n}\n#[derive(Debug)]\npub enum C {\n    Password(String),\n}\n#[derive(Debug)]\npub struct D(String);\n";
    assert!(violations(fine).is_empty(), "{:?}", violations(fine));
}
