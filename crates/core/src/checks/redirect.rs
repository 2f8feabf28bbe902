//! Callback URLs: the override against the derived default, and the redirect URL registered
//! in the provider's console against the one SocialMine will send.

use crate::catalog::PlatformFacts;
use crate::finding::{Code, Field, Finding, FixAction, MismatchDetail, RedirectMismatch, Severity};
use crate::platform::PlatformId;
use crate::urls::RawUrl;

pub(super) fn override_vs_default(f: &PlatformFacts, v: &str, derived: &str) -> Finding {
    if v == derived {
        return Finding::new(
            Field::CallbackUrl,
            Severity::Info,
            Code::RedundantOverride,
            format!("The callback URL override is the same as the callback SocialMine derives ({derived})."),
            "Leave it blank (one click), so that it follows API_PUBLIC_URL if that ever changes.",
        )
        .with_action(FixAction::Clear);
    }
    Finding::new(
        Field::CallbackUrl,
        Severity::Warning,
        Code::DiffersFromDefault,
        format!(
            "The callback URL override ({v}) differs from the callback SocialMine derives from API_PUBLIC_URL ({derived}). \
             SocialMine will send the override, so it must be exactly what is registered in the {} console, and it must reach \
             SocialMine's /api/connect/{}/callback route.",
            f.display_name, f.callback_segment
        ),
        format!(
            "Unless you really need another address (for example behind a special proxy), clear the override so SocialMine uses \
             {derived} (one click)."
        ),
    )
    .with_action(FixAction::UseDerivedCallback { value: derived.to_owned() })
}

pub(super) fn provider_error(f: &PlatformFacts) -> &'static str {
    match f.id {
        PlatformId::Facebook | PlatformId::Instagram | PlatformId::Threads => "\"URL blocked\"",
        PlatformId::Linkedin => "\"The redirect_uri does not match the registered value\"",
        PlatformId::Twitter => "\"Callback URL not approved\"",
        PlatformId::Tiktok => "a redirect_uri error",
    }
}

/// `trustworthy` is false when the expected callback comes from an API_PUBLIC_URL that has
/// errors of its own: then the fix is to repair API_PUBLIC_URL first.
pub(super) fn redirect_mismatch(
    f: &PlatformFacts,
    m: RedirectMismatch,
    trustworthy: bool,
) -> Finding {
    let expected = m.expected.clone();
    let (e, a) = (RawUrl::split(&m.expected), RawUrl::split(&m.actual));
    let step = f
        .steps
        .iter()
        .find(|s| s.registers_callback)
        .map(|s| s.title.as_str())
        .unwrap_or("the console");
    let register = format!(
        "In the {} console ({step}), register exactly {expected}",
        f.display_name
    );
    let (what, fix) = match m.detail {
        MismatchDetail::TrailingSlash if expected.contains("//api/") => (
            "they differ by a doubled slash, which comes from API_PUBLIC_URL ending in a slash".to_owned(),
            "Remove the trailing slash from API_PUBLIC_URL (here and in SocialMine's .env); the callback then matches.".to_owned(),
        ),
        MismatchDetail::TrailingSlash => (
            "they differ only by a slash at the end".to_owned(),
            format!(
                "{register}, with no slash at the end{}.",
                if matches!(f.id, PlatformId::Facebook | PlatformId::Instagram | PlatformId::Threads) {
                    " (Meta's dashboard sometimes adds one when saving: remove it)"
                } else {
                    ""
                }
            ),
        ),
        MismatchDetail::Scheme => (
            format!(
                "one starts with {} and the other with {}",
                e.map_or("https", |x| x.scheme),
                a.map_or("no scheme at all", |x| x.scheme)
            ),
            format!("{register}. If SocialMine is really reached over http, fix API_PUBLIC_URL instead: providers want https."),
        ),
        MismatchDetail::Host => (
            format!("the host names differ ({} and {})", e.map_or("?", |x| x.host), a.map_or("?", |x| x.host)),
            format!(
                "If {} is where SocialMine really answers, set API_PUBLIC_URL to that address; otherwise: {register}.",
                a.map_or("the console's host", |x| x.host)
            ),
        ),
        MismatchDetail::HostCase => (
            "the host name is written with different capital letters".to_owned(),
            format!("{register}, in lowercase."),
        ),
        MismatchDetail::Port => (
            format!(
                "the ports differ ({} and {})",
                e.and_then(|x| x.port).unwrap_or("default"),
                a.and_then(|x| x.port).unwrap_or("default")
            ),
            format!("{register}. If SocialMine is reached on another port, correct API_PUBLIC_URL (with the port) instead."),
        ),
        MismatchDetail::PlatformSegment => (
            format!(
                "the console's path names another platform segment; SocialMine's path uses /{}/{}",
                f.callback_segment,
                if f.id == PlatformId::Twitter { " (twitter, not x)" } else { "" }
            ),
            format!("{register}."),
        ),
        MismatchDetail::ApiPrefix => (
            "one path starts with /api and the other does not; SocialMine serves callbacks under /api/connect/…".to_owned(),
            format!("{register}."),
        ),
        MismatchDetail::Path => ("the paths differ".to_owned(), format!("{register}; the path is /api/connect/{}/callback.", f.callback_segment)),
        MismatchDetail::Query => (
            "the part after ? or # differs".to_owned(),
            format!("{register}, with nothing after ? or #."),
        ),
    };
    let fix = if trustworthy {
        fix
    } else {
        "API_PUBLIC_URL has problems of its own (see the deployment's findings), and the callback SocialMine sends is built \
         from it: fix API_PUBLIC_URL first, then compare the console's URL again."
            .to_owned()
    };
    let mut finding = Finding::new(
        Field::ConsoleRedirectUrl,
        Severity::Error,
        Code::RedirectMismatch,
        format!(
            "The redirect URL registered in the {} console does not match the callback SocialMine sends: {what}. The provider \
             compares them character for character and refuses the login with {}.\n  SocialMine sends: {}\n  Console has:      {}",
            f.display_name,
            provider_error(f),
            m.expected_marked,
            m.actual_marked
        ),
        fix,
    );
    finding.mismatch = Some(m);
    finding
}
