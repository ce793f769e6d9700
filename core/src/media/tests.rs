//! Uploading, describing, attaching and sweeping media, on both backends, with files in a
//! temporary local uploads directory.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, Rgb, RgbImage};

use super::*;
use crate::statuses::{self, Compose, PostError};
use crate::store::testing::{store_tests, user};
use crate::uploads::LocalUploads;

fn config() -> Config {
    let mut config = Config::default();
    config.instance.domain = "social.example".into();
    config
}

fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
    let mut bytes = Vec::new();
    DynamicImage::ImageRgb8(image).write_to(&mut Cursor::new(&mut bytes), ImageFormat::Jpeg).unwrap();
    bytes
}

fn uploads() -> (tempfile::TempDir, Uploader) {
    let dir = tempfile::tempdir().unwrap();
    let uploader = Uploader::Local(LocalUploads::new(dir.path().to_path_buf(), "https://social.example"));
    (dir, uploader)
}

fn photo(width: u32, height: u32) -> Upload {
    Upload { bytes: jpeg(width, height), description: Some("a test card".into()), focus: None }
}

fn stored(dir: &tempfile::TempDir, key: &Option<String>) -> bool {
    dir.path().join(key.as_deref().expect("a key")).is_file()
}

store_tests! {
    async fn an_upload_is_stored_with_its_size_preview_and_blurhash(store: &Store) {
        let (dir, uploader) = uploads();
        let alice = user(store, "alice").await;
        let media = upload(store, &config(), &uploader, alice.account.id, photo(900, 600)).await.unwrap();
        assert_eq!(media.kind, MediaKind::Image);
        assert_eq!(media.content_type, "image/jpeg");
        assert_eq!(media.original.map(|d| (d.width, d.height)), Some((900, 600)));
        let small = media.small.expect("a preview size");
        let aspect = f64::from(small.width) / f64::from(small.height);
        assert!(small.width < 900 && (aspect - 1.5).abs() < 0.01, "{small:?}");
        assert_eq!(media.blurhash.as_deref().map(str::len), Some(28));
        assert_eq!(media.description.as_deref(), Some("a test card"));
        assert!(media.status_id.is_none());
        assert!(stored(&dir, &media.file_key) && stored(&dir, &media.preview_key));
        let url = media.url.as_deref().unwrap();
        assert!(url.starts_with("https://social.example/media/attachments/"), "{url}");
        assert_eq!(find_own(store, alice.account.id, media.id).await.unwrap(), media);
    }

    async fn what_is_refused_is_named_and_leaves_nothing_behind(store: &Store) {
        let (dir, uploader) = uploads();
        let alice = user(store, "alice").await;
        let svg = Upload { bytes: b"<svg onload=alert(1)>".to_vec(), ..Upload::default() };
        let err = upload(store, &config(), &uploader, alice.account.id, svg).await.unwrap_err();
        assert!(err.to_string().starts_with("file: not a PNG, JPEG, WebP or GIF"), "{err}");
        let mut small_limit = config();
        small_limit.uploads.size_limit_bytes = 100;
        let err = upload(store, &small_limit, &uploader, alice.account.id, photo(64, 64)).await.unwrap_err();
        assert!(err.to_string().contains("uploads.size_limit_bytes"), "{err}");
        let long = Upload { description: Some("x".repeat(MAX_DESCRIPTION + 1)), ..photo(8, 8) };
        let err = upload(store, &config(), &uploader, alice.account.id, long).await.unwrap_err();
        assert!(err.to_string().starts_with("description:"), "{err}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no file was written");
    }

    async fn only_the_uploader_reads_and_describes_an_upload(store: &Store) {
        let (_dir, uploader) = uploads();
        let alice = user(store, "alice").await;
        let bob = user(store, "bob").await;
        let media = upload(store, &config(), &uploader, alice.account.id, photo(32, 32)).await.unwrap();
        assert!(matches!(find_own(store, bob.account.id, media.id).await, Err(MediaError::NotFound)));
        let focus = Focus::parse("0.5,-0.25").unwrap();
        let refused = describe(store, bob.account.id, media.id, Some("mine".into()), None).await;
        assert!(matches!(refused, Err(MediaError::NotFound)));
        let described = describe(store, alice.account.id, media.id, Some("a cat".into()), Some(focus)).await.unwrap();
        assert_eq!(described.description.as_deref(), Some("a cat"));
        assert_eq!(described.focus, Some(focus));
        let kept = describe(store, alice.account.id, media.id, None, None).await.unwrap();
        assert_eq!((kept.description.as_deref(), kept.focus), (Some("a cat"), Some(focus)));
    }

    async fn a_status_attaches_its_authors_unused_uploads_in_order(store: &Store) {
        let (_dir, uploader) = uploads();
        let alice = user(store, "alice").await;
        let bob = user(store, "bob").await;
        let first = upload(store, &config(), &uploader, alice.account.id, photo(20, 10)).await.unwrap();
        let second = upload(store, &config(), &uploader, alice.account.id, photo(10, 20)).await.unwrap();
        let bobs = upload(store, &config(), &uploader, bob.account.id, photo(10, 10)).await.unwrap();

        let theirs = Compose { media_ids: vec![bobs.id], ..Compose::text("stolen") };
        let refused = statuses::post(store, &config(), &alice.account, theirs).await;
        assert!(matches!(refused, Err(PostError::MediaNotAttachable(id)) if id == bobs.id), "{refused:?}");
        let twice = Compose { media_ids: vec![first.id, first.id], ..Compose::text("twice") };
        assert!(matches!(statuses::post(store, &config(), &alice.account, twice).await, Err(PostError::TooManyMedia(2))));

        // Text may be blank when media come along.
        let compose = Compose { media_ids: vec![second.id, first.id], ..Compose::text("") };
        let posted = statuses::post(store, &config(), &alice.account, compose).await.unwrap();
        assert_eq!(posted.media.iter().map(|m| m.id).collect::<Vec<_>>(), vec![second.id, first.id]);
        let read = statuses::view::load(store, None, vec![posted.status.clone()]).await.unwrap();
        assert_eq!(read[0].media, posted.media, "what the post answered is what a read gives");
        let late = describe(store, alice.account.id, first.id, Some("too late".into()), None).await;
        assert!(matches!(late, Err(MediaError::NotFound)), "a posted attachment changes with its status only");

        let again = Compose { media_ids: vec![first.id], ..Compose::text("again") };
        let refused = statuses::post(store, &config(), &alice.account, again).await;
        assert!(matches!(refused, Err(PostError::MediaNotAttachable(_))), "an attachment belongs to one status");
        let five = Compose { media_ids: (1..=5).map(MediaId).collect(), ..Compose::text("five") };
        assert!(matches!(statuses::post(store, &config(), &alice.account, five).await, Err(PostError::TooManyMedia(5))));

        // Deleting the status lets go of its media: a redraft may use them.
        statuses::delete(store, alice.account.id, posted.status.id).await.unwrap();
        let redraft = Compose { media_ids: vec![first.id], ..Compose::text("redrafted") };
        let redrafted = statuses::post(store, &config(), &alice.account, redraft).await.unwrap();
        assert_eq!(redrafted.media.len(), 1);
    }

    async fn the_sweep_removes_uploads_unused_for_a_day_files_first(store: &Store) {
        let (dir, uploader) = uploads();
        let alice = user(store, "alice").await;
        let unused = upload(store, &config(), &uploader, alice.account.id, photo(16, 16)).await.unwrap();
        let used = upload(store, &config(), &uploader, alice.account.id, photo(16, 16)).await.unwrap();
        let compose = Compose { media_ids: vec![used.id], ..Compose::text("kept") };
        statuses::post(store, &config(), &alice.account, compose).await.unwrap();

        let report = sweep(store, &uploader, now()).await.unwrap();
        assert_eq!(report.removed, 0, "nothing is a day old yet");
        let tomorrow = now() + UNUSED_FOR + chrono::Duration::minutes(1);
        let report = sweep(store, &uploader, tomorrow).await.unwrap();
        assert_eq!(report.removed, 1);
        assert!(store.find_attachment(unused.id).await.unwrap().is_none());
        assert!(!stored(&dir, &unused.file_key) && !stored(&dir, &unused.preview_key), "its files are gone");
        assert!(stored(&dir, &used.file_key), "an attached upload stays");
        assert!(store.find_attachment(used.id).await.unwrap().is_some());
    }
}
