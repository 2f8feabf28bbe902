//! Moments the store records (a save, a push, a server reading, a verification): typed as
//! [`OffsetDateTime`] so that they are compared as moments, never as text (`"…T12:00:00+02:00"`
//! is earlier than `"…T11:00:00Z"` although it sorts after it). On disk and on the wire they
//! are RFC 3339 strings, written in UTC to whole seconds.

use serde::{Deserialize, Deserializer, Serializer};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Now, in UTC, to the whole second.
pub fn now() -> OffsetDateTime {
    let t = OffsetDateTime::now_utc();
    t.replace_nanosecond(0).unwrap_or(t)
}

/// `t` as RFC 3339 in UTC (`2026-11-28T12:00:00Z`).
pub fn format(t: OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC)
        .format(&Rfc3339)
        .unwrap_or_default()
}

/// An RFC 3339 timestamp, any offset and fraction.
pub fn parse(s: &str) -> Result<OffsetDateTime, time::error::Parse> {
    OffsetDateTime::parse(s.trim(), &Rfc3339)
}

/// `#[serde(with = "crate::timestamp::rfc3339")]`: a required timestamp.
pub mod rfc3339 {
    use super::{Deserialize, Deserializer, OffsetDateTime, Rfc3339, Serializer};

    pub fn serialize<S: Serializer>(t: &OffsetDateTime, s: S) -> Result<S::Ok, S::Error> {
        let text = t
            .to_offset(time::UtcOffset::UTC)
            .format(&Rfc3339)
            .map_err(serde::ser::Error::custom)?;
        s.serialize_str(&text)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<OffsetDateTime, D::Error> {
        let text = String::deserialize(d)?;
        super::parse(&text).map_err(serde::de::Error::custom)
    }

    /// `#[serde(default, with = "crate::timestamp::rfc3339::option")]`: an optional timestamp.
    /// One that cannot be read counts as absent (the bookkeeping is a hint, never worth
    /// losing the whole side file over).
    pub mod option {
        use super::super::{Deserialize, Deserializer, OffsetDateTime, Serializer};

        pub fn serialize<S: Serializer>(
            t: &Option<OffsetDateTime>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            match t {
                Some(t) => super::serialize(t, s),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Option<OffsetDateTime>, D::Error> {
            let text = Option::<String>::deserialize(d)?;
            Ok(text.and_then(|t| super::super::parse(&t).ok()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    struct Row {
        #[serde(with = "rfc3339")]
        at: OffsetDateTime,
        #[serde(default, with = "rfc3339::option")]
        maybe: Option<OffsetDateTime>,
    }

    #[test]
    fn moments_compare_by_time_not_by_text() {
        let pairs = [
            // Other offsets: the later text is the earlier moment.
            ("2026-11-28T12:00:00+02:00", "2026-11-28T11:00:00Z"),
            // Fractions: '.' sorts before 'Z', but half a second later is later.
            ("2026-11-28T12:00:00Z", "2026-11-28T12:00:00.5Z"),
        ];
        for (earlier, later) in pairs {
            assert!(earlier > later, "as text, {earlier} sorts after {later}");
            let (a, b) = (parse(earlier).expect("a"), parse(later).expect("b"));
            assert!(a < b, "{earlier} is before {later}");
        }
    }

    #[test]
    fn stored_as_rfc3339_and_read_back() {
        let row = Row {
            at: parse("2026-11-28T12:00:00Z").expect("t"),
            maybe: None,
        };
        let text = toml::to_string(&row).expect("toml");
        assert_eq!(text.trim(), "at = \"2026-11-28T12:00:00Z\"");
        assert_eq!(toml::from_str::<Row>(&text).expect("back"), row);
        let odd: Row =
            toml::from_str("at = \"2026-11-28T14:00:00+02:00\"\nmaybe = \"not a time\"\n")
                .expect("read");
        assert_eq!(odd.at, row.at, "the same moment in another offset");
        assert_eq!(
            odd.maybe, None,
            "an unreadable optional time counts as absent"
        );
        assert_eq!(now().nanosecond(), 0);
        assert_eq!(format(odd.at), "2026-11-28T12:00:00Z", "written in UTC");
    }
}
