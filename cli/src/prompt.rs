//! Prompts for a person at a terminal. When stdin is not a terminal they never wait: they fail with
//! exit code 2 and name the flag that gives the answer, so scripts and CI jobs get a clear error.

use std::io::IsTerminal;

use dialoguer::{Input, Password};

use crate::exit::Exit;

/// Whether a person can answer: stdin is a terminal.
pub fn interactive() -> bool {
    std::io::stdin().is_terminal()
}

/// The usage error of a prompt that cannot be shown.
pub fn refuse(what: &str, flag: &str) -> anyhow::Error {
    Exit::usage(format!("{what}: stdin is not a terminal, so pass {flag}"))
}

/// Asks to confirm something destructive; the default is no. Returns whether the person said yes.
/// `flag` is the flag that skips the question (usually `--yes`).
pub fn confirm(question: &str, flag: &str) -> anyhow::Result<bool> {
    if !interactive() {
        return Err(refuse(&format!("{question} needs confirmation"), flag));
    }
    yes_no(question, Some(false), flag)
}

/// A yes/no question; answers y, yes, n, no in any case (or empty for the default).
pub fn yes_no(question: &str, default: Option<bool>, flag: &str) -> anyhow::Result<bool> {
    if !interactive() {
        return Err(refuse(&format!("{question} needs an answer"), flag));
    }
    let hint = match default {
        Some(true) => "[Y/n]",
        Some(false) => "[y/N]",
        None => "[y/n]",
    };
    let answer: String = Input::new()
        .with_prompt(format!("{question} {hint}"))
        .allow_empty(default.is_some())
        .validate_with(|s: &String| -> Result<(), &str> {
            if s.trim().is_empty() && default.is_some() {
                return Ok(());
            }
            parse_yes_no(s).map(|_| ()).ok_or("answer y, yes, n or no")
        })
        .interact_text()?;
    Ok(parse_yes_no(&answer).or(default).unwrap_or(false))
}

/// `y`/`yes` → true, `n`/`no` → false, in any case; anything else → None.
pub fn parse_yes_no(answer: &str) -> Option<bool> {
    match answer.trim().to_ascii_lowercase().as_str() {
        "y" | "yes" => Some(true),
        "n" | "no" => Some(false),
        _ => None,
    }
}

/// A line of text, with a default taken when the answer is empty. `validate` refuses an answer
/// with a message, and the question is asked again.
pub fn input(
    question: &str,
    default: Option<&str>,
    flag: &str,
    validate: impl Fn(&str) -> Result<(), String>,
) -> anyhow::Result<String> {
    if !interactive() {
        return Err(refuse(&format!("{question} needs an answer"), flag));
    }
    let mut prompt = Input::<String>::new().with_prompt(question);
    if let Some(default) = default {
        prompt = prompt.default(default.to_string());
    }
    let answer = prompt.validate_with(|s: &String| validate(s.trim())).interact_text()?;
    Ok(answer.trim().to_string())
}

/// A secret typed without echo; may be left empty when `allow_empty`.
pub fn password(question: &str, flag: &str, allow_empty: bool) -> anyhow::Result<String> {
    if !interactive() {
        return Err(refuse(&format!("{question} needs an answer"), flag));
    }
    Ok(Password::new().with_prompt(question).allow_empty_password(allow_empty).interact()?)
}

/// One of a few choices, answered by name (`sqlite`, `postgres`); the default on an empty answer.
pub fn choose(question: &str, choices: &[&str], default: &str, flag: &str) -> anyhow::Result<String> {
    let listed = choices.join("/");
    input(&format!("{question} ({listed})"), Some(default), flag, |s| {
        if choices.iter().any(|c| c.eq_ignore_ascii_case(s)) {
            Ok(())
        } else {
            Err(format!("answer one of: {}", choices.join(", ")))
        }
    })
    .map(|s| s.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::parse_yes_no;

    #[test]
    fn yes_and_no_are_accepted_in_any_case() {
        for yes in ["y", "Y", "yes", "YES", "Yes", " yEs "] {
            assert_eq!(parse_yes_no(yes), Some(true), "{yes}");
        }
        for no in ["n", "N", "no", "NO", "No"] {
            assert_eq!(parse_yes_no(no), Some(false), "{no}");
        }
        for other in ["", "yep", "nope", "1", "true"] {
            assert_eq!(parse_yes_no(other), None, "{other}");
        }
    }
}
