//! Callback URLs: deriving them the way SocialMine does, comparing them with what the admin
//! registered in a console, and judging the URLs the admin types.

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::chardiff::{CharDiff, marked, span};
use crate::finding::{Code, Field, Finding, FixAction, MismatchDetail, RedirectMismatch, Severity};

/// The callback SocialMine derives: `{API_PUBLIC_URL}/api/connect/{segment}/callback`.
/// `api_public_url` is used exactly as given (SocialMine does not repair it either; the
/// checks flag a trailing slash or an `/api` suffix).
pub fn derive_callback(api_public_url: &str, segment: &str) -> String {
    format!("{api_public_url}/api/connect/{segment}/callback")
}

/// A URL split into its parts without any normalisation, so that differences of case,
/// default ports and slashes stay visible.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawUrl<'a> {
    pub scheme: &'a str,
    pub host: &'a str,
    pub port: Option<&'a str>,
    pub path: &'a str,
    pub query: Option<&'a str>,
    pub fragment: Option<&'a str>,
}

impl<'a> RawUrl<'a> {
    /// Splits `scheme://[userinfo@]host[:port][/path][?query][#fragment]`.
    pub fn split(s: &'a str) -> Option<RawUrl<'a>> {
        let (scheme, rest) = s.split_once("://")?;
        if scheme.is_empty()
            || !scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        {
            return None;
        }
        let auth_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = &rest[..auth_end];
        let after = &rest[auth_end..];
        let hostport = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
            match v6.split_once(']') {
                Some((h, p)) => (&hostport[..h.len() + 2], p.strip_prefix(':')),
                None => (hostport, None),
            }
        } else {
            match hostport.rsplit_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (hostport, None),
            }
        };
        let (before_frag, fragment) = match after.split_once('#') {
            Some((b, f)) => (b, Some(f)),
            None => (after, None),
        };
        let (path, query) = match before_frag.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (before_frag, None),
        };
        Some(RawUrl {
            scheme,
            host,
            port,
            path,
            query,
            fragment,
        })
    }
}

/// Compares the callback SocialMine sends (`expected`) with what a console has (`actual`).
/// `None` when they are identical.
pub fn compare_redirect(expected: &str, actual: &str) -> Option<RedirectMismatch> {
    if expected == actual {
        return None;
    }
    let diff = CharDiff::new(expected, actual);
    let (start, e_end) = span(&diff.a);
    let (_, a_end) = span(&diff.b);
    Some(RedirectMismatch {
        detail: mismatch_detail(expected, actual),
        expected: expected.to_owned(),
        actual: actual.to_owned(),
        expected_marked: marked(&diff.a),
        actual_marked: marked(&diff.b),
        expected_segments: diff.a,
        actual_segments: diff.b,
        diff_start: start,
        expected_diff_end: e_end,
        actual_diff_end: a_end,
    })
}

fn mismatch_detail(expected: &str, actual: &str) -> MismatchDetail {
    let (Some(e), Some(a)) = (RawUrl::split(expected), RawUrl::split(actual)) else {
        // Without a scheme the console value cannot even be compared part by part.
        return if actual.contains("://") {
            MismatchDetail::Path
        } else {
            MismatchDetail::Scheme
        };
    };
    if e.scheme != a.scheme {
        return MismatchDetail::Scheme;
    }
    if e.host != a.host {
        return if e.host.eq_ignore_ascii_case(a.host) {
            MismatchDetail::HostCase
        } else {
            MismatchDetail::Host
        };
    }
    if e.port != a.port {
        return MismatchDetail::Port;
    }
    if e.path != a.path {
        return path_detail(e.path, a.path);
    }
    if e.query != a.query || e.fragment != a.fragment {
        return MismatchDetail::Query;
    }
    MismatchDetail::Host
}

fn collapse_slashes(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    for c in p.chars() {
        if !(c == '/' && out.ends_with('/')) {
            out.push(c);
        }
    }
    out.trim_end_matches('/').to_owned()
}

/// `(has /api prefix, segment)` of a `[/api]/connect/{segment}/callback[/]` path.
fn connect_parts(path: &str) -> Option<(bool, String)> {
    let path = collapse_slashes(path);
    let path = path.as_str();
    let (api, rest) = match path.strip_prefix("/api") {
        Some(r) if r.starts_with('/') => (true, r),
        _ => (false, path),
    };
    let rest = rest.strip_prefix("/connect/")?;
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    let segment = rest.strip_suffix("/callback")?;
    (!segment.is_empty() && !segment.contains('/')).then(|| (api, segment.to_owned()))
}

