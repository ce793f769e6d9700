//! AWS SSM Parameter Store as a configuration layer, and `pleroctl secrets`, against moto in server
//! mode: parameters put with boto3 appear in `config show` with their origin, redacted; `secrets
//! pull` round-trips in every format; `secrets push` then `pull` gives the file's keys back; and
//! each failure (refused credentials, a denied path, an empty path, no credentials, an endpoint
//! that is gone) is named, exits non-zero, and keeps `serve` and `migrate` from starting.

mod support;

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use support::moto::Moto;
use support::{ok, pleroctl, stderr, stdout};

const PASSWORD: &str = "hunter2-from-ssm";

/// A config directory whose base.toml points `[ssm]` at `moto` under `path`, with an SQLite
/// database, a free port and a secret key base: everything `serve` needs but what SSM holds.
struct Instance {
    dir: tempfile::TempDir,
    env: Vec<(String, String)>,
}

impl Instance {
    fn new(moto: &Moto, path: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config");
        std::fs::create_dir(&config).unwrap();
        let ssm = if path.is_empty() { String::new() } else { format!("path = \"{path}\"\n") };
        std::fs::write(
            config.join("base.toml"),
            format!(
                "[instance]\ndomain = \"social.example\"\ndata_dir = \"{data}\"\n\n[http]\nip = \"127.0.0.1\"\n\
                 port = {port}\n\n[uploads]\nlocal_dir = \"{uploads}\"\n\n[ssm]\n{ssm}region = \"us-east-1\"\n\
                 endpoint = \"{endpoint}\"\n",
                data = dir.path().join("data").display(),
                uploads = dir.path().join("uploads").display(),
                port = support::free_port(),
                endpoint = moto.endpoint(),
            ),
        )
        .unwrap();
        let mut env = moto.aws_env();
        env.push(("PLERO_SECURITY__SECRET_KEY_BASE".into(), "the test instance's secret key base".into()));
        Self { dir, env }
    }

    fn config_dir(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    /// `pleroctl --config-dir … ARGS` with the AWS environment (and no AWS variable of the test's
    /// own environment), stdin closed.
    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = pleroctl();
        for (key, _) in std::env::vars().filter(|(key, _)| key.starts_with("AWS_")) {
            cmd.env_remove(key);
        }
        cmd.current_dir(self.dir.path())
            .arg("--config-dir")
            .arg(self.config_dir())
            .args(args)
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null());
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("pleroctl runs")
    }

    /// The same environment with one variable replaced (or removed with `None`).
    fn with_env(mut self, key: &str, value: Option<&str>) -> Self {
        self.env.retain(|(k, _)| k != key);
        if let Some(value) = value {
            self.env.push((key.into(), value.into()));
        }
        self
    }
}

/// Runs `cmd`, killing it after `limit`: a command that should refuse to start but serves instead
/// fails the test rather than hanging it.
fn run_bounded(mut cmd: Command, limit: Duration) -> (Output, Duration) {
    let started = Instant::now();
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("pleroctl runs");
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!("still running after {limit:?}; stderr:\n{}", stderr(&out));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    (child.wait_with_output().unwrap(), started.elapsed())
}

/// `config check`, `serve` and `migrate` each fail with `expected` in their error, in bounded time,
/// and print no secret.
fn assert_refused(instance: &Instance, expected: &str) {
    for args in [&["config", "check"][..], &["serve", "--migrate"], &["migrate"]] {
        let (out, took) = run_bounded(instance.command(args), Duration::from_secs(30));
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(expected), "{args:?} should say {expected:?}:\n{err}");
        assert!(!err.contains(PASSWORD) && !stdout(&out).contains(PASSWORD), "{args:?} printed the secret");
        assert!(took < Duration::from_secs(20), "{args:?} took {took:?} to give up");
    }
    assert!(!instance.dir.path().join("data").exists(), "nothing was created: no database, no data dir");
}

