//! Profile images on disk, against the real `pleroctl serve`: `/media/…` serves only what plero
//! stored, replaced and deleted accounts' files go, a refused edit writes nothing, and the body
//! limit follows `uploads.size_limit_bytes`.

mod support;

use std::path::{Path, PathBuf};

use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::Value;
use support::accounts::{Instance, create_user};
use support::db::TestDb;
use support::mastodon::Api;
use support::{ServerBuilder, TestServer};

/// Runs `async fn case(server: TestServer)` on a server over SQLite (`sqlite`) and one over a fresh
/// PostgreSQL database (`postgres`), each with user `alice`. Sync tests: creating and dropping the
/// PostgreSQL database blocks, outside the test's runtime.
macro_rules! on_both_backends {
    ($($(#[$doc:meta])* async fn $name:ident($server:ident: TestServer) $body:block)*) => {$(
        $(#[$doc])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn case($server: TestServer) $body

            #[test]
            fn sqlite() {
                run(TestServer::builder(), case);
            }

            #[test]
            fn postgres() {
                let db = TestDb::postgres();
                let url = db.pg_url().expect("a PostgreSQL database");
                let prod = format!("[database]\nbackend = \"postgres\"\nurl = \"{url}\"\n");
                run(TestServer::builder().file("prod.toml", &prod), case);
            }
        }
    )*};
}

fn run<F: std::future::Future<Output = ()>>(builder: ServerBuilder, case: impl FnOnce(TestServer) -> F) {
    let server = builder.start();
    create_user(&server, "alice", &[]);
    tokio::runtime::Runtime::new().expect("a tokio runtime").block_on(case(server));
}

/// The uploads directory of a test server: the default `uploads`, in its working directory.
fn uploads_dir(server: &TestServer) -> PathBuf {
    server.config_dir().parent().unwrap().join("uploads")
}

/// Every regular file under `dir` (none when it does not exist).
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files = Vec::new();
    for entry in entries.map(Result::unwrap) {
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            files.extend(files_under(&entry.path()));
        } else {
            files.push(entry.path());
        }
    }
    files
}

/// A tiny JPEG container; `tag` lands in a comment-free APP0 so two images differ.
fn jpeg(tag: u8) -> Vec<u8> {
    let mut bytes = vec![0xff, 0xd8, 0xff, 0xe0, 0x00, 0x07, b'J', b'F', b'I', b'F', tag];
    bytes.extend_from_slice(&[0xff, 0xda, 0x00, 0x02, 0xff, 0xd9]);
    bytes
}

/// A JPEG of about `size` bytes (a long scan).
fn big_jpeg(size: usize) -> Vec<u8> {
    let mut bytes = jpeg(0);
    let end = bytes.split_off(bytes.len() - 2);
    bytes.resize(size, 0x11);
    bytes.extend(end);
    bytes
}

fn image(bytes: Vec<u8>) -> Part {
    Part::bytes(bytes).file_name("me.jpg").mime_str("image/jpeg").unwrap()
}

