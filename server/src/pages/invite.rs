//! The sign-up page behind an invite link (`pleroctl user invite` prints one).

use maud::{Markup, html};
use plero_core::accounts::password::{MAX_BYTES, MIN_CHARS};

use super::{form_error, layout};

/// What the person already typed, shown again when the form comes back with an error.
#[derive(Debug, Default)]
pub struct Typed<'a> {
    pub username: &'a str,
    pub email: &'a str,
}

/// Sign up to `instance` with invite `code`.
pub fn sign_up_form(
    instance: &str,
    code: &str,
    typed: &Typed<'_>,
    csrf_token: &str,
    error: Option<&str>,
) -> Markup {
    layout(
        &format!("Join {instance}"),
        html! {
            h1 { "Join " (instance) }
            p { "You were invited to make an account here." }
            (form_error(error))
            form method="post" action={ "/invite/" (code) } {
                input type="hidden" name="csrf_token" value=(csrf_token);
                label for="username" { "Username (letters, digits and _)" }
                input type="text" id="username" name="username" value=(typed.username)
                    autocomplete="username" maxlength="30" required autofocus;
                label for="email" { "Email" }
                input type="email" id="email" name="email" value=(typed.email) autocomplete="email" required;
                label for="password" { "Password (" (MIN_CHARS) " to " (MAX_BYTES) " characters)" }
                input type="password" id="password" name="password" autocomplete="new-password"
                    minlength=(MIN_CHARS) required;
                label for="password_confirmation" { "The same again" }
                input type="password" id="password_confirmation" name="password_confirmation"
                    autocomplete="new-password" minlength=(MIN_CHARS) required;
                label class="check" for="agreement" {
                    input type="checkbox" id="agreement" name="agreement" value="1" required;
                    span { "I accept the rules of " (instance) "." }
                }
                button type="submit" id="sign-up" { "Sign up" }
            }
        },
    )
}

/// After signing up: where to go from here (plero has no web client; any Mastodon app signs in).
pub fn welcome(instance: &str, acct: &str, domain: &str) -> Markup {
    layout(
        &format!("Welcome to {instance}"),
        html! {
            h1 { "Welcome to " (instance) }
            p id="message" { "Your account " strong { "@" (acct) } " is ready." }
            p { "Sign in from any Mastodon app: choose the server " code { (domain) } " and your username or email." }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_was_typed_comes_back_escaped() {
        let typed = Typed { username: "al\"ice", email: "<a@b>" };
        let page = sign_up_form("Example", "CODE", &typed, "csrf", None).into_string();
        assert!(page.contains(r#"value="al&quot;ice""#), "{page}");
        assert!(page.contains(r#"value="&lt;a@b&gt;""#));
        assert!(page.contains(r#"action="/invite/CODE""#));
    }
}