fn path_detail(expected: &str, actual: &str) -> MismatchDetail {
    if collapse_slashes(expected) == collapse_slashes(actual) {
        return MismatchDetail::TrailingSlash;
    }
    match (connect_parts(expected), connect_parts(actual)) {
        (Some((e_api, e_seg)), Some((a_api, a_seg))) => {
            if e_api != a_api {
                MismatchDetail::ApiPrefix
            } else if e_seg != a_seg {
                MismatchDetail::PlatformSegment
            } else {
                MismatchDetail::TrailingSlash
            }
        }
        _ => MismatchDetail::Path,
    }
}

/// Which URL a check is about: they share most rules but not all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlKind {
    /// `api_public_url`: an origin, no path.
    ApiPublic,
    /// `admin_url`: where the admin API answers.
    Admin,
    /// A callback URL override.
    Callback,
}

/// Whether a host is loopback (`localhost`, 127.0.0.0/8, ::1).
pub fn is_loopback_host(host: &url::Host<&str>) -> bool {
    match host {
        url::Host::Domain(d) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            d == "localhost" || d.ends_with(".localhost")
        }
        url::Host::Ipv4(ip) => ip.is_loopback(),
        url::Host::Ipv6(ip) => ip.is_loopback(),
    }
}

/// Why a host cannot be reached from the internet, if it cannot.
fn non_public_reason(host: &url::Host<&str>) -> Option<&'static str> {
    if is_loopback_host(host) {
        return Some("is this computer itself (loopback)");
    }
    match host {
        url::Host::Domain(d) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            let local_suffix = [
                ".local",
                ".internal",
                ".lan",
                ".home.arpa",
                ".localdomain",
                ".intranet",
                ".corp",
            ]
            .iter()
            .any(|s| d.ends_with(s));
            if local_suffix {
                Some("is a local-network name")
            } else if !d.contains('.') {
                Some("is a single-word name that only resolves inside a local network")
            } else {
                None
            }
        }
        url::Host::Ipv4(ip) => {
            private_v4(*ip).then_some("is a private or reserved network address")
        }
        url::Host::Ipv6(ip) => {
            private_v6(*ip).then_some("is a private or reserved network address")
        }
    }
}

fn private_v4(ip: Ipv4Addr) -> bool {
    let o = ip.octets();
    ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || (o[0] == 100 && (64..128).contains(&o[1]))
}

fn private_v6(ip: Ipv6Addr) -> bool {
    let s = ip.segments();
    ip.is_unspecified() || (s[0] & 0xfe00) == 0xfc00 || (s[0] & 0xffc0) == 0xfe80
}

