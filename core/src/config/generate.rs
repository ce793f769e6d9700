//! What `pleroctl instance gen` writes: fresh secrets, and the instance's secret config, PostgreSQL
//! set-up SQL and robots.txt rendered from the templates in `config-templates/`.
//!
//! The templates hold only `{{name}}` placeholders, filled with values already encoded for their
//! target (TOML literals, SQL identifiers and literals); there is no logic in them, so a template
//! engine would add a dependency for nothing.

use std::io::Write;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use p256::elliptic_curve::Generate;
use p256::elliptic_curve::sec1::ToSec1Point;
use rand::Rng;

use crate::model::secret::Secret;

const CONFIG_TEMPLATE: &str = include_str!("../../../config-templates/instance.secret.toml.tmpl");
const DB_SQLITE_TEMPLATE: &str = include_str!("../../../config-templates/database.sqlite.toml.tmpl");
const DB_POSTGRES_TEMPLATE: &str = include_str!("../../../config-templates/database.postgres.toml.tmpl");
const UPLOADS_LOCAL_TEMPLATE: &str = include_str!("../../../config-templates/uploads.local.toml.tmpl");
const UPLOADS_S3_TEMPLATE: &str = include_str!("../../../config-templates/uploads.s3.toml.tmpl");
const SQL_TEMPLATE: &str = include_str!("../../../config-templates/setup_db.psql.tmpl");
const ROBOTS_INDEXABLE: &str = include_str!("../../../config-templates/robots.indexable.txt");
const ROBOTS_NOINDEX: &str = include_str!("../../../config-templates/robots.noindex.txt");

/// The answers of `instance gen`, already validated.
#[derive(Debug, Clone)]
pub struct InstanceSpec {
    /// `instance.domain`: host name with an optional port, no scheme.
    pub domain: String,
    /// `instance.name`; may be empty (the domain is shown then).
    pub name: String,
    /// `instance.admin_email`.
    pub admin_email: String,
    /// `instance.notify_email`, the sender of mails.
    pub notify_email: String,
    /// The `[database]` section to write.
    pub database: DatabaseSpec,
    /// `http.ip`: the address the daemon listens on.
    pub listen_ip: IpAddr,
    /// `http.port`: the port the daemon listens on.
    pub listen_port: u16,
    /// The `[uploads]` section to write.
    pub uploads: UploadsSpec,
    /// `uploads.strip_exif`.
    pub strip_exif: bool,
    /// `instance.indexable`; also chooses which robots.txt is written.
    pub indexable: bool,
}

/// The database backend and, for PostgreSQL, how to reach it.
#[derive(Debug, Clone)]
pub enum DatabaseSpec {
    /// SQLite, in its default place under `instance.data_dir`; no SQL set-up file is written.
    Sqlite,
    /// PostgreSQL; the set-up SQL creates this role and database.
    Postgres {
        /// `database.host`.
        host: String,
        /// `database.port`.
        port: u16,
        /// `database.name`; see [`check_sql_name`].
        name: String,
        /// `database.user`, the role plero connects as; see [`check_sql_name`].
        user: String,
        /// `database.password`, the role's password.
        password: Secret,
    },
}

/// Where uploads go.
#[derive(Debug, Clone)]
pub enum UploadsSpec {
    /// Files on this machine.
    Local {
        /// `uploads.local_dir`; relative to the working directory, apart from `instance.data_dir`.
        dir: String,
    },
    /// An S3 bucket or an S3-compatible service.
    S3 {
        /// `uploads.s3_bucket`.
        bucket: String,
        /// `uploads.s3_region`.
        region: String,
        /// `uploads.s3_endpoint`; empty for AWS itself.
        endpoint: String,
    },
}

/// The instance's secrets, fresh from the operating system's random generator.
#[derive(Debug, Clone)]
pub struct InstanceSecrets {
    /// 64 random bytes, URL-safe base64: signs cookies and CSRF tokens.
    pub secret_key_base: Secret,
    /// 16 random bytes, URL-safe base64.
    pub signing_salt: Secret,
    /// Uncompressed P-256 point (65 bytes), URL-safe base64 without padding, as Web Push wants it.
    pub vapid_public_key: String,
    /// The P-256 private scalar (32 bytes), URL-safe base64 without padding.
    pub vapid_private_key: Secret,
}

