//! `pleroctl user`: create, list, show, change and remove users; invites.

use std::io::Read;

use clap::{Args, Subcommand};
use plero_core::accounts::manage::{self, ManageError};
use plero_core::accounts::{LocalUrls, Registration, RegistrationError, password, register};
use plero_core::crypto::{self, PoolSettings, WhenFull};
use plero_core::model::time;
use plero_core::model::{
    AccountFilter, AccountId, Invite, InviteError, NewInvite, Timestamp, UserAccount, UserFlags,
};
use plero_core::store::{AccountWithUser, Store};
use plero_core::uploads::Uploader;

use super::Context;
use super::db::{block_on, open_store};
use crate::exit::Exit;
use crate::output::{self, ListFormat, RecordFormat, Tabular, cell, yes_no};
use crate::prompt;

#[derive(Debug, Args)]
pub struct UserArgs {
    #[command(subcommand)]
    pub command: UserCommand,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a local user (with its RSA key pair); prints a generated password unless
    /// --password-stdin
    New {
        nickname: String,
        email: String,
        /// Display name
        #[arg(long)]
        name: Option<String>,
        /// Profile text
        #[arg(long)]
        bio: Option<String>,
        /// Read the password from stdin (one line)
        #[arg(long)]
        password_stdin: bool,
        #[arg(long)]
        admin: bool,
        #[arg(long)]
        moderator: bool,
        /// Do not ask for confirmation (implied by --password-stdin: stdin carries the password,
        /// not an answer)
        #[arg(long, short)]
        yes: bool,
        #[arg(long, short, value_enum, default_value_t)]
        output: RecordFormat,
    },
    /// List accounts
    List {
        /// Only local accounts
        #[arg(long, conflicts_with = "remote")]
        local: bool,
        /// Only remote accounts
        #[arg(long)]
        remote: bool,
        /// Only admins
        #[arg(long)]
        admins: bool,
        /// Only moderators
        #[arg(long)]
        moderators: bool,
        /// Only deactivated users
        #[arg(long)]
        deactivated: bool,
        /// Only sign-ups waiting for approval (see `user approve`)
        #[arg(long)]
        pending: bool,
        /// At most N accounts (oldest first)
        #[arg(long, value_name = "N")]
        limit: Option<u32>,
        /// Only accounts after this id (the last id of the previous page)
        #[arg(long, value_name = "ID")]
        after: Option<AccountId>,
        #[arg(long, short, value_enum, default_value_t)]
        output: ListFormat,
    },
    /// Show one account (NICK, or NICK@DOMAIN for a remote one)
    Show {
        nickname: String,
        #[arg(long, short, value_enum, default_value_t)]
        output: RecordFormat,
    },
    /// Change roles, flags and profile text
    Set(SetArgs),
    /// Print a one-time password-reset link, or set the password read from stdin
    ResetPassword {
        nickname: String,
        /// Read the new password from stdin (one line) instead of printing a reset link
        #[arg(long)]
        password_stdin: bool,
        /// How to print the link: the URL alone, or JSON with its expiry
        #[arg(long, short, value_enum, default_value_t, conflicts_with = "password_stdin")]
        output: RecordFormat,
    },
    /// Deactivate a user: no sign-in, its tokens stop working at once
    Deactivate { nickname: String },
    /// Reactivate a deactivated user
    Activate { nickname: String },
    /// Approve sign-ups waiting for approval (registrations = "approval"); refuse one with `user rm`
    #[command(arg_required_else_help = true)]
    Approve {
        /// The users to approve (see `user list --pending`)
        #[arg(required = true)]
        nicknames: Vec<String>,
    },
    /// Delete a user and everything it posted
    Rm {
        nickname: String,
        /// Do not ask for confirmation
        #[arg(long, short)]
        yes: bool,
    },
    /// Revoke every token of a user (signs it out of every app)
    SignOut { nickname: String },
    /// Create an invite code
    Invite {
        /// How many registrations it allows (default: unlimited)
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(i32).range(1..))]
        max_use: Option<i32>,
        /// When it expires: 2026-12-31 (midnight UTC) or 2026-12-31T12:00:00Z
        #[arg(long, value_name = "DATE", value_parser = time::parse_date_or_time)]
        expires_at: Option<Timestamp>,
        #[arg(long, short, value_enum, default_value_t)]
        output: RecordFormat,
    },
    /// List invites
    Invites {
        #[arg(long, short, value_enum, default_value_t)]
        output: ListFormat,
    },
    /// Revoke an invite code
    RevokeInvite { code: String },
}