/// Checks a (cleaned) URL value. Only `api_public_url` must not be empty.
pub fn check_url(field: Field, value: &str, kind: UrlKind) -> Vec<Finding> {
    let mut out = Vec::new();
    let what = match kind {
        UrlKind::ApiPublic => "API_PUBLIC_URL",
        UrlKind::Admin => "The admin URL",
        UrlKind::Callback => "The callback URL override",
    };
    if value.is_empty() {
        if kind == UrlKind::ApiPublic {
            out.push(Finding::new(
                field,
                Severity::Error,
                Code::Required,
                "API_PUBLIC_URL is empty. SocialMine builds every callback URL from it, so no platform can be set up without it.",
                "Enter the public address of SocialMine's API exactly as API_PUBLIC_URL in SocialMine's root .env file \
                 (for example https://api.yourdomain.com), or import it from that .env file.",
            ));
        }
        return out;
    }
    if let Some(f) = not_a_url(field, value, what) {
        out.push(f);
        return out;
    }
    // `not_a_url` guarantees both parse.
    let (Ok(parsed), Some(raw)) = (url::Url::parse(value), RawUrl::split(value)) else {
        return out;
    };
    let Some(host) = parsed.host() else {
        return out;
    };
    let origin_lower = format!(
        "{}://{}{}",
        raw.scheme.to_ascii_lowercase(),
        raw.host.to_ascii_lowercase(),
        raw.port.map(|p| format!(":{p}")).unwrap_or_default()
    );

    let after_authority = {
        let rest = &value[raw.scheme.len() + 3..];
        &rest[rest.find(['/', '?', '#']).unwrap_or(rest.len())..]
    };

    if raw.query.is_some() || raw.fragment.is_some() {
        let without = value.split(['?', '#']).next().unwrap_or(value).to_owned();
        let (message, fix) = match kind {
            UrlKind::Callback => (
                format!(
                    "{what} has a ?query or #fragment. Providers add their own ?code=… to the callback, several (TikTok, LinkedIn) \
                     refuse or ignore a query, and none accepts a fragment."
                ),
                format!("Remove everything from the ? or #: {without}"),
            ),
            _ => (
                format!(
                    "{what} has a ?query or #fragment. It must be just the address (scheme, host and port): SocialMine appends \
                     /api/… to it, which would land inside the query."
                ),
                format!("Use {without}"),
            ),
        };
        out.push(
            Finding::new(
                field,
                Severity::Error,
                Code::HasQueryOrFragment,
                message,
                fix,
            )
            .with_action(FixAction::ReplaceWith { value: without }),
        );
    }

    let path = raw.path;
    if kind != UrlKind::Callback {
        let trimmed_path = path.trim_end_matches('/');
        if trimmed_path.eq_ignore_ascii_case("/api")
            || trimmed_path.to_ascii_lowercase().ends_with("/api")
        {
            let base = format!("{origin_lower}{}", &trimmed_path[..trimmed_path.len() - 4]);
            out.push(
                Finding::new(
                    field,
                    Severity::Error,
                    Code::ApiSuffix,
                    format!(
                        "{what} ends in /api. SocialMine adds /api/connect/… itself, so callbacks would become …/api/api/connect/… \
                         and match nothing registered in the consoles."
                    ),
                    format!("Remove the /api at the end: use {base}"),
                )
                .with_action(FixAction::ReplaceWith { value: base }),
            );
        } else if !trimmed_path.is_empty() {
            out.push(Finding::new(
                field,
                Severity::Warning,
                Code::HasPath,
                format!(
                    "{what} has a path ({trimmed_path}). SocialMine's guide expects only the address (scheme, host, port); with a path, \
                     callbacks become {origin_lower}{trimmed_path}/api/connect/…, which is right only if a reverse proxy serves \
                     SocialMine's API under {trimmed_path}."
                ),
                format!(
                    "If SocialMine is not behind a proxy path, use {origin_lower}. Otherwise keep it and register the callbacks exactly \
                     as the assistant shows them."
                ),
            ));
        }
        if value.ends_with('/') {
            let without = value.trim_end_matches('/').to_owned();
            out.push(
                Finding::new(
                    field,
                    Severity::Error,
                    Code::TrailingSlash,
                    format!(
                        "{what} ends with a slash. SocialMine joins it with /api/connect/…, so callbacks would contain a double \
                         slash (…//api/connect/…) that no console entry matches."
                    ),
                    format!("Remove the trailing slash: use {without}"),
                )
                .with_action(FixAction::ReplaceWith { value: without }),
            );
        }
    }

    let loopback = is_loopback_host(&host);
    if raw.scheme.eq_ignore_ascii_case("http") && !loopback {
        let https = format!("https://{}", &value[raw.scheme.len() + 3..]);
        let why = match kind {
            UrlKind::Admin => {
                "the admin password and token would cross the network unencrypted, so the assistant refuses to use it"
            }
            _ => {
                "providers refuse http:// callbacks for anything but local testing (Meta, TikTok), and the login codes would cross the network unencrypted"
            }
        };
        out.push(
            Finding::new(
                field,
                Severity::Error,
                Code::InsecureScheme,
                format!("{what} uses http:// on a host that is not this computer: {why}."),
                format!("Use https:// (set up TLS on the server or its reverse proxy): {https}"),
            )
            .with_action(FixAction::ReplaceWith { value: https }),
        );
    }

    if kind != UrlKind::Admin
        && let Some(reason) = non_public_reason(&host)
    {
        out.push(Finding::new(
            field,
            Severity::Warning,
            Code::NotPublicHost,
            format!(
                "{what} points at {}, which {reason}. Providers send the browser back to this address, so only someone on that \
                 machine or network can finish a connect, and several consoles refuse such callbacks (X wants 127.0.0.1 rather than \
                 localhost; TikTok and Meta in Live mode want public https addresses).",
                raw.host
            ),
            "Fine for a rehearsal on this computer. For real use, enter the public address people and providers reach SocialMine at \
             (for example https://api.yourdomain.com).",
        ));
    }

    if raw.host.chars().any(|c| c.is_ascii_uppercase()) {
        let lowered = format!("{origin_lower}{after_authority}");
        out.push(
            Finding::new(
                field,
                Severity::Warning,
                Code::UppercaseHost,
                format!(
                    "{what} has capital letters in the host name ({}). Host names are case-insensitive for browsers, but consoles \
                     compare callback URLs character for character, so a mix of cases causes mismatches.",
                    raw.host
                ),
                format!("Write the host in lowercase: {lowered}"),
            )
            .with_action(FixAction::ReplaceWith { value: lowered }),
        );
    }
    out
}

