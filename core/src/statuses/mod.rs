//! Use cases on statuses: posting (text rendered, mentions resolved, one unit of work with its
//! mentions, hashtags, notifications and change event), reading what a viewer may see, deleting,
//! and the timelines. Both `pleroctl` and the API call these.

pub mod actions;
pub mod edit;
pub mod public_head;
pub mod render;
pub mod text;
pub mod view;

use std::collections::HashMap;

use crate::accounts::LocalUrls;
use crate::config::Config;
pub use crate::model::ContentType;
use crate::model::time::now;
use crate::model::{
    Account, AccountId, AppId, Attachment, MediaId, Mention, NewStatus, Status, StatusId, StatusMarks, Tag,
    Visibility,
};
pub use crate::store::media::MAX_ATTACHMENTS;
use crate::store::statuses::{AccountStatusesFilter, HashtagQuery, PublicScope};
use crate::store::{Conflict, PageItem, PageRequest, Store, StoreError};

pub use view::StatusView;

/// Characters a URL counts for, whatever its length (Mastodon's `characters_reserved_per_url`).
pub const CHARACTERS_PER_URL: usize = 23;

/// Most accounts one status may mention: what one post makes the server look up and notify stays
/// bounded.
pub const MAX_MENTIONS: usize = 50;

/// Most hashtags one status may carry.
pub const MAX_TAGS: usize = 30;

/// How long an `Idempotency-Key` names the status it made.
pub const IDEMPOTENCY_WINDOW: chrono::Duration = chrono::Duration::hours(24);

/// A status as its author composes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compose {
    /// The text.
    pub text: String,
    /// How the text is written.
    pub content_type: ContentType,
    /// The content warning; empty for none.
    pub spoiler_text: String,
    /// Who it is addressed to.
    pub visibility: Visibility,
    /// Whether its media are hidden behind a warning (always, with a content warning).
    pub sensitive: bool,
    /// ISO 639 language code.
    pub language: Option<String>,
    /// The status it answers.
    pub in_reply_to_id: Option<StatusId>,
    /// The application it is posted with.
    pub app_id: Option<AppId>,
    /// A client's key for this post (`Idempotency-Key`): posting again with it gives the same
    /// status back for a day.
    pub idempotency_key: Option<String>,
    /// The author's unused uploads to attach, in order (at most [`MAX_ATTACHMENTS`]).
    pub media_ids: Vec<MediaId>,
}

impl Compose {
    /// A public plain-text status.
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            content_type: ContentType::Plain,
            spoiler_text: String::new(),
            visibility: Visibility::Public,
            sensitive: false,
            language: None,
            in_reply_to_id: None,
            app_id: None,
            idempotency_key: None,
            media_ids: Vec::new(),
        }
    }
}

/// Why a status was not posted. Each names the field at fault, for the 422 the API answers.
#[derive(Debug, thiserror::Error)]
pub enum PostError {
    /// Neither text nor media.
    #[error("text can't be blank")]
    Blank,
    /// Over the instance's limit.
    #[error(
        "text is too long: {length} characters, the limit is {limit} (a link counts as {CHARACTERS_PER_URL})"
    )]
    TooLong {
        /// Counted characters.
        length: usize,
        /// `instance.post_length_limit`.
        limit: usize,
    },
    /// More mentions than [`MAX_MENTIONS`].
    #[error("text mentions {0} accounts; at most {MAX_MENTIONS} are allowed")]
    TooManyMentions(usize),
    /// More hashtags than [`MAX_TAGS`].
    #[error("text has {0} hashtags; at most {MAX_TAGS} are allowed")]
    TooManyTags(usize),
    /// Not an ISO 639 code.
    #[error("language `{0}` is not an ISO 639 code (two or three lower-case letters, like en or ja)")]
    Language(String),
    /// The replied-to status does not exist or the author may not see it.
    #[error("the post you are trying to reply to does not appear to exist")]
    ReplyNotFound,
    /// More attachments than [`MAX_ATTACHMENTS`], or one named twice.
    #[error("media_ids: at most {MAX_ATTACHMENTS} different attachments are allowed, {0} were given")]
    TooManyMedia(usize),
    /// An attachment is not the author's unused upload.
    #[error("media_ids: {0} is not an upload of yours that no status uses yet; upload it again")]
    MediaNotAttachable(MediaId),
    /// The author's account is gone.
    #[error("the account posting no longer exists")]
    NoSuchAccount,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Why a status was not deleted.
