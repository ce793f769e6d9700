//! `${VAR}` and `${VAR:-default}` references to the environment inside string values of the files
//! (the way Pleroma's prod.secret.exs calls `System.get_env`). `$${` is a literal `${`.

/// Why a string could not be expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum InterpolateError {
    /// `${NAME}` with no such variable and no default.
    Missing(String),
    /// `${` without its closing `}`, or an empty or malformed name.
    Malformed(String),
}

/// Expands every reference in `input`, looking variables up with `var`.
pub(crate) fn expand(input: &str, var: impl Fn(&str) -> Option<String>) -> Result<String, InterpolateError> {
    let mut out = String::with_capacity(input.len());
    let mut rest = input;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        if let Some(literal) = after.strip_prefix("$${") {
            out.push_str("${");
            rest = literal;
        } else if let Some(body_start) = after.strip_prefix("${") {
            let Some(end) = body_start.find('}') else {
                return Err(InterpolateError::Malformed(after.to_string()));
            };
            let body = &body_start[..end];
            let (name, default) = match body.split_once(":-") {
                Some((name, default)) => (name, Some(default)),
                None => (body, None),
            };
            let valid = !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !name.starts_with(|c: char| c.is_ascii_digit());
            if !valid {
                return Err(InterpolateError::Malformed(format!("${{{body}}}")));
            }
            match (var(name), default) {
                (Some(value), _) => out.push_str(&value),
                (None, Some(default)) => out.push_str(default),
                (None, None) => return Err(InterpolateError::Missing(name.to_string())),
            }
            rest = &body_start[end + 1..];
        } else {
            out.push('$');
            rest = &after[1..];
        }
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        (name == "DB_PASSWORD").then(|| "s3cret".to_string())
    }

    #[test]
    fn a_reference_is_replaced_by_the_variable() {
        assert_eq!(expand("pw=${DB_PASSWORD}!", env).unwrap(), "pw=s3cret!");
    }

    #[test]
    fn the_default_is_used_when_the_variable_is_unset() {
        assert_eq!(expand("${NOPE:-fallback}", env).unwrap(), "fallback");
        assert_eq!(expand("${DB_PASSWORD:-fallback}", env).unwrap(), "s3cret");
    }

    #[test]
    fn an_unset_variable_without_default_is_an_error_naming_it() {
        assert_eq!(expand("x${NOPE}", env), Err(InterpolateError::Missing("NOPE".into())));
    }

    #[test]
    fn dollars_that_are_not_references_stay() {
        assert_eq!(expand("a$b$$c $${X}", env).unwrap(), "a$b$$c ${X}");
    }

    #[test]
    fn an_unclosed_reference_is_an_error() {
        assert!(matches!(expand("${OOPS", env), Err(InterpolateError::Malformed(_))));
    }
}
