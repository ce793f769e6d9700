//! OAuth scopes as Mastodon defines them, with its implication rules.
//!
//! A [`Scopes`] set keeps the scopes as granted (what the token response and the database show) and,
//! beside them, their closure under implication (`read` covers every `read:*`, `follow` is the legacy
//! name for the follow/block/mute scopes, `read:accounts` covers `profile`), so a check on a request is
//! one bit test.

use std::fmt;
use std::str::FromStr;

macro_rules! scopes {
    ($($variant:ident => $name:literal,)*) => {
        /// One OAuth scope.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum Scope {
            $(#[doc = concat!("The `", $name, "` scope.")] $variant,)*
        }

        impl Scope {
            /// Every scope, in the order Mastodon documents them.
            pub const ALL: &'static [Scope] = &[$(Scope::$variant,)*];

            /// The scope's name on the wire (`read:accounts`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Scope::$variant => $name,)*
                }
            }
        }

        impl FromStr for Scope {
            type Err = ScopeError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($name => Ok(Scope::$variant),)*
                    other => Err(ScopeError::Unknown(other.to_string())),
                }
            }
        }
    };
}

scopes! {
    Read => "read",
    Write => "write",
    Follow => "follow",
    Push => "push",
    Profile => "profile",
    ReadAccounts => "read:accounts",
    ReadBlocks => "read:blocks",
    ReadBookmarks => "read:bookmarks",
    ReadFavourites => "read:favourites",
    ReadFilters => "read:filters",
    ReadFollows => "read:follows",
    ReadLists => "read:lists",
    ReadMutes => "read:mutes",
    ReadNotifications => "read:notifications",
    ReadSearch => "read:search",
    ReadStatuses => "read:statuses",
    WriteAccounts => "write:accounts",
    WriteBlocks => "write:blocks",
    WriteBookmarks => "write:bookmarks",
    WriteConversations => "write:conversations",
    WriteFavourites => "write:favourites",
    WriteFilters => "write:filters",
    WriteFollows => "write:follows",
    WriteLists => "write:lists",
    WriteMedia => "write:media",
    WriteMutes => "write:mutes",
    WriteNotifications => "write:notifications",
    WriteReports => "write:reports",
    WriteStatuses => "write:statuses",
    AdminRead => "admin:read",
    AdminWrite => "admin:write",
    AdminReadAccounts => "admin:read:accounts",
    AdminReadReports => "admin:read:reports",
    AdminReadDomainAllows => "admin:read:domain_allows",
    AdminReadDomainBlocks => "admin:read:domain_blocks",
    AdminReadIpBlocks => "admin:read:ip_blocks",
    AdminReadEmailDomainBlocks => "admin:read:email_domain_blocks",
    AdminReadCanonicalEmailBlocks => "admin:read:canonical_email_blocks",
    AdminWriteAccounts => "admin:write:accounts",
    AdminWriteReports => "admin:write:reports",
    AdminWriteDomainAllows => "admin:write:domain_allows",
    AdminWriteDomainBlocks => "admin:write:domain_blocks",
    AdminWriteIpBlocks => "admin:write:ip_blocks",
    AdminWriteEmailDomainBlocks => "admin:write:email_domain_blocks",
    AdminWriteCanonicalEmailBlocks => "admin:write:canonical_email_blocks",
}

impl Scope {
    fn bit(self) -> u64 {
        1u64 << (self as u8)
    }

    /// The scopes this one grants besides itself.
    fn implied(self) -> u64 {
        let prefixed = |prefix: &str| {
            Scope::ALL
                .iter()
                .filter(|s| s.as_str().strip_prefix(prefix).is_some_and(|rest| !rest.contains(':')))
                .fold(0u64, |acc, s| acc | s.bit())
        };
        match self {
            Scope::Read => prefixed("read:") | Scope::Profile.bit(),
            Scope::Write => prefixed("write:"),
            Scope::AdminRead => prefixed("admin:read:"),
            Scope::AdminWrite => prefixed("admin:write:"),
            // Mastodon kept `follow` for old apps: it stands for these six granular scopes.
            Scope::Follow => [
                Scope::ReadFollows,
                Scope::WriteFollows,
                Scope::ReadBlocks,
                Scope::WriteBlocks,
                Scope::ReadMutes,
                Scope::WriteMutes,
            ]
            .iter()
            .fold(0, |acc, s| acc | s.bit()),
            // `profile` is the narrow "who is signed in" scope; reading accounts includes it.
            Scope::ReadAccounts => Scope::Profile.bit(),
            _ => 0,
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A scope string that could not be understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScopeError {
    /// Not a scope Mastodon defines; holds the word.
    #[error(
        "unknown scope `{0}`: valid scopes are read, write, follow, push, profile, the granular \
         read:*, write:* and admin:* scopes (for example read:accounts, write:statuses)"
    )]
    Unknown(String),
}

/// A set of granted scopes.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Scopes {
    /// The scopes as granted, one bit per [`Scope`].
    granted: u64,
    /// `granted` closed under implication.
    effective: u64,
}

impl Scopes {
    /// What an app or a token gets when it asks for no scope at all (Mastodon's default).
    pub fn default_scopes() -> Self {
        Self::from_iter([Scope::Read])
    }

    /// Whether no scope is granted.
    pub fn is_empty(&self) -> bool {
        self.granted == 0
    }

    /// Whether these scopes allow what `required` guards, directly or by implication.
    pub fn allows(&self, required: Scope) -> bool {
        self.effective & required.bit() != 0
    }

