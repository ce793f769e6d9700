//! The URLs of local actors, from the instance's public address.

use crate::config::{Config, Scheme};
use crate::model::{ActorEndpoints, StatusId};

/// Builds the ActivityPub and profile URLs of local accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalUrls {
    /// `https://social.example`, no trailing slash.
    base: String,
}

impl LocalUrls {
    /// `base` like `https://social.example` (a trailing slash is dropped).
    pub fn new(base: impl Into<String>) -> Self {
        Self { base: base.into().trim_end_matches('/').to_string() }
    }

    /// From `http.public_scheme` and `http.public_host` (or `instance.domain`).
    pub fn from_config(config: &Config) -> Self {
        let scheme = match config.http.public_scheme {
            Scheme::Http => "http",
            Scheme::Https => "https",
        };
        let host = if config.http.public_host.is_empty() {
            &config.instance.domain
        } else {
            &config.http.public_host
        };
        Self::new(format!("{scheme}://{host}"))
    }

    /// The base URL, e.g. `https://social.example`, without a trailing slash.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The ActivityPub actor id of a local account: `<base>/users/<nickname>`.
    pub fn actor(&self, nickname: &str) -> String {
        format!("{}/users/{nickname}", self.base)
    }

    /// The profile page of a local account: `<base>/@<nickname>`.
    pub fn profile(&self, nickname: &str) -> String {
        format!("{}/@{nickname}", self.base)
    }

    /// Where the ActivityPub documents of local account `nickname` live, with its public key:
    /// the actor at `<base>/users/<nickname>`, its collections below it, the shared inbox.
    pub fn endpoints(&self, nickname: &str, public_key_pem: String) -> ActorEndpoints {
        let actor = self.actor(nickname);
        ActorEndpoints {
            url: self.profile(nickname),
            inbox_url: format!("{actor}/inbox"),
            outbox_url: format!("{actor}/outbox"),
            shared_inbox_url: Some(self.shared_inbox()),
            followers_url: format!("{actor}/followers"),
            following_url: format!("{actor}/following"),
            featured_url: Some(format!("{actor}/collections/featured")),
            public_key_id: format!("{actor}#main-key"),
            public_key_pem,
            actor_url: actor,
        }
    }

    /// The ActivityPub id of a local status: `<base>/users/<nickname>/statuses/<id>`.
    pub fn status(&self, nickname: &str, id: StatusId) -> String {
        format!("{}/statuses/{id}", self.actor(nickname))
    }

    /// The page of a local status: `<base>/@<nickname>/<id>`.
    pub fn status_page(&self, nickname: &str, id: StatusId) -> String {
        format!("{}/{id}", self.profile(nickname))
    }

    /// The page of a hashtag: `<base>/tags/<name>`.
    pub fn tag(&self, name: &str) -> String {
        format!("{}/tags/{name}", self.base)
    }

    /// The instance's shared inbox: `<base>/inbox`.
    pub fn shared_inbox(&self) -> String {
        format!("{}/inbox", self.base)
    }

    /// Where a password-reset token is redeemed.
    pub fn password_reset(&self, token: &str) -> String {
        format!("{}/auth/password/edit?reset_password_token={token}", self.base)
    }

    /// The sign-up page of an invite code: `<base>/invite/<code>`.
    pub fn invite(&self, code: &str) -> String {
        format!("{}/invite/{code}", self.base)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_actor_keeps_its_collections_and_key_below_its_id() {
        let e = LocalUrls::new("https://social.example/").endpoints("alice", "PEM".into());
        assert_eq!(e.actor_url, "https://social.example/users/alice");
        assert_eq!(e.url, "https://social.example/@alice");
        assert_eq!(e.inbox_url, "https://social.example/users/alice/inbox");
        assert_eq!(e.outbox_url, "https://social.example/users/alice/outbox");
        assert_eq!(e.followers_url, "https://social.example/users/alice/followers");
        assert_eq!(e.following_url, "https://social.example/users/alice/following");
        assert_eq!(
            e.featured_url.as_deref(),
            Some("https://social.example/users/alice/collections/featured")
        );
        assert_eq!(e.shared_inbox_url.as_deref(), Some("https://social.example/inbox"));
        assert_eq!(e.public_key_id, "https://social.example/users/alice#main-key");
        assert_eq!(e.public_key_pem, "PEM");
    }

    #[test]
    fn links_pleroctl_prints_point_at_the_server_pages() {
        let urls = LocalUrls::new("http://127.0.0.1:4000");
        assert_eq!(urls.invite("abc"), "http://127.0.0.1:4000/invite/abc");
        assert_eq!(
            urls.password_reset("tok"),
            "http://127.0.0.1:4000/auth/password/edit?reset_password_token=tok"
        );
    }
}
