//! `pleroctl config show` and `pleroctl config check`, run as an operator would.

mod support;

use std::path::Path;

use support::{pleroctl, stderr, stdout};

/// Writes a config file with mode 0600 (what a secret file must have).
fn write(dir: &Path, name: &str, text: &str) {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
}

fn run(dir: &Path, args: &[&str], envs: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = pleroctl();
    cmd.arg("--config-dir").arg(dir).args(args).stdin(std::process::Stdio::null());
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

/// A config dir whose secrets come from every kind of layer.
fn secret_layers() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base.toml", "[instance]\ndomain = \"social.example\"\n");
    write(
        dir.path(),
        "prod.secret.toml",
        "[database]\nbackend = \"postgres\"\nurl = \"postgres://plero:file-db-pass@db.internal:5432/plero\"\n\n[security]\nsecret_key_base = \"file-key-base\"\n",
    );
    dir
}

const SECRET_ENV: [(&str, &str); 1] = [("PLERO_SECURITY__SIGNING_SALT", "env-salt")];
const SECRET_FLAG: &str = "logging.slack_webhook_url=https://hooks.slack.example/services/flag-hook";
const SECRETS: [&str; 4] = ["file-db-pass", "file-key-base", "env-salt", "flag-hook"];

#[test]
fn show_redacts_secrets_in_every_format() {
    let dir = secret_layers();
    for args in [
        &["config", "show"][..],
        &["config", "show", "--output", "toml"],
        &["config", "show", "--output", "json"],
        &["config", "show", "--origin"],
        &["config", "show", "--origin", "--output", "json"],
    ] {
        let mut args = args.to_vec();
        args.extend(["--set", SECRET_FLAG]);
        let out = run(dir.path(), &args, &SECRET_ENV);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let shown = stdout(&out) + &stderr(&out);
        for secret in SECRETS {
            assert!(!shown.contains(secret), "{args:?} shows {secret}:\n{shown}");
        }
        assert!(shown.contains("postgres://plero:<redacted>@db.internal:5432/plero"), "{args:?}:\n{shown}");
        assert!(shown.matches("<redacted>").count() >= 4, "{args:?}:\n{shown}");
    }
}

#[test]
fn show_output_parses_as_toml_and_as_json() {
    let dir = secret_layers();
    let toml_out = stdout(&run(dir.path(), &["config", "show"], &[]));
    let table: toml::Table = toml_out.parse().expect("config show prints TOML");
    assert_eq!(table["instance"]["domain"].as_str(), Some("social.example"));
    let json_out = stdout(&run(dir.path(), &["config", "show", "--output", "json"], &[]));
    let json: serde_json::Value =
        serde_json::from_str(&json_out).expect("config show --output json prints JSON");
    assert_eq!(json["http"]["port"], 4000);
}

#[test]
fn show_origin_names_the_file_line_env_var_flag_or_default() {
    let dir = secret_layers();
    let out = run(
        dir.path(),
        &["config", "show", "--origin", "--set", "http.port=4010"],
        &[("PLERO_INSTANCE__NAME", "From env")],
    );
    let text = stdout(&out);
    let base = dir.path().join("base.toml");
    let secret = dir.path().join("prod.secret.toml");
    for line in [
        format!("domain = \"social.example\"  # {}:2", base.display()),
        format!("secret_key_base = \"<redacted>\"  # {}:6", secret.display()),
        "name = \"From env\"  # env PLERO_INSTANCE__NAME".to_string(),
        "port = 4010  # --set http.port".to_string(),
        "pool_size = 10  # default".to_string(),
    ] {
        assert!(text.lines().any(|l| l == line), "missing {line:?} in:\n{text}");
    }
    let json = stdout(&run(dir.path(), &["config", "show", "--origin", "--output", "json"], &[]));
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["instance"]["domain"]["origin"], format!("{}:2", base.display()));
    assert_eq!(json["instance"]["domain"]["value"], "social.example");
}

#[test]
fn env_vars_override_files_and_set_overrides_env_vars() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "prod.toml", "[http]\nport = 4001\n");
    let port = |args: &[&str], envs: &[(&str, &str)]| {
        let mut all = vec!["config", "show", "--output", "json"];
        all.extend(args);
        let json: serde_json::Value = serde_json::from_str(&stdout(&run(dir.path(), &all, envs))).unwrap();
        json["http"]["port"].as_i64().unwrap()
    };
    assert_eq!(port(&[], &[]), 4001);
    assert_eq!(port(&[], &[("PLERO_HTTP__PORT", "4002")]), 4002);
    assert_eq!(port(&["--set", "http.port=4003"], &[("PLERO_HTTP__PORT", "4002")]), 4003);
}

