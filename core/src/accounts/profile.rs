//! Profile edits by their owner (`PATCH /api/v1/accounts/update_credentials`), with Mastodon's
//! limits.
//!
//! An edit with images is one unit: everything is checked before any file is written, the files
//! are written before the database refers to them, a failed update deletes what it wrote, and the
//! images it replaced are deleted only after the update committed.

use super::images::{self, ImageError, MediaName, PreparedImage, ProfileImage, StoredImage};
use crate::config::Config;
use crate::model::account::{Field, Fields};
use crate::model::{Account, AccountId};
use crate::store::follows::{ProfileImageUrls, ProfileUpdate};
use crate::store::{Store, StoreError};
use crate::uploads::Uploader;

/// The longest display name, in characters.
pub const MAX_DISPLAY_NAME_CHARS: usize = 30;
/// The longest bio, in characters.
pub const MAX_NOTE_CHARS: usize = 500;
/// The most profile fields an account may have.
pub const MAX_FIELDS: usize = 4;
/// The longest name, and the longest value, of a profile field, in characters.
pub const MAX_FIELD_CHARS: usize = 255;

/// Why a profile edit was refused; [`ProfileError::field`] names the parameter at fault.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    /// The display name is longer than [`MAX_DISPLAY_NAME_CHARS`].
    #[error("display_name is too long: at most {MAX_DISPLAY_NAME_CHARS} characters")]
    DisplayNameTooLong,
    /// The bio is longer than [`MAX_NOTE_CHARS`].
    #[error("note is too long: at most {MAX_NOTE_CHARS} characters")]
    NoteTooLong,
    /// More than [`MAX_FIELDS`] fields (blank rows not counted).
    #[error("fields_attributes: at most {MAX_FIELDS} profile fields")]
    TooManyFields,
    /// A field's name or value is longer than [`MAX_FIELD_CHARS`].
    #[error("fields_attributes: a field's name and value are at most {MAX_FIELD_CHARS} characters each")]
    FieldTooLong,
    /// The display name, bio or a profile field holds control characters (escape codes that would
    /// reach a terminal, NULs); a bio may hold line breaks. See [`printable`].
    #[error("{0} holds control characters: only printable text (and line breaks in a bio)")]
    ControlCharacters(&'static str),
    /// An uploaded avatar or header was refused, or could not be written.
    #[error(transparent)]
    Image(#[from] ImageError),
    /// There is no local account with this id.
    #[error("no local account {0}")]
    NoSuchAccount(AccountId),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ProfileError {
    /// The request parameter at fault (`display_name`, `note`, `fields_attributes`, `avatar`,
    /// `header`); `None` when
    /// the error is not about one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Self::DisplayNameTooLong => Some("display_name"),
            Self::NoteTooLong => Some("note"),
            Self::ControlCharacters(field) => Some(field),
            Self::TooManyFields | Self::FieldTooLong => Some("fields_attributes"),
            Self::Image(err) => err.field(),
            Self::NoSuchAccount(_) | Self::Store(_) => None,
        }
    }
}

/// Profile fields as submitted: (name, value) pairs; pairs with both parts blank are dropped, as
/// Mastodon's form leaves unused rows empty.
pub fn fields_from_pairs(pairs: Vec<(String, String)>) -> Result<Fields, ProfileError> {
    let fields: Vec<Field> = pairs
        .into_iter()
        .map(|(name, value)| (name.trim().to_string(), value.trim().to_string()))
        .filter(|(name, value)| !(name.is_empty() && value.is_empty()))
        .map(|(name, value)| Field { name, value, verified_at: None })
        .collect();
    if fields.len() > MAX_FIELDS {
        return Err(ProfileError::TooManyFields);
    }
    if fields
        .iter()
        .any(|f| f.name.chars().count() > MAX_FIELD_CHARS || f.value.chars().count() > MAX_FIELD_CHARS)
    {
        return Err(ProfileError::FieldTooLong);
    }
    for field in &fields {
        printable(&field.name, "fields_attributes", Lines::One)?;
        printable(&field.value, "fields_attributes", Lines::One)?;
    }
    Ok(Fields(fields))
}

