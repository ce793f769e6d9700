//! `pleroctl instance gen`: asks for (or takes flags for) the instance's settings, generates its
//! secrets, and writes its secret config, PostgreSQL set-up SQL and robots.txt.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use plero_core::config::generate::{
    self, DatabaseSpec, InstanceSecrets, InstanceSpec, NewFile, UploadsSpec, WriteError, check_sql_name,
};
use plero_core::config::{Secret, check_domain, check_email, check_host, check_s3_bucket};

use super::Context;
use crate::exit::Exit;
use crate::prompt;

#[derive(Debug, Args)]
pub struct InstanceArgs {
    #[command(subcommand)]
    pub command: InstanceCommand,
}

#[derive(Debug, Subcommand)]
pub enum InstanceCommand {
    /// Generate a new instance's configuration and secrets (asks, or takes every answer as a flag)
    Gen(Box<GenArgs>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DbBackend {
    Sqlite,
    Postgres,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum UploadsBackendArg {
    Local,
    S3,
}

#[derive(Debug, Args)]
pub struct GenArgs {
    /// Public domain, without scheme (social.example, or 127.0.0.1:4000 for tests)
    #[arg(long)]
    pub domain: Option<String>,
    /// Instance name [default: the domain]
    #[arg(long)]
    pub instance_name: Option<String>,
    /// Administrator's e-mail address
    #[arg(long)]
    pub admin_email: Option<String>,
    /// Sender address of notification mails [default: the admin e-mail]
    #[arg(long)]
    pub notify_email: Option<String>,
    /// Database backend [default: sqlite]
    #[arg(long, value_enum)]
    pub db_backend: Option<DbBackend>,
    /// PostgreSQL host [default: 127.0.0.1]
    #[arg(long)]
    pub db_host: Option<String>,
    /// PostgreSQL port [default: 5432]
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
    pub db_port: Option<u16>,
    /// PostgreSQL database name [default: plero]
    #[arg(long)]
    pub db_name: Option<String>,
    /// PostgreSQL role [default: plero]
    #[arg(long)]
    pub db_user: Option<String>,
    /// PostgreSQL role's password [default: a random one]
    #[arg(long, env = "PLERO_GEN_DB_PASSWORD", hide_env_values = true, value_parser = secret_arg)]
    pub db_password: Option<Secret>,
    /// IP address the server listens on [default: 127.0.0.1]
    #[arg(long)]
    pub listen_ip: Option<IpAddr>,
    /// Port the server listens on [default: 4000]
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
    pub listen_port: Option<u16>,
    /// Where uploads go [default: local]
    #[arg(long, value_enum)]
    pub uploads_backend: Option<UploadsBackendArg>,
    /// Directory of local uploads, apart from instance.data_dir [default: uploads]
    #[arg(long)]
    pub uploads_dir: Option<String>,
    /// S3 bucket (uploads backend s3)
    #[arg(long)]
    pub s3_bucket: Option<String>,
    /// S3 region [default: us-east-1]
    #[arg(long)]
    pub s3_region: Option<String>,
    /// S3 endpoint URL, for S3-compatible stores [default: AWS]
    #[arg(long)]
    pub s3_endpoint: Option<String>,
    /// Strip EXIF metadata from uploaded images: yes or no [default: yes]
    #[arg(long, value_name = "yes|no", value_parser = yes_no_arg)]
    pub strip_exif: Option<bool>,
    /// Let search engines index the instance (robots.txt): yes or no [default: no]
    #[arg(long, value_name = "yes|no", value_parser = yes_no_arg)]
    pub indexable: Option<bool>,
    /// The secret config to write [default: <config dir>/<env>.secret.toml, config dir ./config]
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The PostgreSQL set-up SQL to write [default: setup_db.psql beside --output]
    #[arg(long, value_name = "FILE")]
    pub output_sql: Option<PathBuf>,
    /// The robots.txt to write [default: robots.txt beside --output]
    #[arg(long, value_name = "FILE")]
    pub output_robots: Option<PathBuf>,
    /// Overwrite files that exist
    #[arg(long)]
    pub force: bool,
    /// Never prompt: take defaults, fail (exit 2) naming any missing required flag
    #[arg(long, short = 'y')]
    pub yes: bool,
}

fn yes_no_arg(s: &str) -> Result<bool, String> {
    prompt::parse_yes_no(s).ok_or_else(|| format!("{s:?} is not yes or no (y, yes, n, no in any case)"))
}

pub fn run(args: InstanceArgs, ctx: &Context) -> anyhow::Result<()> {
    match args.command {
        InstanceCommand::Gen(gen_args) => generate_instance(*gen_args, ctx),
    }
}

/// Asks a question, or takes its flag, or its default; without a person to ask, a value with no
/// default is a usage error naming the flag.
struct Asker {
    prompt: bool,
}

impl Asker {
    fn text(
        &self,
        given: Option<String>,
        question: &str,
        default: Option<&str>,
        flag: &str,
        validate: impl Fn(&str) -> Result<(), String>,
    ) -> anyhow::Result<String> {
        if let Some(value) = given {
            validate(&value).map_err(|m| Exit::usage(format!("{flag}: {m}")))?;
            return Ok(value);
        }
        if self.prompt {
            return prompt::input(question, default, flag, validate);
        }
        match default {
            Some(default) => Ok(default.to_string()),
            None => Err(Exit::usage(format!(
                "{flag} is required: instance gen does not prompt with --yes or when stdin is not a terminal"
            ))),
        }
    }

    fn yes_no(&self, given: Option<bool>, question: &str, default: bool, flag: &str) -> anyhow::Result<bool> {
        match given {
            Some(value) => Ok(value),
            None if self.prompt => prompt::yes_no(question, Some(default), flag),
            None => Ok(default),
        }
    }

    fn choose(
        &self,
        given: Option<&str>,
        question: &str,
        choices: &[&str],
        default: &str,
        flag: &str,
    ) -> anyhow::Result<String> {
        match given {
            Some(value) => Ok(value.to_string()),
            None if self.prompt => prompt::choose(question, choices, default, flag),
            None => Ok(default.to_string()),
        }
    }

    fn parsed<T: std::str::FromStr + ToString>(
        &self,
        given: Option<T>,
        question: &str,
        default: T,
        flag: &str,
        valid: impl Fn(&T) -> Result<(), String>,
    ) -> anyhow::Result<T> {
        if let Some(value) = given {
            return Ok(value);
        }
        let text = self.text(None, question, Some(&default.to_string()), flag, |s| match s.parse::<T>() {
            Ok(v) => valid(&v),
            Err(_) => Err(format!("{s:?} is not valid here")),
        })?;
        text.parse::<T>().map_err(|_| Exit::usage(format!("{flag}: {text:?} is not valid")))
    }
}

fn nonempty(s: &str) -> Result<(), String> {
    if s.is_empty() { Err("must not be empty".into()) } else { Ok(()) }
}

fn port(p: &u16) -> Result<(), String> {
    if *p == 0 { Err("use a port between 1 and 65535".into()) } else { Ok(()) }
}

/// A secret flag value, kept out of `Debug` output from the moment it is parsed.
fn secret_arg(s: &str) -> Result<Secret, std::convert::Infallible> {
    Ok(Secret::new(s))
}

fn http_url(s: &str) -> Result<(), String> {
    if s.is_empty() {
        return Ok(());
    }
    match url::Url::parse(s) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => Ok(()),
        _ => Err(format!("{s:?} is not an http:// or https:// URL (or leave it empty for AWS)")),
    }
}

fn generate_instance(args: GenArgs, ctx: &Context) -> anyhow::Result<()> {
    let config_dir = ctx.global.config_dir.clone().unwrap_or_else(|| PathBuf::from("config"));
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| config_dir.join(format!("{}.secret.toml", ctx.global.env_name)));
    let beside = |name: &str| match output.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(name),
        _ => PathBuf::from(name),
    };
    let output_sql = args.output_sql.clone().unwrap_or_else(|| beside("setup_db.psql"));
    let output_robots = args.output_robots.clone().unwrap_or_else(|| beside("robots.txt"));