#[test]
fn an_environment_name_that_is_a_path_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec![
            "--env",
            "../evil",
            "instance",
            "gen",
            "--yes",
            "--domain",
            "x.example",
            "--admin-email",
            "a@x.example",
        ],
        vec!["--env", "a/b", "config", "show"],
    ] {
        let out = pleroctl().current_dir(dir.path()).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("--env"), "{}", stderr(&out));
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing was written");
    assert!(!dir.path().parent().unwrap().join("evil.secret.toml").exists());
}

#[test]
fn env_and_config_dir_come_from_plero_env_and_plero_config_dir() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "staging.toml", "[instance]\nname = \"Staging\"\n");
    let out = pleroctl()
        .args(["config", "show", "--output", "json"])
        .env("PLERO_CONFIG_DIR", dir.path())
        .env("PLERO_ENV", "staging")
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["instance"]["name"], "Staging");
}

#[test]
fn references_to_the_environment_are_expanded() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "base.toml",
        "[instance]\nname = \"${INSTANCE_NAME}\"\nadmin_email = \"${PLERO_TEST_ADMIN_EMAIL:-admin@social.example}\"\n",
    );
    let out = run(dir.path(), &["config", "show", "--output", "json"], &[("INSTANCE_NAME", "Expanded")]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["instance"]["name"], "Expanded");
    assert_eq!(json["instance"]["admin_email"], "admin@social.example");
}

#[test]
fn a_missing_referenced_variable_is_an_error_naming_it_and_the_place() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "prod.secret.toml", "[database]\npassword = \"${PLERO_TEST_UNSET_DB_PASSWORD}\"\n");
    let out = run(dir.path(), &["config", "check"], &[]);
    assert_eq!(out.status.code(), Some(1));
    let expected = format!(
        "{}:2: database.password: environment variable PLERO_TEST_UNSET_DB_PASSWORD is not set",
        dir.path().join("prod.secret.toml").display()
    );
    assert!(stderr(&out).contains(&expected), "{}", stderr(&out));
}

#[test]
fn check_lists_every_problem_with_its_place_and_the_fix() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "base.toml",
        "[instance]\ndomian = \"social.example\"\ndomain = \"https://social.example\"\n\n[http]\nport = 70000\nip = \"localhost\"\n\n[uploads]\ns3_endpoint = \"not a url\"\n",
    );
    write(dir.path(), "prod.secret.toml", "[database]\npassword = 12345678\n");
    let secret = dir.path().join("prod.secret.toml");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = run(dir.path(), &["config", "check"], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let base = dir.path().join("base.toml").display().to_string();
    let secret = secret.display().to_string();
    for expected in [
        "invalid configuration (7 problems):".to_string(),
        format!("{base}:2: unknown key `instance.domian`; did you mean `instance.domain`?"),
        format!(
            "{base}:3: instance.domain: \"https://social.example\" includes a scheme (https://): write the domain alone, e.g. \"social.example\""
        ),
        format!("{base}:6: http.port: port 70000 is out of range: use a port between 1 and 65535"),
        format!(
            "{base}:7: http.ip: \"localhost\" is not valid: invalid IP address syntax (expected an IP address, e.g. 127.0.0.1 or 0.0.0.0)"
        ),
        format!("{base}:10: uploads.s3_endpoint: \"not a url\" is not a valid URL"),
        format!(
            "{secret}:1: secret file is accessible by others (mode 0644): make it 0600 with `chmod 600 {secret}`"
        ),
        format!("{secret}:2: database.password: wrong type: expected a string, found integer"),
    ] {
        assert!(err.contains(&expected), "missing {expected:?} in:\n{err}");
    }
    assert!(!err.contains("12345678"), "a secret leaked into the error:\n{err}");
}

#[test]
fn check_json_lists_problems_on_stdout() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base.toml", "[http]\nprot = 1\n");
    let out = run(dir.path(), &["config", "check", "--output", "json"], &[]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["valid"], false);
    assert_eq!(json["problems"][0]["origin"], format!("{}:2", dir.path().join("base.toml").display()));
    assert_eq!(json["problems"][0]["message"], "unknown key `http.prot`; did you mean `http.port`?");
}

#[test]
fn check_of_a_valid_config_exits_zero_naming_the_files_read() {
    let dir = secret_layers();
    let out = run(dir.path(), &["config", "check"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("configuration is valid ("), "{}", stdout(&out));
}

#[test]
fn check_json_of_a_valid_config_says_valid_and_lists_the_files_read() {
    let dir = secret_layers();
    let out = run(dir.path(), &["config", "check", "--output", "json"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["valid"], true, "{json}");
    assert_eq!(json["problems"].as_array().map(Vec::len), Some(0), "{json}");
    assert!(json["files"].as_array().is_some_and(|f| !f.is_empty()), "{json}");
}

#[test]
fn a_syntax_error_names_the_line_without_quoting_it() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "prod.secret.toml", "[database]\npassword = \"hunter2\n");
    let out = run(dir.path(), &["config", "check"], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{}:2: TOML syntax error", dir.path().join("prod.secret.toml").display())),
        "{err}"
    );
    assert!(!err.contains("hunter2"), "{err}");
}

