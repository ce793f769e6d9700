//! Email addresses, checked the way HTML's `<input type=email>` does (the WHATWG "valid e-mail
//! address"): what browsers accept at sign-up is what we accept, without the RFC 5322 corners
//! (quoted local parts, comments) no mail provider hands out. No crate in our tree does this, and the
//! rule is a few lines.

/// Why an email address is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a valid email address (expected name@domain.example)")]
pub struct EmailError(pub String);

/// Checks an email address.
pub fn validate(email: &str) -> Result<(), EmailError> {
    let err = || EmailError(email.to_string());
    if email.len() > 254 {
        return Err(err());
    }
    let (local, domain) = email.rsplit_once('@').ok_or_else(err)?;
    const LOCAL_SPECIALS: &str = ".!#$%&'*+/=?^_`{|}~-";
    if local.is_empty()
        || local.len() > 64
        || !local.chars().all(|c| c.is_ascii_alphanumeric() || LOCAL_SPECIALS.contains(c))
    {
        return Err(err());
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    // A dot in the domain: `root@localhost` is valid HTML but never a deliverable address here.
    if labels.len() < 2 || !labels.iter().all(label_ok) {
        return Err(err());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::validate;

    #[test]
    fn ordinary_addresses_are_accepted() {
        for ok in ["alice@example.com", "a.b+tag@mail.example.org", "x_y@sub-domain.example.co"] {
            assert_eq!(validate(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn malformed_addresses_are_refused() {
        for bad in [
            "",
            "alice",
            "alice@",
            "@example.com",
            "alice@localhost",
            "al ice@example.com",
            "alice@exa mple.com",
            "alice@-example.com",
            "alice@example..com",
            "alice@@example.com",
        ] {
            assert!(validate(bad).is_err(), "{bad}");
        }
    }
}
