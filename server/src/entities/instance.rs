//! `GET /api/v1/instance` (V1_Instance) and `GET /api/v2/instance` (Instance), as Mastodon 4.3 shapes
//! them; clients read `version` and `api_versions` to choose their code paths.

use serde::Serialize;
use serde_json::Value;

use plero_core::instance::{InstanceInfo, Limits, MASTODON_API_VERSION, version_string};

/// Path of the instance's thumbnail, served by routes/instance.rs.
pub const THUMBNAIL_PATH: &str = "/instance/thumbnail.png";

/// Where the source is published (AGPL): the crate's repository when the build names one, else the
/// instance itself.
fn source_url(info: &InstanceInfo) -> String {
    match env!("CARGO_PKG_REPOSITORY") {
        "" => info.base_url.clone(),
        repository => repository.to_owned(),
    }
}

#[derive(Serialize)]
pub struct V1Instance {
    pub uri: String,
    pub title: String,
    pub short_description: String,
    pub description: String,
    pub email: String,
    pub version: String,
    pub urls: V1Urls,
    pub stats: V1Stats,
    pub thumbnail: Option<String>,
    pub languages: Vec<String>,
    pub registrations: bool,
    pub approval_required: bool,
    pub invites_enabled: bool,
    pub configuration: Configuration,
    pub contact_account: Option<Value>,
    pub rules: Vec<Value>,
}

#[derive(Serialize)]
pub struct V1Urls {
    /// Empty while there is no streaming API: Mastodon's V1 schema requires the key, and a URL
    /// there would send apps reconnecting to a socket that is not served.
    pub streaming_api: String,
}

#[derive(Serialize)]
pub struct V1Stats {
    pub user_count: u64,
    pub status_count: u64,
    pub domain_count: u64,
}

#[derive(Serialize)]
pub struct Instance {
    pub domain: String,
    pub title: String,
    pub version: String,
    pub source_url: String,
    pub description: String,
    pub usage: Usage,
    pub thumbnail: Thumbnail,
    pub icon: Vec<Value>,
    pub languages: Vec<String>,
    pub configuration: Configuration,
    pub registrations: Registrations,
    pub api_versions: ApiVersions,
    pub contact: Contact,
    pub rules: Vec<Value>,
}

#[derive(Serialize)]
pub struct Usage {
    pub users: UsageUsers,
}

#[derive(Serialize)]
pub struct UsageUsers {
    pub active_month: u64,
}

#[derive(Serialize)]
pub struct Thumbnail {
    pub url: String,
    pub blurhash: Option<String>,
    pub versions: Option<Value>,
}

#[derive(Serialize)]
pub struct Registrations {
    pub enabled: bool,
    pub approval_required: bool,
    pub message: Option<String>,
    pub url: Option<String>,
    pub min_age: Option<u32>,
    pub reason_required: Option<bool>,
}

#[derive(Serialize)]
pub struct ApiVersions {
    pub mastodon: u32,
}

#[derive(Serialize)]
pub struct Contact {
    pub email: String,
    pub account: Option<Value>,
}

/// `configuration`: v1 shows a subset of v2's (Mastodon clients ignore the extra keys).
#[derive(Serialize)]
pub struct Configuration {
    pub urls: ConfigurationUrls,
    pub accounts: AccountLimits,
    pub statuses: StatusLimits,
    pub media_attachments: MediaLimits,
    pub polls: PollLimits,
    pub translation: Translation,
}

#[derive(Serialize)]
pub struct ConfigurationUrls {
    /// `null` while there is no streaming API.
    pub streaming: Option<String>,
    pub status: Option<String>,
    pub about: Option<String>,
    pub privacy_policy: Option<String>,
    pub terms_of_service: Option<String>,
}

#[derive(Serialize)]
pub struct AccountLimits {
    pub max_featured_tags: u32,
    pub max_pinned_statuses: u32,
    pub max_display_name_length: u32,
    pub max_note_length: u32,
    pub max_profile_fields: u32,
    pub profile_field_name_limit: u32,
    pub profile_field_value_limit: u32,
}

#[derive(Serialize)]
pub struct StatusLimits {
    pub max_characters: u32,
    pub max_media_attachments: u32,
    pub characters_reserved_per_url: u32,
}

