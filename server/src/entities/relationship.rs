//! Mastodon's `Relationship`: how the signed-in account and another one relate.

use plero_core::model::AccountId;
use plero_core::store::follows::FollowRelation;
use serde::Serialize;

#[derive(Debug, Clone, Default, Serialize)]
pub struct Relationship {
    pub id: String,
    pub following: bool,
    pub showing_reblogs: bool,
    pub notifying: bool,
    pub languages: Option<Vec<String>>,
    pub followed_by: bool,
    pub blocking: bool,
    pub blocked_by: bool,
    pub muting: bool,
    pub muting_notifications: bool,
    pub requested: bool,
    pub requested_by: bool,
    pub domain_blocking: bool,
    pub endorsed: bool,
    pub note: String,
}

impl Relationship {
    /// How the viewer relates to account `id`; what plero does not have yet (endorsements, notes)
    /// reads as not set. `showing_reblogs` and `notifying` are the follow's
    /// choices, or a pending request's, as Mastodon's RelationshipSerializer reports them.
    pub fn from_core(id: AccountId, rel: FollowRelation) -> Self {
        Self {
            id: id.to_string(),
            following: rel.following,
            showing_reblogs: rel.showing_reblogs,
            notifying: rel.notifying,
            languages: None,
            followed_by: rel.followed_by,
            requested: rel.requested,
            requested_by: rel.requested_by,
            blocking: rel.blocking,
            blocked_by: rel.blocked_by,
            muting: rel.muting,
            muting_notifications: rel.muting_notifications,
            domain_blocking: rel.domain_blocking,
            ..Default::default()
        }
    }
}
