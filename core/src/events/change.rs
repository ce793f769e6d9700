//! The changes a node must hear of, as stored in the `change_events` table.

use serde::{Deserialize, Serialize};

use crate::model::{AccountId, NotificationId, StatusId, Timestamp};

/// Something that changed, as subscribers see it. Stored as JSON (`{"type": "account_updated",
/// "account_id": "…"}`): small, so that a NOTIFY never carries it and readers fetch it by position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Change {
    /// A local account (and its user) was created.
    AccountCreated {
        /// The new account.
        account_id: AccountId,
    },
    /// An account's profile, flags or user settings changed (approval, confirmation, roles,
    /// password); a remote account was stored or refreshed.
    AccountUpdated {
        /// The account.
        account_id: AccountId,
    },
    /// A local account was deactivated: its tokens are refused from now on.
    AccountDeactivated {
        /// The account.
        account_id: AccountId,
    },
    /// A deactivated local account was activated again.
    AccountActivated {
        /// The account.
        account_id: AccountId,
    },
    /// An account was deleted with everything it owned.
    AccountDeleted {
        /// The account that no longer exists.
        account_id: AccountId,
    },
    /// Tokens of an account were revoked (sign-out, password change, a revoked token).
    TokensRevoked {
        /// Whose tokens.
        account_id: AccountId,
    },
    /// A follow, or a follow request, was made, accepted, rejected or undone.
    FollowsChanged {
        /// The follower.
        account_id: AccountId,
        /// The followed account.
        target_id: AccountId,
    },
    /// A status (a post or a reblog) was stored.
    StatusCreated {
        /// The new status.
        status_id: StatusId,
        /// Its author (or reblogger).
        account_id: AccountId,
    },
    /// A status was edited.
    StatusUpdated {
        /// The status.
        status_id: StatusId,
        /// Its author.
        account_id: AccountId,
    },
    /// A status was deleted (by its author, a moderator, or with its account or the status it
    /// reblogged).
    StatusDeleted {
        /// The status that no longer exists.
        status_id: StatusId,
        /// Its author (or reblogger).
        account_id: AccountId,
    },
    /// An account favourited, bookmarked or pinned a status, or muted its conversation, or undid
    /// it: the status's counters or the account's marks on it moved.
    StatusMarked {
        /// The status.
        status_id: StatusId,
        /// Who marked it.
        account_id: AccountId,
    },
    /// A block or mute between two accounts was made or lifted.
    RelationshipChanged {
        /// Who blocks or mutes.
        account_id: AccountId,
        /// Whom.
        target_id: AccountId,
    },
    /// An account hid a domain, or stopped hiding one.
    DomainBlocksChanged {
        /// Whose domain blocks.
        account_id: AccountId,
    },
    /// A local account was notified (mentioned, followed, favourited, …).
    NotificationCreated {
        /// The notification.
        notification_id: NotificationId,
        /// Who was notified.
        account_id: AccountId,
    },
    /// A probe of the stream itself (`pleroctl events ping`): changes nothing; it carries when it
    /// was committed so that a subscriber on any node can tell how long delivery took.
    Ping {
        /// When the pinging process began its commit.
        sent_at: Timestamp,
    },
    /// A change this binary does not know (written by a newer node during a rolling deploy):
    /// subscribers treat it as "anything may have changed".
    #[serde(other)]
    Unknown,
}

impl Change {
    /// The stored `kind` column: the serde tag, for reading the table by hand.
    pub fn kind(&self) -> &'static str {
        match self {
            Change::AccountCreated { .. } => "account_created",
            Change::AccountUpdated { .. } => "account_updated",
            Change::AccountDeactivated { .. } => "account_deactivated",
            Change::AccountActivated { .. } => "account_activated",
            Change::AccountDeleted { .. } => "account_deleted",
            Change::TokensRevoked { .. } => "tokens_revoked",
            Change::FollowsChanged { .. } => "follows_changed",
            Change::StatusCreated { .. } => "status_created",
            Change::StatusUpdated { .. } => "status_updated",
            Change::StatusDeleted { .. } => "status_deleted",
            Change::StatusMarked { .. } => "status_marked",
            Change::NotificationCreated { .. } => "notification_created",
            Change::RelationshipChanged { .. } => "relationship_changed",
            Change::DomainBlocksChanged { .. } => "domain_blocks_changed",
            Change::Ping { .. } => "ping",
            Change::Unknown => "unknown",
        }
    }

    /// The change as stored (JSON).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a Change always serialises")
    }

    /// A stored change; one this binary cannot read is [`Change::Unknown`].
    pub fn from_json(json: &str) -> Self {
        serde_json::from_str(json).unwrap_or(Change::Unknown)
    }
}

/// A committed change, with its place in the stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The change at `position` (unique; readers go in stream order, see `store::ChangeCursor`).
    Change {
        /// Its place in the stream.
        position: i64,
        /// What changed.
        change: Change,
        /// When it was committed (by the database clock of the writer).
        at: Timestamp,
    },
    /// This node may have missed changes (its subscription fell behind, or its connection to the
    /// other nodes was lost for longer than events are kept): drop every cached value.
    Resync,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_round_trips_through_its_stored_json() {
        let changes = [
            Change::AccountDeactivated { account_id: AccountId(110_000_000_000_000_001) },
            Change::FollowsChanged { account_id: AccountId(1), target_id: AccountId(2) },
            Change::TokensRevoked { account_id: AccountId(3) },
            Change::StatusCreated { status_id: StatusId(4), account_id: AccountId(5) },
            Change::StatusDeleted { status_id: StatusId(6), account_id: AccountId(5) },
            Change::StatusUpdated { status_id: StatusId(6), account_id: AccountId(5) },
            Change::NotificationCreated { notification_id: NotificationId(8), account_id: AccountId(5) },
            Change::RelationshipChanged { account_id: AccountId(5), target_id: AccountId(9) },
            Change::DomainBlocksChanged { account_id: AccountId(5) },
            Change::StatusMarked { status_id: StatusId(6), account_id: AccountId(9) },
        ];
        for change in changes {
            let json = change.to_json();
            assert!(json.contains(change.kind()), "{json}");
            assert_eq!(Change::from_json(&json), change);
        }
        assert_eq!(
            Change::AccountDeleted { account_id: AccountId(7) }.to_json(),
            r#"{"type":"account_deleted","account_id":"7"}"#,
            "ids are strings, as everywhere on the wire"
        );
    }

    #[test]
    fn a_change_from_a_newer_binary_is_unknown_not_an_error() {
        assert_eq!(Change::from_json(r#"{"type":"status_created","status_id":"9"}"#), Change::Unknown);
        assert_eq!(Change::from_json("not json"), Change::Unknown);
    }
}
