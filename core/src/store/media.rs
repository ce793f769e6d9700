//! Media attachments: uploaded, described, attached to a status in the unit of work that posts it,
//! let go when the status is deleted, and swept when no status used them for a day.

use super::unit::{Conn, id_list, on_conn, repository};
use super::{Conflict, StoreError};
use crate::model::{
    AccountId, Attachment, Dimensions, Focus, MediaId, MediaKind, NewAttachment, StatusId, Timestamp,
};

const COLUMNS: &str = "id, account_id, status_id, type, content_type, file_key, url, file_size, width, height, \
    preview_key, preview_url, preview_width, preview_height, remote_url, blurhash, description, focus_x, focus_y, \
    position, created_at";

/// Most attachments one status may have (Mastodon's limit).
pub const MAX_ATTACHMENTS: usize = 4;

#[derive(sqlx::FromRow)]
struct Row {
    id: MediaId,
    account_id: AccountId,
    status_id: Option<StatusId>,
    #[sqlx(rename = "type", try_from = "String")]
    kind: MediaKind,
    content_type: String,
    file_key: Option<String>,
    url: Option<String>,
    file_size: Option<i64>,
    width: Option<i32>,
    height: Option<i32>,
    preview_key: Option<String>,
    preview_url: Option<String>,
    preview_width: Option<i32>,
    preview_height: Option<i32>,
    remote_url: Option<String>,
    blurhash: Option<String>,
    description: Option<String>,
    focus_x: Option<f64>,
    focus_y: Option<f64>,
    position: i32,
    created_at: Timestamp,
}

fn dimensions(width: Option<i32>, height: Option<i32>) -> Option<Dimensions> {
    match (width, height) {
        (Some(w), Some(h)) if w > 0 && h > 0 => Some(Dimensions { width: w as u32, height: h as u32 }),
        _ => None,
    }
}

impl From<Row> for Attachment {
    fn from(r: Row) -> Self {
        Attachment {
            id: r.id,
            account_id: r.account_id,
            status_id: r.status_id,
            kind: r.kind,
            content_type: r.content_type,
            file_key: r.file_key,
            url: r.url,
            file_size: r.file_size,
            original: dimensions(r.width, r.height),
            preview_key: r.preview_key,
            preview_url: r.preview_url,
            small: dimensions(r.preview_width, r.preview_height),
            remote_url: r.remote_url,
            blurhash: r.blurhash,
            description: r.description,
            focus: r.focus_x.zip(r.focus_y).map(|(x, y)| Focus { x, y }),
            position: r.position,
            created_at: r.created_at,
        }
    }
}