impl InstanceSecrets {
    /// A fresh set of secrets, from the thread's cryptographically secure random generator.
    pub fn generate() -> Self {
        let mut rng = rand::rng();
        let vapid = p256::SecretKey::generate_from_rng(&mut rng);
        let public = vapid.public_key().to_sec1_point(false);
        Self {
            secret_key_base: Secret::new(random_base64(64)),
            signing_salt: Secret::new(random_base64(16)),
            vapid_public_key: URL_SAFE_NO_PAD.encode(public.as_bytes()),
            vapid_private_key: Secret::new(URL_SAFE_NO_PAD.encode(vapid.to_bytes())),
        }
    }
}

/// `len` random bytes as URL-safe base64 without padding (also used for database passwords: no
/// character in it needs escaping in a URL, TOML or SQL).
pub fn random_base64(len: usize) -> String {
    let mut bytes = vec![0u8; len];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The files `instance gen` writes. Its `Debug` shows no content: the config and SQL hold secrets.
#[derive(Clone)]
pub struct Rendered {
    /// The secret config (`<env>.secret.toml`).
    pub config: String,
    /// For PostgreSQL, the SQL that creates the role, database and extensions.
    pub sql: Option<String>,
    /// The `robots.txt`: one allowing indexing when `indexable`, one forbidding it otherwise.
    pub robots: String,
}

impl std::fmt::Debug for Rendered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rendered")
            .field("config", &format_args!("<{} bytes, redacted>", self.config.len()))
            .field("sql", &self.sql.as_ref().map(|_| format_args!("<redacted>")))
            .field("robots", &self.robots)
            .finish()
    }
}

/// Renders the files from the templates. `sql_path` is where the SQL will be written (its header
/// shows the command that runs it).
pub fn render(spec: &InstanceSpec, secrets: &InstanceSecrets, sql_path: &Path) -> Rendered {
    let database = match &spec.database {
        DatabaseSpec::Sqlite => DB_SQLITE_TEMPLATE.to_string(),
        DatabaseSpec::Postgres { host, port, name, user, password } => fill(
            DB_POSTGRES_TEMPLATE,
            &[
                ("db_host", toml_str(host)),
                ("db_port", port.to_string()),
                ("db_name", toml_str(name)),
                ("db_user", toml_str(user)),
                ("db_password", toml_str(password.expose())),
            ],
        ),
    };
    let uploads = match &spec.uploads {
        UploadsSpec::Local { dir } => fill(UPLOADS_LOCAL_TEMPLATE, &[("uploads_dir", toml_str(dir))]),
        UploadsSpec::S3 { bucket, region, endpoint } => fill(
            UPLOADS_S3_TEMPLATE,
            &[
                ("s3_bucket", toml_str(bucket)),
                ("s3_region", toml_str(region)),
                ("s3_endpoint", toml_str(endpoint)),
            ],
        ),
    };
    let config = fill(
        CONFIG_TEMPLATE,
        &[
            ("domain", toml_str(&spec.domain)),
            ("name", toml_str(&spec.name)),
            ("admin_email", toml_str(&spec.admin_email)),
            ("notify_email", toml_str(&spec.notify_email)),
            ("indexable", spec.indexable.to_string()),
            ("listen_ip", toml_str(&spec.listen_ip.to_string())),
            ("listen_port", spec.listen_port.to_string()),
            ("database", database),
            ("uploads", uploads),
            ("strip_exif", spec.strip_exif.to_string()),
            ("secret_key_base", toml_str(secrets.secret_key_base.expose())),
            ("signing_salt", toml_str(secrets.signing_salt.expose())),
            ("vapid_public_key", toml_str(&secrets.vapid_public_key)),
            ("vapid_private_key", toml_str(secrets.vapid_private_key.expose())),
        ],
    );
    let sql = match &spec.database {
        DatabaseSpec::Sqlite => None,
        DatabaseSpec::Postgres { name, user, password, .. } => Some(fill(
            SQL_TEMPLATE,
            &[
                ("setup_db_command", setup_db_command(sql_path)),
                ("db_user_ident", sql_ident(user)),
                ("db_name_ident", sql_ident(name)),
                ("db_password_literal", sql_literal(password.expose())),
            ],
        )),
    };
    let robots = if spec.indexable { ROBOTS_INDEXABLE } else { ROBOTS_NOINDEX }.to_string();
    Rendered { config, sql, robots }
}

