//! Follows, follow requests, the relationships they make, and profile edits.
//!
//! Counters on `accounts` (followers_count, following_count) change in the same transaction as the
//! follow rows, so they never drift from them.

use super::StoreError;
use super::accounts::{ACCOUNT_COLUMNS, USER_COLUMNS};
use super::page::{BindPage, PageItem, PageRequest};
use super::unit::{Conn, id_list, on_conn, repository};
use crate::events::Change;
use crate::model::account::Fields;
use crate::model::time::now;
use crate::model::{Account, AccountId, Id, NotificationType, UserAccount};

/// What a follow did: a follow, or (for a locked target) a request waiting for approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowOutcome {
    /// The follow exists now (or existed already).
    Following,
    /// A follow request waits for the target's approval.
    Requested,
    /// A block stands between the two accounts: nothing was written.
    Blocked,
}

/// How the signed-in account and another one relate: follows, requests, blocks and mutes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct FollowRelation {
    /// The signed-in account follows the other.
    pub following: bool,
    /// The other account follows the signed-in one.
    pub followed_by: bool,
    /// The signed-in account asked to follow the other; the request waits for approval.
    pub requested: bool,
    /// The other account asked to follow the signed-in one; the request waits for approval.
    pub requested_by: bool,
    /// The signed-in account blocks the other.
    pub blocking: bool,
    /// The other account blocks the signed-in one.
    pub blocked_by: bool,
    /// The signed-in account mutes the other (and the mute has not expired).
    pub muting: bool,
    /// The mute hides the other's notifications too.
    pub muting_notifications: bool,
    /// The signed-in account hides the other's domain.
    pub domain_blocking: bool,
    /// The signed-in account sees the other's reblogs in its home timeline (the follow's choice, or
    /// the pending request's).
    pub showing_reblogs: bool,
    /// The signed-in account is notified of the other's statuses (the follow's choice, or the pending
    /// request's).
    pub notifying: bool,
}

/// Profile changes (`PATCH /api/v1/accounts/update_credentials`); `None` keeps a value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileUpdate {
    /// The new display name.
    pub display_name: Option<String>,
    /// The new bio.
    pub note: Option<String>,
    /// Whether follows need approval from now on.
    pub locked: Option<bool>,
    /// Whether the account says it is automated.
    pub bot: Option<bool>,
    /// Whether the account may be listed and indexed.
    pub discoverable: Option<bool>,
    /// The new profile fields; replace all the old ones.
    pub fields: Option<Fields>,
    /// The URL of a new avatar image, already stored.
    pub avatar_url: Option<String>,
    /// The URL of a new header image, already stored.
    pub header_url: Option<String>,
}

#[derive(sqlx::FromRow)]
struct WithRequests {
    #[sqlx(flatten)]
    user: UserAccount,
    follow_requests: i64,
}

#[derive(sqlx::FromRow)]
struct RelationRow {
    id: AccountId,
    #[sqlx(flatten)]
    relation: FollowRelation,
}

#[derive(sqlx::FromRow)]
struct Paged {
    cursor: Id,
    #[sqlx(flatten)]
    account: Account,
}

/// Moves the follower/following counters of a follow by `$delta` (+1 or -1), inside `$tx`. A macro
/// because the transaction's type differs per backend.
macro_rules! adjust_counts {
    ($tx:ident, $account:expr, $target:expr, $delta:expr) => {{
        sqlx::query("UPDATE accounts SET following_count = following_count + $2 WHERE id = $1")
            .bind($account)
            .bind($delta as i64)
            .execute(&mut *$tx)
            .await?;
        sqlx::query("UPDATE accounts SET followers_count = followers_count + $2 WHERE id = $1")
            .bind($target)
            .bind($delta as i64)
            .execute(&mut *$tx)
            .await?;
    }};
}