repository! {
    /// Stores a new, unattached attachment.
    plain fn insert_attachment(c, new: &NewAttachment) -> Result<(), StoreError> {
        let sql = "INSERT INTO media_attachments (id, account_id, type, content_type, file_key, url, file_size, \
            width, height, preview_key, preview_url, preview_width, preview_height, blurhash, description, focus_x, \
            focus_y, created_at, unattached_since) \
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18)";
        let w = |d: Option<Dimensions>| d.map(|d| d.width as i32);
        let h = |d: Option<Dimensions>| d.map(|d| d.height as i32);
        on_conn!(c, |c| sqlx::query(sql)
            .bind(new.id)
            .bind(new.account_id)
            .bind(new.kind.as_str())
            .bind(&new.content_type)
            .bind(&new.file_key)
            .bind(&new.url)
            .bind(new.file_size)
            .bind(w(new.original))
            .bind(h(new.original))
            .bind(&new.preview_key)
            .bind(&new.preview_url)
            .bind(w(new.small))
            .bind(h(new.small))
            .bind(&new.blurhash)
            .bind(&new.description)
            .bind(new.focus.map(|f| f.x))
            .bind(new.focus.map(|f| f.y))
            .bind(new.created_at)
            .execute(&mut *c)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// The attachment `id`.
    plain fn find_attachment(c, id: MediaId) -> Result<Option<Attachment>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM media_attachments WHERE id = $1");
        let row: Option<Row> = on_conn!(c, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(id)
            .fetch_optional(&mut *c)
            .await)?;
        Ok(row.map(Attachment::from))
    }

    /// The attachments `ids`, in no particular order; missing ones are left out.
    plain fn find_attachments(c, ids: &[MediaId]) -> Result<Vec<Attachment>, StoreError> {
        c.attachments_in("id", &id_list(ids), "id").await
    }

    /// Sets the alt text and focal point of `owner`'s unattached attachment `id`; `None` leaves
    /// each as it is. Returns the attachment as it now is; `None` when it is not `owner`'s or a
    /// status uses it already (as Mastodon: a posted attachment changes with an edit of its status,
    /// so that every node showing the status hears of it).
    plain fn describe_attachment(c, owner: AccountId, id: MediaId, description: Option<&str>, focus: Option<Focus>) -> Result<Option<Attachment>, StoreError> {
        let sql = "UPDATE media_attachments SET description = COALESCE($3, description), \
            focus_x = COALESCE($4, focus_x), focus_y = COALESCE($5, focus_y) \
            WHERE id = $1 AND account_id = $2 AND status_id IS NULL";
        let changed = on_conn!(c, |c| sqlx::query(sql)
            .bind(id)
            .bind(owner)
            .bind(description)
            .bind(focus.map(|f| f.x))
            .bind(focus.map(|f| f.y))
            .execute(&mut *c)
            .await
            .map(|r| r.rows_affected()))?;
        if changed == 0 {
            return Ok(None);
        }
        c.find_attachment(id).await
    }

    /// The attachments of the statuses `ids`, each status's in their order.
    plain fn status_attachments(c, ids: &[StatusId]) -> Result<Vec<Attachment>, StoreError> {
        c.attachments_in("status_id", &id_list(ids), "status_id, position").await
    }

    /// Up to `limit` attachments no status has used since before `before`, oldest first: what
    /// the sweep removes.
    plain fn unattached_before(c, before: Timestamp, limit: i64) -> Result<Vec<Attachment>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM media_attachments WHERE status_id IS NULL AND unattached_since < $1 \
             ORDER BY unattached_since LIMIT $2"
        );
        let rows: Vec<Row> = on_conn!(c, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(before)
            .bind(limit)
            .fetch_all(&mut *c)
            .await)?;
        Ok(rows.into_iter().map(Attachment::from).collect())
    }

    /// The URL stored for the attachment file under `key` (an original or a preview); `None` when
    /// no attachment has that file.
    plain fn attachment_file_url(c, key: &str) -> Result<Option<String>, StoreError> {
        let sql = "SELECT url FROM media_attachments WHERE file_key = $1 \
            UNION ALL SELECT preview_url FROM media_attachments WHERE preview_key = $1";
        let url: Option<Option<String>> =
            on_conn!(c, |c| sqlx::query_scalar(sql).bind(key).fetch_optional(&mut *c).await)?;
        Ok(url.flatten())
    }

    /// Points the attachment file under `key` (an original or a preview) at `url`.
    plain fn set_attachment_file_url(c, key: &str, url: &str) -> Result<(), StoreError> {
        for sql in [
            "UPDATE media_attachments SET url = $2 WHERE file_key = $1",
            "UPDATE media_attachments SET preview_url = $2 WHERE preview_key = $1",
        ] {
            on_conn!(c, |c| sqlx::query(sql).bind(key).bind(url).execute(&mut *c).await.map(|r| r.rows_affected()))?;
        }
        Ok(())
    }

    /// Deletes the attachment `id` if still unused since before `before`; whether it did.
    plain fn delete_unattached(c, id: MediaId, before: Timestamp) -> Result<bool, StoreError> {
        let sql = "DELETE FROM media_attachments WHERE id = $1 AND status_id IS NULL AND unattached_since < $2";
        let deleted = on_conn!(c, |c| sqlx::query(sql)
            .bind(id)
            .bind(before)
            .execute(&mut *c)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(deleted > 0)
    }
}

