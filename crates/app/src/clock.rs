//! The one place the app reads the calendar (crates/core takes `today` as a parameter).

use socialmine_core::Date;

/// Today's date in UTC, for the Graph API version expiry checks.
pub fn today_utc() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Date::from_days_since_epoch(i64::try_from(secs / 86_400).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_is_a_plausible_date() {
        let today = today_utc();
        assert!(today.year() >= 2025, "{today}");
        assert!(Date::new(2025, 1, 1).is_some_and(|d| d.days_until(today) > 0));
    }
}