#[derive(Debug, Args)]
pub struct SetArgs {
    nickname: String,
    #[arg(long, overrides_with = "no_admin")]
    admin: bool,
    #[arg(long)]
    no_admin: bool,
    #[arg(long, overrides_with = "no_moderator")]
    moderator: bool,
    #[arg(long)]
    no_moderator: bool,
    /// Followers must be approved
    #[arg(long, overrides_with = "no_locked")]
    locked: bool,
    #[arg(long)]
    no_locked: bool,
    /// Mark the email as confirmed
    #[arg(long, overrides_with = "no_confirmed")]
    confirmed: bool,
    #[arg(long)]
    no_confirmed: bool,
    #[arg(long)]
    display_name: Option<String>,
    #[arg(long)]
    bio: Option<String>,
    #[arg(long, short, value_enum, default_value_t)]
    output: RecordFormat,
}

fn flag(yes: bool, no: bool) -> Option<bool> {
    match (yes, no) {
        (true, _) => Some(true),
        (_, true) => Some(false),
        _ => None,
    }
}

pub fn run(args: UserArgs, ctx: &Context) -> anyhow::Result<()> {
    block_on(async {
        match args.command {
            UserCommand::New {
                nickname,
                email,
                name,
                bio,
                password_stdin,
                admin,
                moderator,
                yes,
                output,
            } => {
                new(
                    ctx,
                    NewArgs { nickname, email, name, bio, password_stdin, admin, moderator, yes, output },
                )
                .await
            }
            UserCommand::List {
                local,
                remote,
                admins,
                moderators,
                deactivated,
                pending,
                limit,
                after,
                output,
            } => {
                let filter = AccountFilter {
                    local: if local {
                        Some(true)
                    } else if remote {
                        Some(false)
                    } else {
                        None
                    },
                    admins,
                    moderators,
                    deactivated,
                    pending,
                    after,
                    limit: limit.map(i64::from),
                };
                let store = open_store(ctx).await?;
                let rows: Vec<ListRow> =
                    store.list_accounts(&filter).await?.into_iter().map(ListRow).collect();
                output::print_list(&rows, output)
            }
            UserCommand::Show { nickname, output } => show(ctx, &nickname, output).await,
            UserCommand::Set(set) => {
                let store = open_store(ctx).await?;
                let user = find_local(&store, &set.nickname).await?;
                let flags = UserFlags {
                    admin: flag(set.admin, set.no_admin),
                    moderator: flag(set.moderator, set.no_moderator),
                    locked: flag(set.locked, set.no_locked),
                    confirmed: flag(set.confirmed, set.no_confirmed),
                    approved: None,
                    display_name: set.display_name,
                    note: set.bio,
                };
                if flags == UserFlags::default() {
                    return Err(Exit::usage(
                        "nothing to change: pass at least one of --admin/--no-admin, --moderator/--no-moderator, \
                         --locked/--no-locked, --confirmed/--no-confirmed, --display-name, --bio",
                    ));
                }
                let user = manage::set_flags(&store, user.account.id, &flags).await.map_err(manage_error)?;
                print_user(&UserView::from(&user), set.output)
            }
            UserCommand::ResetPassword { nickname, password_stdin, output } => {
                let store = open_store(ctx).await?;
                let user = find_local(&store, &nickname).await?;
                if password_stdin {
                    let password = read_password()?;
                    start_crypto_pool(ctx)?;
                    manage::set_password(&store, user.account.id, &password).await.map_err(manage_error)?;
                    eprintln!("password of {} changed; its tokens were revoked", user.account.nickname);
                } else {
                    let urls = LocalUrls::from_config(ctx.config()?);
                    let link = manage::password_reset_link(&store, &urls, user.account.id)
                        .await
                        .map_err(manage_error)?;
                    let expires_at = time::now() + manage::PASSWORD_RESET_VALIDITY;
                    let shown = match output {
                        RecordFormat::Json => serde_json::to_string_pretty(&serde_json::json!({
                            "nickname": user.account.nickname,
                            "url": link,
                            "expires_at": expires_at,
                        }))?,
                        RecordFormat::Text => link,
                    };
                    output::print_once(&shown).map_err(|err| {
                        err.context(format!(
                            "the reset link did not reach stdout: run `pleroctl user reset-password {}` again \
                             (a new link replaces it)",
                            user.account.nickname
                        ))
                    })?;
                    eprintln!(
                        "one-time password-reset link for {} (shown once; valid until {})",
                        user.account.nickname,
                        expires_at.format("%Y-%m-%d %H:%M UTC")
                    );
                }
                Ok(())
            }
            UserCommand::Deactivate { nickname } => {
                let store = open_store(ctx).await?;
                let user = find_local(&store, &nickname).await?;
                manage::deactivate(&store, user.account.id).await.map_err(manage_error)?;
                eprintln!("deactivated {}", user.account.nickname);
                Ok(())
            }
            UserCommand::Activate { nickname } => {
                let store = open_store(ctx).await?;
                let user = find_local(&store, &nickname).await?;
                manage::activate(&store, user.account.id).await.map_err(manage_error)?;
                eprintln!("activated {}", user.account.nickname);
                Ok(())
            }
            UserCommand::Approve { nicknames } => {
                let store = open_store(ctx).await?;
                // All found first, so a typo approves nobody rather than some.
                let mut users = Vec::with_capacity(nicknames.len());
                for nickname in &nicknames {
                    users.push(find_local(&store, nickname).await?);
                }
                for user in users {
                    let nick = &user.account.nickname;
                    if user.user.approved {
                        eprintln!("{nick} was already approved");
                        continue;
                    }
                    manage::approve(&store, user.account.id).await.map_err(manage_error)?;
                    eprintln!("approved {nick}: it can sign in now");
                }
                Ok(())
            }
            UserCommand::Rm { nickname, yes } => {
                let store = open_store(ctx).await?;
                let user = find_local(&store, &nickname).await?;
                let nick = &user.account.nickname;
                if !yes
                    && !prompt::confirm(
                        &format!("Delete user {nick} with everything it posted? This cannot be undone."),
                        "--yes",
                    )?
                {
                    eprintln!("nothing deleted");
                    return Ok(());
                }
                let uploader = Uploader::from_config(ctx.config()?);
                let gone = manage::delete(&store, &uploader, user.account.id).await.map_err(manage_error)?;
                eprintln!(
                    "deleted {nick} with {} status{}, {} media, {} token{}",
                    gone.statuses,
                    if gone.statuses == 1 { "" } else { "es" },
                    gone.media,
                    gone.tokens,
                    if gone.tokens == 1 { "" } else { "s" }
                );
                Ok(())
            }
            UserCommand::SignOut { nickname } => {
                let store = open_store(ctx).await?;
                let user = find_local(&store, &nickname).await?;
                let n = manage::sign_out(&store, user.account.id).await.map_err(manage_error)?;
                eprintln!("revoked {n} token{} of {}", if n == 1 { "" } else { "s" }, user.account.nickname);
                Ok(())
            }
            UserCommand::Invite { max_use, expires_at, output } => {
                let new = NewInvite { created_by: None, max_uses: max_use, expires_at };
                new.check(time::now()).map_err(|err| {
                    let flag = match err {
                        InviteError::NoUses => "--max-use",
                        InviteError::ExpiresInThePast(_) => "--expires-at",
                    };
                    Exit::usage(format!("{flag}: {err}"))
                })?;
                let store = open_store(ctx).await?;
                let invite = store.create_invite(&new).await?;
                let urls = LocalUrls::from_config(ctx.config()?);
                let view = InviteView::new(&invite, &urls);
                match output {
                    RecordFormat::Json => output::print_json(&view),
                    RecordFormat::Text => {
                        output::print_line(&view.code)?;
                        eprintln!("invite link: {}", view.url);
                        Ok(())
                    }
                }
            }
            UserCommand::Invites { output } => {
                let store = open_store(ctx).await?;
                let urls = LocalUrls::from_config(ctx.config()?);
                let rows: Vec<InviteView> =
                    store.list_invites().await?.iter().map(|i| InviteView::new(i, &urls)).collect();
                output::print_list(&rows, output)
            }
            UserCommand::RevokeInvite { code } => {
                let store = open_store(ctx).await?;
                match store.revoke_invite(&code).await? {
                    Some(_) => {
                        eprintln!("revoked invite {code}");
                        Ok(())
                    }
                    None => Err(Exit::not_found(format!(
                        "no invite with code `{code}` (see `pleroctl user invites`)"
                    ))),
                }
            }
        }
    })
}

