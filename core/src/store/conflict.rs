//! Constraint violations, classified by the constraint they broke into what they mean.
//!
//! Both backends name the same rule differently: PostgreSQL reports the constraint's name
//! (`accounts_nickname_domain`, `follows_account_id_target_account_id_key`), SQLite only its
//! message (`UNIQUE constraint failed: index 'accounts_nickname_domain'`, `UNIQUE constraint
//! failed: follows.account_id, follows.target_account_id`). [`Conflict::classify`] reads the kind
//! from sqlx's [`ErrorKind`] and the name from whichever of the two the backend gives, and maps
//! both spellings to one variant; the conformance suite provokes each on both backends.

use sqlx::error::{DatabaseError, ErrorKind};

/// What a write could not do because of a rule of the schema.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Conflict {
    /// Another account on the same domain has this nickname (ignoring case).
    #[error("the nickname is already taken")]
    NicknameTaken,
    /// Another user has this email address (ignoring case).
    #[error("the email address is already in use")]
    EmailTaken,
    /// Another account has this ActivityPub actor URL.
    #[error("the actor URL is already another account's")]
    ActorUrlTaken,
    /// A remote actor document names the actor URL of a local account, which only this server
    /// may change.
    #[error("the actor URL is a local account's, which a remote document never overwrites")]
    LocalActor,
    /// The account follows the target already.
    #[error("the account follows that account already")]
    AlreadyFollowing,
    /// The account has asked to follow the target already.
    #[error("the account has asked to follow that account already")]
    AlreadyRequested,
    /// The account reblogged the status already.
    #[error("the account reblogged that status already")]
    AlreadyReblogged,
    /// The account posted with this `Idempotency-Key` already (a retry raced the first post).
    #[error("the idempotency key was used already")]
    IdempotencyKeyUsed,
    /// A media attachment named for a status is not the poster's, is used by another status
    /// already, or went unused so long that the sweep removes it.
    #[error("media_ids: {0} is not an attachment of yours that no status uses yet; upload it again")]
    MediaNotAttachable(crate::model::MediaId),
    /// A row the write refers to (an account, a status, …) was deleted meanwhile.
    #[error("a record this refers to no longer exists (it was deleted meanwhile)")]
    ReferenceGone,
    /// Another unique constraint, named as the database reports it; no use case expects it, so
    /// it is a bug or a collision of random values, and the name says where.
    #[error("the value is already taken (unique constraint {0})")]
    Unique(String),
    /// A check constraint, named as the database reports it.
    #[error("the value is not allowed (check constraint {0})")]
    Check(String),
}

impl Conflict {
    /// The conflict a database error stands for; `None` for errors that are no constraint
    /// violation (or a NOT NULL one, which is always a bug of ours, not the user's).
    pub fn classify(err: &dyn DatabaseError) -> Option<Self> {
        let name = || err.constraint().unwrap_or_else(|| sqlite_constraint(err.message())).to_string();
        match err.kind() {
            ErrorKind::UniqueViolation => Some(unique(&name())),
            ErrorKind::ForeignKeyViolation => Some(Conflict::ReferenceGone),
            ErrorKind::CheckViolation => Some(Conflict::Check(name())),
            _ => None,
        }
    }
}

/// The conflict of a unique constraint, by its PostgreSQL name (migrations/postgres) or its
/// SQLite spelling: an index on expressions by its name, one on plain columns (or a table's
/// UNIQUE clause) by its `table.column`s.
fn unique(name: &str) -> Conflict {
    match name {
        "accounts_nickname_domain" => Conflict::NicknameTaken,
        "users_email" => Conflict::EmailTaken,
        "accounts_actor_url" | "accounts.actor_url" => Conflict::ActorUrlTaken,
        "follows_account_id_target_account_id_key" | "follows.account_id, follows.target_account_id" => {
            Conflict::AlreadyFollowing
        }
        "follow_requests_account_id_target_account_id_key"
        | "follow_requests.account_id, follow_requests.target_account_id" => Conflict::AlreadyRequested,
        "statuses_one_reblog" | "statuses.account_id, statuses.reblog_of_id" => Conflict::AlreadyReblogged,
        "idempotency_keys_pkey" | "idempotency_keys.account_id, idempotency_keys.key" => {
            Conflict::IdempotencyKeyUsed
        }
        other => Conflict::Unique(other.to_string()),
    }
}

/// The constraint a SQLite message names: `UNIQUE constraint failed: index 'NAME'` gives `NAME`,
/// `UNIQUE constraint failed: t.a, t.b` gives `t.a, t.b`, `CHECK constraint failed: NAME` gives
/// `NAME`. A message of another shape is returned whole, so that it still says what failed.
fn sqlite_constraint(message: &str) -> &str {
    let Some((_, named)) = message.split_once("constraint failed: ") else { return message };
    named.strip_prefix("index '").and_then(|rest| rest.strip_suffix('\'')).unwrap_or(named)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_messages_name_the_index_or_the_columns() {
        assert_eq!(
            sqlite_constraint("UNIQUE constraint failed: index 'accounts_nickname_domain'"),
            "accounts_nickname_domain"
        );
        assert_eq!(
            sqlite_constraint("UNIQUE constraint failed: follows.account_id, follows.target_account_id"),
            "follows.account_id, follows.target_account_id"
        );
        assert_eq!(sqlite_constraint("CHECK constraint failed: uses >= 0"), "uses >= 0");
        assert_eq!(sqlite_constraint("disk I/O error"), "disk I/O error");
    }

    #[test]
    fn both_spellings_of_a_constraint_are_one_conflict() {
        assert_eq!(unique("follows_account_id_target_account_id_key"), Conflict::AlreadyFollowing);
        assert_eq!(unique("follows.account_id, follows.target_account_id"), Conflict::AlreadyFollowing);
        assert_eq!(unique("accounts.actor_url"), unique("accounts_actor_url"));
        assert_eq!(unique("idempotency_keys_pkey"), Conflict::IdempotencyKeyUsed);
        assert_eq!(unique("idempotency_keys.account_id, idempotency_keys.key"), Conflict::IdempotencyKeyUsed);
        assert_eq!(unique("invites_code_key"), Conflict::Unique("invites_code_key".into()));
    }
}
