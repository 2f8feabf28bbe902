//! What can go wrong talking to a SocialMine server, each with a plain-English way forward.

use std::collections::BTreeMap;
use std::time::Duration;

use socialmine_core::{AppError, ErrorCode};

use crate::model::RemotePlatform;

/// An admin API failure. Messages never contain a password, token or client secret.
#[derive(Debug, Clone, thiserror::Error)]
pub enum NetError {
    #[error(
        "'{url}' is not a usable server address ({reason}). Enter it like https://api.yourdomain.com"
    )]
    InvalidUrl { url: String, reason: String },

    #[error(
        "{url} uses plain http on a host that is not this computer, so the admin password, token and client \
         secrets would cross the network unencrypted. Use https:// (plain http is accepted only for localhost, \
         127.0.0.1 and ::1)"
    )]
    InsecureUrl { url: String },

    #[error("the HTTP client could not be set up: {0}")]
    Client(String),

    #[error(
        "could not reach {url}: {detail}. Check the address, your network connection and any proxy, then try \
         again; nothing was changed on this computer"
    )]
    Unreachable { url: String, detail: String },

    #[error(
        "{url} did not answer within {}. The server may be overloaded or the address may be wrong; \
         try again (a retry is safe)", seconds(*.after)
    )]
    Timeout { url: String, after: Duration },

    #[error(
        "the connection to {url} broke before its answer arrived ({detail}). The server may or may not have \
         applied the change; run the push again, which is safe"
    )]
    ConnectionLost { url: String, detail: String },

    #[error(
        "the server did not accept this email address and password. Check both and sign in again"
    )]
    InvalidCredentials,

    #[error("{}", rate_limited_message(*.retry_after))]
    RateLimited { retry_after: Option<Duration> },

    #[error("your admin session is missing, has expired or was revoked ({message}). Sign in again")]
    Unauthenticated { message: String },

    #[error(
        "this admin account lacks SocialMine's social-platforms permission, so it cannot read or change the \
         platform settings. Sign in as an admin who has it, or ask an owner to grant it"
    )]
    Forbidden,

    #[error(
        "the server does not know the platform '{platform}' ({message}). It may run an older SocialMine; update it or set this platform up by hand with the paste sheet"
    )]
    UnknownPlatform { platform: String, message: String },

    #[error(
        "someone changed this platform on the server since it was read (server revision {}). Review what \
         changed, then push again and confirm that your values should replace them",
        .current.revision.map_or_else(|| "unknown".to_owned(), |r| r.to_string())
    )]
    RevisionMismatch { current: Box<RemotePlatform> },

    #[error("the server rejected some values: {}. Correct them and push again", summarize_fields(.fields))]
    Validation {
        fields: BTreeMap<String, String>,
        message: String,
    },

    #[error(
        "the server will not turn this platform on yet ({message}); save its client ID and client secret first"
    )]
    NotConfigured { message: String },

    #[error(
        "{url} does not offer SocialMine's admin API ({detail}). Older SocialMine versions and locked-down \
         servers lack it: enter the values by hand in Admin → Social Platform → Configure, using the paste sheet"
    )]
    NoAdminApi { url: String, detail: String },

    #[error("the server failed (HTTP {status}{}): {message}. Nothing was lost on this computer; try again later (a retry is safe)", code_suffix(.code))]
    Server {
        status: u16,
        code: String,
        message: String,
    },

    #[error("the server refused the request (HTTP {status}{}): {message}", code_suffix(.code))]
    Rejected {
        status: u16,
        code: String,
        message: String,
    },

    #[error(
        "the server's answer from {url} could not be read: {detail}. Is this a SocialMine server of a supported version?"
    )]
    BadResponse { url: String, detail: String },

    #[error(
        "{url} sent this request on to another server, {target}, and it was not followed: the admin password, \
         token or client secret go only to the server they belong to. If the server has moved, enter its new \
         address as the admin URL; otherwise check the server's proxy or redirect settings"
    )]
    RedirectRefused { url: String, target: String },

    #[error(
        "the answer from {url} {}, more than the {} an admin API answer can be, so it was not read. \
         The address may point at something that is not a SocialMine admin API, or the server is misbehaving; \
         check the admin URL, then try again",
        too_large_detail(*.declared), mib(*.limit)
    )]
    AnswerTooLarge {
        url: String,
        limit: u64,
        declared: Option<u64>,
    },
}

fn too_large_detail(declared: Option<u64>) -> String {
    match declared {
        Some(n) => format!("announced {}", mib(n)),
        None => "kept on coming".to_owned(),
    }
}

/// A byte count in words: `1 MiB`, `2.5 GiB`, `512 bytes`.
fn mib(n: u64) -> String {
    const KIB: f64 = 1024.0;
    #[allow(clippy::cast_precision_loss)]
    let f = n as f64;
    if f >= KIB * KIB * KIB {
        format!("{:.1} GiB", f / (KIB * KIB * KIB))
    } else if f >= KIB * KIB {
        let v = f / (KIB * KIB);
        if v.fract() == 0.0 {
            format!("{v:.0} MiB")
        } else {
            format!("{v:.1} MiB")
        }
    } else if f >= KIB {
        format!("{:.0} KiB", f / KIB)
    } else {
        format!("{n} bytes")
    }
}

