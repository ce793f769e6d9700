//! The statuses use cases on both backends: posting, who sees what, timelines, deleting.

use super::*;
use crate::accounts::follows;
use crate::events::Change;
use crate::model::UserAccount;
use crate::store::statuses::HashtagQuery;
use crate::store::testing::{store_tests, user};

fn config() -> Config {
    let mut config = Config::default();
    config.instance.domain = "social.example".into();
    config
}

async fn post_as(store: &Store, author: &UserAccount, compose: Compose) -> Status {
    post(store, &config(), &author.account, compose).await.expect("posts").status
}

fn with(visibility: Visibility, text: &str) -> Compose {
    Compose { visibility, ..Compose::text(text) }
}

fn ids<T>(page: &[PageItem<T>], id: impl Fn(&T) -> StatusId) -> Vec<StatusId> {
    page.iter().map(|p| id(&p.item)).collect()
}

const FIRST: PageRequest = PageRequest { max_id: None, since_id: None, min_id: None, limit: 40 };

store_tests! {
    async fn a_post_renders_its_text_links_local_mentions_and_tags_and_counts(store: &Store) {
        let alice = user(store, "alice").await;
        let bob = user(store, "bob").await;
        let status = post_as(store, &alice, Compose::text("hi @bob and @nobody, see https://example.com #Rust")).await;
        assert_eq!(status.visibility, Visibility::Public);
        assert!(status.uri.ends_with(&format!("/users/alice/statuses/{}", status.id)), "{}", status.uri);
        assert!(status.content.contains("class=\"u-url mention\">@<span>bob</span></a>"), "{}", status.content);
        assert!(status.content.contains("@nobody"), "an unknown mention stays text");
        assert!(status.content.contains("<a href=\"https://example.com\""), "{}", status.content);
        assert!(status.content.contains("rel=\"tag\">#<span>Rust</span>"), "{}", status.content);
        assert_eq!(status.source_text.as_deref(), Some("hi @bob and @nobody, see https://example.com #Rust"));

        let views = view::load(store, Some(bob.account.id), vec![status.clone()]).await.unwrap();
        assert_eq!(views[0].account.id, alice.account.id);
        assert_eq!(views[0].mentions.iter().map(|m| m.account_id).collect::<Vec<_>>(), vec![bob.account.id]);
        assert_eq!(views[0].tags.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), vec!["Rust"]);
        let author = store.find_account(alice.account.id).await.unwrap().unwrap();
        assert_eq!(author.statuses_count, 1);
        assert!(author.last_status_at.is_some());
    }

    async fn the_view_a_post_answers_with_is_the_one_a_read_gives(store: &Store) {
        let alice = user(store, "alice").await;
        let bob = user(store, "bob").await;
        let posted = post(store, &config(), &alice.account, Compose::text("hi @bob #Rust #日本語")).await.unwrap();
        let read = view::load(store, Some(alice.account.id), vec![posted.status.clone()]).await.unwrap();
        assert_eq!(read[0], posted, "built from what the post knew, without reading it back");
        assert_eq!(posted.mentions[0].account_id, bob.account.id);
    }

    async fn bad_posts_are_refused_naming_what_is_wrong(store: &Store) {
        let alice = user(store, "alice").await;
        let cfg = Config { instance: crate::config::InstanceConfig { post_length_limit: 30, ..config().instance }, ..config() };
        let refused = |compose: Compose| {
            let cfg = cfg.clone();
            let account = alice.account.clone();
            async move { post(store, &cfg, &account, compose).await.unwrap_err() }
        };
        assert!(matches!(refused(Compose::text("  \n ")).await, PostError::Blank));
        assert!(matches!(refused(Compose::text("x".repeat(31))).await, PostError::TooLong { length: 31, limit: 30 }));
        // A long link counts as 23: 23 + 1 + 6 = 30 fits.
        post(store, &cfg, &alice.account, Compose::text(format!("https://example.com/{} sixsix", "a".repeat(80))))
            .await
            .expect("a long URL counts as 23 characters");
        let bad_language = Compose { language: Some("english".into()), ..Compose::text("hi") };
        assert!(matches!(refused(bad_language).await, PostError::Language(l) if l == "english"));
        let orphan = Compose { in_reply_to_id: Some(StatusId(42)), ..Compose::text("hi") };
        assert!(matches!(refused(orphan).await, PostError::ReplyNotFound));
        assert_eq!(store.find_account(alice.account.id).await.unwrap().unwrap().statuses_count, 1);
    }

    async fn the_same_idempotency_key_gives_the_same_status_once(store: &Store) {
        let alice = user(store, "alice").await;
        let keyed = || Compose { idempotency_key: Some("k-1".into()), ..Compose::text("once") };
        let first = post_as(store, &alice, keyed()).await;
        let again = post_as(store, &alice, keyed()).await;
        assert_eq!(first.id, again.id);
        let other = post_as(store, &alice, Compose { idempotency_key: Some("k-2".into()), ..Compose::text("once") }).await;
        assert_ne!(first.id, other.id);
        assert_eq!(store.find_account(alice.account.id).await.unwrap().unwrap().statuses_count, 2);
        // A day later the key is forgotten, and the same key posts anew.
        assert_eq!(store.prune_idempotency_keys(now() + IDEMPOTENCY_WINDOW).await.unwrap(), 2);
        assert_ne!(post_as(store, &alice, keyed()).await.id, first.id);
    }

    async fn who_sees_what_by_visibility_following_and_mentions(store: &Store) {
        let alice = user(store, "alice").await;
        let bob = user(store, "bob").await; // follows alice
        let carol = user(store, "carol").await; // mentioned, does not follow
        let dave = user(store, "dave").await; // a stranger
        follows::follow(store, bob.account.id, alice.account.id).await.unwrap();

        let public = post_as(store, &alice, with(Visibility::Public, "public")).await;
        let unlisted = post_as(store, &alice, with(Visibility::Unlisted, "unlisted")).await;
        let private = post_as(store, &alice, with(Visibility::Private, "followers only")).await;
        let private_mention = post_as(store, &alice, with(Visibility::Private, "followers and @carol")).await;
        let direct = post_as(store, &alice, with(Visibility::Direct, "only @carol")).await;

        let (anon, a, b, c, d) = (None, Some(alice.account.id), Some(bob.account.id), Some(carol.account.id), Some(dave.account.id));
        // (status, who may see it)
        let table = [
            (&public, vec![anon, a, b, c, d]),
            (&unlisted, vec![anon, a, b, c, d]),
            (&private, vec![a, b]),
            (&private_mention, vec![a, b, c]),
            (&direct, vec![a, c]),
        ];
        for viewer in [anon, a, b, c, d] {
            let expected: Vec<StatusId> =
                table.iter().rev().filter(|(_, who)| who.contains(&viewer)).map(|(s, _)| s.id).collect();
            for (status, who) in &table {
                let seen = find(store, status.id, viewer).await.unwrap().is_some();
                assert_eq!(seen, who.contains(&viewer), "{viewer:?} reading {:?}", status.source_text);
            }
            let listed = of_account(store, alice.account.id, viewer, &AccountStatusesFilter::default(), &FIRST).await.unwrap();
            assert_eq!(ids(&listed, |v| v.status.id), expected, "alice's statuses as {viewer:?} sees them");
        }

        // Public timelines list public statuses only, to anyone.
        for viewer in [anon, d] {
            let page = super::public(store, viewer, PublicScope::All, false, &FIRST).await.unwrap();
            assert_eq!(ids(&page, |v| v.status.id), vec![public.id]);
        }
        assert_eq!(public_page(store, PublicScope::Local).await.iter().map(|s| s.id).collect::<Vec<_>>(), vec![public.id]);
        assert!(public_page(store, PublicScope::Remote).await.is_empty());

        // Home: one's own and the followed accounts' statuses; direct ones only to the mentioned.
        let home_of = |viewer: AccountId| async move { ids(&home(store, viewer, &FIRST).await.unwrap(), |v| v.status.id) };
        assert_eq!(home_of(alice.account.id).await, vec![direct.id, private_mention.id, private.id, unlisted.id, public.id]);
        assert_eq!(home_of(bob.account.id).await, vec![private_mention.id, private.id, unlisted.id, public.id]);
        assert_eq!(home_of(carol.account.id).await, Vec::<StatusId>::new(), "carol follows no one");
        assert_eq!(home_of(dave.account.id).await, Vec::<StatusId>::new());
    }

    async fn timelines_page_newest_first_with_max_since_and_min_ids(store: &Store) {
        let alice = user(store, "alice").await;
        let mut posted = Vec::new();
        for n in 0..5 {
            posted.push(post_as(store, &alice, Compose::text(format!("post {n}"))).await.id);
        }
        let newest_first: Vec<StatusId> = posted.iter().rev().copied().collect();
        let page = |max_id: Option<StatusId>, since_id: Option<StatusId>, min_id: Option<StatusId>, limit: u32| {
            let request = PageRequest { max_id: max_id.map(Into::into), since_id: since_id.map(Into::into), min_id: min_id.map(Into::into), limit };
            async move { ids(&home(store, alice.account.id, &request).await.unwrap(), |v| v.status.id) }
        };
        assert_eq!(page(None, None, None, 2).await, newest_first[..2]);
        assert_eq!(page(Some(newest_first[1]), None, None, 2).await, newest_first[2..4]);
        assert_eq!(page(None, Some(posted[1]), None, 2).await, newest_first[..2], "since_id: the newest above");
        assert_eq!(page(None, None, Some(posted[1]), 2).await, vec![posted[3], posted[2]], "min_id: right above");
    }

    async fn deleting_a_status_takes_it_out_of_every_list_and_count(store: &Store) {
        let alice = user(store, "alice").await;
        let bob = user(store, "bob").await;
        let parent = post_as(store, &alice, Compose::text("parent")).await;
        let reply = post_as(store, &bob, Compose { in_reply_to_id: Some(parent.id), ..Compose::text("@alice reply") }).await;
        assert_eq!(reply.in_reply_to_account_id, Some(alice.account.id));
        assert_eq!(store.find_status(parent.id).await.unwrap().unwrap().replies_count, 1);

        assert!(matches!(delete(store, alice.account.id, reply.id).await, Err(DeleteError::NotFound)), "not hers");
        let deleted = delete(store, bob.account.id, reply.id).await.unwrap();
        assert_eq!(deleted.source_text.as_deref(), Some("@alice reply"), "the source, for redraft");
        assert!(find(store, reply.id, Some(bob.account.id)).await.unwrap().is_none());
        assert_eq!(store.find_status(parent.id).await.unwrap().unwrap().replies_count, 0);
        assert_eq!(store.find_account(bob.account.id).await.unwrap().unwrap().statuses_count, 0);
        assert!(public_page(store, PublicScope::All).await.iter().all(|s| s.id != reply.id));
        assert!(matches!(delete(store, bob.account.id, reply.id).await, Err(DeleteError::NotFound)), "gone");

        let changes = crate::store::testing::changes_after(store, crate::store::ChangeCursor::default()).await;
        assert!(changes.contains(&Change::StatusCreated { status_id: reply.id, account_id: bob.account.id }));
        assert!(changes.contains(&Change::StatusDeleted { status_id: reply.id, account_id: bob.account.id }));
    }

    async fn favourites_reblogs_and_bookmarks_count_notify_and_undo(store: &Store) {
        let alice = user(store, "alice").await;
        let bob = user(store, "bob").await;
        let status = post_as(store, &alice, Compose::text("like me")).await;
        let bob_id = bob.account.id;

        actions::favourite(store, bob_id, status.id).await.unwrap();
        actions::favourite(store, bob_id, status.id).await.unwrap();
        let reblog = actions::reblog(store, &config(), &bob.account, status.id, None).await.unwrap();
        let again = actions::reblog(store, &config(), &bob.account, status.id, None).await.unwrap();
        assert_eq!(reblog.id, again.id, "one reblog per account");
        assert_eq!(reblog.reblog_of_id, Some(status.id));
        actions::bookmark(store, bob_id, status.id).await.unwrap();

        let now = store.find_status(status.id).await.unwrap().unwrap();
        assert_eq!((now.favourites_count, now.reblogs_count), (1, 1));
        let marks = store.status_marks(bob_id, &[status.id]).await.unwrap();
        assert_eq!(marks[0].1, crate::model::StatusMarks { favourited: true, reblogged: true, bookmarked: true, pinned: false, muted: false });
        let kinds = notification_kinds(store, alice.account.id).await;
        assert_eq!(kinds, vec![crate::model::NotificationType::Reblog, crate::model::NotificationType::Favourite]);
        let by = store.favourited_by(status.id, &FIRST).await.unwrap();
        assert_eq!(by.iter().map(|p| p.item.id).collect::<Vec<_>>(), vec![bob_id]);
        let by = store.reblogged_by(status.id, &FIRST).await.unwrap();
        assert_eq!(by.iter().map(|p| p.item.id).collect::<Vec<_>>(), vec![bob_id]);
        assert_eq!(ids(&favourites(store, bob_id, &FIRST).await.unwrap(), |v| v.status.id), vec![status.id]);
        assert_eq!(ids(&bookmarks(store, bob_id, &FIRST).await.unwrap(), |v| v.status.id), vec![status.id]);

        // The reblog is in bob's followers' home and points at the original.
        let carol = user(store, "carol").await;
        follows::follow(store, carol.account.id, bob_id).await.unwrap();
        let home_page = home(store, carol.account.id, &FIRST).await.unwrap();
        assert_eq!(home_page.len(), 1);
        assert_eq!(home_page[0].item.reblog.as_ref().map(|r| r.status.id), Some(status.id));

        actions::unfavourite(store, bob_id, status.id).await.unwrap();
        actions::unreblog(store, bob_id, status.id).await.unwrap();
        actions::unbookmark(store, bob_id, status.id).await.unwrap();
        let now = store.find_status(status.id).await.unwrap().unwrap();
        assert_eq!((now.favourites_count, now.reblogs_count), (0, 0));
        assert!(notification_kinds(store, alice.account.id).await.is_empty(), "undone, the notifications go");
        assert!(favourites(store, bob_id, &FIRST).await.unwrap().is_empty());
        assert!(home(store, carol.account.id, &FIRST).await.unwrap().is_empty());
        assert_eq!(store.find_account(bob_id).await.unwrap().unwrap().statuses_count, 0);
    }

    async fn private_statuses_are_reblogged_only_by_their_author_and_direct_ones_never(store: &Store) {
        let alice = user(store, "alice").await;
        let bob = user(store, "bob").await;
        follows::follow(store, bob.account.id, alice.account.id).await.unwrap();
        let private = post_as(store, &alice, with(Visibility::Private, "followers")).await;
        let refused = actions::reblog(store, &config(), &bob.account, private.id, None).await.unwrap_err();
        assert!(matches!(refused, actions::ActionError::NotReblogable), "{refused:?}");
        let own = actions::reblog(store, &config(), &alice.account, private.id, None).await.unwrap();
        assert_eq!(own.visibility, Visibility::Private);
        let public = post_as(store, &alice, Compose::text("public")).await;
        let direct = actions::reblog(store, &config(), &bob.account, public.id, Some(Visibility::Direct)).await;
        assert!(matches!(direct, Err(actions::ActionError::ReblogVisibility)));
        let stranger = user(store, "stranger").await;
        let hidden = actions::favourite(store, stranger.account.id, private.id).await;
        assert!(matches!(hidden, Err(actions::ActionError::NotFound)), "what one cannot see, one cannot favourite");
    }

    async fn a_thread_shows_its_ancestors_and_descendants_as_the_viewer_may_see_them(store: &Store) {
        let alice = user(store, "alice").await;
        let bob = user(store, "bob").await;
        let root = post_as(store, &alice, Compose::text("root")).await;
        let reply = post_as(store, &bob, Compose { in_reply_to_id: Some(root.id), ..Compose::text("reply") }).await;
        let deeper = post_as(store, &alice, Compose { in_reply_to_id: Some(reply.id), ..Compose::text("deeper") }).await;
        let secret = post_as(store, &alice, Compose { in_reply_to_id: Some(reply.id), visibility: Visibility::Direct, ..Compose::text("@bob secret") }).await;

        let thread = actions::context(store, reply.id, None).await.unwrap().unwrap();
        assert_eq!(thread.ancestors.iter().map(|v| v.status.id).collect::<Vec<_>>(), vec![root.id]);
        assert_eq!(thread.descendants.iter().map(|v| v.status.id).collect::<Vec<_>>(), vec![deeper.id], "the direct reply is hidden");
        let as_bob = actions::context(store, root.id, Some(bob.account.id)).await.unwrap().unwrap();
        assert_eq!(as_bob.descendants.iter().map(|v| v.status.id).collect::<Vec<_>>(), vec![reply.id, deeper.id, secret.id]);
        assert!(actions::context(store, secret.id, None).await.unwrap().is_none());
    }

    async fn a_muted_conversation_notifies_nothing_about_its_thread_until_unmuted(store: &Store) {
        let alice = user(store, "alice").await;
        let bob = user(store, "bob").await;
        let root = post_as(store, &alice, Compose::text("root")).await;
        let reply = post_as(store, &bob, Compose { in_reply_to_id: Some(root.id), ..Compose::text("@alice first") }).await;
        let elsewhere = post_as(store, &alice, Compose::text("another thread")).await;
        let before = notification_kinds(store, alice.account.id).await.len();

        // Muting from any status of the thread mutes the whole thread, for alice only.
        actions::mute_conversation(store, alice.account.id, reply.id).await.unwrap();
        actions::mute_conversation(store, alice.account.id, reply.id).await.unwrap();
        let marks = store.status_marks(alice.account.id, &[root.id, reply.id, elsewhere.id]).await.unwrap();
        let muted: std::collections::HashMap<_, _> = marks.into_iter().map(|(id, m)| (id, m.muted)).collect();
        assert_eq!((muted[&root.id], muted[&reply.id], muted[&elsewhere.id]), (true, true, false));
        assert!(!store.status_marks(bob.account.id, &[root.id]).await.unwrap()[0].1.muted);

        let deeper = post_as(store, &bob, Compose { in_reply_to_id: Some(reply.id), ..Compose::text("@alice deeper") }).await;
        actions::favourite(store, bob.account.id, root.id).await.unwrap();
        actions::reblog(store, &config(), &bob.account, root.id, None).await.unwrap();
        assert_eq!(notification_kinds(store, alice.account.id).await.len(), before, "nothing from the muted thread");
        actions::favourite(store, bob.account.id, elsewhere.id).await.unwrap();
        assert_eq!(notification_kinds(store, alice.account.id).await.len(), before + 1, "other threads still notify");

        actions::unmute_conversation(store, alice.account.id, deeper.id).await.unwrap();
        post_as(store, &bob, Compose { in_reply_to_id: Some(deeper.id), ..Compose::text("@alice again") }).await;
        assert_eq!(notification_kinds(store, alice.account.id).await.len(), before + 2);
        let hidden = post_as(store, &alice, with(Visibility::Direct, "@carol only")).await;
        assert!(matches!(
            actions::mute_conversation(store, bob.account.id, hidden.id).await,
            Err(actions::ActionError::NotFound)
        ), "a status bob cannot see is not found");
    }

    async fn the_public_first_page_from_this_nodes_head_is_what_the_page_query_gives(store: &Store) {
        let alice = user(store, "alice").await;
        let bob = user(store, "bob").await;
        let carol = user(store, "carol").await;
        // More statuses than a head holds; alice wrote every third.
        let mut posted = Vec::new();
        for n in 0..70 {
            let author = if n % 3 == 0 { &alice } else { &bob };
            posted.push(post_as(store, author, Compose::text(format!("status {n}"))).await.id);
        }
        crate::accounts::blocks::block(store, carol.account.id, bob.account.id).await.unwrap();
        let same_as_the_query = |viewer: Option<AccountId>, limit: u32| async move {
            let page = PageRequest { limit, ..FIRST };
            let first = super::public(store, viewer, PublicScope::All, false, &page).await.unwrap();
            let queried = store.public_timeline(PublicScope::All, false, viewer, &page).await.unwrap();
            assert_eq!(first, view::load_page(store, viewer, queried).await.unwrap(), "{viewer:?}, limit {limit}");
            first
        };
        for viewer in [None, Some(alice.account.id), Some(carol.account.id)] {
            for limit in [1, 5, 20, 40] {
                same_as_the_query(viewer, limit).await;
            }
        }

        let head = store.caches().public_head(PublicScope::All).expect("this node keeps the head");
        assert_eq!(head.len(), public_head::HEAD_LEN as usize);

        let kept = |viewer: Option<AccountId>| {
            let head = store.caches().public_head(PublicScope::All).expect("the head");
            store.caches().head_states(viewer, PublicScope::All, &head).is_some()
        };
        assert!(kept(Some(carol.account.id)) && kept(None), "what each viewer sees of the head is kept");

        // Counters and marks move without dropping the head; what viewers saw of it goes.
        actions::favourite(store, alice.account.id, posted[69]).await.unwrap();
        assert!(store.caches().public_head(PublicScope::All).is_some());
        assert!(!kept(Some(carol.account.id)), "everyone's counters moved");
        let page = same_as_the_query(Some(alice.account.id), 20).await;
        assert_eq!((page[0].item.status.favourites_count, page[0].item.marks.favourited), (1, true));
        let page = same_as_the_query(Some(carol.account.id), 20).await;
        assert_eq!((page[0].item.status.favourites_count, page[0].item.marks.favourited), (1, false));
        actions::bookmark(store, carol.account.id, posted[69]).await.unwrap();
        let page = same_as_the_query(Some(carol.account.id), 20).await;
        assert!(page[0].item.marks.bookmarked, "a bookmark shows on the next page");
        // A mute that ends: what it hid shows again once it has ended, with no change event.
        crate::accounts::blocks::mute(store, carol.account.id, alice.account.id, false, Some(1)).await.unwrap();
        let page = same_as_the_query(Some(carol.account.id), 5).await;
        assert!(page.is_empty() || page.iter().all(|p| p.item.status.account_id != alice.account.id));
        tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
        let page = same_as_the_query(Some(carol.account.id), 5).await;
        assert_eq!(page[0].item.status.id, posted[69], "alice's again");
        // A post and a delete drop it: the next first page shows them.
        delete(store, alice.account.id, posted[69]).await.unwrap();
        let newest = post_as(store, &alice, Compose::text("newest")).await;
        assert!(store.caches().public_head(PublicScope::All).is_none());
        let page = same_as_the_query(None, 20).await;
        assert_eq!(ids(&page, |v| v.status.id)[..2], [newest.id, posted[68]]);
        // A mute of the author takes its statuses out of the next page, head or not.
        crate::accounts::blocks::mute(store, alice.account.id, bob.account.id, false, None).await.unwrap();
        let page = same_as_the_query(Some(alice.account.id), 5).await;
        assert!(page.iter().all(|p| p.item.status.account_id == alice.account.id));
    }

    async fn hashtag_timelines_match_any_all_and_none_ignoring_case(store: &Store) {
        let alice = user(store, "alice").await;
        let rust = post_as(store, &alice, Compose::text("#Rust")).await;
        let both = post_as(store, &alice, Compose::text("#rust #fediverse")).await;
        let japanese = post_as(store, &alice, Compose::text("#日本語 と #fediverse")).await;
        post_as(store, &alice, with(Visibility::Unlisted, "#rust unlisted")).await;
        let query = |any: &[&str], all: &[&str], none: &[&str]| HashtagQuery {
            any: any.iter().map(|s| s.to_string()).collect(),
            all: all.iter().map(|s| s.to_string()).collect(),
            none: none.iter().map(|s| s.to_string()).collect(),
            scope: PublicScope::All,
            only_media: false,
        };
        let listed = |q: HashtagQuery| async move { ids(&tagged(store, None, &q, &FIRST).await.unwrap(), |v| v.status.id) };
        assert_eq!(listed(query(&["RUST"], &[], &[])).await, vec![both.id, rust.id], "public only, any case");
        assert_eq!(listed(query(&["rust"], &["fediverse"], &[])).await, vec![both.id]);
        assert_eq!(listed(query(&["rust"], &[], &["fediverse"])).await, vec![rust.id]);
        assert_eq!(listed(query(&["日本語"], &[], &[])).await, vec![japanese.id]);
        assert_eq!(listed(query(&["rust", "日本語"], &[], &[])).await, vec![japanese.id, both.id, rust.id]);
    }

    async fn a_grouped_page_counts_each_group_whole_up_to_its_newest_notification(store: &Store) {
        let alice = user(store, "alice").await;
        let (bob, carol, dave) = (user(store, "bob").await, user(store, "carol").await, user(store, "dave").await);
        let liked = post_as(store, &alice, Compose::text("like this")).await;
        // Newest first: dave's favourite, carol's mention, bob's favourite.
        actions::favourite(store, bob.account.id, liked.id).await.unwrap();
        post_as(store, &carol, Compose::text("hey @alice")).await;
        actions::favourite(store, dave.account.id, liked.id).await.unwrap();
        let grouped = |limit: u32, max_id| async move {
            let page = PageRequest { limit, max_id, ..FIRST };
            let filter = Default::default();
            crate::notifications::grouped(store, alice.account.id, &filter, &page, &crate::notifications::GROUPABLE).await.unwrap()
        };
        let first = grouped(1, None).await;
        let favourites = &first.groups[0].item;
        assert_eq!(favourites.notifications.len(), 1, "the page shows dave's");
        assert_eq!(favourites.count, 2, "bob's further down is counted");
        assert_eq!(favourites.sample_accounts, [dave.account.id, bob.account.id]);
        let next = grouped(2, first.next).await;
        assert_eq!(next.groups.len(), 2);
        assert_eq!(next.groups[1].item.count, 1, "below the mention, only bob's");
    }

    async fn notifications_list_filter_dismiss_and_count_unread_past_the_marker(store: &Store) {
        let alice = user(store, "alice").await;
        let bob = user(store, "bob").await;
        follows::follow(store, bob.account.id, alice.account.id).await.unwrap();
        let mention = post_as(store, &bob, Compose::text("hey @alice")).await;
        actions::favourite(store, bob.account.id, post_as(store, &alice, Compose::text("mine")).await.id).await.unwrap();
        assert_eq!(
            notification_kinds(store, alice.account.id).await,
            vec![crate::model::NotificationType::Favourite, crate::model::NotificationType::Mention, crate::model::NotificationType::Follow]
        );
        let only_mentions = crate::store::notifications::NotificationFilter {
            types: vec![crate::model::NotificationType::Mention],
            ..Default::default()
        };
        let page = crate::notifications::list(store, alice.account.id, &only_mentions, &FIRST).await.unwrap();
        assert_eq!(page.len(), 1);
        assert_eq!(page[0].item.status.as_ref().map(|s| s.status.id), Some(mention.id));
        assert_eq!(page[0].item.account.id, bob.account.id);

        assert_eq!(store.unread_notifications(alice.account.id, 100).await.unwrap(), 3);
        let newest = store.notifications(alice.account.id, &Default::default(), &FIRST).await.unwrap();
        store.set_marker(alice.account.id, "notifications", newest[1].cursor).await.unwrap();
        assert_eq!(store.unread_notifications(alice.account.id, 100).await.unwrap(), 1);
        let markers = store.markers(alice.account.id).await.unwrap();
        assert_eq!((markers[0].timeline.as_str(), markers[0].last_read_id, markers[0].version), ("notifications", newest[1].cursor, 1));

        assert!(store.dismiss_notification(alice.account.id, newest[0].item.id).await.unwrap());
        assert!(!store.dismiss_notification(bob.account.id, newest[1].item.id).await.unwrap(), "not bob's");
        // The mention's status deleted: its notification goes with it.
        delete(store, bob.account.id, mention.id).await.unwrap();
        assert_eq!(notification_kinds(store, alice.account.id).await, vec![crate::model::NotificationType::Follow]);
        assert_eq!(store.clear_notifications(alice.account.id).await.unwrap(), 1);
    }

    async fn blocks_mutes_and_hidden_domains_take_statuses_and_notifications_out_of_view(store: &Store) {
        let alice = user(store, "alice").await;
        let bob = user(store, "bob").await;
        let carol = user(store, "carol").await;
        let dave = user(store, "dave").await;
        let (a, b, c, d) = (alice.account.id, bob.account.id, carol.account.id, dave.account.id);
        follows::follow(store, b, a).await.unwrap();
        let by_alice = post_as(store, &alice, Compose::text("from alice")).await;
        let spam = remote_status(store, "spammer", "spam.example").await;
        let public_for = |viewer: AccountId| async move {
            ids(&super::public(store, Some(viewer), PublicScope::All, false, &FIRST).await.unwrap(), |v| v.status.id)
        };
        assert_eq!(public_for(b).await, vec![spam, by_alice.id]);

        // A block: both ways out of sight, follows gone, no notifications, no new follow.
        crate::accounts::blocks::block(store, b, a).await.unwrap();
        assert_eq!(public_for(b).await, vec![spam]);
        assert!(find(store, by_alice.id, Some(b)).await.unwrap().is_none());
        assert!(home(store, b, &FIRST).await.unwrap().is_empty());
        let by_bob = post_as(store, &bob, Compose::text("from bob")).await;
        assert!(find(store, by_bob.id, Some(a)).await.unwrap().is_none(), "the blocked does not see the blocker");
        assert_eq!(store.find_account(a).await.unwrap().unwrap().followers_count, 0);
        post_as(store, &alice, Compose::text("hey @bob")).await;
        assert!(notification_kinds(store, b).await.iter().all(|k| *k != crate::model::NotificationType::Mention));
        assert!(matches!(follows::follow(store, a, b).await, Err(follows::FollowError::Blocked)));
        assert!(matches!(actions::favourite(store, b, by_alice.id).await, Err(actions::ActionError::NotFound)));
        let rel = store.follow_relations(b, &[a]).await.unwrap()[0].1;
        assert!(rel.blocking && !rel.following);
        assert!(store.follow_relations(a, &[b]).await.unwrap()[0].1.blocked_by);
        crate::accounts::blocks::unblock(store, b, a).await.unwrap();
        assert!(find(store, by_alice.id, Some(b)).await.unwrap().is_some());

        // A mute: out of the timelines and notifications, still readable; an expired one is no mute.
        crate::accounts::blocks::mute(store, c, a, true, None).await.unwrap();
        assert!(!public_for(c).await.contains(&by_alice.id));
        assert!(find(store, by_alice.id, Some(c)).await.unwrap().is_some());
        post_as(store, &alice, Compose::text("hey @carol")).await;
        assert!(notification_kinds(store, c).await.is_empty());
        let rel = store.follow_relations(c, &[a]).await.unwrap()[0].1;
        assert!(rel.muting && rel.muting_notifications);
        store.mute(c, a, true, Some(now() - chrono::Duration::seconds(1))).await.unwrap();
        assert!(public_for(c).await.contains(&by_alice.id), "the mute expired");

        // A hidden domain: its statuses leave the viewer's timelines.
        store.block_domain(d, "spam.example").await.unwrap();
        assert!(!public_for(d).await.contains(&spam));
        assert!(public_for(c).await.contains(&spam), "only for the one who hid it");
        let spammer = store.find_account_by_nickname("spammer", Some("spam.example")).await.unwrap().unwrap();
        assert!(store.follow_relations(d, &[spammer.id]).await.unwrap()[0].1.domain_blocking);
        assert_eq!(store.blocked_domains(d, &FIRST).await.unwrap()[0].item, "spam.example");
    }

    async fn an_edit_keeps_every_version_follows_the_new_mentions_and_notifies_rebloggers(store: &Store) {
        let alice = user(store, "alice").await;
        let bob = user(store, "bob").await;
        let carol = user(store, "carol").await;
        let status = post_as(store, &alice, Compose::text("first @bob #old")).await;
        actions::reblog(store, &config(), &carol.account, status.id, None).await.unwrap();
        let written = |text: &'static str| edit::Changes {
            text: Some(text),
            spoiler_text: Some("cw"),
            language: Some("en"),
            ..Default::default()
        };
        let refused = edit::edit(store, &config(), bob.account.id, status.id, &written("mine now")).await;
        assert!(matches!(refused, Err(edit::EditError::NotFound)), "not bob's to edit");
        let edited = edit::edit(store, &config(), alice.account.id, status.id, &written("second @carol #new")).await.unwrap();
        assert!(edited.edited_at.is_some());
        assert_eq!(edited.source_text.as_deref(), Some("second @carol #new"));
        assert!(edited.sensitive, "a content warning makes it sensitive");
        assert_eq!(Some(&edited), store.find_status(status.id).await.unwrap().as_ref(), "what the edit returns is what is stored");
        edit::edit(store, &config(), alice.account.id, status.id, &written("third")).await.unwrap();

        let versions = store.status_versions(status.id).await.unwrap();
        let texts: Vec<_> = versions.iter().map(|v| v.source_text.clone().unwrap()).collect();
        assert_eq!(texts, ["first @bob #old", "second @carol #new", "third"]);
        let view = view::load(store, None, vec![store.find_status(status.id).await.unwrap().unwrap()]).await.unwrap();
        assert!(view[0].mentions.is_empty() && view[0].tags.is_empty(), "mentions and tags follow the text");
        let carols = notification_kinds(store, carol.account.id).await;
        assert!(carols.contains(&crate::model::NotificationType::Update), "{carols:?}");
        assert!(carols.contains(&crate::model::NotificationType::Mention), "newly mentioned: {carols:?}");
        let blank = edit::edit(store, &config(), alice.account.id, status.id, &written(" ")).await;
        assert!(matches!(blank, Err(edit::EditError::Text(PostError::Blank))));
    }

    async fn an_edit_renders_the_text_as_it_was_written_unless_told_otherwise(store: &Store) {
        let alice = user(store, "alice").await;
        let markdown = Compose { content_type: ContentType::Markdown, ..Compose::text("**bold**") };
        let status = post_as(store, &alice, markdown).await;
        assert_eq!(store.find_status(status.id).await.unwrap().unwrap().content_type, ContentType::Markdown);
        let only_text = edit::Changes { text: Some("**still bold**"), ..Default::default() };
        let edited = edit::edit(store, &config(), alice.account.id, status.id, &only_text).await.unwrap();
        assert_eq!(edited.content_type, ContentType::Markdown, "kept when the edit does not name it");
        assert!(edited.content.contains("<strong>still bold</strong>"), "{}", edited.content);
        let plain = edit::Changes { content_type: Some(ContentType::Plain), ..Default::default() };
        let edited = edit::edit(store, &config(), alice.account.id, status.id, &plain).await.unwrap();
        assert_eq!(edited.content_type, ContentType::Plain);
        assert!(edited.content.contains("**still bold**"), "the same text, now plain: {}", edited.content);
        assert_eq!(edited.spoiler_text, "", "what the edit does not name stays");
    }

    async fn pins_are_own_public_statuses_up_to_the_limit_listed_newest_first(store: &Store) {
        let alice = user(store, "alice").await;
        let bob = user(store, "bob").await;
        let mut posted = Vec::new();
        for n in 0..6 {
            posted.push(post_as(store, &alice, Compose::text(format!("post {n}"))).await.id);
        }
        for id in &posted[..5] {
            edit::pin(store, alice.account.id, *id).await.unwrap();
        }
        assert!(matches!(edit::pin(store, alice.account.id, posted[5]).await, Err(edit::EditError::TooManyPins(5))));
        edit::pin(store, alice.account.id, posted[0]).await.expect("pinning again is no new pin");
        let private = post_as(store, &alice, with(Visibility::Private, "private")).await;
        assert!(matches!(edit::pin(store, alice.account.id, private.id).await, Err(edit::EditError::NotPinnable)));
        assert!(matches!(edit::pin(store, bob.account.id, posted[5]).await, Err(edit::EditError::NotFound)));

        let listed = pinned(store, alice.account.id, None).await.unwrap();
        let expected: Vec<StatusId> = posted[..5].iter().rev().copied().collect();
        assert_eq!(ids(&listed, |v| v.status.id), expected);
        let own = view::load(store, Some(alice.account.id), vec![store.find_status(posted[0]).await.unwrap().unwrap()]).await.unwrap();
        assert!(own[0].marks.pinned);
        edit::unpin(store, alice.account.id, posted[0]).await.unwrap();
        assert_eq!(pinned(store, alice.account.id, Some(bob.account.id)).await.unwrap().len(), 4);
    }
}