#[derive(Serialize)]
pub struct MediaLimits {
    pub supported_mime_types: Vec<&'static str>,
    pub description_limit: u32,
    pub image_size_limit: u64,
    pub image_matrix_limit: u64,
    pub video_size_limit: u64,
    pub video_frame_rate_limit: u32,
    pub video_matrix_limit: u64,
}

#[derive(Serialize)]
pub struct PollLimits {
    pub max_options: u32,
    pub max_characters_per_option: u32,
    pub min_expiration: u32,
    pub max_expiration: u32,
}

#[derive(Serialize)]
pub struct Translation {
    pub enabled: bool,
}

impl Configuration {
    fn from_info(info: &InstanceInfo) -> Self {
        let l: &Limits = &info.limits;
        Self {
            urls: ConfigurationUrls {
                streaming: info.streaming_url.clone(),
                status: None,
                about: Some(format!("{}/about", info.base_url)),
                privacy_policy: None,
                terms_of_service: None,
            },
            accounts: AccountLimits {
                max_featured_tags: l.max_featured_tags,
                max_pinned_statuses: l.max_pinned_statuses,
                max_display_name_length: l.max_display_name_length,
                max_note_length: l.max_note_length,
                max_profile_fields: l.max_profile_fields,
                profile_field_name_limit: l.profile_field_name_limit,
                profile_field_value_limit: l.profile_field_value_limit,
            },
            statuses: StatusLimits {
                max_characters: l.max_characters,
                max_media_attachments: l.max_media_attachments,
                characters_reserved_per_url: l.characters_reserved_per_url,
            },
            media_attachments: MediaLimits {
                supported_mime_types: l.supported_mime_types.to_vec(),
                description_limit: l.media_description_limit,
                image_size_limit: l.upload_size_limit,
                image_matrix_limit: l.image_matrix_limit,
                video_size_limit: l.upload_size_limit,
                video_frame_rate_limit: l.video_frame_rate_limit,
                video_matrix_limit: l.video_matrix_limit,
            },
            polls: PollLimits {
                max_options: l.max_poll_options,
                max_characters_per_option: l.max_characters_per_poll_option,
                min_expiration: l.min_poll_expiration_secs,
                max_expiration: l.max_poll_expiration_secs,
            },
            translation: Translation { enabled: info.capabilities.translation },
        }
    }
}

fn short_description(description: &str) -> String {
    description.lines().next().unwrap_or_default().chars().take(200).collect()
}

impl V1Instance {
    /// `contact_account` is the rendered Account of the instance's contact, when there is one.
    pub fn new(info: &InstanceInfo, contact_account: Option<Value>) -> Self {
        Self {
            uri: info.domain.clone(),
            title: info.title.clone(),
            short_description: short_description(&info.description),
            description: info.description.clone(),
            email: info.contact_email.clone(),
            version: version_string(),
            urls: V1Urls { streaming_api: info.streaming_url.clone().unwrap_or_default() },
            stats: V1Stats {
                user_count: info.usage.users,
                status_count: info.usage.local_posts,
                domain_count: info.usage.domains,
            },
            thumbnail: Some(format!("{}{THUMBNAIL_PATH}", info.base_url)),
            languages: vec!["en".into()],
            registrations: info.registrations_enabled(),
            approval_required: info.approval_required(),
            invites_enabled: info.invites_enabled(),
            configuration: Configuration::from_info(info),
            contact_account,
            rules: Vec::new(),
        }
    }
}

impl Instance {
    pub fn new(info: &InstanceInfo, contact_account: Option<Value>) -> Self {
        Self {
            domain: info.domain.clone(),
            title: info.title.clone(),
            version: version_string(),
            source_url: source_url(info),
            description: info.description.clone(),
            usage: Usage { users: UsageUsers { active_month: info.usage.active_month } },
            thumbnail: Thumbnail {
                url: format!("{}{THUMBNAIL_PATH}", info.base_url),
                blurhash: None,
                versions: None,
            },
            icon: Vec::new(),
            languages: vec!["en".into()],
            configuration: Configuration::from_info(info),
            registrations: Registrations {
                enabled: info.registrations_enabled(),
                approval_required: info.approval_required(),
                message: None,
                url: None,
                min_age: None,
                reason_required: Some(info.approval_required()),
            },
            api_versions: ApiVersions { mastodon: MASTODON_API_VERSION },
            contact: Contact { email: info.contact_email.clone(), account: contact_account },
            rules: Vec::new(),
        }
    }
}