async fn update(api: &Api, token: &str, form: Form) -> (StatusCode, Value) {
    let url = api.url("/api/v1/accounts/update_credentials");
    let res = api.http.patch(url).bearer_auth(token).multipart(form).send().await.expect("PATCH");
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// The file behind one of our `/media/` URLs.
fn file_of(server: &TestServer, url: &str) -> PathBuf {
    let path = url.strip_prefix(&server.url("/media/")).unwrap_or_else(|| panic!("not a media URL: {url}"));
    uploads_dir(server).join(path)
}

/// The status line of a bare `GET path`, sent as written (a client library would resolve `..`).
fn status_of(server: &TestServer, path: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", server.port())).expect("connects");
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", server.domain()).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("the server answers");
    String::from_utf8_lossy(&response).lines().next().unwrap_or_default().to_string()
}

#[tokio::test]
async fn media_serves_only_files_plero_stored_never_the_database_config_dotfiles_or_links() {
    let Instance { server, api } = Instance::with_users(&["alice"]);
    let token = api.user_token("alice").await;
    let (status, me) = update(&api, &token, Form::new().part("avatar", image(jpeg(1)))).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    let avatar = me["avatar"].as_str().unwrap().to_string();
    let stored = file_of(&server, &avatar);
    let folder = stored.parent().unwrap().to_path_buf();
    let served = |name: &str| {
        format!("/media/{}", folder.join(name).strip_prefix(uploads_dir(&server)).unwrap().display())
    };
    assert!(status_of(&server, &served(stored.file_name().unwrap().to_str().unwrap())).contains("200"));

    // Things an operator (or an attacker with a symlink) could leave in the uploads directory.
    let uploads = uploads_dir(&server);
    let database = server.config_dir().parent().unwrap().join("data/plero.db");
    std::fs::copy(&database, uploads.join("plero.db")).unwrap();
    std::fs::write(uploads.join("prod.secret.toml"), "secret_key_base = \"x\"").unwrap();
    std::fs::write(uploads.join(".env"), "DB_PASSWORD=x").unwrap();
    let random = "A".repeat(43);
    std::os::unix::fs::symlink(&database, folder.join(format!("{random}.jpg"))).unwrap();
    std::os::unix::fs::symlink(&stored, folder.join(format!("{}.jpg", "B".repeat(43)))).unwrap();
    std::fs::write(folder.join(format!("{}.jpg", "C".repeat(43))), "<html><script>alert(1)</script>")
        .unwrap();
    std::fs::write(folder.join(format!("{}.png", "D".repeat(43))), jpeg(2)).unwrap();
    let dotfile = format!(".{}.tmp", stored.file_name().unwrap().to_str().unwrap());
    std::fs::copy(&stored, folder.join(&dotfile)).unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join(format!("{random}.jpg")), jpeg(3)).unwrap();
    let linked_folder = folder.parent().unwrap().join("999");
    std::os::unix::fs::symlink(outside.path(), &linked_folder).unwrap();

    for path in [
        "/media/plero.db".to_string(),
        "/media/prod.secret.toml".into(),
        "/media/.env".into(),
        "/media/../data/plero.db".into(),
        "/media/%2e%2e/data/plero.db".into(),
        "/media/accounts/%2e%2e/%2e%2e/data/plero.db".into(),
        "/media/accounts/avatars/..%2f..%2f..%2fdata%2fplero.db".into(),
        served(&format!("{random}.jpg")),
        served(&format!("{}.jpg", "B".repeat(43))),
        served(&format!("{}.jpg", "C".repeat(43))),
        served(&format!("{}.png", "D".repeat(43))),
        format!("/media/accounts/avatars/999/{random}.jpg"),
        served(&dotfile),
    ] {
        let status = status_of(&server, &path);
        assert!(status.contains("404"), "{path}: {status}");
    }
}

