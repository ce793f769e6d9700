//! The storage conformance suite: every case runs on SQLite and on PostgreSQL.

use super::testing::{count_queries, registration, store_tests, urls, user as new_user};
use super::{Conflict, JobChange, JobFilter, MigrationState, Store, StoreError, on_pool};
use crate::accounts::{Registration, RegistrationError, register};
use crate::auth::{BearerSecret, Scopes};
use crate::model::{
    AccountFilter, ActorEndpoints, JobState, Lease, NewInvite, NewJob, NewRemoteAccount, UserAccount,
    UserFlags,
};
use crate::store::oauth::{NewAuthorization, NewOAuthApp, NewToken};

fn remote(nickname: &str, domain: &str) -> NewRemoteAccount {
    let actor = format!("https://{domain}/users/{nickname}");
    NewRemoteAccount {
        nickname: nickname.into(),
        domain: domain.into(),
        display_name: "Remote".into(),
        endpoints: ActorEndpoints {
            actor_url: actor.clone(),
            url: format!("https://{domain}/@{nickname}"),
            inbox_url: format!("{actor}/inbox"),
            outbox_url: format!("{actor}/outbox"),
            shared_inbox_url: Some(format!("https://{domain}/inbox")),
            followers_url: format!("{actor}/followers"),
            following_url: format!("{actor}/following"),
            featured_url: None,
            public_key_id: format!("{actor}#main-key"),
            public_key_pem: "-----BEGIN PUBLIC KEY-----\n...\n-----END PUBLIC KEY-----\n".into(),
        },
        discoverable: true,
        ..Default::default()
    }
}

fn job(queue: &str, max_attempts: i32) -> NewJob {
    NewJob {
        queue: queue.into(),
        kind: "deliver".into(),
        payload: r#"{"inbox":"https://remote.example/inbox"}"#.into(),
        run_at: None,
        max_attempts,
        unique_key: None,
    }
}

/// The lease claims take in these tests.
const LEASE: std::time::Duration = std::time::Duration::from_secs(60);

/// An app and an unused authorization code of `user` for it.
async fn new_code(store: &Store, user: &UserAccount) -> BearerSecret {
    let app = store
        .create_app(&NewOAuthApp {
            name: "Code app".into(),
            website: None,
            redirect_uris: "urn:ietf:wg:oauth:2.0:oob".into(),
            scopes: Scopes::parse("read").unwrap(),
            client_id: BearerSecret::generate().expose().to_string(),
            client_secret_hash: BearerSecret::generate().hash(),
            owner_account_id: None,
        })
        .await
        .unwrap();
    let code = BearerSecret::generate();
    store
        .create_authorization(&NewAuthorization {
            app_id: app.id,
            account_id: user.account.id,
            code_hash: code.hash(),
            redirect_uri: "urn:ietf:wg:oauth:2.0:oob".into(),
            redirect_uri_named: true,
            scopes: Scopes::parse("read").unwrap(),
            code_challenge: None,
            expires_at: chrono::Utc::now() + chrono::Duration::minutes(10),
        })
        .await
        .unwrap();
    code
}

async fn new_token(store: &Store, user: &UserAccount) -> BearerSecret {
    let secret = BearerSecret::generate();
    store
        .create_token(&NewToken {
            app_id: None,
            account_id: Some(user.account.id),
            token_hash: secret.hash(),
            refresh_token_hash: None,
            scopes: Scopes::default_scopes(),
            expires_at: None,
        })
        .await
        .expect("token is stored");
    secret
}