fn put_parameters(moto: &Moto) {
    moto.boto3(&format!(
        "ssm.put_parameter(Name='/plero/test/database/password', Value={PASSWORD:?}, Type='SecureString')\n\
         ssm.put_parameter(Name='/plero/test/instance/name', Value='Named in SSM', Type='String')\n\
         ssm.put_parameter(Name='/plero/test/http/request_timeout_secs', Value='17', Type='String')"
    ));
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(out)))
}

#[test]
fn parameters_in_ssm_appear_in_config_show_with_their_origin_redacted() {
    let Some(moto) = Moto::start() else { return };
    put_parameters(&moto);
    let instance = Instance::new(&moto, "/plero/test/");

    let shown = json(&ok(instance.run(&["config", "show", "--origin", "--output", "json"])));
    let password = &shown["database"]["password"];
    assert_eq!(password["value"], "<redacted>");
    assert_eq!(password["origin"], "ssm /plero/test/database/password");
    assert_eq!(shown["instance"]["name"]["value"], "Named in SSM");
    assert_eq!(shown["http"]["request_timeout_secs"]["value"], 17, "typed like the key");
    assert_eq!(shown["http"]["request_timeout_secs"]["origin"], "ssm /plero/test/http/request_timeout_secs");

    let text = stdout(&ok(instance.run(&["config", "show", "--origin"])));
    assert!(text.contains("password = \"<redacted>\"  # ssm /plero/test/database/password"), "{text}");
    assert!(!text.contains(PASSWORD), "{text}");

    // Environment variables are the layer above SSM.
    let mut cmd = instance.command(&["config", "show", "--origin", "--output", "json"]);
    let shown = json(&ok(cmd.env("PLERO_INSTANCE__NAME", "Named in env").output().unwrap()));
    assert_eq!(shown["instance"]["name"]["value"], "Named in env");
    assert_eq!(shown["instance"]["name"]["origin"], "env PLERO_INSTANCE__NAME");

    let checked = stdout(&ok(instance.run(&["config", "check"])));
    assert!(checked.contains("AWS SSM /plero/test/"), "{checked}");
}

#[test]
fn the_path_may_come_from_ssm_path_or_the_environment() {
    let Some(moto) = Moto::start() else { return };
    put_parameters(&moto);
    let instance = Instance::new(&moto, "");
    let name = |out: Output| json(&ok(out))["instance"]["name"].clone();

    assert_eq!(
        name(instance.run(&["--ssm-path", "/plero/test", "config", "show", "--output", "json"])),
        "Named in SSM"
    );
    let mut cmd = instance.command(&["config", "show", "--output", "json"]);
    assert_eq!(name(cmd.env("PLERO_SSM__PATH", "/plero/test/").output().unwrap()), "Named in SSM");
    // Turned off, with the path kept.
    let mut cmd = instance.command(&["--ssm-path", "/plero/test/", "config", "show", "--output", "json"]);
    assert_eq!(name(cmd.env("PLERO_SSM__ENABLED", "false").output().unwrap()), "", "the default");
}

#[test]
fn config_check_names_an_unknown_parameter_and_the_nearest_key() {
    let Some(moto) = Moto::start() else { return };
    moto.boto3(&format!(
        "ssm.put_parameter(Name='/plero/test/databse/password', Value={PASSWORD:?}, Type='SecureString')"
    ));
    let instance = Instance::new(&moto, "/plero/test/");
    let out = instance.run(&["config", "check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "ssm /plero/test/databse/password: unknown key `/plero/test/databse/password`; did you mean \
             `/plero/test/database/password`?"
        ),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains(PASSWORD));
}

/// A value no quoting may change: quotes, `$`, a backslash, spaces, a line break.
const AWKWARD: &str = "it's \"quoted\" $HOME `x` \\n\nsecond line";