#[test]
fn a_malformed_set_flag_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["config", "show", "--set", "http.port"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--set \"http.port\" is not of the form section.key=value"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_config_dir_that_does_not_exist_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&dir.path().join("nope"), &["config", "check"], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));
}

#[test]
fn without_config_dir_the_config_folder_of_the_working_directory_is_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("config")).unwrap();
    write(&dir.path().join("config"), "base.toml", "[instance]\nname = \"Here\"\n");
    let out = support::run_in(dir.path(), &["config", "show", "--output", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["instance"]["name"], "Here");
}

#[test]
fn the_container_example_reads_its_settings_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../config-templates/container.prod.toml");
    write(dir.path(), "prod.toml", &std::fs::read_to_string(example).unwrap());
    let env = [
        ("DOMAIN", "social.example"),
        ("ADMIN_EMAIL", "admin@social.example"),
        ("PORT", "8080"),
        ("DB_PASSWORD", "container-db-pass"),
        ("SECRET_KEY_BASE", "k"),
        ("SIGNING_SALT", "s"),
        ("VAPID_PUBLIC_KEY", "p"),
        ("VAPID_PRIVATE_KEY", "v"),
        ("S3_BUCKET", "media"),
    ];
    let out = run(dir.path(), &["config", "show", "--output", "json"], &env);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["instance"]["domain"], "social.example");
    assert_eq!(json["http"]["port"], 8080);
    assert_eq!(json["database"]["port"], 5432);
    assert_eq!(json["database"]["password"], "<redacted>");

    let out = pleroctl()
        .arg("--config-dir")
        .arg(dir.path())
        .args(["config", "check"])
        .envs(env.iter().filter(|(k, _)| *k != "DB_PASSWORD").copied())
        .env_remove("DB_PASSWORD")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!(
            "{}:25: database.password: environment variable DB_PASSWORD is not set",
            dir.path().join("prod.toml").display()
        )),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_plero_variable_that_is_not_text_is_an_error_naming_it() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let out = pleroctl()
        .current_dir(dir.path())
        .args(["config", "check"])
        .env("PLERO_HTTP__PORT", std::ffi::OsStr::from_bytes(b"\xff"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("env PLERO_HTTP__PORT: is not valid UTF-8"), "{}", stderr(&out));
}

#[test]
fn a_config_dir_that_is_a_file_says_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plain"), "").unwrap();
    let out = pleroctl()
        .current_dir(dir.path())
        .args(["--config-dir", "plain", "config", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("config directory plain is not a directory"), "{}", stderr(&out));
}

#[test]
fn check_and_serve_refuse_an_uploads_dir_that_holds_the_database() {
    let work = tempfile::tempdir().unwrap();
    std::fs::create_dir(work.path().join("config")).unwrap();
    write(&work.path().join("config"), "base.toml", "[uploads]\nlocal_dir = \".\"\n");
    for args in [&["config", "check"][..], &["serve", "--migrate"]] {
        let out = support::run_in(work.path(), args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = stderr(&out);
        let data = work.path().canonicalize().unwrap().join("data");
        assert!(
            err.contains(&format!(
                "uploads.local_dir: {} contains the data directory",
                work.path().canonicalize().unwrap().display()
            )),
            "{args:?}: {err}"
        );
        assert!(err.contains(&format!("{} (instance.data_dir)", data.display())), "{err}");
        assert!(err.contains("e.g. uploads.local_dir = "), "says what would be valid: {err}");
    }
    assert!(!work.path().join("data/plero.db").exists(), "serve stopped before opening the database");
}

#[test]
fn check_refuses_an_empty_secret_key_base_saying_why_and_how_to_make_one() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base.toml", "[instance]\ndomain = \"social.example\"\n");
    let out = run(dir.path(), &["config", "check"], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("security.secret_key_base: is empty"), "{err}");
    assert!(err.contains("every node of the instance must share the same one"), "{err}");
    assert!(err.contains("`pleroctl instance gen` writes one"), "{err}");

    let with_key = run(dir.path(), &["config", "check"], &[("PLERO_SECURITY__SECRET_KEY_BASE", "k")]);
    assert!(with_key.status.success(), "{}", stderr(&with_key));
    let quick_start = tempfile::tempdir().unwrap();
    let out = support::run_in(quick_start.path(), &["config", "check"]);
    assert!(out.status.success(), "without any file, serve keeps a key of its own: {}", stderr(&out));
}
