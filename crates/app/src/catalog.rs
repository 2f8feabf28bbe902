//! The provider facts the app uses (one catalog, shared by every screen and reloaded after an
//! update), what the start screen shows about them ("Provider facts checked on DATE", the
//! 45-day notice, the unofficial banner), "Check for updates", and the background check at most
//! once a day. Loading reads small files only; the network is touched only by an update.

use std::path::Path;
use std::sync::{Arc, RwLock};

use serde::Serialize;
use socialmine_core::{AppError, Catalog, Date, ErrorCode, PlatformId, TroubleshootEntry};
use socialmine_store::{
    AppDirs, CatalogInUse, CatalogStatus, CatalogUpdateError, CatalogUpdateOutcome, Store,
    load_catalog, read_settings,
};
use ts_rs::TS;

use crate::state::AppState;

/// The catalog in use, swapped whole after an update. Readers take a cheap `Arc` of it.
#[derive(Debug)]
pub struct CatalogCell(RwLock<Arc<CatalogInUse>>);

impl CatalogCell {
    pub fn new(in_use: CatalogInUse) -> CatalogCell {
        CatalogCell(RwLock::new(Arc::new(in_use)))
    }

    /// The catalog to use with this data folder: the developer's unofficial file when the
    /// settings name one, else a verified signed update, else the built-in catalog (never an
    /// unsigned file dropped in the folder). Reads at most a few small files.
    pub fn load(store: Option<&Store>) -> CatalogCell {
        CatalogCell::new(load_in_use(store))
    }

    /// The catalog in use and where it came from.
    pub fn get(&self) -> Arc<CatalogInUse> {
        self.0.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn set(&self, in_use: CatalogInUse) {
        *self.0.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(in_use);
    }
}

impl From<CatalogInUse> for CatalogCell {
    fn from(in_use: CatalogInUse) -> CatalogCell {
        CatalogCell::new(in_use)
    }
}

impl From<Catalog> for CatalogCell {
    /// A catalog given directly (tests, or the built-in one), labelled as built in.
    fn from(catalog: Catalog) -> CatalogCell {
        CatalogCell::new(CatalogInUse {
            catalog,
            ..CatalogInUse::built_in()
        })
    }
}

fn load_in_use(store: Option<&Store>) -> CatalogInUse {
    load_in(store.map(Store::dirs))
}

/// [`CatalogCell::load`] from the data folder's path alone (nothing opened or created).
pub fn load_in(dirs: Option<&AppDirs>) -> CatalogInUse {
    let unofficial = dirs.and_then(|d| read_settings(d).catalog.unofficial_file);
    let in_use = load_catalog(dirs.map(AppDirs::root), unofficial.as_deref());
    for note in &in_use.notes {
        tracing::warn!("provider facts: {note}");
    }
    in_use
}

/// What the start screen shows about the provider facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CatalogView {
    pub status: CatalogStatus,
    /// Whether the app looks for an update in the background (at most once a day).
    pub auto_check: bool,
    /// Whether the setting can be changed (`false` without a data folder).
    pub can_update: bool,
}

/// What "Check for updates" found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CatalogCheck {
    /// Whether newer provider facts were installed (the catalog is reloaded everywhere).
    pub updated: bool,
    /// What changed, or that the facts in use are already the newest, in plain lines.
    pub summary: Vec<String>,
    pub view: CatalogView,
}

impl AppState {
    /// The start screen's facts line, notice, banner and background-check setting, as of
    /// `today`.
    pub fn catalog_view(&self, today: Date) -> CatalogView {
        let settings = self.persistence().map(|p| p.store.settings().catalog);
        CatalogView {
            status: self.catalog.get().status(today),
            auto_check: settings.as_ref().is_some_and(|s| s.auto_check),
            can_update: settings.is_some(),
        }
    }

    /// The likely causes of a pasted error message, best match first.
    pub fn troubleshoot(
        &self,
        text: &str,
        platform: Option<PlatformId>,
    ) -> Result<Vec<TroubleshootEntry>, AppError> {
        crate::bounds::search(text)?;
        Ok(self
            .catalog
            .get()
            .catalog
            .troubleshoot(text, platform)
            .into_iter()
            .cloned()
            .collect())
    }

    /// Switches the daily background check on or off.
    pub fn set_catalog_auto_check(&self, on: bool, today: Date) -> Result<CatalogView, AppError> {
        let p = self.persistence().ok_or_else(no_data_folder)?;
        p.store
            .update_settings(|s| s.catalog.auto_check = on)
            .map_err(|e| AppError::new(ErrorCode::SettingsNotSaved, e.to_string()))?;
        Ok(self.catalog_view(today))
    }

    /// "Check for updates": downloads, verifies and installs newer provider facts, then reloads
    /// the catalog every screen uses. Facts that are already the newest are not an error.
    pub async fn check_for_catalog_update(&self, today: Date) -> Result<CatalogCheck, AppError> {
        let p = self.persistence().ok_or_else(no_data_folder)?;
        let url = p.store.settings().catalog.url().to_owned();
        match self.run_update(p.store.dirs().root(), &url, today).await {
            Ok(outcome) => Ok(CatalogCheck {
                updated: true,
                summary: outcome.summary,
                view: self.catalog_view(today),
            }),
            Err(CatalogUpdateError::NotNewer { in_use, .. }) => Ok(CatalogCheck {
                updated: false,
                summary: vec![format!(
                    "You have the newest provider facts (checked on {in_use})."
                )],
                view: self.catalog_view(today),
            }),
            Err(e) => Err(AppError::new(
                e.code(),
                format!(
                    "The provider facts could not be updated: {e}. The facts in use are unchanged; try again later."
                ),
            )),
        }
    }

    /// The background check: at most once a day (and only when switched on), it looks for newer
    /// provider facts and installs them. Offline or any other failure: nothing changes and
    /// nothing is shown; the day of the look is recorded either way. `Some` when facts were
    /// installed (the window then reloads its catalog).
    pub async fn background_catalog_check(&self, today: Date) -> Option<CatalogCheck> {
        let p = self.persistence()?;
        let settings = p.store.settings().catalog;
        if !settings.background_check_due(today) {
            return None;
        }
        if let Err(e) = p
            .store
            .update_settings(|s| s.catalog.last_check = Some(today.to_string()))
        {
            tracing::warn!("the day of the provider-facts check was not recorded: {e}");
        }
        match self
            .run_update(p.store.dirs().root(), settings.url(), today)
            .await
        {
            Ok(outcome) => Some(CatalogCheck {
                updated: true,
                summary: outcome.summary,
                view: self.catalog_view(today),
            }),
            Err(e) => {
                tracing::info!("background provider-facts check: {e}");
                None
            }
        }
    }

    async fn run_update(
        &self,
        data_dir: &Path,
        url: &str,
        today: Date,
    ) -> Result<CatalogUpdateOutcome, CatalogUpdateError> {
        let in_use = self.catalog.get();
        let outcome =
            socialmine_store::update_catalog(data_dir, url, &in_use.catalog, today).await?;
        self.reload_catalog();
        Ok(outcome)
    }

    /// Reads the catalog in use again (after an update) and gives it to every screen.
    pub fn reload_catalog(&self) {
        self.catalog
            .set(load_in_use(self.persistence().map(|p| &*p.store)));
    }
}

fn no_data_folder() -> AppError {
    AppError::new(
        ErrorCode::NoDataFolder,
        "The app's data folder is not available, so provider facts cannot be updated or settings saved. Check that HOME is set and writable, then restart the app.",
    )
}

#[cfg(test)]
#[path = "catalog_tests.rs"]
mod tests;