#[test]
fn secrets_pull_round_trips_in_every_format() {
    let Some(moto) = Moto::start() else { return };
    moto.boto3(&format!(
        "ssm.put_parameter(Name='/plero/test/database/password', Value={AWKWARD:?}, Type='SecureString')\n\
         ssm.put_parameter(Name='/plero/test/database/port', Value='5433', Type='SecureString')\n\
         ssm.put_parameter(Name='/plero/test/http/trusted_proxies', Value='10.0.0.0/8,192.168.0.0/16', Type='StringList')"
    ));
    let instance = Instance::new(&moto, "/plero/test/");
    let file = instance.dir.path().join("pulled.secret.toml");

    // toml: a 0600 secret file the loader reads back as it was.
    let out = ok(instance.run(&["secrets", "pull", "--output", file.to_str().unwrap()]));
    assert!(stdout(&out).is_empty(), "the secret goes to the file only");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    let table: toml::Table = std::fs::read_to_string(&file).unwrap().parse().unwrap();
    assert_eq!(table["database"]["password"].as_str(), Some(AWKWARD));
    assert_eq!(table["database"]["port"].as_integer(), Some(5433));
    assert_eq!(
        table["http"]["trusted_proxies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect::<Vec<_>>(),
        ["10.0.0.0/8", "192.168.0.0/16"]
    );
    // Pulled again over it: replaced, still 0600.
    ok(instance.run(&["secrets", "pull", "--output", file.to_str().unwrap()]));
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);

    // env: `export` lines a shell sources to the same values.
    let lines = stdout(&ok(instance.run(&["secrets", "pull", "--format", "env"])));
    let env_file = instance.dir.path().join("secrets.env");
    std::fs::write(&env_file, &lines).unwrap();
    let sourced = Command::new("sh")
        .arg("-c")
        .arg(format!(
            ". '{}' && printf '%s|%s|%s' \"$PLERO_DATABASE__PASSWORD\" \"$PLERO_DATABASE__PORT\" \"$PLERO_HTTP__TRUSTED_PROXIES\"",
            env_file.display()
        ))
        .env_clear()
        .output()
        .unwrap();
    assert!(sourced.status.success(), "{}", stderr(&sourced));
    assert_eq!(stdout(&sourced), format!("{AWKWARD}|5433|[\"10.0.0.0/8\", \"192.168.0.0/16\"]"));
    // An entrypoint that sources them runs pleroctl on the same configuration.
    let binary =
        std::env::var("PLERO_TEST_PLEROCTL").unwrap_or_else(|_| env!("CARGO_BIN_EXE_pleroctl").into());
    let elsewhere = tempfile::tempdir().unwrap();
    let shown = Command::new("sh")
        .arg("-c")
        .arg(format!(". '{}' && exec \"$0\" config show --output json", env_file.display()))
        .arg(binary)
        .env_clear()
        .current_dir(elsewhere.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let shown = json(&ok(shown));
    assert_eq!(shown["database"]["password"], "<redacted>");
    assert_eq!(shown["database"]["port"], 5433);
    assert_eq!(shown["http"]["trusted_proxies"], serde_json::json!(["10.0.0.0/8", "192.168.0.0/16"]));

    // json: typed, by section.
    let pulled = json(&ok(instance.run(&["secrets", "pull", "--format", "json"])));
    assert_eq!(pulled["database"]["password"], AWKWARD);
    assert_eq!(pulled["database"]["port"], 5433);
}

#[test]
fn secrets_push_then_pull_gives_back_the_files_keys() {
    let Some(moto) = Moto::start() else { return };
    let instance = Instance::new(&moto, "/plero/pushed/");
    let file = instance.config_dir().join("prod.secret.toml");
    std::fs::write(
        &file,
        format!(
            "[database]\npassword = {PASSWORD:?}\nport = 5433\n\n[security]\nsecret_key_base = \"kb-0123456789\"\n"
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let from = file.to_str().unwrap();

    let dry = ok(instance.run(&["secrets", "push", "--from", from, "--dry-run", "--output", "json"]));
    let rows = json(&dry);
    let actions: Vec<(&str, &str)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["parameter"].as_str().unwrap(), r["action"].as_str().unwrap()))
        .collect();
    assert_eq!(
        actions,
        [
            ("/plero/pushed/database/password", "create"),
            ("/plero/pushed/database/port", "create"),
            ("/plero/pushed/security/secret_key_base", "create"),
        ]
    );
    assert!(!stdout(&dry).contains(PASSWORD) && !stderr(&dry).contains(PASSWORD), "a dry run shows no value");
    assert!(stderr(&dry).contains("nothing written"), "{}", stderr(&dry));
    let there = moto
        .boto3("print(len(ssm.get_parameters_by_path(Path='/plero/pushed', Recursive=True)['Parameters']))");
    assert_eq!(there.trim(), "0", "the dry run wrote nothing");

    let pushed = ok(instance.run(&["secrets", "push", "--from", from]));
    assert!(!stdout(&pushed).contains(PASSWORD) && !stderr(&pushed).contains(PASSWORD));
    let types = moto.boto3(
        "print(sorted({p['Type'] for p in ssm.get_parameters_by_path(Path='/plero/pushed', Recursive=True)['Parameters']}))",
    );
    assert_eq!(types.trim(), "['SecureString']");

    let pulled = json(&ok(instance.run(&["secrets", "pull", "--format", "json"])));
    assert_eq!(
        pulled,
        serde_json::json!({
            "database": { "password": PASSWORD, "port": 5433 },
            "security": { "secret_key_base": "kb-0123456789" },
        })
    );

    // Again: nothing changes.
    let again = json(&ok(instance.run(&["secrets", "push", "--from", from, "-o", "json"])));
    assert!(again.as_array().unwrap().iter().all(|r| r["action"] == "unchanged"), "{again}");
    assert!(again.as_array().unwrap().iter().all(|r| r["version"] == 1), "{again}");
}

#[test]
fn secrets_list_shows_names_and_versions_never_values() {
    let Some(moto) = Moto::start() else { return };
    put_parameters(&moto);
    moto.boto3(&format!(
        "ssm.put_parameter(Name='/plero/test/database/password', Value={PASSWORD:?} + '2', Type='SecureString', Overwrite=True)"
    ));
    let instance = Instance::new(&moto, "/plero/test/");
    let out = ok(instance.run(&["secrets", "list", "-o", "json"]));
    assert!(!stdout(&out).contains(PASSWORD) && !stdout(&out).contains("Named in SSM"), "{}", stdout(&out));
    let rows = json(&out);
    let password = rows.as_array().unwrap().iter().find(|r| r["key"] == "database.password").unwrap();
    assert_eq!(password["name"], "/plero/test/database/password");
    assert_eq!(password["type"], "SecureString");
    assert_eq!(password["version"], 2);
    assert_eq!(rows.as_array().unwrap().len(), 3);
    let table = stdout(&ok(instance.run(&["secrets", "list"])));
    assert!(table.contains("/plero/test/instance/name") && !table.contains("Named in SSM"), "{table}");
}

/// moto with IAM enforced from now on: only the access keys of users created in it are let in.
/// Returns a user's access key id and secret, the user denied `ssm:GetParametersByPath` when
/// `deny_get`.
fn enforce_iam(moto: &Moto, deny_get: bool) -> (String, String) {
    let deny = if deny_get {
        ", {'Effect': 'Deny', 'Action': 'ssm:GetParametersByPath', 'Resource': '*'}"
    } else {
        ""
    };
    let out = moto.boto3(&format!(
        "import urllib.request\n\
         iam = boto3.client('iam', **kw)\n\
         iam.create_user(UserName='plero')\n\
         key = iam.create_access_key(UserName='plero')['AccessKey']\n\
         policy = {{'Version': '2012-10-17', 'Statement': [{{'Effect': 'Allow', 'Action': 'ssm:*', 'Resource': '*'}}{deny}]}}\n\
         iam.put_user_policy(UserName='plero', PolicyName='plero', PolicyDocument=json.dumps(policy))\n\
         urllib.request.urlopen(urllib.request.Request(kw['endpoint_url'] + '/moto-api/reset-auth', data=b'0', \
         method='POST', headers={{'Content-Type': 'text/plain'}})).read()\n\
         print(key['AccessKeyId'], key['SecretAccessKey'])"
    ));
    let (id, secret) = out.trim().split_once(' ').expect("an access key");
    (id.into(), secret.into())
}

#[test]
fn refused_credentials_are_named_and_nothing_starts() {
    let Some(moto) = Moto::start() else { return };
    put_parameters(&moto);
    let (id, _) = enforce_iam(&moto, false);
    let instance = Instance::new(&moto, "/plero/test/")
        .with_env("AWS_ACCESS_KEY_ID", Some(&id))
        .with_env("AWS_SECRET_ACCESS_KEY", Some("not-the-secret"));
    assert_refused(&instance, "AWS refused the credentials (SignatureDoesNotMatch)");
    let unknown =
        Instance::new(&moto, "/plero/test/").with_env("AWS_ACCESS_KEY_ID", Some("AKIAUNKNOWNUNKNOWN00"));
    assert_refused(&unknown, "AWS refused the credentials (InvalidClientTokenId)");
}

#[test]
fn a_denied_path_is_named_with_its_action_and_nothing_starts() {
    let Some(moto) = Moto::start() else { return };
    put_parameters(&moto);
    let (id, secret) = enforce_iam(&moto, true);
    let instance = Instance::new(&moto, "/plero/test/")
        .with_env("AWS_ACCESS_KEY_ID", Some(&id))
        .with_env("AWS_SECRET_ACCESS_KEY", Some(&secret));
    assert_refused(&instance, "access denied: ssm:GetParametersByPath on /plero/test/");
    let out = instance.run(&["secrets", "pull"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(
            "allow ssm:GetParametersByPath on arn:aws:ssm:<region>:<account>:parameter/plero/test/*"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_empty_path_is_named_and_nothing_starts() {
    let Some(moto) = Moto::start() else { return };
    put_parameters(&moto);
    let instance = Instance::new(&moto, "/plero/nothing/");
    assert_refused(&instance, "no parameter under /plero/nothing/ in region us-east-1");
    let pulled = instance.run(&["secrets", "pull"]);
    assert_eq!(pulled.status.code(), Some(3), "not found: {}", stderr(&pulled));
}

#[test]
fn missing_credentials_are_named_and_nothing_starts() {
    let Some(moto) = Moto::start() else { return };
    let instance = Instance::new(&moto, "/plero/test/")
        .with_env("AWS_ACCESS_KEY_ID", None)
        .with_env("AWS_SECRET_ACCESS_KEY", None);
    assert_refused(&instance, "no AWS credentials");
}

#[test]
fn an_endpoint_that_is_gone_is_named_in_bounded_time_and_nothing_starts() {
    let Some(mut moto) = Moto::start() else { return };
    put_parameters(&moto);
    let instance = Instance::new(&moto, "/plero/test/");
    ok(instance.run(&["config", "check"]));
    moto.stop();
    assert_refused(&instance, &format!("{} is unreachable", moto.endpoint()));
}

#[test]
fn an_endpoint_that_never_answers_is_named_in_bounded_time_and_nothing_starts() {
    let Some(moto) = Moto::start() else { return };
    // Accepts connections and never answers, as a black-holed network path does.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", silent.local_addr().unwrap());
    std::thread::spawn(move || {
        let held: Vec<_> = silent.incoming().collect();
        drop(held);
    });
    let instance = Instance::new(&moto, "/plero/test/").with_env("PLERO_SSM__ENDPOINT", Some(&url));
    for args in [&["config", "check"][..], &["serve", "--migrate"]] {
        let (out, took) = run_bounded(instance.command(args), Duration::from_secs(30));
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(&format!("{url} is unreachable (no answer within 8 s)")),
            "{}",
            stderr(&out)
        );
        assert!(took < Duration::from_secs(15), "{args:?} took {took:?}");
    }
}

#[test]
fn secrets_without_a_path_is_a_usage_error() {
    let Some(moto) = Moto::start() else { return };
    let instance = Instance::new(&moto, "");
    let out = instance.run(&["secrets", "list"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("give --path"), "{}", stderr(&out));
}