async fn public_page(store: &Store, scope: PublicScope) -> Vec<Status> {
    store.public_timeline(scope, false, None, &FIRST).await.unwrap().into_iter().map(|p| p.item).collect()
}

async fn notification_kinds(store: &Store, account: AccountId) -> Vec<crate::model::NotificationType> {
    let page = store.notifications(account, &Default::default(), &FIRST).await.unwrap();
    page.into_iter().map(|p| p.item.kind).collect()
}

/// A public status of a remote account `nickname@domain`, as federation would store it.
async fn remote_status(store: &Store, nickname: &str, domain: &str) -> StatusId {
    let actor = format!("https://{domain}/users/{nickname}");
    let account = store
        .upsert_remote_account(&crate::model::NewRemoteAccount {
            nickname: nickname.into(),
            domain: domain.into(),
            endpoints: crate::model::ActorEndpoints {
                actor_url: actor.clone(),
                url: format!("https://{domain}/@{nickname}"),
                inbox_url: format!("{actor}/inbox"),
                outbox_url: format!("{actor}/outbox"),
                followers_url: format!("{actor}/followers"),
                following_url: format!("{actor}/following"),
                public_key_id: format!("{actor}#main-key"),
                public_key_pem: "none".into(),
                ..Default::default()
            },
            ..Default::default()
        })
        .await
        .unwrap();
    let id = StatusId::generate();
    let new = NewStatus {
        id,
        account_id: account.id,
        uri: format!("{actor}/statuses/{id}"),
        url: None,
        content: "<p>remote</p>".into(),
        source_text: None,
        content_type: ContentType::Plain,
        spoiler_text: String::new(),
        visibility: Visibility::Public,
        sensitive: false,
        language: None,
        in_reply_to: None,
        reblog_of_id: None,
        app_id: None,
        local: false,
        mentions: Vec::new(),
        tags: Vec::new(),
        media: Vec::new(),
        created_at: now(),
    };
    store.insert_status(&new, None).await.unwrap().id
}
