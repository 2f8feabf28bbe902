//! The one place the app reads the time (crates/core takes `today` as a parameter). A
//! [`Clock`] is injected into the app state, so tests set the day and the hour.

use std::sync::Mutex;

use socialmine_core::Date;
use time::OffsetDateTime;

/// What time it is.
pub trait Clock: Send + Sync {
    fn now(&self) -> OffsetDateTime;

    /// Today's date in UTC, for the Graph API version expiry checks.
    fn today(&self) -> Date {
        to_date(self.now().to_offset(time::UtcOffset::UTC).date())
    }
}

/// The system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// A clock that says what it is told (tests).
#[derive(Debug)]
pub struct FixedClock(Mutex<OffsetDateTime>);

impl FixedClock {
    pub fn new(at: OffsetDateTime) -> FixedClock {
        FixedClock(Mutex::new(at))
    }

    pub fn set(&self, at: OffsetDateTime) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = at;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> OffsetDateTime {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The domain's date of a calendar date.
pub fn to_date(d: time::Date) -> Date {
    Date::new(d.year(), u32::from(u8::from(d.month())), u32::from(d.day()))
        .unwrap_or_else(|| Date::from_days_since_epoch(0))
}

/// Today's date in UTC by the system clock (the command line's default for `--today`).
pub fn today_utc() -> Date {
    SystemClock.today()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn today_is_a_plausible_date() {
        let today = today_utc();
        assert!(today.year() >= 2025, "{today}");
        assert!(Date::new(2025, 1, 1).is_some_and(|d| d.days_until(today) > 0));
    }

    #[test]
    fn a_fixed_clock_gives_the_utc_date_of_its_instant() {
        let c = FixedClock::new(datetime!(2026-11-28 23:59:59 UTC));
        assert_eq!(c.today().to_string(), "2026-11-28");
        c.set(datetime!(2026-11-29 00:30 +01:00));
        // 2026-11-28 23:30 UTC.
        assert_eq!(c.today().to_string(), "2026-11-28");
    }
}