#[derive(Debug, thiserror::Error)]
pub enum DeleteError {
    /// No such status, or not the caller's (deleting another's status looks like a missing one).
    #[error("no such status of yours")]
    NotFound,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The length of a status as Mastodon counts it: characters, a URL as [`CHARACTERS_PER_URL`], a
/// remote mention as its `@nick` only.
pub fn counted_length(text: &str) -> usize {
    text::scan(text)
        .iter()
        .map(|segment| match segment {
            text::Segment::Text(t) => t.chars().count(),
            text::Segment::Link(_) => CHARACTERS_PER_URL,
            text::Segment::Mention { nick, .. } => nick.chars().count() + 1,
            text::Segment::Hashtag { written, .. } => written.chars().count(),
        })
        .sum()
}

fn valid_language(code: &str) -> bool {
    (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase())
}

/// Posts a status for `author` (a local account): checks it, renders its text, resolves its
/// mentions, and stores it with its mentions, hashtags and notifications in one unit of work.
/// With an `Idempotency-Key` used within a day, returns the status that key made instead.
/// Returns the status as its author sees it, rendered from what the post knows (no read back).
pub async fn post(
    store: &Store,
    config: &Config,
    author: &Account,
    compose: Compose,
) -> Result<StatusView, PostError> {
    if let Some(key) = &compose.idempotency_key
        && let Some(earlier) =
            store.status_by_idempotency_key(author.id, key, now() - IDEMPOTENCY_WINDOW).await?
    {
        return own_view(store, author.id, earlier).await;
    }
    let in_reply_to = match compose.in_reply_to_id {
        None => None,
        Some(id) => {
            let parent =
                store.find_visible_status(id, Some(author.id)).await?.ok_or(PostError::ReplyNotFound)?;
            Some((parent.id, parent.account_id))
        }
    };
    let media = attachable(store, author.id, &compose.media_ids).await?;
    let written = Written {
        text: &compose.text,
        content_type: compose.content_type,
        spoiler_text: &compose.spoiler_text,
        sensitive: compose.sensitive,
        language: compose.language.as_deref(),
        with_media: !media.is_empty(),
    };
    let prepared = prepare(store, config, &written).await?;
    let urls = LocalUrls::from_config(config);

    let id = StatusId::generate();
    let new = NewStatus {
        id,
        account_id: author.id,
        uri: urls.status(&author.nickname, id),
        url: Some(urls.status_page(&author.nickname, id)),
        content: prepared.html,
        source_text: Some(prepared.text),
        content_type: compose.content_type,
        sensitive: prepared.sensitive,
        spoiler_text: prepared.spoiler_text,
        visibility: compose.visibility,
        language: prepared.language,
        in_reply_to,
        reblog_of_id: None,
        app_id: compose.app_id,
        local: true,
        mentions: prepared.mentions,
        tags: prepared.tags,
        media: compose.media_ids.clone(),
        created_at: now(),
    };
    let tags = new.tags.iter().map(|name| Tag { status_id: id, name: name.clone() }).collect();
    match store.insert_status(&new, compose.idempotency_key.as_deref()).await {
        Ok(status) => Ok(StatusView {
            mentions: prepared
                .mentioned
                .into_iter()
                .map(|t| Mention {
                    status_id: id,
                    account_id: t.id,
                    nickname: t.nickname,
                    domain: t.domain,
                    url: t.url,
                })
                .collect(),
            tags,
            media: media
                .into_iter()
                .enumerate()
                .map(|(position, a)| Attachment { status_id: Some(id), position: position as i32, ..a })
                .collect(),
            // As the insert left it.
            account: Account {
                statuses_count: author.statuses_count + 1,
                last_status_at: Some(status.created_at),
                ..author.clone()
            },
            reblog: None,
            marks: StatusMarks::default(),
            viewer: Some(author.id),
            status,
        }),
        // A retry raced the first post with the same key: that post is the answer.
        Err(StoreError::Conflict(Conflict::IdempotencyKeyUsed)) => {
            let key = compose.idempotency_key.as_deref().unwrap_or_default();
            let since = now() - IDEMPOTENCY_WINDOW;
            let earlier = store.status_by_idempotency_key(author.id, key, since).await?;
            let earlier =
                earlier.ok_or(PostError::Store(StoreError::Conflict(Conflict::IdempotencyKeyUsed)))?;
            own_view(store, author.id, earlier).await
        }
        Err(StoreError::Conflict(Conflict::ReferenceGone)) => Err(PostError::NoSuchAccount),
        // Attached by a post of the same author that raced this one.
        Err(StoreError::Conflict(Conflict::MediaNotAttachable(id))) => Err(PostError::MediaNotAttachable(id)),
        Err(other) => Err(other.into()),
    }
}

/// The attachments `ids`, in that order, when each is `author`'s upload that no status uses (the
/// unit of work that attaches them checks again, and that the sweep is not removing it).
async fn attachable(store: &Store, author: AccountId, ids: &[MediaId]) -> Result<Vec<Attachment>, PostError> {
    check_media(ids)?;
    let found = store.find_attachments(ids).await?;
    ids.iter()
        .map(|id| {
            found
                .iter()
                .find(|a| a.id == *id && a.account_id == author && a.status_id.is_none())
                .cloned()
                .ok_or(PostError::MediaNotAttachable(*id))
        })
        .collect()
}

/// At most [`MAX_ATTACHMENTS`], each once.
fn check_media(ids: &[MediaId]) -> Result<(), PostError> {
    let mut distinct = ids.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    if ids.len() > MAX_ATTACHMENTS || distinct.len() != ids.len() {
        return Err(PostError::TooManyMedia(ids.len()));
    }
    Ok(())
}

/// `status` as its author sees it.
async fn own_view(store: &Store, author: AccountId, status: Status) -> Result<StatusView, PostError> {
    let mut views = view::load(store, Some(author), vec![status]).await?;
    views.pop().ok_or(PostError::NoSuchAccount)
}

/// What an author wrote: the parts of a status that posting and editing both check and render.
#[derive(Debug, Clone, Copy)]
pub struct Written<'w> {
    /// The text.
    pub text: &'w str,
    /// How it is written.
    pub content_type: ContentType,
    /// The content warning.
    pub spoiler_text: &'w str,
    /// Whether media are hidden behind a warning.
    pub sensitive: bool,
    /// ISO 639 code, as given.
    pub language: Option<&'w str>,
    /// Whether media come with it (then the text may be blank).
    pub with_media: bool,
}