repository! {
    /// `account` follows `target`, or asks to when `request` (a locked target). Following again is
    /// not an error and changes nothing.
    atomic fn follow(c, account: AccountId, target: AccountId, request: bool) -> Result<FollowOutcome, StoreError> {
        if c.blocked_either_way(account, target).await? {
            return Ok(FollowOutcome::Blocked);
        }
        let at = now();
        if request {
            // One statement: no follow can be accepted between the check and the insert.
            let sql = "INSERT INTO follow_requests (id, account_id, target_account_id, created_at) \
                SELECT $1, $2, $3, $4 WHERE NOT EXISTS \
                (SELECT 1 FROM follows WHERE account_id = $2 AND target_account_id = $3) \
                ON CONFLICT (account_id, target_account_id) DO NOTHING";
            let inserted = on_conn!(c, |c| sqlx::query(sql)
                .bind(Id::generate())
                .bind(account)
                .bind(target)
                .bind(at)
                .execute(&mut *c)
                .await
                .map(|r| r.rows_affected()))?;
            if inserted > 0 {
                c.record(Change::FollowsChanged { account_id: account, target_id: target })?;
                c.notify(target, account, NotificationType::FollowRequest, None, at).await?;
            } else {
                let already = "SELECT COUNT(*) FROM follows WHERE account_id = $1 AND target_account_id = $2";
                let following: i64 = on_conn!(c, |c| sqlx::query_scalar(already)
                    .bind(account)
                    .bind(target)
                    .fetch_one(&mut *c)
                    .await)?;
                if following > 0 {
                    return Ok(FollowOutcome::Following);
                }
            }
            return Ok(FollowOutcome::Requested);
        }
        let insert = "INSERT INTO follows (id, account_id, target_account_id, created_at) VALUES ($1, $2, $3, $4) \
            ON CONFLICT (account_id, target_account_id) DO NOTHING";
        let drop_request = "DELETE FROM follow_requests WHERE account_id = $1 AND target_account_id = $2";
        let result: Result<u64, StoreError> = on_conn!(c, |tx| {
            async {
                let inserted = sqlx::query(insert)
                    .bind(Id::generate())
                    .bind(account)
                    .bind(target)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                sqlx::query(drop_request).bind(account).bind(target).execute(&mut *tx).await?;
                if inserted > 0 {
                    adjust_counts!(tx, account, target, 1);
                }
                Ok::<u64, StoreError>(inserted)
            }
            .await
        });
        if result? > 0 {
            c.notify(target, account, NotificationType::Follow, None, at).await?;
        }
        c.record(Change::FollowsChanged { account_id: account, target_id: target })?;
        Ok(FollowOutcome::Following)
    }

    /// Stops `account` following `target` and withdraws a pending request. Returns whether
    /// anything was there.
    atomic fn unfollow(c, account: AccountId, target: AccountId) -> Result<bool, StoreError> {
        let delete = "DELETE FROM follows WHERE account_id = $1 AND target_account_id = $2";
        let drop_request = "DELETE FROM follow_requests WHERE account_id = $1 AND target_account_id = $2";
        let changed = on_conn!(c, |tx| {
            async {
                let deleted =
                    sqlx::query(delete).bind(account).bind(target).execute(&mut *tx).await?.rows_affected();
                let withdrawn = sqlx::query(drop_request)
                    .bind(account)
                    .bind(target)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if deleted > 0 {
                    adjust_counts!(tx, account, target, -1);
                }
                Ok::<bool, StoreError>(deleted + withdrawn > 0)
            }
            .await
        })?;
        if changed {
            c.record(Change::FollowsChanged { account_id: account, target_id: target })?;
        }
        Ok(changed)
    }

    /// How `account` relates to each of `others` that exists, in the order first asked, each once;
    /// ids of no account are left out (as Mastodon does). One query, however many ids.
    plain fn follow_relations(c, account: AccountId, others: &[AccountId]) -> Result<Vec<(AccountId, FollowRelation)>, StoreError> {
        if others.is_empty() {
            return Ok(Vec::new());
        }
        // Each pair has at most one follow and one request (UNIQUE), so the joins make at most one
        // row per account. A pending request shows the reblogs and notify choices it will follow with.
        let wanted = c.ids_in(2);
        let sql = format!(
            "SELECT a.id, fo.id IS NOT NULL AS following, fb.id IS NOT NULL AS followed_by, \
             rq.id IS NOT NULL AS requested, rb.id IS NOT NULL AS requested_by, \
             COALESCE(fo.show_reblogs, rq.show_reblogs, FALSE) AS showing_reblogs, \
             COALESCE(fo.notify, rq.notify, FALSE) AS notifying, \
             EXISTS (SELECT 1 FROM blocks b WHERE b.account_id = $1 AND b.target_account_id = a.id) AS blocking, \
             EXISTS (SELECT 1 FROM blocks b WHERE b.account_id = a.id AND b.target_account_id = $1) AS blocked_by, \
             mu.id IS NOT NULL AS muting, COALESCE(mu.notifications, FALSE) AS muting_notifications, \
             EXISTS (SELECT 1 FROM account_domain_blocks db WHERE db.account_id = $1 AND db.domain = a.domain) \
               AS domain_blocking \
             FROM accounts a \
             LEFT JOIN mutes mu ON mu.account_id = $1 AND mu.target_account_id = a.id \
                 AND (mu.expires_at IS NULL OR mu.expires_at > $3) \
             LEFT JOIN follows fo ON fo.account_id = $1 AND fo.target_account_id = a.id \
             LEFT JOIN follows fb ON fb.account_id = a.id AND fb.target_account_id = $1 \
             LEFT JOIN follow_requests rq ON rq.account_id = $1 AND rq.target_account_id = a.id \
             LEFT JOIN follow_requests rb ON rb.account_id = a.id AND rb.target_account_id = $1 \
             WHERE a.id IN ({wanted})"
        );
        let ids = id_list(others);
        let rows: Vec<RelationRow> = on_conn!(c, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(account)
            .bind(&ids)
            .bind(now())
            .fetch_all(&mut *c)
            .await)?;
        let mut found: std::collections::HashMap<AccountId, FollowRelation> =
            rows.into_iter().map(|r| (r.id, r.relation)).collect();
        // Taking each answer out of the map keeps an id asked twice from being answered twice.
        Ok(others.iter().filter_map(|id| found.remove(id).map(|rel| (*id, rel))).collect())
    }

    /// Who follows `account`, newest follow first, paginated by follow id.
    plain fn followers(c, account: AccountId, page: &PageRequest) -> Result<Vec<PageItem<Account>>, StoreError> {
        c.account_page("follows", "f.target_account_id = $1", "a.id = f.account_id", account.into(), page).await
    }

    /// Whom `account` follows, newest follow first, paginated by follow id.
    plain fn following(c, account: AccountId, page: &PageRequest) -> Result<Vec<PageItem<Account>>, StoreError> {
        c.account_page("follows", "f.account_id = $1", "a.id = f.target_account_id", account.into(), page).await
    }

    /// Who asks to follow `account`, newest request first, paginated by request id.
    plain fn follow_requests(c, account: AccountId, page: &PageRequest) -> Result<Vec<PageItem<Account>>, StoreError> {
        c.account_page("follow_requests", "f.target_account_id = $1", "a.id = f.account_id", account.into(), page)
            .await
    }

    /// Answers `requester`'s request to follow `target`: accepted, it becomes a follow (counters
    /// included); rejected, it is dropped. Returns whether there was such a request.
    atomic fn answer_follow_request(c, requester: AccountId, target: AccountId, accept: bool) -> Result<bool, StoreError> {
        let take = "DELETE FROM follow_requests WHERE account_id = $1 AND target_account_id = $2";
        let insert = "INSERT INTO follows (id, account_id, target_account_id, created_at) VALUES ($1, $2, $3, $4) \
            ON CONFLICT (account_id, target_account_id) DO NOTHING";
        let at = now();
        let taken = on_conn!(c, |tx| {
            async {
                let taken =
                    sqlx::query(take).bind(requester).bind(target).execute(&mut *tx).await?.rows_affected();
                if taken > 0 && accept {
                    let inserted = sqlx::query(insert)
                        .bind(Id::generate())
                        .bind(requester)
                        .bind(target)
                        .bind(at)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                    if inserted > 0 {
                        adjust_counts!(tx, requester, target, 1);
                    }
                }
                Ok::<bool, StoreError>(taken > 0)
            }
            .await
        })?;
        if taken {
            // Answered: the request's notification has nothing left to ask.
            let answered = "DELETE FROM notifications WHERE account_id = $1 AND from_account_id = $2 AND type = 'follow_request'";
            on_conn!(c, |c| sqlx::query(answered).bind(target).bind(requester).execute(&mut *c).await.map(|r| r.rows_affected()))?;
            c.record(Change::FollowsChanged { account_id: requester, target_id: target })?;
        }
        Ok(taken)
    }

    /// A local user with the number of follow requests waiting for them: what the signed-in user's
    /// own profile shows (`verify_credentials`), in one query since clients ask for it often.
    plain fn find_user_with_follow_requests(c, id: AccountId) -> Result<Option<(UserAccount, i64)>, StoreError> {
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS}, {USER_COLUMNS}, \
             (SELECT COUNT(*) FROM follow_requests r WHERE r.target_account_id = a.id) AS follow_requests \
             FROM accounts a JOIN users u ON u.account_id = a.id WHERE a.id = $1"
        );
        let row: Option<WithRequests> =
            on_conn!(c, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
                .bind(id)
                .fetch_optional(&mut *c)
                .await)?;
        Ok(row.map(|r| (r.user, r.follow_requests)))
    }

    /// Changes the profile of a local account; `None` when there is no such local account. Also
    /// returns the image URLs the account had before, read in the same transaction, so the caller
    /// can delete the files this update replaced once it has committed.
    atomic fn update_profile(c, id: AccountId, update: &ProfileUpdate) -> Result<Option<(Account, ProfileImageUrls)>, StoreError> {
        // The row stays locked until the update commits: no other edit slips in between, so the
        // URLs read are exactly the ones this update replaces.
        let lock = if c.backend() == super::Backend::Postgres { " FOR UPDATE" } else { "" };
        let select =
            format!("SELECT avatar_url, header_url FROM accounts WHERE id = $1 AND domain IS NULL{lock}");
        let sql = "UPDATE accounts SET display_name = COALESCE($2, display_name), note = COALESCE($3, note), \
            locked = COALESCE($4, locked), bot = COALESCE($5, bot), discoverable = COALESCE($6, discoverable), \
            fields = COALESCE($7, fields), avatar_url = COALESCE($9, avatar_url), \
            header_url = COALESCE($10, header_url), updated_at = $8 WHERE id = $1";
        let fields = update.fields.as_ref().map(Fields::to_json);
        let before: Result<Option<ProfileImageUrls>, StoreError> = on_conn!(c, |tx| {
            async {
                let before: Option<ProfileImageUrls> = sqlx::query_as(sqlx::AssertSqlSafe(select.clone()))
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
                if before.is_none() {
                    return Ok(None);
                }
                sqlx::query(sql)
                    .bind(id)
                    .bind(update.display_name.as_deref())
                    .bind(update.note.as_deref())
                    .bind(update.locked)
                    .bind(update.bot)
                    .bind(update.discoverable)
                    .bind(fields.as_deref())
                    .bind(now())
                    .bind(update.avatar_url.as_deref())
                    .bind(update.header_url.as_deref())
                    .execute(&mut *tx)
                    .await?;
                Ok::<_, StoreError>(before)
            }
            .await
        });
        let Some(before) = before? else { return Ok(None) };
        c.record(Change::AccountUpdated { account_id: id })?;
        Ok(c.find_account(id).await?.map(|account| (account, before)))
    }

    /// The avatar and header URLs of a local account; `None` when there is none. Inside a unit of
    /// work on PostgreSQL the row stays locked until it ends (SQLite's units hold the write lock),
    /// so the URLs read are still the URLs when the unit writes new ones.
    plain fn profile_image_urls(c, id: AccountId) -> Result<Option<ProfileImageUrls>, StoreError> {
        let lock = if c.backend() == super::Backend::Postgres { " FOR UPDATE" } else { "" };
        let sql = format!("SELECT avatar_url, header_url FROM accounts WHERE id = $1 AND domain IS NULL{lock}");
        on_conn!(c, |c| Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(id).fetch_optional(&mut *c).await?))
    }

    /// Sets the avatar and header URLs of a local account (the same files moved elsewhere, as
    /// `pleroctl uploads migrate` does), recording that the account changed so every node drops
    /// what it cached of it. `false` when there is no such local account.
    atomic fn set_profile_image_urls(c, id: AccountId, urls: &ProfileImageUrls) -> Result<bool, StoreError> {
        let sql = "UPDATE accounts SET avatar_url = $2, header_url = $3, updated_at = $4 WHERE id = $1 AND domain IS NULL";
        let done = on_conn!(c, |c| sqlx::query(sql)
            .bind(id)
            .bind(urls.avatar_url.as_deref())
            .bind(urls.header_url.as_deref())
            .bind(now())
            .execute(&mut *c)
            .await
            .map(|done| done.rows_affected()))?;
        if done == 0 {
            return Ok(false);
        }
        c.record(Change::AccountUpdated { account_id: id })?;
        Ok(true)
    }
}