struct NewArgs {
    nickname: String,
    email: String,
    name: Option<String>,
    bio: Option<String>,
    password_stdin: bool,
    admin: bool,
    moderator: bool,
    yes: bool,
    output: RecordFormat,
}

/// Starts the crypto pool that hashes passwords and makes keys, sized per `[security]`; the CLI
/// has nobody to answer "busy", so it waits for a worker instead.
fn start_crypto_pool(ctx: &Context) -> anyhow::Result<()> {
    crypto::install(PoolSettings::from_config(&ctx.config()?.security, WhenFull::Wait))?;
    Ok(())
}

async fn new(ctx: &Context, args: NewArgs) -> anyhow::Result<()> {
    let (password, generated) =
        if args.password_stdin { (read_password()?, false) } else { (password::generate(), true) };
    if !args.yes && !args.password_stdin {
        let roles = match (args.admin, args.moderator) {
            (true, true) => " as admin and moderator",
            (true, false) => " as admin",
            (false, true) => " as moderator",
            _ => "",
        };
        if !prompt::confirm(&format!("Create user {} <{}>{roles}?", args.nickname, args.email), "--yes")? {
            eprintln!("no user created");
            return Ok(());
        }
    }
    let config = ctx.config()?;
    let store = open_store(ctx).await?;
    start_crypto_pool(ctx)?;
    let registration = Registration {
        nickname: args.nickname,
        email: args.email,
        password: password.as_str().into(),
        display_name: args.name.unwrap_or_default(),
        note: args.bio.unwrap_or_default(),
        admin: args.admin,
        moderator: args.moderator,
        confirmed: true,
        approved: true,
        ..Default::default()
    };
    let user =
        register(&store, &LocalUrls::from_config(config), registration).await.map_err(|err| match err {
            RegistrationError::Nickname(_)
            | RegistrationError::Email(_)
            | RegistrationError::Password(_)
            | RegistrationError::Profile(_) => Exit::usage(err.to_string()),
            other => anyhow::Error::new(other),
        })?;
    let nick = user.account.nickname.clone();
    let view = NewUserView { user: UserView::from(&user), password: generated.then_some(password) };
    let printed = match args.output {
        RecordFormat::Json => output::print_once(&serde_json::to_string_pretty(&view)?),
        RecordFormat::Text => {
            eprintln!("created user {nick} ({})", user.account.endpoints.actor_url);
            match &view.password {
                Some(password) => output::print_once(&format!("password: {password}")),
                None => Ok(()),
            }
        }
    };
    match (printed, generated) {
        (Ok(()), true) => eprintln!("this password is shown only once"),
        (Ok(()), false) => {}
        (Err(err), _) => {
            return Err(err.context(format!(
                "user {nick} was created, but what was printed did not reach stdout: give it a password with \
                 `pleroctl user reset-password {nick}`"
            )));
        }
    }
    Ok(())
}