impl Conn<'_> {
    /// The attachments whose `column` is one of `ids` (an [`id_list`]), ordered by `order`.
    async fn attachments_in(
        &mut self,
        column: &str,
        ids: &str,
        order: &str,
    ) -> Result<Vec<Attachment>, StoreError> {
        if ids == "[]" {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {COLUMNS} FROM media_attachments WHERE {column} IN ({}) ORDER BY {order}",
            self.ids_in(1)
        );
        let rows: Vec<Row> = on_conn!(self, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(ids)
            .fetch_all(&mut *c)
            .await)?;
        Ok(rows.into_iter().map(Attachment::from).collect())
    }

    /// Attaches `owner`'s unused attachments `media` to `status`, in that order. An attachment
    /// that is not `owner`'s, is used already, or went unused since before `fresh_since` (the
    /// sweep may be removing its files) fails the whole unit of work.
    pub(super) async fn attach_media(
        &mut self,
        status: StatusId,
        owner: AccountId,
        media: &[MediaId],
        fresh_since: Timestamp,
    ) -> Result<(), StoreError> {
        for (position, id) in media.iter().enumerate() {
            self.attach_one(status, owner, *id, position, fresh_since).await?;
        }
        Ok(())
    }

    /// Makes `media` the attachments of the edited `status`, in that order: the ones it has keep
    /// their files and move to their new place, new ones must be as [`Conn::attach_media`] wants
    /// them, and the ones left out stay for the edit history (neither attachable nor swept until
    /// the status goes).
    pub(super) async fn reattach_media(
        &mut self,
        status: StatusId,
        owner: AccountId,
        media: &[MediaId],
        fresh_since: Timestamp,
    ) -> Result<(), StoreError> {
        let current: Vec<MediaId> =
            on_conn!(self, |c| sqlx::query_scalar("SELECT id FROM media_attachments WHERE status_id = $1")
                .bind(status)
                .fetch_all(&mut *c)
                .await)?;
        for gone in current.iter().filter(|id| !media.contains(id)) {
            let sql = "UPDATE media_attachments SET status_id = NULL, unattached_since = NULL WHERE id = $1";
            on_conn!(self, |c| sqlx::query(sql)
                .bind(*gone)
                .execute(&mut *c)
                .await
                .map(|r| r.rows_affected()))?;
        }
        for (position, id) in media.iter().enumerate() {
            if current.contains(id) {
                let sql = "UPDATE media_attachments SET position = $2 WHERE id = $1";
                on_conn!(self, |c| sqlx::query(sql)
                    .bind(*id)
                    .bind(position as i32)
                    .execute(&mut *c)
                    .await
                    .map(|r| r.rows_affected()))?;
            } else {
                self.attach_one(status, owner, *id, position, fresh_since).await?;
            }
        }
        Ok(())
    }

    async fn attach_one(
        &mut self,
        status: StatusId,
        owner: AccountId,
        id: MediaId,
        position: usize,
        fresh_since: Timestamp,
    ) -> Result<(), StoreError> {
        let sql = "UPDATE media_attachments SET status_id = $1, position = $2, unattached_since = NULL \
            WHERE id = $3 AND account_id = $4 AND status_id IS NULL AND unattached_since >= $5";
        let attached = on_conn!(self, |c| sqlx::query(sql)
            .bind(status)
            .bind(position as i32)
            .bind(id)
            .bind(owner)
            .bind(fresh_since)
            .execute(&mut *c)
            .await
            .map(|r| r.rows_affected()))?;
        if attached == 0 {
            return Err(StoreError::Conflict(Conflict::MediaNotAttachable(id)));
        }
        Ok(())
    }

    /// Lets go of the attachments of `status` (being deleted), with those only its edit history
    /// kept: unused from `at`, so a client can redraft with them within the sweep's day.
    pub(super) async fn detach_media(&mut self, status: StatusId, at: Timestamp) -> Result<(), StoreError> {
        let sql = "UPDATE media_attachments SET status_id = NULL, unattached_since = $2 WHERE status_id = $1 \
            OR id IN (SELECT em.media_id FROM status_edit_media em JOIN status_edits e ON e.id = em.edit_id \
                WHERE e.status_id = $1)";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(status)
            .bind(at)
            .execute(&mut *c)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }
}
