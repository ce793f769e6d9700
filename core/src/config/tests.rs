//! The loader's behaviour: layers, origins, environment references and problems.

use std::collections::BTreeMap;
use std::path::Path;

use super::*;

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir.join(name), std::fs::Permissions::from_mode(0o600)).unwrap();
    }
}

fn opts(dir: &Path) -> LoadOptions {
    LoadOptions { config_dir: Some(dir.to_path_buf()), env: "prod".into(), set: vec![] }
}

fn vars(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn problems(result: Result<LoadedConfig, ConfigError>) -> Vec<String> {
    match result {
        Err(ConfigError::Invalid { problems }) => problems.iter().map(ToString::to_string).collect(),
        Err(other) => panic!("expected problems, got {other}"),
        Ok(_) => panic!("expected problems, the config loaded"),
    }
}

#[test]
fn with_no_files_every_value_is_its_default_but_urls_say_http() {
    let loaded = load_with_vars(&LoadOptions::default(), &vars(&[])).unwrap();
    let mut expected = Config::default();
    expected.http.public_scheme = Scheme::Http;
    assert_eq!(loaded.config, expected);
    assert_eq!(loaded.origin("http.port"), Some(&Origin::Default));
    assert_eq!(loaded.origin("http.public_scheme"), Some(&Origin::QuickStart));
}

#[test]
fn a_quick_start_domain_follows_the_port_it_listens_on_unless_one_is_given() {
    let loaded = load_with_vars(&LoadOptions::default(), &vars(&[("PLERO_HTTP__PORT", "4011")])).unwrap();
    assert_eq!(loaded.config.instance.domain, "localhost:4011");
    assert_eq!(loaded.origin("instance.domain"), Some(&Origin::QuickStart));
    let given = [("PLERO_HTTP__PORT", "4011"), ("PLERO_INSTANCE__DOMAIN", "social.example")];
    let loaded = load_with_vars(&LoadOptions::default(), &vars(&given)).unwrap();
    assert_eq!(loaded.config.instance.domain, "social.example");

    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base.toml", "[http]\nport = 4011\n");
    let options = LoadOptions { config_dir: Some(dir.path().into()), ..Default::default() };
    let loaded = load_with_vars(&options, &vars(&[])).unwrap();
    assert_eq!(loaded.config.instance.domain, "localhost:4000", "a configured instance keeps its domain");
}

#[test]
fn a_quick_start_keeps_a_public_scheme_that_was_asked_for() {
    let loaded =
        load_with_vars(&LoadOptions::default(), &vars(&[("PLERO_HTTP__PUBLIC_SCHEME", "https")])).unwrap();
    assert_eq!(loaded.config.http.public_scheme, Scheme::Https);
}

#[test]
fn with_a_configuration_file_urls_default_to_https() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base.toml", "[instance]\ndomain = \"social.example\"\n");
    let options = LoadOptions { config_dir: Some(dir.path().into()), ..Default::default() };
    let loaded = load_with_vars(&options, &vars(&[])).unwrap();
    assert_eq!(loaded.config.http.public_scheme, Scheme::Https);
    assert_eq!(loaded.origin("http.public_scheme"), Some(&Origin::Default));
}

#[test]
fn each_layer_overrides_the_ones_below() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "base.toml",
        "[http]\nport = 4001\nshutdown_grace_secs = 1\nrequest_timeout_secs = 2\n[instance]\nname = \"base\"\n",
    );
    write(
        dir.path(),
        "prod.toml",
        "[http]\nport = 4002\nshutdown_grace_secs = 11\n[instance]\nname = \"prod\"\n",
    );
    write(dir.path(), "prod.secret.toml", "[http]\nport = 4003\n\n[instance]\nname = \"secret\"\n");
    let mut options = opts(dir.path());
    options.set = vec!["instance.name=flag".into()];
    let env = vars(&[("PLERO_HTTP__PORT", "4004"), ("PLERO_INSTANCE__NAME", "env")]);
    let loaded = load_with_vars(&options, &env).unwrap();

    assert_eq!(loaded.config.http.request_timeout_secs, 2);
    assert_eq!(
        loaded.origin("http.request_timeout_secs").unwrap().to_string(),
        format!("{}:4", dir.path().join("base.toml").display())
    );
    assert_eq!(loaded.config.http.shutdown_grace_secs, 11);
    assert_eq!(
        loaded.origin("http.shutdown_grace_secs").unwrap().to_string(),
        format!("{}:3", dir.path().join("prod.toml").display())
    );
    assert_eq!(loaded.config.http.port, 4004);
    assert_eq!(loaded.origin("http.port"), Some(&Origin::Env { var: "PLERO_HTTP__PORT".into() }));
    assert_eq!(loaded.config.instance.name, "flag");
    assert_eq!(loaded.origin("instance.name"), Some(&Origin::Flag { key: "instance.name".into() }));
}

