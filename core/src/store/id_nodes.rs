//! This process's id node (see [`crate::model::id`]): held for the life of the process, so that no
//! other process writing to the same database makes ids with the same node.
//!
//! - PostgreSQL: a session advisory lock `(ID_NODE_LOCK, node)` on a connection of its own, which a
//!   background task keeps open (and checks); the server releases the lock when that connection
//!   ends, however the process ends.
//! - SQLite: an OS lock on `<database>.id-nodes/<node>.lock`, released by the OS when the process
//!   ends. SQLite is one machine's database, so file locks see every process that can write to it.
//! - In-memory SQLite: no other process can reach it, so there is nothing to claim.
//!
//! Why not a table of leases: a lease must be renewed and can expire under a paused process, while
//! these locks live exactly as long as their holder, with nothing to clean up after a crash.

use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::ConnectOptions as _;
use sqlx::postgres::{PgConnectOptions, PgConnection};

use super::{Pool, Store, StoreError};
use crate::model::id::{self, IdNode, NODES};

/// The first key of the two-key advisory locks (a key space of its own, apart from the one-key
/// locks sqlx's migrator takes); the second key is the node. "plid" in ASCII.
const ID_NODE_LOCK: i32 = 0x706c_6964;

/// How often the connection holding the PostgreSQL lock is checked (and re-made when it died).
const CHECK_EVERY: Duration = Duration::from_secs(10);

/// What holds the node: dropping it would free the node, so it is kept for the process's life.
enum Hold {
    /// The task owning the connection that holds the advisory lock.
    Postgres(#[allow(dead_code)] tokio::task::JoinHandle<()>),
    /// The locked file.
    Sqlite(#[allow(dead_code)] std::fs::File),
}

/// The claim of this process: one per process, whatever stores it opens (a process writes to one
/// database).
static CLAIM: tokio::sync::Mutex<Option<(IdNode, Hold)>> = tokio::sync::Mutex::const_new(None);

impl Store {
    /// Claims an id node of this database for this process (once; later calls return the node
    /// already held), and makes every id the process generates from now on carry it. `None` for
    /// an in-memory SQLite database, which no other process shares.
    pub async fn claim_id_node(&self) -> Result<Option<IdNode>, StoreError> {
        let mut claim = CLAIM.lock().await;
        if let Some((node, _)) = &*claim {
            return Ok(Some(*node));
        }
        let (node, hold) = match &self.pool {
            Pool::Postgres(pool) => {
                let options = (*pool.connect_options()).clone();
                let mut conn = options.connect().await?;
                let node = lock_postgres(&mut conn, random_node()).await?.ok_or(StoreError::NoIdNode)?;
                (node, Hold::Postgres(tokio::spawn(keep_postgres(conn, options, node))))
            }
            Pool::Sqlite(pool) => {
                let db = pool.connect_options().get_filename().to_path_buf();
                if db.as_os_str().is_empty() || db.as_os_str() == ":memory:" {
                    return Ok(None);
                }
                let (node, file) = tokio::task::spawn_blocking(move || lock_sqlite(&db))
                    .await
                    .map_err(|e| StoreError::Database(sqlx::Error::Io(std::io::Error::other(e))))??;
                (node, Hold::Sqlite(file))
            }
        };
        id::set_node(node);
        *claim = Some((node, hold));
        Ok(Some(node))
    }
}

fn random_node() -> u16 {
    rand::random::<u16>() % NODES
}

/// Takes the first free node from `start` on (wrapping around); `None` when all are held.
async fn lock_postgres(conn: &mut PgConnection, start: u16) -> Result<Option<IdNode>, sqlx::Error> {
    for i in 0..NODES {
        let n = (start + i) % NODES;
        let locked: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1, $2)")
            .bind(ID_NODE_LOCK)
            .bind(i32::from(n))
            .fetch_one(&mut *conn)
            .await?;
        if locked {
            return Ok(IdNode::new(n));
        }
    }
    Ok(None)
}

/// Keeps the connection that holds `node` alive. When it dies (a database restart), the lock died
/// with it: a new connection takes the same node again if it is still free, another otherwise.
async fn keep_postgres(mut conn: PgConnection, options: PgConnectOptions, mut node: IdNode) {
    let mut tick = tokio::time::interval(CHECK_EVERY);
    tick.tick().await;
    loop {
        tick.tick().await;
        if sqlx::query("SELECT 1").execute(&mut conn).await.is_ok() {
            continue;
        }
        tracing::warn!(
            node = node.get(),
            "the connection holding this process's id node ended; claiming one again"
        );
        loop {
            let again = async {
                let mut conn = options.connect().await?;
                let node = lock_postgres(&mut conn, node.get()).await?;
                Ok::<_, sqlx::Error>(node.map(|node| (conn, node)))
            };
            match again.await {
                Ok(Some((new_conn, new_node))) => {
                    conn = new_conn;
                    if new_node != node {
                        tracing::warn!(
                            was = node.get(),
                            now = new_node.get(),
                            "this process's id node changed"
                        );
                        id::set_node(new_node);
                        node = new_node;
                    }
                    break;
                }
                Ok(None) => tracing::error!("every id node of the database is held; retrying"),
                Err(err) => tracing::warn!(error = %err, "cannot claim an id node again yet; retrying"),
            }
            tick.tick().await;
        }
    }
}

/// `<database>.id-nodes`, the directory of the SQLite id nodes' lock files.
fn lock_dir(db: &Path) -> PathBuf {
    let mut dir = db.as_os_str().to_owned();
    dir.push(".id-nodes");
    PathBuf::from(dir)
}

/// Locks the first free `<node>.lock` from a random node on.
fn lock_sqlite(db: &Path) -> Result<(IdNode, std::fs::File), StoreError> {
    let dir = lock_dir(db);
    let failed = |path: &Path, cause| StoreError::IdNodeLock { path: path.to_path_buf(), cause };
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(&dir).map_err(|cause| failed(&dir, cause))?;
    let start = random_node();
    for i in 0..NODES {
        let n = (start + i) % NODES;
        let path = dir.join(format!("{n}.lock"));
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|cause| failed(&path, cause))?;
        match file.try_lock() {
            Ok(()) => return Ok((IdNode::new(n).expect("n < NODES"), file)),
            Err(std::fs::TryLockError::WouldBlock) => continue,
            Err(std::fs::TryLockError::Error(cause)) => return Err(failed(&path, cause)),
        }
    }
    Err(StoreError::NoIdNode)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::process::{Command, Stdio};

