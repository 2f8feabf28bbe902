//! The one password generator: characters drawn uniformly from an unambiguous alphabet by
//! rejection sampling over the operating system's random source. There is no fallback: when
//! the OS cannot give randomness, no password is made.

use socialmine_core::Secret;

use crate::error::StoreError;
use crate::id::DeploymentId;
use crate::secrets::SecretField;
use crate::store::Store;

/// No 0/O, 1/l/I: readable when copied by hand.
const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// The length of generated passwords (about 92 bits with this alphabet).
pub const PASSWORD_CHARS: usize = 16;

/// A password of `len` characters, each uniform over the alphabet: random bytes at or above
/// the largest multiple of the alphabet's size are thrown away rather than folded (which
/// would favour the first characters).
pub fn generate_password(len: usize) -> Result<Secret, getrandom::Error> {
    let n = ALPHABET.len();
    let limit = 256 - 256 % n;
    let mut out = String::with_capacity(len);
    let mut buf = [0u8; 64];
    while out.len() < len {
        getrandom::fill(&mut buf)?;
        for b in buf {
            if usize::from(b) < limit && out.len() < len {
                out.push(char::from(ALPHABET[usize::from(b) % n]));
            }
        }
    }
    Ok(Secret::new(out))
}

impl Store {
    /// The practice server's admin password, kept in the keyring; made up on first use.
    pub fn sandbox_password(&self, id: &DeploymentId) -> Result<Secret, StoreError> {
        if let Some(p) = self.get_secret(id, SecretField::SandboxPassword)? {
            return Ok(p);
        }
        let p = generate_password(PASSWORD_CHARS).map_err(|e| {
            StoreError::io(
                "draw random bytes for a password",
                self.dirs().root(),
                std::io::Error::other(e.to_string()),
            )
        })?;
        self.set_secret(id, SecretField::SandboxPassword, &p)?;
        Ok(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_have_the_length_asked_use_only_the_alphabet_and_differ() {
        let a = generate_password(PASSWORD_CHARS).unwrap_or_else(|e| panic!("{e}"));
        let b = generate_password(PASSWORD_CHARS).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(a.expose_str().chars().count(), PASSWORD_CHARS);
        assert!(a.expose_str().bytes().all(|c| ALPHABET.contains(&c)));
        assert_ne!(a.expose_str(), b.expose_str());
        assert_eq!(
            generate_password(0).map(|s| s.expose_str().len()).ok(),
            Some(0)
        );
    }

    #[test]
    fn every_character_of_the_alphabet_is_about_equally_likely() {
        let text = generate_password(55 * 400).unwrap_or_else(|e| panic!("{e}"));
        let mut counts = [0usize; 256];
        for c in text.expose_str().bytes() {
            counts[usize::from(c)] += 1;
        }
        // Expected 400 each; a folded (biased) generator would give the first 36 about 5/4 of
        // the others. Allow wide random variation, not a systematic bias.
        let first: usize = ALPHABET[..36].iter().map(|c| counts[usize::from(*c)]).sum();
        let rest: usize = ALPHABET[36..].iter().map(|c| counts[usize::from(*c)]).sum();
        let ratio = (first as f64 / 36.0) / (rest as f64 / 19.0);
        assert!((0.9..1.1).contains(&ratio), "ratio {ratio}");
        assert!(ALPHABET.iter().all(|c| counts[usize::from(*c)] > 250));
    }
}