#[test]
fn the_secret_file_overrides_the_env_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "prod.toml", "[database]\npassword = \"from-prod\"\n");
    write(dir.path(), "prod.secret.toml", "[database]\npassword = \"from-secret\"\n");
    let loaded = load_with_vars(&opts(dir.path()), &vars(&[])).unwrap();
    assert_eq!(loaded.config.database.password.expose(), "from-secret");
    assert_eq!(
        loaded.origin("database.password").unwrap().to_string(),
        format!("{}:2", dir.path().join("prod.secret.toml").display())
    );
}

#[test]
fn another_env_name_picks_its_own_files() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "prod.toml", "[instance]\nname = \"prod\"\n");
    write(dir.path(), "staging.toml", "[instance]\nname = \"staging\"\n");
    let mut options = opts(dir.path());
    options.env = "staging".into();
    assert_eq!(load_with_vars(&options, &vars(&[])).unwrap().config.instance.name, "staging");
}

#[test]
fn env_vars_set_any_key_parsed_to_its_type() {
    let env = vars(&[
        ("PLERO_DATABASE__POOL_SIZE", "3"),
        ("PLERO_FEDERATION__ENABLED", "FALSE"),
        ("PLERO_FEDERATION__BLOCKED_DOMAINS", "a.example, b.example"),
        ("PLERO_INSTANCE__REGISTRATIONS", "open"),
        ("PLERO_HTTP__IP", "0.0.0.0"),
        ("PLERO_ENV", "prod"),
    ]);
    let c = load_with_vars(&LoadOptions::default(), &env).unwrap().config;
    assert_eq!(c.database.pool_size, 3);
    assert!(!c.federation.enabled);
    assert_eq!(c.federation.blocked_domains, vec!["a.example", "b.example"]);
    assert_eq!(c.instance.registrations, Registrations::Open);
    assert_eq!(c.http.ip.to_string(), "0.0.0.0");
}

#[test]
fn an_env_var_of_the_wrong_type_names_the_variable_and_the_expected_type() {
    let found = problems(load_with_vars(&LoadOptions::default(), &vars(&[("PLERO_HTTP__PORT", "eighty")])));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with(
            "env PLERO_HTTP__PORT: http.port: wrong type: expected a non-negative integer (u16)"
        ),
        "{found:?}"
    );
}

#[test]
fn an_unknown_env_key_suggests_the_nearest_variable() {
    let found =
        problems(load_with_vars(&LoadOptions::default(), &vars(&[("PLERO_INSTANCE__DOMIAN", "x.example")])));
    assert!(found[0].contains("did you mean PLERO_INSTANCE__DOMAIN?"), "{found:?}");
}

#[test]
fn references_to_the_environment_are_expanded_with_defaults() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "prod.secret.toml",
        "[database]\npassword = \"${DB_PASSWORD}\"\nhost = \"${DB_HOST:-db.internal}\"\n",
    );
    let c = load_with_vars(&opts(dir.path()), &vars(&[("DB_PASSWORD", "hunter2")])).unwrap().config;
    assert_eq!(c.database.password.expose(), "hunter2");
    assert_eq!(c.database.host, "db.internal");
}

#[test]
fn a_reference_in_a_number_or_boolean_field_is_typed_like_the_field() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "base.toml",
        "[http]\nport = \"${PORT:-4000}\"\n[federation]\nenabled = \"${FEDERATE}\"\n",
    );
    let c =
        load_with_vars(&opts(dir.path()), &vars(&[("PORT", "8080"), ("FEDERATE", "false")])).unwrap().config;
    assert_eq!(c.http.port, 8080);
    assert!(!c.federation.enabled);
    let found = problems(load_with_vars(&opts(dir.path()), &vars(&[("PORT", "eighty"), ("FEDERATE", "no")])));
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].contains(
            ":2: http.port: wrong type: expected a non-negative integer (u16), found string \"eighty\""
        ),
        "{found:?}"
    );
}