async fn show(ctx: &Context, nickname: &str, format: RecordFormat) -> anyhow::Result<()> {
    let store = open_store(ctx).await?;
    let (nick, domain) = match nickname.trim_start_matches('@').split_once('@') {
        Some((nick, domain)) => (nick, Some(domain)),
        None => (nickname.trim_start_matches('@'), None),
    };
    let account = store
        .find_account_by_nickname(nick, domain)
        .await?
        .ok_or_else(|| Exit::not_found(format!("no account `{nickname}` (see `pleroctl user list`)")))?;
    let user = store.find_user_by_account(account.id).await?;
    let view = match &user {
        Some(user) => UserView::from(user),
        None => UserView::from(&AccountWithUser { account, user: None }),
    };
    print_user(&view, format)
}

fn print_user(view: &UserView, format: RecordFormat) -> anyhow::Result<()> {
    output::print_record(view, format == RecordFormat::Json)
}

async fn find_local(store: &Store, nickname: &str) -> anyhow::Result<UserAccount> {
    store.find_user_by_nickname(nickname.trim_start_matches('@')).await?.ok_or_else(|| {
        Exit::not_found(format!("no local user `{nickname}` (see `pleroctl user list --local`)"))
    })
}

fn manage_error(err: ManageError) -> anyhow::Error {
    match err {
        ManageError::NotFound(_) => Exit::not_found(err.to_string()),
        ManageError::Password(_) | ManageError::Profile(_) => Exit::usage(err.to_string()),
        other => anyhow::Error::new(other),
    }
}

