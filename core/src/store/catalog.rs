//! The schema as each database describes it after migrating, read from its own catalogs, and the
//! parity check between the two backends: the same tables, columns (of compatible types), primary
//! keys, indexes and foreign keys. The migrations are written twice, once per backend; this is
//! what keeps the two copies from drifting apart.

use std::collections::{BTreeMap, BTreeSet};

use super::{Pool, Store};

/// A column as both backends can describe it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Column {
    /// The type as the database names it (`bigint`, `TEXT`…), compared through [`compatible`].
    ty: String,
    not_null: bool,
    /// The default, normalized by [`normalize`]; `None` without one.
    default: Option<String>,
}

/// An index other than a primary key's.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Index {
    /// The name of an index a migration created by name; `None` for one that backs a UNIQUE
    /// constraint, which each backend names its own way.
    name: Option<String>,
    /// Key columns, or normalized expressions, each with ` DESC` when descending.
    keys: Vec<String>,
    unique: bool,
    /// The WHERE of a partial index, normalized.
    predicate: Option<String>,
}

/// A foreign key: `columns` reference `target (target_columns)`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct ForeignKey {
    columns: Vec<String>,
    target: String,
    target_columns: Vec<String>,
    on_delete: String,
    on_update: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Table {
    columns: BTreeMap<String, Column>,
    primary_key: Vec<String>,
    indexes: BTreeSet<Index>,
    foreign_keys: BTreeSet<ForeignKey>,
}

/// The tables of one database, by name, without the migrator's own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Schema {
    tables: BTreeMap<String, Table>,
}

/// Whether a PostgreSQL column type and a SQLite declared type hold the same values, given how the
/// migrations write them: SQLite keeps timestamps as RFC 3339 text, and an `INTEGER PRIMARY KEY`
/// is the 64-bit rowid, where PostgreSQL says `BIGINT`. Any pair not listed is a difference.
fn compatible(postgres: &str, sqlite: &str, sqlite_rowid: bool) -> bool {
    matches!(
        (postgres, sqlite),
        ("bigint", "BIGINT")
            | ("integer", "INTEGER")
            | ("text", "TEXT")
            | ("boolean", "BOOLEAN")
            | ("timestamp with time zone", "TEXT")
            | ("double precision", "REAL")
    ) || (postgres == "bigint" && sqlite == "INTEGER" && sqlite_rowid)
}

/// An expression or default as both backends print it: PostgreSQL adds `::type` casts and
/// parentheses that the migrations do not write, so casts and every parenthesis go (what is left
/// still tells `lower(a)` from `a`); case and spacing do not matter either.
fn normalize(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut rest = sql;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("::") {
            // A cast's type name runs to the next character that cannot be part of one.
            rest = after.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '_');
            continue;
        }
        // PostgreSQL quotes identifiers that are keywords (`"position"`); SQLite does not.
        if c != '"' {
            out.push(if c == '(' || c == ')' { ' ' } else { c.to_ascii_lowercase() });
        }
        rest = &rest[c.len_utf8()..];
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The key list of a `CREATE INDEX … ON table (a, lower(b) DESC, …) …` statement, split at its
/// top-level commas: SQLite's pragmas name the columns of an index but not its expressions.
fn index_keys_from_sql(sql: &str) -> Vec<String> {
    let Some(open) = sql.find('(') else { return Vec::new() };
    let (mut depth, mut keys, mut key) = (0usize, Vec::new(), String::new());
    for c in sql[open + 1..].chars() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => break,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                keys.push(std::mem::take(&mut key));
                continue;
            }
            _ => {}
        }
        key.push(c);
    }
    keys.push(key);
    keys.into_iter().map(|k| k.trim().to_string()).collect()
}

impl Store {
    /// Reads the schema from the database's own catalogs.
    async fn schema(&self) -> Result<Schema, sqlx::Error> {
        match &self.pool {
            Pool::Postgres(pool) => postgres_schema(pool).await,
            Pool::Sqlite(pool) => sqlite_schema(pool).await,
        }
    }
}