#[test]
fn a_quoted_number_without_reference_is_still_a_wrong_type() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base.toml", "[http]\nport = \"4000\"\n");
    let found = problems(load_with_vars(&opts(dir.path()), &vars(&[])));
    assert!(
        found[0]
            .ends_with("http.port: wrong type: expected a non-negative integer (u16), found string \"4000\""),
        "{found:?}"
    );
}

#[test]
fn a_missing_referenced_variable_names_it_and_the_file_line() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base.toml", "[database]\n\nhost = \"${DB_HOST}\"\n");
    let found = problems(load_with_vars(&opts(dir.path()), &vars(&[])));
    let path = dir.path().join("base.toml");
    assert_eq!(
        found,
        vec![format!(
            "{}:3: database.host: environment variable DB_HOST is not set; set it, or give a default: ${{DB_HOST:-value}}",
            path.display()
        )]
    );
}

#[test]
fn set_flags_are_the_highest_layer_and_must_be_key_equals_value() {
    let options = LoadOptions { set: vec!["http.port=5000".into()], ..LoadOptions::default() };
    let loaded = load_with_vars(&options, &vars(&[("PLERO_HTTP__PORT", "4004")])).unwrap();
    assert_eq!(loaded.config.http.port, 5000);
    let bad = LoadOptions { set: vec!["http.port".into()], ..LoadOptions::default() };
    assert!(matches!(load_with_vars(&bad, &vars(&[])), Err(ConfigError::BadFlag { .. })));
}

#[test]
fn a_malformed_set_flag_never_echoes_what_may_be_a_secret() {
    for arg in ["database.password hunter2", "database.password:hunter2", "hunter2pw"] {
        let bad = LoadOptions { set: vec![arg.into()], ..LoadOptions::default() };
        let err = load_with_vars(&bad, &vars(&[])).unwrap_err().to_string();
        assert!(!err.contains("hunter2"), "{err}");
    }
    let no_section = LoadOptions { set: vec!["password=hunter2".into()], ..LoadOptions::default() };
    let found = problems(load_with_vars(&no_section, &vars(&[])));
    assert_eq!(found, vec!["--set password: unknown key `password`; did you mean `database.password`?"]);
}

#[test]
fn an_out_of_range_number_is_a_problem_at_its_line_that_does_not_quote_it() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "prod.secret.toml", "[database]\npassword = 99999999999999999999\n");
    let found = problems(load_with_vars(&opts(dir.path()), &vars(&[])));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("prod.secret.toml:2"), "{found:?}");
    assert!(found[0].contains("out of range"), "{found:?}");
    assert!(!found[0].contains("9999"), "{found:?}");
}

#[test]
fn an_unknown_key_names_file_line_and_the_nearest_valid_key() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base.toml", "[instance]\ndomian = \"x.example\"\n[htp]\nport = 1\n");
    let found = problems(load_with_vars(&opts(dir.path()), &vars(&[])));
    let path = dir.path().join("base.toml").display().to_string();
    assert_eq!(
        found,
        vec![
            format!("{path}:2: unknown key `instance.domian`; did you mean `instance.domain`?"),
            format!("{path}:3: unknown section [htp]; did you mean [http]?"),
        ]
    );
}

#[test]
fn a_wrong_type_names_file_line_and_the_expected_type() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base.toml", "[instance]\nindexable = \"yes\"\n");
    let found = problems(load_with_vars(&opts(dir.path()), &vars(&[])));
    let path = dir.path().join("base.toml").display().to_string();
    assert_eq!(
        found,
        vec![format!(
            "{path}:2: instance.indexable: wrong type: expected a boolean (true or false), found string \"yes\""
        )]
    );
}

#[test]
fn a_secret_of_the_wrong_type_is_not_echoed() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "prod.secret.toml", "[database]\npassword = 987654321\n");
    let found = problems(load_with_vars(&opts(dir.path()), &vars(&[])));
    assert!(
        found[0].ends_with("database.password: wrong type: expected a string, found integer"),
        "{found:?}"
    );
    assert!(!found[0].contains("987654321"));
}

