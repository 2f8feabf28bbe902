//! The admin API's JSON, read tolerantly: unknown fields are ignored, missing ones take a
//! default, numbers and strings are accepted for one another where a server might mix them.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use socialmine_core::PlatformId;
use ts_rs::TS;

/// `GET /api/admin/system/info`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SystemInfo {
    pub product: Option<String>,
    pub version: Option<String>,
    /// The value the server derives callback URLs from.
    pub api_public_url: Option<String>,
    /// The platform ids the server knows (unknown ones kept as written).
    pub platforms: Vec<String>,
}

/// A platform as the server reports it. Never holds a secret: the server sends at most the
/// last four characters of one (`client_secret_hint`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RemotePlatform {
    pub id: String,
    pub enabled: bool,
    pub client_id: Option<String>,
    pub client_secret_set: bool,
    pub client_secret_hint: Option<String>,
    pub app_version: Option<String>,
    pub callback_url: Option<String>,
    pub scope: Option<String>,
    pub effective_callback_url: Option<String>,
    pub default_scopes: Vec<String>,
    /// From the body, else from the `ETag` header.
    #[ts(type = "number | null")]
    pub revision: Option<u64>,
    pub updated_at: Option<String>,
}

impl<'de> Deserialize<'de> for SystemInfo {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let w = WireSystemInfo::deserialize(d)?;
        Ok(SystemInfo {
            product: w.product,
            version: w.version,
            api_public_url: w.api_public_url,
            platforms: w.platforms,
        })
    }
}

impl<'de> Deserialize<'de> for RemotePlatform {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let w = WirePlatform::deserialize(d)?;
        Ok(RemotePlatform {
            id: w.id,
            enabled: w.enabled,
            client_id: w.client_id,
            client_secret_set: w.client_secret_set,
            client_secret_hint: w.client_secret_hint,
            app_version: w.app_version,
            callback_url: w.callback_url,
            scope: w.scope,
            effective_callback_url: w.effective_callback_url,
            default_scopes: w.default_scopes,
            revision: w.revision,
            updated_at: w.updated_at,
        })
    }
}

// The wire forms: every field optional and leniently typed.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireSystemInfo {
    #[serde(default, deserialize_with = "lenient_string")]
    product: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    version: Option<String>,
    #[serde(default, alias = "api_public_url", deserialize_with = "lenient_string")]
    api_public_url: Option<String>,
    #[serde(default, deserialize_with = "lenient_list")]
    platforms: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WirePlatform {
    #[serde(default, deserialize_with = "lenient_string_or_empty")]
    id: String,
    #[serde(default, deserialize_with = "lenient_bool")]
    enabled: bool,
    #[serde(default, alias = "client_id", deserialize_with = "lenient_string")]
    client_id: Option<String>,
    #[serde(
        default,
        alias = "client_secret_set",
        deserialize_with = "lenient_bool"
    )]
    client_secret_set: bool,
    #[serde(
        default,
        alias = "client_secret_hint",
        deserialize_with = "lenient_string"
    )]
    client_secret_hint: Option<String>,
    #[serde(default, alias = "app_version", deserialize_with = "lenient_string")]
    app_version: Option<String>,
    #[serde(default, alias = "callback_url", deserialize_with = "lenient_string")]
    callback_url: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    scope: Option<String>,
    #[serde(
        default,
        alias = "effective_callback_url",
        deserialize_with = "lenient_string"
    )]
    effective_callback_url: Option<String>,
    #[serde(default, alias = "default_scopes", deserialize_with = "lenient_list")]
    default_scopes: Vec<String>,
    #[serde(default, deserialize_with = "lenient_u64")]
    revision: Option<u64>,
    #[serde(default, alias = "updated_at", deserialize_with = "lenient_string")]
    updated_at: Option<String>,
}

impl RemotePlatform {
    /// The platform id, if it is one of the six.
    pub fn platform_id(&self) -> Option<PlatformId> {
        self.id.parse().ok()
    }

    /// Whether the server has a client ID and a secret, so that it can be turned on.
    pub fn is_configured(&self) -> bool {
        self.client_id
            .as_deref()
            .is_some_and(|c| !c.trim().is_empty())
            && self.client_secret_set
    }
}

/// `{ "platforms": [...] }`, or a bare array from a lenient server.
pub(crate) fn parse_platform_list(v: Value) -> Result<Vec<RemotePlatform>, serde_json::Error> {
    let list = match v {
        Value::Object(mut m) => m.remove("platforms").unwrap_or(Value::Array(Vec::new())),
        other => other,
    };
    serde_json::from_value(list)
}

/// `{ "token": ..., "expiresAt": ... }` (also `accessToken` / `access_token`, `expires_at`).
/// Its `Debug` never shows the token; the client wraps it in a `Secret` at once.
#[derive(Deserialize)]
pub(crate) struct LoginAnswer {
    #[serde(
        alias = "accessToken",
        alias = "access_token",
        default,
        deserialize_with = "lenient_string"
    )]
    pub token: Option<String>,
    #[serde(
        rename = "expiresAt",
        alias = "expires_at",
        default,
        deserialize_with = "lenient_string"
    )]
    pub expires_at: Option<String>,
}