fn not_a_url(field: Field, value: &str, what: &str) -> Option<Finding> {
    let generic_fix =
        "Enter a full address starting with https://, for example https://api.yourdomain.com.";
    if value.chars().any(char::is_whitespace) {
        return Some(Finding::new(
            field,
            Severity::Error,
            Code::NotAUrl,
            format!("{what} has a space inside it, so it is not a web address."),
            format!("Remove the space, or paste the address again. {generic_fix}"),
        ));
    }
    if !value.contains("://") {
        let with_scheme = format!("https://{value}");
        let plausible = url::Url::parse(&with_scheme).is_ok_and(|u| {
            u.host_str()
                .is_some_and(|h| h.contains('.') || h == "localhost")
        });
        let f = Finding::new(
            field,
            Severity::Error,
            Code::NotAUrl,
            format!("{what} has no https:// at the start, so it is not a complete web address."),
            if plausible {
                format!("Add https:// in front: {with_scheme}")
            } else {
                generic_fix.to_owned()
            },
        );
        return Some(if plausible {
            f.with_action(FixAction::ReplaceWith { value: with_scheme })
        } else {
            f
        });
    }
    match url::Url::parse(value) {
        Err(e) => Some(Finding::new(
            field,
            Severity::Error,
            Code::NotAUrl,
            format!("{what} is not a valid web address ({e})."),
            generic_fix,
        )),
        Ok(u) if u.scheme() != "http" && u.scheme() != "https" => Some(Finding::new(
            field,
            Severity::Error,
            Code::NotAUrl,
            format!(
                "{what} starts with {}://, but it must be a web address (https://).",
                u.scheme()
            ),
            generic_fix,
        )),
        Ok(u) if u.host_str().is_none_or(str::is_empty) || RawUrl::split(value).is_none() => {
            Some(Finding::new(
                field,
                Severity::Error,
                Code::NotAUrl,
                format!("{what} has no host name."),
                generic_fix,
            ))
        }
        Ok(u) if !u.username().is_empty() || u.password().is_some() => Some(Finding::new(
            field,
            Severity::Error,
            Code::NotAUrl,
            format!(
                "{what} contains a user name or password (user@host). Callback and API addresses never carry credentials."
            ),
            "Remove the part before the @.",
        )),
        Ok(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detail(e: &str, a: &str) -> MismatchDetail {
        compare_redirect(e, a).expect("differs").detail
    }

    const CB: &str = "https://api.acme.com/api/connect/twitter/callback";

    #[test]
    fn derives_the_callback() {
        assert_eq!(derive_callback("https://api.acme.com", "twitter"), CB);
    }

    #[test]
    fn names_the_first_difference() {
        assert_eq!(compare_redirect(CB, CB), None);
        assert_eq!(detail(CB, &format!("{CB}/")), MismatchDetail::TrailingSlash);
        assert_eq!(
            detail(CB, "http://api.acme.com/api/connect/twitter/callback"),
            MismatchDetail::Scheme
        );
        assert_eq!(
            detail(CB, "api.acme.com/api/connect/twitter/callback"),
            MismatchDetail::Scheme
        );
        assert_eq!(
            detail(CB, "https://acme.com/api/connect/twitter/callback"),
            MismatchDetail::Host
        );
        assert_eq!(
            detail(CB, "https://API.acme.com/api/connect/twitter/callback"),
            MismatchDetail::HostCase
        );
        assert_eq!(
            detail(CB, "https://api.acme.com:8443/api/connect/twitter/callback"),
            MismatchDetail::Port
        );
        assert_eq!(
            detail(CB, "https://api.acme.com/api/connect/x/callback"),
            MismatchDetail::PlatformSegment
        );
        assert_eq!(
            detail(CB, "https://api.acme.com/connect/twitter/callback"),
            MismatchDetail::ApiPrefix
        );
        assert_eq!(
            detail(CB, "https://api.acme.com/api/connect/twitter/callback?x=1"),
            MismatchDetail::Query
        );
        assert_eq!(
            detail(CB, "https://api.acme.com/api/oauth/twitter"),
            MismatchDetail::Path
        );
        assert_eq!(
            detail("https://api.acme.com//api/connect/twitter/callback", CB),
            MismatchDetail::TrailingSlash
        );
    }

    #[test]
    fn marks_the_differing_characters() {
        let m =
            compare_redirect(CB, "https://api.acme.com/api/connect/x/callback").expect("differs");
        assert_eq!(
            m.expected_marked,
            "https://api.acme.com/api/connect/[twitter]/callback"
        );
        assert_eq!(
            m.actual_marked,
            "https://api.acme.com/api/connect/[x]/callback"
        );
        let m = compare_redirect(CB, &format!("{CB}/")).expect("differs");
        assert_eq!(m.actual_marked, format!("{CB}[/]"));
        assert_eq!(m.expected_marked, format!("{CB}[]"));
    }

    fn codes(v: &str, kind: UrlKind) -> Vec<Code> {
        check_url(Field::ApiPublicUrl, v, kind)
            .into_iter()
            .map(|f| f.code)
            .collect()
    }

    #[test]
    fn url_checks() {
        assert!(codes("https://api.acme.com", UrlKind::ApiPublic).is_empty());
        assert!(codes("https://api.acme.com:8443", UrlKind::ApiPublic).is_empty());
        assert_eq!(codes("", UrlKind::ApiPublic), [Code::Required]);
        assert!(codes("", UrlKind::Callback).is_empty());
        assert_eq!(codes("api.acme.com", UrlKind::ApiPublic), [Code::NotAUrl]);
        assert_eq!(codes("https://", UrlKind::ApiPublic), [Code::NotAUrl]);
        assert_eq!(
            codes("ftp://api.acme.com", UrlKind::ApiPublic),
            [Code::NotAUrl]
        );
        assert_eq!(
            codes("https://api acme.com", UrlKind::ApiPublic),
            [Code::NotAUrl]
        );
        assert_eq!(
            codes("https://api.acme.com/api", UrlKind::ApiPublic),
            [Code::ApiSuffix]
        );
        assert_eq!(
            codes("https://api.acme.com/api/", UrlKind::ApiPublic),
            [Code::ApiSuffix, Code::TrailingSlash]
        );
        assert_eq!(
            codes("https://api.acme.com/", UrlKind::ApiPublic),
            [Code::TrailingSlash]
        );
        assert_eq!(
            codes("https://acme.com/social", UrlKind::ApiPublic),
            [Code::HasPath]
        );
        assert_eq!(
            codes("https://api.acme.com?x=1", UrlKind::ApiPublic),
            [Code::HasQueryOrFragment]
        );
        assert_eq!(
            codes("http://api.acme.com", UrlKind::ApiPublic),
            [Code::InsecureScheme]
        );
        assert_eq!(
            codes("http://localhost:3000", UrlKind::ApiPublic),
            [Code::NotPublicHost]
        );
        assert_eq!(
            codes("http://127.0.0.1:3000", UrlKind::ApiPublic),
            [Code::NotPublicHost]
        );
        assert_eq!(
            codes("https://192.168.1.20", UrlKind::ApiPublic),
            [Code::NotPublicHost]
        );
        assert_eq!(
            codes("http://10.0.0.5", UrlKind::ApiPublic),
            [Code::InsecureScheme, Code::NotPublicHost]
        );
        assert_eq!(
            codes("https://[fd00::1]", UrlKind::ApiPublic),
            [Code::NotPublicHost]
        );
        assert_eq!(
            codes("https://API.Acme.com", UrlKind::ApiPublic),
            [Code::UppercaseHost]
        );
        let f = check_url(
            Field::ApiPublicUrl,
            "https://API.Acme.com:8443",
            UrlKind::ApiPublic,
        );
        assert_eq!(
            f[0].action,
            Some(FixAction::ReplaceWith {
                value: "https://api.acme.com:8443".into()
            })
        );
        let f = check_url(
            Field::ApiPublicUrl,
            "http://api.acme.com",
            UrlKind::ApiPublic,
        );
        assert_eq!(
            f[0].action,
            Some(FixAction::ReplaceWith {
                value: "https://api.acme.com".into()
            })
        );
        let f = check_url(Field::ApiPublicUrl, "api.acme.com", UrlKind::ApiPublic);
        assert_eq!(
            f[0].action,
            Some(FixAction::ReplaceWith {
                value: "https://api.acme.com".into()
            })
        );
        // A callback has a path by nature.
        assert!(codes(CB, UrlKind::Callback).is_empty());
    }
}