store_tests! {
    async fn a_migrated_database_has_nothing_pending(store: &Store) {
        assert_eq!(store.pending_migrations().await.unwrap(), vec![]);
        let status = store.migration_status().await.unwrap();
        assert!(!status.is_empty());
        assert!(status.iter().all(|m| m.state == MigrationState::Applied && m.applied_at.is_some()));
        assert_eq!(store.migrate(&mut |_| {}).await.unwrap(), vec![], "a second migrate applies nothing");
    }

    async fn reverting_everything_leaves_all_pending_and_migrating_again_works(store: &Store) {
        let known = store.known_migrations();
        let reverted = store.revert(Some(0), &mut |_| {}).await.unwrap();
        assert_eq!(reverted.len(), known.len());
        assert_eq!(store.pending_migrations().await.unwrap(), known);
        assert_eq!(store.migrate(&mut |_| {}).await.unwrap(), known);
        new_user(store, "alice").await;
    }

    async fn a_registered_user_is_found_by_nickname_in_any_case_and_by_email(store: &Store) {
        let alice = new_user(store, "Alice").await;
        assert_eq!(alice.account.nickname, "Alice");
        assert_eq!(alice.account.endpoints.actor_url, "https://social.example/users/Alice");
        assert!(alice.account.endpoints.public_key_pem.starts_with("-----BEGIN PUBLIC KEY-----"));
        assert!(alice.account.is_local());
        let by_nick = store.find_user_by_nickname("aLiCe").await.unwrap().expect("found");
        assert_eq!(by_nick, alice);
        let by_email = store.find_user_by_email("ALICE@mail.example").await.unwrap().expect("found");
        assert_eq!(by_email.account.id, alice.account.id);
        assert_eq!(store.find_account(alice.account.id).await.unwrap(), Some(alice.account.clone()));
        let key = store.account_private_key(alice.account.id).await.unwrap().expect("local key");
        assert!(key.starts_with("-----BEGIN PRIVATE KEY-----"));
        assert!(store.find_user_by_nickname("bob").await.unwrap().is_none());
    }

    async fn the_stored_password_hash_verifies_the_password(store: &Store) {
        let alice = new_user(store, "alice").await;
        let hash = store.password_hash(alice.account.id).await.unwrap().expect("has a hash");
        assert!(crate::store::testing::password_matches(crate::store::testing::PASSWORD, &hash));
        assert!(!crate::store::testing::password_matches("wrong", &hash));
    }

    async fn nicknames_are_unique_case_insensitively(store: &Store) {
        new_user(store, "alice").await;
        let mut again = registration("ALICE");
        again.email = "other@mail.example".into();
        let err = register(store, &urls(), again).await.unwrap_err();
        assert!(matches!(err, RegistrationError::NicknameTaken(_)), "{err}");
    }

    async fn emails_are_unique_case_insensitively(store: &Store) {
        new_user(store, "alice").await;
        let mut again = registration("bob");
        again.email = "Alice@Mail.Example".into();
        let err = register(store, &urls(), again).await.unwrap_err();
        assert!(matches!(err, RegistrationError::EmailTaken(_)), "{err}");
    }

    async fn the_unique_index_names_the_taken_nickname_under_a_race(store: &Store) {
        // Bypasses the service's early check, as a concurrent registration would. The same
        // nickname also makes the same actor URL, whose index SQLite checks first.
        let alice = new_user(store, "alice").await;
        for nickname in ["alice", "ALICE"] {
            let keys = crate::accounts::keys::generate().unwrap();
            let new =
                crate::store::testing::new_local_account(nickname, &keys.public_pem, keys.private_pem.as_str());
            let new = crate::model::NewLocalAccount { email: "x@mail.example".into(), ..new };
            let err = store.create_local_user(&new).await.unwrap_err();
            assert!(matches!(err, StoreError::Conflict(Conflict::NicknameTaken)), "{nickname}: {err}");
        }
        assert_eq!(store.list_accounts(&AccountFilter::default()).await.unwrap().len(), 1);
        assert!(store.find_user_by_nickname("alice").await.unwrap().is_some_and(|u| u == alice));
    }

    async fn the_unique_index_names_the_taken_email_under_a_race(store: &Store) {
        // As above: a second registration whose early check ran before the first one committed.
        new_user(store, "alice").await;
        let keys = crate::accounts::keys::generate().unwrap();
        let new = crate::store::testing::new_local_account("bob", &keys.public_pem, keys.private_pem.as_str());
        let taken = store.find_user_by_nickname("alice").await.unwrap().unwrap().user.email.to_uppercase();
        let err = store.create_local_user(&crate::model::NewLocalAccount { email: taken, ..new }).await.unwrap_err();
        assert!(matches!(err, StoreError::Conflict(Conflict::EmailTaken)), "{err}");
        assert!(store.find_user_by_nickname("bob").await.unwrap().is_none(), "nothing of bob was kept");
    }

    async fn two_remote_actors_cannot_share_a_nickname_on_one_domain(store: &Store) {
        store.upsert_remote_account(&remote("carol", "remote.example")).await.unwrap();
        let mut other = remote("Carol", "remote.example");
        other.endpoints.actor_url = "https://remote.example/actors/2".into();
        let err = store.upsert_remote_account(&other).await.unwrap_err();
        assert!(matches!(err, StoreError::Conflict(Conflict::NicknameTaken)), "{err}");
    }

    async fn a_second_follow_row_is_a_typed_conflict(store: &Store) {
        // The store's own follows are idempotent (ON CONFLICT DO NOTHING); a plain insert shows
        // that both backends' spellings of these constraints map to the same conflict.
        let alice = new_user(store, "alice").await.account.id;
        let bob = new_user(store, "bob").await.account.id;
        for (table, expected) in
            [("follows", Conflict::AlreadyFollowing), ("follow_requests", Conflict::AlreadyRequested)]
        {
            let sql = format!(
                "INSERT INTO {table} (id, account_id, target_account_id, created_at) VALUES ($1, $2, $3, $4)"
            );
            let insert = || async {
                let sql = sqlx::AssertSqlSafe(sql.clone());
                let at = chrono::Utc::now();
                let id = crate::model::Id::generate();
                on_pool!(store, |pool| sqlx::query(sql).bind(id).bind(alice).bind(bob).bind(at).execute(pool).await.map(|_| ()))
                    .map_err(StoreError::from)
            };
            insert().await.unwrap();
            let err = insert().await.unwrap_err();
            assert!(matches!(&err, StoreError::Conflict(c) if c == &expected), "{table}: {err}");
        }
    }

    async fn following_an_account_deleted_meanwhile_is_a_missing_reference(store: &Store) {
        // The service checked that the target exists; it was deleted before the follow was written.
        let alice = new_user(store, "alice").await.account.id;
        let gone = new_user(store, "bob").await.account.id;
        store.delete_account(gone).await.unwrap();
        for request in [false, true] {
            let err = store.follow(alice, gone, request).await.unwrap_err();
            assert!(matches!(err, StoreError::Conflict(Conflict::ReferenceGone)), "request {request}: {err}");
        }
        let alice_now = store.find_account(alice).await.unwrap().unwrap();
        assert_eq!(alice_now.following_count, 0, "the refused follow left no count behind");
    }

    async fn listing_filters_by_role_and_state(store: &Store) {
        let alice = new_user(store, "alice").await;
        let bob = new_user(store, "bob").await;
        let carol = new_user(store, "carol").await;
        store.update_user(alice.account.id, &UserFlags { admin: Some(true), ..Default::default() }).await.unwrap();
        store.update_user(bob.account.id, &UserFlags { moderator: Some(true), ..Default::default() }).await.unwrap();
        store.set_deactivated(carol.account.id, true).await.unwrap();
        let nicks = |filter: AccountFilter| async move {
            store
                .list_accounts(&filter)
                .await
                .unwrap()
                .into_iter()
                .map(|a| a.account.nickname)
                .collect::<Vec<_>>()
        };
        assert_eq!(nicks(AccountFilter::default()).await, ["alice", "bob", "carol"]);
        assert_eq!(nicks(AccountFilter { admins: true, ..Default::default() }).await, ["alice"]);
        assert_eq!(nicks(AccountFilter { moderators: true, ..Default::default() }).await, ["bob"]);
        assert_eq!(nicks(AccountFilter { deactivated: true, ..Default::default() }).await, ["carol"]);
        assert_eq!(nicks(AccountFilter { local: Some(false), ..Default::default() }).await, Vec::<String>::new());
        assert_eq!(nicks(AccountFilter { local: Some(true), ..Default::default() }).await.len(), 3);
    }

    async fn a_pending_sign_up_is_listed_until_approved(store: &Store) {
        use crate::accounts::manage;
        new_user(store, "alice").await;
        let waiting = register(store, &urls(), Registration { approved: false, ..registration("dave") })
            .await
            .unwrap();
        assert_eq!(waiting.may_sign_in(), Err(crate::model::LoginRefusal::Pending));
        let pending = AccountFilter { pending: true, ..Default::default() };
        let listed = store.list_accounts(&pending).await.unwrap();
        assert_eq!(listed.iter().map(|a| a.account.nickname.as_str()).collect::<Vec<_>>(), ["dave"]);
        let approved = manage::approve(store, waiting.account.id).await.unwrap();
        assert_eq!(approved.may_sign_in(), Ok(()));
        assert!(store.list_accounts(&pending).await.unwrap().is_empty());
    }

    async fn setting_flags_changes_only_what_is_given(store: &Store) {
        let alice = new_user(store, "alice").await;
        let flags = UserFlags {
            admin: Some(true),
            locked: Some(true),
            confirmed: Some(false),
            display_name: Some("Alice A.".into()),
            ..Default::default()
        };
        let after = store.update_user(alice.account.id, &flags).await.unwrap().expect("exists");
        assert!(after.user.admin);
        assert!(!after.user.moderator);
        assert!(after.account.locked);
        assert!(!after.user.is_confirmed());
        assert_eq!(after.account.display_name, "Alice A.");
        assert_eq!(after.account.note, alice.account.note);
        let again = store
            .update_user(alice.account.id, &UserFlags { confirmed: Some(true), ..Default::default() })
            .await
            .unwrap()
            .unwrap();
        assert!(again.user.is_confirmed());
        assert!(again.user.admin, "admin is kept");
        assert_eq!(store.update_user(crate::model::AccountId(1), &flags).await.unwrap(), None);
    }

    async fn a_tokens_login_state_follows_deactivation_and_confirmation(store: &Store) {
        use crate::model::LoginRefusal;
        let alice = new_user(store, "alice").await;
        let token = new_token(store, &alice).await;
        let refusal = || async {
            let live = store.find_live_token(&token.hash()).await.unwrap().expect("live");
            live.login_state().expect("a user's token").check()
        };
        assert_eq!(refusal().await, Ok(()));
        let off = store.set_deactivated(alice.account.id, true).await.unwrap().unwrap();
        assert!(off.user.is_deactivated());
        assert_eq!(refusal().await, Err(LoginRefusal::Disabled));
        store.set_deactivated(alice.account.id, false).await.unwrap();
        assert_eq!(refusal().await, Ok(()));
        let unconfirm = UserFlags { confirmed: Some(false), ..Default::default() };
        store.update_user(alice.account.id, &unconfirm).await.unwrap();
        assert_eq!(refusal().await, Err(LoginRefusal::Unconfirmed));
        let refresh = store.find_token_by_refresh_hash(&token.hash()).await.unwrap();
        assert!(refresh.is_none(), "an access token is not a refresh token");
    }

    async fn signing_out_revokes_every_token_of_the_account_only(store: &Store) {
        let alice = new_user(store, "alice").await;
        let bob = new_user(store, "bob").await;
        let a1 = new_token(store, &alice).await;
        let a2 = new_token(store, &alice).await;
        let b1 = new_token(store, &bob).await;
        assert_eq!(store.revoke_account_tokens(alice.account.id).await.unwrap(), 2);
        assert!(store.find_live_token(&a1.hash()).await.unwrap().is_none());
        assert!(store.find_live_token(&a2.hash()).await.unwrap().is_none());
        assert!(store.find_live_token(&b1.hash()).await.unwrap().is_some());
        assert_eq!(store.revoke_account_tokens(alice.account.id).await.unwrap(), 0);
    }

    async fn concurrent_transactions_that_read_then_write_all_succeed(store: &Store) {
        let mut ids = Vec::new();
        for i in 0..12 {
            ids.push(new_user(store, &format!("user{i}")).await.account.id);
        }
        // delete_account reads before it writes: the case where a deferred SQLite transaction
        // would fail with "database is locked" instead of waiting.
        let mut deletions = tokio::task::JoinSet::new();
        for id in ids {
            let store = store.clone();
            deletions.spawn(async move { store.delete_account(id).await });
        }
        while let Some(result) = deletions.join_next().await {
            assert!(result.unwrap().unwrap().is_some());
        }
        assert!(store.list_accounts(&AccountFilter::default()).await.unwrap().is_empty());
    }

    async fn signing_out_voids_authorization_codes_not_yet_exchanged(store: &Store) {
        let alice = new_user(store, "alice").await;
        let bob = new_user(store, "bob").await;
        let alices = new_code(store, &alice).await;
        let bobs = new_code(store, &bob).await;
        store.revoke_account_tokens(alice.account.id).await.unwrap();
        assert!(store.consume_authorization(&alices.hash()).await.unwrap().is_none());
        assert!(store.consume_authorization(&bobs.hash()).await.unwrap().is_some(), "bob's code still works");
    }

    async fn a_password_change_signs_out_tokens_and_codes_in_one_go(store: &Store) {
        use crate::accounts::manage;
        let alice = new_user(store, "alice").await;
        let token = new_token(store, &alice).await;
        let code = new_code(store, &alice).await;
        manage::set_password(store, alice.account.id, "a new long password").await.unwrap();
        assert!(store.find_live_token(&token.hash()).await.unwrap().is_none());
        assert!(store.consume_authorization(&code.hash()).await.unwrap().is_none());
        let hash = store.password_hash(alice.account.id).await.unwrap().unwrap();
        assert!(crate::store::testing::password_matches("a new long password", &hash));
    }

    async fn deleting_an_account_takes_its_content_and_fixes_follow_counts(store: &Store) {
        let alice = new_user(store, "alice").await;
        let bob = new_user(store, "bob").await;
        let token = new_token(store, &alice).await;
        let now = crate::model::time::now();
        crate::store::on_pool!(store, |pool| {
            sqlx::query("INSERT INTO statuses (id, account_id, uri, visibility, local, created_at) VALUES ($1, $2, $3, 'public', TRUE, $4)")
                .bind(crate::model::StatusId::generate())
                .bind(alice.account.id)
                .bind("https://social.example/objects/1")
                .bind(now)
                .execute(pool)
                .await
                .unwrap();
        });
        // Follows made the way the API makes them, so the counters are the store's own.
        store.follow(alice.account.id, bob.account.id, false).await.unwrap();
        store.follow(bob.account.id, alice.account.id, false).await.unwrap();
        let bob_before = store.find_account(bob.account.id).await.unwrap().unwrap();
        assert_eq!((bob_before.followers_count, bob_before.following_count), (1, 1));
        let deletion = store.delete_account(alice.account.id).await.unwrap().expect("existed");
        assert_eq!((deletion.statuses, deletion.tokens), (1, 1));
        assert!(store.find_user_by_nickname("alice").await.unwrap().is_none());
        assert!(store.find_token_by_hash(&token.hash()).await.unwrap().is_none());
        let bob_after = store.find_account(bob.account.id).await.unwrap().unwrap();
        assert_eq!((bob_after.followers_count, bob_after.following_count), (0, 0));
        let statuses: i64 = crate::store::on_pool!(store, |pool| sqlx::query_scalar("SELECT count(*) FROM statuses").fetch_one(pool).await.unwrap());
        assert_eq!(statuses, 0);
        assert_eq!(store.delete_account(alice.account.id).await.unwrap(), None);
    }

    async fn an_invite_is_used_up_after_max_uses(store: &Store) {
        let invite = store.create_invite(&NewInvite { max_uses: Some(1), ..Default::default() }).await.unwrap();
        assert_eq!(invite.code.len(), 12);
        let mut first = registration("alice");
        first.invite_code = Some(invite.code.clone());
        let alice = register(store, &urls(), first).await.unwrap();
        assert_eq!(alice.user.invite_id, Some(invite.id));
        let mut second = registration("bob");
        second.invite_code = Some(invite.code.clone());
        let jobs = crate::crypto::pool().stats().accepted;
        let err = register(store, &urls(), second).await.unwrap_err();
        assert!(matches!(err, RegistrationError::InviteNotUsable), "{err}");
        assert_eq!(crate::crypto::pool().stats().accepted, jobs, "refused before any hashing or key generation");
        assert!(store.find_user_by_nickname("bob").await.unwrap().is_none(), "nothing half written");
        assert_eq!(store.find_invite(&invite.code).await.unwrap().unwrap().uses, 1);
    }

    async fn a_revoked_or_expired_invite_cannot_be_used(store: &Store) {
        let revoked = store.create_invite(&NewInvite::default()).await.unwrap();
        assert!(store.revoke_invite(&revoked.code).await.unwrap().unwrap().revoked_at.is_some());
        let expired = store
            .create_invite(&NewInvite { expires_at: Some(chrono::Utc::now() - chrono::Duration::hours(1)), ..Default::default() })
            .await
            .unwrap();
        let jobs = crate::crypto::pool().stats().accepted;
        for code in [&revoked.code, &expired.code, &"nosuchcode".to_string()] {
            let mut r = registration("alice");
            r.invite_code = Some(code.clone());
            assert!(matches!(register(store, &urls(), r).await, Err(RegistrationError::InviteNotUsable)));
        }
        assert_eq!(crate::crypto::pool().stats().accepted, jobs, "refused before any hashing or key generation");
        assert_eq!(store.list_invites().await.unwrap().len(), 2);
        assert_eq!(store.revoke_invite("nosuchcode").await.unwrap(), None);
    }

    async fn an_app_is_found_by_client_id_and_checks_its_secret(store: &Store) {
        let secret = BearerSecret::generate();
        let app = store
            .create_app(&NewOAuthApp {
                name: "Test app".into(),
                website: None,
                redirect_uris: "urn:ietf:wg:oauth:2.0:oob".into(),
                scopes: Scopes::parse("read write").unwrap(),
                client_id: BearerSecret::generate().expose().to_string(),
                client_secret_hash: secret.hash(),
                owner_account_id: None,
            })
            .await
            .unwrap();
        assert!(app.secret_matches(secret.expose()));
        assert!(!app.secret_matches("another secret"));
        assert_eq!(store.find_app_by_client_id(&app.client_id).await.unwrap(), Some(app.clone()));
    }

    async fn an_authorization_code_is_consumed_once(store: &Store) {
        let alice = new_user(store, "alice").await;
        let code = new_code(store, &alice).await;
        let used = store.consume_authorization(&code.hash()).await.unwrap().expect("first use");
        assert_eq!(used.account_id, alice.account.id);
        assert_eq!(used.scopes().unwrap(), Scopes::parse("read").unwrap());
        assert!(store.consume_authorization(&code.hash()).await.unwrap().is_none(), "second use");
    }

    async fn an_expired_token_is_not_usable(store: &Store) {
        let alice = new_user(store, "alice").await;
        let secret = BearerSecret::generate();
        store
            .create_token(&NewToken {
                app_id: None,
                account_id: Some(alice.account.id),
                token_hash: secret.hash(),
                refresh_token_hash: None,
                scopes: Scopes::default_scopes(),
                expires_at: Some(chrono::Utc::now() - chrono::Duration::seconds(1)),
            })
            .await
            .unwrap();
        assert!(store.find_live_token(&secret.hash()).await.unwrap().is_none());
        assert!(store.find_token_by_hash(&secret.hash()).await.unwrap().is_some());
    }

    async fn a_due_job_is_claimed_once_under_a_lease_then_completed(store: &Store) {
        let queued = store.enqueue(&job("federation", 3)).await.unwrap().into_job();
        assert_eq!((queued.state, queued.attempts, queued.lease_token), (JobState::Queued, 0, 0));
        let claimed = store.claim_jobs("federation", "node-a", 10, LEASE).await.unwrap();
        assert_eq!(claimed.len(), 1);
        assert_eq!((claimed[0].id, claimed[0].state, claimed[0].attempts), (queued.id, JobState::Running, 1));
        assert_eq!(claimed[0].locked_by.as_deref(), Some("node-a"));
        let lease_left = claimed[0].lease_expires_at.expect("a lease") - chrono::Utc::now();
        assert!(lease_left > chrono::Duration::seconds(50) && lease_left <= chrono::Duration::seconds(60));
        assert!(store.claim_jobs("federation", "node-b", 10, LEASE).await.unwrap().is_empty());
        assert!(store.claim_jobs("other", "node-b", 10, LEASE).await.unwrap().is_empty(), "queues are separate");
        assert_eq!(store.complete_jobs(&[claimed[0].lease()]).await.unwrap(), vec![queued.id]);
        let done = store.find_job(queued.id).await.unwrap().unwrap();
        assert_eq!((done.state, done.lease_expires_at, done.locked_by), (JobState::Done, None, None));
        assert!(store.complete_jobs(&[claimed[0].lease()]).await.unwrap().is_empty(), "only a running job completes");
    }

    async fn many_jobs_complete_in_one_statement_and_only_current_claims_count(store: &Store) {
        for _ in 0..5 {
            store.enqueue(&job("federation", 3)).await.unwrap();
        }
        let claimed = store.claim_jobs("federation", "w", 5, LEASE).await.unwrap();
        let mut leases: Vec<Lease> = claimed.iter().map(|j| j.lease()).collect();
        leases[4].token += 1; // a claim that is not the current one
        let (completed, statements) = count_queries(store.complete_jobs(&leases)).await;
        assert_eq!(statements, 1);
        let mut expected: Vec<_> = claimed[..4].iter().map(|j| j.id).collect();
        let mut completed = completed.unwrap();
        completed.sort();
        expected.sort();
        assert_eq!(completed, expected);
        assert_eq!(store.find_job(claimed[4].id).await.unwrap().unwrap().state, JobState::Running);
    }

    async fn a_job_is_not_claimed_before_its_time(store: &Store) {
        let mut later = job("federation", 3);
        later.run_at = Some(chrono::Utc::now() + chrono::Duration::minutes(5));
        let later = store.enqueue(&later).await.unwrap().into_job();
        let due = store.enqueue(&job("federation", 3)).await.unwrap().into_job();
        let claimed = store.claim_jobs("federation", "w", 10, LEASE).await.unwrap();
        assert_eq!(claimed.iter().map(|j| j.id).collect::<Vec<_>>(), vec![due.id]);
        assert_eq!(store.next_due_at("federation").await.unwrap(), Some(later.run_at));
        assert_eq!(store.next_due_at("empty").await.unwrap(), None);
    }

    async fn a_failing_job_is_retried_until_out_of_attempts_then_dead(store: &Store) {
        let queued = store.enqueue(&job("federation", 2)).await.unwrap().into_job();
        let soon = Some(chrono::Utc::now() - chrono::Duration::seconds(1));
        let first = store.claim_jobs("federation", "w", 1, LEASE).await.unwrap().remove(0);
        assert_eq!(first.id, queued.id);
        assert_eq!(store.fail_job(first.lease(), "timeout", soon).await.unwrap(), Some(JobState::Queued));
        let again = store.claim_jobs("federation", "w", 1, LEASE).await.unwrap().remove(0);
        assert_eq!(again.attempts, 2);
        assert_eq!(again.last_error.as_deref(), Some("timeout"));
        assert_eq!(store.fail_job(first.lease(), "late", soon).await.unwrap(), None, "the old claim is refused");
        assert_eq!(store.fail_job(again.lease(), "410 Gone", soon).await.unwrap(), Some(JobState::Dead));
        assert!(store.claim_jobs("federation", "w", 1, LEASE).await.unwrap().is_empty());
        assert_eq!(store.fail_job(again.lease(), "again", soon).await.unwrap(), None, "not running");
    }

    async fn a_discarded_job_is_dead_at_once_whatever_its_attempts_left(store: &Store) {
        store.enqueue(&job("federation", 5)).await.unwrap();
        let claimed = store.claim_jobs("federation", "w", 1, LEASE).await.unwrap().remove(0);
        assert_eq!(store.fail_job(claimed.lease(), "bad payload", None).await.unwrap(), Some(JobState::Dead));
    }

    async fn concurrent_claimers_never_share_a_job(store: &Store) {
        for _ in 0..40 {
            store.enqueue(&job("federation", 3)).await.unwrap();
        }
        let workers: Vec<_> = (0..4)
            .map(|w| {
                let store = store.clone();
                tokio::spawn(async move {
                    let mut mine = Vec::new();
                    loop {
                        let got = store.claim_jobs("federation", &format!("w{w}"), 3, LEASE).await.unwrap();
                        if got.is_empty() {
                            break mine;
                        }
                        mine.extend(got.into_iter().map(|j| j.id));
                    }
                })
            })
            .collect();
        let mut all = Vec::new();
        for w in workers {
            all.extend(w.await.unwrap());
        }
        let count = all.len();
        all.sort();
        all.dedup();
        assert_eq!((count, all.len()), (40, 40));
    }

    async fn an_expired_lease_is_reaped_and_the_old_claim_can_no_longer_settle_the_job(store: &Store) {
        let a = store.enqueue(&job("federation", 3)).await.unwrap().into_job();
        let dead_worker = store.claim_jobs("federation", "w1", 1, LEASE).await.unwrap().remove(0);
        let before_expiry = chrono::Utc::now() + chrono::Duration::seconds(30);
        assert_eq!(store.release_expired_leases(before_expiry).await.unwrap(), 0, "the lease still runs");
        let after_expiry = chrono::Utc::now() + chrono::Duration::seconds(61);
        assert_eq!(store.release_expired_leases(after_expiry).await.unwrap(), 1);
        assert_eq!(store.find_job(a.id).await.unwrap().unwrap().state, JobState::Queued);
        let second = store.claim_jobs("federation", "w2", 1, LEASE).await.unwrap().remove(0);
        assert_eq!((second.attempts, second.locked_by.as_deref()), (2, Some("w2")));
        assert!(store.complete_jobs(&[dead_worker.lease()]).await.unwrap().is_empty(), "fenced off");
        assert_eq!(store.fail_job(dead_worker.lease(), "late", None).await.unwrap(), None, "fenced off");
        assert!(store.renew_leases(&[dead_worker.lease()], LEASE).await.unwrap().is_empty(), "told it is lost");
        assert_eq!(store.renew_leases(&[second.lease()], LEASE).await.unwrap(), vec![a.id]);
        assert_eq!(store.complete_jobs(&[second.lease()]).await.unwrap(), vec![a.id]);
    }

    async fn a_renewed_lease_is_not_reaped(store: &Store) {
        store.enqueue(&job("federation", 3)).await.unwrap();
        let claimed = store.claim_jobs("federation", "w", 1, std::time::Duration::from_secs(5)).await.unwrap();
        store.renew_leases(&[claimed[0].lease()], std::time::Duration::from_secs(600)).await.unwrap();
        let in_a_minute = chrono::Utc::now() + chrono::Duration::seconds(60);
        assert_eq!(store.release_expired_leases(in_a_minute).await.unwrap(), 0);
    }

    async fn a_job_whose_lease_expires_on_its_last_attempt_is_dead(store: &Store) {
        let once = store.enqueue(&job("federation", 1)).await.unwrap().into_job();
        store.claim_jobs("federation", "w", 1, LEASE).await.unwrap();
        let later = chrono::Utc::now() + chrono::Duration::seconds(61);
        assert_eq!(store.release_expired_leases(later).await.unwrap(), 1);
        let dead = store.find_job(once.id).await.unwrap().unwrap();
        assert_eq!(dead.state, JobState::Dead);
        assert!(dead.last_error.unwrap().contains("last attempt"));
        assert!(store.claim_jobs("federation", "w", 1, LEASE).await.unwrap().is_empty(), "never claimed again");
    }

    async fn released_jobs_are_due_at_once_for_another_worker(store: &Store) {
        let mut later = job("federation", 3);
        later.run_at = Some(chrono::Utc::now() - chrono::Duration::minutes(1));
        store.enqueue(&later).await.unwrap();
        let claimed = store.claim_jobs("federation", "w1", 1, LEASE).await.unwrap().remove(0);
        assert_eq!(store.release_jobs(&[claimed.lease()]).await.unwrap(), 1);
        let again = store.claim_jobs("federation", "w2", 1, LEASE).await.unwrap().remove(0);
        assert_eq!((again.id, again.attempts), (claimed.id, 2));
        assert_eq!(store.release_jobs(&[claimed.lease()]).await.unwrap(), 0, "the old claim releases nothing");
    }

    async fn unclaimed_jobs_go_back_where_they_were_with_the_attempt_undone(store: &Store) {
        let first = store.enqueue(&job("federation", 3)).await.unwrap().job().clone();
        let second = store.enqueue(&job("federation", 3)).await.unwrap().job().clone();
        let claimed = store.claim_jobs("federation", "w1", 2, LEASE).await.unwrap();
        let leases: Vec<_> = claimed.iter().map(|j| j.lease()).collect();
        assert_eq!(store.unclaim_jobs(&leases).await.unwrap(), 2);
        let again = store.claim_jobs("federation", "w2", 2, LEASE).await.unwrap();
        assert_eq!(
            again.iter().map(|j| (j.id, j.attempts)).collect::<Vec<_>>(),
            vec![(first.id, 1), (second.id, 1)],
            "in their old order, as if never claimed"
        );
        assert_eq!(store.unclaim_jobs(&leases).await.unwrap(), 0, "the old claims give back nothing");
    }

    async fn a_claim_after_a_position_looks_only_past_it_and_one_from_the_start_finds_the_rest(store: &Store) {
        let mut ids = Vec::new();
        for _ in 0..5 {
            ids.push(store.enqueue(&job("federation", 3)).await.unwrap().job().id);
        }
        let first = store.claim_jobs("federation", "w", 2, LEASE).await.unwrap();
        let to = first.last().map(|j| (j.run_at, j.id));
        assert_eq!(first.iter().map(|j| j.id).collect::<Vec<_>>(), ids[..2]);
        // The first of them goes back to the queue, behind the position.
        assert_eq!(store.unclaim_jobs(&[first[0].lease()]).await.unwrap(), 1);
        let past = store.claim_jobs_after("federation", "w", 2, LEASE, to).await.unwrap();
        assert_eq!(past.iter().map(|j| j.id).collect::<Vec<_>>(), ids[2..4], "only past the position");
        let from_start = store.claim_jobs("federation", "w", 5, LEASE).await.unwrap();
        assert_eq!(from_start.iter().map(|j| j.id).collect::<Vec<_>>(), vec![ids[0], ids[4]]);
    }

    async fn a_unique_key_keeps_one_queued_or_running_job_per_kind(store: &Store) {
        let keyed = |kind: &str| NewJob { kind: kind.into(), unique_key: Some("actor:1".into()), ..job("federation", 3) };
        let first = store.enqueue(&keyed("fetch")).await.unwrap();
        let crate::model::Enqueued::New(first) = first else { panic!("the first is new: {first:?}") };
        let again = store.enqueue(&keyed("fetch")).await.unwrap();
        assert_eq!(again, crate::model::Enqueued::Existing(first.clone()));
        assert!(matches!(store.enqueue(&keyed("deliver")).await.unwrap(), crate::model::Enqueued::New(_)), "per kind");
        let claimed = store.claim_jobs("federation", "w", 1, LEASE).await.unwrap().remove(0);
        assert_eq!(claimed.id, first.id);
        let while_running = store.enqueue(&keyed("fetch")).await.unwrap();
        assert_eq!(while_running.job().id, first.id, "running counts too");
        store.complete_jobs(&[claimed.lease()]).await.unwrap();
        let after = store.enqueue(&keyed("fetch")).await.unwrap();
        assert!(matches!(&after, crate::model::Enqueued::New(j) if j.id != first.id), "{after:?}");
        let plain = store.enqueue(&job("federation", 3)).await.unwrap();
        assert!(matches!(store.enqueue(&job("federation", 3)).await.unwrap(), crate::model::Enqueued::New(j) if j.id != plain.job().id));
    }

    async fn an_enqueue_rolled_back_leaves_no_job_and_one_committed_wakes_this_process(store: &Store) {
        let mut tx = store.begin().await.unwrap();
        let gone = tx.enqueue(&job("federation", 3)).await.unwrap().into_job();
        tx.rollback().await.unwrap();
        assert!(store.find_job(gone.id).await.unwrap().is_none());
        let woken = store.signals().jobs.notified();
        tokio::pin!(woken);
        woken.as_mut().enable();
        let mut tx = store.begin().await.unwrap();
        tx.enqueue(&job("federation", 3)).await.unwrap();
        tx.commit().await.unwrap();
        tokio::time::timeout(std::time::Duration::from_secs(10), woken).await.expect("woken at commit");
    }

    async fn cancelling_a_running_job_refuses_its_result_and_retrying_queues_it_afresh(store: &Store) {
        let a = store.enqueue(&job("federation", 3)).await.unwrap().into_job();
        let claimed = store.claim_jobs("federation", "w", 1, LEASE).await.unwrap().remove(0);
        let JobChange::Changed(cancelled) = store.cancel_job(a.id).await.unwrap() else { panic!("cancelled") };
        assert_eq!(cancelled.state, JobState::Cancelled);
        assert!(store.complete_jobs(&[claimed.lease()]).await.unwrap().is_empty(), "its result is refused");
        assert!(store.renew_leases(&[claimed.lease()], LEASE).await.unwrap().is_empty(), "its worker hears it");
        assert_eq!(store.cancel_job(a.id).await.unwrap(), JobChange::WrongState(JobState::Cancelled));
        let JobChange::Changed(retried) = store.retry_job(a.id).await.unwrap() else { panic!("retried") };
        assert_eq!((retried.state, retried.attempts), (JobState::Queued, 0));
        assert_eq!(store.retry_job(a.id).await.unwrap(), JobChange::WrongState(JobState::Queued));
        let again = store.claim_jobs("federation", "w", 1, LEASE).await.unwrap().remove(0);
        assert_eq!(again.attempts, 1, "attempts start over");
        assert!(store.complete_jobs(&[claimed.lease()]).await.unwrap().is_empty(), "the first claim stays refused");
        assert_eq!(store.complete_jobs(&[again.lease()]).await.unwrap(), vec![a.id]);
        assert_eq!(store.retry_job(a.id).await.unwrap(), JobChange::WrongState(JobState::Done));
        let nothing = crate::model::JobId(1);
        assert_eq!(store.retry_job(nothing).await.unwrap(), JobChange::NotFound);
        assert_eq!(store.cancel_job(nothing).await.unwrap(), JobChange::NotFound);
    }

    async fn jobs_are_listed_newest_first_by_state_queue_and_kind(store: &Store) {
        let a = store.enqueue(&job("federation", 3)).await.unwrap().into_job();
        let b = store.enqueue(&NewJob { kind: "fetch".into(), ..job("default", 3) }).await.unwrap().into_job();
        let c = store.enqueue(&job("federation", 3)).await.unwrap().into_job();
        store.claim_jobs("federation", "w", 1, LEASE).await.unwrap();
        let ids = |filter: JobFilter| async move {
            store.list_jobs(&filter).await.unwrap().into_iter().map(|j| j.id).collect::<Vec<_>>()
        };
        let all = JobFilter { limit: 10, ..Default::default() };
        assert_eq!(ids(all.clone()).await, vec![c.id, b.id, a.id]);
        assert_eq!(ids(JobFilter { state: Some(JobState::Running), ..all.clone() }).await, vec![a.id]);
        assert_eq!(ids(JobFilter { queue: Some("default".into()), ..all.clone() }).await, vec![b.id]);
        assert_eq!(ids(JobFilter { kind: Some("deliver".into()), ..all.clone() }).await, vec![c.id, a.id]);
        assert_eq!(ids(JobFilter { limit: 1, ..all }).await, vec![c.id]);
    }

    async fn depths_count_jobs_by_queue_and_state_and_the_oldest_due_job_is_found(store: &Store) {
        let mut old = job("federation", 3);
        old.run_at = Some(chrono::Utc::now() - chrono::Duration::minutes(10));
        let old = store.enqueue(&old).await.unwrap().into_job();
        store.enqueue(&job("federation", 3)).await.unwrap();
        store.enqueue(&job("media", 3)).await.unwrap();
        let mut future = job("later", 3);
        future.run_at = Some(chrono::Utc::now() + chrono::Duration::minutes(10));
        store.enqueue(&future).await.unwrap();
        store.claim_jobs("media", "w", 1, LEASE).await.unwrap();
        let depths = store.queue_depths().await.unwrap();
        let depth = |q: &str, s: JobState| depths.iter().find(|x| x.queue == q && x.state == s).map_or(0, |x| x.count);
        assert_eq!(depth("federation", JobState::Queued), 2);
        assert_eq!(depth("media", JobState::Running), 1);
        assert_eq!(depth("later", JobState::Queued), 1);
        let oldest = store.oldest_due_jobs().await.unwrap();
        assert_eq!(oldest, vec![crate::store::OldestDue { queue: "federation".into(), run_at: old.run_at }]);
    }

    async fn finished_jobs_are_pruned(store: &Store) {
        let a = store.enqueue(&job("federation", 1)).await.unwrap().into_job();
        let b = store.enqueue(&job("federation", 1)).await.unwrap().into_job();
        let c = store.enqueue(&job("federation", 1)).await.unwrap().into_job();
        let d = store.enqueue(&job("default", 1)).await.unwrap().into_job();
        let claimed = store.claim_jobs("federation", "w", 3, LEASE).await.unwrap();
        let lease = |id| claimed.iter().find(|j| j.id == id).unwrap().lease();
        store.complete_jobs(&[lease(a.id)]).await.unwrap();
        store.fail_job(lease(b.id), "gone", None).await.unwrap();
        store.cancel_job(d.id).await.unwrap();
        let later = chrono::Utc::now() + chrono::Duration::seconds(1);
        assert_eq!(store.prune_finished_jobs(later).await.unwrap(), 3, "done, dead and cancelled; the running one stays");
        assert!(store.find_job(a.id).await.unwrap().is_none());
        assert!(store.find_job(c.id).await.unwrap().is_some());
    }

    async fn a_remote_account_is_stored_then_refreshed_in_place(store: &Store) {
        let mut shouted = remote("bob", "remote.example");
        shouted.domain = "Remote.Example".into();
        let first = store.upsert_remote_account(&shouted).await.unwrap();
        assert_eq!(first.domain.as_deref(), Some("remote.example"));
        assert_eq!(first.acct(), "bob@remote.example");
        assert!(!first.is_local());
        let mut changed = remote("bob", "remote.example");
        changed.display_name = "Bob R.".into();
        changed.followers_count = 7;
        changed.fields = crate::model::Fields(vec![crate::model::Field {
            name: "site".into(),
            value: "https://bob.example".into(),
            verified_at: None,
        }]);
        let second = store.upsert_remote_account(&changed).await.unwrap();
        assert_eq!(second.id, first.id, "same actor, same account");
        assert_eq!(second.created_at, first.created_at);
        assert_eq!((second.display_name.as_str(), second.followers_count), ("Bob R.", 7));
        assert_eq!(second.fields, changed.fields);
        let found = store.find_account_by_nickname("BOB", Some("REMOTE.example")).await.unwrap();
        assert_eq!(found, Some(second.clone()));
        assert_eq!(store.find_account_by_actor_url(&second.endpoints.actor_url).await.unwrap(), Some(second));
        assert!(store.find_account_by_nickname("bob", None).await.unwrap().is_none(), "not local");
        assert_eq!(store.account_private_key(first.id).await.unwrap(), None);
    }

    async fn listing_separates_local_and_remote_accounts(store: &Store) {
        new_user(store, "alice").await;
        store.upsert_remote_account(&remote("alice", "remote.example")).await.unwrap();
        let all = store.list_accounts(&AccountFilter::default()).await.unwrap();
        assert_eq!(all.len(), 2, "the same nickname on another domain is another account");
        let remote_only = store.list_accounts(&AccountFilter { local: Some(false), ..Default::default() }).await.unwrap();
        assert_eq!(remote_only.len(), 1);
        assert_eq!(remote_only[0].account.acct(), "alice@remote.example");
        assert!(remote_only[0].user.is_none());
        let local_only = store.list_accounts(&AccountFilter { local: Some(true), ..Default::default() }).await.unwrap();
        assert_eq!(local_only[0].account.acct(), "alice");
        assert!(local_only[0].user.is_some());
    }

    async fn a_remote_document_cannot_take_over_a_local_actor(store: &Store) {
        let alice = new_user(store, "alice").await;
        let mut spoof = remote("alice", "social.example");
        spoof.endpoints.actor_url = alice.account.endpoints.actor_url.clone();
        let err = store.upsert_remote_account(&spoof).await.unwrap_err();
        assert!(matches!(err, StoreError::Conflict(Conflict::LocalActor)), "{err}");
        let after = store.find_account(alice.account.id).await.unwrap().unwrap();
        assert!(after.is_local());
        assert_eq!(after.endpoints, alice.account.endpoints);
    }

    async fn an_instance_is_unreachable_from_its_first_failure_until_a_success(store: &Store) {
        let failed = store.record_delivery_failure("Remote.Example").await.unwrap();
        assert_eq!((failed.domain.as_str(), failed.failure_count), ("remote.example", 1));
        let since = failed.unreachable_since.expect("unreachable");
        let again = store.record_delivery_failure("remote.example").await.unwrap();
        assert_eq!(again.failure_count, 2);
        assert_eq!(again.unreachable_since, Some(since), "since the first failure");
        let later = since + chrono::Duration::days(8);
        assert!(again.is_reachable(since, chrono::Duration::days(7)));
        assert!(!again.is_reachable(later, chrono::Duration::days(7)));
        let future = chrono::Utc::now() + chrono::Duration::seconds(1);
        let listed = store.unreachable_instances(future).await.unwrap();
        assert_eq!(listed.iter().map(|i| i.domain.as_str()).collect::<Vec<_>>(), ["remote.example"]);
        let ok = store.record_delivery_success("remote.example").await.unwrap();
        assert_eq!((ok.failure_count, ok.unreachable_since), (0, None));
        assert_eq!(ok.first_seen_at, failed.first_seen_at);
        assert!(store.unreachable_instances(future).await.unwrap().is_empty());
        assert_eq!(store.find_instance("REMOTE.example").await.unwrap(), Some(ok));
        assert_eq!(store.find_instance("nowhere.example").await.unwrap(), None);
    }

    async fn a_password_reset_link_works_once(store: &Store) {
        use crate::accounts::manage::{self, ManageError};
        let alice = new_user(store, "alice").await;
        let link = manage::password_reset_link(store, &urls(), alice.account.id).await.unwrap();
        let token = link.split("reset_password_token=").nth(1).unwrap().to_string();
        let short = manage::redeem_password_reset(store, &token, "short").await.unwrap_err();
        assert!(matches!(short, ManageError::Password(_)), "{short}");
        let id = manage::redeem_password_reset(store, &token, "a new long password").await.unwrap();
        assert_eq!(id, alice.account.id);
        let hash = store.password_hash(id).await.unwrap().unwrap();
        assert!(crate::store::testing::password_matches("a new long password", &hash));
        let again = manage::redeem_password_reset(store, &token, "another long password").await.unwrap_err();
        assert!(matches!(again, ManageError::ResetTokenInvalid), "{again}");
    }

    async fn an_old_password_reset_link_is_refused(store: &Store) {
        use crate::accounts::manage;
        let alice = new_user(store, "alice").await;
        let link = manage::password_reset_link(store, &urls(), alice.account.id).await.unwrap();
        let token = link.split("reset_password_token=").nth(1).unwrap();
        let hash = crate::auth::SecretHash::of(token);
        let from_the_future = chrono::Utc::now() + chrono::Duration::seconds(1);
        assert_eq!(store.find_user_by_reset_token(hash.as_str(), from_the_future).await.unwrap(), None);
        let reset = store.reset_password_with_token(hash.as_str(), from_the_future, "$argon2id$x").await;
        assert_eq!(reset.unwrap(), None);
        let kept = store.password_hash(alice.account.id).await.unwrap().unwrap();
        assert!(crate::store::testing::password_matches(crate::store::testing::PASSWORD, &kept), "the old password works");
    }

    async fn a_password_reset_link_names_its_user_until_redeemed(store: &Store) {
        use crate::accounts::manage::{self, ManageError};
        let alice = new_user(store, "alice").await;
        let link = manage::password_reset_link(store, &urls(), alice.account.id).await.unwrap();
        let token = link.split("reset_password_token=").nth(1).unwrap().to_string();
        let user = manage::password_reset_user(store, &token).await.unwrap();
        assert_eq!(user.account.id, alice.account.id);
        manage::redeem_password_reset(store, &token, "a new long password").await.unwrap();
        let gone = manage::password_reset_user(store, &token).await.unwrap_err();
        assert!(matches!(gone, ManageError::ResetTokenInvalid), "{gone}");
    }

    async fn redeeming_a_password_reset_link_revokes_every_token(store: &Store) {
        use crate::accounts::manage;
        let alice = new_user(store, "alice").await;
        let token = new_token(store, &alice).await;
        let link = manage::password_reset_link(store, &urls(), alice.account.id).await.unwrap();
        let reset = link.split("reset_password_token=").nth(1).unwrap().to_string();
        manage::redeem_password_reset(store, &reset, "a new long password").await.unwrap();
        assert!(store.find_live_token(&token.hash()).await.unwrap().is_none());
    }

    async fn accounts_are_listed_in_pages_by_id(store: &Store) {
        for nick in ["a1", "a2", "a3", "a4", "a5"] {
            new_user(store, nick).await;
        }
        let page = |after, limit| AccountFilter { after, limit: Some(limit), ..Default::default() };
        let nicks = |rows: &[crate::store::AccountWithUser]| {
            rows.iter().map(|r| r.account.nickname.clone()).collect::<Vec<_>>()
        };
        let first = store.list_accounts(&page(None, 2)).await.unwrap();
        assert_eq!(nicks(&first), ["a1", "a2"]);
        let second = store.list_accounts(&page(Some(first[1].account.id), 2)).await.unwrap();
        assert_eq!(nicks(&second), ["a3", "a4"]);
        let last = store.list_accounts(&page(Some(second[1].account.id), 2)).await.unwrap();
        assert_eq!(nicks(&last), ["a5"]);
        assert!(store.list_accounts(&page(Some(last[0].account.id), 2)).await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn postgres_cancels_a_statement_over_the_statement_timeout() {
    let url = super::testing::TestDb::create_pg_database().await;
    let options = super::ConnectOptions {
        statement_timeout: Some(std::time::Duration::from_millis(200)),
        ..Default::default()
    };
    let store = Store::connect(&url, &options).await.unwrap();
    let slow = crate::store::on_pool!(store, |pool| sqlx::query("SELECT pg_sleep(2)")
        .execute(pool)
        .await
        .map(|_| ()));
    let err = slow.unwrap_err();
    assert!(err.to_string().contains("statement timeout"), "{err}");
    let quick = crate::store::on_pool!(store, |pool| sqlx::query("SELECT pg_sleep(0.01)")
        .execute(pool)
        .await
        .map(|_| ()));
    assert!(quick.is_ok());
    store.close().await;
    super::testing::drop_pg_database(url);
}

#[tokio::test]
async fn a_sqlite_database_is_created_on_first_use_in_wal_mode_with_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/data/plero.db");
    let url = format!("sqlite://{}", path.display());
    let store = Store::connect(&url, &super::ConnectOptions::default()).await.unwrap();
    assert!(path.exists(), "the file and its directories are created");
    let super::Pool::Sqlite(pool) = &store.pool else { panic!("sqlite URL, sqlite pool") };
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(pool).await.unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys").fetch_one(pool).await.unwrap();
    assert_eq!(fk, 1);
    assert_eq!(store.backend(), super::Backend::Sqlite);
}

#[test]
fn only_postgres_and_sqlite_urls_are_accepted_and_passwords_stay_out_of_the_error() {
    use super::Backend;
    assert_eq!(Backend::of_url("postgres://u@h/db").unwrap(), Backend::Postgres);
    assert_eq!(Backend::of_url("postgresql://u@h/db").unwrap(), Backend::Postgres);
    assert_eq!(Backend::of_url("sqlite://data/plero.db").unwrap(), Backend::Sqlite);
    let err = Backend::of_url("mysql://root:hunter2@h/db").unwrap_err().to_string();
    assert!(err.contains("postgres://") && err.contains("sqlite://"), "{err}");
    assert!(!err.contains("hunter2"), "{err}");
}
