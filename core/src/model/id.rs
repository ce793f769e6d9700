//! Time-sortable 64-bit ids, Mastodon style: milliseconds since the Unix epoch in the high 48 bits,
//! then 16 bits that keep ids made in the same millisecond apart: an 8-bit **node** (which process
//! made the id) and an 8-bit **sequence** (its count within that millisecond).
//!
//! Every process that writes to a database holds a node of its own there for its lifetime (see
//! `store::id_nodes`: a PostgreSQL advisory lock, or a file lock beside the SQLite file), so two
//! processes or nodes never make the same id, and one process never makes the same id twice: its
//! ids strictly increase. A process that has claimed no node (unit tests, in-memory databases)
//! draws one at random when it makes its first id.
//!
//! A process makes at most 256 ids per millisecond; the 257th waits for the clock's next
//! millisecond rather than borrowing from the future, so a process that restarts on the same node
//! cannot repeat an id it made before. (If the clock steps back, ids keep increasing from the last
//! millisecond used.)
//!
//! Ids are numbers in the database (`BIGINT`) and strings on the API (JavaScript clients lose
//! precision past 2^53), so each typed id serializes as a string and parses from one.

use std::fmt;
use std::str::FromStr;
use std::sync::Mutex;

/// A raw id. Use the typed ids ([`AccountId`], [`StatusId`], …) in signatures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, sqlx::Type)]
#[sqlx(transparent)]
pub struct Id(pub i64);

/// Bits of the sequence within a millisecond.
const SEQUENCE_BITS: u32 = 8;
/// Bits of the node: how many processes may write to one database at once.
const NODE_BITS: u32 = 8;
const SEQUENCE_MAX: u16 = (1 << SEQUENCE_BITS) - 1;

/// How many distinct nodes there are (processes writing to one database at once).
pub const NODES: u16 = 1 << NODE_BITS;

/// The part of an id that says which process made it: `0..NODES`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IdNode(u16);

impl IdNode {
    /// Node `n`; `None` unless `n < NODES`.
    pub fn new(n: u16) -> Option<Self> {
        (n < NODES).then_some(Self(n))
    }

    /// The node's number, `0..NODES`.
    pub fn get(self) -> u16 {
        self.0
    }
}

/// The generator's state: one per process, behind a mutex (an uncontended lock costs tens of
/// nanoseconds; the millisecond, sequence and node must change together).
struct Generator {
    ms: i64,
    sequence: u16,
    node: Option<IdNode>,
}

static GENERATOR: Mutex<Generator> = Mutex::new(Generator { ms: 0, sequence: 0, node: None });

fn generator() -> std::sync::MutexGuard<'static, Generator> {
    // The state is valid after any panic (it only ever moves forward), so poisoning is ignored.
    GENERATOR.lock().unwrap_or_else(|e| e.into_inner())
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Makes this process's ids carry `node` from now on (the store calls it once it holds the node).
/// Every later id is still greater than every earlier one: the next id moves to a new millisecond.
pub fn set_node(node: IdNode) {
    let mut state = generator();
    if state.node != Some(node) {
        state.node = Some(node);
        state.sequence = SEQUENCE_MAX;
    }
}

impl Id {
    /// A new id: greater than every id this process made before, unique among the ids of every
    /// process holding a node of the same database, and ordered by creation time to the
    /// millisecond across processes.
    pub fn generate() -> Self {
        let mut state = generator();
        let node = *state.node.get_or_insert_with(|| IdNode(rand::random::<u16>() % NODES));
        loop {
            let now = now_ms();
            if now > state.ms {
                state.ms = now;
                state.sequence = 0;
                break;
            }
            if state.sequence < SEQUENCE_MAX {
                state.sequence += 1;
                break;
            }
            if now < state.ms {
                // The clock stepped back: keep increasing instead of waiting for it to catch up.
                state.ms += 1;
                state.sequence = 0;
                break;
            }
            // This millisecond's sequence is used up; the next one is at most a millisecond away.
            std::thread::yield_now();
        }
        Id((state.ms << 16) | (i64::from(node.0) << SEQUENCE_BITS) | i64::from(state.sequence))
    }

    /// The smallest id of the given millisecond: pagination by date (`min_id` of a time).
    pub fn from_timestamp_ms(ms: i64) -> Self {
        Id(ms << 16)
    }

    /// The millisecond this id was generated in.
    pub fn timestamp_ms(self) -> i64 {
        self.0 >> 16
    }

    /// The node of the process that made this id.
    pub fn node(self) -> IdNode {
        IdNode((self.0 >> SEQUENCE_BITS) as u16 & (NODES - 1))
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
    fn generated_ids_increase_strictly_past_the_sequence_of_one_millisecond() {
        // 10,000 ids take at least 39 milliseconds' sequences (256 each).
        let ids: Vec<Id> = (0..10_000).map(|_| Id::generate()).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]));
        let node = ids[0].node();
        assert!(ids.iter().all(|id| id.node() == node), "one process, one node");
        assert!(ids.last().unwrap().timestamp_ms() - ids[0].timestamp_ms() >= 10_000 / 256);
    }

    #[test]
    fn ids_never_run_ahead_of_the_clock() {
        let ids: Vec<Id> = (0..5_000).map(|_| Id::generate()).collect();
        let now = now_ms();
        assert!(ids.iter().all(|id| id.timestamp_ms() <= now), "{:?} after {now}", ids.last());
    }

    #[test]
    fn ids_made_after_the_node_changes_are_still_greater() {
        let before = Id::generate();
        let other = IdNode::new((before.node().get() + 1) % NODES).unwrap();
        set_node(other);
        let after = Id::generate();
        assert_eq!(after.node(), other);
        assert!(after > before, "{after:?} > {before:?}");
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