/// The command that runs the PostgreSQL set-up SQL at `sql_path` as the `postgres` superuser, as
/// `instance gen` prints it and the file's header says. The calling shell opens the file and psql
/// reads it on stdin: the file is 0600 and its owner's, so `psql -f FILE` run as `postgres` could
/// not open it. `ON_ERROR_STOP` stops at the first failing statement instead of running the rest.
pub fn setup_db_command(sql_path: &Path) -> String {
    format!(
        "sudo -u postgres psql -v ON_ERROR_STOP=1 -f - < {}",
        shell_quote(&sql_path.display().to_string())
    )
}

/// `word` as one shell word: as it is when it holds only characters no shell treats specially,
/// in single quotes otherwise.
fn shell_quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '_' | '-' | '+' | ':' | '@'));
    if plain { word.to_string() } else { format!("'{}'", word.replace('\'', "'\\''")) }
}

/// Replaces each `{{name}}` in one pass: text that was put in (an answer such as an instance name
/// containing `{{secret_key_base}}`) is never read as a placeholder. Every placeholder of a
/// template must be given (checked by tests); an unknown one is left as it is.
fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let value = after.find("}}").and_then(|end| {
            let name = &after[..end];
            values.iter().find(|(n, _)| *n == name).map(|(_, v)| (v, end))
        });
        match value {
            Some((value, end)) => {
                out.push_str(value);
                rest = &after[end + 2..];
            }
            None => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn sql_ident(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

fn sql_literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A PostgreSQL role or database name plero accepts: letters, digits and `_`, not starting with a
/// digit, at most 63 bytes (longer names are silently truncated by PostgreSQL).
pub fn check_sql_name(name: &str) -> Result<(), String> {
    let valid = !name.is_empty()
        && name.len() <= 63
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    if valid {
        Ok(())
    } else {
        Err(format!(
            "{name:?} is not a valid name: use letters, digits and _ (not first), at most 63 characters, e.g. plero"
        ))
    }
}

/// Why a file was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file exists and overwriting was not asked for.
    #[error("{} already exists: pass --force to overwrite it", .0.display())]
    Exists(PathBuf),
    /// The file's place is taken by a directory.
    #[error("{} is a directory: choose a file path", .0.display())]
    IsADirectory(PathBuf),
    /// A folder on the way to the file is a file.
    #[error("cannot write {}: {} is not a directory", .path.display(), .parent.display())]
    NotADirectory {
        /// The file that was to be written.
        path: PathBuf,
        /// The part of its path that is a file, not a directory.
        parent: PathBuf,
    },
    /// Writing, setting permissions or renaming failed.
    #[error("cannot write {}: {cause}", .path.display())]
    Io {
        /// The file that was to be written.
        path: PathBuf,
        /// What the operating system reported.
        cause: std::io::Error,
    },
    /// A rename into place failed after others had succeeded (every file was staged first, so this
    /// takes a file system failing in between).
    #[error("{cause} (already written: {})", .written.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "))]
    Partly {
        /// The files that are in place.
        written: Vec<PathBuf>,
        /// Why the next one is not.
        cause: Box<WriteError>,
    },
}

impl WriteError {
    /// Whether some of the files were written before the failure.
    pub fn wrote_some(&self) -> bool {
        matches!(self, WriteError::Partly { .. })
    }
}

/// A file [`write_files`] writes.
#[derive(Debug, Clone, Copy)]
pub struct NewFile<'a> {
    /// Where it goes.
    pub path: &'a Path,
    /// What it holds.
    pub contents: &'a str,
    /// Its permissions from the start (0600 for secrets).
    pub mode: u32,
}

/// Writes `contents` to `path` atomically (a temporary file in the same directory, then a rename) with
/// permission `mode` from the start. Without `overwrite`, an existing file is refused, also when one
/// appears between the check and the rename.
pub fn write_file(path: &Path, contents: &str, mode: u32, overwrite: bool) -> Result<(), WriteError> {
    write_files(&[NewFile { path, contents, mode }], overwrite)
}

