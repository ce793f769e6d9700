//! The page behind a password-reset link (`pleroctl user reset-password NICK` prints one).

use maud::{Markup, html};
use plero_core::accounts::password::{MAX_BYTES, MIN_CHARS};

use super::{form_error, layout};

/// Where the reset form posts.
pub const ACTION: &str = "/auth/password";

/// Choose a new password for `acct`.
pub fn reset_form(acct: &str, reset_token: &str, csrf_token: &str, error: Option<&str>) -> Markup {
    layout(
        "Choose a new password",
        html! {
            h1 { "Choose a new password" }
            p { "For " strong { "@" (acct) } ". Every app signed in to this account will be signed out." }
            (form_error(error))
            form method="post" action=(ACTION) {
                input type="hidden" name="csrf_token" value=(csrf_token);
                input type="hidden" name="reset_password_token" value=(reset_token);
                // Lets password managers file the new password under the right account.
                input type="text" name="username" value=(acct) autocomplete="username" hidden;
                label for="password" { "New password (" (MIN_CHARS) " to " (MAX_BYTES) " characters)" }
                input type="password" id="password" name="password" autocomplete="new-password"
                    minlength=(MIN_CHARS) required autofocus;
                label for="password_confirmation" { "The same again" }
                input type="password" id="password_confirmation" name="password_confirmation"
                    autocomplete="new-password" minlength=(MIN_CHARS) required;
                button type="submit" id="change-password" { "Change password" }
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_carries_the_reset_token_and_escapes_it() {
        let page = reset_form("alice", "tok\"<en>", "csrf", Some("<b>bad</b>")).into_string();
        assert!(page.contains(r#"name="reset_password_token" value="tok&quot;&lt;en&gt;""#), "{page}");
        assert!(page.contains("&lt;b&gt;bad&lt;/b&gt;"));
        assert!(page.contains(r#"action="/auth/password""#));
    }
}
