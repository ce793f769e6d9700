//! `pleroctl config show|check`: the merged configuration, where each value came from, and its problems.

use clap::{Args, Subcommand, ValueEnum};
use plero_core::config::{ConfigError, LoadedConfig, Problem};
use serde_json::json;

use super::Context;
use crate::exit::Exit;
use crate::output::{self, print_json};

#[derive(Debug, Args)]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub command: ConfigCommand,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the merged configuration, every secret redacted
    Show(ShowArgs),
    /// Validate the configuration; exit 1 listing every problem
    Check(CheckArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Toml,
    Json,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Also show where each value came from (file:line, SSM parameter, env var, --set flag, default)
    #[arg(long)]
    pub origin: bool,
    #[arg(long, value_enum, default_value_t = ShowFormat::Toml)]
    pub output: ShowFormat,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// `text` lists problems on stderr; `json` prints {"valid": …, "problems": […]} on stdout
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub output: CheckFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

pub fn run(args: ConfigArgs, ctx: &Context) -> anyhow::Result<()> {
    match args.command {
        ConfigCommand::Show(show_args) => show(show_args, ctx.loaded_config()?),
        ConfigCommand::Check(check_args) => check(check_args, ctx),
    }
}

fn show(args: ShowArgs, loaded: &LoadedConfig) -> anyhow::Result<()> {
    let table = loaded.redacted();
    match (args.output, args.origin) {
        (ShowFormat::Toml, false) => output::print_text(&toml::to_string(&table)?)?,
        (ShowFormat::Json, false) => print_json(&table)?,
        (ShowFormat::Toml, true) => output::print_text(&toml_with_origins(&table, loaded))?,
        (ShowFormat::Json, true) => {
            let mut out = serde_json::Map::new();
            for (section, keys) in &table {
                let Some(keys) = keys.as_table() else {
                    continue;
                };
                let entries: serde_json::Map<_, _> = keys
                    .iter()
                    .map(|(key, value)| {
                        let origin = origin_of(loaded, section, key);
                        (key.clone(), json!({ "value": value, "origin": origin }))
                    })
                    .collect();
                out.insert(section.clone(), entries.into());
            }
            print_json(&out)?;
        }
    }
    Ok(())
}

fn origin_of(loaded: &LoadedConfig, section: &str, key: &str) -> String {
    loaded.origin(&format!("{section}.{key}")).map_or_else(|| "default".into(), ToString::to_string)
}

/// TOML with a comment after each value naming its origin: still valid TOML, so it can be saved.
fn toml_with_origins(table: &toml::Table, loaded: &LoadedConfig) -> String {
    let mut out = String::new();
    for (i, (section, keys)) in table.iter().enumerate() {
        let Some(keys) = keys.as_table() else {
            continue;
        };
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!("[{section}]\n"));
        for (key, value) in keys {
            let origin = origin_of(loaded, section, key);
            out.push_str(&format!("{key} = {value}  # {origin}\n"));
        }
    }
    out
}

fn check(args: CheckArgs, ctx: &Context) -> anyhow::Result<()> {
    // What `serve` would refuse too: check says whether the server would start.
    let result = plero_core::config::load(&ctx.load_options()).and_then(|loaded| {
        let problems = loaded.serve_problems();
        if problems.is_empty() { Ok(loaded) } else { Err(ConfigError::Invalid { problems }) }
    });
    if args.output == CheckFormat::Json {
        let ssm_path = result.as_ref().ok().and_then(|loaded| loaded.ssm_path().map(str::to_string));
        let (valid, problems, files) = match &result {
            Ok(loaded) => (true, vec![], loaded.files().iter().map(|f| f.display().to_string()).collect()),
            Err(ConfigError::Invalid { problems }) => (false, problems.clone(), vec![]),
            Err(err @ ConfigError::Ssm(_)) => {
                let problem = Problem { origin: None, key: None, message: err.to_string() };
                (false, vec![problem], vec![])
            }
            Err(err @ ConfigError::BadFlag { .. }) => return Err(Exit::usage(err.to_string())),
        };
        let problems: Vec<_> = problems
            .iter()
            .map(|p| {
                json!({
                    "origin": p.origin.as_ref().map(ToString::to_string),
                    "key": p.key,
                    "message": p.message,
                })
            })
            .collect();
        print_json(&json!({ "valid": valid, "files": files, "ssm_path": ssm_path, "problems": problems }))?;
        return if valid { Ok(()) } else { Err(Exit::failure_quiet()) };
    }
    match result {
        Ok(loaded) => {
            let mut files: Vec<_> = loaded.files().iter().map(|f| f.display().to_string()).collect();
            files.extend(loaded.ssm_path().map(|path| format!("AWS SSM {path}")));
            if files.is_empty() {
                output::print_line(
                    "configuration is valid (no files read: defaults, environment and --set only)",
                )?;
            } else {
                output::print_line(&format!("configuration is valid ({})", files.join(", ")))?;
            }
            Ok(())
        }
        Err(err @ ConfigError::BadFlag { .. }) => Err(Exit::usage(err.to_string())),
        Err(err) => Err(err.into()),
    }
}
