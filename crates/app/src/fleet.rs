//! The fleet view: every deployment × platform, and what needs attention first. Pure: takes the
//! store's list, the catalog and today's date.

use socialmine_core::{Catalog, Date, PlatformId};
use socialmine_store::{DeploymentListItem, PlatformStatus, VerificationOutcome};
use time::OffsetDateTime;

use crate::view::{Attention, AttentionKind, CellTone, FleetCell};

/// A Graph API version expiring within this many days is flagged.
pub const EXPIRY_WARNING_DAYS: i64 = 90;
/// A verification older than this many days is stale.
pub const STALE_VERIFICATION_DAYS: i64 = 30;

/// The UTC calendar date of a moment.
fn date_of(t: OffsetDateTime) -> Date {
    crate::clock::to_date(t.to_offset(time::UtcOffset::UTC).date())
}

/// The Graph API version of a platform that uses one, with the days until it expires
/// (negative once expired), when the catalog knows an expiry date for it.
fn graph_expiry(catalog: &Catalog, st: &PlatformStatus, today: Date) -> Option<(String, i64)> {
    if !catalog.platform(st.platform).app_version {
        return None;
    }
    let version = st.app_version.as_deref()?.trim();
    let expires = catalog.graph_version(version)?.expires_date()?;
    Some((version.to_owned(), today.days_until(expires)))
}

/// What needs attention for one platform of one deployment, most urgent first.
pub fn platform_attention(
    catalog: &Catalog,
    item: &DeploymentListItem,
    st: &PlatformStatus,
    today: Date,
) -> Vec<Attention> {
    let name = &catalog.platform(st.platform).display_name;
    let mut out = Vec::new();
    let mut add = |kind: AttentionKind, tone: CellTone, message: String, action: String| {
        out.push(Attention {
            deployment_id: item.id.to_string(),
            deployment_name: item.name.clone(),
            platform: st.platform,
            kind,
            tone,
            message,
            action,
        })
    };
    if let Some((version, days)) = graph_expiry(catalog, st, today) {
        let newest = &catalog.recommended_graph_version(today).version;
        if days < 0 {
            add(
                AttentionKind::GraphVersionExpired,
                CellTone::Problem,
                format!(
                    "{name} uses Graph API {version}, which Meta retired {} days ago: sign-ins may fail.",
                    -days
                ),
                format!(
                    "Open {name} in the wizard, set the App Version to {newest} (the same in Meta's console), then push."
                ),
            );
        } else if days <= EXPIRY_WARNING_DAYS {
            add(
                AttentionKind::GraphVersionExpiring,
                CellTone::Attention,
                format!("{name} uses Graph API {version}, which Meta retires in {days} days."),
                format!(
                    "Move to {newest} before then: set the App Version in the wizard and in Meta's console, then push."
                ),
            );
        }
    }
    let verification = st.last_verification.as_ref();
    if let Some(v) = verification
        && v.outcome == VerificationOutcome::Failed
    {
        add(
            AttentionKind::VerificationFailed,
            CellTone::Problem,
            format!("The last verification of {name} failed: {}", v.summary),
            "Open Troubleshoot with that message, fix the value, push and verify again.".to_owned(),
        );
    }
    if st.drift == Some(true) {
        add(
            AttentionKind::Drift,
            CellTone::Attention,
            format!("The server's {name} settings differ from the draft."),
            "Open Review and push: it shows each difference before anything is sent, so you can decide which side is right.".to_owned(),
        );
    }
    if st.in_draft && st.unpushed_changes {
        let message = if st.pushed_at.is_some() {
            format!("{name} has changes in the draft that are not on the server yet.")
        } else {
            format!("{name} is in the draft but was never pushed to the server.")
        };
        add(
            AttentionKind::NotPushed,
            CellTone::Attention,
            message,
            "Finish its wizard (the Start screen shows what is missing), then send it with Review and push.".to_owned(),
        );
    }
    if let Some(v) = verification
        && v.outcome != VerificationOutcome::Failed
    {
        let age = date_of(v.at).days_until(today);
        // Moments, compared as such: never their text.
        let before_push = st.pushed_at.is_some_and(|p| p > v.at);
        if before_push || age > STALE_VERIFICATION_DAYS {
            let why = if before_push {
                "was done before the last push".to_owned()
            } else {
                format!("is {age} days old")
            };
            add(
                AttentionKind::VerificationStale,
                CellTone::Attention,
                format!("The last verification of {name} {why}."),
                "Verify it again to be sure it still works.".to_owned(),
            );
        }
    }
    if st.saved_on_server == Some(true) && st.enabled_on_server == Some(false) {
        add(
            AttentionKind::NotSwitchedOn,
            CellTone::Attention,
            format!(
                "{name} is saved on the server but not switched on, so users cannot connect it."
            ),
            "In Review and push, tick \"Switch on\" for it and push again.".to_owned(),
        );
    }
    out
}