#[test]
fn bad_values_say_what_would_be_valid() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "base.toml",
        "[instance]\ndomain = \"https://social.example\"\n[http]\nport = 70000\n[streaming]\nurl = \"not a url\"\n",
    );
    let found = problems(load_with_vars(&opts(dir.path()), &vars(&[])));
    let path = dir.path().join("base.toml").display().to_string();
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(
        found.contains(&format!(
            "{path}:4: http.port: port 70000 is out of range: use a port between 1 and 65535"
        )),
        "{found:?}"
    );
    assert!(found.contains(&format!("{path}:2: instance.domain: \"https://social.example\" includes a scheme (https://): write the domain alone, e.g. \"social.example\"")), "{found:?}");
    assert!(
        found
            .iter()
            .any(|p| p.starts_with(&format!("{path}:6: streaming.url: \"not a url\" is not a valid URL"))),
        "{found:?}"
    );
}

#[cfg(unix)]
#[test]
fn a_secret_file_readable_by_others_is_a_problem() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "prod.secret.toml", "[database]\npassword = \"x\"\n");
    let path = dir.path().join("prod.secret.toml");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let found = problems(load_with_vars(&opts(dir.path()), &vars(&[])));
    assert_eq!(
        found,
        vec![format!(
            "{}:1: secret file is accessible by others (mode 0644): make it 0600 with `chmod 600 {}`",
            path.display(),
            path.display()
        )]
    );
}

#[test]
fn secrets_are_redacted_in_the_shown_table() {
    let options = LoadOptions {
        set: vec![
            "database.url=postgres://plero:hunter2@db:5432/plero".into(),
            "database.backend=postgres".into(),
            "security.secret_key_base=topsecret".into(),
        ],
        ..LoadOptions::default()
    };
    let shown = load_with_vars(&options, &vars(&[])).unwrap().redacted().to_string();
    assert!(!shown.contains("hunter2") && !shown.contains("topsecret"), "{shown}");
    assert!(shown.contains("postgres://plero:<redacted>@db:5432/plero"), "{shown}");
}

#[test]
fn a_postgres_url_is_built_from_its_parts_when_unset() {
    let mut db = DatabaseConfig { backend: DatabaseBackend::Postgres, ..DatabaseConfig::default() };
    db.password = Secret::new("p@ss/word");
    assert_eq!(
        db.connection_url(Path::new("data")).expose(),
        "postgres://plero:p%40ss%2Fword@127.0.0.1:5432/plero"
    );
    let sqlite = DatabaseConfig::default();
    assert_eq!(sqlite.connection_url(Path::new("data")).expose(), "sqlite://data/plero.db");
}

#[test]
fn a_malformed_reference_in_a_secret_is_not_quoted() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "prod.secret.toml",
        "[database]\npassword = \"hunter2${oops\"\n[instance]\nname = \"${bad name}\"\n",
    );
    let found = problems(load_with_vars(&opts(dir.path()), &vars(&[])));
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0]
            .ends_with("database.password: malformed ${...} reference: write ${NAME} or ${NAME:-default}"),
        "{found:?}"
    );
    assert!(found[1].contains("instance.name: malformed reference \"${bad name}\""), "{found:?}");
    assert!(!found.concat().contains("hunter2"));
}

#[test]
fn a_mistyped_environment_is_refused_naming_the_ones_there() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base.toml", "[instance]\ndomain = \"social.example\"\n");
    write(dir.path(), "prod.toml", "[instance]\nname = \"Prod\"\n");
    let options = LoadOptions { config_dir: Some(dir.path().into()), env: "prdo".into(), set: Vec::new() };
    let found = problems(load_with_vars(&options, &vars(&[])));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("no prdo.toml or prdo.secret.toml"), "{found:?}");
    assert!(found[0].contains("environment(s) prod: check --env"), "{found:?}");
}

#[test]
fn an_empty_configuration_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let options = LoadOptions { config_dir: Some(dir.path().into()), ..Default::default() };
    let found = problems(load_with_vars(&options, &vars(&[])));
    assert!(found[0].contains("holds no configuration file"), "{found:?}");
}

