//! What the window may send (issue 13 item 15): every command's arguments are checked against
//! [`Limits::DEFAULT`] (crates/core `bounds`) before anything else happens, so an oversize
//! value or list gets a typed `{code, message}` error (`input_too_large`, `too_many_items`)
//! and never reaches the draft, a file, the keyring or the network. One function per kind of
//! argument; the `AppState` methods the commands call start with them.

use socialmine_core::report::ItemKey;
use socialmine_core::{AppError, Field, FixAction, Limits, PlatformId, TextKind};
use socialmine_store::{OnClash, PlatformProgress};

use crate::view::PushSelection;

const LIMITS: Limits = Limits::DEFAULT;

/// The limit of a field's value: URLs, scopes and secrets have their own, the rest are short.
fn field_kind(field: Field) -> TextKind {
    match field {
        Field::ApiPublicUrl | Field::AdminUrl | Field::CallbackUrl | Field::ConsoleRedirectUrl => {
            TextKind::Url
        }
        Field::Scope => TextKind::Scope,
        Field::Name | Field::ClientId | Field::ClientSecret | Field::AppVersion => TextKind::Short,
    }
}

/// A value typed into a field (a client secret has the secrets' limit and is never echoed).
pub fn field_value(field: Field, value: &str) -> Result<(), AppError> {
    let what = field.as_str().replace('_', " ");
    if field == Field::ClientSecret {
        return Ok(LIMITS.secret_text(&what, value)?);
    }
    Ok(LIMITS.text(&what, value, field_kind(field))?)
}

/// A one-click fix: the values it carries are bounded like the field it changes.
pub fn fix(field: Field, action: &FixAction) -> Result<(), AppError> {
    match action {
        FixAction::UseDerivedCallback { value } | FixAction::ReplaceWith { value } => {
            field_value(field, value)
        }
        FixAction::Trim
        | FixAction::RemoveQuotes
        | FixAction::RemoveInvisible
        | FixAction::SwapFields { .. }
        | FixAction::Clear => Ok(()),
    }
}

/// A platform's wizard progress: its confirmed scopes.
pub fn progress(progress: &PlatformProgress) -> Result<(), AppError> {
    LIMITS.list("confirmed scopes", &progress.scopes_confirmed)?;
    for s in &progress.scopes_confirmed {
        LIMITS.text("confirmed scope", s, TextKind::Scope)?;
    }
    Ok(())
}

/// The text of a `.env` file (or another file read for import).
pub fn file_text(what: &str, text: &str) -> Result<(), AppError> {
    Ok(LIMITS.file(what, text.as_bytes())?)
}

/// The bytes of a file picked for import.
pub fn file_bytes(what: &str, bytes: &[u8]) -> Result<(), AppError> {
    Ok(LIMITS.file(what, bytes)?)
}

/// A pasted error message to look up.
pub fn search(text: &str) -> Result<(), AppError> {
    Ok(LIMITS.text("error message", text, TextKind::Note)?)
}

/// Email and password of a sign-in.
pub fn sign_in(email: &str, password: &str) -> Result<(), AppError> {
    LIMITS.text("email address", email, TextKind::Short)?;
    Ok(LIMITS.secret_text("password", password)?)
}

/// A pasted admin token.
pub fn token(token: &str) -> Result<(), AppError> {
    Ok(LIMITS.secret_text("admin token", token)?)
}

/// A list of platforms.
pub fn platforms(what: &str, platforms: &[PlatformId]) -> Result<(), AppError> {
    Ok(LIMITS.list(what, platforms)?)
}

/// The platforms chosen for a push or a dry run.
pub fn selection(selection: &[PushSelection]) -> Result<(), AppError> {
    Ok(LIMITS.list("platforms to push", selection)?)
}

/// A deployment's name and API_PUBLIC_URL, or the `.env` text it comes from.
pub fn new_deployment(name: &str, url: &str, env_text: Option<&str>) -> Result<(), AppError> {
    LIMITS.text("deployment name", name, TextKind::Short)?;
    LIMITS.text("API_PUBLIC_URL", url, TextKind::Url)?;
    env_text.map_or(Ok(()), |t| file_text(".env file", t))
}

/// A deployment's name.
pub fn name(name: &str) -> Result<(), AppError> {
    Ok(LIMITS.text("deployment name", name, TextKind::Short)?)
}

