//! The OAuth sign-in, consent and out-of-band code pages. Plain forms: they work without JavaScript.

use maud::{Markup, html};
use plero_core::auth::{AuthorizeParams, Scopes};

use super::layout;

/// The hidden fields every OAuth form carries so the request survives the round trips.
pub struct FormState<'a> {
    pub params: &'a AuthorizeParams,
    pub csrf_token: &'a str,
}

fn hidden_fields(state: &FormState<'_>) -> Markup {
    let p = state.params;
    let fields = [
        ("response_type", &p.response_type),
        ("client_id", &p.client_id),
        ("redirect_uri", &p.redirect_uri),
        ("scope", &p.scope),
        ("state", &p.state),
        ("code_challenge", &p.code_challenge),
        ("code_challenge_method", &p.code_challenge_method),
    ];
    html! {
        input type="hidden" name="csrf_token" value=(state.csrf_token);
        @for (name, value) in fields {
            @if let Some(value) = value {
                input type="hidden" name=(name) value=(value);
            }
        }
    }
}

fn scope_list(scopes: &Scopes) -> Markup {
    html! {
        ul id="scopes" {
            @for scope in scopes.iter() { li { code { (scope.as_str()) } } }
        }
    }
}

/// Step 1: who are you?
pub fn sign_in(
    app_name: &str,
    instance: &str,
    scopes: &Scopes,
    state: &FormState<'_>,
    error: Option<&str>,
) -> Markup {
    layout(
        &format!("Sign in to {instance}"),
        html! {
            h1 { "Sign in to " (instance) }
            p { "The application " strong { (app_name) } " asks for access to your account:" }
            (scope_list(scopes))
            (super::form_error(error))
            form method="post" action="/oauth/authorize" {
                (hidden_fields(state))
                input type="hidden" name="step" value="sign_in";
                label for="username" { "Username or email" }
                input type="text" id="username" name="username" autocomplete="username" required autofocus;
                label for="password" { "Password" }
                input type="password" id="password" name="password" autocomplete="current-password" required;
                button type="submit" id="sign-in" { "Sign in" }
            }
        },
    )
}

/// Step 2: do you allow this application?
pub fn consent(
    app_name: &str,
    account_acct: &str,
    scopes: &Scopes,
    state: &FormState<'_>,
    ticket: &str,
) -> Markup {
    layout(
        &format!("Authorize {app_name}"),
        html! {
            h1 { "Authorize " (app_name) "?" }
            p { "Signed in as " strong { "@" (account_acct) } ". " (app_name) " will be able to:" }
            (scope_list(scopes))
            form method="post" action="/oauth/authorize" {
                (hidden_fields(state))
                input type="hidden" name="ticket" value=(ticket);
                button type="submit" name="step" value="approve" id="authorize" { "Authorize" }
                button type="submit" name="step" value="deny" id="deny" { "Deny" }
            }
        },
    )
}

/// For clients registered with the out-of-band redirect URI: the code to copy.
pub fn show_code(app_name: &str, code: &str) -> Markup {
    layout(
        "Authorization code",
        html! {
            h1 { "Authorization code" }
            p { "Copy this code and paste it into " strong { (app_name) } ":" }
            p { code id="authorization-code" { (code) } }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_escapes_app_name_and_carries_params() {
        let params = AuthorizeParams {
            client_id: Some("cid".into()),
            state: Some("\"><script>".into()),
            ..Default::default()
        };
        let page = sign_in(
            "<b>App</b>",
            "example.org",
            &Scopes::parse("read").unwrap(),
            &FormState { params: &params, csrf_token: "tok" },
            None,
        )
        .into_string();
        assert!(page.contains("&lt;b&gt;App&lt;/b&gt;"));
        assert!(!page.contains("<script>"));
        assert!(page.contains(r#"name="client_id" value="cid""#));
        assert!(page.contains(r#"name="csrf_token" value="tok""#));
    }
}
