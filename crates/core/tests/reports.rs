//! Scope checklists and handover reports: golden files for both formats, the HTML is a whole
//! self-contained page, user values come out inert, and no secret (nor its tail) gets in.
//!
//! The expected files live in `tests/golden/`. After an intended change of a report, re-bless
//! them with `UPDATE_GOLDEN=1 cargo test -p socialmine-core --test reports` and review the diff.
//! The golden tests use the catalog copy in `tests/golden/catalog.toml`, so a change of the
//! built-in catalog does not change them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use scraper::{Html, Selector};
use socialmine_core::report::{
    HandoverInput, ItemKey, PushRecord, ReportFormat, SecretInfo, VerificationResult,
    VerificationStatus, render_checklist, render_handover,
};
use socialmine_core::{Catalog, Date, Deployment, Field, PlatformId, Secret, check_deployment};

const DATE: &str = "2026-12-02";

fn date() -> Date {
    DATE.parse().expect("date")
}

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn catalog() -> Catalog {
    let text = std::fs::read_to_string(golden_dir().join("catalog.toml")).expect("fixture catalog");
    Catalog::parse(&text).expect("fixture catalog parses")
}

fn acme() -> Deployment {
    let text = std::fs::read_to_string(golden_dir().join("acme.deployment.toml"))
        .expect("fixture deployment");
    Deployment::parse(&text).expect("fixture deployment parses")
}

