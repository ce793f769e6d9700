//! Uploads on S3, against moto in server mode (no hand-written fake of AWS): avatars uploaded
//! through the API land in the bucket with their content type and are deleted when replaced;
//! `pleroctl uploads check` names what is wrong; `pleroctl uploads migrate --to s3` copies 500
//! local files, survives `kill -9` half way, and finishes when run again without loss or
//! duplicates; a dry run changes nothing.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use base64::Engine;
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::Value;
use sha2::Digest;
use support::accounts::create_user;
use support::db::TestDb;
use support::mastodon::Api;
use support::moto::Moto;
use support::{TestServer, stderr, stdout};

const BUCKET: &str = "plero-media";

/// A bucket in a fresh moto, or `None` when moto is not installed (outside CI).
fn moto_with_bucket() -> Option<Moto> {
    let moto = Moto::start()?;
    moto.boto3(&format!("s3.create_bucket(Bucket={BUCKET:?})"));
    Some(moto)
}

/// The `[uploads]` section of an instance whose uploads go to moto's bucket; clients fetch them
/// from `public` (here the bucket's own path-style URL, so a test can fetch them too).
fn s3_section(moto: &Moto, backend: &str) -> String {
    let endpoint = moto.endpoint();
    format!(
        "[uploads]\nbackend = \"{backend}\"\ns3_bucket = \"{BUCKET}\"\ns3_region = \"us-east-1\"\n\
         s3_endpoint = \"{endpoint}\"\ns3_path_style = true\ns3_public_endpoint = \"{endpoint}/{BUCKET}\"\n"
    )
}

/// `pleroctl` with moto's credentials and region, and nothing of the caller's AWS set-up.
fn with_aws(mut cmd: Command, env: &[(String, String)]) -> Command {
    for (key, _) in std::env::vars() {
        if key.starts_with("AWS_") {
            cmd.env_remove(key);
        }
    }
    cmd.envs(env.iter().map(|(k, v)| (k, v))).stdin(Stdio::null());
    cmd
}

/// Every key in the bucket, in order.
fn bucket_keys(moto: &Moto) -> Vec<String> {
    let out = moto.boto3(&format!(
        "keys = [o['Key'] for p in s3.get_paginator('list_objects_v2').paginate(Bucket={BUCKET:?}) \
         for o in p.get('Contents', [])]\nprint(json.dumps(keys))"
    ));
    serde_json::from_str(out.trim()).expect("a JSON list of keys")
}

/// Content type, cache control and the bytes' SHA-256 (base64) of every object.
fn bucket_objects(moto: &Moto) -> BTreeMap<String, (String, String, String)> {
    let out = moto.boto3(&format!(
        "import hashlib, base64\nout = {{}}\n\
         for p in s3.get_paginator('list_objects_v2').paginate(Bucket={BUCKET:?}):\n\
         \x20   for o in p.get('Contents', []):\n\
         \x20       r = s3.get_object(Bucket={BUCKET:?}, Key=o['Key'])\n\
         \x20       out[o['Key']] = [r['ContentType'], r.get('CacheControl', ''), \
         base64.b64encode(hashlib.sha256(r['Body'].read()).digest()).decode()]\n\
         print(json.dumps(out))"
    ));
    let objects: BTreeMap<String, Vec<String>> = serde_json::from_str(out.trim()).expect("JSON objects");
    objects.into_iter().map(|(k, v)| (k, (v[0].clone(), v[1].clone(), v[2].clone()))).collect()
}

fn sha256(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(bytes))
}

/// A small JPEG whose APP0 segment carries `tag`, `size` bytes long or a little more.
fn jpeg(tag: u32, size: usize) -> Vec<u8> {
    let mut bytes = vec![0xff, 0xd8, 0xff, 0xe0, 0x00, 0x0a, b'J', b'F', b'I', b'F'];
    bytes.extend_from_slice(&tag.to_be_bytes());
    bytes.extend_from_slice(&[0xff, 0xda, 0x00, 0x02]);
    bytes.resize(bytes.len().max(size), 0x11);
    bytes.extend_from_slice(&[0xff, 0xd9]);
    bytes
}

