//! What the instance says about itself: who it is, its limits, who may register, how much it is used.
//! The server renders it as Mastodon's `/api/v1|v2/instance` and as NodeInfo; nothing here is HTTP.

use crate::accounts::{LocalUrls, profile};
use crate::config::{Config, Registrations};

/// The software name in NodeInfo and the version string.
pub const SOFTWARE: &str = "plero";
/// This build's version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
/// The Mastodon release whose client API plero follows. Clients choose code paths from the version
/// string, so it leads with this.
pub const MASTODON_COMPATIBLE: &str = "4.3.0";
/// Mastodon's machine-readable API version (`api_versions.mastodon`) of that release.
pub const MASTODON_API_VERSION: u32 = 2;

/// `4.3.0 (compatible; plero 0.1.0)`: the form Mastodon forks use, so existing clients enable the
/// features of that Mastodon release.
pub fn version_string() -> String {
    format!("{MASTODON_COMPATIBLE} (compatible; {SOFTWARE} {VERSION})")
}

/// What this build of plero serves: the one place the instance documents (NodeInfo,
/// `/api/v1|v2/instance`) and pages read before advertising anything. When a feature lands, its
/// flag turns on here and every document follows; a flag the configuration can switch off
/// (`streaming.enabled`, `federation.enabled`) is masked by [`Capabilities::for_config`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    /// The Mastodon client API (apps, OAuth, accounts, follows): served.
    pub mastodon_api: bool,
    /// The streaming API (`/api/v1/streaming`, WebSocket): not served yet.
    pub streaming: bool,
    /// ActivityPub federation (actor documents, inboxes, delivery): not served yet; WebFinger and
    /// NodeInfo alone make no protocol.
    pub activitypub: bool,
    /// Statuses (`POST /api/v1/statuses`, timelines), written as plain text.
    pub statuses: bool,
    /// Translating statuses: not served.
    pub translation: bool,
}

impl Capabilities {
    /// What this build serves.
    pub const BUILT: Self =
        Self { mastodon_api: true, streaming: false, activitypub: false, statuses: true, translation: false };

    /// What this build serves, less what `config` switches off.
    pub fn for_config(config: &Config) -> Self {
        let built = Self::BUILT;
        Self {
            streaming: built.streaming && config.streaming.enabled,
            activitypub: built.activitypub && config.federation.enabled,
            ..built
        }
    }

    /// NodeInfo `protocols`: the federation protocols spoken.
    pub fn protocols(self) -> Vec<&'static str> {
        [("activitypub", self.activitypub)].into_iter().filter_map(|(name, on)| on.then_some(name)).collect()
    }

    /// NodeInfo `metadata.features`, in Pleroma's names.
    pub fn features(self) -> Vec<&'static str> {
        [("mastodon_api", self.mastodon_api), ("mastodon_api_streaming", self.mastodon_api && self.streaming)]
            .into_iter()
            .filter_map(|(name, on)| on.then_some(name))
            .collect()
    }

    /// NodeInfo `metadata.postFormats`: the formats statuses may be written in.
    pub fn post_formats(self) -> Vec<&'static str> {
        if self.statuses { vec!["text/plain", "text/markdown"] } else { Vec::new() }
    }
}

/// The WebSocket base URL of the streaming API: `streaming.url`, or the base URL with ws(s).
pub fn streaming_url(config: &Config) -> String {
    if !config.streaming.url.is_empty() {
        return config.streaming.url.clone();
    }
    let urls = LocalUrls::from_config(config);
    let base = urls.base();
    match base.strip_prefix("https://") {
        Some(rest) => format!("wss://{rest}"),
        None => format!("ws://{}", base.trim_start_matches("http://")),
    }
}

