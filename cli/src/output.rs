//! Rendering command output: table | json | csv | toml, in one place. Data goes to stdout only.
//!
//! A command describes its rows once ([`Tabular`]): the same cells feed the table and the CSV,
//! and the JSON comes from the row's `Serialize` (typed values: booleans, ids as strings, nulls).

use std::io::{IsTerminal, Write};

use clap::ValueEnum;
use tabled::builder::Builder;
use tabled::settings::Style;

/// The `--output` choices. Each command accepts the subset that fits its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Table,
    Json,
    Csv,
    Toml,
}

/// `--output` of commands that print a list of records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ListFormat {
    /// Aligned columns (with borders on a terminal)
    #[default]
    Table,
    Json,
    Csv,
}

/// A record that prints as a row of a table or a CSV line.
pub trait Tabular {
    /// Column titles, in order.
    fn headers() -> &'static [&'static str];
    /// The cells of this record, one per header.
    fn cells(&self) -> Vec<String>;
}

/// Prints a value as pretty JSON on stdout.
pub fn print_json<T: serde::Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    print_line(&serde_json::to_string_pretty(value)?)
}

/// Prints one line of data on stdout. A closed pipe (`pleroctl … | head`) is not an error: the
/// reader has what it wanted.
pub fn print_line(line: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    quiet_pipe(writeln!(out, "{line}").and_then(|()| out.flush()))
}

/// Prints a value shown once, as JSON or a line: unlike [`print_line`], a reader that is gone is
/// an error, since the value cannot be shown again.
pub fn print_once(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}").and_then(|()| out.flush())?;
    Ok(())
}

/// Prints text on stdout as it is (it ends with its own newline), closed pipes as [`print_line`].
pub fn print_text(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    quiet_pipe(out.write_all(text.as_bytes()).and_then(|()| out.flush()))
}

fn quiet_pipe(result: std::io::Result<()>) -> anyhow::Result<()> {
    match result {
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// Prints records in the chosen format on stdout: a JSON array, CSV with a header line, or a
/// table (bordered on a terminal, plain aligned columns for pipes).
pub fn print_list<T: Tabular + serde::Serialize>(records: &[T], format: ListFormat) -> anyhow::Result<()> {
    match format {
        ListFormat::Json => print_json(records),
        ListFormat::Csv => {
            let mut writer = csv::Writer::from_writer(std::io::stdout().lock());
            let written = (|| -> csv::Result<()> {
                writer.write_record(T::headers())?;
                for record in records {
                    writer.write_record(record.cells())?;
                }
                writer.flush()?;
                Ok(())
            })();
            match written {
                Err(err) => match err.into_kind() {
                    csv::ErrorKind::Io(io) => quiet_pipe(Err(io)),
                    other => Err(anyhow::anyhow!("writing CSV: {other:?}")),
                },
                Ok(()) => Ok(()),
            }
        }
        ListFormat::Table => {
            let text = render_table(
                T::headers(),
                records.iter().map(Tabular::cells),
                std::io::stdout().is_terminal(),
            );
            print_line(&text)
        }
    }
}

/// `--output` of commands that print one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum RecordFormat {
    #[default]
    Text,
    Json,
}

/// Prints one record as `field: value` lines (or JSON).
pub fn print_record<T: Tabular + serde::Serialize>(record: &T, json: bool) -> anyhow::Result<()> {
    if json {
        return print_json(record);
    }
    let width = T::headers().iter().map(|h| h.len()).max().unwrap_or(0);
    let lines: Vec<String> = T::headers()
        .iter()
        .zip(record.cells())
        .map(|(header, cell)| format!("{header:width$}  {cell}"))
        .collect();
    print_line(&lines.join("\n"))
}

fn render_table(headers: &[&str], rows: impl Iterator<Item = Vec<String>>, terminal: bool) -> String {
    let mut builder = Builder::default();
    builder.push_record(headers.iter().map(|h| h.to_string()));
    for row in rows {
        builder.push_record(row);
    }
    let mut table = builder.build();
    if terminal {
        table.with(Style::rounded());
    } else {
        table.with(Style::blank());
    }
    table.to_string()
}

/// An optional value as a cell: empty when absent.
pub fn cell<T: std::fmt::Display>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// A flag as a cell: `yes` or `no`.
pub fn yes_no(flag: bool) -> String {
    if flag { "yes" } else { "no" }.to_string()
}

#[cfg(test)]
mod tests {
    use super::render_table;

    #[test]
    fn a_plain_table_aligns_columns_without_borders() {
        let text = render_table(
            &["nickname", "admin"],
            [vec!["alice".to_string(), "yes".to_string()], vec!["bob".into(), "no".into()]].into_iter(),
            false,
        );
        let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert!(lines[0].contains("nickname") && lines[0].contains("admin"));
        assert_eq!(lines[1].find("yes"), lines[0].find("admin"), "{text}");
        assert!(!text.contains('│') && !text.contains('|'));
    }
}