    /// Whether every scope of `requested` is allowed by these (an authorization may ask for a
    /// subset of what its application registered, granular or not).
    pub fn covers(&self, requested: &Scopes) -> bool {
        requested.granted & !self.effective == 0
    }

    /// The granted scopes, in Mastodon's documented order.
    pub fn iter(&self) -> impl Iterator<Item = Scope> + '_ {
        Scope::ALL.iter().copied().filter(|s| self.granted & s.bit() != 0)
    }

    /// Parses a space-separated list (Mastodon also accepts `+` and commas from older clients).
    /// An empty string gives the default scopes.
    pub fn parse(s: &str) -> Result<Self, ScopeError> {
        let scopes = s
            .split(|c: char| c.is_whitespace() || c == '+' || c == ',')
            .filter(|part| !part.is_empty())
            .map(Scope::from_str)
            .collect::<Result<Scopes, _>>()?;
        Ok(if scopes.is_empty() { Self::default_scopes() } else { scopes })
    }
}

impl FromIterator<Scope> for Scopes {
    fn from_iter<I: IntoIterator<Item = Scope>>(iter: I) -> Self {
        let mut scopes = Scopes::default();
        for scope in iter {
            scopes.granted |= scope.bit();
            scopes.effective |= scope.bit() | scope.implied();
        }
        scopes
    }
}

impl FromStr for Scopes {
    type Err = ScopeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Scopes::parse(s)
    }
}

/// Space-separated, as the token response's `scope` field shows it.
impl fmt::Display for Scopes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for scope in self.iter() {
            if !first {
                f.write_str(" ")?;
            }
            first = false;
            f.write_str(scope.as_str())?;
        }
        Ok(())
    }
}

impl fmt::Debug for Scopes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Scopes({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scopes(s: &str) -> Scopes {
        Scopes::parse(s).unwrap()
    }

    #[test]
    fn every_scope_name_round_trips() {
        assert!(Scope::ALL.len() <= 64, "the bit set holds at most 64 scopes");
        for scope in Scope::ALL {
            assert_eq!(scope.as_str().parse::<Scope>().unwrap(), *scope);
        }
    }

    #[test]
    fn read_covers_every_granular_read_scope_but_not_write() {
        let read = scopes("read");
        assert!(read.allows(Scope::ReadAccounts));
        assert!(read.allows(Scope::ReadStatuses));
        assert!(read.allows(Scope::Profile));
        assert!(!read.allows(Scope::WriteStatuses));
        assert!(!read.allows(Scope::AdminReadAccounts));
    }

    #[test]
    fn write_covers_granular_write_scopes_only() {
        let write = scopes("write");
        assert!(write.allows(Scope::WriteMedia));
        assert!(!write.allows(Scope::ReadAccounts));
        assert!(!write.allows(Scope::AdminWriteAccounts));
    }

    #[test]
    fn follow_is_legacy_for_follows_blocks_and_mutes() {
        let follow = scopes("follow");
        for scope in [Scope::ReadFollows, Scope::WriteFollows, Scope::WriteBlocks, Scope::ReadMutes] {
            assert!(follow.allows(scope), "{scope}");
        }
        assert!(!follow.allows(Scope::ReadAccounts));
        assert!(!follow.allows(Scope::WriteStatuses));
    }

    #[test]
    fn admin_read_covers_admin_read_granular_scopes() {
        let admin = scopes("admin:read");
        assert!(admin.allows(Scope::AdminReadReports));
        assert!(!admin.allows(Scope::AdminWriteReports));
        assert!(!admin.allows(Scope::ReadAccounts));
    }

    #[test]
    fn a_granular_scope_does_not_grant_its_parent() {
        let granular = scopes("read:accounts");
        assert!(granular.allows(Scope::ReadAccounts));
        assert!(granular.allows(Scope::Profile));
        assert!(!granular.allows(Scope::Read));
        assert!(!granular.allows(Scope::ReadStatuses));
    }

    #[test]
    fn profile_allows_only_profile() {
        let profile = scopes("profile");
        assert!(profile.allows(Scope::Profile));
        assert!(!profile.allows(Scope::ReadAccounts));
    }

    #[test]
    fn empty_scope_string_means_read() {
        assert_eq!(scopes("").to_string(), "read");
        assert_eq!(scopes("   ").to_string(), "read");
    }

    #[test]
    fn old_clients_separators_are_accepted() {
        assert_eq!(scopes("read+write,follow").to_string(), "read write follow");
    }

    #[test]
    fn display_lists_granted_scopes_not_implied_ones() {
        assert_eq!(scopes("write:statuses read").to_string(), "read write:statuses");
    }

    #[test]
    fn unknown_scope_is_refused_with_its_name() {
        let err = Scopes::parse("read wrte").unwrap_err();
        assert_eq!(err, ScopeError::Unknown("wrte".into()));
        assert!(err.to_string().contains("`wrte`"));
    }

    #[test]
    fn covers_accepts_subsets_and_granular_children() {
        let app = scopes("read write follow");
        assert!(app.covers(&scopes("read")));
        assert!(app.covers(&scopes("read:accounts write:statuses")));
        assert!(app.covers(&scopes("write:follows")));
        assert!(!app.covers(&scopes("push")));
        assert!(!app.covers(&scopes("admin:read")));
        assert!(!scopes("read:accounts").covers(&scopes("read")));
    }
}
