//! Server-rendered HTML pages (maud: compile-time templates that escape every interpolated value).
//! Plain forms: every page works without JavaScript.

pub mod instance;
pub mod invite;
pub mod oauth;
pub mod password;

use maud::{DOCTYPE, Markup, html};

/// The frame of every page: one narrow column, inline styles only (the CSP allows nothing else).
pub(crate) fn layout(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (title) }
                style {
                    "body{font-family:system-ui,sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem;color:#222}"
                    "label{display:block;margin:.8rem 0 .2rem}"
                    "input[type=text],input[type=email],input[type=password]{width:100%;padding:.5rem;box-sizing:border-box}"
                    "label.check{display:flex;gap:.5rem;align-items:baseline}"
                    "button{padding:.5rem 1.2rem;margin:.8rem .5rem 0 0}.error{color:#a00}code{word-break:break-all;font-size:1.2rem}"
                }
            }
            body { main { (body) } }
        }
    }
}

/// A page with a heading and one message: errors, and what happened after a form was posted.
pub fn message(title: &str, message: &str) -> Markup {
    layout(
        title,
        html! {
            h1 { (title) }
            p id="message" { (message) }
        },
    )
}

/// An error shown above a form, for screen readers too.
pub(crate) fn form_error(error: Option<&str>) -> Markup {
    html! {
        @if let Some(error) = error { p class="error" id="error" role="alert" { (error) } }
    }
}