#[test]
fn base_toml_alone_is_a_whole_configuration() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base.toml", "[instance]\ndomain = \"social.example\"\n");
    let options = LoadOptions { config_dir: Some(dir.path().into()), env: "staging".into(), set: Vec::new() };
    let loaded = load_with_vars(&options, &vars(&[])).unwrap();
    assert_eq!(loaded.config.instance.domain, "social.example");
}

#[test]
fn a_postgres_url_alone_selects_postgres() {
    let vars = vars(&[("PLERO_DATABASE__URL", "postgres://plero@db.internal/plero")]);
    let loaded = load_with_vars(&LoadOptions::default(), &vars).unwrap();
    assert_eq!(loaded.config.database.backend, DatabaseBackend::Postgres);
    assert_eq!(loaded.origin("database.backend").unwrap().to_string(), "implied by database.url");
}

#[test]
fn a_backend_that_was_set_and_disagrees_with_the_url_is_refused() {
    let vars = vars(&[
        ("PLERO_DATABASE__URL", "postgres://plero@db.internal/plero"),
        ("PLERO_DATABASE__BACKEND", "sqlite"),
    ]);
    let found = problems(load_with_vars(&LoadOptions::default(), &vars));
    assert!(found.iter().any(|p| p.contains("is sqlite but database.url is a postgres URL")), "{found:?}");
}

#[cfg(unix)]
#[test]
fn a_secret_written_in_a_file_others_may_read_is_a_problem_naming_where_it_belongs() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "base.toml",
        "[instance]\ndomain = \"social.example\"\n[database]\npassword = \"hunter2\"\n",
    );
    std::fs::set_permissions(dir.path().join("base.toml"), std::fs::Permissions::from_mode(0o644)).unwrap();
    let options = LoadOptions { config_dir: Some(dir.path().into()), ..Default::default() };
    let found = problems(load_with_vars(&options, &vars(&[])));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("base.toml:4"), "{found:?}");
    assert!(
        found[0].contains("database.password is a secret, but this file is readable by others"),
        "{found:?}"
    );
    assert!(found[0].contains("PLERO_DATABASE__PASSWORD"), "{found:?}");
    assert!(!found[0].contains("hunter2"), "the secret is not quoted: {found:?}");
}

#[test]
fn a_secret_read_from_the_environment_may_stand_in_any_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base.toml", "[database]\npassword = \"${DB_PASSWORD}\"\n");
    let options = LoadOptions { config_dir: Some(dir.path().into()), ..Default::default() };
    let loaded = load_with_vars(&options, &vars(&[("DB_PASSWORD", "hunter2")])).unwrap();
    assert_eq!(loaded.config.database.password.expose(), "hunter2");
}

#[cfg(unix)]
#[test]
fn a_database_url_in_an_open_file_is_a_problem_only_when_it_holds_a_password() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let options = LoadOptions { config_dir: Some(dir.path().into()), ..Default::default() };
    for (url, flagged) in
        [("postgres://plero@db.internal/plero", false), ("postgres://plero:pw@db.internal/plero", true)]
    {
        write(dir.path(), "prod.toml", &format!("[database]\nurl = \"{url}\"\n"));
        std::fs::set_permissions(dir.path().join("prod.toml"), std::fs::Permissions::from_mode(0o644))
            .unwrap();
        assert_eq!(load_with_vars(&options, &vars(&[])).is_err(), flagged, "{url}");
    }
}

#[test]
fn rate_limits_and_trusted_proxies_say_what_would_be_valid() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "base.toml",
        "[http]\ntrusted_proxies = [\"10.0.0.0/8\", \"10.0.0/8\"]\n[rate_limits]\nsign_in = 0\n\
         failed_sign_ins_per_ip = 10\nfailed_sign_ins_per_account = 3\n",
    );
    let found = problems(load_with_vars(&opts(dir.path()), &vars(&[])));
    let path = dir.path().join("base.toml").display().to_string();
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(
        found.iter().any(|p| p.starts_with(&format!("{path}:2: http.trusted_proxies:"))
            && p.contains("\"10.0.0/8\" is not an IP address or CIDR block")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|p| p.starts_with(&format!("{path}:4: rate_limits.sign_in: 0 would refuse"))),
        "{found:?}"
    );
    assert!(
        found.iter().any(|p| p.starts_with(&format!("{path}:6: rate_limits.failed_sign_ins_per_account: 3 is below"))),
        "{found:?}"
    );
}