impl Conn<'_> {
    /// Accounts joined to rows of `table` (aliased `f`) matching `condition`, keyset-paginated by the
    /// row id the way Mastodon pages (max_id, since_id, min_id).
    pub(super) async fn account_page(
        &mut self,
        table: &str,
        condition: &str,
        join: &str,
        key: Id,
        page: &PageRequest,
    ) -> Result<Vec<PageItem<Account>>, StoreError> {
        let sql = format!(
            "SELECT f.id AS cursor, {ACCOUNT_COLUMNS} FROM {table} f JOIN accounts a ON {join} WHERE {condition} \
             AND {bounds} ORDER BY f.id {order} LIMIT $5",
            bounds = page.sql_bounds("f.id", 2),
            order = page.sql_order(),
        );
        let rows: Vec<Paged> = on_conn!(self, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(key)
            .bind_page(page)
            .fetch_all(&mut *c)
            .await)?;
        Ok(page.arrange(rows.into_iter().map(|r| PageItem { cursor: r.cursor, item: r.account }).collect()))
    }
}

/// The avatar and header URLs of an account.
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct ProfileImageUrls {
    /// The avatar's URL; `None` for the default image.
    pub avatar_url: Option<String>,
    /// The header's URL; `None` for the default image.
    pub header_url: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::{count_queries, store_tests, user};

    store_tests! {
        async fn following_counts_on_both_sides_and_unfollowing_undoes_it(store: &Store) {
            let alice = user(store, "alice").await.account.id;
            let bob = user(store, "bob").await.account.id;
            assert_eq!(store.follow(alice, bob, false).await.unwrap(), FollowOutcome::Following);
            assert_eq!(store.follow(alice, bob, false).await.unwrap(), FollowOutcome::Following, "idempotent");
            assert_eq!(store.find_account(bob).await.unwrap().unwrap().followers_count, 1);
            assert_eq!(store.find_account(alice).await.unwrap().unwrap().following_count, 1);
            let rel = store.follow_relations(alice, &[bob]).await.unwrap()[0].1;
            assert!(rel.following && !rel.followed_by && !rel.requested);
            let back = store.follow_relations(bob, &[alice]).await.unwrap()[0].1;
            assert!(back.followed_by && !back.following);

            assert!(store.unfollow(alice, bob).await.unwrap());
            assert!(!store.unfollow(alice, bob).await.unwrap());
            assert_eq!(store.find_account(bob).await.unwrap().unwrap().followers_count, 0);
        }

        async fn a_follow_request_is_pending_until_followed(store: &Store) {
            let alice = user(store, "alice").await.account.id;
            let bob = user(store, "bob").await.account.id;
            assert_eq!(store.follow(alice, bob, true).await.unwrap(), FollowOutcome::Requested);
            let rel = store.follow_relations(alice, &[bob]).await.unwrap()[0].1;
            assert!(rel.requested && !rel.following);
            assert!(rel.showing_reblogs, "a pending request shows the reblog choice it follows with");
            assert!(store.follow_relations(bob, &[alice]).await.unwrap()[0].1.requested_by);
            let (user, requests) = store.find_user_with_follow_requests(bob).await.unwrap().unwrap();
            assert_eq!((user.account.id, requests), (bob, 1));
            assert_eq!(store.find_account(bob).await.unwrap().unwrap().followers_count, 0);
            let page = store.follow_requests(bob, &PageRequest::first(10)).await.unwrap();
            assert_eq!(page.iter().map(|p| p.item.id).collect::<Vec<_>>(), [alice]);

            assert!(store.answer_follow_request(alice, bob, true).await.unwrap());
            assert!(!store.answer_follow_request(alice, bob, true).await.unwrap(), "answered once");
            assert!(store.follow_relations(alice, &[bob]).await.unwrap()[0].1.following);
            assert_eq!(store.find_account(bob).await.unwrap().unwrap().followers_count, 1);
            assert_eq!(store.find_user_with_follow_requests(bob).await.unwrap().unwrap().1, 0);
        }

        async fn relations_leave_out_ids_of_no_account(store: &Store) {
            let alice = user(store, "alice").await.account.id;
            let bob = user(store, "bob").await.account.id;
            let nobody = AccountId(12345);
            let relations = store.follow_relations(alice, &[nobody, bob]).await.unwrap();
            assert_eq!(relations.iter().map(|(id, _)| *id).collect::<Vec<_>>(), [bob]);
        }

        async fn relations_of_many_ids_come_in_one_query_each_in_asked_order(store: &Store) {
            let me = user(store, "me").await.account.id;
            let mut others = Vec::new();
            for i in 0..60 {
                others.push(user(store, &format!("u{i}")).await.account.id);
            }
            // Every kind of relation among them: follows either way, requests either way.
            for (i, other) in others.iter().enumerate() {
                match i % 5 {
                    0 => { store.follow(me, *other, false).await.unwrap(); }
                    1 => { store.follow(*other, me, false).await.unwrap(); }
                    2 => { store.follow(me, *other, true).await.unwrap(); }
                    3 => { store.follow(*other, me, true).await.unwrap(); }
                    _ => {}
                }
            }
            let mut asked: Vec<AccountId> = others.iter().rev().copied().collect();
            asked.insert(7, AccountId(12345));
            asked.push(others[0]);
            let (relations, queries) = count_queries(store.follow_relations(me, &asked)).await;
            let relations = relations.unwrap();
            assert_eq!(queries, 1, "one query for {} ids", asked.len());
            let ids: Vec<AccountId> = relations.iter().map(|(id, _)| *id).collect();
            let expected: Vec<AccountId> = others.iter().rev().copied().collect();
            assert_eq!(ids, expected, "asked order, unknown id left out, a repeated id answered once");
            for (id, rel) in &relations {
                let i = others.iter().position(|o| o == id).unwrap();
                let want = match i % 5 {
                    0 => FollowRelation { following: true, showing_reblogs: true, ..Default::default() },
                    1 => FollowRelation { followed_by: true, ..Default::default() },
                    2 => FollowRelation { requested: true, showing_reblogs: true, ..Default::default() },
                    3 => FollowRelation { requested_by: true, ..Default::default() },
                    _ => FollowRelation::default(),
                };
                assert_eq!(*rel, want, "relation with u{i}");
            }
            let (one, queries) = count_queries(store.follow_relations(me, &others[..1])).await;
            assert_eq!((one.unwrap().len(), queries), (1, 1), "as many queries for one id as for sixty");
            let (none, queries) = count_queries(store.follow_relations(me, &[])).await;
            assert_eq!((none.unwrap().len(), queries), (0, 0), "no ids, no query");
        }

        async fn a_rejected_follow_request_leaves_no_follow(store: &Store) {
            let alice = user(store, "alice").await.account.id;
            let bob = user(store, "bob").await.account.id;
            store.follow(alice, bob, true).await.unwrap();
            assert!(store.answer_follow_request(alice, bob, false).await.unwrap());
            let rel = store.follow_relations(alice, &[bob]).await.unwrap()[0].1;
            assert!(!rel.following && !rel.requested);
            assert_eq!(store.find_account(bob).await.unwrap().unwrap().followers_count, 0);
        }

        async fn followers_page_newest_first_by_follow_id(store: &Store) {
            let target = user(store, "target").await.account.id;
            let mut followers = Vec::new();
            for nick in ["f1", "f2", "f3"] {
                let id = user(store, nick).await.account.id;
                store.follow(id, target, false).await.unwrap();
                followers.push(id);
            }
            let page = store.followers(target, &PageRequest::first(2)).await.unwrap();
            let ids: Vec<AccountId> = page.iter().map(|p| p.item.id).collect();
            assert_eq!(ids, [followers[2], followers[1]]);
            let older = PageRequest { max_id: Some(page[1].cursor), ..PageRequest::first(2) };
            let rest = store.followers(target, &older).await.unwrap();
            assert_eq!(rest.iter().map(|p| p.item.id).collect::<Vec<_>>(), [followers[0]]);
            let newer = PageRequest { min_id: Some(rest[0].cursor), ..PageRequest::first(1) };
            let next = store.followers(target, &newer).await.unwrap();
            assert_eq!(next.iter().map(|p| p.item.id).collect::<Vec<_>>(), [followers[1]]);
            let following = store.following(followers[0], &PageRequest::first(10)).await.unwrap();
            assert_eq!(following[0].item.id, target);
        }

        async fn a_profile_update_changes_only_what_is_given(store: &Store) {
            let alice = user(store, "alice").await.account.id;
            let fields = Fields(vec![crate::model::account::Field {
                name: "Pronouns".into(),
                value: "she/her".into(),
                verified_at: None,
            }]);
            let update = ProfileUpdate {
                display_name: Some("Alice".into()),
                locked: Some(true),
                fields: Some(fields.clone()),
                ..Default::default()
            };
            let (account, _) = store.update_profile(alice, &update).await.unwrap().unwrap();
            assert_eq!((account.display_name.as_str(), account.locked), ("Alice", true));
            assert_eq!(account.fields, fields);
            let note = ProfileUpdate { note: Some("bio".into()), ..Default::default() };
            let (account, _) = store.update_profile(alice, &note).await.unwrap().unwrap();
            assert_eq!((account.display_name.as_str(), account.note.as_str()), ("Alice", "bio"));
        }

        async fn a_profile_update_tells_which_images_it_replaced(store: &Store) {
            let alice = user(store, "alice").await.account.id;
            let first = ProfileUpdate { avatar_url: Some("https://s.example/media/a1".into()), ..Default::default() };
            let (_, before) = store.update_profile(alice, &first).await.unwrap().unwrap();
            assert_eq!(before, ProfileImageUrls::default(), "no images yet");
            let second = ProfileUpdate {
                avatar_url: Some("https://s.example/media/a2".into()),
                header_url: Some("https://s.example/media/h1".into()),
                ..Default::default()
            };
            let (account, before) = store.update_profile(alice, &second).await.unwrap().unwrap();
            assert_eq!(before.avatar_url.as_deref(), Some("https://s.example/media/a1"));
            assert_eq!(before.header_url, None);
            assert_eq!(account.avatar_url.as_deref(), Some("https://s.example/media/a2"));
            assert!(store.update_profile(AccountId(i64::MAX), &second).await.unwrap().is_none(), "no such account");
        }

        async fn image_urls_move_in_the_callers_unit_of_work_and_tell_every_node(store: &Store) {
            let alice = user(store, "alice").await.account.id;
            let local = ProfileUpdate { avatar_url: Some("https://s.example/media/a1".into()), ..Default::default() };
            store.update_profile(alice, &local).await.unwrap().unwrap();
            let before = store.profile_image_urls(alice).await.unwrap().unwrap();
            let moved = ProfileImageUrls { avatar_url: Some("https://cdn.example/a1".into()), header_url: None };

            let mut tx = store.begin().await.unwrap();
            assert_eq!(tx.profile_image_urls(alice).await.unwrap(), Some(before.clone()));
            assert!(tx.set_profile_image_urls(alice, &moved).await.unwrap());
            drop(tx);
            assert_eq!(store.profile_image_urls(alice).await.unwrap(), Some(before), "rolled back: unchanged");

            let cursor = crate::store::testing::end_of_stream(store).await;
            let mut tx = store.begin().await.unwrap();
            assert!(tx.set_profile_image_urls(alice, &moved).await.unwrap());
            tx.commit().await.unwrap();
            assert_eq!(store.profile_image_urls(alice).await.unwrap(), Some(moved.clone()));
            let kinds = crate::store::testing::changes_after(store, cursor).await;
            assert_eq!(kinds, [Change::AccountUpdated { account_id: alice }]);

            assert!(!store.set_profile_image_urls(AccountId(i64::MAX), &moved).await.unwrap(), "no such account");
            assert_eq!(store.profile_image_urls(AccountId(i64::MAX)).await.unwrap(), None);
        }
    }
}
