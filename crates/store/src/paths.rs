//! The app's data folder and keyring namespace, separate for release, dev and test builds.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// The name of release builds' data folder and keyring service.
const RELEASE_NAMESPACE: &str = "socialmine-setup";

/// The environment variable that overrides the build's profile: `release`, `dev` or `test`.
pub const PROFILE_ENV: &str = "SOCIALMINE_PROFILE";

/// Which kind of build is running. Each profile has its own namespace: the data folder's name
/// and the keyring service name (`socialmine-setup`, `socialmine-setup-dev`,
/// `socialmine-setup-test-<tag>`), so dev and test builds never read or write a user's real
/// deployments and secrets.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Profile {
    /// What users run.
    Release,
    /// A developer's build (`cargo run`, `make dev`).
    Dev,
    /// A test; every test run gets its own random tag unless given one.
    Test { tag: String },
}

/// `SOCIALMINE_PROFILE` holds something else than `release`, `dev` or `test`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{PROFILE_ENV} is set to `{0}`, which is not a profile. Use release, dev or test, or unset it to \
     let the build decide (release builds use release, debug builds dev)."
)]
pub struct ProfileError(pub String);

impl Profile {
    /// The profile of this build: [`Profile::Dev`] for a debug build, [`Profile::Release`]
    /// otherwise.
    pub fn for_this_build() -> Profile {
        if cfg!(debug_assertions) {
            Profile::Dev
        } else {
            Profile::Release
        }
    }

    /// The profile named by `SOCIALMINE_PROFILE` when it is set, else [`Profile::for_this_build`].
    /// `test` gets a fresh random tag.
    pub fn from_env_or_build() -> Result<Profile, ProfileError> {
        match std::env::var(PROFILE_ENV) {
            Ok(v) => Profile::parse(&v),
            Err(_) => Ok(Profile::for_this_build()),
        }
    }

    /// `release`, `dev` or `test` (a fresh random tag).
    pub fn parse(s: &str) -> Result<Profile, ProfileError> {
        match s.trim() {
            "release" => Ok(Profile::Release),
            "dev" => Ok(Profile::Dev),
            "test" => Ok(Profile::new_test()),
            other => Err(ProfileError(other.to_owned())),
        }
    }

    /// A test profile with a random tag of its own.
    pub fn new_test() -> Profile {
        Profile::Test {
            tag: crate::id::random_hex(6),
        }
    }

    /// The data folder name and keyring service name of this profile.
    pub fn namespace(&self) -> String {
        match self {
            Profile::Release => RELEASE_NAMESPACE.to_owned(),
            Profile::Dev => format!("{RELEASE_NAMESPACE}-dev"),
            Profile::Test { tag } => {
                let tag: String = tag
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                format!("{RELEASE_NAMESPACE}-test-{tag}")
            }
        }
    }

    /// Whether this is what users run.
    pub fn is_release(&self) -> bool {
        matches!(self, Profile::Release)
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Profile::Release => f.write_str("release"),
            Profile::Dev => f.write_str("dev"),
            Profile::Test { tag } => write!(f, "test ({tag})"),
        }
    }
}

/// The folders of one profile. Nothing is created until [`AppDirs::ensure`] (which
/// [`crate::Store::open`] calls).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppDirs {
    profile: Profile,
    root: PathBuf,
}

impl AppDirs {
    /// The profile's folder in the user's data directory: `$XDG_DATA_HOME/<namespace>` (usually
    /// `~/.local/share/socialmine-setup`) on Linux, `~/Library/Application Support/<namespace>`
    /// on macOS, `%APPDATA%\<namespace>` on Windows.
    pub fn resolve(profile: Profile) -> io::Result<AppDirs> {
        let base = directories::BaseDirs::new().ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::NotFound,
                "the user's home folder could not be determined (HOME is not set). Set HOME, or \
                 XDG_DATA_HOME, to a folder you can write to, and start the app again",
            )
        })?;
        let root = base.data_dir().join(profile.namespace());
        Ok(AppDirs { profile, root })
    }

    /// The profile's folders under an explicit root (tests, portable installs).
    pub fn at(profile: Profile, root: impl Into<PathBuf>) -> AppDirs {
        AppDirs {
            profile,
            root: root.into(),
        }
    }

    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// The data folder itself.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the deployment files and their state side files live.
    pub fn deployments_dir(&self) -> PathBuf {
        self.root.join("deployments")
    }

    /// The keyring service name under which this profile's secrets are stored.
    pub fn keyring_service(&self) -> String {
        self.profile.namespace()
    }

    /// Creates the folders (private to the user on Unix).
    pub fn ensure(&self) -> io::Result<()> {
        for dir in [self.root.clone(), self.deployments_dir()] {
            create_private_dir(&dir)?;
        }
        Ok(())
    }
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    if dir.is_dir() {
        // A folder others can read or enter (made by hand, restored from a backup, an older
        // version) is tightened to owner-only.
        let mode = std::fs::metadata(dir)?.permissions().mode();
        if mode & 0o077 != 0 {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode & 0o700 | 0o700))?;
        }
        return Ok(());
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_loose_data_folder_is_tightened_to_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = tmp.path().join("data");
        std::fs::create_dir_all(root.join("deployments")).expect("mkdir");
        for d in [&root, &root.join("deployments")] {
            std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        }
        let dirs = AppDirs::at(Profile::new_test(), &root);
        dirs.ensure().expect("ensure");
        for d in [root.clone(), dirs.deployments_dir()] {
            let mode = std::fs::metadata(&d).expect("meta").permissions().mode() & 0o777;
            assert_eq!(mode, 0o700, "{}", d.display());
        }
    }

    #[test]
    fn every_profile_has_its_own_namespace() {
        let release = Profile::Release.namespace();
        let dev = Profile::Dev.namespace();
        let t1 = Profile::new_test().namespace();
        let t2 = Profile::new_test().namespace();
        assert_eq!(release, "socialmine-setup");
        assert_eq!(dev, "socialmine-setup-dev");
        assert!(t1.starts_with("socialmine-setup-test-"), "{t1}");
        let all = [&release, &dev, &t1, &t2];
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }

    #[test]
    fn test_tags_cannot_escape_the_namespace() {
        let p = Profile::Test {
            tag: "../../x y".to_owned(),
        };
        assert_eq!(p.namespace(), "socialmine-setup-test-xy");
    }

    #[test]
    fn resolved_folders_differ_per_profile() {
        let r = AppDirs::resolve(Profile::Release).expect("home");
        let d = AppDirs::resolve(Profile::Dev).expect("home");
        let t = AppDirs::resolve(Profile::new_test()).expect("home");
        assert_ne!(r.root(), d.root());
        assert_ne!(r.root(), t.root());
        assert_ne!(d.root(), t.root());
        assert_eq!(r.root().parent(), d.root().parent());
        assert_ne!(r.keyring_service(), t.keyring_service());
    }

    #[test]
    fn profile_names_parse() {
        assert_eq!(Profile::parse("release"), Ok(Profile::Release));
        assert_eq!(Profile::parse(" dev\n"), Ok(Profile::Dev));
        assert!(matches!(Profile::parse("test"), Ok(Profile::Test { .. })));
        let e = Profile::parse("prod").expect_err("unknown");
        assert!(e.to_string().contains("release, dev or test"), "{e}");
    }
}