#[test]
fn trusted_proxies_come_from_an_env_var_as_a_list() {
    let env = vars(&[("PLERO_HTTP__TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.1")]);
    let c = load_with_vars(&LoadOptions::default(), &env).unwrap().config;
    let shown: Vec<String> = c.http.trusted_proxies.iter().map(ToString::to_string).collect();
    assert_eq!(shown, ["10.0.0.0/8", "192.0.2.1/32"]);
}

#[test]
fn jobs_settings_out_of_range_name_the_key_and_what_would_be_valid() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "base.toml",
        "[jobs]\nmax_attempts = 0\nlease_secs = 1\ndefault_concurrency = 20000\npoll_interval_ms = 0\n",
    );
    let found = problems(load_with_vars(&opts(dir.path()), &vars(&[])));
    let path = dir.path().join("base.toml").display().to_string();
    assert_eq!(found.len(), 4, "{found:?}");
    for (line, start) in [
        (2, "jobs.max_attempts: 0 is out of range: use 1 to 100"),
        (3, "jobs.lease_secs: 1 is out of range: use 5 to 3600"),
        (4, "jobs.default_concurrency: 20000 is too many"),
        (5, "jobs.poll_interval_ms: 0 is out of range"),
    ] {
        assert!(
            found.iter().any(|p| p.starts_with(&format!("{path}:{line}: {start}"))),
            "{start}: {found:?}"
        );
    }
}

#[test]
fn jobs_concurrency_comes_from_the_environment_and_zero_runs_none_of_a_queue() {
    let env = vars(&[("PLERO_JOBS__FEDERATION_CONCURRENCY", "0"), ("PLERO_JOBS__MAX_ATTEMPTS", "25")]);
    let c = load_with_vars(&LoadOptions::default(), &env).unwrap().config;
    assert_eq!((c.jobs.federation_concurrency, c.jobs.max_attempts, c.jobs.default_concurrency), (0, 25, 10));
    let settings = crate::jobs::RuntimeSettings::from_config(&c.jobs, std::time::Duration::from_secs(30));
    let queues: Vec<_> = settings.queues.iter().map(|q| (q.name.as_str(), q.concurrency)).collect();
    assert_eq!(queues, [("default", 10)]);
}

fn parameter(name: &str, value: &str, secure: bool) -> ssm::Parameter {
    ssm::Parameter {
        name: name.into(),
        value: Secret::new(value),
        secure,
        kind: if secure { "SecureString" } else { "String" }.into(),
        version: 1,
        last_modified: None,
    }
}

/// Loads with `parameters` standing for what SSM holds under the configured path.
fn load_with_ssm(
    options: &LoadOptions,
    env: &BTreeMap<String, String>,
    parameters: Vec<ssm::Parameter>,
) -> Result<LoadedConfig, ConfigError> {
    load_from(options, env, &|_| Ok(parameters.clone()))
}

#[test]
fn ssm_parameters_sit_between_the_secret_file_and_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "prod.toml", "[ssm]\npath = \"/plero/prod/\"\n[http]\nport = 4001\n");
    write(dir.path(), "prod.secret.toml", "[database]\npassword = \"from-file\"\n");
    let parameters = vec![
        parameter("/plero/prod/database/password", "from-ssm", true),
        parameter("/plero/prod/http/port", "4002", false),
        parameter("/plero/prod/instance/name", "from-ssm", false),
    ];
    let env = vars(&[("PLERO_INSTANCE__NAME", "from-env")]);
    let loaded = load_with_ssm(&opts(dir.path()), &env, parameters).unwrap();
    assert_eq!(loaded.config.database.password.expose(), "from-ssm");
    assert_eq!(loaded.origin("database.password").unwrap().to_string(), "ssm /plero/prod/database/password");
    assert_eq!(loaded.config.http.port, 4002, "typed like an environment variable");
    assert_eq!(loaded.config.instance.name, "from-env");
    assert_eq!(loaded.ssm_path(), Some("/plero/prod/"));
}

