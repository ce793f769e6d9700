//! WebFinger's JSON Resource Descriptor (RFC 7033) for an account, and host-meta (RFC 6415).

use serde::Serialize;

/// A JRD for one account: its `acct:` subject, aliases, and the links that lead to its actor.
#[derive(Serialize)]
pub struct Jrd {
    pub subject: String,
    pub aliases: Vec<String>,
    pub links: Vec<JrdLink>,
}

#[derive(Serialize)]
pub struct JrdLink {
    pub rel: &'static str,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
}

/// The media type of ActivityPub actors.
pub const ACTIVITY_JSON: &str = "application/activity+json";

impl Jrd {
    /// `nick@domain`, its actor URL and its public profile page.
    pub fn account(acct: &str, actor_url: &str, profile_url: &str) -> Self {
        Self {
            subject: format!("acct:{acct}"),
            aliases: vec![actor_url.to_owned(), profile_url.to_owned()],
            links: vec![
                JrdLink {
                    rel: "http://webfinger.net/rel/profile-page",
                    kind: Some("text/html"),
                    href: Some(profile_url.to_owned()),
                },
                JrdLink { rel: "self", kind: Some(ACTIVITY_JSON), href: Some(actor_url.to_owned()) },
            ],
        }
    }
}

/// host-meta's XRD: where WebFinger is.
pub fn host_meta_xml(base_url: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <XRD xmlns=\"http://docs.oasis-open.org/ns/xri/xrd-1.0\">\n  \
         <Link rel=\"lrdd\" template=\"{}/.well-known/webfinger?resource={{uri}}\"/>\n</XRD>\n",
        xml_escape(base_url)
    )
}

/// host-meta in JSON (`/.well-known/host-meta.json`).
pub fn host_meta_json(base_url: &str) -> serde_json::Value {
    serde_json::json!({
        "links": [{ "rel": "lrdd", "template": format!("{base_url}/.well-known/webfinger?resource={{uri}}") }]
    })
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