/// Writes several files all or nothing, as far as the file system allows: every path is checked and
/// every file written to a temporary file beside its place first, so a bad path or a full disk
/// leaves nothing written and, with `overwrite`, every old file in place. Only then are they renamed
/// into place, one after the other.
pub fn write_files(files: &[NewFile<'_>], overwrite: bool) -> Result<(), WriteError> {
    let mut staged = Vec::with_capacity(files.len());
    for file in files {
        staged.push(stage(file, overwrite)?);
    }
    let mut written = Vec::new();
    for (tmp, file) in staged.into_iter().zip(files) {
        let persisted = if overwrite { tmp.persist(file.path) } else { tmp.persist_noclobber(file.path) };
        let cause = match persisted {
            Ok(_) => {
                written.push(file.path.to_path_buf());
                continue;
            }
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
                WriteError::Exists(file.path.to_path_buf())
            }
            Err(e) => WriteError::Io { path: file.path.to_path_buf(), cause: e.error },
        };
        return Err(if written.is_empty() {
            cause
        } else {
            WriteError::Partly { written, cause: Box::new(cause) }
        });
    }
    Ok(())
}

/// Checks `file`'s place and writes its contents to a temporary file there.
fn stage(file: &NewFile<'_>, overwrite: bool) -> Result<tempfile::NamedTempFile, WriteError> {
    let path = file.path;
    let io = |cause| WriteError::Io { path: path.to_path_buf(), cause };
    if path.is_dir() {
        return Err(WriteError::IsADirectory(path.to_path_buf()));
    }
    if !overwrite && path.exists() {
        return Err(WriteError::Exists(path.to_path_buf()));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if let Some(parent) = dir.ancestors().find(|a| a.exists() && !a.is_dir()) {
        return Err(WriteError::NotADirectory { path: path.to_path_buf(), parent: parent.to_path_buf() });
    }
    std::fs::create_dir_all(dir).map_err(io)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".plero-gen-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(file.mode));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(io)?;
    tmp.write_all(file.contents.as_bytes()).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    Ok(tmp)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{LoadOptions, load_with_vars};

    fn spec(database: DatabaseSpec, uploads: UploadsSpec) -> InstanceSpec {
        InstanceSpec {
            domain: "social.example".into(),
            name: "Social \"Example\"".into(),
            admin_email: "admin@social.example".into(),
            notify_email: "noreply@social.example".into(),
            database,
            listen_ip: "127.0.0.1".parse().unwrap(),
            listen_port: 4000,
            uploads,
            strip_exif: true,
            indexable: false,
        }
    }

    fn postgres() -> DatabaseSpec {
        DatabaseSpec::Postgres {
            host: "127.0.0.1".into(),
            port: 5432,
            name: "plero".into(),
            user: "plero".into(),
            password: Secret::new("it's \"quoted\""),
        }
    }

    #[test]
    fn secrets_have_the_promised_sizes_and_differ_each_time() {
        let a = InstanceSecrets::generate();
        let b = InstanceSecrets::generate();
        let decode = |s: &str| URL_SAFE_NO_PAD.decode(s).unwrap();
        assert_eq!(decode(a.secret_key_base.expose()).len(), 64);
        assert_eq!(decode(a.signing_salt.expose()).len(), 16);
        let public = decode(&a.vapid_public_key);
        assert_eq!((public.len(), public[0]), (65, 4), "uncompressed SEC1 point");
        assert_eq!(decode(a.vapid_private_key.expose()).len(), 32);
        assert_ne!(a.secret_key_base, b.secret_key_base);
        assert_ne!(a.vapid_public_key, b.vapid_public_key);
    }

    #[test]
    fn the_vapid_public_key_belongs_to_the_private_key() {
        let s = InstanceSecrets::generate();
        let private =
            p256::SecretKey::from_slice(&URL_SAFE_NO_PAD.decode(s.vapid_private_key.expose()).unwrap())
                .unwrap();
        let public = private.public_key().to_sec1_point(false);
        assert_eq!(URL_SAFE_NO_PAD.encode(public.as_bytes()), s.vapid_public_key);
    }

    #[test]
    fn every_placeholder_is_filled() {
        for (db, up) in [
            (DatabaseSpec::Sqlite, UploadsSpec::Local { dir: "uploads".into() }),
            (
                postgres(),
                UploadsSpec::S3 {
                    bucket: "b".into(),
                    region: "r".into(),
                    endpoint: "https://s3.example".into(),
                },
            ),
        ] {
            let r = render(&spec(db, up), &InstanceSecrets::generate(), Path::new("setup_db.psql"));
            assert!(!r.config.contains("{{"), "{}", r.config);
            assert!(r.sql.as_deref().is_none_or(|s| !s.contains("{{")));
        }
    }

    #[test]
    fn the_rendered_config_loads_with_the_given_values() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = InstanceSecrets::generate();
        let r = render(
            &spec(postgres(), UploadsSpec::Local { dir: "media".into() }),
            &secrets,
            Path::new("setup_db.psql"),
        );
        write_file(&dir.path().join("prod.secret.toml"), &r.config, 0o600, false).unwrap();
        let options = LoadOptions { config_dir: Some(dir.path().into()), ..LoadOptions::default() };
        let c = load_with_vars(&options, &Default::default()).unwrap().config;
        assert_eq!(c.instance.name, "Social \"Example\"");
        assert_eq!(c.database.password.expose(), "it's \"quoted\"");
        assert_eq!(c.uploads.local_dir, Path::new("media"));
        assert_eq!(c.security.vapid_public_key, secrets.vapid_public_key);
        assert!(!c.instance.indexable);
    }

    #[test]
    fn placeholders_typed_into_answers_stay_text() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = InstanceSecrets::generate();
        let mut answers = spec(DatabaseSpec::Sqlite, UploadsSpec::Local { dir: "media".into() });
        answers.name = "X {{database}} {{secret_key_base}}".into();
        let r = render(&answers, &secrets, Path::new("setup_db.psql"));
        write_file(&dir.path().join("prod.secret.toml"), &r.config, 0o600, false).unwrap();
        let options = LoadOptions { config_dir: Some(dir.path().into()), ..LoadOptions::default() };
        let c = load_with_vars(&options, &Default::default()).unwrap().config;
        assert_eq!(c.instance.name, "X {{database}} {{secret_key_base}}");
        assert_eq!(r.config.matches(secrets.secret_key_base.expose()).count(), 1);
    }

    #[test]
    fn rendered_files_do_not_show_their_secrets_in_debug_output() {
        let secrets = InstanceSecrets::generate();
        let r =
            render(&spec(postgres(), UploadsSpec::Local { dir: "u".into() }), &secrets, Path::new("x.psql"));
        let debug = format!("{r:?}");
        assert!(!debug.contains(secrets.secret_key_base.expose()), "{debug}");
        assert!(!debug.contains("quoted"), "the database password: {debug}");
    }

    #[test]
    fn sql_quotes_the_password_and_names() {
        let r = render(
            &spec(postgres(), UploadsSpec::Local { dir: "u".into() }),
            &InstanceSecrets::generate(),
            Path::new("x.psql"),
        );
        let sql = r.sql.unwrap();
        assert!(
            sql.contains("CREATE ROLE \"plero\" WITH LOGIN ENCRYPTED PASSWORD 'it''s \"quoted\"';"),
            "{sql}"
        );
        assert!(sql.contains("CREATE DATABASE \"plero\" OWNER \"plero\""), "{sql}");
    }

    #[test]
    fn the_set_up_command_feeds_the_sql_on_stdin_and_quotes_odd_paths() {
        assert_eq!(
            setup_db_command(Path::new("config/setup_db.psql")),
            "sudo -u postgres psql -v ON_ERROR_STOP=1 -f - < config/setup_db.psql"
        );
        assert_eq!(
            setup_db_command(Path::new("my dir/it's.psql")),
            r"sudo -u postgres psql -v ON_ERROR_STOP=1 -f - < 'my dir/it'\''s.psql'"
        );
    }

    #[test]
    fn a_bad_path_among_several_writes_none_of_them() {
        let dir = tempfile::tempdir().unwrap();
        let (good, bad) = (dir.path().join("good"), dir.path().join("bad"));
        std::fs::write(&good, "old").unwrap();
        std::fs::create_dir(&bad).unwrap();
        let files = [
            NewFile { path: &good, contents: "new", mode: 0o600 },
            NewFile { path: &bad, contents: "new", mode: 0o600 },
        ];
        assert!(matches!(write_files(&files, true), Err(WriteError::IsADirectory(_))));
        assert_eq!(std::fs::read_to_string(&good).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2, "no temporary file is left behind");
    }

    #[test]
    fn an_existing_file_is_kept_unless_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, "old").unwrap();
        assert!(matches!(write_file(&path, "new", 0o600, false), Err(WriteError::Exists(_))));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        write_file(&path, "new", 0o600, true).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    }

    #[cfg(unix)]
    #[test]
    fn files_are_written_with_the_given_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/secret.toml");
        write_file(&path, "x", 0o600, false).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
}
