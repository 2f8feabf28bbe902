//! The axe-core accessibility audit, run in the real window through WebDriver.
//!
//! axe-core is pinned in `ui/package.json` and its lockfile (a dev dependency the app never
//! imports: it is not in the built UI). Its `axe.min.js` is injected with WebDriver's Execute
//! Script, which runs outside the page's Content Security Policy: the app's CSP is not loosened
//! for it, in any build.

use std::path::PathBuf;

use serde_json::Value;

use crate::driver::{AppSession, workspace_root};

/// The axe-core script shipped by the npm package.
pub fn axe_script_path() -> PathBuf {
    workspace_root()
        .join("ui")
        .join("node_modules")
        .join("axe-core")
        .join("axe.min.js")
}

/// One rule axe found broken, with the elements that break it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub id: String,
    /// `minor`, `moderate`, `serious` or `critical`.
    pub impact: String,
    pub help: String,
    pub help_url: String,
    /// Each element: its CSS path, then axe's summary of what is wrong with it.
    pub nodes: Vec<(String, String)>,
}

impl Violation {
    /// Serious and critical violations fail the audit.
    pub fn is_blocking(&self) -> bool {
        matches!(self.impact.as_str(), "serious" | "critical")
    }
}

/// What one audit of the window found.
#[derive(Debug, Clone)]
pub struct Audit {
    pub violations: Vec<Violation>,
    /// How many rules were checked and passed (a sanity check that axe ran at all).
    pub passes: usize,
}

impl Audit {
    pub fn blocking(&self) -> Vec<&Violation> {
        self.violations.iter().filter(|v| v.is_blocking()).collect()
    }
}

/// Every violation, one per paragraph: id, impact, help (and its page), then each element.
pub fn describe(violations: &[&Violation]) -> String {
    let mut out = String::new();
    for v in violations {
        out.push_str(&format!(
            "- {} ({}): {}\n  {}\n",
            v.id, v.impact, v.help, v.help_url
        ));
        for (target, summary) in &v.nodes {
            out.push_str(&format!("    at {target}\n"));
            for line in summary.lines() {
                out.push_str(&format!("      {line}\n"));
            }
        }
    }
    out
}

/// Loads axe into the window unless it is there already (the UI is one page: it stays).
async fn inject(s: &AppSession) {
    let present = s
        .client
        .execute("return typeof window.axe === 'object';", vec![])
        .await
        .unwrap_or_else(|e| panic!("could not ask the window for axe: {e}"));
    if present == Value::Bool(true) {
        return;
    }
    let path = axe_script_path();
    let source = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{} cannot be read ({e}): run `npm ci` in ui/ (make e2e does)",
            path.display()
        )
    });
    let loaded = s
        .client
        .execute(
            &format!("{source}\n;return typeof window.axe === 'object';"),
            vec![],
        )
        .await
        .unwrap_or_else(|e| panic!("axe-core could not be loaded into the window: {e}"));
    assert_eq!(
        loaded,
        Value::Bool(true),
        "axe-core did not define window.axe"
    );
}

// Every rule axe runs by default, and `target-size` (WCAG 2.2 AA, off by default in axe 4.x)
// too: controls must be at least 24×24 pixels or spaced apart.
const RUN: &str = r#"
const done = arguments[arguments.length - 1];
window.axe
  .run(document, { resultTypes: ['violations'], rules: { 'target-size': { enabled: true } } })
  .then((r) => done({
    passes: r.passes.length,
    violations: r.violations.map((v) => ({
      id: v.id,
      impact: v.impact || '',
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => [n.target.join(' '), n.failureSummary || '']),
    })),
  }))
  .catch((e) => done({ error: String(e && e.stack || e) }));
"#;

/// Runs axe on the whole window as it is now.
pub async fn audit(s: &AppSession) -> Audit {
    inject(s).await;
    let result = s
        .client
        .execute_async(RUN, vec![])
        .await
        .unwrap_or_else(|e| panic!("axe.run failed in the window: {e}"));
    if let Some(err) = result.get("error") {
        panic!("axe.run failed in the window: {err}");
    }
    let passes = result
        .get("passes")
        .and_then(Value::as_u64)
        .unwrap_or_default() as usize;
    let violations = result
        .get("violations")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|v| {
            let text = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
            let nodes = v
                .get("nodes")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
                .iter()
                .map(|n| {
                    let part = |i: usize| n.get(i).and_then(Value::as_str).unwrap_or("").to_owned();
                    (part(0), part(1))
                })
                .collect();
            Violation {
                id: text("id"),
                impact: text("impact"),
                help: text("help"),
                help_url: text("helpUrl"),
                nodes,
            }
        })
        .collect();
    Audit { violations, passes }
}

/// Audits the window and returns the serious and critical violations, described, or `None`
/// when there are none. Minor and moderate ones are printed (they do not fail the audit).
pub async fn blocking_violations(s: &AppSession, screen: &str) -> Option<String> {
    let audit = audit(s).await;
    assert!(
        audit.passes > 5,
        "axe passed only {} rules on {screen}: did it run on the page at all?",
        audit.passes
    );
    let minor: Vec<&Violation> = audit
        .violations
        .iter()
        .filter(|v| !v.is_blocking())
        .collect();
    if !minor.is_empty() {
        println!(
            "axe on {screen}: minor or moderate (not failing):\n{}",
            describe(&minor)
        );
    }
    let blocking = audit.blocking();
    if blocking.is_empty() {
        println!("axe on {screen}: no serious or critical violation");
        None
    } else {
        Some(format!("{screen}:\n{}", describe(&blocking)))
    }
}
