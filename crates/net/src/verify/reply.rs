//! Reading what a provider answered when it is not a plain RFC 6749 answer: Meta's error object
//! (`{"error":{"message","type","code"}}`), errors inside an HTTP 200 (TikTok), and answers
//! that are no JSON at all; and the inconclusive verdicts for requests that got no answer.

use serde_json::Value;

use super::http::{Failure, RawAnswer};
use super::report::{CheckCode, CheckStatus, Verdict, scrub};

/// The longest provider text quoted in a message.
pub(crate) const QUOTE_CHARS: usize = 240;

/// An error a provider answered with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProviderError {
    /// The OAuth `error` string, or Meta's numeric `error.code` as a string.
    pub error: String,
    pub description: String,
}

impl ProviderError {
    /// The error for a message: `"invalid_client: Client authentication failed"`, scrubbed.
    pub fn quoted(&self, secrets: &[&str]) -> String {
        let text = if self.description.is_empty() {
            self.error.clone()
        } else {
            format!("{}: {}", self.error, self.description)
        };
        scrub(&text, secrets, QUOTE_CHARS)
    }
}

/// The error in an answer body, if it carries one (whatever its HTTP status).
pub(crate) fn provider_error(body: &[u8]) -> Option<ProviderError> {
    let v: Value = serde_json::from_slice(body).ok()?;
    let str_of = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    match v.get("error")? {
        Value::Object(o) => {
            let code = o.get("code").and_then(str_of)?;
            // TikTok's v2 APIs wrap every answer in an error object whose code is "ok".
            if code.eq_ignore_ascii_case("ok") {
                return None;
            }
            let description = o
                .get("message")
                .and_then(str_of)
                .or_else(|| o.get("description").and_then(str_of))
                .unwrap_or_default();
            Some(ProviderError {
                error: code,
                description,
            })
        }
        Value::String(s) if !s.trim().is_empty() => Some(ProviderError {
            error: s.clone(),
            description: v
                .get("error_description")
                .and_then(str_of)
                .or_else(|| v.get("message").and_then(str_of))
                .unwrap_or_default(),
        }),
        _ => None,
    }
}

/// The access token in an answer body that is not an error.
pub(crate) fn access_token(body: &[u8]) -> Option<String> {
    let v: Value = serde_json::from_slice(body).ok()?;
    let t = v.get("access_token")?.as_str()?;
    (!t.is_empty()).then(|| t.to_owned())
}

/// What an answer looked like, in words, without quoting it (it may hold anything). A redirect
/// names only the origin it pointed to: it is never followed (a secret would go with it).
pub(crate) fn describe(raw: &RawAnswer) -> String {
    if (300..400).contains(&raw.status) {
        let target = raw
            .headers
            .get(http::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|l| url::Url::parse(l).ok())
            .map(|u| u.origin().ascii_serialization())
            .filter(|o| o != "null");
        return match target {
            Some(origin) => format!(
                "a redirect (HTTP {}) to {origin}, which was not followed",
                raw.status
            ),
            None => format!("a redirect (HTTP {}), which was not followed", raw.status),
        };
    }
    let kind = raw
        .headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let what = if raw.body.is_empty() {
        "an empty answer"
    } else if kind.contains("html") {
        "a web page"
    } else if kind.contains("json") || serde_json::from_slice::<Value>(&raw.body).is_ok() {
        "JSON without an access token or an error"
    } else {
        "an answer that is not JSON"
    };
    format!("{what} (HTTP {})", raw.status)
}

/// The inconclusive verdict for a provider request that got no usable answer.
pub(crate) fn failure_verdict(provider: &str, failure: &Failure) -> Verdict {
    let retry = "Check this computer's internet connection (and proxy, if your network uses one), then verify again.";
    match failure {
        Failure::Timeout(t) => Verdict::new(
            CheckStatus::Inconclusive,
            CheckCode::Timeout,
            format!(
                "{provider} did not answer within {} seconds, so the values could not be checked.",
                t.as_secs()
            ),
        )
        .fix(retry),
        Failure::NotAllowed(e) => Verdict::new(
            CheckStatus::Inconclusive,
            CheckCode::AddressNotAllowed,
            format!("Not checked: {e}."),
        )
        .fix("Update the app, or remove the newer catalog file that names this address."),
        Failure::TooLarge(cap) => Verdict::new(
            CheckStatus::Inconclusive,
            CheckCode::UnexpectedAnswer,
            format!(
                "{provider} sent an answer larger than {} KB, which is not what its token address sends.",
                cap / 1024
            ),
        )
        .fix(retry),
        Failure::Tls(p) => Verdict::new(
            CheckStatus::Inconclusive,
            CheckCode::Network,
            format!(
                "Could not talk to {provider} securely: {}. A network filter or proxy may be in the way.",
                p.words()
            ),
        )
        .fix(retry),
        Failure::Cut => Verdict::new(
            CheckStatus::Inconclusive,
            CheckCode::Network,
            format!(
                "{provider}'s answer was cut off: the connection broke before all of it arrived, so the values could not be checked."
            ),
        )
        .fix(retry),
        Failure::Refused => Verdict::new(
            CheckStatus::Inconclusive,
            CheckCode::Network,
            format!("Could not reach {provider}: the connection was refused."),
        )
        .fix(retry),
        Failure::Dns => Verdict::new(
            CheckStatus::Inconclusive,
            CheckCode::Network,
            format!("Could not reach {provider}: its address could not be looked up (DNS)."),
        )
        .fix(retry),
        Failure::Network(d) => Verdict::new(
            CheckStatus::Inconclusive,
            CheckCode::Network,
            format!(
                "Could not reach {provider}: {}.",
                scrub(d, &[], QUOTE_CHARS)
            ),
        )
        .fix(retry),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, location: Option<&str>) -> RawAnswer {
        let mut headers = http::HeaderMap::new();
        if let Some(l) = location {
            headers.insert(
                http::header::LOCATION,
                http::HeaderValue::from_str(l).expect("header"),
            );
        }
        RawAnswer {
            status,
            headers,
            body: Vec::new(),
        }
    }

    #[test]
    fn a_redirect_is_described_by_its_target_origin_only() {
        let r = answer(
            307,
            Some("http://127.0.0.1:4555/steal?client_secret=s3cr3t"),
        );
        let words = describe(&r);
        assert_eq!(
            words,
            "a redirect (HTTP 307) to http://127.0.0.1:4555, which was not followed"
        );
        assert_eq!(
            describe(&answer(302, Some("/relative"))),
            "a redirect (HTTP 302), which was not followed"
        );
        assert_eq!(describe(&answer(200, None)), "an empty answer (HTTP 200)");
    }

    #[test]
    fn meta_oauth_and_tiktok_errors_are_read() {
        let meta = br#"{"error":{"message":"Error validating application. Invalid application ID.","type":"OAuthException","code":101,"fbtrace_id":"A"}}"#;
        assert_eq!(
            provider_error(meta),
            Some(ProviderError {
                error: "101".into(),
                description: "Error validating application. Invalid application ID.".into()
            })
        );
        let oauth =
            br#"{"error":"invalid_client","error_description":"Client authentication failed"}"#;
        assert_eq!(
            provider_error(oauth).expect("oauth").error,
            "invalid_client"
        );
        let ok = br#"{"data":{},"error":{"code":"ok","message":""}}"#;
        assert_eq!(provider_error(ok), None);
        assert_eq!(provider_error(b"<html>"), None);
        assert_eq!(
            access_token(br#"{"access_token":"TH|1|x"}"#).as_deref(),
            Some("TH|1|x")
        );
    }
}
