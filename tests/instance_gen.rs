//! `pleroctl instance gen`, non-interactive (flags, --yes, no terminal) and answered through a terminal.

mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use support::{pleroctl, run_in, stderr, stdout};

const REQUIRED: [&str; 4] = ["--domain", "social.example", "--admin-email", "admin@social.example"];

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn instance_gen(dir: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["instance", "gen"];
    args.extend(REQUIRED);
    args.extend(extra);
    run_in(dir, &args)
}

#[test]
fn non_interactive_output_passes_config_check_unchanged() {
    for backend in ["sqlite", "postgres"] {
        let dir = tempfile::tempdir().unwrap();
        let out = instance_gen(dir.path(), &["--db-backend", backend, "--uploads-backend", "local"]);
        assert!(out.status.success(), "{backend}: {}", stderr(&out));
        let secret = dir.path().join("config/prod.secret.toml");
        assert_eq!(mode(&secret), 0o600);
        let check = run_in(dir.path(), &["config", "check"]);
        assert!(check.status.success(), "{backend}: {}{}", stdout(&check), stderr(&check));
        assert_eq!(stdout(&check).trim(), "configuration is valid (config/prod.secret.toml)");
    }
}

#[test]
fn what_it_writes_is_what_was_asked_with_fresh_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let out = instance_gen(
        dir.path(),
        &["--instance-name", "Social", "--listen-port", "4100", "--strip-exif", "NO", "--indexable", "Yes"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "config/prod.secret.toml\nconfig/robots.txt\n");
    let show = run_in(dir.path(), &["config", "show", "--output", "json", "--origin"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&show)).unwrap();
    assert_eq!(json["instance"]["name"]["value"], "Social");
    assert_eq!(json["instance"]["notify_email"]["value"], "admin@social.example");
    assert_eq!(json["http"]["port"]["value"], 4100);
    assert_eq!(json["uploads"]["strip_exif"]["value"], false);
    assert_eq!(json["instance"]["indexable"]["value"], true);
    assert_eq!(json["security"]["secret_key_base"]["value"], "<redacted>");
    assert!(
        json["security"]["secret_key_base"]["origin"]
            .as_str()
            .unwrap()
            .starts_with("config/prod.secret.toml:")
    );
    let robots = std::fs::read_to_string(dir.path().join("config/robots.txt")).unwrap();
    assert!(robots.contains("Disallow:\n") && !robots.contains("Disallow: /"), "{robots}");

    let other = tempfile::tempdir().unwrap();
    assert!(instance_gen(other.path(), &[]).status.success());
    let key = |d: &Path| {
        let t: toml::Table =
            std::fs::read_to_string(d.join("config/prod.secret.toml")).unwrap().parse().unwrap();
        t["security"]["secret_key_base"].as_str().unwrap().to_string()
    };
    assert_ne!(key(dir.path()), key(other.path()));
}

#[test]
fn without_a_terminal_a_missing_required_value_is_exit_2_naming_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["instance", "gen", "--domain", "social.example"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--admin-email is required"), "{}", stderr(&out));
    assert!(!dir.path().join("config").exists(), "nothing may be written");
    let none = run_in(dir.path(), &["instance", "gen", "--uploads-backend", "s3"]);
    assert_eq!(none.status.code(), Some(2));
    assert!(
        stderr(&none).contains("--domain, --admin-email, --s3-bucket are required"),
        "all at once: {}",
        stderr(&none)
    );
}

#[test]
fn a_bad_flag_value_is_exit_2_saying_what_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(
        dir.path(),
        &["instance", "gen", "--domain", "https://social.example", "--admin-email", "admin@social.example"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--domain: \"https://social.example\" includes a scheme"),
        "{}",
        stderr(&out)
    );
    let out = instance_gen(dir.path(), &["--indexable", "maybe"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is not yes or no"), "{}", stderr(&out));
}

#[test]
fn an_existing_file_is_never_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("config")).unwrap();
    let secret = dir.path().join("config/prod.secret.toml");
    std::fs::write(&secret, "# hand-written\n").unwrap();
    let out = instance_gen(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("config/prod.secret.toml already exists: pass --force to overwrite it"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&secret).unwrap(), "# hand-written\n");
    assert!(!dir.path().join("config/robots.txt").exists(), "nothing half written");

    let out = instance_gen(dir.path(), &["--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read_to_string(&secret).unwrap().contains("secret_key_base"));
    assert_eq!(mode(&secret), 0o600);
}

#[test]
fn with_force_a_bad_path_leaves_every_old_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("config")).unwrap();
    let secret = dir.path().join("config/prod.secret.toml");
    std::fs::write(&secret, "# the working secrets\n").unwrap();
    std::fs::create_dir(dir.path().join("config/robots.txt")).unwrap();
    let out = instance_gen(dir.path(), &["--force", "--db-backend", "postgres"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("nothing was written") && err.contains("robots.txt is a directory"), "{err}");
    assert_eq!(std::fs::read_to_string(&secret).unwrap(), "# the working secrets\n");
    assert!(!dir.path().join("config/setup_db.psql").exists(), "nothing half written");
    let left: Vec<_> =
        std::fs::read_dir(dir.path().join("config")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left.len(), 2, "no temporary file is left behind: {left:?}");
}

