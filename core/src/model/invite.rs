//! Invites: codes that let someone register while registrations are by invite.

use serde::Serialize;

use super::{AccountId, InviteId, Timestamp};

/// An invite code and how much of it is used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Invite {
    pub id: InviteId,
    pub code: String,
    pub created_by_account_id: Option<AccountId>,
    /// `None`: unlimited.
    pub max_uses: Option<i32>,
    pub uses: i32,
    pub expires_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
    pub created_at: Timestamp,
}

impl Invite {
    /// Whether the invite can still be used at `now`.
    pub fn is_valid(&self, now: Timestamp) -> bool {
        self.revoked_at.is_none()
            && self.expires_at.is_none_or(|at| at > now)
            && self.max_uses.is_none_or(|max| self.uses < max)
    }
}

/// What creating an invite takes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewInvite {
    pub created_by: Option<AccountId>,
    pub max_uses: Option<i32>,
    pub expires_at: Option<Timestamp>,
}
