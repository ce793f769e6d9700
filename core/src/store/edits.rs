//! Edits of statuses (every version kept) and pins of statuses to their author's profile.

use super::StoreError;
use super::statuses::STATUS_COLUMNS;
use super::unit::{Conn, on_conn, repository};
use crate::events::Change;
use crate::model::time::now;
use crate::model::{AccountId, Id, MediaId, NotificationType, Status, StatusId, StatusUpdate, StatusVersion};

/// Most statuses an account pins (Mastodon's `max_pinned_statuses`).
pub const MAX_PINNED: i64 = 5;

/// What a pin did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pinned {
    /// Pinned now, or already.
    Pinned,
    /// The account has pinned [`MAX_PINNED`] statuses already.
    Full,
}

repository! {
    /// Replaces a status's text with `update`, keeping every version: the first edit stores the
    /// original too. Mentions and hashtags follow the new text (newly mentioned local accounts are
    /// notified); local accounts that reblogged it are notified of the edit.
    atomic fn edit_status(c, update: &StatusUpdate) -> Result<Option<Status>, StoreError> {
        let Some(before) = c.find_status(update.id).await? else {
            return Ok(None);
        };
        let versions: i64 = on_conn!(c, |c| sqlx::query_scalar("SELECT COUNT(*) FROM status_edits WHERE status_id = $1")
            .bind(update.id)
            .fetch_one(&mut *c)
            .await)?;
        if versions == 0 {
            c.keep_version(&before, &before.content, before.source_text.as_deref(), &before.spoiler_text, before.sensitive, before.created_at).await?;
        }
        let set = "UPDATE statuses SET content = $2, source_text = $3, spoiler_text = $4, sensitive = $5, \
            language = $6, edited_at = $7, content_type = $8 WHERE id = $1";
        on_conn!(c, |c| sqlx::query(set)
            .bind(update.id)
            .bind(&update.content)
            .bind(&update.source_text)
            .bind(&update.spoiler_text)
            .bind(update.sensitive)
            .bind(&update.language)
            .bind(update.edited_at)
            .bind(update.content_type.as_str())
            .execute(&mut *c)
            .await
            .map(|r| r.rows_affected()))?;
        if let Some(media) = &update.media {
            let fresh_since = update.edited_at - crate::media::UNUSED_FOR;
            c.reattach_media(update.id, before.account_id, media, fresh_since).await?;
        }
        c.keep_version(&before, &update.content, Some(&update.source_text), &update.spoiler_text, update.sensitive, update.edited_at).await?;

        let was: Vec<AccountId> = on_conn!(c, |c| sqlx::query_scalar("SELECT account_id FROM mentions WHERE status_id = $1")
            .bind(update.id)
            .fetch_all(&mut *c)
            .await)?;
        for gone in was.iter().filter(|a| !update.mentions.contains(a)) {
            on_conn!(c, |c| sqlx::query("DELETE FROM mentions WHERE status_id = $1 AND account_id = $2")
                .bind(update.id)
                .bind(*gone)
                .execute(&mut *c)
                .await
                .map(|r| r.rows_affected()))?;
        }
        for new in update.mentions.iter().filter(|a| !was.contains(a)) {
            c.mention(update.id, before.account_id, *new, update.edited_at).await?;
        }
        on_conn!(c, |c| sqlx::query("DELETE FROM statuses_hashtags WHERE status_id = $1")
            .bind(update.id)
            .execute(&mut *c)
            .await
            .map(|r| r.rows_affected()))?;
        for tag in &update.tags {
            c.tag_status(update.id, tag, update.edited_at).await?;
        }
        let rebloggers: Vec<AccountId> = on_conn!(c, |c| sqlx::query_scalar("SELECT account_id FROM statuses WHERE reblog_of_id = $1")
            .bind(update.id)
            .fetch_all(&mut *c)
            .await)?;
        for reblogger in rebloggers {
            c.notify(reblogger, before.account_id, NotificationType::Update, Some(update.id), update.edited_at).await?;
        }
        c.record(Change::StatusUpdated { status_id: update.id, account_id: before.account_id })?;
        Ok(Some(Status {
            content: update.content.clone(),
            source_text: Some(update.source_text.clone()),
            content_type: update.content_type,
            spoiler_text: update.spoiler_text.clone(),
            sensitive: update.sensitive,
            language: update.language.clone(),
            edited_at: Some(update.edited_at),
            ..before
        }))
    }

    /// Every version of status `id`, oldest first; a status never edited has one, itself.
    plain fn status_versions(c, id: StatusId) -> Result<Vec<StatusVersion>, StoreError> {
        let sql = "SELECT id, content, source_text, spoiler_text, sensitive, created_at FROM status_edits \
            WHERE status_id = $1 ORDER BY id";
        let rows: Vec<VersionRow> = on_conn!(c, |c| sqlx::query_as(sql).bind(id).fetch_all(&mut *c).await)?;
        if rows.is_empty() {
            let current = "SELECT content, source_text, spoiler_text, sensitive, created_at FROM statuses WHERE id = $1";
            let mut versions: Vec<StatusVersion> = on_conn!(c, |c| sqlx::query_as(current).bind(id).fetch_all(&mut *c).await)?;
            let media = "SELECT id FROM media_attachments WHERE status_id = $1 ORDER BY position";
            let media: Vec<MediaId> = on_conn!(c, |c| sqlx::query_scalar(media).bind(id).fetch_all(&mut *c).await)?;
            if let Some(only) = versions.first_mut() {
                only.media = media;
            }
            return Ok(versions);
        }
        let media = "SELECT em.edit_id, em.media_id FROM status_edit_media em JOIN status_edits e ON e.id = em.edit_id \
            WHERE e.status_id = $1 ORDER BY em.edit_id, em.position";
        let media: Vec<(Id, MediaId)> = on_conn!(c, |c| sqlx::query_as(media).bind(id).fetch_all(&mut *c).await)?;
        Ok(rows
            .into_iter()
            .map(|row| StatusVersion {
                media: media.iter().filter(|(edit, _)| *edit == row.id).map(|(_, m)| *m).collect(),
                ..row.version
            })
            .collect())
    }

    /// `account` pins its status `id` (again: nothing changes), unless [`MAX_PINNED`] are pinned.
    atomic fn pin_status(c, account: AccountId, id: StatusId) -> Result<Pinned, StoreError> {
        let pinned: i64 = on_conn!(c, |c| sqlx::query_scalar("SELECT COUNT(*) FROM status_pins WHERE account_id = $1 AND status_id <> $2")
            .bind(account)
            .bind(id)
            .fetch_one(&mut *c)
            .await)?;
        if pinned >= MAX_PINNED {
            return Ok(Pinned::Full);
        }
        let insert = "INSERT INTO status_pins (id, account_id, status_id, created_at) VALUES ($1, $2, $3, $4) \
            ON CONFLICT (account_id, status_id) DO NOTHING";
        let pinned = on_conn!(c, |c| sqlx::query(insert).bind(Id::generate()).bind(account).bind(id).bind(now()).execute(&mut *c).await.map(|r| r.rows_affected()))?;
        if pinned > 0 {
            c.record(Change::StatusMarked { status_id: id, account_id: account })?;
        }
        Ok(Pinned::Pinned)
    }

    /// `account` unpins its status `id`, if pinned.
    atomic fn unpin_status(c, account: AccountId, id: StatusId) -> Result<(), StoreError> {
        let delete = "DELETE FROM status_pins WHERE account_id = $1 AND status_id = $2";
        let unpinned = on_conn!(c, |c| sqlx::query(delete).bind(account).bind(id).execute(&mut *c).await.map(|r| r.rows_affected()))?;
        if unpinned > 0 {
            c.record(Change::StatusMarked { status_id: id, account_id: account })?;
        }
        Ok(())
    }

    /// The statuses `author` pinned, newest pin first (at most [`MAX_PINNED`]).
    plain fn pinned_statuses(c, author: AccountId) -> Result<Vec<Status>, StoreError> {
        let sql = format!(
            "SELECT {STATUS_COLUMNS} FROM status_pins p JOIN statuses s ON s.id = p.status_id \
             WHERE p.account_id = $1 AND s.deleted_at IS NULL ORDER BY p.id DESC LIMIT {MAX_PINNED}"
        );
        Ok(on_conn!(c, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(author).fetch_all(&mut *c).await)?)
    }
}