#[test]
fn without_a_path_ssm_is_not_read_and_enabled_false_turns_it_off() {
    let refuse: &dyn Fn(&SsmSettings) -> Result<Vec<ssm::Parameter>, SsmError> =
        &|_| panic!("SSM must not be read");
    assert!(load_from(&LoadOptions::default(), &vars(&[]), refuse).is_ok());
    let env = vars(&[("PLERO_SSM__PATH", "/plero/prod/"), ("PLERO_SSM__ENABLED", "false")]);
    assert!(load_from(&LoadOptions::default(), &env, refuse).unwrap().is_quick_start());
}

#[test]
fn the_ssm_path_may_come_from_the_environment_or_a_flag() {
    let seen = std::cell::RefCell::new(Vec::new());
    let fetch = |settings: &SsmSettings| {
        seen.borrow_mut().push(settings.clone());
        Ok(vec![parameter(&format!("{}instance/name", settings.path), "x", false)])
    };
    let env = vars(&[("PLERO_SSM__PATH", "/plero/env/"), ("PLERO_SSM__REGION", "eu-west-1")]);
    let loaded = load_from(&LoadOptions::default(), &env, &fetch).unwrap();
    assert!(!loaded.is_quick_start(), "parameters from SSM make a configured instance");
    let flagged = LoadOptions { set: vec!["ssm.path=/plero/flag/".into()], ..Default::default() };
    load_from(&flagged, &env, &fetch).unwrap();
    let seen = seen.borrow();
    assert_eq!(seen[0], SsmSettings::new("/plero/env/", "eu-west-1", "").unwrap());
    assert_eq!(seen[1].path, "/plero/flag/");
}

#[test]
fn an_unknown_parameter_is_named_with_a_suggestion() {
    let env = vars(&[("PLERO_SSM__PATH", "/plero/prod")]);
    let parameters = vec![
        parameter("/plero/prod/databse/password", "hunter2", true),
        parameter("/plero/prod/password", "hunter2", true),
    ];
    let found = problems(load_with_ssm(&LoadOptions::default(), &env, parameters));
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(
        found[0],
        "ssm /plero/prod/databse/password: unknown key `/plero/prod/databse/password`; did you mean \
         `/plero/prod/database/password`?"
    );
    assert!(found[1].starts_with("ssm /plero/prod/password: unknown key"), "{found:?}");
    assert!(found.iter().all(|p| !p.contains("hunter2")), "{found:?}");
}

#[test]
fn a_secure_string_is_redacted_and_never_quoted_whatever_key_it_sets() {
    let env = vars(&[("PLERO_SSM__PATH", "/plero/prod/")]);
    let loaded = load_with_ssm(
        &LoadOptions::default(),
        &env,
        vec![parameter("/plero/prod/instance/name", "Secret Name", true)],
    )
    .unwrap();
    assert_eq!(loaded.config.instance.name, "Secret Name");
    assert_eq!(loaded.redacted()["instance"]["name"].as_str(), Some(REDACTED));
    let bad = vec![parameter("/plero/prod/http/port", "not-a-port-4a9f", true)];
    let found = problems(load_with_ssm(&LoadOptions::default(), &env, bad));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("ssm /plero/prod/http/port: http.port: wrong type"), "{found:?}");
    assert!(!found[0].contains("4a9f"), "{found:?}");
}

#[test]
fn ssm_settings_cannot_come_from_ssm() {
    let env = vars(&[("PLERO_SSM__PATH", "/plero/prod/")]);
    let found = problems(load_with_ssm(
        &LoadOptions::default(),
        &env,
        vec![parameter("/plero/prod/ssm/region", "eu-west-1", false)],
    ));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("SSM's own settings cannot come from SSM"), "{found:?}");
}

#[test]
fn an_ssm_failure_fails_the_load() {
    let env = vars(&[("PLERO_SSM__PATH", "/plero/prod/")]);
    let failing = |settings: &SsmSettings| {
        Err(SsmError::Empty { path: settings.path.clone(), region: "eu-west-1".into() })
    };
    let err = load_from(&LoadOptions::default(), &env, &failing).unwrap_err();
    assert!(matches!(err, ConfigError::Ssm(SsmError::Empty { .. })), "{err:?}");
    assert!(err.to_string().contains("no parameter under /plero/prod/"), "{err}");
}

