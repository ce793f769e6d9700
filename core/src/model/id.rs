//! Time-sortable 64-bit ids, Mastodon style: milliseconds since the Unix epoch in the high 48 bits,
//! 16 low bits that keep ids generated in the same millisecond distinct and increasing.
//!
//! Ids are numbers in the database (`BIGINT`) and strings on the API (JavaScript clients lose
//! precision past 2^53), so each typed id serializes as a string and parses from one.

use std::fmt;
use std::str::FromStr;
use std::sync::atomic::{AtomicI64, Ordering};

/// A raw id. Use the typed ids ([`AccountId`], [`StatusId`], …) in signatures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, sqlx::Type)]
#[sqlx(transparent)]
pub struct Id(pub i64);

static LAST: AtomicI64 = AtomicI64::new(0);

impl Id {
    /// A new id: later than every id this process generated before, and, across processes, ordered
    /// by creation time to the millisecond. The low 16 bits start at a random value each millisecond
    /// so two nodes generating ids in the same millisecond rarely collide.
    pub fn generate() -> Self {
        let now_ms = chrono::Utc::now().timestamp_millis();
        let random: u16 = rand::random();
        let candidate = (now_ms << 16) | i64::from(random >> 1);
        let mut last = LAST.load(Ordering::Relaxed);
        loop {
            let next = if candidate > last { candidate } else { last + 1 };
            match LAST.compare_exchange_weak(last, next, Ordering::Relaxed, Ordering::Relaxed) {
                Ok(_) => return Id(next),
                Err(actual) => last = actual,
            }
        }
    }

    /// The smallest id of the given millisecond: pagination by date (`min_id` of a time).
    pub fn from_timestamp_ms(ms: i64) -> Self {
        Id(ms << 16)
    }

    /// The millisecond this id was generated in.
    pub fn timestamp_ms(self) -> i64 {
        self.0 >> 16
    }
}

/// The error of parsing an id that is not a positive decimal number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an id: ids are positive decimal numbers")]
pub struct ParseIdError(pub String);

fn parse(s: &str) -> Result<i64, ParseIdError> {
    match s.parse::<i64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(ParseIdError(s.to_string())),
    }
}

macro_rules! typed_id {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, sqlx::Type)]
        #[sqlx(transparent)]
        pub struct $name(pub i64);

        impl $name {
            /// A new time-sortable id (see [`Id::generate`]).
            pub fn generate() -> Self {
                Self(Id::generate().0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl FromStr for $name {
            type Err = ParseIdError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                parse(s).map(Self)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }

        impl From<$name> for Id {
            fn from(id: $name) -> Id {
                Id(id.0)
            }
        }
    )*};
}

typed_id!(
    /// An account, local or remote.
    AccountId,
    /// The local login of an account.
    UserId,
    /// A status (a post, or a reblog of one).
    StatusId,
    /// A stored ActivityPub object.
    ObjectId,
    /// A stored ActivityPub activity.
    ActivityId,
    /// A media attachment.
    MediaId,
    /// A notification.
    NotificationId,
    /// A hashtag.
    HashtagId,
    /// An OAuth application.
    AppId,
    /// An OAuth authorization code.
    AuthorizationId,
    /// An OAuth access token.
    TokenId,
    /// An invite.
    InviteId,
    /// A job of the durable queue.
    JobId,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_increase_strictly() {
        let ids: Vec<Id> = (0..10_000).map(|_| Id::generate()).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn an_id_carries_its_creation_millisecond() {
        let before = chrono::Utc::now().timestamp_millis();
        let id = Id::generate();
        let after = chrono::Utc::now().timestamp_millis();
        assert!((before..=after + 1).contains(&id.timestamp_ms()), "{id:?}");
    }

    #[test]
    fn typed_ids_are_strings_in_json() {
        let id = AccountId(110_123_456_789_012_345);
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"110123456789012345\"");
        assert_eq!(serde_json::from_str::<AccountId>("\"110123456789012345\"").unwrap(), id);
    }

    #[test]
    fn only_positive_numbers_parse_as_ids() {
        assert_eq!("42".parse::<StatusId>(), Ok(StatusId(42)));
        for bad in ["", "0", "-1", "abc", "1.5", "99999999999999999999"] {
            assert!(bad.parse::<StatusId>().is_err(), "{bad}");
        }
    }
}