/// A key of an index: table, index, key number, key, descending, unique, primary, predicate,
/// backs a constraint.
type PgIndexKey = (String, String, i32, String, bool, bool, bool, Option<String>, bool);
/// A foreign key: table, columns, target table, target columns, on delete, on update.
type PgForeignKey = (String, Vec<String>, String, Vec<String>, String, String);

async fn postgres_schema(pool: &sqlx::PgPool) -> Result<Schema, sqlx::Error> {
    let mut schema = Schema::default();
    let columns: Vec<(String, String, String, bool, Option<String>)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text, data_type::text, is_nullable = 'NO', column_default::text \
         FROM information_schema.columns WHERE table_schema = current_schema() \
         AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await?;
    for (table, column, ty, not_null, default) in columns {
        let default = default.as_deref().map(normalize);
        schema.tables.entry(table).or_default().columns.insert(column, Column { ty, not_null, default });
    }
    // One row per key of each index: its column (or expression), direction, and whether a
    // constraint (UNIQUE, PRIMARY KEY) owns the index.
    let keys: Vec<PgIndexKey> = sqlx::query_as(
        "SELECT t.relname::text, i.relname::text, k.n, pg_get_indexdef(x.indexrelid, k.n, true), \
         (x.indoption[k.n - 1] & 1) = 1, x.indisunique, x.indisprimary, pg_get_expr(x.indpred, x.indrelid), \
         EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) \
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid \
         JOIN pg_namespace s ON s.oid = t.relnamespace \
         CROSS JOIN LATERAL generate_series(1, x.indnkeyatts) AS k(n) \
         WHERE s.nspname = current_schema() AND t.relname <> '_sqlx_migrations' ORDER BY 1, 2, 3",
    )
    .fetch_all(pool)
    .await?;
    let mut indexes: BTreeMap<(String, String), (Index, bool)> = BTreeMap::new();
    for (table, name, _, key, desc, unique, primary, predicate, constraint) in keys {
        let entry = indexes.entry((table, name.clone())).or_insert_with(|| {
            let index = Index {
                name: (!constraint).then_some(name),
                keys: Vec::new(),
                unique,
                predicate: predicate.as_deref().map(normalize),
            };
            (index, primary)
        });
        let key = normalize(&key);
        entry.0.keys.push(if desc { format!("{key} desc") } else { key });
    }
    for ((table, _), (index, primary)) in indexes {
        let table = schema.tables.entry(table).or_default();
        if primary {
            table.primary_key = index.keys;
        } else {
            table.indexes.insert(index);
        }
    }
    let fks: Vec<PgForeignKey> = sqlx::query_as(
        "SELECT t.relname::text, \
         ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, o) \
               JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o), \
         r.relname::text, \
         ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, o) \
               JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.o), \
         c.confdeltype::text, c.confupdtype::text \
         FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid \
         JOIN pg_namespace s ON s.oid = t.relnamespace \
         WHERE c.contype = 'f' AND s.nspname = current_schema()",
    )
    .fetch_all(pool)
    .await?;
    // pg_constraint's one-letter actions, in SQLite's words.
    let action = |code: &str| {
        match code {
            "a" => "NO ACTION",
            "r" => "RESTRICT",
            "c" => "CASCADE",
            "n" => "SET NULL",
            "d" => "SET DEFAULT",
            other => other,
        }
        .to_string()
    };
    for (table, columns, target, target_columns, on_delete, on_update) in fks {
        let fk = ForeignKey {
            columns,
            target,
            target_columns,
            on_delete: action(&on_delete),
            on_update: action(&on_update),
        };
        schema.tables.entry(table).or_default().foreign_keys.insert(fk);
    }
    Ok(schema)
}

