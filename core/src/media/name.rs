//! The names of attachment files: `attachments/{account id}/{43 random URL-safe characters}/
//! {original|small}.{png|jpg|webp|gif}`, the same key on either uploads backend. Like profile
//! images' names ([`crate::accounts::images::MediaName`]), only plero makes them, so `/media/…`
//! can tell a stored file from anything else without a query.

use crate::accounts::images::ImageKind;
use crate::auth::BearerSecret;
use crate::model::AccountId;
use crate::uploads::ObjectKey;

/// How many characters the random part of a name has: 32 random bytes in URL-safe base64.
const RANDOM_CHARS: usize = 43;

/// Which file of an attachment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The file as uploaded (metadata removed when configured).
    Original,
    /// The small preview.
    Small,
}

impl Part {
    fn as_str(self) -> &'static str {
        match self {
            Part::Original => "original",
            Part::Small => "small",
        }
    }
}

/// The name of one file of an attachment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentName {
    /// Who uploaded it.
    pub account: AccountId,
    /// Original or preview.
    pub part: Part,
    /// Its format.
    pub kind: ImageKind,
    random: String,
}

impl AttachmentName {
    /// The names of a new attachment's original and preview: one fresh random folder, so a URL
    /// never shows another file than the one first stored under it.
    pub fn fresh(account: AccountId, original: ImageKind, small: ImageKind) -> (Self, Self) {
        let random = BearerSecret::generate().expose().to_string();
        (
            Self { account, part: Part::Original, kind: original, random: random.clone() },
            Self { account, part: Part::Small, kind: small, random },
        )
    }

    /// `attachments/1234/…43 characters…/original.png`.
    pub fn path(&self) -> String {
        format!(
            "attachments/{}/{}/{}.{}",
            self.account,
            self.random,
            self.part.as_str(),
            self.kind.extension()
        )
    }

    /// The key it is stored under: its [`AttachmentName::path`].
    pub fn key(&self) -> ObjectKey {
        ObjectKey::parse(&self.path()).expect("names plero makes are keys")
    }

    /// The folder holding every attachment file of `account`.
    pub fn account_folder(account: AccountId) -> ObjectKey {
        ObjectKey::parse(&format!("attachments/{account}")).expect("an account's folder is a key")
    }

    /// The name `path` spells, if plero could have made it; anything else is `None`.
    pub fn parse(path: &str) -> Option<Self> {
        let mut parts = path.split('/');
        let (Some("attachments"), Some(id), Some(random), Some(file), None) =
            (parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        let account: AccountId = id.parse().ok()?;
        if account.to_string() != id {
            return None;
        }
        let url_safe = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
        if random.len() != RANDOM_CHARS || !random.bytes().all(url_safe) {
            return None;
        }
        let (part, extension) = file.split_once('.')?;
        let part = [Part::Original, Part::Small].into_iter().find(|p| p.as_str() == part)?;
        let kind = ImageKind::of_extension(extension)?;
        Some(Self { account, part, kind, random: random.to_string() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_plero_makes_parse_back_and_nothing_else_does() {
        let (original, small) = AttachmentName::fresh(AccountId(7), ImageKind::WebP, ImageKind::Jpeg);
        assert_eq!(AttachmentName::parse(&original.path()), Some(original.clone()));
        assert_eq!(AttachmentName::parse(&small.path()), Some(small.clone()));
        assert!(original.key().is_under(&AttachmentName::account_folder(AccountId(7))));
        let random = &original.random;
        for other in [
            format!("attachments/07/{random}/original.webp"),
            format!("attachments/7/{random}/large.webp"),
            format!("attachments/7/{random}/original.svg"),
            format!("attachments/7/{}/original.webp", &random[1..]),
            format!("attachments/7/../{random}/original.webp"),
            format!("attachments/7/{random}/original.webp/x"),
            format!("accounts/7/{random}/original.webp"),
        ] {
            assert_eq!(AttachmentName::parse(&other), None, "{other}");
        }
    }
}