/// The version of the app the user agreed to install (as the update check showed it).
pub fn version(version: &str) -> Result<(), AppError> {
    Ok(LIMITS.text("version", version, TextKind::Short)?)
}

/// A deployment id sent back by the window (its format is checked where it is parsed).
pub fn id(id: &str) -> Result<(), AppError> {
    Ok(LIMITS.text("deployment id", id, TextKind::Short)?)
}

/// An optional deployment id.
pub fn opt_id(id: Option<&str>) -> Result<(), AppError> {
    id.map_or(Ok(()), self::id)
}

/// The passphrase of a bundle, typed once or twice.
pub fn passphrases(first: Option<&str>, again: Option<&str>) -> Result<(), AppError> {
    LIMITS.opt_secret_text("passphrase", first)?;
    Ok(LIMITS.opt_secret_text("passphrase", again)?)
}

/// What to do on a name clash: a new name is a deployment name.
pub fn on_clash(on_clash: &OnClash) -> Result<(), AppError> {
    match on_clash {
        OnClash::Rename { new_name } => name(new_name),
        OnClash::Ask | OnClash::Replace => Ok(()),
    }
}

/// A checklist item and its note.
pub fn checklist_item(item: &ItemKey, note: Option<&str>) -> Result<(), AppError> {
    let (ItemKey::Step(key) | ItemKey::Scope(key)) = item;
    LIMITS.text("checklist item", key, TextKind::Scope)?;
    Ok(LIMITS.opt_text("note", note, TextKind::Note)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(r: Result<(), AppError>) -> String {
        r.expect_err("refused").code.as_str().to_owned()
    }

    #[test]
    fn each_kind_of_argument_is_bounded_and_real_values_pass() {
        let big = "x".repeat(2 * 1024 * 1024);
        assert!(field_value(Field::ApiPublicUrl, "https://api.acme.com").is_ok());
        assert!(field_value(Field::Scope, &"openid ".repeat(500)).is_ok());
        assert_eq!(
            code(field_value(Field::Name, &"n".repeat(513))),
            "input_too_large"
        );
        for f in [Field::ClientSecret, Field::CallbackUrl, Field::ClientId] {
            assert_eq!(code(field_value(f, &big)), "input_too_large", "{f:?}");
        }
        let replace = FixAction::ReplaceWith { value: big.clone() };
        assert_eq!(code(fix(Field::CallbackUrl, &replace)), "input_too_large");
        assert!(fix(Field::CallbackUrl, &FixAction::Trim).is_ok());
        let many = PlatformProgress {
            scopes_confirmed: vec!["openid".into(); 100_000],
            ..PlatformProgress::default()
        };
        assert_eq!(code(progress(&many)), "too_many_items");
        assert!(progress(&PlatformProgress::default()).is_ok());
        assert_eq!(code(search(&big)), "input_too_large");
        assert_eq!(code(sign_in("a@b.c", &big)), "input_too_large");
        assert_eq!(code(token(&big)), "input_too_large");
        let list = vec![PlatformId::Facebook; 100_000];
        assert_eq!(code(platforms("platforms", &list)), "too_many_items");
        assert!(platforms("platforms", &PlatformId::ALL).is_ok());
        assert_eq!(
            code(new_deployment("Acme", "https://a", Some(&big))),
            "input_too_large"
        );
        assert_eq!(code(id(&big)), "input_too_large");
        assert!(opt_id(None).is_ok());
        assert_eq!(code(passphrases(None, Some(&big))), "input_too_large");
        let rename = OnClash::Rename {
            new_name: big.clone(),
        };
        assert_eq!(code(on_clash(&rename)), "input_too_large");
        assert_eq!(
            code(checklist_item(&ItemKey::Step("s".into()), Some(&big))),
            "input_too_large"
        );
        assert_eq!(
            code(file_bytes("bundle", big.as_bytes())),
            "input_too_large"
        );
    }

    #[test]
    fn a_secret_too_long_is_not_echoed() {
        let secret = "s3cr3t-".repeat(1000);
        for e in [
            field_value(Field::ClientSecret, &secret),
            sign_in("a@b.c", &secret),
            token(&secret),
            passphrases(Some(&secret), None),
        ] {
            let e = e.expect_err("refused");
            assert!(!e.message.contains("s3cr3t"), "{}", e.message);
        }
    }
}