/// One line of stdin, without its line ending. Refuses an interactive terminal: piping keeps the
/// password out of the shell history and the process list.
fn read_password() -> anyhow::Result<String> {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() {
        return Err(Exit::usage(
            "--password-stdin reads the password from a pipe: echo \"$PASSWORD\" | pleroctl …",
        ));
    }
    let mut bytes = Vec::new();
    std::io::stdin().read_to_end(&mut bytes)?;
    let input = String::from_utf8(bytes)
        .map_err(|_| Exit::usage("--password-stdin: the password is not valid UTF-8 text"))?;
    let password = input.lines().next().unwrap_or_default().to_string();
    if password.is_empty() {
        return Err(Exit::usage("--password-stdin: stdin held no password"));
    }
    Ok(password)
}

/// A user as `user show`, `user set` and `user new` print it.
#[derive(Debug, serde::Serialize)]
struct UserView {
    id: String,
    acct: String,
    local: bool,
    display_name: String,
    bio: String,
    email: Option<String>,
    admin: bool,
    moderator: bool,
    locked: bool,
    confirmed: bool,
    approved: bool,
    deactivated: bool,
    actor_url: String,
    followers_count: i64,
    following_count: i64,
    statuses_count: i64,
    created_at: Timestamp,
    last_sign_in_at: Option<Timestamp>,
}

impl From<&UserAccount> for UserView {
    fn from(u: &UserAccount) -> Self {
        Self::from(&AccountWithUser { account: u.account.clone(), user: Some(u.user.clone()) })
    }
}

impl From<&AccountWithUser> for UserView {
    fn from(a: &AccountWithUser) -> Self {
        let user = a.user.as_ref();
        Self {
            id: a.account.id.to_string(),
            acct: a.account.acct(),
            local: a.account.is_local(),
            display_name: a.account.display_name.clone(),
            bio: a.account.note.clone(),
            email: user.map(|u| u.email.clone()),
            admin: user.is_some_and(|u| u.admin),
            moderator: user.is_some_and(|u| u.moderator),
            locked: a.account.locked,
            confirmed: user.is_some_and(|u| u.is_confirmed()),
            approved: user.is_some_and(|u| u.approved),
            deactivated: user.is_some_and(|u| u.is_deactivated()),
            actor_url: a.account.endpoints.actor_url.clone(),
            followers_count: a.account.followers_count,
            following_count: a.account.following_count,
            statuses_count: a.account.statuses_count,
            created_at: a.account.created_at,
            last_sign_in_at: user.and_then(|u| u.last_sign_in_at),
        }
    }
}

