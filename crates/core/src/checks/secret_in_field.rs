//! A client secret pasted into a field that is not secret (issue 13 item 7): the client ID, an
//! address. Such a value would be written to the deployment file in plain text, so the window
//! refuses to save it and the checks say where it belongs.
//!
//! A value is taken for a secret when it holds one of the secrets the caller knows (the
//! deployment's own, the keyring's), or when, for the client ID and the address fields, the
//! whole value is shaped like a client secret of the catalog and like no client ID.

use crate::catalog::{Catalog, CredentialRole};
use crate::finding::{Code, Field, Finding, Severity};
use crate::platform::PlatformId;

use super::clean_value;

/// A known secret shorter than this is not looked for inside other values (too many false
/// alarms on short words).
const MIN_KNOWN_CHARS: usize = 8;

/// Whether `value`, typed into the non-secret `field` of `platform` (`None`: the deployment's
/// own fields), looks like a client secret. `known` are the secrets the caller holds.
pub fn looks_like_secret(
    catalog: &Catalog,
    platform: Option<PlatformId>,
    field: Field,
    value: &str,
    known: &[&str],
) -> bool {
    if field.is_secret() {
        return false;
    }
    let cleaned = clean_value(value);
    if cleaned.is_empty() {
        return false;
    }
    let holds_known = known.iter().map(|k| k.trim()).any(|k| {
        k.chars().count() >= MIN_KNOWN_CHARS && (cleaned.contains(k) || value.contains(k))
    });
    holds_known || shaped_like_a_secret(catalog, platform, field, &cleaned)
}

/// Whether the whole value is shaped like a client secret (of `platform`, or of any platform
/// for the deployment's own fields) and like no client ID. Only the client ID and the address
/// fields are judged by shape: a name, a version or a scope string can be any word.
fn shaped_like_a_secret(
    catalog: &Catalog,
    platform: Option<PlatformId>,
    field: Field,
    value: &str,
) -> bool {
    let judged = matches!(
        field,
        Field::ClientId
            | Field::AdminUrl
            | Field::ApiPublicUrl
            | Field::CallbackUrl
            | Field::ConsoleRedirectUrl
    );
    // A secret has letters and digits; an all-letter or all-digit word is something else.
    let mixed =
        value.chars().any(|c| c.is_ascii_digit()) && value.chars().any(|c| c.is_ascii_alphabetic());
    if !judged || !mixed {
        return false;
    }
    let platforms: Vec<PlatformId> = match platform {
        Some(p) => vec![p],
        None => PlatformId::ALL.to_vec(),
    };
    let secret_shaped = platforms.iter().any(|p| {
        catalog
            .platform(*p)
            .shapes(Field::ClientSecret, CredentialRole::Expected)
            .any(|s| s.matches(value))
    });
    let id_shaped = catalog
        .platforms
        .iter()
        .flat_map(|p| p.credentials.iter())
        .any(|c| c.field == Field::ClientId && c.matches(value));
    secret_shaped && !id_shaped
}

/// The finding about a secret in `field` of `platform` (`None`: the deployment's own fields).
/// It never repeats the value.
pub fn secret_in_field(catalog: &Catalog, platform: Option<PlatformId>, field: Field) -> Finding {
    let what = match platform {
        Some(p) => {
            let facts = catalog.platform(p);
            let label = facts
                .shapes(Field::ClientSecret, CredentialRole::Expected)
                .next()
                .map(|s| s.label.clone())
                .unwrap_or_else(|| format!("{} client secret", facts.display_name));
            format!("the client secret ({label})")
        }
        None => "a client secret".to_owned(),
    };
    let place = match platform {
        Some(p) => format!(
            "the Client secret field of {}",
            catalog.platform(p).display_name
        ),
        None => "the Client secret field of its platform".to_owned(),
    };
    Finding::new(
        field,
        Severity::Error,
        Code::SecretInField,
        format!(
            "This looks like {what}, not a {}. A secret in this field would be written to the \
             deployment file in plain text, so it is not saved.",
            field_words(field)
        ),
        format!(
            "Paste it into {place} instead: secrets are kept in the system keyring. Then put the \
             right value here."
        ),
    )
}

fn field_words(field: Field) -> &'static str {
    match field {
        Field::Name => "deployment name",
        Field::ApiPublicUrl => "public address (API_PUBLIC_URL)",
        Field::AdminUrl => "admin address",
        Field::ClientId => "client ID",
        Field::ClientSecret => "client secret",
        Field::AppVersion => "version",
        Field::CallbackUrl => "callback URL",
        Field::Scope => "scope list",
        Field::ConsoleRedirectUrl => "redirect URL",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FB_SECRET: &str = "0123456789abcdef0123456789abcdef";

    fn looks(p: Option<PlatformId>, f: Field, v: &str, known: &[&str]) -> bool {
        looks_like_secret(&Catalog::built_in(), p, f, v, known)
    }

    #[test]
    fn a_secret_shaped_client_id_is_a_secret_and_a_real_id_is_not() {
        let fb = Some(PlatformId::Facebook);
        assert!(looks(fb, Field::ClientId, FB_SECRET, &[]));
        assert!(looks(fb, Field::ClientId, &format!(" {FB_SECRET}\n"), &[]));
        assert!(!looks(fb, Field::ClientId, "1234567890123456", &[]));
        let x = Some(PlatformId::Twitter);
        assert!(!looks(
            x,
            Field::ClientId,
            "cXJ2d0VZSUZuMzBFNHp3Z0pSZkM6MTpjaQ",
            &[]
        ));
        assert!(looks(
            x,
            Field::ClientId,
            "p8Wq-2Zt_0RkYhL3nX9vB7mQ1sD4fG6jK0lP5oI8uY2tR3eW4a",
            &[]
        ));
    }

    #[test]
    fn a_held_secret_is_found_in_any_field_and_addresses_are_judged_by_shape() {
        let held = "zz-not-shaped-like-anything-9";
        assert!(looks(None, Field::AdminUrl, held, &[held]));
        assert!(looks(None, Field::Name, &format!("x {held}"), &[held]));
        assert!(looks(None, Field::AdminUrl, FB_SECRET, &[]));
        assert!(!looks(None, Field::AdminUrl, "https://admin.acme.com", &[]));
        assert!(!looks(
            None,
            Field::ApiPublicUrl,
            "https://api2.acme.com:8443",
            &[]
        ));
        // Names, versions and scopes are judged only by the secrets held.
        assert!(!looks(None, Field::Name, FB_SECRET, &[]));
        assert!(!looks(
            Some(PlatformId::Facebook),
            Field::AppVersion,
            "v21.0",
            &["v21"]
        ));
        // The secret field itself is where a secret belongs.
        assert!(!looks(
            Some(PlatformId::Facebook),
            Field::ClientSecret,
            FB_SECRET,
            &[FB_SECRET]
        ));
    }

    #[test]
    fn the_finding_names_the_right_field_and_never_the_value() {
        let f = secret_in_field(
            &Catalog::built_in(),
            Some(PlatformId::Facebook),
            Field::ClientId,
        );
        assert_eq!(f.code, Code::SecretInField);
        assert_eq!(f.field, Field::ClientId);
        assert!(f.message.contains("client secret"), "{}", f.message);
        assert!(f.fix.contains("Client secret field"), "{}", f.fix);
    }
}
