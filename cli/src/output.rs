//! Rendering command output: table | json | csv | toml, in one place. Data goes to stdout only.

use clap::ValueEnum;

/// The `--output` choices. Each command accepts the subset that fits its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Table,
    Json,
    Csv,
    Toml,
}

/// Prints a value as pretty JSON on stdout.
pub fn print_json<T: serde::Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}