impl Conn<'_> {
    /// Stores one version of `status`.
    async fn keep_version(
        &mut self,
        status: &Status,
        content: &str,
        source_text: Option<&str>,
        spoiler_text: &str,
        sensitive: bool,
        at: crate::model::Timestamp,
    ) -> Result<(), StoreError> {
        let sql = "INSERT INTO status_edits (id, status_id, account_id, content, source_text, spoiler_text, sensitive, created_at) \
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
        let edit = Id::generate();
        on_conn!(self, |c| sqlx::query(sql)
            .bind(edit)
            .bind(status.id)
            .bind(status.account_id)
            .bind(content)
            .bind(source_text)
            .bind(spoiler_text)
            .bind(sensitive)
            .bind(at)
            .execute(&mut *c)
            .await
            .map(|r| r.rows_affected()))?;
        // The attachments this version has: the status's, as they are when it is kept.
        let media = "INSERT INTO status_edit_media (edit_id, media_id, position) \
            SELECT $1, id, position FROM media_attachments WHERE status_id = $2";
        on_conn!(self, |c| sqlx::query(media)
            .bind(edit)
            .bind(status.id)
            .execute(&mut *c)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }
}

/// A kept version with the id of its row.
#[derive(sqlx::FromRow)]
struct VersionRow {
    id: Id,
    #[sqlx(flatten)]
    version: StatusVersion,
}
