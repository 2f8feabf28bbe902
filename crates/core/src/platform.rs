//! The six social platforms SocialMine knows, by the ids its admin API uses.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A platform id exactly as SocialMine's admin API and callback paths spell it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum PlatformId {
    Facebook,
    Instagram,
    Linkedin,
    Twitter,
    Tiktok,
    Threads,
}

impl PlatformId {
    /// Every platform, in the order SocialMine's guide presents them.
    pub const ALL: [PlatformId; 6] = [
        PlatformId::Facebook,
        PlatformId::Instagram,
        PlatformId::Linkedin,
        PlatformId::Twitter,
        PlatformId::Tiktok,
        PlatformId::Threads,
    ];

    /// The id as SocialMine spells it (`twitter`, not `x`).
    pub fn as_str(self) -> &'static str {
        match self {
            PlatformId::Facebook => "facebook",
            PlatformId::Instagram => "instagram",
            PlatformId::Linkedin => "linkedin",
            PlatformId::Twitter => "twitter",
            PlatformId::Tiktok => "tiktok",
            PlatformId::Threads => "threads",
        }
    }
}

impl fmt::Display for PlatformId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that names none of the six platforms.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown platform '{0}': expected one of facebook, instagram, linkedin, twitter, tiktok, threads"
)]
pub struct UnknownPlatform(pub String);

impl FromStr for PlatformId {
    type Err = UnknownPlatform;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PlatformId::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| UnknownPlatform(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_strings_and_json() {
        for id in PlatformId::ALL {
            assert_eq!(id.as_str().parse::<PlatformId>(), Ok(id));
            let json = serde_json::to_string(&id).expect("serialize");
            assert_eq!(json, format!("\"{}\"", id.as_str()));
        }
    }

    #[test]
    fn x_is_not_an_id() {
        let err = "x".parse::<PlatformId>().expect_err("x is spelled twitter");
        assert!(err.to_string().contains("twitter"));
    }
}
