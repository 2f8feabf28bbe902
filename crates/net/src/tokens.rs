//! Where admin tokens are kept between sessions. The OS keyring implementation comes with the
//! deployments-and-secrets work; until then [`MemoryTokenStore`] keeps them for the session.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use socialmine_core::Secret;

/// Why a token store failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the admin token could not be kept: {0}")]
pub struct TokenStoreError(pub String);

/// Keeps one admin token per deployment (keyed by a stable deployment key, such as its admin
/// URL or file name). Implementations must never write a token to a plain file.
pub trait TokenStore: Send + Sync {
    fn load(&self, deployment: &str) -> Result<Option<Secret>, TokenStoreError>;
    fn save(&self, deployment: &str, token: &Secret) -> Result<(), TokenStoreError>;
    fn delete(&self, deployment: &str) -> Result<(), TokenStoreError>;
}

/// Tokens in memory only, for this run of the app.
#[derive(Debug, Default)]
pub struct MemoryTokenStore {
    tokens: Mutex<HashMap<String, Secret>>,
}

impl TokenStore for MemoryTokenStore {
    fn load(&self, deployment: &str) -> Result<Option<Secret>, TokenStoreError> {
        Ok(self
            .tokens
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(deployment)
            .cloned())
    }

    fn save(&self, deployment: &str, token: &Secret) -> Result<(), TokenStoreError> {
        self.tokens
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(deployment.to_owned(), token.clone());
        Ok(())
    }

    fn delete(&self, deployment: &str) -> Result<(), TokenStoreError> {
        self.tokens
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(deployment);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_store_round_trips() {
        let s = MemoryTokenStore::default();
        assert_eq!(s.load("a"), Ok(None));
        s.save("a", &Secret::from("t")).expect("save");
        assert_eq!(
            s.load("a")
                .expect("load")
                .map(|t| t.expose_str().to_owned())
                .as_deref(),
            Some("t")
        );
        s.delete("a").expect("delete");
        assert_eq!(s.load("a"), Ok(None));
    }
}