/// [`Written`] checked and rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    /// The text as kept (trailing white space cut).
    pub text: String,
    /// Safe HTML.
    pub html: String,
    /// The content warning, trimmed.
    pub spoiler_text: String,
    /// Sensitive as asked, or because of a content warning.
    pub sensitive: bool,
    /// The language code, lower-cased.
    pub language: Option<String>,
    /// The accounts mentioned.
    pub mentions: Vec<AccountId>,
    /// The same accounts as the status shows them.
    pub mentioned: Vec<render::MentionTarget>,
    /// The hashtags.
    pub tags: Vec<String>,
}

/// Checks what an author wrote (not blank, within the length limit, a valid language, bounded
/// mentions and hashtags) and renders it.
pub async fn prepare(store: &Store, config: &Config, written: &Written<'_>) -> Result<Prepared, PostError> {
    let text = written.text.trim_end();
    if text.trim().is_empty() && !written.with_media {
        return Err(PostError::Blank);
    }
    let limit = config.instance.post_length_limit as usize;
    let length = counted_length(text) + written.spoiler_text.chars().count();
    if length > limit {
        return Err(PostError::TooLong { length, limit });
    }
    let language = written.language.map(|l| l.trim().to_ascii_lowercase()).filter(|l| !l.is_empty());
    if let Some(code) = &language
        && !valid_language(code)
    {
        return Err(PostError::Language(code.clone()));
    }
    let urls = LocalUrls::from_config(config);
    let wanted = render::mentioned(text);
    if wanted.len() > MAX_MENTIONS {
        return Err(PostError::TooManyMentions(wanted.len()));
    }
    let resolved = resolve_mentions(store, config, &wanted).await?;
    let rendered = match written.content_type {
        ContentType::Plain => render::plain(text, &resolved, &|name| urls.tag(name)),
        ContentType::Markdown => render::markdown(text, &resolved, &|name| urls.tag(name)),
    };
    if rendered.tags.len() > MAX_TAGS {
        return Err(PostError::TooManyTags(rendered.tags.len()));
    }
    let mentioned =
        rendered.mentions.iter().filter_map(|id| resolved.values().find(|t| t.id == *id).cloned()).collect();
    Ok(Prepared {
        mentioned,
        text: text.to_string(),
        html: rendered.html,
        spoiler_text: written.spoiler_text.trim().to_string(),
        sensitive: written.sensitive || !written.spoiler_text.trim().is_empty(),
        language,
        mentions: rendered.mentions,
        tags: rendered.tags,
    })
}