impl Tabular for UserView {
    fn headers() -> &'static [&'static str] {
        &[
            "id",
            "acct",
            "local",
            "display_name",
            "bio",
            "email",
            "admin",
            "moderator",
            "locked",
            "confirmed",
            "approved",
            "deactivated",
            "actor_url",
            "followers",
            "following",
            "statuses",
            "created_at",
            "last_sign_in_at",
        ]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.acct.clone(),
            yes_no(self.local),
            self.display_name.clone(),
            self.bio.clone(),
            cell(self.email.as_deref()),
            yes_no(self.admin),
            yes_no(self.moderator),
            yes_no(self.locked),
            yes_no(self.confirmed),
            yes_no(self.approved),
            yes_no(self.deactivated),
            self.actor_url.clone(),
            self.followers_count.to_string(),
            self.following_count.to_string(),
            self.statuses_count.to_string(),
            self.created_at.to_rfc3339(),
            cell(self.last_sign_in_at.map(|t| t.to_rfc3339())),
        ]
    }
}

#[derive(serde::Serialize)]
struct NewUserView {
    #[serde(flatten)]
    user: UserView,
    /// The generated password, shown once; absent with --password-stdin.
    #[serde(skip_serializing_if = "Option::is_none")]
    password: Option<String>,
}

/// A row of `user list`: fewer columns than `user show`.
#[derive(serde::Serialize)]
#[serde(into = "UserView")]
struct ListRow(AccountWithUser);

impl From<ListRow> for UserView {
    fn from(row: ListRow) -> Self {
        UserView::from(&row.0)
    }
}

impl Clone for ListRow {
    fn clone(&self) -> Self {
        ListRow(self.0.clone())
    }
}

impl Tabular for ListRow {
    fn headers() -> &'static [&'static str] {
        &["id", "acct", "email", "admin", "moderator", "confirmed", "approved", "deactivated", "created_at"]
    }

    fn cells(&self) -> Vec<String> {
        let v = UserView::from(&self.0);
        vec![
            v.id,
            v.acct,
            cell(v.email),
            yes_no(v.admin),
            yes_no(v.moderator),
            yes_no(v.confirmed),
            yes_no(v.approved),
            yes_no(v.deactivated),
            v.created_at.format("%Y-%m-%d %H:%M").to_string(),
        ]
    }
}

/// An invite as `user invite` and `user invites` print it.
#[derive(serde::Serialize)]
struct InviteView {
    code: String,
    url: String,
    uses: i32,
    max_uses: Option<i32>,
    expires_at: Option<Timestamp>,
    revoked: bool,
    valid: bool,
    created_at: Timestamp,
}

impl InviteView {
    fn new(invite: &Invite, urls: &LocalUrls) -> Self {
        Self {
            code: invite.code.clone(),
            url: urls.invite(&invite.code),
            uses: invite.uses,
            max_uses: invite.max_uses,
            expires_at: invite.expires_at,
            revoked: invite.revoked_at.is_some(),
            valid: invite.is_valid(time::now()),
            created_at: invite.created_at,
        }
    }
}

impl Tabular for InviteView {
    fn headers() -> &'static [&'static str] {
        &["code", "uses", "max_uses", "expires_at", "valid", "created_at"]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.code.clone(),
            self.uses.to_string(),
            self.max_uses.map_or_else(|| "unlimited".to_string(), |n| n.to_string()),
            cell(self.expires_at.map(|t| t.to_rfc3339())),
            if self.revoked { "revoked".into() } else { yes_no(self.valid) },
            self.created_at.format("%Y-%m-%d %H:%M").to_string(),
        ]
    }
}
