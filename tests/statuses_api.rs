//! Statuses and timelines against the real `pleroctl serve`, through the API as apps call it:
//! posting (form, JSON), reading, deleting, the home, public and account timelines with their
//! paging, and who sees what.

mod support;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use support::accounts::Instance;

/// POSTs a JSON body with a bearer token; returns the status, headers and JSON answer.
async fn post_json(
    instance: &Instance,
    path: &str,
    token: &str,
    body: Value,
) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    let res = instance
        .api
        .http
        .post(instance.api.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("request");
    let status = res.status();
    let headers = res.headers().clone();
    (status, headers, res.json().await.unwrap_or(Value::Null))
}

async fn post_status(instance: &Instance, token: &str, form: &[(&str, &str)]) -> Value {
    let (status, body) = instance.api.post("/api/v1/statuses", Some(token), form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

fn ids(page: &Value) -> Vec<String> {
    page.as_array().expect("a list").iter().map(|s| s["id"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn a_status_posted_as_a_form_renders_mentions_tags_and_links_and_counts() {
    let instance = Instance::with_users(&["alice", "bob"]);
    let alice = instance.api.user_token("alice").await;
    let bob_id = instance.api.account_id("bob").await;
    let posted = post_status(
        &instance,
        &alice,
        &[
            ("status", "Hello @bob! See https://example.com/page #Plero <script>"),
            ("spoiler_text", "greeting"),
            ("language", "en"),
        ],
    )
    .await;
    assert_eq!(posted["visibility"], "public");
    assert_eq!(posted["spoiler_text"], "greeting");
    assert_eq!(posted["sensitive"], true, "a content warning makes it sensitive");
    assert_eq!(posted["language"], "en");
    assert_eq!(posted["account"]["acct"], "alice");
    assert_eq!(
        posted["mentions"],
        json!([{"id": bob_id, "username": "bob", "acct": "bob", "url": instance.server.url("/@bob")}])
    );
    assert_eq!(
        posted["tags"],
        json!([{"name": "plero", "url": instance.server.url("/tags/plero"), "history": []}])
    );
    let content = posted["content"].as_str().unwrap();
    assert!(
        content.contains(&format!(
            "<a href=\"{}\" class=\"u-url mention\">@<span>bob</span></a>",
            instance.server.url("/@bob")
        )),
        "{content}"
    );
    assert!(content.contains("<a href=\"https://example.com/page\""), "{content}");
    assert!(
        content.contains("&lt;script&gt;") && !content.contains("<script>"),
        "text is escaped: {content}"
    );
    assert_eq!(posted["favourited"], false);
    assert_eq!(posted["pleroma"]["local"], true);
    let id = posted["id"].as_str().unwrap();
    assert_eq!(posted["uri"], instance.server.url(&format!("/users/alice/statuses/{id}")));

    let (status, fetched) = instance.api.get(&format!("/api/v1/statuses/{id}"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(fetched["content"], posted["content"]);
    assert!(fetched.get("favourited").is_none(), "signed out: no viewer fields");

    let (_, me) = instance.api.get("/api/v1/accounts/verify_credentials", Some(&alice)).await;
    assert_eq!(me["statuses_count"], 1);
    let (_, about) = instance.api.get("/api/v1/instance", None).await;
    assert_eq!(about["stats"]["status_count"], 1, "the instance counts it");
}

#[tokio::test]
async fn a_status_posted_as_json_with_an_idempotency_key_is_made_once() {
    let instance = Instance::with_users(&["alice"]);
    let alice = instance.api.user_token("alice").await;
    let send = || async {
        let res = instance
            .api
            .http
            .post(instance.api.url("/api/v1/statuses"))
            .bearer_auth(&alice)
            .header("Idempotency-Key", "retry-1")
            .json(&json!({"status": "only once", "visibility": "unlisted", "sensitive": true}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        res.json::<Value>().await.unwrap()
    };
    let first = send().await;
    let second = send().await;
    assert_eq!(first["id"], second["id"]);
    assert_eq!(first["visibility"], "unlisted");
    assert_eq!(first["sensitive"], true);
    let alice_id = instance.api.account_id("alice").await;
    let (_, listed) = instance.api.get(&format!("/api/v1/accounts/{alice_id}/statuses"), None).await;
    assert_eq!(ids(&listed), vec![first["id"].as_str().unwrap().to_string()]);
}

#[tokio::test]
async fn bad_statuses_are_refused_with_422_naming_the_field() {
    let instance = Instance::with_users(&["alice"]);
    let alice = instance.api.user_token("alice").await;
    for (form, expected) in [
        (vec![("status", "  ")], "Validation failed: Text can't be blank"),
        (
            vec![("status", "hi"), ("visibility", "friends")],
            "visibility: `friends` is not a visibility: use public, unlisted, private or direct",
        ),
        (
            vec![("status", "hi"), ("language", "english")],
            "Validation failed: Language `english` is not an ISO 639 code",
        ),
        (
            vec![("status", "hi"), ("content_type", "text/x-unknown")],
            "content_type: `text/x-unknown` is not a supported content type",
        ),
        (
            vec![("status", "hi"), ("media_ids[]", "1")],
            "Validation failed: Media_ids: 1 is not an upload of yours that no status uses yet",
        ),
        (vec![("status", "hi"), ("poll[options][]", "a"), ("poll[options][]", "b")], "poll: "),
    ] {
        let (status, body) = instance.api.post("/api/v1/statuses", Some(&alice), &form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{form:?}: {body}");
        assert!(body["error"].as_str().unwrap().starts_with(expected), "{form:?}: {body}");
    }
    let long = "x".repeat(5001);
    let (status, body) = instance.api.post("/api/v1/statuses", Some(&alice), &[("status", &long)]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body["error"],
        "Validation failed: Text is too long: 5001 characters, the limit is 5000 (a link counts as 23)"
    );

    let (status, body) = instance
        .api
        .post("/api/v1/statuses", Some(&alice), &[("status", "hi"), ("in_reply_to_id", "123")])
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"], "The post you are trying to reply to does not appear to exist.");

    let (status, _) = instance.api.post("/api/v1/statuses", None, &[("status", "hi")]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let app = instance.api.register_app("read", support::mastodon::OOB).await;
    let read_only = instance.api.password_token(&app, "alice", support::accounts::PASSWORD, "read").await;
    let (status, _) = instance.api.post("/api/v1/statuses", Some(&read_only), &[("status", "hi")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "posting needs write:statuses");

    let alice_id = instance.api.account_id("alice").await;
    let (_, listed) = instance.api.get(&format!("/api/v1/accounts/{alice_id}/statuses"), None).await;
    assert_eq!(listed, json!([]), "nothing refused was stored");
}

#[tokio::test]
async fn private_and_direct_statuses_reach_only_followers_and_the_mentioned() {
    let instance = Instance::with_users(&["alice", "bob", "carol", "dave"]);
    let api = &instance.api;
    let (alice, bob, carol, dave) = (
        api.user_token("alice").await,
        api.user_token("bob").await,
        api.user_token("carol").await,
        api.user_token("dave").await,
    );
    let alice_id = api.account_id("alice").await;
    let (status, _) = api.post(&format!("/api/v1/accounts/{alice_id}/follow"), Some(&bob), &[]).await;
    assert_eq!(status, StatusCode::OK);

    let public = post_status(&instance, &alice, &[("status", "to everyone")]).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let private = post_status(&instance, &alice, &[("status", "followers only"), ("visibility", "private")])
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let direct = post_status(&instance, &alice, &[("status", "@carol psst"), ("visibility", "direct")]).await
        ["id"]
        .as_str()
        .unwrap()
        .to_string();

    // (viewer's token, the statuses of alice it sees, newest first)
    let table: [(Option<&str>, Vec<&String>); 5] = [
        (None, vec![&public]),
        (Some(&alice), vec![&direct, &private, &public]),
        (Some(&bob), vec![&private, &public]),
        (Some(&carol), vec![&direct, &public]),
        (Some(&dave), vec![&public]),
    ];
    for (viewer, sees) in &table {
        let (status, listed) = api.get(&format!("/api/v1/accounts/{alice_id}/statuses"), *viewer).await;
        assert_eq!(status, StatusCode::OK);
        let expected: Vec<String> = sees.iter().map(|s| s.to_string()).collect();
        assert_eq!(ids(&listed), expected, "as {viewer:?}");
        for id in [&public, &private, &direct] {
            let (status, _) = api.get(&format!("/api/v1/statuses/{id}"), *viewer).await;
            let visible = sees.contains(&id);
            assert_eq!(
                status,
                if visible { StatusCode::OK } else { StatusCode::NOT_FOUND },
                "{id} as {viewer:?}"
            );
        }
    }
    let (_, home) = api.get("/api/v1/timelines/home", Some(&bob)).await;
    assert_eq!(ids(&home), vec![private.clone(), public.clone()], "bob follows alice");
    let (_, home) = api.get("/api/v1/timelines/home", Some(&carol)).await;
    assert_eq!(ids(&home), Vec::<String>::new(), "carol follows no one");
    let (_, timeline) = api.get("/api/v1/timelines/public?local=true", None).await;
    assert_eq!(ids(&timeline), vec![public.clone()]);
    let (_, timeline) = api.get("/api/v1/timelines/public?remote=true", None).await;
    assert_eq!(ids(&timeline), Vec::<String>::new());
    let (status, _) = api.get("/api/v1/timelines/home", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn timelines_page_with_link_headers_and_max_since_min_ids() {
    let instance = Instance::with_users(&["alice"]);
    let alice = instance.api.user_token("alice").await;
    let mut posted = Vec::new();
    for n in 0..5 {
        posted.push(
            post_status(&instance, &alice, &[("status", &format!("post {n}"))]).await["id"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    let (status, headers, first) =
        instance.api.call(Method::GET, "/api/v1/timelines/home?limit=2", Some(&alice), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ids(&first), vec![posted[4].clone(), posted[3].clone()]);
    let link = headers["link"].to_str().unwrap();
    let next = instance.server.url(&format!("/api/v1/timelines/home?limit=2&max_id={}", posted[3]));
    assert!(link.starts_with(&format!("<{next}>; rel=\"next\"")), "{link}");
    let path = next.trim_start_matches(&instance.server.url(""));
    let (_, second) = instance.api.get(path, Some(&alice)).await;
    assert_eq!(ids(&second), vec![posted[2].clone(), posted[1].clone()]);
    let (_, newer) =
        instance.api.get(&format!("/api/v1/timelines/home?limit=2&min_id={}", posted[1]), Some(&alice)).await;
    assert_eq!(ids(&newer), vec![posted[3].clone(), posted[2].clone()]);
    let (_, since) = instance
        .api
        .get(&format!("/api/v1/timelines/home?limit=2&since_id={}", posted[1]), Some(&alice))
        .await;
    assert_eq!(ids(&since), vec![posted[4].clone(), posted[3].clone()]);
    // The next page lists the same thing: the filters stay in the Link.
    let (_, headers, _) =
        instance.api.call(Method::GET, "/api/v1/timelines/public?local=true&limit=1", None, None).await;
    let link = headers["link"].to_str().unwrap();
    let next =
        instance.server.url(&format!("/api/v1/timelines/public?local=true&limit=1&max_id={}", posted[4]));
    assert!(link.starts_with(&format!("<{next}>; rel=\"next\"")), "{link}");
}

#[tokio::test]
async fn deleting_returns_the_source_for_redraft_and_removes_it_everywhere() {
    let instance = Instance::with_users(&["alice", "bob"]);
    let (alice, bob) = (instance.api.user_token("alice").await, instance.api.user_token("bob").await);
    let parent = post_status(&instance, &alice, &[("status", "a question")]).await;
    let parent_id = parent["id"].as_str().unwrap();
    let reply =
        post_status(&instance, &bob, &[("status", "@alice an answer #reply"), ("in_reply_to_id", parent_id)])
            .await;
    let reply_id = reply["id"].as_str().unwrap();
    assert_eq!(reply["in_reply_to_id"], parent_id);
    assert_eq!(reply["in_reply_to_account_id"], parent["account"]["id"]);
    let (_, parent_now) = instance.api.get(&format!("/api/v1/statuses/{parent_id}"), None).await;
    assert_eq!(parent_now["replies_count"], 1);

    let (status, _, _) =
        instance.api.call(Method::DELETE, &format!("/api/v1/statuses/{reply_id}"), Some(&alice), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "not alice's to delete");
    let (status, _, deleted) =
        instance.api.call(Method::DELETE, &format!("/api/v1/statuses/{reply_id}"), Some(&bob), None).await;
    assert_eq!(status, StatusCode::OK, "{deleted}");
    assert_eq!(deleted["text"], "@alice an answer #reply");
    assert_eq!(deleted["id"], reply_id);

    let (status, _) = instance.api.get(&format!("/api/v1/statuses/{reply_id}"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, parent_now) = instance.api.get(&format!("/api/v1/statuses/{parent_id}"), None).await;
    assert_eq!(parent_now["replies_count"], 0);
    let (_, timeline) = instance.api.get("/api/v1/timelines/public", None).await;
    assert_eq!(ids(&timeline), vec![parent_id.to_string()]);
    let (_, me) = instance.api.get("/api/v1/accounts/verify_credentials", Some(&bob)).await;
    assert_eq!(me["statuses_count"], 0);
}

#[tokio::test]
async fn json_bodies_and_form_bodies_post_the_same_status() {
    let instance = Instance::with_users(&["alice"]);
    let alice = instance.api.user_token("alice").await;
    let (status, _, as_json) = post_json(
        &instance,
        "/api/v1/statuses",
        &alice,
        json!({"status": "same #text", "visibility": "private"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{as_json}");
    let as_form =
        post_status(&instance, &alice, &[("status", "same #text"), ("visibility", "private")]).await;
    for field in ["content", "visibility", "tags", "sensitive", "spoiler_text"] {
        assert_eq!(as_json[field], as_form[field], "{field}");
    }
}

#[test]
fn mastodon_py_posts_favourites_reblogs_bookmarks_mutes_and_reads_threads_and_notifications() {
    let Some(python) = support::clients::venv_python() else { return };
    let instance = Instance::with_users(&["alice", "bob"]);
    let seen = support::clients::run_python(&python, "mastodon_py_statuses.py", &instance.server, &[]);
    let posted = seen["posted_id"].as_str().unwrap().to_string();
    assert_eq!(seen["posted_visibility"], "public");
    assert_eq!(seen["posted_spoiler"], "py");
    assert_eq!(seen["posted_mentions"], json!(["bob"]));
    assert_eq!(seen["posted_tags"], json!(["python"]));
    assert_eq!(seen["reply_to"], posted);
    assert_eq!(seen["reblog_of"], posted);
    assert_eq!(
        (&seen["bob_favourited"], &seen["bob_reblogged"], &seen["bob_bookmarked"]),
        (&json!(true), &json!(true), &json!(true))
    );
    assert_eq!(seen["counts"], json!([1, 1, 1]), "favourites, reblogs, replies");
    assert_eq!(seen["home"].as_array().unwrap().len(), 3, "bob's reblog and reply, alice's post: {seen}");
    assert_eq!(seen["context_ancestors"], json!([posted]));
    assert_eq!(seen["favourited_by"], json!(["bob"]));
    assert_eq!(seen["notification_types"], json!(["reblog", "favourite", "mention", "follow"]));
    assert_eq!(seen["bookmarks"], json!([posted]));
    assert_eq!(seen["tagged"], json!([posted]));
    assert!(seen["deleted_text"].as_str().unwrap().ends_with("a reply from bob"), "{seen}");
    assert_eq!(seen["replies_after_delete"], 0);
    assert_eq!(seen["muted"], json!([true, false]));
    assert_eq!(
        seen["notification_types_before_mute"],
        json!(["reblog", "favourite", "follow"]),
        "the deleted reply's mention went with it"
    );
    assert_eq!(
        seen["notification_types_while_muted"],
        json!(["reblog", "favourite", "follow"]),
        "a reply mentioning alice in the thread she muted does not notify her"
    );
}

#[tokio::test]
async fn megalodon_posts_and_reads_timelines_threads_and_notifications() {
    use megalodon::megalodon::{GetHomeTimelineInputOptions, PostStatusInputOptions, PostStatusOutput};
    let instance = Instance::with_users(&["alice", "bob"]);
    let (alice_token, bob_token) =
        (instance.api.user_token("alice").await, instance.api.user_token("bob").await);
    let client = |token: String| {
        megalodon::generator(megalodon::SNS::Mastodon, instance.server.url(""), Some(token), None).unwrap()
    };
    let (alice, bob) = (client(alice_token), client(bob_token));
    let alice_id = instance.api.account_id("alice").await;
    bob.follow_account(alice_id.clone(), None).await.expect("follow");

    let options = PostStatusInputOptions {
        spoiler_text: Some("megalodon".into()),
        language: Some("ja".into()),
        ..Default::default()
    };
    let posted =
        alice.post_status("こんにちは #日本語 @bob".into(), Some(&options)).await.expect("post").json;
    let PostStatusOutput::Status(posted) = posted else { panic!("a status, not a scheduled one") };
    assert_eq!(posted.spoiler_text, "megalodon");
    assert_eq!(posted.language.as_deref(), Some("ja"));
    assert_eq!(posted.tags.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), vec!["日本語"]);

    let favourited = bob.favourite_status(posted.id.clone()).await.expect("favourite").json;
    assert_eq!(favourited.favourited, Some(true));
    assert_eq!(favourited.favourites_count, 1);
    let reblogged = bob.reblog_status(posted.id.clone()).await.expect("reblog").json;
    assert_eq!(reblogged.reblog.as_ref().map(|r| r.id.clone()), Some(posted.id.clone()));

    let home = bob
        .get_home_timeline(Some(&GetHomeTimelineInputOptions { limit: Some(5), ..Default::default() }))
        .await
        .expect("megalodon parses the home timeline")
        .json;
    assert_eq!(home.len(), 2, "bob's reblog and alice's post");
    let public = bob.get_public_timeline(None).await.expect("public timeline").json;
    assert_eq!(public.iter().map(|s| s.id.clone()).collect::<Vec<_>>(), vec![posted.id.clone()]);
    let reply = bob
        .post_status(
            "@alice ありがとう".into(),
            Some(&PostStatusInputOptions { in_reply_to_id: Some(posted.id.clone()), ..Default::default() }),
        )
        .await
        .expect("reply")
        .json;
    let PostStatusOutput::Status(reply) = reply else { panic!("a status") };
    let context = alice.get_status_context(posted.id.clone(), None).await.expect("context").json;
    assert_eq!(context.descendants.iter().map(|s| s.id.clone()).collect::<Vec<_>>(), vec![reply.id.clone()]);

    let notifications = alice.get_notifications(None).await.expect("megalodon parses notifications").json;
    let kinds: Vec<String> = notifications.iter().map(|n| format!("{:?}", n.r#type)).collect();
    assert_eq!(kinds, vec!["Mention", "Reblog", "Favourite", "Follow"]);

    bob.delete_status(reply.id.clone()).await.expect("delete");
    let after = alice.get_status(posted.id.clone()).await.expect("status").json;
    assert_eq!(after.replies_count, 0);
}

#[tokio::test]
async fn notifications_filter_dismiss_clear_and_count_unread_past_the_marker() {
    let instance = Instance::with_users(&["alice", "bob"]);
    let api = &instance.api;
    let (alice, bob) = (api.user_token("alice").await, api.user_token("bob").await);
    let alice_id = api.account_id("alice").await;
    api.post(&format!("/api/v1/accounts/{alice_id}/follow"), Some(&bob), &[]).await;
    let mine = post_status(&instance, &alice, &[("status", "mine")]).await;
    post_status(&instance, &bob, &[("status", "hi @alice")]).await;
    let (status, _) = api
        .post(&format!("/api/v1/statuses/{}/favourite", mine["id"].as_str().unwrap()), Some(&bob), &[])
        .await;
    assert_eq!(status, StatusCode::OK);

    let (status, all) = api.get("/api/v1/notifications", Some(&alice)).await;
    assert_eq!(status, StatusCode::OK);
    let kinds: Vec<&str> = all.as_array().unwrap().iter().map(|n| n["type"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["favourite", "mention", "follow"]);
    assert_eq!(all[0]["account"]["acct"], "bob");
    assert_eq!(all[0]["status"]["id"], mine["id"]);
    assert!(all[2].get("status").is_none(), "a follow is about no status");
    let (_, mentions) = api.get("/api/v1/notifications?types[]=mention", Some(&alice)).await;
    assert_eq!(mentions.as_array().unwrap().len(), 1);
    let (_, not_follows) =
        api.get("/api/v1/notifications?exclude_types[]=follow&exclude_types[]=mention", Some(&alice)).await;
    assert_eq!(not_follows.as_array().unwrap().len(), 1);
    let (status, body) = api.get("/api/v1/notifications?types[]=applause", Some(&alice)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");

    let (_, unread) = api.get("/api/v1/notifications/unread_count", Some(&alice)).await;
    assert_eq!(unread["count"], 3);
    let mention_id = all[1]["id"].as_str().unwrap();
    let (status, markers) =
        api.post("/api/v1/markers", Some(&alice), &[("notifications[last_read_id]", mention_id)]).await;
    assert_eq!(status, StatusCode::OK, "{markers}");
    assert_eq!(markers["notifications"]["last_read_id"], mention_id);
    assert_eq!(markers["notifications"]["version"], 1);
    let (_, unread) = api.get("/api/v1/notifications/unread_count", Some(&alice)).await;
    assert_eq!(unread["count"], 1, "only the favourite is past the marker");
    let (_, markers) = api.get("/api/v1/markers?timeline[]=notifications", Some(&alice)).await;
    assert_eq!(markers["notifications"]["last_read_id"], mention_id);

    let first = all[0]["id"].as_str().unwrap();
    let (status, _) = api.post(&format!("/api/v1/notifications/{first}/dismiss"), Some(&bob), &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "not bob's");
    let (status, _) = api.post(&format!("/api/v1/notifications/{first}/dismiss"), Some(&alice), &[]).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = api.get(&format!("/api/v1/notifications/{first}"), Some(&alice)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = api.post("/api/v1/notifications/clear", Some(&alice), &[]).await;
    assert_eq!(status, StatusCode::OK);
    let (_, none) = api.get("/api/v1/notifications", Some(&alice)).await;
    assert_eq!(none, json!([]));
}

#[tokio::test]
async fn hashtag_bookmark_and_favourite_timelines_list_what_they_should() {
    let instance = Instance::with_users(&["alice", "bob"]);
    let (alice, bob) = (instance.api.user_token("alice").await, instance.api.user_token("bob").await);
    let tagged = post_status(&instance, &alice, &[("status", "#Rust and #fediverse")]).await;
    let other = post_status(&instance, &alice, &[("status", "#rust only")]).await;
    post_status(&instance, &alice, &[("status", "#rust but private"), ("visibility", "private")]).await;
    let (tagged_id, other_id) = (tagged["id"].as_str().unwrap(), other["id"].as_str().unwrap());
    let (_, page) = instance.api.get("/api/v1/timelines/tag/RUST", None).await;
    assert_eq!(ids(&page), vec![other_id.to_string(), tagged_id.to_string()]);
    let (_, page) = instance.api.get("/api/v1/timelines/tag/rust?all[]=fediverse", None).await;
    assert_eq!(ids(&page), vec![tagged_id.to_string()]);
    let (_, page) = instance.api.get("/api/v1/timelines/tag/rust?none[]=fediverse", None).await;
    assert_eq!(ids(&page), vec![other_id.to_string()]);

    instance.api.post(&format!("/api/v1/statuses/{tagged_id}/bookmark"), Some(&bob), &[]).await;
    instance.api.post(&format!("/api/v1/statuses/{other_id}/favourite"), Some(&bob), &[]).await;
    let (_, bookmarks) = instance.api.get("/api/v1/bookmarks", Some(&bob)).await;
    assert_eq!(ids(&bookmarks), vec![tagged_id.to_string()]);
    assert_eq!(bookmarks[0]["bookmarked"], true);
    let (_, favourites) = instance.api.get("/api/v1/favourites", Some(&bob)).await;
    assert_eq!(ids(&favourites), vec![other_id.to_string()]);
    let (_, by) = instance.api.get(&format!("/api/v1/statuses/{other_id}/favourited_by"), None).await;
    assert_eq!(
        by.as_array().unwrap().iter().map(|a| a["acct"].clone()).collect::<Vec<_>>(),
        vec![json!("bob")]
    );
    let (status, _) = instance.api.get("/api/v1/bookmarks", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn preferences_and_custom_emojis_answer_what_apps_read_after_sign_in() {
    let instance = Instance::with_users(&["alice"]);
    let alice = instance.api.user_token("alice").await;
    let (status, prefs) = instance.api.get("/api/v1/preferences", Some(&alice)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(prefs["posting:default:visibility"], "public");
    assert_eq!(prefs["reading:expand:spoilers"], false);
    let (status, _) = instance.api.get("/api/v1/preferences", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, emojis) = instance.api.get("/api/v1/custom_emojis", None).await;
    assert_eq!((status, emojis), (StatusCode::OK, json!([])));
}

#[tokio::test]
async fn blocks_mutes_and_domain_blocks_hide_what_they_should_through_the_api() {
    let instance = Instance::with_users(&["alice", "bob", "carol"]);
    let api = &instance.api;
    let (alice, bob, carol) =
        (api.user_token("alice").await, api.user_token("bob").await, api.user_token("carol").await);
    let (alice_id, bob_id) = (api.account_id("alice").await, api.account_id("bob").await);
    api.post(&format!("/api/v1/accounts/{alice_id}/follow"), Some(&bob), &[]).await;
    let post = post_status(&instance, &alice, &[("status", "hello")]).await;
    let post_id = post["id"].as_str().unwrap();

    let (status, rel) = api.post(&format!("/api/v1/accounts/{alice_id}/block"), Some(&bob), &[]).await;
    assert_eq!(status, StatusCode::OK, "{rel}");
    assert_eq!(
        (&rel["blocking"], &rel["following"]),
        (&json!(true), &json!(false)),
        "the block ended the follow"
    );
    let (_, page) = api.get("/api/v1/timelines/public", Some(&bob)).await;
    assert_eq!(page, json!([]));
    let (status, _) = api.get(&format!("/api/v1/statuses/{post_id}"), Some(&bob)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = api.post(&format!("/api/v1/accounts/{bob_id}/follow"), Some(&alice), &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (_, listed) = api.get("/api/v1/blocks", Some(&bob)).await;
    assert_eq!(listed[0]["id"], alice_id);
    let (_, rel) = api.get(&format!("/api/v1/accounts/relationships?id[]={bob_id}"), Some(&alice)).await;
    assert_eq!(rel[0]["blocked_by"], true);
    api.post(&format!("/api/v1/accounts/{alice_id}/unblock"), Some(&bob), &[]).await;
    let (status, _) = api.get(&format!("/api/v1/statuses/{post_id}"), Some(&bob)).await;
    assert_eq!(status, StatusCode::OK);

    let (status, rel) = api
        .post(
            &format!("/api/v1/accounts/{alice_id}/mute"),
            Some(&carol),
            &[("notifications", "false"), ("duration", "3600")],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{rel}");
    assert_eq!((&rel["muting"], &rel["muting_notifications"]), (&json!(true), &json!(false)));
    let (_, page) = api.get("/api/v1/timelines/public", Some(&carol)).await;
    assert_eq!(page, json!([]), "muted out of the timelines");
    post_status(&instance, &alice, &[("status", "hi @carol")]).await;
    let (_, notes) = api.get("/api/v1/notifications", Some(&carol)).await;
    assert_eq!(notes.as_array().unwrap().len(), 1, "notifications=false keeps them: {notes}");
    let (_, mutes) = api.get("/api/v1/mutes", Some(&carol)).await;
    assert_eq!(mutes[0]["id"], alice_id);
    assert!(mutes[0]["mute_expires_at"].is_string());
    let (status, _) =
        api.post(&format!("/api/v1/accounts/{alice_id}/mute"), Some(&carol), &[("duration", "soon")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    let (status, _) = api.post("/api/v1/domain_blocks", Some(&carol), &[("domain", "Spam.Example")]).await;
    assert_eq!(status, StatusCode::OK);
    let (_, domains) = api.get("/api/v1/domain_blocks", Some(&carol)).await;
    assert_eq!(domains, json!(["spam.example"]));
    let own = instance.server.domain();
    let (status, body) = api.post("/api/v1/domain_blocks", Some(&carol), &[("domain", own.as_str())]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, _, _) =
        api.call(Method::DELETE, "/api/v1/domain_blocks?domain=spam.example", Some(&carol), None).await;
    assert_eq!(status, StatusCode::OK);
    let (_, domains) = api.get("/api/v1/domain_blocks", Some(&carol)).await;
    assert_eq!(domains, json!([]));
    let (status, _) = api.get("/api/v1/blocks", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn edits_keep_a_history_and_the_source_and_pins_show_on_the_profile() {
    let instance = Instance::with_users(&["alice", "bob"]);
    let api = &instance.api;
    let (alice, bob) = (api.user_token("alice").await, api.user_token("bob").await);
    let posted = post_status(&instance, &alice, &[("status", "frist post"), ("spoiler_text", "typo")]).await;
    let id = posted["id"].as_str().unwrap();

    let (status, edited, _) = {
        let res = api
            .http
            .put(api.url(&format!("/api/v1/statuses/{id}")))
            .bearer_auth(&alice)
            .form(&[("status", "first post, #fixed")])
            .send()
            .await
            .unwrap();
        let status = res.status();
        (status, res.json::<Value>().await.unwrap(), ())
    };
    assert_eq!(status, StatusCode::OK, "{edited}");
    assert!(edited["edited_at"].is_string());
    assert_eq!(edited["spoiler_text"], "typo", "what was not sent stays");
    assert!(edited["content"].as_str().unwrap().contains("first post"));
    let res = api
        .http
        .put(api.url(&format!("/api/v1/statuses/{id}")))
        .bearer_auth(&bob)
        .form(&[("status", "mine")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "not bob's to edit");

    let (_, history) = api.get(&format!("/api/v1/statuses/{id}/history"), None).await;
    let contents: Vec<&str> =
        history.as_array().unwrap().iter().map(|v| v["content"].as_str().unwrap()).collect();
    assert_eq!(contents.len(), 2, "{history}");
    assert!(contents[0].contains("frist post") && contents[1].contains("first post"), "{contents:?}");
    assert_eq!(history[0]["account"]["acct"], "alice");
    let (_, source) = api.get(&format!("/api/v1/statuses/{id}/source"), Some(&alice)).await;
    assert_eq!(
        source,
        json!({"id": id, "text": "first post, #fixed", "spoiler_text": "typo", "content_type": "text/plain"})
    );
    let (status, _) = api.get(&format!("/api/v1/statuses/{id}/source"), Some(&bob)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Pleroma's content_type is kept: an edit that does not name it renders the text as written.
    let markdown =
        post_status(&instance, &alice, &[("status", "*a*"), ("content_type", "text/markdown")]).await;
    let markdown_id = markdown["id"].as_str().unwrap();
    let (status, _, edited) = api
        .call(
            Method::PUT,
            &format!("/api/v1/statuses/{markdown_id}"),
            Some(&alice),
            Some(&[("status", "**b**")]),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    assert!(edited["content"].as_str().unwrap().contains("<strong>b</strong>"), "{edited}");
    let (_, source) = api.get(&format!("/api/v1/statuses/{markdown_id}/source"), Some(&alice)).await;
    assert_eq!(source["content_type"], "text/markdown");

    let (status, pinned) = api.post(&format!("/api/v1/statuses/{id}/pin"), Some(&alice), &[]).await;
    assert_eq!(status, StatusCode::OK, "{pinned}");
    assert_eq!(pinned["pinned"], true);
    let alice_id = api.account_id("alice").await;
    let (_, listed) = api.get(&format!("/api/v1/accounts/{alice_id}/statuses?pinned=true"), None).await;
    assert_eq!(ids(&listed), vec![id.to_string()]);
    let (_, as_bob) = api.get(&format!("/api/v1/statuses/{id}"), Some(&bob)).await;
    assert!(as_bob.get("pinned").is_none(), "pinned shows on one's own statuses only: {as_bob}");
    let (status, _) = api.post(&format!("/api/v1/statuses/{id}/pin"), Some(&bob), &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    api.post(&format!("/api/v1/statuses/{id}/unpin"), Some(&alice), &[]).await;
    let (_, listed) = api.get(&format!("/api/v1/accounts/{alice_id}/statuses?pinned=true"), None).await;
    assert_eq!(listed, json!([]));
}

#[tokio::test]
async fn megalodon_edits_a_status_and_reads_its_source() {
    use megalodon::megalodon::{EditStatusInputOptions, PostStatusOutput};
    let instance = Instance::with_users(&["alice"]);
    let token = instance.api.user_token("alice").await;
    let alice =
        megalodon::generator(megalodon::SNS::Mastodon, instance.server.url(""), Some(token), None).unwrap();
    let PostStatusOutput::Status(posted) = alice.post_status("before".into(), None).await.expect("post").json
    else {
        panic!("a status")
    };
    let options = EditStatusInputOptions { status: Some("after".into()), ..Default::default() };
    let edited =
        alice.edit_status(posted.id.clone(), &options).await.expect("megalodon parses the edit").json;
    assert!(edited.content.contains("after"));
    assert!(edited.edited_at.is_some());
    let source = alice.get_status_source(posted.id.clone()).await.expect("source").json;
    assert_eq!(source.text, "after");
}

#[tokio::test]
async fn a_grouped_notification_counts_its_whole_group_not_only_what_its_page_shows() {
    let instance = Instance::with_users(&["alice", "bob", "carol", "dave"]);
    let api = &instance.api;
    let tokens = [api.user_token("alice").await, api.user_token("bob").await, api.user_token("carol").await];
    let [alice, bob, carol] = &tokens;
    let dave = api.user_token("dave").await;
    let post = post_status(&instance, alice, &[("status", "like this")]).await;
    let id = post["id"].as_str().unwrap();
    // Newest first: dave's favourite, carol's mention, bob's favourite.
    api.post(&format!("/api/v1/statuses/{id}/favourite"), Some(bob), &[]).await;
    post_status(&instance, carol, &[("status", "@alice between the two")]).await;
    api.post(&format!("/api/v1/statuses/{id}/favourite"), Some(&dave), &[]).await;
    let (bob_id, dave_id) = (api.account_id("bob").await, api.account_id("dave").await);

    let (_, first) = api.get("/api/v2/notifications?limit=1", Some(alice)).await;
    let group = &first["notification_groups"][0];
    assert_eq!(group["type"], "favourite", "{first}");
    assert_eq!(group["notifications_count"], 2, "bob's favourite is further down, still counted: {first}");
    assert_eq!(group["sample_account_ids"], json!([dave_id, bob_id]), "newest first");
    let accounts: Vec<&str> =
        first["accounts"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert!(accounts.contains(&bob_id.as_str()), "sampled accounts are side-loaded: {first}");
    let (_, one) = api
        .get(&format!("/api/v2/notifications/{}", group["group_key"].as_str().unwrap()), Some(alice))
        .await;
    assert_eq!(one["notification_groups"][0]["notifications_count"], 2);

    // Further down, the same group counts what lies below that page's newest notification.
    let (_, second) = api
        .get(
            &format!("/api/v2/notifications?limit=2&max_id={}", group["page_min_id"].as_str().unwrap()),
            Some(alice),
        )
        .await;
    let types: Vec<&str> = second["notification_groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["mention", "favourite"], "{second}");
    assert_eq!(second["notification_groups"][1]["notifications_count"], 1, "{second}");
}

#[tokio::test]
async fn grouped_notifications_fold_favourites_of_a_status_and_page_by_group() {
    let instance = Instance::with_users(&["alice", "bob", "carol"]);
    let api = &instance.api;
    let (alice, bob, carol) =
        (api.user_token("alice").await, api.user_token("bob").await, api.user_token("carol").await);
    let post = post_status(&instance, &alice, &[("status", "like this")]).await;
    let id = post["id"].as_str().unwrap();
    post_status(&instance, &bob, &[("status", "@alice hello")]).await;
    for token in [&bob, &carol] {
        api.post(&format!("/api/v1/statuses/{id}/favourite"), Some(token), &[]).await;
    }
    let (status, headers, grouped) = api.call(Method::GET, "/api/v2/notifications", Some(&alice), None).await;
    assert_eq!(status, StatusCode::OK, "{grouped}");
    let groups = grouped["notification_groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2, "{grouped}");
    assert_eq!(groups[0]["type"], "favourite");
    assert_eq!(groups[0]["notifications_count"], 2);
    assert_eq!(groups[0]["status_id"], id);
    assert_eq!(groups[0]["sample_account_ids"].as_array().unwrap().len(), 2);
    assert!(groups[0]["most_recent_notification_id"].is_i64(), "a number, as Mastodon: {grouped}");
    assert_eq!(groups[1]["type"], "mention");
    assert_eq!(grouped["statuses"].as_array().unwrap().len(), 2, "the liked status and the mention");
    assert_eq!(grouped["accounts"].as_array().unwrap().len(), 2, "bob and carol");
    assert!(headers.contains_key("link"));

    let (_, first) = api.get("/api/v2/notifications?limit=1", Some(&alice)).await;
    assert_eq!(first["notification_groups"][0]["type"], "favourite");
    let oldest = first["notification_groups"][0]["page_min_id"].as_str().unwrap();
    let (_, next) = api.get(&format!("/api/v2/notifications?limit=1&max_id={oldest}"), Some(&alice)).await;
    assert_eq!(next["notification_groups"][0]["type"], "mention");
    let (_, ungrouped) = api.get("/api/v2/notifications?grouped_types[]=reblog", Some(&alice)).await;
    assert_eq!(
        ungrouped["notification_groups"].as_array().unwrap().len(),
        3,
        "favourites not grouped when not asked"
    );
    let (_, v1) = api.get("/api/v1/notifications", Some(&alice)).await;
    assert_eq!(v1[0]["group_key"], groups[0]["group_key"], "v1 names the same group");

    // One group by its key, its accounts, and dismissing it.
    let key = groups[0]["group_key"].as_str().unwrap();
    let (status, one) = api.get(&format!("/api/v2/notifications/{key}"), Some(&alice)).await;
    assert_eq!(status, StatusCode::OK, "{one}");
    assert_eq!(one["notification_groups"].as_array().unwrap().len(), 1);
    assert_eq!(one["notification_groups"][0]["notifications_count"], 2);
    assert_eq!(one["statuses"][0]["id"], id);
    let (_, accounts) = api.get(&format!("/api/v2/notifications/{key}/accounts"), Some(&alice)).await;
    let names: Vec<&str> = accounts.as_array().unwrap().iter().map(|a| a["acct"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["carol", "bob"], "newest first");
    assert_eq!(api.get(&format!("/api/v2/notifications/{key}"), Some(&bob)).await.0, StatusCode::NOT_FOUND);
    assert_eq!(api.get("/api/v2/notifications/no-such-key", Some(&alice)).await.0, StatusCode::NOT_FOUND);
    let (status, _) = api.post(&format!("/api/v2/notifications/{key}/dismiss"), Some(&alice), &[]).await;
    assert_eq!(status, StatusCode::OK);
    let (_, after) = api.get("/api/v2/notifications", Some(&alice)).await;
    let types: Vec<&str> = after["notification_groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["type"].as_str().unwrap())
        .collect();
    assert_eq!(types, vec!["mention"], "both favourites went with their group");
    assert_eq!(
        api.post(&format!("/api/v2/notifications/{key}/dismiss"), Some(&alice), &[]).await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_markdown_status_keeps_its_structure_with_mentions_and_tags_and_no_raw_html() {
    let instance = Instance::with_users(&["alice", "bob"]);
    let alice = instance.api.user_token("alice").await;
    let text = "**Release** notes for @bob:\n\n- fixed `#123`\n- see [the post](https://example.com/post) #plero\n\n<img src=x onerror=alert(1)>";
    let posted = post_status(&instance, &alice, &[("status", text), ("content_type", "text/markdown")]).await;
    let content = posted["content"].as_str().unwrap();
    assert!(content.starts_with("<p><strong>Release</strong> notes for <span class=\"h-card\""), "{content}");
    assert!(content.contains("<ul><li>fixed <code>#123</code></li>"), "code is no hashtag: {content}");
    assert!(content.contains(">the post</a>"), "{content}");
    assert!(content.contains("&lt;img src=x onerror=alert(1)&gt;") && !content.contains("<img"), "{content}");
    assert_eq!(posted["mentions"][0]["acct"], "bob");
    assert_eq!(
        posted["tags"].as_array().unwrap().iter().map(|t| t["name"].clone()).collect::<Vec<_>>(),
        vec!["plero"]
    );
}
