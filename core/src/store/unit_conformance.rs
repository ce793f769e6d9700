//! Units of work and change events, on both backends: one commit or none, an event for every change
//! that other parts of the system hear of, positions in commit order, and a feed that delivers
//! another node's commits.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::testing::{
    another_node, changes_after, end_of_stream, new_local_account, settled_after, store_tests,
    user as new_user,
};
use super::{Store, StoreError};
use crate::events::{Change, ChangeFeed, Event, FeedSettings};
use crate::model::{AccountFilter, JobState, NewJob, UserFlags};

const PUBLIC_KEY: &str = "-----BEGIN PUBLIC KEY-----\n...\n-----END PUBLIC KEY-----\n";

fn job() -> NewJob {
    NewJob {
        queue: "default".into(),
        kind: "deliver".into(),
        payload: "{}".into(),
        run_at: None,
        max_attempts: 3,
        unique_key: None,
    }
}

/// Starts a feed on `store` and collects what it delivers.
async fn collecting_feed(store: &Store) -> (ChangeFeed, Arc<Mutex<Vec<Event>>>) {
    let feed = ChangeFeed::start(store.clone(), FeedSettings { retention: Duration::from_secs(3600) })
        .await
        .expect("the feed starts");
    let seen: Arc<Mutex<Vec<Event>>> = Arc::default();
    let sink = seen.clone();
    feed.subscribe(move |event| sink.lock().unwrap().push(event.clone()));
    (feed, seen)
}

/// The changes among `events`.
fn changes(events: &[Event]) -> Vec<Change> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Change { change, .. } => Some(change.clone()),
            Event::Resync => None,
        })
        .collect()
}

/// Waits (at most 20 s, a bound for loaded machines, not a speed requirement) until `events` holds
/// `n` changes.
async fn until_changes(events: &Mutex<Vec<Event>>, n: usize) -> Vec<Change> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let got = changes(&events.lock().unwrap());
        if got.len() >= n || tokio::time::Instant::now() > deadline {
            return got;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

store_tests! {
    async fn a_unit_of_work_commits_its_rows_jobs_and_events_together(store: &Store) {
        let start = end_of_stream(store).await;
        let mut tx = store.begin().await.unwrap();
        let alice = tx.create_local_user(&new_local_account("alice", PUBLIC_KEY, "private")).await.unwrap();
        tx.update_user(alice.account.id, &UserFlags { moderator: Some(true), ..Default::default() })
            .await
            .unwrap();
        let job = tx.enqueue(&job()).await.unwrap().into_job();
        assert!(store.find_user_by_nickname("alice").await.unwrap().is_none(), "nothing shows before commit");
        let positions = tx.commit().await.unwrap();

        assert_eq!(positions.len(), 2);
        assert!(positions[1] > positions[0], "{positions:?}");
        assert!(store.find_user_by_nickname("alice").await.unwrap().unwrap().user.moderator);
        assert_eq!(store.find_job(job.id).await.unwrap().unwrap().state, JobState::Queued);
        assert_eq!(
            changes_after(store, start).await,
            [
                Change::AccountCreated { account_id: alice.account.id },
                Change::AccountUpdated { account_id: alice.account.id }
            ]
        );
    }

    async fn a_unit_dropped_before_its_commit_leaves_nothing_behind(store: &Store) {
        let start = end_of_stream(store).await;
        {
            let mut tx = store.begin().await.unwrap();
            tx.create_local_user(&new_local_account("bob", PUBLIC_KEY, "private")).await.unwrap();
            tx.enqueue(&job()).await.unwrap();
            // Dropped: a use case that failed halfway.
        }
        let mut tx = store.begin().await.unwrap();
        tx.create_local_user(&new_local_account("carol", PUBLIC_KEY, "private")).await.unwrap();
        tx.rollback().await.unwrap();

        assert!(store.list_accounts(&AccountFilter::default()).await.unwrap().is_empty());
        assert!(store.queue_depths().await.unwrap().is_empty(), "no job was kept");
        assert!(changes_after(store, start).await.is_empty(), "no event was kept");
    }

    async fn every_change_other_parts_hear_of_records_its_event(store: &Store) {
        let alice = new_user(store, "alice").await;
        let bob = new_user(store, "bob").await;
        let (a, b) = (alice.account.id, bob.account.id);
        let start = end_of_stream(store).await;
        store.set_deactivated(a, true).await.unwrap();
        store.set_deactivated(a, false).await.unwrap();
        store.revoke_account_tokens(a).await.unwrap();
        store.follow(a, b, false).await.unwrap();
        store.unfollow(a, b).await.unwrap();
        store.delete_account(b).await.unwrap();
        let changes = changes_after(store, start).await;
        let notified: Vec<_> = changes
            .iter()
            .filter_map(|c| match c {
                Change::NotificationCreated { account_id, .. } => Some(*account_id),
                _ => None,
            })
            .collect();
        assert_eq!(notified, [b], "the follow notified bob");
        assert_eq!(
            changes.into_iter().filter(|c| !matches!(c, Change::NotificationCreated { .. })).collect::<Vec<_>>(),
            [
                Change::AccountDeactivated { account_id: a },
                Change::AccountActivated { account_id: a },
                Change::FollowsChanged { account_id: a, target_id: b },
                Change::FollowsChanged { account_id: a, target_id: b },
                Change::AccountDeleted { account_id: b },
            ],
            "revoking no token records nothing; each other change records one event"
        );
    }

    async fn an_event_recorded_outside_a_unit_of_work_is_an_error_not_a_loss(store: &Store) {
        let mut held = store.acquire().await.unwrap();
        let err = held.conn().record(Change::AccountCreated { account_id: crate::model::AccountId(1) });
        assert!(matches!(err, Err(StoreError::NoUnitOfWork)), "{err:?}");
    }

    async fn concurrent_units_make_positions_visible_in_commit_order(store: &Store) {
        // Many writers commit at once while a reader keeps reading what is after the last position
        // it saw: it must end with every event exactly once (a position committed after a larger
        // one was read would be skipped for ever).
        let writers = 8;
        let per_writer = 25;
        let start = end_of_stream(store).await;
        let mut tasks = Vec::new();
        for _ in 0..writers {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                for _ in 0..per_writer {
                    let mut tx = store.begin().await.unwrap();
                    let account_id = crate::model::AccountId::generate();
                    tx.conn().record(Change::AccountUpdated { account_id }).unwrap();
                    tx.commit().await.unwrap();
                }
            }));
        }
        let reader = {
            let store = store.clone();
            tokio::spawn(async move {
                let (mut last, mut seen) = (start, std::collections::BTreeSet::new());
                while seen.len() < writers * per_writer {
                    for c in store.changes_after(last, 100).await.unwrap().changes {
                        assert!(c.cursor() > last, "the stream only goes forward");
                        last = c.cursor();
                        assert!(seen.insert(c.position), "position {} was read twice", c.position);
                    }
                    tokio::task::yield_now().await;
                }
                seen
            })
        };
        for task in tasks {
            task.await.unwrap();
        }
        let seen = tokio::time::timeout(Duration::from_secs(60), reader)
            .await
            .expect("the reader saw every committed event")
            .unwrap();
        assert_eq!(seen.len(), writers * per_writer);
    }

    async fn pruned_events_are_gone_and_positions_go_on_after_them(store: &Store) {
        let start = end_of_stream(store).await;
        let alice = new_user(store, "alice").await;
        store.set_deactivated(alice.account.id, true).await.unwrap();
        let before: Vec<i64> = settled_after(store, start).await.iter().map(|c| c.position).collect();
        assert_eq!(before.len(), 2);
        let kept = store.prune_changes(chrono::Utc::now() - chrono::Duration::hours(1)).await.unwrap();
        assert_eq!(kept, 0, "events younger than the retention period stay");
        let pruned = store.prune_changes(chrono::Utc::now() + chrono::Duration::hours(1)).await.unwrap();
        assert_eq!(pruned, 2);
        assert!(changes_after(store, start).await.is_empty());
        store.set_deactivated(alice.account.id, false).await.unwrap();
        let after = settled_after(store, start).await;
        assert_eq!(after.len(), 1);
        assert!(after[0].position > before[1], "a position is never handed out again");
    }

    async fn a_feed_delivers_what_another_node_commits_in_order(store: &Store) {
        let node = another_node(store);
        let (_feed, seen) = collecting_feed(&node).await;
        let alice = new_user(store, "alice").await;
        store.set_deactivated(alice.account.id, true).await.unwrap();
        let got = until_changes(&seen, 2).await;
        assert_eq!(
            got,
            [
                Change::AccountCreated { account_id: alice.account.id },
                Change::AccountDeactivated { account_id: alice.account.id }
            ]
        );
        node.close().await;
    }

    async fn a_feed_applies_its_own_nodes_commits_before_caught_up_returns(store: &Store) {
        let (feed, seen) = collecting_feed(store).await;
        feed.caught_up().await;
        let alice = new_user(store, "alice").await;
        feed.caught_up().await;
        assert_eq!(changes(&seen.lock().unwrap()), [Change::AccountCreated { account_id: alice.account.id }]);
    }
}