#[test]
fn a_file_where_a_folder_should_be_is_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("afile"), "").unwrap();
    let out = instance_gen(dir.path(), &["--db-backend", "postgres", "--output-sql", "afile/setup.psql"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("cannot write afile/setup.psql: afile is not a directory"), "{err}");
    assert_eq!(err.matches("not a directory").count(), 1, "said once: {err}");
    assert!(!dir.path().join("config/prod.secret.toml").exists(), "nothing half written");
}

#[test]
fn a_flag_for_what_was_not_chosen_is_a_usage_error_not_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let out = instance_gen(
        dir.path(),
        &["--db-backend", "sqlite", "--db-host", "db.internal", "--db-port", "6432"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("--db-host, --db-port apply only to --db-backend postgres"),
        "{}",
        stderr(&out)
    );
    let out = instance_gen(dir.path(), &["--uploads-backend", "local", "--s3-bucket", "media"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--s3-bucket applies only to --uploads-backend s3"), "{}", stderr(&out));
    assert!(!dir.path().join("config").exists(), "nothing was written");
}

#[test]
fn a_bad_bucket_or_database_host_is_refused_saying_what_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    let out = instance_gen(dir.path(), &["--uploads-backend", "s3", "--s3-bucket", "Bad_Bucket!!"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("is not an S3 bucket name: 3 to 63 lowercase"), "{}", stderr(&out));
    let out = instance_gen(dir.path(), &["--db-backend", "postgres", "--db-host", "bad host"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("is not a host name or IP address"), "{}", stderr(&out));
}

/// Whether this test runs as root, as an admin following the printed set-up command would (it
/// switches to the `postgres` user). Outside CI a test not run as root says so and passes.
fn running_as_root(what: &str) -> bool {
    let uid = std::process::Command::new("id").arg("-u").output().map(|o| stdout(&o).trim().to_string()).ok();
    let root = uid.as_deref() == Some("0") && Path::new("/usr/sbin/runuser").exists();
    if !root && std::env::var_os("CI").is_some() {
        panic!("{what} needs root and runuser, and CI is set");
    }
    if !root {
        eprintln!("SKIPPED: {what} needs root and runuser");
    }
    root
}

#[test]
fn the_printed_postgres_set_up_command_works_as_printed_and_creates_what_the_config_connects_to() {
    if !running_as_root("running the printed `sudo -u postgres` command") {
        return;
    }
    // A fresh temp dir is 0700 and root's: the postgres user can read nothing inside it, as in a
    // config directory of an admin's.
    let dir = tempfile::tempdir().unwrap();
    let name = format!("plero_gen_{}", std::process::id());
    let out = instance_gen(dir.path(), &["--db-backend", "postgres", "--db-name", &name, "--db-user", &name]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(mode(&dir.path().join("config/setup_db.psql")), 0o600);
    let printed = stderr(&out)
        .lines()
        .find_map(|l| l.strip_prefix("Create the database role and database: "))
        .expect("instance gen prints the set-up command")
        .to_string();
    assert!(printed.starts_with("sudo -u postgres "), "{printed}");

    // Run as printed, by root's shell in the directory it was printed in; `sudo -u USER` is played
    // by runuser (sudo need not be installed), and PGHOST/PGPORT lead psql to the tests' server.
    let shim = tempfile::tempdir().unwrap();
    let sudo = shim.path().join("sudo");
    std::fs::write(
        &sudo,
        "#!/bin/sh\n[ \"$1\" = -u ] || exit 64\nuser=$2; shift 2\nexec runuser -u \"$user\" -- \"$@\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&sudo, std::fs::Permissions::from_mode(0o755)).unwrap();
    let base = url::Url::parse(&support::pg_base_url()).unwrap();
    let path = format!("{}:{}", shim.path().display(), std::env::var("PATH").unwrap_or_default());
    let created = std::process::Command::new("sh")
        .args(["-c", &printed])
        .current_dir(dir.path())
        .env("PATH", path)
        .env("PGHOST", base.host_str().unwrap_or("127.0.0.1"))
        .env("PGPORT", base.port().unwrap_or(5432).to_string())
        .output()
        .expect("sh runs");

    let psql = |url: &str, args: &[&str]| {
        std::process::Command::new("psql")
            .arg(url)
            .args(["-v", "ON_ERROR_STOP=1", "-q"])
            .args(args)
            .current_dir(dir.path())
            .output()
            .expect("psql runs")
    };
    // The generated password, read back through the loader, logs in as the new role.
    let config: toml::Table =
        std::fs::read_to_string(dir.path().join("config/prod.secret.toml")).unwrap().parse().unwrap();
    let password = config["database"]["password"].as_str().unwrap().to_string();
    let login = psql(
        &{
            // The server the tests use (PLERO_TEST_PG_URL), as the new role.
            let mut url = base.clone();
            url.set_username(&name).unwrap();
            url.set_password(Some(&password)).unwrap();
            url.set_path(&name);
            url.to_string()
        },
        &["-tAc", "select extname from pg_extension order by 1"],
    );
    let _ = psql(
        base.as_str(),
        &["-c", &format!("drop database if exists {name}"), "-c", &format!("drop role if exists {name}")],
    );
    assert!(created.status.success(), "{printed}: {}", String::from_utf8_lossy(&created.stderr));
    assert!(login.status.success(), "{}", String::from_utf8_lossy(&login.stderr));
    let extensions = String::from_utf8_lossy(&login.stdout);
    assert_eq!(extensions.trim(), "plpgsql", "no extension plero does not use");
}

#[test]
fn an_interactive_run_is_answered_through_a_terminal() {
    use expectrl::{Eof, Expect, Session};
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = pleroctl();
    cmd.args(["instance", "gen"]).current_dir(dir.path()).env("TERM", "dumb").stdin(Stdio::inherit());
    let mut term = Session::spawn(cmd).expect("a pseudo-terminal");
    term.set_expect_timeout(Some(Duration::from_secs(20)));
    let mut answer = |question: &str, reply: &str| {
        term.expect(question).unwrap_or_else(|e| panic!("waiting for {question:?}: {e}"));
        term.send_line(reply).unwrap();
    };
    answer("Domain of the instance", "https://social.example");
    answer("includes a scheme", "social.example");
    answer("Name of the instance", "");
    answer("Administrator's e-mail", "admin@social.example");
    answer("E-mail notifications are sent from", "");
    answer("Database backend (sqlite/postgres)", "postgres");
    answer("PostgreSQL host", "");
    answer("PostgreSQL port", "");
    answer("Database name", "");
    answer("Database role", "");
    answer("Database password", "");
    answer("IP address to listen on", "");
    answer("Port to listen on", "4200");
    answer("Uploads backend (local/s3)", "");
    answer("Uploads directory", "media");
    answer("Strip EXIF metadata", "maybe");
    answer("answer y, yes, n or no", "N");
    answer("Let search engines index", "YES");
    term.expect(Eof).unwrap();
    let status = term.get_process().wait().unwrap();
    assert!(matches!(status, expectrl::process::unix::WaitStatus::Exited(_, 0)), "{status:?}");

    let check = run_in(dir.path(), &["config", "check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    let show = run_in(dir.path(), &["config", "show", "--output", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&show)).unwrap();
    assert_eq!(json["instance"]["domain"], "social.example");
    assert_eq!(json["instance"]["name"], "social.example");
    assert_eq!(json["database"]["backend"], "postgres");
    assert_eq!(json["database"]["password"], "<redacted>");
    assert_eq!(json["http"]["port"], 4200);
    assert_eq!(json["uploads"]["local_dir"], "media");
    assert_eq!(json["uploads"]["strip_exif"], false);
    assert_eq!(json["instance"]["indexable"], true);
    let config = std::fs::read_to_string(dir.path().join("config/prod.secret.toml")).unwrap();
    let table: toml::Table = config.parse().unwrap();
    assert_eq!(
        table["database"]["password"].as_str().unwrap().len(),
        32,
        "a random password when left blank"
    );
    assert!(dir.path().join("config/setup_db.psql").exists());
}

#[test]
fn s3_uploads_need_a_bucket_and_then_pass_config_check() {
    let dir = tempfile::tempdir().unwrap();
    let out = instance_gen(dir.path(), &["--uploads-backend", "s3"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--s3-bucket is required"), "{}", stderr(&out));
    let out = instance_gen(
        dir.path(),
        &["--uploads-backend", "s3", "--s3-bucket", "media", "--s3-endpoint", "https://s3.example"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let show = run_in(dir.path(), &["config", "show", "--output", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&show)).unwrap();
    assert_eq!(json["uploads"]["backend"], "s3");
    assert_eq!(json["uploads"]["s3_bucket"], "media");
    assert_eq!(json["uploads"]["s3_region"], "us-east-1");
    assert!(run_in(dir.path(), &["config", "check"]).status.success());
}

#[test]
fn unless_asked_search_engines_are_kept_out() {
    let dir = tempfile::tempdir().unwrap();
    let out = instance_gen(dir.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let robots = std::fs::read_to_string(dir.path().join("config/robots.txt")).unwrap();
    assert!(robots.contains("Disallow: /"), "{robots}");
    let show = run_in(dir.path(), &["config", "show", "--output", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&show)).unwrap();
    assert_eq!(json["instance"]["indexable"], false);
}