impl std::fmt::Debug for LoginAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginAnswer")
            .field(
                "token",
                &self
                    .token
                    .as_ref()
                    .map(|_| socialmine_core::secret::REDACTED),
            )
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// An error body: `{ "error": { "code", "message", "fields", "current" } }`, also accepting
/// the same keys at the top level.
#[derive(Debug, Default)]
pub(crate) struct ErrorBody {
    pub code: String,
    pub message: String,
    pub fields: std::collections::BTreeMap<String, String>,
    pub current: Option<Value>,
}

impl ErrorBody {
    pub fn parse(bytes: &[u8]) -> Option<ErrorBody> {
        let v: Value = serde_json::from_slice(bytes).ok()?;
        let obj = match v.get("error") {
            Some(e @ Value::Object(_)) => e.clone(),
            Some(Value::String(s)) => {
                let mut m = serde_json::Map::new();
                m.insert("code".into(), Value::String(s.clone()));
                if let Some(msg) = v.get("message") {
                    m.insert("message".into(), msg.clone());
                }
                Value::Object(m)
            }
            _ => v.clone(),
        };
        let text = |k: &str| obj.get(k).map(value_text).unwrap_or_default();
        let fields = match obj.get("fields").or_else(|| obj.get("errors")) {
            Some(Value::Object(m)) => m.iter().map(|(k, v)| (k.clone(), value_text(v))).collect(),
            _ => Default::default(),
        };
        Some(ErrorBody {
            code: text("code"),
            message: text("message"),
            fields,
            current: obj.get("current").filter(|c| c.is_object()).cloned(),
        })
    }
}

/// A JSON value as message text: strings as they are, arrays joined, others printed.
fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(value_text).collect::<Vec<_>>().join("; "),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    })
}

fn lenient_string_or_empty<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(lenient_string(d)?.unwrap_or_default())
}

fn lenient_bool<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Bool(b) => b,
        Value::Number(n) => n.as_i64().is_some_and(|i| i != 0),
        Value::String(s) => matches!(
            s.trim().to_ascii_lowercase().as_str(),
            "true" | "1" | "yes" | "on"
        ),
        _ => false,
    })
}

fn lenient_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().trim_matches('"').parse().ok(),
        _ => None,
    })
}

fn lenient_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Array(a) => a
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        Value::String(s) => s
            .split([',', ' '])
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    })
}

/// The revision in an `ETag` header: `"7"`, `W/"7"` or `7`.
pub(crate) fn revision_from_etag(etag: &str) -> Option<u64> {
    etag.trim()
        .trim_start_matches("W/")
        .trim_matches('"')
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_login_answer_never_shows_its_token() {
        let a: LoginAnswer = serde_json::from_str(
            r#"{"token":"tok-very-secret","expiresAt":"2099-01-01T00:00:00Z"}"#,
        )
        .expect("parse");
        let shown = format!("{a:?}");
        assert!(!shown.contains("tok-very-secret"), "{shown}");
        assert!(
            shown.contains("<redacted>") && shown.contains("2099"),
            "{shown}"
        );
    }

    #[test]
    fn platforms_are_read_tolerantly() {
        let v: Value = serde_json::json!({
            "platforms": [
                { "id": "facebook", "enabled": "true", "clientId": 1234567890123456_u64, "clientSecretSet": true,
                  "clientSecretHint": "3f9a", "revision": "7", "defaultScopes": "email,public_profile",
                  "somethingNew": { "x": 1 } },
                { "id": "tiktok" }
            ],
            "total": 2
        });
        let list = parse_platform_list(v).expect("parse");
        assert_eq!(list[0].client_id.as_deref(), Some("1234567890123456"));
        assert!(list[0].enabled && list[0].client_secret_set);
        assert_eq!(list[0].revision, Some(7));
        assert_eq!(list[0].default_scopes, ["email", "public_profile"]);
        assert_eq!(list[1].platform_id(), Some(PlatformId::Tiktok));
        assert_eq!(list[1].revision, None);
        assert!(!list[1].is_configured());
    }

    #[test]
    fn error_bodies_in_several_shapes() {
        let e = ErrorBody::parse(br#"{"error":{"code":"validation_failed","message":"m","fields":{"clientId":"must not be empty","scope":["too long"]}}}"#)
            .expect("parse");
        assert_eq!(e.code, "validation_failed");
        assert_eq!(e.fields["clientId"], "must not be empty");
        assert_eq!(e.fields["scope"], "too long");
        let e = ErrorBody::parse(br#"{"code":"forbidden","message":"no"}"#).expect("parse");
        assert_eq!((e.code.as_str(), e.message.as_str()), ("forbidden", "no"));
        let e =
            ErrorBody::parse(br#"{"error":"unauthenticated","message":"expired"}"#).expect("parse");
        assert_eq!(
            (e.code.as_str(), e.message.as_str()),
            ("unauthenticated", "expired")
        );
        assert!(ErrorBody::parse(b"<html>").is_none());
    }

    #[test]
    fn etags() {
        assert_eq!(revision_from_etag("\"7\""), Some(7));
        assert_eq!(revision_from_etag("W/\"12\""), Some(12));
        assert_eq!(revision_from_etag("3"), Some(3));
        assert_eq!(revision_from_etag("\"abc\""), None);
    }
}