fn rate_limited_message(retry_after: Option<Duration>) -> String {
    match retry_after {
        Some(d) => format!(
            "the server asks to wait after too many attempts. Try again in {} second{}",
            d.as_secs().max(1),
            if d.as_secs() == 1 { "" } else { "s" }
        ),
        None => "the server asks to wait after too many attempts. Wait a minute, then try again"
            .to_owned(),
    }
}

fn seconds(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if d.subsec_millis() == 0 {
        format!(
            "{} second{}",
            d.as_secs(),
            if d.as_secs() == 1 { "" } else { "s" }
        )
    } else {
        format!("{secs:.1} seconds")
    }
}

fn code_suffix(code: &str) -> String {
    if code.is_empty() {
        String::new()
    } else {
        format!(", {code}")
    }
}

fn summarize_fields(fields: &BTreeMap<String, String>) -> String {
    if fields.is_empty() {
        return "no details given".to_owned();
    }
    fields
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect::<Vec<_>>()
        .join("; ")
}

impl NetError {
    /// A stable machine-readable code for the UI.
    pub fn code(&self) -> ErrorCode {
        match self {
            NetError::InvalidUrl { .. } => ErrorCode::InvalidUrl,
            NetError::InsecureUrl { .. } => ErrorCode::InsecureUrl,
            NetError::Client(_) => ErrorCode::ClientSetup,
            NetError::Unreachable { .. } => ErrorCode::Unreachable,
            NetError::Timeout { .. } => ErrorCode::Timeout,
            NetError::ConnectionLost { .. } => ErrorCode::ConnectionLost,
            NetError::InvalidCredentials => ErrorCode::InvalidCredentials,
            NetError::RateLimited { .. } => ErrorCode::TooManyAttempts,
            NetError::Unauthenticated { .. } => ErrorCode::Unauthenticated,
            NetError::Forbidden => ErrorCode::Forbidden,
            NetError::UnknownPlatform { .. } => ErrorCode::UnknownPlatform,
            NetError::RevisionMismatch { .. } => ErrorCode::RevisionMismatch,
            NetError::Validation { .. } => ErrorCode::ValidationFailed,
            NetError::NotConfigured { .. } => ErrorCode::NotConfigured,
            NetError::NoAdminApi { .. } => ErrorCode::NoAdminApi,
            NetError::Server { .. } => ErrorCode::ServerError,
            NetError::Rejected { .. } => ErrorCode::Rejected,
            NetError::BadResponse { .. } => ErrorCode::BadResponse,
            NetError::RedirectRefused { .. } => ErrorCode::RedirectRefused,
            NetError::AnswerTooLarge { .. } => ErrorCode::AnswerTooLarge,
        }
    }

    /// Whether the admin must sign in again (the UI goes back to its sign-in form).
    pub fn needs_sign_in(&self) -> bool {
        matches!(
            self,
            NetError::Unauthenticated { .. } | NetError::InvalidCredentials
        )
    }

    /// Whether the same request may succeed later unchanged (network trouble, 5xx, 429).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            NetError::Unreachable { .. }
                | NetError::Timeout { .. }
                | NetError::ConnectionLost { .. }
                | NetError::Server { .. }
                | NetError::RateLimited { .. }
        )
    }

    /// The `{ code, message }` the UI receives.
    pub fn to_app_error(&self) -> AppError {
        AppError::new(self.code(), capitalize(&self.to_string()))
    }
}

impl From<NetError> for AppError {
    fn from(e: NetError) -> AppError {
        e.to_app_error()
    }
}

/// First letter upper case and a final full stop, for messages shown as sentences.
pub(crate) fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    let mut out = match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect::<String>(),
        None => String::new(),
    };
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_as_sentences_with_a_way_forward() {
        let e = NetError::Timeout {
            url: "https://a.example".into(),
            after: Duration::from_millis(1500),
        };
        assert!(e.to_string().contains("within 1.5 seconds"), "{e}");
        let e = NetError::Timeout {
            url: "https://a.example".into(),
            after: Duration::from_secs(1),
        };
        assert!(e.to_string().contains("within 1 second."), "{e}");
        let e = NetError::RateLimited {
            retry_after: Some(Duration::from_secs(30)),
        };
        assert!(e.to_string().contains("30 seconds"), "{e}");
        let app = NetError::Forbidden.to_app_error();
        assert_eq!(app.code, "forbidden");
        assert!(
            app.message.starts_with("This admin account") && app.message.ends_with('.'),
            "{}",
            app.message
        );
        let v = NetError::Validation {
            fields: [("clientId".to_owned(), "must not be empty".to_owned())].into(),
            message: "m".into(),
        };
        assert!(v.to_string().contains("clientId must not be empty"), "{v}");
        let big = NetError::AnswerTooLarge {
            url: "https://a.example".into(),
            limit: 1024 * 1024,
            declared: Some(10 * 1024 * 1024 * 1024),
        };
        assert!(
            big.to_string()
                .contains("announced 10.0 GiB, more than the 1 MiB"),
            "{big}"
        );
    }
}