/// The limits clients respect when composing (Mastodon's defaults where plero has no setting).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// The most characters a status may have (`instance.post_length_limit`).
    pub max_characters: u32,
    /// The most media attachments per status (fixed at 4).
    pub max_media_attachments: u32,
    /// How many characters a URL counts for in a status, whatever its length (fixed at 23).
    pub characters_reserved_per_url: u32,
    /// The most featured hashtags a profile may show (fixed at 10).
    pub max_featured_tags: u32,
    /// The most statuses an account may pin (fixed at 5).
    pub max_pinned_statuses: u32,
    /// The most characters of a display name (fixed at 30).
    pub max_display_name_length: u32,
    /// The most characters of a profile bio (fixed at 500).
    pub max_note_length: u32,
    /// The most profile fields an account may have (fixed at 4).
    pub max_profile_fields: u32,
    /// The most characters of a profile field's name (fixed at 255).
    pub profile_field_name_limit: u32,
    /// The most characters of a profile field's value (fixed at 255).
    pub profile_field_value_limit: u32,
    /// The most options of a poll (fixed at 4).
    pub max_poll_options: u32,
    /// The most characters of one poll option (fixed at 50).
    pub max_characters_per_poll_option: u32,
    /// The shortest poll duration, in seconds (fixed at 300: five minutes).
    pub min_poll_expiration_secs: u32,
    /// The longest poll duration, in seconds (fixed at 2,629,746: about a month).
    pub max_poll_expiration_secs: u32,
    /// The largest upload, in bytes (`uploads.size_limit_bytes`).
    pub upload_size_limit: u64,
    /// The most pixels (width × height) of an uploaded image (fixed at 16,777,216: 4096 × 4096).
    pub image_matrix_limit: u64,
    /// The most pixels (width × height) of an uploaded video (fixed at 8,294,400: 3840 × 2160).
    pub video_matrix_limit: u64,
    /// The highest frame rate of an uploaded video, in frames per second (fixed at 120).
    pub video_frame_rate_limit: u32,
    /// The most characters of a media description (alt text) (fixed at 1500).
    pub media_description_limit: u32,
    /// The media types uploads may have.
    pub supported_mime_types: &'static [&'static str],
}

/// What `POST /api/v1/media` takes (`media::process`): images only, no transcoder for video or audio.
const SUPPORTED_MIME_TYPES: &[&str] = &["image/jpeg", "image/png", "image/gif", "image/webp"];

impl Limits {
    /// The limits for `config`: the post length and upload size come from it, the rest is fixed.
    pub fn from_config(config: &Config) -> Self {
        Self {
            max_characters: config.instance.post_length_limit,
            max_media_attachments: crate::store::media::MAX_ATTACHMENTS as u32,
            characters_reserved_per_url: 23,
            max_featured_tags: 10,
            max_pinned_statuses: crate::store::edits::MAX_PINNED as u32,
            max_display_name_length: profile::MAX_DISPLAY_NAME_CHARS as u32,
            max_note_length: profile::MAX_NOTE_CHARS as u32,
            max_profile_fields: profile::MAX_FIELDS as u32,
            profile_field_name_limit: profile::MAX_FIELD_CHARS as u32,
            profile_field_value_limit: profile::MAX_FIELD_CHARS as u32,
            max_poll_options: 4,
            max_characters_per_poll_option: 50,
            min_poll_expiration_secs: 300,
            max_poll_expiration_secs: 2_629_746,
            upload_size_limit: config.uploads.size_limit_bytes,
            image_matrix_limit: crate::media::process::MAX_PIXELS,
            video_matrix_limit: 8_294_400,
            video_frame_rate_limit: 120,
            media_description_limit: crate::media::MAX_DESCRIPTION as u32,
            supported_mime_types: SUPPORTED_MIME_TYPES,
        }
    }
}

/// Usage counts (NodeInfo `usage`, Mastodon `stats`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UsageStats {
    /// Local accounts that are not deactivated.
    pub users: u64,
    /// Local accounts active in the last 30 days.
    pub active_month: u64,
    /// Local accounts active in the last 180 days.
    pub active_halfyear: u64,
    /// Statuses written here.
    pub local_posts: u64,
    /// Other instances this one knows.
    pub domains: u64,
}

