//! For maintainers: sign a provider-facts catalog for publishing, or make a new key pair.
//!
//! ```text
//! # Sign (the key is the text of a minisign secret key file, never a file in the repository):
//! SOCIALMINE_CATALOG_SIGNING_KEY="$(cat /secure/place/catalog-signing.key)" \
//!   cargo run -p socialmine-store --example catalog_sign -- sign crates/core/data/catalog.toml
//! # (or SOCIALMINE_CATALOG_SIGNING_KEY_FILE=/secure/place/catalog-signing.key;
//! #  SOCIALMINE_CATALOG_SIGNING_KEY_PASSWORD for a password-protected key)
//! # -> writes crates/core/data/catalog.toml.minisig; publish both files side by side.
//!
//! # A new key pair (then replace crates/store/catalog-signing.pub and keep the secret key safe):
//! cargo run -p socialmine-store --example catalog_sign -- generate SECRET_KEY_OUT PUBLIC_KEY_OUT
//! ```
//!
//! Before signing, the catalog is validated exactly as the app validates it, and the signature
//! is checked against the public key built into the app, so a wrong key is noticed here.

use std::io::Cursor;
use std::process::ExitCode;

use minisign::{KeyPair, SecretKey, SecretKeyBox};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["sign", catalog] => sign(catalog),
        ["generate", secret_out, public_out] => generate(secret_out, public_out),
        _ => Err("usage: catalog_sign sign CATALOG.toml | catalog_sign generate SECRET_KEY_OUT PUBLIC_KEY_OUT".into()),
    };
    match result {
        Ok(message) => {
            println!("{message}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("catalog_sign: {e}");
            ExitCode::FAILURE
        }
    }
}

fn secret_key() -> Result<SecretKey, String> {
    let text = match (
        std::env::var("SOCIALMINE_CATALOG_SIGNING_KEY"),
        std::env::var("SOCIALMINE_CATALOG_SIGNING_KEY_FILE"),
    ) {
        (Ok(t), _) if !t.trim().is_empty() => t,
        (_, Ok(path)) if !path.trim().is_empty() => std::fs::read_to_string(path.trim())
            .map_err(|e| format!("could not read the key file {path}: {e}"))?,
        _ => {
            return Err(
                "set SOCIALMINE_CATALOG_SIGNING_KEY to the text of the minisign secret key \
                        (or SOCIALMINE_CATALOG_SIGNING_KEY_FILE to its path)"
                    .into(),
            );
        }
    };
    let boxed = SecretKeyBox::from_string(text.trim())
        .map_err(|e| format!("the signing key is not a minisign secret key: {e}"))?;
    let password = std::env::var("SOCIALMINE_CATALOG_SIGNING_KEY_PASSWORD").ok();
    match password {
        Some(p) => boxed.into_secret_key(Some(p)),
        None => boxed.into_unencrypted_secret_key(),
    }
    .map_err(|e| format!("the signing key could not be opened: {e}"))
}

fn sign(catalog_path: &str) -> Result<String, String> {
    let text = std::fs::read_to_string(catalog_path)
        .map_err(|e| format!("could not read {catalog_path}: {e}"))?;
    let catalog = socialmine_core::Catalog::parse(&text)
        .map_err(|e| format!("{catalog_path} is not a valid catalog: {e}"))?;
    let unsourced = catalog.sources_without_address();
    if !unsourced.is_empty() {
        return Err(format!(
            "{catalog_path}: every source needs a public https:// address a reader can open; missing for {}",
            unsourced.join(", ")
        ));
    }
    let sk = secret_key()?;
    let trusted = format!(
        "socialmine-setup provider facts checked {}",
        catalog.checked
    );
    let signature = minisign::sign(
        None,
        &sk,
        Cursor::new(text.as_bytes()),
        Some(&trusted),
        None,
    )
    .map_err(|e| format!("signing failed: {e}"))?
    .into_string();
    let verified = socialmine_store::verify_signature(
        text.as_bytes(),
        signature.as_bytes(),
        socialmine_store::CATALOG_PUBLIC_KEY,
    );
    let out = format!("{catalog_path}.minisig");
    std::fs::write(&out, &signature).map_err(|e| format!("could not write {out}: {e}"))?;
    match verified {
        Ok(()) => Ok(format!(
            "signed {catalog_path} (checked {}) -> {out}; it verifies with the app's public key",
            catalog.checked
        )),
        Err(e) => Err(format!(
            "wrote {out}, but the app would refuse it: {e}. Sign with the project's key, or replace \
             crates/store/catalog-signing.pub with this key's public key"
        )),
    }
}

fn generate(secret_out: &str, public_out: &str) -> Result<String, String> {
    let pair = KeyPair::generate_unencrypted_keypair().map_err(|e| e.to_string())?;
    let sk = pair
        .sk
        .to_box(Some("SocialMine Setup catalog signing key (keep secret)"))
        .map_err(|e| e.to_string())?
        .into_string();
    let pk = pair.pk.to_box().map_err(|e| e.to_string())?.into_string();
    if std::path::Path::new(secret_out).exists() {
        return Err(format!("{secret_out} exists; not overwriting a key"));
    }
    std::fs::write(secret_out, sk).map_err(|e| format!("could not write {secret_out}: {e}"))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(secret_out, std::fs::Permissions::from_mode(0o600));
    }
    std::fs::write(public_out, pk).map_err(|e| format!("could not write {public_out}: {e}"))?;
    Ok(format!(
        "secret key -> {secret_out} (keep it out of the repository), public key -> {public_out}"
    ))
}