/// A GIF (stored as sent) carrying `tag`.
fn gif(tag: u32, size: usize) -> Vec<u8> {
    let mut bytes = b"GIF89a".to_vec();
    bytes.extend_from_slice(&tag.to_be_bytes());
    bytes.resize(size, 0x3b);
    bytes
}

// ---------------------------------------------------------------------------------------------
// config check

#[test]
fn config_check_refuses_an_s3_backend_without_a_bucket() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("base.toml"),
        "[instance]\ndomain = \"social.example\"\n\n[uploads]\nbackend = \"s3\"\n",
    )
    .unwrap();
    let out = support::run_in(dir.path(), &["--config-dir", config.to_str().unwrap(), "config", "check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let said = format!("{}{}", stdout(&out), stderr(&out));
    assert!(said.contains("uploads.s3_bucket: is empty but uploads.backend is \"s3\""), "{said}");

    let out = support::run_in(
        dir.path(),
        &["--config-dir", config.to_str().unwrap(), "uploads", "check", "--backend", "s3"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("uploads.s3_bucket"), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------------------------
// Avatars through the API

fn image(bytes: Vec<u8>, name: &str, mime: &str) -> Part {
    Part::bytes(bytes).file_name(name.to_string()).mime_str(mime).unwrap()
}

async fn update(api: &Api, token: &str, form: Form) -> (StatusCode, Value) {
    let url = api.url("/api/v1/accounts/update_credentials");
    let res = api.http.patch(url).bearer_auth(token).multipart(form).send().await.expect("PATCH");
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[test]
fn an_avatar_uploaded_through_the_api_lands_in_the_bucket_and_a_replaced_one_is_deleted() {
    let Some(moto) = moto_with_bucket() else { return };
    let mut builder = TestServer::builder().file("prod.toml", &s3_section(&moto, "s3"));
    for (key, value) in moto.aws_env() {
        builder = builder.env(&key, &value);
    }
    let server = builder.start();
    create_user(&server, "alice", &[]);
    let public = format!("{}/{BUCKET}/", moto.endpoint());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let api = Api::new(&server.url(""));
        let token = api.user_token("alice").await;
        let first = jpeg(1, 2000);
        let form = Form::new()
            .part("avatar", image(first.clone(), "me.jpg", "image/jpeg"))
            .part("header", image(gif(2, 500), "banner.gif", "image/gif"));
        let (status, me) = update(&api, &token, form).await;
        assert_eq!(status, StatusCode::OK, "{me}");
        let avatar = me["avatar"].as_str().unwrap().to_string();
        let header = me["header"].as_str().unwrap().to_string();
        assert!(avatar.starts_with(&public), "the URL starts with uploads.s3_public_endpoint: {avatar}");
        assert!(header.starts_with(&public), "{header}");
        let avatar_key = avatar.strip_prefix(&public).unwrap().to_string();
        let header_key = header.strip_prefix(&public).unwrap().to_string();

        let objects = bucket_objects(&moto);
        let (content_type, cache, digest) = &objects[&avatar_key];
        assert_eq!(content_type, "image/jpeg");
        assert!(cache.contains("max-age=31536000") && cache.contains("immutable"), "{cache}");
        assert_eq!(*digest, sha256(&first), "the bytes sent (no metadata to strip) are stored");
        assert_eq!(objects[&header_key].0, "image/gif");
        assert!(!server.dir().join("uploads").exists(), "nothing is written on the local disk");

        // Clients fetch it from the public URL (readable, as the operator makes the bucket or its CDN).
        moto.boto3(&format!(
            "s3.put_bucket_policy(Bucket={BUCKET:?}, Policy=json.dumps({{'Version': '2012-10-17', 'Statement': \
             [{{'Effect': 'Allow', 'Principal': '*', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::{BUCKET}/*'}}]}}))"
        ));
        let res = reqwest::get(&avatar).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.bytes().await.unwrap().as_ref(), &first[..]);

        let (status, me) =
            update(&api, &token, Form::new().part("avatar", image(jpeg(3, 900), "new.jpg", "image/jpeg")))
                .await;
        assert_eq!(status, StatusCode::OK, "{me}");
        let replacement = me["avatar"].as_str().unwrap().strip_prefix(&public).unwrap().to_string();
        assert_ne!(replacement, avatar_key);
        let mut expected = vec![replacement, header_key];
        expected.sort();
        assert_eq!(bucket_keys(&moto), expected, "the replaced avatar is deleted from the bucket");
    });

    let rm = with_aws(support::pleroctl(), &moto.aws_env())
        .current_dir(server.dir())
        .arg("--config-dir")
        .arg(server.config_dir())
        .args(["user", "rm", "alice", "--yes"])
        .output()
        .unwrap();
    assert!(rm.status.success(), "{}", stderr(&rm));
    assert_eq!(bucket_keys(&moto), Vec::<String>::new(), "a deleted account's images are deleted");
}

// ---------------------------------------------------------------------------------------------
// uploads check

/// A config directory (no database needed) whose uploads go to moto's bucket.
fn check_site(moto: &Moto) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("config")).unwrap();
    let base = format!("[instance]\ndomain = \"social.example\"\n\n{}", s3_section(moto, "s3"));
    std::fs::write(dir.path().join("config/base.toml"), base).unwrap();
    dir
}

