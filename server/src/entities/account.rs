//! Mastodon's `Account` and `CredentialAccount`, rendered from core's accounts.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, LazyLock};

use chrono::{DateTime, Utc};
use quick_cache::sync::Cache;
use serde::Serialize;

use plero_core::model::{Account as CoreAccount, AccountId, UserAccount};

/// A profile field as shown: the value rendered as HTML.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub name: String,
    pub value: String,
    pub verified_at: Option<String>,
}

/// A profile field as its owner wrote it (`source.fields`).
#[derive(Debug, Clone, Serialize)]
pub struct SourceField {
    pub name: String,
    pub value: String,
    pub verified_at: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Account {
    pub id: String,
    pub username: String,
    pub acct: String,
    pub display_name: String,
    pub locked: bool,
    pub bot: bool,
    pub discoverable: bool,
    pub indexable: bool,
    pub group: bool,
    pub noindex: bool,
    pub hide_collections: bool,
    /// Mastodon shows the day only (midnight UTC), so account creation times do not leak.
    pub created_at: String,
    pub note: String,
    pub url: String,
    pub uri: String,
    pub avatar: String,
    pub avatar_static: String,
    pub header: String,
    pub header_static: String,
    pub followers_count: i64,
    pub following_count: i64,
    pub statuses_count: i64,
    /// A date (`2024-05-01`), as Mastodon gives it.
    pub last_status_at: Option<String>,
    pub emojis: Vec<serde_json::Value>,
    pub roles: Vec<serde_json::Value>,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Source {
    pub privacy: &'static str,
    pub sensitive: bool,
    pub language: Option<String>,
    /// The bio as written (plain text).
    pub note: String,
    pub fields: Vec<SourceField>,
    pub follow_requests_count: i64,
    pub indexable: bool,
    pub discoverable: bool,
    pub hide_collections: bool,
    pub attribution_domains: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Role {
    pub id: String,
    pub name: &'static str,
    pub color: &'static str,
    pub permissions: String,
    pub highlighted: bool,
}

/// The signed-in user's own account: what verify_credentials and update_credentials return.
#[derive(Debug, Clone, Serialize)]
pub struct CredentialAccount {
    #[serde(flatten)]
    pub account: Account,
    pub source: Source,
    pub role: Role,
}

fn midnight(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT00:00:00.000Z").to_string()
}

/// Plain text as HTML the way Mastodon renders a local bio: escaped, paragraphs on blank lines,
/// line breaks as `<br>`.
pub fn text_to_html(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let text = text.trim();
    if text.is_empty() {
        return String::new();
    }
    text.split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let lines: Vec<String> =
                p.trim().split('\n').map(|l| maud::html! { (l) }.into_string()).collect();
            format!("<p>{}</p>", lines.join("<br>"))
        })
        .collect()
}

/// Where the image of an account without an avatar is served (Mastodon's path, which some clients
/// recognise as "no avatar").
pub const MISSING_AVATAR_PATH: &str = "/avatars/original/missing.png";
/// Where the image of an account without a header is served.
pub const MISSING_HEADER_PATH: &str = "/headers/original/missing.png";

impl Account {
    /// `base` is the instance's public base URL (`https://social.example`), for default images.
    pub fn from_core(account: &CoreAccount, base: &str) -> Self {
        let local = account.is_local();
        let avatar = account.avatar_url.clone().unwrap_or_else(|| format!("{base}{MISSING_AVATAR_PATH}"));
        let header = account.header_url.clone().unwrap_or_else(|| format!("{base}{MISSING_HEADER_PATH}"));
        // Local bios are stored as written; remote ones are HTML, which the federation issue must
        // sanitise when it stores them (nothing stores remote accounts from the network yet).
        let render = |text: &str| if local { text_to_html(text) } else { text.to_string() };
        Self {
            id: account.id.to_string(),
            username: account.nickname.clone(),
            acct: account.acct(),
            display_name: account.display_name.clone(),
            locked: account.locked,
            bot: account.bot,
            discoverable: account.discoverable,
            indexable: account.discoverable,
            group: false,
            noindex: !account.discoverable,
            hide_collections: false,
            created_at: midnight(account.created_at),
            note: render(&account.note),
            url: account.endpoints.url.clone(),
            uri: account.endpoints.actor_url.clone(),
            avatar_static: avatar.clone(),
            avatar,
            header_static: header.clone(),
            header,
            followers_count: account.followers_count,
            following_count: account.following_count,
            statuses_count: account.statuses_count,
            last_status_at: account.last_status_at.map(|t| t.format("%Y-%m-%d").to_string()),
            emojis: Vec::new(),
            roles: Vec::new(),
            fields: account
                .fields
                .0
                .iter()
                .map(|f| Field {
                    name: f.name.clone(),
                    value: render(&f.value).trim_start_matches("<p>").trim_end_matches("</p>").to_string(),
                    verified_at: f.verified_at.map(|t| t.to_rfc3339()),
                })
                .collect(),
        }
    }
}

impl CredentialAccount {
    pub fn from_core(user: &UserAccount, follow_requests_count: i64, base: &str) -> Self {
        let account = &user.account;
        let role = if user.user.admin {
            Role { id: "3".into(), name: "Admin", color: "", permissions: "1".into(), highlighted: true }
        } else if user.user.moderator {
            Role {
                id: "2".into(),
                name: "Moderator",
                color: "",
                permissions: "1308".into(),
                highlighted: true,
            }
        } else {
            Role { id: "-99".into(), name: "", color: "", permissions: "65536".into(), highlighted: false }
        };
        Self {
            account: Account::from_core(account, base),
            source: Source {
                privacy: "public",
                sensitive: false,
                language: Some(user.user.locale.clone()),
                note: account.note.clone(),
                fields: account
                    .fields
                    .0
                    .iter()
                    .map(|f| SourceField {
                        name: f.name.clone(),
                        value: f.value.clone(),
                        verified_at: f.verified_at.map(|t| t.to_rfc3339()),
                    })
                    .collect(),
                follow_requests_count,
                indexable: account.discoverable,
                discoverable: account.discoverable,
                hide_collections: false,
                attribution_domains: Vec::new(),
            },
            role,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bio_is_escaped_with_paragraphs_and_line_breaks() {
        assert_eq!(
            text_to_html("Hello <world>\nline\n\nnext"),
            "<p>Hello &lt;world&gt;<br>line</p><p>next</p>"
        );
        assert_eq!(text_to_html("  "), "");
    }

    #[test]
    fn creation_time_shows_the_day_only() {
        let t = DateTime::parse_from_rfc3339("2024-05-01T13:45:12.345Z").unwrap().with_timezone(&Utc);
        assert_eq!(midnight(t), "2024-05-01T00:00:00.000Z");
    }
}

/// Accounts rendered lately, by account, with the hash of what they were rendered from: a page of
/// statuses shows each author's account once per status, and rendering it (URLs, acct, fields)
/// each time was a good part of a timeline's cost. A memo of a pure function, keyed by all of
/// its input (every field of the account, and the base URL), so an entry is never stale and
/// nothing needs to drop it; bounded, so it stays under a megabyte or two.
static RENDERED: LazyLock<Cache<AccountId, (u64, SharedAccount)>> = LazyLock::new(|| Cache::new(1_000));

/// An `Account` entity shared between the statuses and notifications that show it.
#[derive(Debug, Clone)]
pub struct SharedAccount(Arc<Account>);

impl SharedAccount {
    /// `account` rendered, or the same rendering as before when nothing in it changed.
    pub fn from_core(account: &CoreAccount, base: &str) -> Self {
        let mut hasher = DefaultHasher::new();
        account.hash(&mut hasher);
        base.hash(&mut hasher);
        let version = hasher.finish();
        if let Some((seen, shared)) = RENDERED.get(&account.id)
            && seen == version
        {
            return shared;
        }
        let shared = SharedAccount(Arc::new(Account::from_core(account, base)));
        RENDERED.insert(account.id, (version, shared.clone()));
        shared
    }
}

impl std::ops::Deref for SharedAccount {
    type Target = Account;

    fn deref(&self) -> &Account {
        &self.0
    }
}

impl Serialize for SharedAccount {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}
