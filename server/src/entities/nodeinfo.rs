//! NodeInfo: `/.well-known/nodeinfo` (the links) and the 2.0 / 2.1 documents.

use serde::Serialize;
use serde_json::{Value, json};

use plero_core::instance::{InstanceInfo, MASTODON_COMPATIBLE, SOFTWARE, VERSION};

/// The two schema versions served, with their schema URLs.
pub const VERSIONS: [(&str, &str); 2] = [
    ("2.0", "http://nodeinfo.diaspora.software/ns/schema/2.0"),
    ("2.1", "http://nodeinfo.diaspora.software/ns/schema/2.1"),
];

#[derive(Serialize)]
pub struct Links {
    pub links: Vec<Link>,
}

#[derive(Serialize)]
pub struct Link {
    pub rel: &'static str,
    pub href: String,
}

impl Links {
    pub fn new(base_url: &str) -> Self {
        Self {
            links: VERSIONS
                .iter()
                .map(|(version, rel)| Link { rel, href: format!("{base_url}/nodeinfo/{version}") })
                .collect(),
        }
    }
}

/// The NodeInfo document of `version` (`"2.0"` or `"2.1"`; 2.1 adds `software.repository`/`homepage`).
pub fn document(info: &InstanceInfo, version: &str) -> Value {
    let mut software = json!({ "name": SOFTWARE, "version": VERSION });
    if version == "2.1" {
        let repository = env!("CARGO_PKG_REPOSITORY");
        if !repository.is_empty() {
            software["repository"] = json!(repository);
            software["homepage"] = json!(repository);
        }
    }
    json!({
        "version": version,
        "software": software,
        // Only what is served (see Capabilities): NodeInfo's schema asks for at least one protocol,
        // but naming ActivityPub before there is an inbox would send other servers' deliveries
        // into 404s.
        "protocols": info.capabilities.protocols(),
        "services": { "inbound": [], "outbound": [] },
        "openRegistrations": info.registrations_enabled(),
        "usage": {
            "users": {
                "total": info.usage.users,
                "activeMonth": info.usage.active_month,
                "activeHalfyear": info.usage.active_halfyear,
            },
            "localPosts": info.usage.local_posts,
        },
        "metadata": {
            "nodeName": info.title,
            "nodeDescription": info.description,
            "registrationsApprovalRequired": info.approval_required(),
            "invitesEnabled": info.invites_enabled(),
            "federation": { "enabled": info.capabilities.activitypub },
            "postFormats": info.capabilities.post_formats(),
            "features": info.capabilities.features(),
            "staffAccounts": [],
            "private": false,
            "indexable": info.indexable,
            // Client libraries (megalodon, …) pick their Mastodon code paths for unknown software
            // that names Mastodon as its upstream.
            "upstream": { "name": "mastodon", "version": MASTODON_COMPATIBLE },
        },
    })
}