    // Refuse before asking anything when a file we will write is already there (the SQL file only
    // once PostgreSQL is chosen: it is checked again after the database question).
    if !args.force {
        let sql_may_be_written = args.db_backend == Some(DbBackend::Postgres);
        for path in [Some(&output), sql_may_be_written.then_some(&output_sql), Some(&output_robots)]
            .into_iter()
            .flatten()
        {
            if path.exists() {
                return Err(WriteError::Exists(path.clone()).into());
            }
        }
    }

    let ask = Asker { prompt: !args.yes && prompt::interactive() };
    if !ask.prompt {
        // Every missing flag at once, rather than one per run.
        let s3 = args.uploads_backend == Some(UploadsBackendArg::S3);
        let missing: Vec<&str> = [
            ("--domain", args.domain.is_none()),
            ("--admin-email", args.admin_email.is_none()),
            ("--s3-bucket", s3 && args.s3_bucket.is_none()),
        ]
        .into_iter()
        .filter_map(|(flag, absent)| absent.then_some(flag))
        .collect();
        if !missing.is_empty() {
            return Err(Exit::usage(format!(
                "{} {} required: instance gen does not prompt with --yes or when stdin is not a terminal",
                missing.join(", "),
                if missing.len() == 1 { "is" } else { "are" }
            )));
        }
    }
    let domain = ask.text(
        args.domain,
        "Domain of the instance (e.g. social.example)",
        None,
        "--domain",
        check_domain,
    )?;
    let name =
        ask.text(args.instance_name, "Name of the instance", Some(&domain), "--instance-name", nonempty)?;
    let admin_email =
        ask.text(args.admin_email, "Administrator's e-mail", None, "--admin-email", check_email)?;
    let notify_email = ask.text(
        args.notify_email,
        "E-mail notifications are sent from",
        Some(&admin_email),
        "--notify-email",
        check_email,
    )?;