/// A display name as it is stored: trimmed, at most [`MAX_DISPLAY_NAME_CHARS`], printable. Every
/// way of setting one (the API, sign-up, `pleroctl user new` and `user set`) goes through here.
pub fn display_name(name: &str) -> Result<String, ProfileError> {
    let name = name.trim();
    if name.chars().count() > MAX_DISPLAY_NAME_CHARS {
        return Err(ProfileError::DisplayNameTooLong);
    }
    printable(name, "display_name", Lines::One)?;
    Ok(name.to_string())
}

/// A bio as it is stored: at most [`MAX_NOTE_CHARS`], printable but for line breaks and tabs.
pub fn note(note: &str) -> Result<String, ProfileError> {
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(ProfileError::NoteTooLong);
    }
    printable(note, "note", Lines::Many)?;
    Ok(note.to_string())
}

/// Whether a text of the profile may span lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// A name: one line, no tabs.
    One,
    /// A bio: line breaks and tabs allowed.
    Many,
}

/// The one rule for text people write on their profile: no control characters (terminal escape
/// codes, NULs, bells), but for line breaks and tabs where `lines` allows them. `field` names the
/// parameter in the error.
pub fn printable(text: &str, field: &'static str, lines: Lines) -> Result<(), ProfileError> {
    let allowed = |c: char| lines == Lines::Many && matches!(c, '\n' | '\r' | '\t');
    if text.chars().any(|c| c.is_control() && !allowed(c)) {
        return Err(ProfileError::ControlCharacters(field));
    }
    Ok(())
}

/// Images uploaded with a profile edit, as received; `None` keeps the current one.
#[derive(Debug, Clone, Default)]
pub struct NewImages {
    /// The new avatar's bytes.
    pub avatar: Option<Vec<u8>>,
    /// The new header's bytes.
    pub header: Option<Vec<u8>>,
}

/// Validates and applies `update`, with new `uploads`, to the local account `id`; the images are
/// stored through `uploader`. The avatar and header URLs of `update` are set here, from the images
/// written.
pub async fn update_profile(
    store: &Store,
    config: &Config,
    uploader: &Uploader,
    id: AccountId,
    mut update: ProfileUpdate,
    uploads: NewImages,
) -> Result<Account, ProfileError> {
    if let Some(name) = &update.display_name {
        update.display_name = Some(display_name(name)?);
    }
    if let Some(text) = &update.note {
        update.note = Some(note(text)?);
    }
    let prepared = [(ProfileImage::Avatar, uploads.avatar), (ProfileImage::Header, uploads.header)]
        .into_iter()
        .filter_map(|(which, bytes)| Some(images::prepare(config, which, bytes?)))
        .collect::<Result<Vec<PreparedImage>, _>>()?;
    let written = write_all(uploader, id, prepared).await?;
    for image in &written {
        let slot = match image.name.which {
            ProfileImage::Avatar => &mut update.avatar_url,
            ProfileImage::Header => &mut update.header_url,
        };
        *slot = Some(image.url.clone());
    }
    let outcome = match store.update_profile(id, &update).await {
        Ok(Some(updated)) => Ok(updated),
        Ok(None) => Err(ProfileError::NoSuchAccount(id)),
        Err(err) => Err(ProfileError::Store(err)),
    };
    let (account, before) = match outcome {
        Ok(updated) => updated,
        Err(err) => {
            // Nothing refers to the new files: the update did not happen.
            remove_quietly(uploader, written.iter().map(|image| &image.name)).await;
            return Err(err);
        }
    };
    // Committed: the images replaced are referred to by nothing any more.
    remove_quietly(uploader, replaced(uploader, id, &before, &written).iter()).await;
    Ok(account)
}

/// Writes every prepared image; on a failure, deletes those written before it.
async fn write_all(
    uploader: &Uploader,
    id: AccountId,
    prepared: Vec<PreparedImage>,
) -> Result<Vec<StoredImage>, ProfileError> {
    let mut written = Vec::with_capacity(prepared.len());
    for image in prepared {
        match images::write(uploader, id, image).await {
            Ok(stored) => written.push(stored),
            Err(err) => {
                remove_quietly(uploader, written.iter().map(|image| &image.name)).await;
                return Err(err.into());
            }
        }
    }
    Ok(written)
}

