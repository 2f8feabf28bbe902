//! The display the window opens on. GTK is started here, before Tauri builds its event loop:
//! Tauri's own start panics when GTK cannot reach the display, which under `panic = "abort"`
//! kills the app with a Rust panic instead of a message a user can act on. A display that is
//! there but did not answer the first time (an X server busy enough to turn a connection away,
//! seen in 2 of 94 release starts under load) is tried again for about 1.5 s.

use std::time::Duration;

/// Waits between the attempts to reach the display (about 1.5 s in all).
const RETRIES: [Duration; 4] = [
    Duration::from_millis(100),
    Duration::from_millis(200),
    Duration::from_millis(400),
    Duration::from_millis(800),
];

/// Why the window cannot open.
#[derive(Debug, PartialEq, Eq)]
pub enum NoDisplay {
    /// Neither `DISPLAY` nor `WAYLAND_DISPLAY` is set: a server, an SSH session, a service.
    NotSet,
    /// The display named by the environment did not answer.
    Unreachable(String),
}

impl NoDisplay {
    /// The message shown on standard error, with what to do about it.
    pub fn message(&self) -> String {
        let way_forward = "Run it in a desktop session, or use a subcommand on a server \
             (socialmine-setup --help, or socialmine-setup-cli, which needs no display).";
        match self {
            NoDisplay::NotSet => format!(
                "socialmine-setup: no display to open the window on (neither DISPLAY nor \
                 WAYLAND_DISPLAY is set). {way_forward}"
            ),
            NoDisplay::Unreachable(name) => format!(
                "socialmine-setup: the display {name} did not answer, so the window cannot \
                 open. Check that the desktop session is running and that this user may use \
                 it. {way_forward}"
            ),
        }
    }
}

/// Which display the environment names, if any (`WAYLAND_DISPLAY` first, as GTK tries it).
pub fn named(get: impl Fn(&str) -> Option<String>) -> Option<String> {
    ["WAYLAND_DISPLAY", "DISPLAY"]
        .into_iter()
        .filter_map(|var| get(var).filter(|v| !v.is_empty()))
        .next()
}

/// Tries `open` once, then again after each of [`RETRIES`] while it fails; whether it opened.
pub fn with_retries(mut open: impl FnMut() -> bool, mut sleep: impl FnMut(Duration)) -> bool {
    if open() {
        return true;
    }
    for wait in RETRIES {
        tracing::warn!(
            "the display did not answer; trying again in {} ms",
            wait.as_millis()
        );
        sleep(wait);
        if open() {
            return true;
        }
    }
    false
}

/// Starts GTK on the display the environment names (on the main thread, before Tauri).
#[cfg(target_os = "linux")]
pub fn open() -> Result<(), NoDisplay> {
    let Some(name) = named(|var| std::env::var(var).ok()) else {
        return Err(NoDisplay::NotSet);
    };
    if with_retries(|| gtk::init().is_ok(), std::thread::sleep) {
        Ok(())
    } else {
        Err(NoDisplay::Unreachable(name))
    }
}

/// Other systems always have their display.
#[cfg(not(target_os = "linux"))]
pub fn open() -> Result<(), NoDisplay> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_display_is_the_one_the_environment_names() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |var: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == var)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(named(env(&[])), None);
        assert_eq!(named(env(&[("DISPLAY", "")])), None);
        assert_eq!(named(env(&[("DISPLAY", ":0")])).as_deref(), Some(":0"));
        assert_eq!(
            named(env(&[("DISPLAY", ":0"), ("WAYLAND_DISPLAY", "wayland-0")])).as_deref(),
            Some("wayland-0")
        );
    }

    #[test]
    fn a_display_that_answers_late_is_used_and_one_that_never_does_is_given_up_on() {
        let mut tries = 0;
        let mut slept = Duration::ZERO;
        let ok = with_retries(
            || {
                tries += 1;
                tries == 3
            },
            |d| slept += d,
        );
        assert_eq!((ok, tries), (true, 3));
        assert_eq!(slept, Duration::from_millis(300));

        let mut tries = 0;
        let mut slept = Duration::ZERO;
        let ok = with_retries(
            || {
                tries += 1;
                false
            },
            |d| slept += d,
        );
        assert_eq!((ok, tries), (false, 5));
        assert_eq!(slept, Duration::from_millis(1500));
    }

    #[test]
    fn each_message_says_what_to_do() {
        for reason in [NoDisplay::NotSet, NoDisplay::Unreachable(":7".into())] {
            let m = reason.message();
            assert!(m.contains("socialmine-setup-cli"), "{m}");
            assert!(m.contains("desktop session"), "{m}");
        }
        assert!(NoDisplay::Unreachable(":7".into()).message().contains(":7"));
    }
}