    let backend = ask.choose(
        args.db_backend.map(|b| if b == DbBackend::Postgres { "postgres" } else { "sqlite" }),
        "Database backend",
        &["sqlite", "postgres"],
        "sqlite",
        "--db-backend",
    )?;
    // A flag for what was not chosen would be dropped without a word: refuse it instead.
    let unused = |flags: &[(&str, bool)], choice: &str| -> anyhow::Result<()> {
        let given: Vec<&str> = flags.iter().filter(|(_, set)| *set).map(|(flag, _)| *flag).collect();
        if given.is_empty() {
            return Ok(());
        }
        let verb = if given.len() == 1 { "applies" } else { "apply" };
        Err(Exit::usage(format!(
            "{} {verb} only to {choice}: leave it out, or choose {choice}",
            given.join(", ")
        )))
    };
    if backend != "postgres" {
        unused(
            &[
                ("--db-host", args.db_host.is_some()),
                ("--db-port", args.db_port.is_some()),
                ("--db-name", args.db_name.is_some()),
                ("--db-user", args.db_user.is_some()),
                ("--db-password", args.db_password.is_some()),
            ],
            "--db-backend postgres",
        )?;
    }
    let database = if backend == "postgres" {
        let host = ask.text(args.db_host, "PostgreSQL host", Some("127.0.0.1"), "--db-host", check_host)?;
        let port = ask.parsed(args.db_port, "PostgreSQL port", 5432, "--db-port", port)?;
        let name = ask.text(args.db_name, "Database name", Some("plero"), "--db-name", check_sql_name)?;
        let user = ask.text(args.db_user, "Database role", Some("plero"), "--db-user", check_sql_name)?;
        let password = match args.db_password {
            Some(p) if !p.is_empty() => p.expose().to_string(),
            Some(_) => generate::random_base64(24),
            None if ask.prompt => {
                let p = prompt::password(
                    "Database password (leave blank for a random one)",
                    "--db-password",
                    true,
                )?;
                if p.is_empty() { generate::random_base64(24) } else { p }
            }
            None => generate::random_base64(24),
        };
        DatabaseSpec::Postgres { host, port, name, user, password: Secret::new(password) }
    } else {
        DatabaseSpec::Sqlite
    };
    if !args.force && matches!(database, DatabaseSpec::Postgres { .. }) && output_sql.exists() {
        return Err(WriteError::Exists(output_sql).into());
    }