async fn sqlite_schema(pool: &sqlx::SqlitePool) -> Result<Schema, sqlx::Error> {
    let mut schema = Schema::default();
    let tables: Vec<(String,)> = sqlx::query_as(
        "SELECT name FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await?;
    for (name,) in tables {
        let mut table = Table::default();
        let columns: Vec<(String, String, bool, Option<String>, i64)> = sqlx::query_as(
            "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info($1) ORDER BY cid",
        )
        .bind(&name)
        .fetch_all(pool)
        .await?;
        let mut primary: Vec<(i64, String)> = Vec::new();
        for (column, ty, not_null, default, pk) in columns {
            if pk > 0 {
                primary.push((pk, column.clone()));
            }
            let default = default.as_deref().map(normalize);
            table.columns.insert(column, Column { ty, not_null, default });
        }
        primary.sort();
        table.primary_key = primary.into_iter().map(|(_, c)| c).collect();

        let indexes: Vec<(String, bool, String, bool)> =
            sqlx::query_as("SELECT name, \"unique\", origin, partial FROM pragma_index_list($1)")
                .bind(&name)
                .fetch_all(pool)
                .await?;
        for (index, unique, origin, partial) in indexes {
            // The primary key's index, compared as `primary_key` above.
            if origin == "pk" {
                continue;
            }
            let sql: Option<String> =
                sqlx::query_scalar("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = $1")
                    .bind(&index)
                    .fetch_one(pool)
                    .await?;
            let keys: Vec<(Option<String>, bool)> = sqlx::query_as(
                "SELECT name, \"desc\" FROM pragma_index_xinfo($1) WHERE key = 1 ORDER BY seqno",
            )
            .bind(&index)
            .fetch_all(pool)
            .await?;
            let written = sql.as_deref().map(index_keys_from_sql).unwrap_or_default();
            let keys = keys
                .into_iter()
                .enumerate()
                .map(|(i, (column, desc))| {
                    // An expression has no column name: its text is the one in the CREATE INDEX.
                    let key = match column {
                        Some(column) => column.to_lowercase(),
                        None => {
                            let written = written.get(i).map(String::as_str).unwrap_or("?");
                            normalize(written.trim_end_matches(" DESC").trim_end_matches(" ASC"))
                        }
                    };
                    if desc { format!("{key} desc") } else { key }
                })
                .collect();
            let predicate = match (partial, &sql) {
                (true, Some(sql)) => {
                    sql.to_uppercase().rfind(" WHERE ").map(|at| normalize(&sql[at + " WHERE ".len()..]))
                }
                _ => None,
            };
            let name = (origin == "c").then_some(index);
            table.indexes.insert(Index { name, keys, unique, predicate });
        }

        let fks: Vec<(i64, String, String, String, String, String)> = sqlx::query_as(
            "SELECT id, \"table\", \"from\", \"to\", on_delete, on_update \
             FROM pragma_foreign_key_list($1) ORDER BY id, seq",
        )
        .bind(&name)
        .fetch_all(pool)
        .await?;
        let mut by_id: BTreeMap<i64, ForeignKey> = BTreeMap::new();
        for (id, target, from, to, on_delete, on_update) in fks {
            let fk = by_id.entry(id).or_insert_with(|| ForeignKey {
                columns: Vec::new(),
                target,
                target_columns: Vec::new(),
                on_delete,
                on_update,
            });
            fk.columns.push(from);
            fk.target_columns.push(to);
        }
        table.foreign_keys = by_id.into_values().collect();
        schema.tables.insert(name, table);
    }
    Ok(schema)
}

/// Every way the two schemas differ, one line each, naming the table and what each backend has;
/// empty when they match.
fn differences(postgres: &Schema, sqlite: &Schema) -> Vec<String> {
    let mut found = Vec::new();
    let names: BTreeSet<&String> = postgres.tables.keys().chain(sqlite.tables.keys()).collect();
    for name in names {
        let (Some(pg), Some(lite)) = (postgres.tables.get(name), sqlite.tables.get(name)) else {
            let only = if postgres.tables.contains_key(name) { "PostgreSQL" } else { "SQLite" };
            found.push(format!("table {name}: only {only} has it"));
            continue;
        };
        let columns: BTreeSet<&String> = pg.columns.keys().chain(lite.columns.keys()).collect();
        for column in columns {
            match (pg.columns.get(column), lite.columns.get(column)) {
                (Some(p), Some(s)) => {
                    let is_rowid = lite.primary_key == [column.as_str()] && s.ty == "INTEGER";
                    if !compatible(&p.ty, &s.ty, is_rowid) {
                        found.push(format!(
                            "{name}.{column}: PostgreSQL type {} and SQLite type {} are not a compatible pair",
                            p.ty, s.ty
                        ));
                    }
                    // SQLite does not make primary key columns NOT NULL unless told (a quirk it
                    // keeps for compatibility); PostgreSQL always does. Primary keys are compared
                    // on their own below.
                    let in_primary_key = lite.primary_key.contains(column);
                    if p.not_null != s.not_null && !in_primary_key {
                        found.push(format!(
                            "{name}.{column}: NOT NULL on PostgreSQL is {}, on SQLite {}",
                            p.not_null, s.not_null
                        ));
                    }
                    if p.default != s.default {
                        found.push(format!(
                            "{name}.{column}: default {:?} on PostgreSQL, {:?} on SQLite",
                            p.default, s.default
                        ));
                    }
                }
                (p, _) => {
                    let only = if p.is_some() { "PostgreSQL" } else { "SQLite" };
                    found.push(format!("{name}.{column}: only {only} has this column"));
                }
            }
        }
        if pg.primary_key != lite.primary_key {
            found.push(format!(
                "{name}: primary key {:?} on PostgreSQL, {:?} on SQLite",
                pg.primary_key, lite.primary_key
            ));
        }
        for index in pg.indexes.symmetric_difference(&lite.indexes) {
            let only = if pg.indexes.contains(index) { "PostgreSQL" } else { "SQLite" };
            found.push(format!("{name}: only {only} has index {index:?}"));
        }
        for fk in pg.foreign_keys.symmetric_difference(&lite.foreign_keys) {
            let only = if pg.foreign_keys.contains(fk) { "PostgreSQL" } else { "SQLite" };
            found.push(format!("{name}: only {only} has foreign key {fk:?}"));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::TestDb;

    async fn both() -> (TestDb, TestDb, Schema, Schema) {
        let pg = TestDb::postgres().await;
        let lite = TestDb::sqlite().await;
        let (pg_schema, lite_schema) = (pg.store.schema().await.unwrap(), lite.store.schema().await.unwrap());
        (pg, lite, pg_schema, lite_schema)
    }

    #[tokio::test]
    async fn both_backends_migrate_to_the_same_schema() {
        let (pg, _lite, pg_schema, lite_schema) = both().await;
        assert!(pg_schema.tables.len() > 10, "the catalogs were read: {:?}", pg_schema.tables.keys());
        let follows = &lite_schema.tables["follows"];
        assert!(
            follows.indexes.iter().any(|i| i.keys == ["target_account_id", "id"]),
            "SQLite's indexes were read: {:?}",
            follows.indexes
        );
        let diff = differences(&pg_schema, &lite_schema);
        assert!(diff.is_empty(), "the backends' schemas differ:\n{}", diff.join("\n"));
        pg.store.close().await;
    }

    #[tokio::test]
    async fn an_index_one_backend_lacks_is_named() {
        let (pg, lite, pg_schema, _) = both().await;
        let Pool::Sqlite(pool) = &lite.store.pool else { unreachable!("a SQLite store") };
        sqlx::query("DROP INDEX follows_account_page").execute(pool).await.unwrap();
        let diff = differences(&pg_schema, &lite.store.schema().await.unwrap());
        assert_eq!(diff.len(), 1, "{diff:#?}");
        assert!(diff[0].starts_with("follows: only PostgreSQL has index"), "{}", diff[0]);
        assert!(diff[0].contains("follows_account_page"), "{}", diff[0]);
        pg.store.close().await;
    }

    #[tokio::test]
    async fn a_foreign_key_action_or_column_type_that_differs_is_named() {
        let (pg, _lite, _, lite_schema) = both().await;
        let Pool::Postgres(pool) = &pg.store.pool else { unreachable!("a PostgreSQL store") };
        for sql in [
            "ALTER TABLE invites DROP CONSTRAINT invites_created_by_account_id_fkey",
            "ALTER TABLE invites ADD FOREIGN KEY (created_by_account_id) REFERENCES accounts (id) ON DELETE CASCADE",
            "ALTER TABLE jobs ALTER COLUMN attempts TYPE BIGINT",
        ] {
            sqlx::query(sql).execute(pool).await.unwrap();
        }
        let diff = differences(&pg.store.schema().await.unwrap(), &lite_schema);
        assert_eq!(diff.len(), 3, "{diff:#?}");
        assert!(diff.iter().any(|d| d.starts_with("invites: only PostgreSQL has foreign key")), "{diff:#?}");
        assert!(diff.iter().any(|d| d.starts_with("invites: only SQLite has foreign key")), "{diff:#?}");
        assert!(
            diff.iter().any(|d| d.contains("jobs.attempts: PostgreSQL type bigint and SQLite type INTEGER")),
            "{diff:#?}"
        );
        pg.store.close().await;
    }

    /// The columns of `fk` lead the primary key or an index of `table`: deleting the parent row
    /// finds the children without scanning the table.
    fn indexed(table: &Table, fk: &ForeignKey) -> bool {
        let leads =
            |keys: &[String]| keys.len() >= fk.columns.len() && keys[..fk.columns.len()] == fk.columns[..];
        leads(&table.primary_key) || table.indexes.iter().any(|i| i.predicate.is_none() && leads(&i.keys))
    }

    #[tokio::test]
    async fn every_foreign_key_key_id_and_follow_page_has_an_index_on_both_backends() {
        let (pg, _lite, pg_schema, lite_schema) = both().await;
        for (backend, schema) in [("PostgreSQL", &pg_schema), ("SQLite", &lite_schema)] {
            let unindexed: Vec<String> = schema
                .tables
                .iter()
                .flat_map(|(name, t)| {
                    t.foreign_keys
                        .iter()
                        .filter(|fk| !indexed(t, fk))
                        .map(move |fk| format!("{name}.{:?}", fk.columns))
                })
                .collect();
            assert!(unindexed.is_empty(), "{backend}: foreign keys without an index: {unindexed:?}");
            let has =
                |table: &str, keys: &[&str]| schema.tables[table].indexes.iter().any(|i| i.keys == keys);
            assert!(has("accounts", &["public_key_id"]), "{backend}: signature checks look keys up by id");
            assert!(has("follows", &["target_account_id", "id"]), "{backend}: followers pages");
            assert!(has("follows", &["account_id", "id"]), "{backend}: following pages");
            assert!(has("follow_requests", &["target_account_id", "id"]), "{backend}: follow request pages");
        }
        pg.store.close().await;
    }

    #[test]
    fn normalizing_drops_casts_parentheses_and_case() {
        assert_eq!(
            normalize("((visibility = 'public'::text) AND (deleted_at IS NULL))"),
            normalize("visibility = 'public' AND deleted_at IS NULL")
        );
        assert_eq!(normalize("COALESCE(domain, ''::text)"), normalize("coalesce(domain, '')"));
        assert_eq!(normalize("lower(nickname)"), "lower nickname");
        assert_eq!(
            index_keys_from_sql("CREATE INDEX s ON t (lower(a), b DESC) WHERE x"),
            ["lower(a)", "b DESC"]
        );
    }
}
