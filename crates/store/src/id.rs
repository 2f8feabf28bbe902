//! Stable deployment ids: the file name of the deployment (`<id>.toml`), chosen once at
//! creation and never changed by a rename.

use std::fmt;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A deployment's stable id, e.g. `acme-production-3f9a1c`: a slug of the name it was created
/// with plus a random suffix. Safe as a file name and a keyring key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, TS)]
#[ts(export)]
pub struct DeploymentId(String);

impl<'de> Deserialize<'de> for DeploymentId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        DeploymentId::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A string that cannot be a deployment id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a deployment id: ids are 1 to 100 letters, digits, `-`, `_` or `.`, and do not \
     start with `.`. Pick the deployment from the list instead of typing its id."
)]
pub struct InvalidDeploymentId(pub String);

const MAX_LEN: usize = 100;

impl DeploymentId {
    /// Checks a string from outside (the UI, a file name).
    pub fn parse(s: &str) -> Result<DeploymentId, InvalidDeploymentId> {
        let ok = !s.is_empty()
            && s.len() <= MAX_LEN
            && !s.starts_with('.')
            && !s.ends_with(".state")
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if ok {
            Ok(DeploymentId(s.to_owned()))
        } else {
            // Never echo something huge or multi-line back.
            let shown: String = s.chars().take(40).filter(|c| !c.is_control()).collect();
            Err(InvalidDeploymentId(shown))
        }
    }

    /// A new id for a deployment named `name`.
    pub fn generate(name: &str) -> DeploymentId {
        let mut slug = String::new();
        for c in name.chars() {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_alphanumeric() {
                slug.push(c);
            } else if !slug.ends_with('-') && !slug.is_empty() {
                slug.push('-');
            }
            if slug.len() >= 40 {
                break;
            }
        }
        let slug = slug.trim_end_matches('-');
        let slug = if slug.is_empty() { "deployment" } else { slug };
        DeploymentId(format!("{slug}-{}", random_hex(3)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DeploymentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for DeploymentId {
    type Error = InvalidDeploymentId;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        DeploymentId::parse(&s)
    }
}

impl From<DeploymentId> for String {
    fn from(id: DeploymentId) -> String {
        id.0
    }
}

/// `bytes` random bytes as lowercase hex.
pub(crate) fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    // The OS random source failing is not something the app can recover from.
    getrandom::fill(&mut buf)
        .unwrap_or_else(|e| panic!("the operating system's random source failed: {e}"));
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_are_slugs_with_a_random_suffix() {
        let a = DeploymentId::generate("Acme Production (EU)!");
        assert!(a.as_str().starts_with("acme-production-eu-"), "{a}");
        assert_eq!(DeploymentId::parse(a.as_str()), Ok(a.clone()));
        assert_ne!(a, DeploymentId::generate("Acme Production (EU)!"));
        assert!(
            DeploymentId::generate("ÄÖÜ")
                .as_str()
                .starts_with("deployment-")
        );
    }

    #[test]
    fn ids_cannot_leave_the_folder() {
        for bad in [
            "",
            "..",
            "../x",
            "a/b",
            "a\\b",
            ".hidden",
            "x.state",
            "a b",
            "é",
            &"a".repeat(101),
        ] {
            assert!(DeploymentId::parse(bad).is_err(), "{bad:?}");
        }
        assert!(DeploymentId::parse("acme_prod.v2").is_ok());
    }

    #[test]
    fn ids_deserialize_with_validation() {
        let ok: DeploymentId = serde_json::from_str("\"acme-1\"").expect("valid");
        assert_eq!(ok.as_str(), "acme-1");
        assert!(serde_json::from_str::<DeploymentId>("\"../etc\"").is_err());
    }
}