    let listen_ip = ask.parsed(
        args.listen_ip,
        "IP address to listen on",
        IpAddr::from([127, 0, 0, 1]),
        "--listen-ip",
        |_| Ok(()),
    )?;
    let listen_port = ask.parsed(args.listen_port, "Port to listen on", 4000, "--listen-port", port)?;

    let uploads_backend = ask.choose(
        args.uploads_backend.map(|b| if b == UploadsBackendArg::S3 { "s3" } else { "local" }),
        "Uploads backend",
        &["local", "s3"],
        "local",
        "--uploads-backend",
    )?;
    if uploads_backend == "s3" {
        unused(&[("--uploads-dir", args.uploads_dir.is_some())], "--uploads-backend local")?;
    } else {
        unused(
            &[
                ("--s3-bucket", args.s3_bucket.is_some()),
                ("--s3-region", args.s3_region.is_some()),
                ("--s3-endpoint", args.s3_endpoint.is_some()),
            ],
            "--uploads-backend s3",
        )?;
    }
    let uploads = if uploads_backend == "s3" {
        UploadsSpec::S3 {
            bucket: ask.text(args.s3_bucket, "S3 bucket", None, "--s3-bucket", check_s3_bucket)?,
            region: ask.text(args.s3_region, "S3 region", Some("us-east-1"), "--s3-region", nonempty)?,
            endpoint: ask.text(
                args.s3_endpoint,
                "S3 endpoint (blank for AWS)",
                Some(""),
                "--s3-endpoint",
                http_url,
            )?,
        }
    } else {
        UploadsSpec::Local {
            dir: ask.text(
                args.uploads_dir,
                "Uploads directory",
                Some("uploads"),
                "--uploads-dir",
                nonempty,
            )?,
        }
    };
    let strip_exif = ask.yes_no(
        args.strip_exif,
        "Strip EXIF metadata (location, camera) from uploads?",
        true,
        "--strip-exif",
    )?;
    let indexable =
        ask.yes_no(args.indexable, "Let search engines index this instance?", false, "--indexable")?;

    let spec = InstanceSpec {
        domain,
        name,
        admin_email,
        notify_email,
        database,
        listen_ip,
        listen_port,
        uploads,
        strip_exif,
        indexable,
    };
    eprintln!("Generating secrets (secret_key_base, signing salt, VAPID P-256 key pair)...");
    let rendered = generate::render(&spec, &InstanceSecrets::generate(), &output_sql);

    let mut files = vec![NewFile { path: &output, contents: &rendered.config, mode: 0o600 }];
    if let Some(sql) = &rendered.sql {
        files.push(NewFile { path: &output_sql, contents: sql, mode: 0o600 });
    }
    files.push(NewFile { path: &output_robots, contents: &rendered.robots, mode: 0o644 });
    generate::write_files(&files, args.force).map_err(|err| {
        let wrote_some = err.wrote_some();
        let err = anyhow::Error::new(err);
        if wrote_some { err } else { err.context("nothing was written") }
    })?;
    for file in &files {
        crate::output::print_line(&file.path.display().to_string())?;
    }

    eprintln!("Wrote {} (mode 0600).", output.display());
    if rendered.sql.is_some() {
        eprintln!("Create the database role and database: {}", generate::setup_db_command(&output_sql));
    }
    let dir = output.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let env_name = output.file_name().and_then(|f| f.to_str()).and_then(|f| f.strip_suffix(".secret.toml"));
    match env_name {
        Some(env) => eprintln!(
            "Next: pleroctl --config-dir {} --env {env} config check && pleroctl --config-dir {} --env {env} migrate",
            dir.display(),
            dir.display()
        ),
        None => eprintln!(
            "Note: plero reads <config dir>/<env>.secret.toml; rename {} accordingly (e.g. prod.secret.toml).",
            output.display()
        ),
    }
    Ok(())
}