/// Everything that needs attention across deployments, most urgent first: by kind, then the
/// soonest expiry, real deployments before the practice one, then by name and platform.
pub fn attention(
    catalog: &Catalog,
    items: &[(DeploymentListItem, bool)],
    today: Date,
) -> Vec<Attention> {
    let mut all: Vec<(Attention, bool, i64)> = Vec::new();
    for (item, is_sandbox) in items {
        for st in &item.platforms {
            let days = graph_expiry(catalog, st, today).map_or(i64::MAX, |(_, d)| d);
            for a in platform_attention(catalog, item, st, today) {
                all.push((a, *is_sandbox, days));
            }
        }
    }
    all.sort_by(|(a, a_sb, a_days), (b, b_sb, b_days)| {
        a.kind
            .cmp(&b.kind)
            .then(a_days.cmp(b_days))
            .then(a_sb.cmp(b_sb))
            .then(
                a.deployment_name
                    .to_lowercase()
                    .cmp(&b.deployment_name.to_lowercase()),
            )
            .then(platform_rank(a.platform).cmp(&platform_rank(b.platform)))
    });
    all.into_iter().map(|(a, ..)| a).collect()
}

fn platform_rank(p: PlatformId) -> usize {
    PlatformId::ALL
        .iter()
        .position(|x| *x == p)
        .unwrap_or(usize::MAX)
}