/// Everything the instance documents show, in domain terms.
#[derive(Debug, Clone, PartialEq)]
pub struct InstanceInfo {
    /// The instance's domain (`instance.domain`), with `:port` when it has one.
    pub domain: String,
    /// The public base URL, e.g. `https://social.example`, without a trailing slash.
    pub base_url: String,
    /// The WebSocket base URL of the streaming API (see [`streaming_url`]); `None` while it is
    /// not served.
    pub streaming_url: Option<String>,
    /// `instance.name`, or the domain when no name is set.
    pub title: String,
    /// `instance.description`; may be empty.
    pub description: String,
    /// Where to reach the admins (`instance.admin_email`); may be empty.
    pub contact_email: String,
    /// Who may sign up (`instance.registrations`).
    pub registrations: Registrations,
    /// Whether search engines may index the instance (`instance.indexable`).
    pub indexable: bool,
    /// What the instance serves (see [`Capabilities`]).
    pub capabilities: Capabilities,
    /// What clients respect when composing.
    pub limits: Limits,
    /// Usage counts, as the caller passed them.
    pub usage: UsageStats,
}

impl InstanceInfo {
    /// The instance as `config` describes it, with `usage` counted by the caller.
    pub fn new(config: &Config, usage: UsageStats) -> Self {
        let instance = &config.instance;
        let capabilities = Capabilities::for_config(config);
        Self {
            domain: instance.domain.clone(),
            base_url: LocalUrls::from_config(config).base().to_owned(),
            streaming_url: capabilities.streaming.then(|| streaming_url(config)),
            title: instance.title().to_owned(),
            description: instance.description.clone(),
            contact_email: instance.admin_email.clone(),
            registrations: instance.registrations,
            indexable: instance.indexable,
            capabilities,
            limits: Limits::from_config(config),
            usage,
        }
    }

    /// Whether anyone may sign up right now (with or without approval).
    pub fn registrations_enabled(&self) -> bool {
        matches!(self.registrations, Registrations::Open | Registrations::Approval)
    }

    /// Whether sign-ups wait for a moderator's approval.
    pub fn approval_required(&self) -> bool {
        self.registrations == Registrations::Approval
    }

    /// Whether invite codes can be used to sign up: always, whatever `instance.registrations`
    /// says (an admin's invite admits under every policy; see `accounts::signup::admission`).
    pub fn invites_enabled(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Scheme;

    #[test]
    fn the_version_string_leads_with_the_mastodon_release_clients_look_for() {
        let version = version_string();
        assert!(version.starts_with("4."), "{version}");
        assert!(version.ends_with(&format!("(compatible; plero {VERSION})")), "{version}");
    }

    #[test]
    fn streaming_follows_the_scheme_unless_configured() {
        let mut config = Config::default();
        config.instance.domain = "127.0.0.1:4000".into();
        config.http.public_scheme = Scheme::Http;
        assert_eq!(streaming_url(&config), "ws://127.0.0.1:4000");
        config.http.public_scheme = Scheme::Https;
        assert_eq!(streaming_url(&config), "wss://127.0.0.1:4000");
        config.streaming.url = "wss://stream.example".into();
        assert_eq!(streaming_url(&config), "wss://stream.example");
    }

    #[test]
    fn nothing_unserved_is_advertised() {
        let info = InstanceInfo::new(&Config::default(), UsageStats::default());
        assert_eq!(info.streaming_url, None, "no streaming API yet");
        assert_eq!(info.capabilities.protocols(), Vec::<&str>::new(), "no ActivityPub inbox yet");
        assert_eq!(info.capabilities.features(), ["mastodon_api"]);
        assert_eq!(info.capabilities.post_formats(), ["text/plain", "text/markdown"], "what posting takes");
    }

    #[test]
    fn the_configuration_can_switch_off_what_is_built() {
        let all = Capabilities {
            mastodon_api: true,
            streaming: true,
            activitypub: true,
            statuses: true,
            translation: false,
        };
        assert_eq!(all.protocols(), ["activitypub"]);
        assert_eq!(all.features(), ["mastodon_api", "mastodon_api_streaming"]);
        let mut config = Config::default();
        config.streaming.enabled = false;
        config.federation.enabled = false;
        let masked = Capabilities::for_config(&config);
        assert!(!masked.streaming && !masked.activitypub);
    }

    #[test]
    fn an_unnamed_instance_is_titled_by_its_domain() {
        let mut config = Config::default();
        config.instance.domain = "social.example".into();
        assert_eq!(InstanceInfo::new(&config, UsageStats::default()).title, "social.example");
    }
}
