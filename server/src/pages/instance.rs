//! The instance's own pages until a web front end comes: `/` (what this is, who may join, how to
//! sign in with a Mastodon app) and `/about` (who runs it, its contact, its software).

use maud::{Markup, html};
use plero_core::config::Registrations;
use plero_core::instance::{InstanceInfo, MASTODON_COMPATIBLE, SOFTWARE, VERSION};

use super::layout;

/// Who may join, in a sentence.
fn registrations(info: &InstanceInfo) -> &'static str {
    match info.registrations {
        Registrations::Open => "Registrations are open: anyone may create an account from their app.",
        Registrations::Approval => {
            "Registrations are open with approval: anyone may sign up from their app, and a moderator \
             reviews each new account before it can sign in."
        }
        Registrations::Invite | Registrations::Closed => {
            "Registrations are closed: accounts are made by invitation (an invite link) or by the admins."
        }
    }
}

/// Paragraphs of the description, split at blank lines.
fn description(info: &InstanceInfo) -> Markup {
    html! {
        @for paragraph in info.description.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
            p class="description" { (paragraph) }
        }
    }
}

/// `GET /`.
pub fn home(info: &InstanceInfo) -> Markup {
    layout(
        &info.title,
        html! {
            h1 { (info.title) }
            (description(info))
            p id="registrations" { (registrations(info)) }
            h2 { "Sign in" }
            p id="sign-in" {
                "This server has no web client yet: use any Mastodon app (Tusky, Ivory, Elk, Phanpy, …). "
                "In the app, choose the server " code { (info.domain) } ", then sign in with your email "
                "address or username and your password."
            }
            p { a href="/about" { "About " (info.title) } }
        },
    )
}

/// `GET /about`.
pub fn about(info: &InstanceInfo) -> Markup {
    layout(
        &format!("About {}", info.title),
        html! {
            h1 { "About " (info.title) }
            (description(info))
            h2 { "Contact" }
            @if info.contact_email.is_empty() {
                p id="contact" { "The admins have published no contact address." }
            } @else {
                p id="contact" {
                    "The admins: " a href={ "mailto:" (info.contact_email) } { (info.contact_email) }
                }
            }
            h2 { "Rules" }
            p id="rules" { "No rules are published here yet." }
            h2 { "Software" }
            p id="software" {
                (SOFTWARE) " " (VERSION) ", speaking the client API of Mastodon " (MASTODON_COMPATIBLE) "."
            }
            p { a href="/" { "Home" } }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use plero_core::config::Config;
    use plero_core::instance::UsageStats;

    fn info(edit: impl FnOnce(&mut Config)) -> InstanceInfo {
        let mut config = Config::default();
        edit(&mut config);
        InstanceInfo::new(&config, UsageStats::default())
    }

    #[test]
    fn what_the_admins_wrote_is_escaped() {
        let info = info(|c| {
            c.instance.name = "<script>alert(1)</script>".into();
            c.instance.description = "a & b\n\n<i>second</i>".into();
            c.instance.admin_email = "admin@social.example".into();
        });
        for page in [home(&info).into_string(), about(&info).into_string()] {
            assert!(!page.contains("<script>"), "{page}");
            assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{page}");
            assert!(page.contains("<p class=\"description\">&lt;i&gt;second&lt;/i&gt;</p>"), "{page}");
        }
    }

    #[test]
    fn each_registration_policy_is_said_in_words() {
        let open = home(&info(|c| c.instance.registrations = Registrations::Open)).into_string();
        assert!(open.contains("Registrations are open: anyone"), "{open}");
        let approval = home(&info(|c| c.instance.registrations = Registrations::Approval)).into_string();
        assert!(approval.contains("a moderator reviews"), "{approval}");
        let closed = home(&info(|c| c.instance.registrations = Registrations::Closed)).into_string();
        assert!(closed.contains("Registrations are closed"), "{closed}");
    }
}
