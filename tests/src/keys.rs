//! Driving the window with the keyboard only, through WebDriver key actions (real key events
//! in WebKitGTK): Tab, Shift+Tab, Enter, Space, Escape and typing. Nothing here clicks or
//! calls an element's `click()`; scripts only read where the focus is and how it is drawn.

use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use serde_json::Value;

use crate::driver::AppSession;

/// Where the focus is, as the keyboard user sees it.
#[derive(Debug, Clone, Default)]
pub struct Focus {
    /// A short description of the focused element (tag, id, test id, words), for messages.
    pub what: String,
    /// Whether the focused element matched the selector asked about.
    pub matches: bool,
    /// Whether focus is drawn: a visible outline or a box shadow.
    pub visible: bool,
    /// Whether the focus is on nothing (the page itself).
    pub lost: bool,
}

const FOCUS: &str = r#"
const el = document.activeElement;
if (!el || el === document.body || el === document.documentElement) {
  return { what: 'nothing (the page itself)', matches: false, visible: false, lost: true };
}
const cs = getComputedStyle(el);
const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
const shadow = cs.boxShadow && cs.boxShadow !== 'none';
const words = (el.getAttribute('aria-label') || el.innerText || el.value || '').trim().slice(0, 60);
const what = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
  (el.dataset.testid ? '[data-testid=' + el.dataset.testid + ']' : '') +
  (el.type ? '[type=' + el.type + ']' : '') + (words ? ' "' + words + '"' : '');
return { what, matches: arguments[0] ? el.matches(arguments[0]) : false, visible: !!(outline || shadow), lost: false };
"#;

/// Reads where the focus is; `css` is the selector `matches` answers for.
pub async fn focus(s: &AppSession, css: &str) -> Focus {
    let v = s
        .client
        .execute(FOCUS, vec![Value::String(css.to_owned())])
        .await
        .unwrap_or_else(|e| panic!("could not read the focus: {e}"));
    Focus {
        what: v
            .get("what")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned(),
        matches: v.get("matches").and_then(Value::as_bool).unwrap_or(false),
        visible: v.get("visible").and_then(Value::as_bool).unwrap_or(false),
        lost: v.get("lost").and_then(Value::as_bool).unwrap_or(true),
    }
}

async fn perform(s: &AppSession, actions: KeyActions) {
    s.client
        .perform_actions(actions)
        .await
        .unwrap_or_else(|e| panic!("the key actions failed: {e}"));
}

/// Presses and releases one key.
pub async fn press(s: &AppSession, key: Key) {
    let k: char = key.into();
    perform(
        s,
        KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: k })
            .then(KeyAction::Up { value: k }),
    )
    .await;
}

/// Shift+Tab.
pub async fn shift_tab(s: &AppSession) {
    let shift: char = Key::Shift.into();
    let tab: char = Key::Tab.into();
    perform(
        s,
        KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: shift })
            .then(KeyAction::Down { value: tab })
            .then(KeyAction::Up { value: tab })
            .then(KeyAction::Up { value: shift }),
    )
    .await;
}

/// Types `text` into whatever has the focus, one key at a time.
pub async fn type_text(s: &AppSession, text: &str) {
    let mut actions = KeyActions::new("keyboard".into());
    for c in text.chars() {
        actions = actions
            .then(KeyAction::Down { value: c })
            .then(KeyAction::Up { value: c });
    }
    perform(s, actions).await;
}

/// Waits up to 20 s until the focus is on an element matching `css`; panics with where it is
/// instead.
pub async fn wait_focus(s: &AppSession, css: &str, why: &str) -> Focus {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let f = focus(s, css).await;
        if f.matches {
            return f;
        }
        assert!(
            Instant::now() < deadline,
            "{why}: the focus should be on {css}, but it is on {}",
            f.what
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Moves the focus with Tab (or Shift+Tab when `back`) until it is on an element matching
/// `css`, at most `max` presses. At every stop the focus must be on something, and drawn.
/// Returns every element passed through, in order.
pub async fn tab_to(s: &AppSession, css: &str, max: usize, back: bool) -> Vec<String> {
    let mut path = Vec::new();
    for _ in 0..max {
        if back {
            shift_tab(s).await;
        } else {
            press(s, Key::Tab).await;
        }
        let f = focus(s, css).await;
        assert!(
            !f.lost,
            "Tab lost the focus (after {}); path so far: {path:#?}",
            path.last().map_or("the start", String::as_str)
        );
        assert!(
            f.visible,
            "the focus on {} is not visible (no outline, no box shadow)",
            f.what
        );
        path.push(f.what.clone());
        if f.matches {
            return path;
        }
    }
    panic!(
        "{css} was not reached in {max} presses of {}: {path:#?}",
        if back { "Shift+Tab" } else { "Tab" }
    );
}