on_both_backends! {
    async fn a_replaced_avatar_or_header_is_deleted_from_disk(server: TestServer) {
        let api = Api::new(&server.url(""));
        let token = api.user_token("alice").await;
        let form = Form::new().part("avatar", image(jpeg(1))).part("header", image(jpeg(2)));
        let (status, first) = update(&api, &token, form).await;
        assert_eq!(status, StatusCode::OK, "{first}");
        let (old_avatar, old_header) = (first["avatar"].as_str().unwrap(), first["header"].as_str().unwrap());
        let (status, second) = update(&api, &token, Form::new().part("avatar", image(jpeg(3)))).await;
        assert_eq!(status, StatusCode::OK, "{second}");
        let new_avatar = second["avatar"].as_str().unwrap();
        assert_ne!(new_avatar, old_avatar);
        assert!(!file_of(&server, old_avatar).exists(), "the replaced avatar is deleted");
        assert_eq!(api.http.get(old_avatar).send().await.unwrap().status(), StatusCode::NOT_FOUND);
        assert_eq!(api.http.get(new_avatar).send().await.unwrap().status(), StatusCode::OK);
        assert_eq!(second["header"], old_header, "the header was not replaced");
        assert!(file_of(&server, old_header).exists(), "so it stays");
        let (status, third) = update(&api, &token, Form::new().part("header", image(jpeg(4)))).await;
        assert_eq!(status, StatusCode::OK, "{third}");
        assert!(!file_of(&server, old_header).exists(), "the replaced header is deleted");
        assert_eq!(files_under(&uploads_dir(&server)).len(), 2, "one avatar, one header");
    }

    async fn an_edit_refused_for_its_display_name_writes_no_image(server: TestServer) {
        let api = Api::new(&server.url(""));
        let token = api.user_token("alice").await;
        let form = Form::new().part("avatar", image(jpeg(1))).text("display_name", "x".repeat(31));
        let (status, body) = update(&api, &token, form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body["error"].as_str().unwrap().contains("display_name"), "{body}");
        let form = Form::new().part("header", image(jpeg(2))).text("fields_attributes[0][name]", "evil\u{1b}[31m");
        let (status, body) = update(&api, &token, form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body["error"].as_str().unwrap().contains("fields_attributes"), "{body}");
        let form = Form::new().part("avatar", image(jpeg(3))).part("header", image(b"<svg/>".to_vec()));
        let (status, body) = update(&api, &token, form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body["error"].as_str().unwrap().contains("header"), "{body}");
        assert_eq!(files_under(&uploads_dir(&server)), Vec::<PathBuf>::new(), "no file left behind");
        let (_, me) = api.get("/api/v1/accounts/verify_credentials", Some(&token)).await;
        assert!(me["avatar"].as_str().unwrap().ends_with("/avatars/original/missing.png"), "{me}");
    }

    async fn user_rm_deletes_the_accounts_images(server: TestServer) {
        let api = Api::new(&server.url(""));
        create_user(&server, "bob", &[]);
        for nick in ["alice", "bob"] {
            let token = api.user_token(nick).await;
            let form = Form::new().part("avatar", image(jpeg(1))).part("header", image(jpeg(2)));
            assert_eq!(update(&api, &token, form).await.0, StatusCode::OK);
        }
        assert_eq!(files_under(&uploads_dir(&server)).len(), 4);
        let out = server.pleroctl(&["user", "rm", "alice", "--yes"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let left = files_under(&uploads_dir(&server));
        assert_eq!(left.len(), 2, "only bob's images are left: {left:?}");
        let bob = api.get("/api/v1/accounts/lookup?acct=bob", None).await.1;
        for url in [bob["avatar"].as_str().unwrap(), bob["header"].as_str().unwrap()] {
            assert!(left.contains(&file_of(&server, url)), "{url}");
        }
    }
}

#[tokio::test]
async fn an_upload_over_the_old_fixed_limit_is_taken_when_uploads_size_limit_bytes_allows_it() {
    let Instance { server: _server, api } = Instance::with_users(&["alice"]);
    let token = api.user_token("alice").await;
    let (status, me) = update(&api, &token, Form::new().part("avatar", image(big_jpeg(3 << 20)))).await;
    assert_eq!(status, StatusCode::OK, "3 MiB is under the default 16 MiB: {me}");
}

#[tokio::test]
async fn a_body_over_the_upload_limit_is_413_naming_the_limit() {
    let server = TestServer::builder().set("uploads.size_limit_bytes", "100000").start();
    let Instance { server: _server, api } = Instance::on(server, &["alice"]);
    let token = api.user_token("alice").await;
    let (status, body) = update(&api, &token, Form::new().part("avatar", image(big_jpeg(150_000)))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "one file over the limit: {body}");
    assert!(body["error"].as_str().unwrap().contains("over the limit of 100000 bytes"), "{body}");
    let (status, body) = update(&api, &token, Form::new().part("avatar", image(big_jpeg(1_300_000)))).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    let error = body["error"].as_str().unwrap();
    assert!(error.contains("over the limit of 1248576 bytes"), "2 × 100000 + 1 MiB: {error}");
    assert!(error.contains("uploads.size_limit_bytes"), "{error}");
}

#[tokio::test]
async fn routes_without_uploads_keep_a_small_body_limit() {
    let Instance { server: _server, api } = Instance::with_users(&[]);
    let form = Form::new()
        .text("client_name", "x".repeat(1_500_000))
        .text("redirect_uris", "urn:ietf:wg:oauth:2.0:oob");
    let res = api.http.post(api.url("/api/v1/apps")).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body: Value = res.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("over the limit of 1048576 bytes"), "{body}");
}

// Status attachments: `/api/v1/media` and `/api/v2/media`.

/// POSTs a multipart upload to `path` (`/api/v1/media` or `/api/v2/media`).
async fn upload_media(api: &Api, token: &str, path: &str, form: Form) -> (StatusCode, Value) {
    let res =
        api.http.post(api.url(path)).bearer_auth(token).multipart(form).send().await.expect("POST media");
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn photo(bytes: Vec<u8>) -> Part {
    Part::bytes(bytes).file_name("photo.jpg").mime_str("image/jpeg").unwrap()
}

/// GETs one of our media URLs: its status, content type and bytes.
async fn fetch(api: &Api, url: &str) -> (StatusCode, String, Vec<u8>) {
    let res = api.http.get(url).send().await.expect("GET media file");
    let status = res.status();
    let kind = res.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    (status, kind, res.bytes().await.unwrap().to_vec())
}

on_both_backends! {
    /// What an app does to post a photo: upload, describe, post with it; then anyone reads it,
    /// and the media-only timelines list it.
    async fn a_photo_is_uploaded_described_posted_and_served_without_its_exif(server: TestServer) {
        let api = Api::new(&server.url(""));
        create_user(&server, "bob", &[]);
        let alice = api.user_token("alice").await;
        let bob = api.user_token("bob").await;
        let bytes = support::images::jpeg_with_exif(1200, 900, b"GPS-SECRET-PLACE");
        let form = Form::new().part("file", photo(bytes)).text("description", "a gradient").text("focus", "0.5,-0.5");
        let (status, media) = upload_media(&api, &alice, "/api/v2/media", form).await;
        assert_eq!(status, StatusCode::OK, "{media}");
        assert_eq!(media["type"], "image");
        assert_eq!(media["description"], "a gradient");
        assert_eq!(media["meta"]["original"]["width"], 1200);
        assert_eq!(media["meta"]["original"]["height"], 900);
        assert_eq!(media["meta"]["original"]["size"], "1200x900");
        assert_eq!(media["meta"]["focus"], serde_json::json!({"x": 0.5, "y": -0.5}));
        let small = &media["meta"]["small"];
        let (w, h) = (small["width"].as_u64().unwrap(), small["height"].as_u64().unwrap());
        let aspect = w as f64 / h as f64;
        assert!(w * h <= 480 * 480 && (aspect - 4.0 / 3.0).abs() < 0.01, "a preview of the same aspect: {small}");
        assert_eq!(media["blurhash"].as_str().map(str::len), Some(28), "{media}");

        let (status, kind, original) = fetch(&api, media["url"].as_str().unwrap()).await;
        assert_eq!((status, kind.as_str()), (StatusCode::OK, "image/jpeg"));
        assert!(!original.windows(10).any(|w| w == b"GPS-SECRET"), "the place the photo was taken is gone");
        let (status, kind, _) = fetch(&api, media["preview_url"].as_str().unwrap()).await;
        assert_eq!((status, kind.as_str()), (StatusCode::OK, "image/jpeg"));

        let id = media["id"].as_str().unwrap();
        let path = format!("/api/v1/media/{id}");
        assert_eq!(api.get(&path, Some(&bob)).await.0, StatusCode::NOT_FOUND, "only the uploader reads it");
        let (status, _, described) =
            api.call(reqwest::Method::PUT, &path, Some(&alice), Some(&[("description", "a blue gradient")])).await;
        assert_eq!(status, StatusCode::OK, "{described}");
        assert_eq!(described["description"], "a blue gradient");
        assert_eq!(api.get(&path, Some(&alice)).await.1["description"], "a blue gradient");

        let (status, refused) = api.post("/api/v1/statuses", Some(&bob), &[("status", "mine"), ("media_ids[]", id)]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        assert!(refused["error"].as_str().unwrap().contains("Media_ids: "), "{refused}");

        let (status, posted) = api.post("/api/v1/statuses", Some(&alice), &[("status", ""), ("media_ids[]", id)]).await;
        assert_eq!(status, StatusCode::OK, "media without text is a post: {posted}");
        assert_eq!(posted["media_attachments"][0]["id"], id);
        assert_eq!(posted["media_attachments"][0]["description"], "a blue gradient");
        let (status, again) = api.post("/api/v1/statuses", Some(&alice), &[("status", "again"), ("media_ids[]", id)]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "one status per attachment: {again}");
        api.post("/api/v1/statuses", Some(&alice), &[("status", "just words")]).await;

        let status_id = posted["id"].as_str().unwrap();
        let read = api.get(&format!("/api/v1/statuses/{status_id}"), None).await.1;
        assert_eq!(read["media_attachments"], posted["media_attachments"], "signed out sees the same media");
        let media_only = api.get("/api/v1/timelines/public?only_media=true", None).await.1;
        assert_eq!(media_only.as_array().unwrap().len(), 1, "{media_only}");
        assert_eq!(media_only[0]["id"], status_id);
        let alice_id = api.account_id("alice").await;
        let profile = api.get(&format!("/api/v1/accounts/{alice_id}/statuses?only_media=true"), None).await.1;
        assert_eq!(profile.as_array().unwrap().iter().map(|s| s["id"].clone()).collect::<Vec<_>>(), vec![posted["id"].clone()]);
    }
}

on_both_backends! {
    /// Mastodon lets an edit add, drop and reorder a status's attachments; the history shows what
    /// each version had, and an attachment dropped by an edit is not taken by another post.
    async fn an_edit_changes_the_attachments_and_the_history_keeps_each_versions(server: TestServer) {
        let api = Api::new(&server.url(""));
        let alice = api.user_token("alice").await;
        let mut ids = Vec::new();
        for size in [(64, 48), (48, 64), (40, 40)] {
            let form = Form::new().part("file", photo(support::images::jpeg(size.0, size.1)));
            let (status, media) = upload_media(&api, &alice, "/api/v1/media", form).await;
            assert_eq!(status, StatusCode::OK, "{media}");
            ids.push(media["id"].as_str().unwrap().to_string());
        }
        let (a, b, c) = (ids[0].as_str(), ids[1].as_str(), ids[2].as_str());
        let (status, posted) = api.post("/api/v1/statuses", Some(&alice), &[("status", "one"), ("media_ids[]", a)]).await;
        assert_eq!(status, StatusCode::OK, "{posted}");
        let path = format!("/api/v1/statuses/{}", posted["id"].as_str().unwrap());
        let attached = |status: &Value| -> Vec<String> {
            status["media_attachments"].as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap().to_string()).collect()
        };

        let edit = |fields: Vec<(&'static str, String)>| {
            let (api, alice, path) = (&api, &alice, &path);
            async move {
                let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let (status, _, body) = api.call(reqwest::Method::PUT, path, Some(alice.as_str()), Some(fields.as_slice())).await;
                (status, body)
            }
        };
        let (status, edited) = edit(vec![("status", "two".into()), ("media_ids[]", b.into()), ("media_ids[]", a.into())]).await;
        assert_eq!(status, StatusCode::OK, "{edited}");
        assert_eq!(attached(&edited), [b, a], "added and reordered");
        let (status, edited) = edit(vec![("status", "three".into()), ("media_ids[]", b.into())]).await;
        assert_eq!(status, StatusCode::OK, "{edited}");
        assert_eq!(attached(&edited), [b], "dropped");
        assert_eq!(attached(&api.get(&path, None).await.1), [b]);

        let history = api.get(&format!("{path}/history"), None).await.1;
        let versions: Vec<Vec<String>> = history.as_array().unwrap().iter().map(attached).collect();
        assert_eq!(versions, vec![vec![a.to_string()], vec![b.to_string(), a.to_string()], vec![b.to_string()]], "{history}");

        let (status, refused) = api.post("/api/v1/statuses", Some(&alice), &[("status", "reuse"), ("media_ids[]", a)]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "the history keeps it: {refused}");
        let (status, refused) = edit(vec![("status", "four".into()), ("media_ids[]", b.into()), ("media_ids[]", b.into())]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        assert!(refused["error"].as_str().unwrap().contains("Media_ids: "), "{refused}");
        let (status, _) = edit(vec![("status", "five".into()), ("media_ids[]", c.into())]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(attached(&api.get(&path, None).await.1), [c]);
        assert_eq!(api.get(&format!("{path}/source"), Some(&alice)).await.1["text"], "five");
    }
}

#[tokio::test]
async fn uploads_that_are_no_image_too_many_pixels_or_missing_are_refused_naming_the_field() {
    let Instance { server, api } = Instance::with_users(&["alice"]);
    let token = api.user_token("alice").await;
    let svg =
        Part::bytes(b"<svg onload=alert(1)>".to_vec()).file_name("x.svg").mime_str("image/svg+xml").unwrap();
    let (status, body) = upload_media(&api, &token, "/api/v1/media", Form::new().part("file", svg)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["error"].as_str().unwrap().contains("File: not a PNG, JPEG, WebP or GIF"), "{body}");
    let (status, body) =
        upload_media(&api, &token, "/api/v1/media", Form::new().text("description", "x")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["error"].as_str().unwrap().contains("`file`"), "{body}");
    let (status, body) = upload_media(
        &api,
        &token,
        "/api/v1/media",
        Form::new().part("file", photo(support::images::jpeg(8, 8))).text("focus", "2,0"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["error"].as_str().unwrap().contains("focus"), "{body}");
    let (status, _) = upload_media(
        &api,
        "no-such-token",
        "/api/v1/media",
        Form::new().part("file", photo(support::images::jpeg(8, 8))),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(files_under(&uploads_dir(&server).join("attachments")).is_empty(), "nothing refused was stored");
}

#[tokio::test]
async fn megalodon_uploads_media_and_posts_it() {
    use megalodon::entities::UploadMedia;
    use megalodon::megalodon::{PostStatusInputOptions, PostStatusOutput, UploadMediaInputOptions};
    let Instance { server: _server, api } = Instance::with_users(&["alice"]);
    let token = api.user_token("alice").await;
    let client = megalodon::generator(megalodon::SNS::Mastodon, api.url(""), Some(token), None).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sunset.jpg");
    std::fs::write(&file, support::images::jpeg(640, 480)).unwrap();
    let options = UploadMediaInputOptions { description: Some("a sunset".into()), focus: None };
    let uploaded = client
        .upload_media(file.display().to_string(), Some(&options))
        .await
        .expect("megalodon uploads and parses the attachment")
        .json;
    let UploadMedia::Attachment(attachment) = uploaded else { panic!("processed at once: {uploaded:?}") };
    assert_eq!(attachment.description.as_deref(), Some("a sunset"));
    let options =
        PostStatusInputOptions { media_ids: Some(vec![attachment.id.clone()]), ..Default::default() };
    let posted = client.post_status("look".into(), Some(&options)).await.expect("post with media").json;
    let PostStatusOutput::Status(posted) = posted else { panic!("a status") };
    assert_eq!(
        posted.media_attachments.iter().map(|m| m.id.clone()).collect::<Vec<_>>(),
        vec![attachment.id]
    );
    assert!(posted.media_attachments[0].preview_url.is_some());
}

#[test]
fn mastodon_py_uploads_media_describes_it_and_posts_it() {
    let Some(python) = support::clients::venv_python() else { return };
    let Instance { server, api: _api } = Instance::with_users(&["alice"]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cat.jpg");
    std::fs::write(&file, support::images::jpeg(300, 200)).unwrap();
    let seen =
        support::clients::run_python(&python, "mastodon_py_media.py", &server, &[file.to_str().unwrap()]);
    assert_eq!(seen["uploaded_type"], "image");
    assert_eq!(seen["uploaded_size"], serde_json::json!([300, 200]));
    assert_eq!(seen["described"], "a cat, described later");
    assert_eq!(seen["posted_media"], serde_json::json!([seen["media_id"].clone()]));
    assert_eq!(seen["read_description"], "a cat, described later");
    assert!(seen["served_bytes"].as_u64().unwrap() > 100, "{seen}");
}