fn uploads_check(dir: &Path, env: &[(String, String)], extra: &[&str]) -> (Output, Value) {
    let out = with_aws(support::pleroctl(), env)
        .current_dir(dir)
        .args(["--config-dir", "config", "uploads", "check", "--output", "json"])
        .args(extra)
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out, json)
}

fn failed_step(report: &Value) -> (String, String, String) {
    let step = report["steps"].as_array().unwrap().iter().find(|s| s["ok"] == false).expect("a failed step");
    let text = |k: &str| step[k].as_str().unwrap_or_default().to_string();
    (text("step"), text("cause"), text("error"))
}

#[test]
fn uploads_check_passes_against_moto_and_names_a_missing_bucket_missing_credentials_and_a_stopped_endpoint() {
    let Some(mut moto) = moto_with_bucket() else { return };
    let site = check_site(&moto);
    let env = moto.aws_env();

    let (out, report) = uploads_check(site.path(), &env, &[]);
    assert!(out.status.success(), "{}\n{}", stdout(&out), stderr(&out));
    assert_eq!(report["ok"], true, "{report}");
    let steps: Vec<&str> =
        report["steps"].as_array().unwrap().iter().map(|s| s["step"].as_str().unwrap()).collect();
    assert_eq!(steps, ["credentials", "put", "get", "delete"]);
    assert_eq!(bucket_keys(&moto), Vec::<String>::new(), "the probe leaves nothing behind");

    let (out, report) = uploads_check(site.path(), &env, &["--set", "uploads.s3_bucket=no-such-bucket"]);
    assert_eq!(out.status.code(), Some(1));
    let (step, cause, error) = failed_step(&report);
    assert_eq!((step.as_str(), cause.as_str()), ("put", "bucket"), "{error}");
    assert!(error.contains("no-such-bucket") && error.contains("does not exist"), "{error}");

    let no_credentials: Vec<(String, String)> = env
        .iter()
        .filter(|(k, _)| !k.starts_with("AWS_ACCESS_KEY") && !k.starts_with("AWS_SECRET"))
        .cloned()
        .collect();
    let (out, report) = uploads_check(site.path(), &no_credentials, &[]);
    assert_eq!(out.status.code(), Some(1));
    let (step, cause, error) = failed_step(&report);
    assert_eq!((step.as_str(), cause.as_str()), ("credentials", "credentials"), "{error}");
    assert!(error.contains("AWS_ACCESS_KEY_ID"), "says what to set: {error}");

    // Text output names the step and the cause too.
    moto.stop();
    let out = with_aws(support::pleroctl(), &env)
        .current_dir(site.path())
        .args(["--config-dir", "config", "uploads", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("FAILED  put (endpoint)") && text.contains("cannot reach"), "{text}");
    let (_, report) = uploads_check(site.path(), &env, &[]);
    assert_eq!(failed_step(&report).1, "endpoint");
}

// ---------------------------------------------------------------------------------------------
// uploads migrate

const ACCOUNTS: u32 = 250;

/// An instance on the local backend with [`ACCOUNTS`] accounts, each with an avatar and a header
/// (500 files), made through the same core calls as the API, and moto's bucket configured.
struct Site {
    dir: tempfile::TempDir,
    _db: Option<TestDb>,
    env: Vec<(String, String)>,
    /// Every file's key and SHA-256, as written.
    files: BTreeMap<String, String>,
    accounts: Vec<plero_core::model::AccountId>,
    public: String,
}

impl Site {
    fn new(moto: &Moto, postgres: bool) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("config")).unwrap();
        let db = postgres.then(TestDb::postgres);
        let database = match &db {
            Some(db) => format!("[database]\nbackend = \"postgres\"\nurl = \"{}\"\n\n", db.pg_url().unwrap()),
            None => String::new(),
        };
        let base = format!(
            "[instance]\ndomain = \"social.example\"\ndata_dir = \"{data}\"\n\n{database}{uploads}local_dir = \"{local}\"\n",
            data = root.join("data").display(),
            uploads = s3_section(moto, "local"),
            local = root.join("uploads").display(),
        );
        std::fs::write(root.join("config/base.toml"), base).unwrap();
        let site = Site {
            dir,
            _db: db,
            env: moto.aws_env(),
            files: BTreeMap::new(),
            accounts: Vec::new(),
            public: format!("{}/{BUCKET}/", moto.endpoint()),
        };
        support::ok(site.pleroctl(&["migrate"]).output().unwrap());
        site
    }

    fn seeded(moto: &Moto, postgres: bool) -> Self {
        let mut site = Self::new(moto, postgres);
        site.seed();
        site
    }

    fn config(&self) -> plero_core::config::Config {
        let options = plero_core::config::LoadOptions {
            config_dir: Some(self.dir.path().join("config")),
            env: "prod".into(),
            set: Vec::new(),
        };
        plero_core::config::load(&options).expect("the test config loads").config
    }

    /// Accounts and their images, written as `PATCH update_credentials` writes them.
    fn seed(&mut self) {
        use plero_core::accounts::{LocalUrls, keys, profile};
        let config = self.config();
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let (accounts, files) = runtime.block_on(async {
            let store = plero_core::store::Store::open_existing(&config).await.unwrap();
            let uploader = plero_core::uploads::Uploader::from_config(&config);
            let urls = LocalUrls::from_config(&config);
            let key = keys::generate().unwrap();
            let (mut accounts, mut files) = (Vec::new(), BTreeMap::new());
            for i in 0..ACCOUNTS {
                let id = store.create_local_user(&new_account(&urls, &key, i)).await.unwrap().account.id;
                let (avatar, header) = (jpeg(i, 1000 + 37 * i as usize), gif(i, 600 + 11 * i as usize));
                let images =
                    profile::NewImages { avatar: Some(avatar.clone()), header: Some(header.clone()) };
                let account =
                    profile::update_profile(&store, &config, &uploader, id, Default::default(), images)
                        .await
                        .unwrap();
                let key_of = |url: Option<String>| uploader.key_of_url(&url.unwrap()).unwrap().to_string();
                files.insert(key_of(account.avatar_url), sha256(&avatar));
                files.insert(key_of(account.header_url), sha256(&header));
                accounts.push(id);
            }
            store.close().await;
            (accounts, files)
        });
        assert_eq!(files.len(), 2 * ACCOUNTS as usize);
        self.accounts = accounts;
        self.files = files;
    }

    fn pleroctl(&self, args: &[&str]) -> Command {
        let mut cmd = with_aws(support::pleroctl(), &self.env);
        cmd.current_dir(self.dir.path()).args(["--config-dir", "config"]).args(args);
        cmd
    }

    fn migrate(&self, extra: &[&str]) -> (Output, Value) {
        let out = self
            .pleroctl(&["uploads", "migrate", "--to", "s3", "--output", "json"])
            .args(extra)
            .output()
            .unwrap();
        let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        (out, json)
    }

    /// Every account's avatar and header URL, as stored.
    fn urls(&self) -> Vec<(String, String)> {
        let config = self.config();
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let store = plero_core::store::Store::open_existing(&config).await.unwrap();
            let mut urls = Vec::new();
            for id in &self.accounts {
                let u = store.profile_image_urls(*id).await.unwrap().expect("the account exists");
                urls.push((u.avatar_url.unwrap(), u.header_url.unwrap()));
            }
            store.close().await;
            urls
        })
    }

    fn local_files(&self) -> BTreeSet<String> {
        fn walk(root: &Path, dir: &Path, out: &mut BTreeSet<String>) {
            for entry in std::fs::read_dir(dir).into_iter().flatten().map(Result::unwrap) {
                if entry.file_type().unwrap().is_dir() {
                    walk(root, &entry.path(), out);
                } else {
                    out.insert(entry.path().strip_prefix(root).unwrap().to_str().unwrap().to_string());
                }
            }
        }
        let root: PathBuf = self.dir.path().join("uploads");
        let mut out = BTreeSet::new();
        walk(&root, &root, &mut out);
        out
    }

    /// The key a stored URL points at in the bucket, if it points there.
    fn bucket_key<'a>(&self, url: &'a str) -> Option<&'a str> {
        url.strip_prefix(&self.public)
    }
}