#[tokio::test]
async fn a_postgres_feed_reconnects_after_its_listen_connection_is_killed_and_catches_up() {
    let db = super::testing::TestDb::postgres().await;
    let store = &db.store;
    let node = another_node(store);
    let (feed, seen) = collecting_feed(&node).await;
    let super::Pool::Postgres(pool) = &store.pool else { unreachable!("a PostgreSQL store") };
    let killed: Vec<bool> = sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE application_name = $1 AND datname = current_database()",
    )
    .bind(crate::events::feed::LISTENER_APPLICATION_NAME)
    .fetch_all(pool)
    .await
    .unwrap();
    assert_eq!(killed, [true], "the feed's LISTEN connection was found and terminated");

    // Committed while the node has no LISTEN connection.
    let alice = new_user(store, "alice").await;
    let got = until_changes(&seen, 1).await;
    assert_eq!(got, [Change::AccountCreated { account_id: alice.account.id }]);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while feed.stats().reconnects.load(std::sync::atomic::Ordering::Relaxed) == 0 {
        assert!(tokio::time::Instant::now() < deadline, "the feed never counted its reconnect");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(seen.lock().unwrap().contains(&Event::Resync), "subscribers are told to drop their caches");
    let listening: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()",
    )
    .bind(crate::events::feed::LISTENER_APPLICATION_NAME)
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(listening, 1, "one LISTEN connection again");

    // And NOTIFY works on the new connection.
    store.set_deactivated(alice.account.id, true).await.unwrap();
    let got = until_changes(&seen, 2).await;
    assert_eq!(got[1], Change::AccountDeactivated { account_id: alice.account.id });
    drop(feed);
    node.close().await;
    store.close().await;
}