/// The accounts `wanted` names that exist here: local ones by nickname (with or without this
/// instance's domain), remote ones already known. A remote account not known yet stays text until
/// federation fetches it.
async fn resolve_mentions(
    store: &Store,
    config: &Config,
    wanted: &[(String, Option<String>)],
) -> Result<render::Resolved, StoreError> {
    let ours = |domain: &str| {
        domain.eq_ignore_ascii_case(&config.instance.domain)
            || (!config.http.public_host.is_empty() && domain.eq_ignore_ascii_case(&config.http.public_host))
    };
    let mut resolved = HashMap::new();
    for (nick, domain) in wanted {
        let lookup_domain = domain.as_deref().filter(|d| !ours(d));
        if let Some(account) = store.find_account_by_nickname(nick, lookup_domain).await? {
            let target = render::MentionTarget {
                id: account.id,
                nickname: account.nickname.clone(),
                domain: account.domain.clone(),
                url: account.endpoints.url,
            };
            resolved.insert((nick.clone(), domain.clone()), target);
        }
    }
    Ok(resolved)
}

/// A status `viewer` (`None`: signed out) may see.
pub async fn find(
    store: &Store,
    id: StatusId,
    viewer: Option<AccountId>,
) -> Result<Option<Status>, StoreError> {
    store.find_visible_status(id, viewer).await
}

/// Deletes `id` when `author` posted it; returns it as it was (with its source text, so a client
/// can redraft it).
pub async fn delete(store: &Store, author: AccountId, id: StatusId) -> Result<Status, DeleteError> {
    store.delete_status(author, id).await?.ok_or(DeleteError::NotFound)
}

/// `viewer`'s home timeline.
pub async fn home(
    store: &Store,
    viewer: AccountId,
    page: &PageRequest,
) -> Result<Vec<PageItem<StatusView>>, StoreError> {
    let statuses = store.home_timeline(viewer, page).await?;
    view::load_page(store, Some(viewer), statuses).await
}

/// A public timeline (a first page from this node's head of it, [`public_head`]).
pub async fn public(
    store: &Store,
    viewer: Option<AccountId>,
    scope: PublicScope,
    only_media: bool,
    page: &PageRequest,
) -> Result<Vec<PageItem<StatusView>>, StoreError> {
    if !only_media && let Some(first) = public_head::first_page(store, viewer, scope, page).await? {
        return Ok(first);
    }
    let statuses = store.public_timeline(scope, only_media, viewer, page).await?;
    view::load_page(store, viewer, statuses).await
}

/// The statuses of `author` that `viewer` may see.
pub async fn of_account(
    store: &Store,
    author: AccountId,
    viewer: Option<AccountId>,
    filter: &AccountStatusesFilter,
    page: &PageRequest,
) -> Result<Vec<PageItem<StatusView>>, StoreError> {
    let statuses = store.account_statuses(author, viewer, filter, page).await?;
    view::load_page(store, viewer, statuses).await
}

/// The statuses `author` pinned that `viewer` may see, newest pin first (one page: at most
/// [`MAX_PINNED`](crate::store::edits::MAX_PINNED)).
pub async fn pinned(
    store: &Store,
    author: AccountId,
    viewer: Option<AccountId>,
) -> Result<Vec<PageItem<StatusView>>, StoreError> {
    let mut statuses = store.pinned_statuses(author).await?;
    if let Some(viewer) = viewer {
        let ids: Vec<StatusId> = statuses.iter().map(|s| s.id).collect();
        let visible: Vec<StatusId> =
            store.find_visible_statuses(&ids, viewer).await?.iter().map(|s| s.id).collect();
        statuses.retain(|s| visible.contains(&s.id));
    } else {
        statuses.retain(|s| s.visibility.is_open());
    }
    let page = statuses.into_iter().map(|s| PageItem { cursor: s.id.into(), item: s }).collect();
    view::load_page(store, viewer, page).await
}

/// The statuses `viewer` favourited, newest favourite first.
pub async fn favourites(
    store: &Store,
    viewer: AccountId,
    page: &PageRequest,
) -> Result<Vec<PageItem<StatusView>>, StoreError> {
    let statuses = store.favourites_of(viewer, page).await?;
    view::load_page(store, Some(viewer), statuses).await
}

/// The statuses `viewer` bookmarked, newest bookmark first.
pub async fn bookmarks(
    store: &Store,
    viewer: AccountId,
    page: &PageRequest,
) -> Result<Vec<PageItem<StatusView>>, StoreError> {
    let statuses = store.bookmarks_of(viewer, page).await?;
    view::load_page(store, Some(viewer), statuses).await
}

/// A hashtag timeline.
pub async fn tagged(
    store: &Store,
    viewer: Option<AccountId>,
    query: &HashtagQuery,
    page: &PageRequest,
) -> Result<Vec<PageItem<StatusView>>, StoreError> {
    let statuses = store.hashtag_timeline(query, viewer, page).await?;
    view::load_page(store, viewer, statuses).await
}

#[cfg(test)]
mod tests;