/// The cell of the fleet table for one platform of one deployment.
pub fn cell(
    catalog: &Catalog,
    item: &DeploymentListItem,
    st: &PlatformStatus,
    today: Date,
) -> FleetCell {
    let attention = platform_attention(catalog, item, st, today);
    let worst = |t: CellTone| attention.iter().any(|a| a.tone == t);
    let label = if let Some(a) = attention.first() {
        match a.kind {
            AttentionKind::GraphVersionExpired => "Version retired",
            AttentionKind::GraphVersionExpiring => "Version expiring",
            AttentionKind::VerificationFailed => "Verification failed",
            AttentionKind::Drift => "Differs from server",
            AttentionKind::NotPushed if st.pushed_at.is_some() => "Changes not pushed",
            AttentionKind::NotPushed => "Not pushed",
            AttentionKind::VerificationStale => "Verify again",
            AttentionKind::NotSwitchedOn => "Saved, not switched on",
        }
    } else if st.enabled_on_server == Some(true) {
        "Switched on"
    } else if st.saved_on_server == Some(true) {
        "Saved"
    } else if st.in_draft {
        "In draft"
    } else {
        "Not set up"
    };
    let tone = if worst(CellTone::Problem) {
        CellTone::Problem
    } else if worst(CellTone::Attention) {
        CellTone::Attention
    } else if st.enabled_on_server == Some(true) || st.saved_on_server == Some(true) {
        CellTone::Ok
    } else {
        CellTone::Muted
    };
    FleetCell {
        platform: st.platform,
        label: label.to_owned(),
        tone,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use socialmine_store::{DeploymentId, Verification};

    fn today() -> Date {
        Date::new(2026, 11, 28).unwrap()
    }

    fn t(s: &str) -> time::OffsetDateTime {
        socialmine_store::timestamp::parse(s).unwrap()
    }

    fn status(p: PlatformId) -> PlatformStatus {
        PlatformStatus {
            platform: p,
            in_draft: false,
            app_version: None,
            unpushed_changes: false,
            pushed_at: None,
            drift: None,
            saved_on_server: None,
            enabled_on_server: None,
            server_revision: None,
            server_read_at: None,
            last_verification: None,
        }
    }

    fn item(name: &str, platforms: Vec<PlatformStatus>) -> DeploymentListItem {
        DeploymentListItem {
            id: DeploymentId::parse(&format!("{}-abc123", name.to_lowercase())).unwrap(),
            name: name.to_owned(),
            api_public_url: "https://api.acme.com".into(),
            admin_url: "https://api.acme.com".into(),
            draft_saved_at: None,
            last_pushed_at: None,
            platforms,
        }
    }

    /// A version from the built-in catalog that expires, and the day before it expires.
    fn expiring_version(catalog: &Catalog) -> (String, Date) {
        let v = catalog
            .graph_api_versions
            .iter()
            .find(|v| v.expires_date().is_some())
            .expect("the catalog has a version with an expiry date");
        (v.version.clone(), v.expires_date().unwrap())
    }

    fn pushed_and_on(p: PlatformId) -> PlatformStatus {
        PlatformStatus {
            in_draft: true,
            pushed_at: Some(t("2026-11-01T10:00:00Z")),
            drift: Some(false),
            saved_on_server: Some(true),
            enabled_on_server: Some(true),
            ..status(p)
        }
    }

    #[test]
    fn a_platform_pushed_and_switched_on_needs_nothing_and_shows_ok() {
        let c = Catalog::built_in();
        let it = item("Acme", vec![pushed_and_on(PlatformId::Twitter)]);
        assert!(platform_attention(&c, &it, &it.platforms[0], today()).is_empty());
        let cell = cell(&c, &it, &it.platforms[0], today());
        assert_eq!(cell.label, "Switched on");
        assert_eq!(cell.tone, CellTone::Ok);
        let blank = status(PlatformId::Tiktok);
        assert_eq!(cell_of(&c, &blank).label, "Not set up");
        assert_eq!(cell_of(&c, &blank).tone, CellTone::Muted);
    }

    fn cell_of(c: &Catalog, st: &PlatformStatus) -> FleetCell {
        cell(c, &item("Acme", vec![st.clone()]), st, today())
    }

    #[test]
    fn graph_versions_expiring_within_90_days_are_flagged_and_expired_ones_are_problems() {
        let c = Catalog::built_in();
        let (version, expires) = expiring_version(&c);
        let st = PlatformStatus {
            app_version: Some(version.clone()),
            ..pushed_and_on(PlatformId::Facebook)
        };
        let it = item("Acme", vec![st.clone()]);
        let on = |days_before: i64| {
            let day = Date::from_days_since_epoch(expires.days_since_epoch() - days_before);
            platform_attention(&c, &it, &st, day)
        };
        assert!(on(91).is_empty(), "91 days ahead is not flagged yet");
        let a = on(90);
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].kind, AttentionKind::GraphVersionExpiring);
        assert!(a[0].message.contains("in 90 days"), "{}", a[0].message);
        assert!(a[0].message.contains(&version));
        let a = on(-3);
        assert_eq!(a[0].kind, AttentionKind::GraphVersionExpired);
        assert_eq!(a[0].tone, CellTone::Problem);
        assert!(a[0].message.contains("3 days ago"), "{}", a[0].message);

        // X has no Graph API version: an app_version there means nothing.
        let x = PlatformStatus {
            app_version: Some(version),
            ..pushed_and_on(PlatformId::Twitter)
        };
        let it = item("Acme", vec![x.clone()]);
        assert!(platform_attention(&c, &it, &x, expires).is_empty());
    }

    #[test]
    fn each_state_is_reported_with_its_kind() {
        let c = Catalog::built_in();
        let cases = [
            (
                PlatformStatus {
                    in_draft: true,
                    unpushed_changes: true,
                    ..status(PlatformId::Linkedin)
                },
                AttentionKind::NotPushed,
                "Not pushed",
            ),
            (
                PlatformStatus {
                    unpushed_changes: true,
                    ..pushed_and_on(PlatformId::Linkedin)
                },
                AttentionKind::NotPushed,
                "Changes not pushed",
            ),
            (
                PlatformStatus {
                    drift: Some(true),
                    ..pushed_and_on(PlatformId::Linkedin)
                },
                AttentionKind::Drift,
                "Differs from server",
            ),
            (
                PlatformStatus {
                    enabled_on_server: Some(false),
                    ..pushed_and_on(PlatformId::Linkedin)
                },
                AttentionKind::NotSwitchedOn,
                "Saved, not switched on",
            ),
            (
                PlatformStatus {
                    last_verification: Some(Verification {
                        at: t("2026-11-27T10:00:00Z"),
                        outcome: VerificationOutcome::Failed,
                        summary: "redirect_uri mismatch".into(),
                        checks: Vec::new(),
                    }),
                    ..pushed_and_on(PlatformId::Linkedin)
                },
                AttentionKind::VerificationFailed,
                "Verification failed",
            ),
            (
                PlatformStatus {
                    last_verification: Some(Verification {
                        at: t("2026-09-01T10:00:00Z"),
                        outcome: VerificationOutcome::Passed,
                        summary: "ok".into(),
                        checks: Vec::new(),
                    }),
                    pushed_at: Some(t("2026-08-01T10:00:00Z")),
                    ..pushed_and_on(PlatformId::Linkedin)
                },
                AttentionKind::VerificationStale,
                "Verify again",
            ),
            (
                PlatformStatus {
                    last_verification: Some(Verification {
                        at: t("2026-11-20T10:00:00Z"),
                        outcome: VerificationOutcome::Passed,
                        summary: "ok".into(),
                        checks: Vec::new(),
                    }),
                    pushed_at: Some(t("2026-11-21T10:00:00Z")),
                    ..pushed_and_on(PlatformId::Linkedin)
                },
                AttentionKind::VerificationStale,
                "Verify again",
            ),
        ];
        for (st, kind, label) in cases {
            let it = item("Acme", vec![st.clone()]);
            let a = platform_attention(&c, &it, &st, today());
            assert_eq!(
                a.iter().map(|a| a.kind).collect::<Vec<_>>(),
                [kind],
                "{st:?}"
            );
            assert!(!a[0].action.is_empty());
            assert_eq!(cell(&c, &it, &st, today()).label, label);
        }
        // A recent passing verification after the last push is fine.
        let st = PlatformStatus {
            last_verification: Some(Verification {
                at: t("2026-11-20T10:00:00Z"),
                outcome: VerificationOutcome::Passed,
                summary: "ok".into(),
                checks: Vec::new(),
            }),
            ..pushed_and_on(PlatformId::Linkedin)
        };
        let it = item("Acme", vec![st.clone()]);
        assert!(platform_attention(&c, &it, &st, today()).is_empty());
    }

    #[test]
    fn the_most_urgent_comes_first_and_the_practice_deployment_after_real_ones() {
        let c = Catalog::built_in();
        let (version, expires) = expiring_version(&c);
        let day = Date::from_days_since_epoch(expires.days_since_epoch() - 10);
        let not_pushed = PlatformStatus {
            in_draft: true,
            unpushed_changes: true,
            ..status(PlatformId::Twitter)
        };
        let expiring = PlatformStatus {
            app_version: Some(version),
            ..pushed_and_on(PlatformId::Instagram)
        };
        let items = vec![
            (item("Sandbox", vec![not_pushed.clone()]), true),
            (
                item("Beta", vec![not_pushed.clone(), expiring.clone()]),
                false,
            ),
            (item("Alpha", vec![not_pushed]), false),
        ];
        let a = attention(&c, &items, day);
        let got: Vec<(AttentionKind, &str)> = a
            .iter()
            .map(|a| (a.kind, a.deployment_name.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (AttentionKind::GraphVersionExpiring, "Beta"),
                (AttentionKind::NotPushed, "Alpha"),
                (AttentionKind::NotPushed, "Beta"),
                (AttentionKind::NotPushed, "Sandbox"),
            ]
        );
    }

    /// Moments, not text: in each pair the verification sorts after the push as text but
    /// happened before it (another offset; a fraction of a second), so it is stale; and the
    /// other way round it is not.
    #[test]
    fn a_verification_before_the_push_is_judged_by_time_not_by_text() {
        let c = Catalog::built_in();
        let pairs = [
            ("2026-11-21T11:00:00+02:00", "2026-11-21T10:00:00Z"),
            ("2026-11-21T10:00:00Z", "2026-11-21T10:00:00.5Z"),
        ];
        for (verified, pushed) in pairs {
            assert!(
                verified > pushed,
                "as text the verification sorts after the push"
            );
            let verification = |at: &str| {
                Some(Verification {
                    at: t(at),
                    outcome: VerificationOutcome::Passed,
                    summary: "ok".into(),
                    checks: Vec::new(),
                })
            };
            let st = PlatformStatus {
                pushed_at: Some(t(pushed)),
                last_verification: verification(verified),
                ..pushed_and_on(PlatformId::Linkedin)
            };
            let it = item("Acme", vec![st.clone()]);
            let kinds: Vec<_> = platform_attention(&c, &it, &st, today())
                .iter()
                .map(|a| a.kind)
                .collect();
            assert_eq!(
                kinds,
                [AttentionKind::VerificationStale],
                "{verified} vs {pushed}"
            );
            // Verified after the push (text order agrees here): nothing to do.
            let st = PlatformStatus {
                pushed_at: Some(t("2026-11-20T09:00:00Z")),
                last_verification: verification(verified),
                ..pushed_and_on(PlatformId::Linkedin)
            };
            assert!(platform_attention(&c, &it, &st, today()).is_empty());
        }
    }
}
