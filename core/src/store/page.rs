//! Keyset pagination the way Mastodon pages its lists: by an id, newest first, with `max_id`,
//! `since_id`, `min_id` and `limit`. Every paginated list of the store (followers, follow requests,
//! and later timelines and notifications) pages through these, so they all agree.

use sqlx::{Database, Encode, Type};

use crate::model::Id;

/// A page of a list ordered by id, newest first, Mastodon style: `max_id` (older than),
/// `since_id` (newer than), `min_id` (newer than, the page just after it), `limit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    /// Only entries with a smaller id (older).
    pub max_id: Option<Id>,
    /// Only entries with a greater id (newer), the newest of them.
    pub since_id: Option<Id>,
    /// Only entries with a greater id (newer), the oldest of them: the page right after `min_id`.
    pub min_id: Option<Id>,
    /// At most this many entries; used as given.
    pub limit: u32,
}

/// One entry of a paginated list: the id the list is ordered (and paginated) by, and the item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageItem<T> {
    /// The id the list is ordered by (a follow's id, not the account's): what the next page request
    /// passes as `max_id`, `since_id` or `min_id`.
    pub cursor: Id,
    /// The entry itself.
    pub item: T,
}

impl PageRequest {
    /// The first page of at most `limit` entries.
    pub fn first(limit: u32) -> Self {
        Self { max_id: None, since_id: None, min_id: None, limit }
    }

    /// The SQL condition on `column` for this page, with `max_id`, `since_id` and `min_id` bound
    /// at `$first`, `$first + 1` and `$first + 2` (in that order; `NULL` when not set). Only the
    /// bounds this page sets compare `column`; an unset one is only the (true) `$n IS NULL`, so
    /// that every parameter is used. Written as `$n IS NULL OR column < $n`, SQLite cannot seek
    /// to the bound (it plans before it knows the value) and scans from the newest row instead:
    /// 100 ms rather than 2 for a home page 700,000 statuses down.
    pub(crate) fn sql_bounds(&self, column: &str, first: usize) -> String {
        let (max, since, min) = (first, first + 1, first + 2);
        let bound = |set: bool, param: usize, op: &str| {
            if set { format!("{column} {op} ${param}") } else { format!("${param} IS NULL") }
        };
        format!(
            "{} AND {} AND {}",
            bound(self.max_id.is_some(), max, "<"),
            bound(self.since_id.is_some(), since, ">"),
            bound(self.min_id.is_some(), min, ">")
        )
    }

    /// The SQL order to fetch rows in: `min_id` pages forward from a point, so it takes the
    /// oldest entries above it; every other page takes the newest.
    pub(crate) fn sql_order(&self) -> &'static str {
        if self.min_id.is_some() { "ASC" } else { "DESC" }
    }

    /// Rows fetched in [`sql_order`](Self::sql_order), put newest first.
    pub(crate) fn arrange<T>(&self, mut rows: Vec<T>) -> Vec<T> {
        if self.min_id.is_some() {
            rows.reverse();
        }
        rows
    }
}

/// Binds a page's `max_id`, `since_id`, `min_id` and `limit`, in the order of
/// [`PageRequest::sql_bounds`] followed by the limit, to a query of either backend.
pub(crate) trait BindPage {
    /// The query with the page's four parameters bound next.
    fn bind_page(self, page: &PageRequest) -> Self;
}

impl<'q, DB, O> BindPage for sqlx::query::QueryAs<'q, DB, O, <DB as Database>::Arguments>
where
    DB: Database,
    Option<Id>: Encode<'q, DB> + Type<DB>,
    i64: Encode<'q, DB> + Type<DB>,
{
    fn bind_page(self, page: &PageRequest) -> Self {
        self.bind(page.max_id).bind(page.since_id).bind(page.min_id).bind(i64::from(page.limit))
    }
}
