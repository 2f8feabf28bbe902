//! Failed sign-ins per email address, bounded: at most `capacity` addresses are tracked, so a
//! stream of made-up addresses cannot grow the table without limit. Entries expire once their
//! lock has passed or, unlocked, after a quiet `lockout` period; when the table is still full
//! the oldest unlocked entry makes room; when every entry is locked, new failures are answered
//! with 429 for the whole server until a lock ends.

use std::collections::HashMap;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
struct Entry {
    failures: u32,
    locked_until: Option<Instant>,
    last_failure: Instant,
}

/// The outcome of a failed sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Counted against the address (and maybe locked it).
    Counted,
    /// The table is full of locked addresses: the server as a whole asks to wait.
    Full { retry_after: Duration },
}

#[derive(Debug)]
pub(crate) struct Attempts {
    max_failures: u32,
    lockout: Duration,
    capacity: usize,
    entries: HashMap<String, Entry>,
}

impl Attempts {
    pub(crate) fn new(max_failures: u32, lockout: Duration, capacity: usize) -> Attempts {
        Attempts {
            max_failures: max_failures.max(1),
            lockout,
            capacity: capacity.max(1),
            entries: HashMap::new(),
        }
    }

    fn stale(&self, e: &Entry, now: Instant) -> bool {
        match e.locked_until {
            Some(until) => until <= now,
            None => now.saturating_duration_since(e.last_failure) >= self.lockout,
        }
    }

    /// How long `email` is still locked, if it is; an expired entry is forgotten.
    pub(crate) fn locked(&mut self, email: &str, now: Instant) -> Option<Duration> {
        let e = *self.entries.get(email)?;
        if self.stale(&e, now) {
            self.entries.remove(email);
            return None;
        }
        let until = e.locked_until?;
        let left = until.saturating_duration_since(now);
        // Whole seconds, rounded up: what Retry-After will say.
        Some(Duration::from_secs(
            left.as_secs() + u64::from(left.subsec_nanos() > 0),
        ))
    }

    /// Counts a failed sign-in of `email`.
    pub(crate) fn fail(&mut self, email: &str, now: Instant) -> Verdict {
        if !self.entries.contains_key(email) && self.entries.len() >= self.capacity {
            let stale: Vec<String> = self
                .entries
                .iter()
                .filter(|(_, e)| self.stale(e, now))
                .map(|(k, _)| k.clone())
                .collect();
            for k in stale {
                self.entries.remove(&k);
            }
            if self.entries.len() >= self.capacity {
                let oldest_unlocked = self
                    .entries
                    .iter()
                    .filter(|(_, e)| e.locked_until.is_none())
                    .min_by_key(|(_, e)| e.last_failure)
                    .map(|(k, _)| k.clone());
                match oldest_unlocked {
                    Some(k) => {
                        self.entries.remove(&k);
                    }
                    None => {
                        let soonest = self
                            .entries
                            .values()
                            .filter_map(|e| e.locked_until)
                            .min()
                            .map_or(self.lockout, |u| u.saturating_duration_since(now));
                        return Verdict::Full {
                            retry_after: soonest.max(Duration::from_secs(1)),
                        };
                    }
                }
            }
        }
        let (max, lockout) = (self.max_failures, self.lockout);
        let e = self.entries.entry(email.to_owned()).or_insert(Entry {
            failures: 0,
            locked_until: None,
            last_failure: now,
        });
        e.failures += 1;
        e.last_failure = now;
        if e.failures >= max {
            e.locked_until = Some(now + lockout);
        }
        Verdict::Counted
    }

    /// A successful sign-in clears the address.
    pub(crate) fn succeed(&mut self, email: &str) {
        self.entries.remove(email);
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_never_grows_past_its_capacity() {
        let mut a = Attempts::new(3, Duration::from_secs(60), 100);
        let now = Instant::now();
        for i in 0..10_000 {
            assert_eq!(a.fail(&format!("x{i}@evil.example"), now), Verdict::Counted);
            assert!(a.len() <= 100);
        }
        assert_eq!(a.len(), 100);
    }

    #[test]
    fn a_locked_address_is_not_evicted_by_a_flood() {
        let mut a = Attempts::new(2, Duration::from_secs(60), 10);
        let now = Instant::now();
        a.fail("admin@x", now);
        a.fail("admin@x", now);
        assert!(a.locked("admin@x", now).is_some());
        for i in 0..1000 {
            a.fail(&format!("x{i}@evil.example"), now);
        }
        assert!(a.locked("admin@x", now).is_some(), "still locked");
    }

    #[test]
    fn a_table_full_of_locks_throttles_the_server_until_one_ends() {
        let mut a = Attempts::new(1, Duration::from_secs(60), 3);
        let now = Instant::now();
        for i in 0..3 {
            a.fail(&format!("{i}@x"), now);
        }
        assert!(matches!(a.fail("new@x", now), Verdict::Full { .. }));
        let later = now + Duration::from_secs(61);
        assert_eq!(a.fail("new@x", later), Verdict::Counted);
        assert!(a.len() <= 3);
    }

    #[test]
    fn locks_end_and_quiet_failures_are_forgotten() {
        let mut a = Attempts::new(2, Duration::from_secs(60), 10);
        let now = Instant::now();
        a.fail("a@x", now);
        a.fail("a@x", now);
        assert_eq!(a.locked("a@x", now), Some(Duration::from_secs(60)));
        assert_eq!(a.locked("a@x", now + Duration::from_secs(60)), None);
        a.fail("b@x", now);
        assert_eq!(a.locked("b@x", now + Duration::from_secs(61)), None);
        assert_eq!(a.len(), 0);
    }
}