    use crate::model::Id;
    use crate::store::testing::{TestDb, drop_pg_database};
    use crate::store::{ConnectOptions, Store};

    const PROCESSES: usize = 4;
    const IDS_PER_PROCESS: usize = 250_000;
    const CHILD_URL: &str = "PLERO_TEST_ID_CHILD_URL";
    const CHILD_OUT: &str = "PLERO_TEST_ID_CHILD_OUT";

    /// The body of each child process [`made_by`] starts (it does nothing when run on its own):
    /// claims a node of the database at `$PLERO_TEST_ID_CHILD_URL`, writes its ids to
    /// `$PLERO_TEST_ID_CHILD_OUT`.
    #[tokio::test]
    #[ignore = "a child process of ids_of_several_processes_at_once_never_collide"]
    async fn child_makes_ids() {
        let (Ok(url), Ok(out)) = (std::env::var(CHILD_URL), std::env::var(CHILD_OUT)) else { return };
        let options = ConnectOptions { max_connections: 1, ..ConnectOptions::default() };
        let store = Store::connect(&url, &options).await.expect("the child connects");
        store.claim_id_node().await.expect("the child claims a node").expect("a shared database");
        let bytes: Vec<u8> = (0..IDS_PER_PROCESS).flat_map(|_| Id::generate().0.to_le_bytes()).collect();
        std::fs::write(out, bytes).expect("the child writes its ids");
    }

    /// The ids of [`PROCESSES`] processes making [`IDS_PER_PROCESS`] each at once on `url`.
    fn made_by_processes_at_once(url: &str) -> Vec<Vec<i64>> {
        let dir = tempfile::tempdir().unwrap();
        let exe = std::env::current_exe().unwrap();
        let children: Vec<_> = (0..PROCESSES)
            .map(|i| {
                Command::new(&exe)
                    .args(["--exact", "store::id_nodes::tests::child_makes_ids", "--ignored"])
                    .env(CHILD_URL, url)
                    .env(CHILD_OUT, dir.path().join(i.to_string()))
                    .stdout(Stdio::null())
                    .spawn()
                    .expect("the test binary starts again")
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "a child failed: {}", String::from_utf8_lossy(&out.stderr));
        }
        (0..PROCESSES)
            .map(|i| {
                let bytes = std::fs::read(dir.path().join(i.to_string())).expect("the child wrote its ids");
                bytes.chunks_exact(8).map(|b| i64::from_le_bytes(b.try_into().unwrap())).collect()
            })
            .collect()
    }

    fn assert_unique(per_process: &[Vec<i64>]) {
        for ids in per_process {
            assert_eq!(ids.len(), IDS_PER_PROCESS);
            assert!(ids.windows(2).all(|w| w[0] < w[1]), "each process's ids increase");
        }
        let nodes: HashSet<_> = per_process.iter().map(|ids| Id(ids[0]).node()).collect();
        assert_eq!(nodes.len(), PROCESSES, "each process holds a node of its own: {nodes:?}");
        let all: HashSet<i64> = per_process.iter().flatten().copied().collect();
        assert_eq!(all.len(), PROCESSES * IDS_PER_PROCESS, "a million ids, no duplicate");
    }

    #[tokio::test]
    async fn ids_of_several_processes_at_once_never_collide_on_sqlite() {
        let db = TestDb::sqlite().await;
        let url = format!("sqlite://{}", db.sqlite_path().display());
        let per_process = tokio::task::spawn_blocking(move || made_by_processes_at_once(&url)).await.unwrap();
        assert_unique(&per_process);
    }

    #[tokio::test]
    async fn ids_of_several_processes_at_once_never_collide_on_postgres() {
        let url = TestDb::create_pg_database().await;
        let shared = url.clone();
        let per_process = tokio::task::spawn_blocking(move || made_by_processes_at_once(&shared)).await;
        drop_pg_database(url);
        assert_unique(&per_process.unwrap());
    }

    #[tokio::test]
    async fn a_second_claim_in_one_process_keeps_the_first_node() {
        let db = TestDb::sqlite().await;
        let first = db.store.claim_id_node().await.unwrap().expect("a file database");
        assert_eq!(db.store.claim_id_node().await.unwrap(), Some(first));
        assert_eq!(Id::generate().node(), first, "ids carry the claimed node");
    }
}