#[test]
fn pulled_parameters_are_typed_like_their_keys() {
    let settings = SsmSettings::new("/plero/prod/", "", "").unwrap();
    let keys = secrets::pulled(
        &settings,
        &[
            parameter("/plero/prod/http/port", "4010", false),
            parameter("/plero/prod/database/password", "pw", true),
        ],
    )
    .unwrap();
    let port = keys.iter().find(|k| k.key == "http.port").unwrap();
    assert_eq!(port.value, toml::Value::Integer(4010));
    assert_eq!(port.parameter, "/plero/prod/http/port");
    assert!(secrets::pulled(&settings, &[parameter("/plero/prod/http/prot", "1", false)]).is_err());
}

#[test]
fn a_secret_file_gives_its_keys_as_text_for_push() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "prod.secret.toml",
        "[database]\npassword = \"pw\"\nport = 5433\nhost = \"\"\n[http]\ntrusted_proxies = [\"10.0.0.0/8\"]\n",
    );
    let entries = secret_file_entries(&dir.path().join("prod.secret.toml")).unwrap();
    let shown: Vec<(&str, &str)> = entries.iter().map(|(k, v)| (k.as_str(), v.expose())).collect();
    assert_eq!(
        shown,
        [
            ("database.password", "pw"),
            ("database.port", "5433"),
            ("http.trusted_proxies", "[\"10.0.0.0/8\"]")
        ]
    );
    write(dir.path(), "bad.toml", "[database]\npasword = \"pw\"\n");
    let Err(ConfigError::Invalid { problems }) = secret_file_entries(&dir.path().join("bad.toml")) else {
        panic!("an unknown key is refused");
    };
    assert!(problems[0].to_string().contains("did you mean `database.password`?"), "{problems:?}");
}

#[test]
fn a_missing_variable_is_forgiven_when_a_layer_above_sets_the_key() {
    // The container's prod.toml names ${DB_PASSWORD}; SSM or the environment gives it on hosts
    // where that variable is not set.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "prod.toml",
        "[ssm]\npath = \"/plero/prod/\"\n[database]\npassword = \"${DB_PASSWORD}\"\n[instance]\nname = \"${NAME}\"\n",
    );
    let from_ssm = vec![parameter("/plero/prod/database/password", "from-ssm", true)];
    let env = vars(&[("PLERO_INSTANCE__NAME", "from-env")]);
    let loaded = load_with_ssm(&opts(dir.path()), &env, from_ssm).unwrap();
    assert_eq!(loaded.config.database.password.expose(), "from-ssm");
    assert_eq!(loaded.config.instance.name, "from-env");

    // Nothing above it: still the file's problem, at its line.
    let found = problems(load_with_ssm(&opts(dir.path()), &env, Vec::new()));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].ends_with("database.password: environment variable DB_PASSWORD is not set; set it, or give a default: ${DB_PASSWORD:-value}"), "{found:?}");
    assert!(found[0].contains("prod.toml:4"), "{found:?}");
}

#[test]
fn the_http_section_alone_needs_neither_ssm_nor_the_other_sections_variables() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "prod.toml",
        "[ssm]\npath = \"/plero/prod/\"\nendpoint = \"http://127.0.0.1:9\"\n[http]\nport = \"${PLERO_TEST_SURELY_UNSET_PORT:-4100}\"\n\
         [database]\npassword = \"${PLERO_TEST_SURELY_UNSET_DB_PASSWORD}\"\n",
    );
    let http = http_config(&opts(dir.path())).unwrap();
    assert_eq!(http.port, 4100);
    let flagged = LoadOptions { set: vec!["http.ip=127.0.0.9".into()], ..opts(dir.path()) };
    assert_eq!(http_config(&flagged).unwrap().ip.to_string(), "127.0.0.9");

    // A reference within [http] that nothing resolves is still refused, naming it.
    write(dir.path(), "prod.toml", "[http]\nport = \"${PLERO_TEST_SURELY_UNSET_PORT}\"\n");
    let err = http_config(&opts(dir.path())).unwrap_err().to_string();
    assert!(err.contains("http.port: environment variable PLERO_TEST_SURELY_UNSET_PORT is not set"), "{err}");
}
