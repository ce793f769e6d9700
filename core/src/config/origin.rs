//! Where a configuration value came from: `config show --origin` and every error message name it.

use std::fmt;
use std::path::PathBuf;

/// The layer (and place in it) that set a value. Layers, lowest first: [`Origin::Default`] (or
/// [`Origin::QuickStart`]),
/// [`Origin::File`] (base.toml, then `<env>.toml`, then `<env>.secret.toml`), [`Origin::Ssm`],
/// [`Origin::Env`], [`Origin::Flag`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The built-in default of the typed config.
    Default,
    /// A default that differs when no configuration file was read (quick-start mode), such as
    /// `http.public_scheme = "http"`: that server speaks plain HTTP on loopback.
    QuickStart,
    /// Not set, but implied by another key's value (`database.backend` by a `postgres://`
    /// `database.url`).
    Implied {
        /// The key whose value implies it.
        by: String,
    },
    /// A line of a configuration file.
    File {
        /// The file, as it was found.
        path: PathBuf,
        /// The line, counting from 1.
        line: usize,
    },
    /// An AWS SSM parameter (filled in by the SSM layer).
    Ssm {
        /// The parameter's full name.
        parameter: String,
    },
    /// An environment variable `PLERO_<SECTION>__<KEY>`.
    Env {
        /// The variable's name.
        var: String,
    },
    /// A `--set section.key=value` flag.
    Flag {
        /// The dotted key the flag set.
        key: String,
    },
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Default => f.write_str("default"),
            Origin::QuickStart => f.write_str("quick-start default (no configuration file)"),
            Origin::Implied { by } => write!(f, "implied by {by}"),
            Origin::File { path, line } => write!(f, "{}:{line}", path.display()),
            Origin::Ssm { parameter } => write!(f, "ssm {parameter}"),
            Origin::Env { var } => write!(f, "env {var}"),
            Origin::Flag { key } => write!(f, "--set {key}"),
        }
    }
}