/// Compares with a golden file, or writes it when `UPDATE_GOLDEN` is set.
fn golden(name: &str, actual: &str) {
    let path = golden_dir().join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).expect("write golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing golden file {}: run UPDATE_GOLDEN=1 cargo test -p socialmine-core --test reports",
            path.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{name} differs from the golden file at line {}:\nexpected: {:?}\nactual:   {:?}\n(if the change is intended: UPDATE_GOLDEN=1 cargo test -p socialmine-core --test reports)",
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

fn handover_input<'a>(catalog: &'a Catalog, d: &'a Deployment) -> HandoverInput<'a> {
    let stored: BTreeSet<PlatformId> = [PlatformId::Facebook].into();
    let findings = check_deployment(catalog, date(), d, &stored);
    HandoverInput {
        catalog,
        deployment: d,
        findings,
        verification: vec![
            VerificationResult {
                platform: None,
                check: "Admin API reachable".into(),
                status: VerificationStatus::Verified,
                code: None,
                message: "SocialMine answered in 120 ms".into(),
                at: "2026-12-02T09:00:00Z".into(),
            },
            VerificationResult {
                platform: Some(PlatformId::Facebook),
                check: "App ID known to Meta".into(),
                status: VerificationStatus::Verified,
                code: Some("app_found".into()),
                message: "Meta knows app 1234567890123456 (\"Acme posting\")".into(),
                at: "2026-12-02T09:00:01Z".into(),
            },
            VerificationResult {
                platform: Some(PlatformId::Linkedin),
                check: "Redirect URL registered".into(),
                status: VerificationStatus::Rejected,
                code: Some("redirect_mismatch".into()),
                message: "LinkedIn refused the callback <https://api.acme.com/...>".into(),
                at: "2026-12-02T09:00:02Z".into(),
            },
        ],
        pushes: [
            (
                PlatformId::Facebook,
                PushRecord {
                    pushed_at: Some("2026-12-01T16:20:00Z".into()),
                    revision: Some(7),
                    enabled: Some(true),
                    read_at: Some("2026-12-02T08:59:00Z".into()),
                },
            ),
            (
                PlatformId::Linkedin,
                PushRecord {
                    pushed_at: None,
                    revision: Some(2),
                    enabled: Some(false),
                    read_at: Some("2026-12-02T08:59:00Z".into()),
                },
            ),
        ]
        .into(),
        secrets: Some(
            [(
                PlatformId::Facebook,
                SecretInfo {
                    in_keyring: true,
                    set_at: Some("2026-11-30T10:00:00Z".into()),
                },
            )]
            .into(),
        ),
        known_secrets: vec![],
        date: date(),
    }
}

#[test]
fn golden_blank_checklist() {
    let c = catalog();
    golden(
        "checklist-blank.md",
        &render_checklist(&c, None, &[], date(), ReportFormat::Markdown, &[]),
    );
    golden(
        "checklist-blank.html",
        &render_checklist(&c, None, &[], date(), ReportFormat::Html, &[]),
    );
}

#[test]
fn golden_deployment_checklist() {
    let c = catalog();
    let d = acme();
    let platforms = [PlatformId::Facebook, PlatformId::Linkedin];
    golden(
        "checklist-acme.md",
        &render_checklist(
            &c,
            Some(&d),
            &platforms,
            date(),
            ReportFormat::Markdown,
            &[],
        ),
    );
    golden(
        "checklist-acme.html",
        &render_checklist(&c, Some(&d), &platforms, date(), ReportFormat::Html, &[]),
    );
}

#[test]
fn golden_handover() {
    let c = catalog();
    let d = acme();
    let input = handover_input(&c, &d);
    golden(
        "handover-acme.md",
        &render_handover(&input, ReportFormat::Markdown),
    );
    golden(
        "handover-acme.html",
        &render_handover(&input, ReportFormat::Html),
    );
}

/// Every HTML output the tests look at.
fn html_outputs() -> Vec<(String, String)> {
    let c = catalog();
    let d = acme();
    let mut out = vec![
        (
            "blank checklist".to_owned(),
            render_checklist(&c, None, &[], date(), ReportFormat::Html, &[]),
        ),
        (
            "deployment checklist".to_owned(),
            render_checklist(&c, Some(&d), &[], date(), ReportFormat::Html, &[]),
        ),
    ];
    out.push((
        "handover".to_owned(),
        render_handover(&handover_input(&c, &d), ReportFormat::Html),
    ));
    out
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

#[test]
fn html_parses_as_a_whole_document() {
    for (what, text) in html_outputs() {
        assert!(text.starts_with("<!DOCTYPE html>"), "{what}: no doctype");
        let doc = Html::parse_document(&text);
        assert!(
            doc.errors.is_empty(),
            "{what}: parse errors {:?}",
            doc.errors
        );
        for tag in ["html", "head", "body"] {
            assert_eq!(doc.select(&sel(tag)).count(), 1, "{what}: one <{tag}>");
        }
        assert_eq!(doc.select(&sel("head > title")).count(), 1, "{what}: title");
        let title: String = doc
            .select(&sel("head > title"))
            .flat_map(|t| t.text())
            .collect();
        assert!(!title.trim().is_empty(), "{what}: empty title");
        assert!(
            doc.select(&sel("head > meta[charset]")).count() == 1,
            "{what}: charset"
        );
        assert!(doc.select(&sel("body h1")).count() == 1, "{what}: h1");
        assert_eq!(doc.select(&sel("html[lang]")).count(), 1, "{what}: lang");
    }
}

#[test]
fn html_references_nothing_outside() {
    for (what, text) in html_outputs() {
        let doc = Html::parse_document(&text);
        for tag in [
            "script", "link", "img", "iframe", "object", "embed", "video", "audio", "source",
            "picture", "svg", "base", "form", "frame",
        ] {
            assert_eq!(doc.select(&sel(tag)).count(), 0, "{what}: has <{tag}>");
        }
        for el in doc.select(&sel("*")) {
            for (name, value) in el.value().attrs() {
                let v = value.trim().to_ascii_lowercase();
                assert!(
                    !matches!(
                        name,
                        "src" | "srcset" | "href" | "poster" | "data" | "action" | "background"
                    ),
                    "{what}: <{}> has a {name} attribute ({value})",
                    el.value().name()
                );
                assert!(
                    !name.starts_with("on"),
                    "{what}: event handler attribute {name}"
                );
                assert!(
                    !(v.contains("url(") || v.contains("@import")) || name == "content",
                    "{what}: attribute {name} loads something: {value}"
                );
            }
        }
        for style in doc.select(&sel("style")) {
            let css: String = style.text().collect::<String>().to_ascii_lowercase();
            assert!(!css.contains("@import"), "{what}: @import");
            assert!(!css.contains("url("), "{what}: url()");
            assert!(!css.contains("@font-face"), "{what}: @font-face");
        }
        let csp = doc
            .select(&sel("meta[http-equiv=\"Content-Security-Policy\"]"))
            .next()
            .and_then(|m| m.value().attr("content"))
            .unwrap_or_default()
            .to_owned();
        assert!(csp.contains("default-src 'none'"), "{what}: CSP {csp}");
    }
}

#[test]
fn html_prints_on_a4_and_letter_without_colour() {
    let (_, text) = &html_outputs()[0];
    assert!(text.contains("@page"), "print page rules");
    assert!(text.contains("@media print"), "print media rules");
    // A fixed page size would crop one of A4 / Letter: the page size is left to the printer.
    assert!(!text.contains("size: A4") && !text.contains("size: letter"));
    let doc = Html::parse_document(text);
    let css: String = doc.select(&sel("style")).flat_map(|s| s.text()).collect();
    for line in css.lines().filter(|l| l.contains("color")) {
        assert!(
            line.contains("#000") || line.contains("#fff"),
            "only black and white: {line}"
        );
    }
    // Ticks are words and boxes, not colours.
    assert!(text.contains("not ticked"));
}

/// Markdown as a CommonMark viewer shows it.
fn markdown_to_html(md: &str) -> String {
    let mut out = String::new();
    let opts = pulldown_cmark::Options::ENABLE_TABLES | pulldown_cmark::Options::ENABLE_TASKLISTS;
    pulldown_cmark::html::push_html(&mut out, pulldown_cmark::Parser::new_ext(md, opts));
    out
}

#[test]
fn user_values_come_out_inert() {
    let c = catalog();
    let d = acme();
    let html = render_checklist(&c, Some(&d), &[], date(), ReportFormat::Html, &[]);
    let doc = Html::parse_document(&html);
    assert_eq!(doc.select(&sel("script")).count(), 0);
    let text: String = doc.root_element().text().collect();
    assert!(text.contains("<script>alert('x')</script> Advanced Access: granted"));
    assert!(text.contains("Scope checklist: Acme <production> & friends"));
    assert!(html.contains("&lt;script&gt;"));

    let md = render_checklist(&c, Some(&d), &[], date(), ReportFormat::Markdown, &[]);
    assert!(!md.contains("<script>"), "markdown passes raw HTML through");
    let rendered = markdown_to_html(&md);
    let doc = Html::parse_fragment(&rendered);
    assert_eq!(doc.select(&sel("script")).count(), 0);
    assert_eq!(
        doc.select(&sel("a")).count(),
        0,
        "a note cannot make a link"
    );
    let text: String = doc.root_element().text().collect();
    assert!(text.contains("<script>alert('x')</script> Advanced Access: granted"));
    assert!(text.contains("Waiting for Business Verification | *not yet*"));
    // The task list is a real one.
    assert!(doc.select(&sel("input[type=checkbox][checked]")).count() >= 2);
    assert!(md.contains("\\<script\\>"));
    assert!(!md.contains("[link](https"), "a note cannot make a link");
    assert!(md.contains("- [x] **1. Create a Meta app**"));
    assert!(md.contains("- [ ] **`pages_show_list`**"));

    let handover = render_handover(&handover_input(&c, &d), ReportFormat::Html);
    let doc = Html::parse_document(&handover);
    let text: String = doc.root_element().text().collect();
    assert!(text.contains("LinkedIn refused the callback <https://api.acme.com/...>"));
}

#[test]
fn checklists_cover_one_platform_or_all() {
    let c = catalog();
    let one = render_checklist(
        &c,
        None,
        &[PlatformId::Twitter],
        date(),
        ReportFormat::Markdown,
        &[],
    );
    assert!(one.contains("## X (Twitter)") && !one.contains("## Facebook"));
    assert!(one.contains("`{API_PUBLIC_URL}/api/connect/twitter/callback`"));
    assert!(one.contains("`tweet.write`") && one.contains("(checked 2026-12-02)"));
    let all = render_checklist(&c, None, &[], date(), ReportFormat::Markdown, &[]);
    for p in c.platforms_in_order() {
        assert!(all.contains(&format!("## {}", p.display_name)), "{}", p.id);
        for s in &p.default_scopes {
            assert!(all.contains(&format!("`{s}`")), "{s}");
        }
        for s in &p.steps {
            assert!(all.contains(&s.title), "{}", s.title);
        }
    }
    let d = acme();
    let with = render_checklist(&c, Some(&d), &[], date(), ReportFormat::Markdown, &[]);
    assert!(with.contains("`https://api.acme.com/api/connect/threads/callback`"));
    assert!(with.contains("Date: 2026-12-02"));
}

// ---------------------------------------------------------------------------------------------
// Secrets

const FILE_SECRET: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
const KEYRING_SECRET: &str = "Kx7-QmZ2_vT9pLw4Rb8nYc3Hd6Jf1Gs0Ae5Uo2Ik9Wq7Er4Ty8Zu";
const ODD_SECRET: &str = "hunter2-not-a-known-shape-Qz81";

/// A deployment where secrets sit in the wrong places: a note, the name, the Client ID
/// field, the console redirect URL, a custom scope.
fn leaky() -> Deployment {
    let tail = &FILE_SECRET[FILE_SECRET.len() - 6..];
    let mut d = Deployment::new("https://api.acme.com");
    d.name = Some(format!("Acme ...{tail}"));
    let set = |d: &mut Deployment, p: PlatformId, f: Field, v: &str| {
        d.set_field(Some(p), f, Some(v.to_owned())).expect("set");
    };
    set(
        &mut d,
        PlatformId::Facebook,
        Field::ClientId,
        "1234567890123456",
    );
    set(
        &mut d,
        PlatformId::Facebook,
        Field::ClientSecret,
        FILE_SECRET,
    );
    set(&mut d, PlatformId::Twitter, Field::ClientId, KEYRING_SECRET);
    set(
        &mut d,
        PlatformId::Twitter,
        Field::ConsoleRedirectUrl,
        &format!("https://api.acme.com/cb?{ODD_SECRET}"),
    );
    set(
        &mut d,
        PlatformId::Linkedin,
        Field::Scope,
        &format!("openid {ODD_SECRET}"),
    );
    set(
        &mut d,
        PlatformId::Tiktok,
        Field::ClientId,
        "0123456789abcdef0123456789abcdef",
    );
    d.checklist.set(
        PlatformId::Facebook,
        &ItemKey::Scope("pages_manage_posts".into()),
        true,
        Some(format!(
            "secret is {FILE_SECRET}, keyring one ends {}",
            &KEYRING_SECRET[40..]
        )),
        Some(ODD_SECRET.into()),
    );
    d.checklist.set(
        PlatformId::Twitter,
        &ItemKey::Step("Create a Project and an App".into()),
        true,
        Some(format!(
            "pasted by mistake: {KEYRING_SECRET} and {ODD_SECRET}"
        )),
        None,
    );
    d
}

fn assert_no_secret(what: &str, text: &str) {
    for s in [FILE_SECRET, KEYRING_SECRET, ODD_SECRET] {
        let tail = &s[s.len() - 4..];
        assert!(!text.contains(s), "{what} shows a secret");
        assert!(
            !text.contains(tail),
            "{what} shows a secret's last characters {tail}"
        );
    }
}

#[test]
fn no_secret_nor_its_tail_reaches_a_report() {
    let c = catalog();
    let d = leaky();
    let known = [Secret::from(KEYRING_SECRET), Secret::from(ODD_SECRET)];
    for format in [ReportFormat::Markdown, ReportFormat::Html] {
        for platforms in [
            &[][..],
            &[PlatformId::Facebook][..],
            &[PlatformId::Twitter][..],
        ] {
            let out = render_checklist(&c, Some(&d), platforms, date(), format, &known);
            assert_no_secret(&format!("checklist {format} {platforms:?}"), &out);
        }
        let findings = check_deployment(&c, date(), &d, &BTreeSet::new());
        let input = HandoverInput {
            catalog: &c,
            deployment: &d,
            findings,
            verification: vec![VerificationResult {
                platform: Some(PlatformId::Twitter),
                check: format!("token {ODD_SECRET}"),
                status: VerificationStatus::Rejected,
                code: Some(KEYRING_SECRET.into()),
                message: format!("X said: invalid client secret {KEYRING_SECRET}"),
                at: "2026-12-02T09:00:00Z".into(),
            }],
            pushes: BTreeMap::new(),
            secrets: Some(BTreeMap::new()),
            known_secrets: known.to_vec(),
            date: date(),
        };
        let out = render_handover(&input, format);
        assert_no_secret(&format!("handover {format}"), &out);
        // The rest of the report is still there.
        assert!(
            out.contains("1234567890123456"),
            "a real client ID is shown"
        );
        assert!(out.contains("hidden: looks like a secret"));
        assert!(out.contains("Written in the deployment file (not shown)"));
    }
}

#[test]
fn a_secret_the_app_does_not_know_is_hidden_by_its_shape() {
    let c = catalog();
    let mut d = acme();
    let meta_secret = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
    d.checklist.set(
        PlatformId::Facebook,
        &ItemKey::Step("Create a Meta app".into()),
        true,
        Some(format!("App Secret is {meta_secret}.")),
        None,
    );
    for format in [ReportFormat::Markdown, ReportFormat::Html] {
        let out = render_checklist(&c, Some(&d), &[], date(), format, &[]);
        assert!(
            !out.contains(meta_secret) && !out.contains("8f90"),
            "{format}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The checklist state in the deployment file

#[test]
fn ticks_and_notes_round_trip_through_the_deployment_file() {
    let d = acme();
    assert_eq!(
        d.checklist.ticked_scopes(PlatformId::Facebook),
        ["pages_manage_posts"]
    );
    let text = d.to_toml_without_secrets();
    assert!(
        text.contains("[checklist.facebook.scopes.pages_manage_posts]"),
        "{text}"
    );
    let back = Deployment::parse(&text).expect("parses");
    assert_eq!(back, d);

    let with_secrets = d.to_toml(socialmine_core::SecretsInFile::Include);
    assert_eq!(Deployment::parse(&with_secrets).expect("parses"), d);
}

#[test]
fn files_without_a_checklist_still_load_and_stay_without_one() {
    let d = Deployment::parse("api_public_url = \"https://api.acme.com\"\n").expect("parses");
    assert!(d.checklist.is_empty());
    assert!(!d.to_toml_without_secrets().contains("checklist"));
}

#[test]
fn a_bad_checklist_entry_names_its_key() {
    let e = Deployment::parse(
        "api_public_url = \"https://a.example\"\n[checklist.facebook.scopes.email]\nticked = \"yes\"\n",
    )
    .expect_err("a tick is true or false");
    assert!(
        e.to_string().contains("checklist.facebook.scopes.email"),
        "{e}"
    );
    let e = Deployment::parse(
        "api_public_url = \"https://a.example\"\n[checklist.x.scopes.email]\nticked = true\n",
    )
    .expect_err("x is spelled twitter");
    assert!(e.to_string().contains("twitter"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// Whatever a note or a name holds

mod hostile {
    use super::*;
    use proptest::prelude::*;

    const ALLOWED: [&str; 28] = [
        "ul", "li", "html", "head", "meta", "title", "style", "body", "header", "footer",
        "section", "h1", "h2", "h3", "dl", "dt", "dd", "p", "table", "thead", "tbody", "tr", "th",
        "td", "span", "strong", "code", "br",
    ];

    fn text() -> impl Strategy<Value = String> {
        let pieces = prop_oneof![
            Just("<script>alert(1)</script>".to_owned()),
            Just("<img src=https://evil.example/x.png onerror=alert(1)>".to_owned()),
            Just("</td></tr></table></body></html>".to_owned()),
            Just("<style>@import url(https://evil.example/a.css)</style>".to_owned()),
            Just("\"'&<>`*_[]()#|\\".to_owned()),
            Just("\n\r\t\u{0}\u{7}\u{200B}".to_owned()),
            Just("-->".to_owned()),
            Just("<!--".to_owned()),
            any::<String>(),
        ];
        proptest::collection::vec(pieces, 0..8).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn any_note_or_name_stays_text(note in text(), name in text(), scope in text()) {
            let c = Catalog::built_in();
            let mut d = Deployment::new("https://api.acme.com");
            d.name = Some(name);
            d.set_field(Some(PlatformId::Linkedin), Field::Scope, Some(format!("openid {scope}"))).expect("set");
            d.checklist.set(PlatformId::Linkedin, &ItemKey::Step("Register the callback URL".into()), true, Some(note.clone()), Some(note));
            let text = d.to_toml_without_secrets();
            prop_assert_eq!(Deployment::parse(&text).expect("own output parses"), d.clone());

            let html = render_checklist(&c, Some(&d), &[PlatformId::Linkedin], date(), ReportFormat::Html, &[]);
            let handover = render_handover(&HandoverInput::offline(&c, &d, date()), ReportFormat::Html);
            for page in [html, handover] {
                let doc = Html::parse_document(&page);
                prop_assert!(doc.errors.is_empty(), "{:?}", doc.errors);
                for el in doc.select(&sel("*")) {
                    let tag = el.value().name();
                    prop_assert!(ALLOWED.contains(&tag), "unexpected <{}>", tag);
                    for (attr, _) in el.value().attrs() {
                        prop_assert!(
                            matches!(attr, "lang" | "charset" | "http-equiv" | "content" | "name" | "class" | "id" | "scope" | "aria-hidden"),
                            "unexpected attribute {}", attr
                        );
                    }
                }
                prop_assert_eq!(doc.select(&sel("body")).count(), 1);
            }
            let md = render_checklist(&c, Some(&d), &[PlatformId::Linkedin], date(), ReportFormat::Markdown, &[]);
            let md_handover = render_handover(&HandoverInput::offline(&c, &d, date()), ReportFormat::Markdown);
            for page in [md, md_handover] {
                let rendered = markdown_to_html(&page);
                let doc = Html::parse_fragment(&rendered);
                for tag in ["script", "img", "style", "a", "iframe"] {
                    prop_assert_eq!(doc.select(&sel(tag)).count(), 0, "Markdown renders a <{}>", tag);
                }
            }
        }
    }
}
