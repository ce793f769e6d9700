//! Profile edits by their owner (`PATCH /api/v1/accounts/update_credentials`), with Mastodon's
//! limits.

use crate::model::account::{Field, Fields};
use crate::model::{Account, AccountId};
use crate::store::follows::ProfileUpdate;
use crate::store::{Store, StoreError};

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
    /// There is no local account with this id.
    #[error("no local account {0}")]
    NoSuchAccount(AccountId),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ProfileError {
    /// The request parameter at fault (`display_name`, `note`, `fields_attributes`); `None` when
    /// the error is not about one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Self::DisplayNameTooLong => Some("display_name"),
            Self::NoteTooLong => Some("note"),
            Self::ControlCharacters(field) => Some(field),
            Self::TooManyFields | Self::FieldTooLong => Some("fields_attributes"),
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

/// Validates and applies `update` to the local account `id`.
pub async fn update_profile(
    store: &Store,
    id: AccountId,
    mut update: ProfileUpdate,
) -> Result<Account, ProfileError> {
    if let Some(name) = &update.display_name {
        update.display_name = Some(display_name(name)?);
    }
    if let Some(text) = &update.note {
        update.note = Some(note(text)?);
    }
    store.update_profile(id, &update).await?.ok_or(ProfileError::NoSuchAccount(id))
}

#[cfg(test)]
mod tests {
    use super::*;

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