/// Local account `user{i}`, as `pleroctl user new` would make it (with a shared key: the test
/// signs nothing).
fn new_account(
    urls: &plero_core::accounts::LocalUrls,
    key: &plero_core::accounts::keys::ActorKeys,
    i: u32,
) -> plero_core::model::NewLocalAccount {
    let nickname = format!("user{i}");
    plero_core::model::NewLocalAccount {
        email: format!("{nickname}@example.com"),
        password_hash: "$argon2id$not-a-real-hash".into(),
        display_name: String::new(),
        note: String::new(),
        admin: false,
        moderator: false,
        confirmed: true,
        approved: true,
        locale: "en".into(),
        endpoints: urls.endpoints(&nickname, key.public_pem.clone()),
        private_key_pem: key.private_pem.clone().into(),
        invite_code: None,
        nickname,
    }
}

#[test]
fn attachments_migrate_with_their_previews_and_their_urls_then_point_at_the_bucket() {
    use plero_core::accounts::{LocalUrls, keys};
    use plero_core::media::{self, Upload};
    let Some(moto) = moto_with_bucket() else { return };
    let site = Site::new(&moto, false);
    let config = site.config();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let attachment = runtime.block_on(async {
        let store = plero_core::store::Store::open_existing(&config).await.unwrap();
        let uploader = plero_core::uploads::Uploader::from_config(&config);
        let key = keys::generate().unwrap();
        let account =
            store.create_local_user(&new_account(&LocalUrls::from_config(&config), &key, 0)).await.unwrap();
        let upload = Upload { bytes: support::images::jpeg(800, 600), ..Upload::default() };
        let attachment = media::upload(&store, &config, &uploader, account.account.id, upload).await.unwrap();
        store.close().await;
        attachment
    });
    let (original, preview) = (attachment.file_key.clone().unwrap(), attachment.preview_key.clone().unwrap());
    assert_eq!(site.local_files(), BTreeSet::from([original.clone(), preview.clone()]));

    let (out, summary) = site.migrate(&["--delete"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        (summary["files"].as_u64(), summary["urls_rewritten"].as_u64()),
        (Some(2), Some(2)),
        "{summary}"
    );
    let objects = bucket_objects(&moto);
    assert_eq!(
        objects.keys().cloned().collect::<BTreeSet<_>>(),
        BTreeSet::from([original.clone(), preview.clone()])
    );
    assert_eq!(objects[&original].0, "image/jpeg");
    let moved = runtime.block_on(async {
        let store = plero_core::store::Store::open_existing(&config).await.unwrap();
        let moved = store.find_attachment(attachment.id).await.unwrap().unwrap();
        store.close().await;
        moved
    });
    assert_eq!(moved.url.as_deref().and_then(|u| site.bucket_key(u)), Some(original.as_str()));
    assert_eq!(moved.preview_url.as_deref().and_then(|u| site.bucket_key(u)), Some(preview.as_str()));
    assert_eq!(site.local_files(), BTreeSet::new(), "--delete removed the local copies");
}

fn migrate_case(postgres: bool) {
    let Some(moto) = moto_with_bucket() else { return };
    let site = Site::seeded(&moto, postgres);
    let all: BTreeSet<String> = site.files.keys().cloned().collect();
    assert_eq!(site.local_files(), all);

    // A dry run says what it would do and changes nothing.
    let (out, dry) = site.migrate(&["--dry-run", "--delete"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!((dry["dry_run"].as_bool(), dry["files"].as_u64()), (Some(true), Some(500)), "{dry}");
    assert_eq!((dry["copied"].as_u64(), dry["urls_rewritten"].as_u64()), (Some(500), Some(500)), "{dry}");
    assert_eq!(dry["local_deleted"].as_u64(), Some(500), "{dry}");
    assert_eq!(bucket_keys(&moto), Vec::<String>::new());
    assert!(site.urls().iter().all(|(a, h)| a.contains("/media/") && h.contains("/media/")));
    assert_eq!(site.local_files(), all);

    // Killed half way: after two of five batches were committed, while the third is copied (the
    // assertions below hold wherever the kill lands).
    let mut child = site
        .pleroctl(&["uploads", "migrate", "--to", "s3", "--delete", "--concurrency", "2"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut progress = BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    loop {
        let mut line = String::new();
        assert_ne!(progress.read_line(&mut line).unwrap(), 0, "migrate ended before half way:\n{seen}");
        seen.push_str(&line);
        if line.starts_with("uploads migrate: 200/500 files") {
            break;
        }
    }
    std::thread::sleep(std::time::Duration::from_millis(200));
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let in_bucket: BTreeSet<String> = bucket_keys(&moto).into_iter().collect();
    assert!(in_bucket.len() >= 200 && in_bucket.len() < 500, "half way: {} objects", in_bucket.len());
    let urls = site.urls();
    let rewritten: Vec<&str> =
        urls.iter().flat_map(|(a, h)| [a, h]).filter_map(|u| site.bucket_key(u)).collect();
    assert!(rewritten.len() >= 200 && rewritten.len() < 500, "{} URLs rewritten", rewritten.len());
    assert!(rewritten.iter().all(|k| in_bucket.contains(*k)), "a rewritten URL points at an object");
    let local = site.local_files();
    for gone in all.difference(&local) {
        assert!(rewritten.contains(&gone.as_str()), "{gone} was deleted before its URL was rewritten");
    }

    // Run again: it finishes.
    let (out, summary) = site.migrate(&["--delete", "--concurrency", "8"]);
    assert!(out.status.success(), "{}\n{}", stdout(&out), stderr(&out));
    assert!(
        stderr(&out).contains("uploads.backend = \"s3\""),
        "says to switch the backend: {}",
        stderr(&out)
    );
    assert_eq!(summary["failed"].as_array().map(Vec::len), Some(0), "{summary}");
    let copied = summary["copied"].as_u64().unwrap();
    let already = summary["already_in_bucket"].as_u64().unwrap();
    assert_eq!(copied + already, local.len() as u64, "{summary}");
    let copied_before = local.iter().filter(|k| in_bucket.contains(*k)).count() as u64;
    assert_eq!(already, copied_before, "objects the killed run copied are not sent again: {summary}");
    assert_eq!(summary["urls_rewritten"].as_u64().unwrap() + rewritten.len() as u64, 500, "{summary}");

    // Every file in the bucket exactly once, with its bytes and type; every URL rewritten.
    let objects = bucket_objects(&moto);
    assert_eq!(objects.keys().cloned().collect::<BTreeSet<_>>(), all, "each file once, nothing else");
    for (key, sha) in &site.files {
        let (content_type, cache, stored) = &objects[key];
        assert_eq!(stored, sha, "{key} holds the local file's bytes");
        let expected = if key.ends_with(".jpg") { "image/jpeg" } else { "image/gif" };
        assert_eq!(content_type, expected, "{key}");
        assert!(cache.contains("immutable"), "{key}: {cache}");
    }
    let urls = site.urls();
    let pointed: BTreeSet<String> = urls
        .iter()
        .flat_map(|(a, h)| [a, h])
        .map(|u| site.bucket_key(u).expect("rewritten").to_string())
        .collect();
    assert_eq!(pointed, all, "every stored URL points at its file's object");
    assert_eq!(site.local_files(), BTreeSet::new(), "--delete removed the local copies");

    // Once more: nothing left to do.
    let (out, again) = site.migrate(&[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!((again["files"].as_u64(), again["copied"].as_u64()), (Some(0), Some(0)), "{again}");
}

#[test]
fn uploads_migrate_killed_half_way_finishes_when_run_again_sqlite() {
    migrate_case(false);
}

#[test]
fn uploads_migrate_killed_half_way_finishes_when_run_again_postgres() {
    migrate_case(true);
}