/// The stored files of `id` that `before` pointed at and the new images replace (only URLs of the
/// backend in use: a file elsewhere, such as one left behind by a migration, stays).
fn replaced(
    uploader: &Uploader,
    id: AccountId,
    before: &ProfileImageUrls,
    written: &[StoredImage],
) -> Vec<MediaName> {
    written
        .iter()
        .filter_map(|image| {
            let old = match image.name.which {
                ProfileImage::Avatar => before.avatar_url.as_deref(),
                ProfileImage::Header => before.header_url.as_deref(),
            }?;
            let key = uploader.key_of_url(old)?;
            MediaName::parse(key.as_str()).filter(|name| name.account == id && name.which == image.name.which)
        })
        .collect()
}

/// Deletes files that are referred to by nothing; a failure leaves a stray file, which is logged
/// and does not undo the edit.
async fn remove_quietly(uploader: &Uploader, names: impl Iterator<Item = &MediaName>) {
    for name in names {
        if let Err(err) = images::remove(uploader, name).await {
            tracing::warn!(error = %err, "a replaced profile image stays stored");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::{store_tests, user};
    use std::path::{Path, PathBuf};

    /// A configuration whose uploads go to a fresh temporary directory.
    fn uploads_config() -> (Config, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config::default();
        config.uploads.local_dir = dir.path().to_path_buf();
        (config, dir)
    }

    /// A minimal JPEG container.
    fn jpeg() -> Vec<u8> {
        vec![0xff, 0xd8, 0xff, 0xda, 0x00, 0x02, 0xff, 0xd9]
    }

    fn files_under(dir: &Path) -> Vec<PathBuf> {
        let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
        entries
            .map(|e| e.unwrap().path())
            .flat_map(|path| if path.is_dir() { files_under(&path) } else { vec![path] })
            .collect()
    }

    fn file_of(config: &Config, url: Option<&str>) -> PathBuf {
        config.uploads.local_dir.join(MediaName::of_url(url.expect("an image URL")).expect("ours").path())
    }

    fn avatar() -> NewImages {
        NewImages { avatar: Some(jpeg()), header: None }
    }

    store_tests! {
        async fn an_edit_refused_for_its_text_writes_no_file(store: &Store) {
            let (config, dir) = uploads_config();
            let alice = user(store, "alice").await.account.id;
            let update = ProfileUpdate { display_name: Some("x".repeat(31)), ..Default::default() };
            let err = update_profile(store, &config, &Uploader::from_config(&config), alice, update, avatar()).await.unwrap_err();
            assert_eq!(err.field(), Some("display_name"));
            let images = NewImages { avatar: Some(jpeg()), header: Some(b"<svg/>".to_vec()) };
            let err = update_profile(store, &config, &Uploader::from_config(&config), alice, ProfileUpdate::default(), images).await.unwrap_err();
            assert_eq!(err.field(), Some("header"));
            assert_eq!(files_under(dir.path()), Vec::<PathBuf>::new());
        }

        async fn a_replaced_image_is_deleted_once_the_update_committed(store: &Store) {
            let (config, dir) = uploads_config();
            let alice = user(store, "alice").await.account.id;
            let first = update_profile(store, &config, &Uploader::from_config(&config), alice, ProfileUpdate::default(), avatar()).await.unwrap();
            let old = file_of(&config, first.avatar_url.as_deref());
            assert!(old.is_file());
            let second = update_profile(store, &config, &Uploader::from_config(&config), alice, ProfileUpdate::default(), avatar()).await.unwrap();
            assert!(!old.exists(), "the replaced avatar is deleted");
            assert_eq!(files_under(dir.path()), [file_of(&config, second.avatar_url.as_deref())]);
        }

        async fn a_failed_update_keeps_the_referenced_image_and_removes_the_new_one(store: &Store) {
            let (config, dir) = uploads_config();
            let alice = user(store, "alice").await.account.id;
            let first = update_profile(store, &config, &Uploader::from_config(&config), alice, ProfileUpdate::default(), avatar()).await.unwrap();
            let referenced = file_of(&config, first.avatar_url.as_deref());
            store.close().await;
            let err = update_profile(store, &config, &Uploader::from_config(&config), alice, ProfileUpdate::default(), avatar()).await.unwrap_err();
            assert!(matches!(err, ProfileError::Store(_)), "{err}");
            assert_eq!(files_under(dir.path()), [referenced], "the old avatar stays, the new one is gone");
        }

        async fn deleting_an_account_deletes_its_images_and_no_one_elses(store: &Store) {
            let (config, dir) = uploads_config();
            let alice = user(store, "alice").await.account.id;
            let bob = user(store, "bob").await.account.id;
            let both = || NewImages { avatar: Some(jpeg()), header: Some(jpeg()) };
            update_profile(store, &config, &Uploader::from_config(&config), alice, ProfileUpdate::default(), both()).await.unwrap();
            let kept = update_profile(store, &config, &Uploader::from_config(&config), bob, ProfileUpdate::default(), both()).await.unwrap();
            assert_eq!(files_under(dir.path()).len(), 4);
            crate::accounts::manage::delete(store, &Uploader::from_config(&config), alice).await.unwrap();
            let mut left = files_under(dir.path());
            left.sort();
            let mut expected =
                vec![file_of(&config, kept.avatar_url.as_deref()), file_of(&config, kept.header_url.as_deref())];
            expected.sort();
            assert_eq!(left, expected);
        }
    }

    #[test]
    fn blank_field_rows_are_dropped_and_values_trimmed() {
        let fields = fields_from_pairs(vec![("  a ".into(), " 1".into()), ("".into(), " ".into())]).unwrap();
        assert_eq!(fields.0.len(), 1);
        assert_eq!((fields.0[0].name.as_str(), fields.0[0].value.as_str()), ("a", "1"));
    }

    #[test]
    fn escape_codes_are_refused_in_names_and_bios_but_line_breaks_kept_in_bios() {
        assert!(matches!(
            display_name("evil\u{1b}[31mred"),
            Err(ProfileError::ControlCharacters("display_name"))
        ));
        assert!(matches!(display_name("two\nlines"), Err(ProfileError::ControlCharacters("display_name"))));
        assert_eq!(note("two\nlines").unwrap(), "two\nlines");
        assert!(matches!(note("bell\u{7}"), Err(ProfileError::ControlCharacters("note"))));
        assert_eq!(display_name("  Alice ").unwrap(), "Alice");
    }

    #[test]
    fn escape_codes_are_refused_in_field_names_and_values() {
        let refused = |name: &str, value: &str| {
            let err = fields_from_pairs(vec![(name.into(), value.into())]).unwrap_err();
            assert!(matches!(err, ProfileError::ControlCharacters("fields_attributes")), "{err}");
            assert!(err.to_string().starts_with("fields_attributes holds control characters"), "{err}");
        };
        refused("evil\u{1b}[31m", "value");
        refused("name", "nul\u{0}byte");
        refused("two\nlines", "value");
        refused("name", "two\nlines");
        let fields = fields_from_pairs(vec![("Site".into(), "https://alice.example".into())]).unwrap();
        assert_eq!(fields.0[0].value, "https://alice.example");
    }

    #[test]
    fn names_and_bios_are_held_to_mastodons_lengths() {
        assert!(display_name(&"é".repeat(30)).is_ok(), "characters, not bytes");
        assert!(matches!(display_name(&"a".repeat(31)), Err(ProfileError::DisplayNameTooLong)));
        assert!(note(&"a".repeat(500)).is_ok());
        assert!(matches!(note(&"a".repeat(501)), Err(ProfileError::NoteTooLong)));
    }

    #[test]
    fn more_than_four_fields_are_refused_naming_the_parameter() {
        let pairs = (0..5).map(|i| (format!("n{i}"), "v".to_string())).collect();
        let err = fields_from_pairs(pairs).unwrap_err();
        assert_eq!(err.field(), Some("fields_attributes"));
    }
}
