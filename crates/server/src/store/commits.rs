//! Group commit on SQLite: changes that arrive while the disk is busy with one commit share the
//! next. A durable commit costs one wait for the disk (`synchronous=FULL`), whether it holds one
//! answer or fifty; with one transaction per answer, answers queue behind each other's disk
//! waits. Here one writer, on a connection of its own, takes every change waiting (up to
//! [`MOST_PER_COMMIT`]), runs them in one `BEGIN IMMEDIATE` transaction, commits once, and only
//! then tells each change's caller how it went: an answer is acknowledged only after the commit
//! that holds it. When a change fails, the transaction is rolled back and the group run again,
//! each change in a savepoint of its own, so that only the failing change fails (savepoints cost
//! two statements a change, so the common case goes without). A commit that fails, or a change
//! that panics, fails every change of that transaction, none of which was acknowledged.
//!
//! PostgreSQL commits each change on its own (the survey's row lock orders changes across
//! instances; taking several surveys' locks in one transaction could deadlock two instances).

use super::StoreError;
use futures::future::BoxFuture;
use futures::FutureExt;
use sqlx::pool::PoolConnection;
use sqlx::{Connection, Sqlite, SqliteConnection, SqlitePool};
use std::panic::AssertUnwindSafe;
use tokio::sync::{mpsc, oneshot};

/// What a change does inside its transaction, on the transaction's connection. It may run more
/// than once (see above), so it owns what it writes and clones it into each run.
pub(crate) type Work<DB, T> = Box<
    dyn for<'c> Fn(&'c mut <DB as sqlx::Database>::Connection) -> BoxFuture<'c, Result<T, StoreError>> + Send + Sync,
>;

/// Boxes a change's work (and lets the compiler see the closure's lifetimes).
pub(crate) fn work<DB, T, F>(work: F) -> Work<DB, T>
where
    DB: sqlx::Database,
    F: for<'c> Fn(&'c mut DB::Connection) -> BoxFuture<'c, Result<T, StoreError>> + Send + Sync + 'static,
{
    Box::new(work)
}

/// The most changes one commit holds: bounds how long the first of them waits.
pub const MOST_PER_COMMIT: usize = 128;

/// A change waiting for the writer, whatever its outcome's type.
trait Change: Send {
    /// Runs the change's work; whether it wants its writes kept.
    fn run<'c>(&'c mut self, conn: &'c mut SqliteConnection) -> BoxFuture<'c, bool>;
    /// Tells the caller the outcome of its last run, once the transaction's fate is known.
    fn tell(self: Box<Self>, committed: Result<(), &StoreError>);
}

struct Pending<T> {
    work: Work<Sqlite, T>,
    outcome: Option<Result<T, StoreError>>,
    caller: oneshot::Sender<Result<T, StoreError>>,
}

impl<T: Send + 'static> Change for Pending<T> {
    fn run<'c>(&'c mut self, conn: &'c mut SqliteConnection) -> BoxFuture<'c, bool> {
        async move {
            let outcome = (self.work)(conn).await;
            let keep = outcome.is_ok();
            self.outcome = Some(outcome);
            keep
        }
        .boxed()
    }

    fn tell(self: Box<Self>, committed: Result<(), &StoreError>) {
        let outcome = match (committed, self.outcome) {
            (Ok(()), Some(outcome)) => outcome,
            (Ok(()), None) => Err(dropped()),
            (Err(err), _) => Err(not_committed(err)),
        };
        let _ = self.caller.send(outcome);
    }
}

/// The SQLite store's one writer of answers.
pub(crate) struct GroupCommit {
    changes: mpsc::Sender<Box<dyn Change>>,
}

impl GroupCommit {
    /// Starts the writer on the current Tokio runtime; it stops when this is dropped.
    pub fn start(pool: SqlitePool) -> GroupCommit {
        let (changes, queue) = mpsc::channel(4 * MOST_PER_COMMIT);
        tokio::spawn(write(pool, queue));
        GroupCommit { changes }
    }

    /// Runs `work` in the next group transaction; returns its outcome once that transaction is
    /// committed (or the error that kept it from being committed).
    pub async fn run<T: Send + 'static>(&self, work: Work<Sqlite, T>) -> Result<T, StoreError> {
        let (caller, outcome) = oneshot::channel();
        let change = Box::new(Pending { work, outcome: None, caller });
        self.changes.send(change).await.map_err(|_| dropped())?;
        outcome.await.map_err(|_| dropped())?
    }
}

/// What a caller hears when its change was dropped unfinished (the writer stopped, or a change
/// of its transaction panicked).
fn dropped() -> StoreError {
    StoreError::Database(sqlx::Error::Protocol("the writer dropped this change without committing it".into()))
}

/// The error each change of a transaction that was not committed gets: of the same kind as the
/// commit's (a busy database stays "unavailable", so the caller may retry).
fn not_committed(err: &StoreError) -> StoreError {
    let why = sqlx::Error::Protocol(format!("the transaction holding this change was not committed: {err}"));
    match err {
        StoreError::Unavailable(_) => StoreError::Unavailable(why),
        _ => StoreError::Database(why),
    }
}

/// The writer: one group transaction at a time, each holding every change that waited.
async fn write(pool: SqlitePool, mut queue: mpsc::Receiver<Box<dyn Change>>) {
    let mut connection: Option<PoolConnection<Sqlite>> = None;
    let mut changes = Vec::with_capacity(MOST_PER_COMMIT);
    while queue.recv_many(&mut changes, MOST_PER_COMMIT).await > 0 {
        let committed = AssertUnwindSafe(async {
            let conn = match &mut connection {
                Some(conn) => conn,
                None => connection.insert(pool.acquire().await?),
            };
            commit(conn, &mut changes).await
        })
        .catch_unwind()
        .await;
        let committed = match committed {
            Ok(committed) => committed,
            Err(panic) => {
                // The changes are dropped untold (their callers hear it); the connection, and
                // the transaction on it, go with them.
                let what = panic.downcast_ref::<&str>().copied().or(panic.downcast_ref::<String>().map(String::as_str));
                tracing::error!(
                    panic = what.unwrap_or("?"),
                    "a change panicked; its group transaction was rolled back"
                );
                changes.clear();
                connection = None;
                continue;
            }
        };
        if committed.is_ok() {
            metrics::histogram!(crate::http::metrics::COMMIT_GROUP).record(changes.len() as f64);
        }
        if let Err(err) = &committed {
            tracing::error!(error = %err, changes = changes.len(), "a group transaction was not committed");
            // Start the next one on a fresh connection, in case this one broke.
            connection = None;
        }
        for change in changes.drain(..) {
            change.tell(committed.as_ref().map(|_| ()));
        }
    }
}

/// Runs the changes in one transaction and commits it.
async fn commit(conn: &mut SqliteConnection, changes: &mut [Box<dyn Change>]) -> Result<(), StoreError> {
    let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
    let mut failed = false;
    for change in changes.iter_mut() {
        if !change.run(&mut tx).await {
            failed = true;
            break;
        }
    }
    if !failed {
        return Ok(tx.commit().await?);
    }
    tx.rollback().await?;
    if changes.len() == 1 {
        // A lone change failed alone: nothing to commit.
        return Ok(());
    }
    // Again, each change in its own savepoint, so that only the failing one fails.
    let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
    for change in changes.iter_mut() {
        let mut savepoint = Connection::begin(&mut *tx).await?;
        if change.run(&mut savepoint).await {
            savepoint.commit().await?;
        } else {
            savepoint.rollback().await?;
        }
    }
    Ok(tx.commit().await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    async fn pool(dir: &tempfile::TempDir) -> SqlitePool {
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(dir.path().join("t.db"))
            .create_if_missing(true)
            .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
            .synchronous(sqlx::sqlite::SqliteSynchronous::Full);
        let pool = SqlitePool::connect_with(options).await.unwrap();
        sqlx::query("CREATE TABLE t (v TEXT NOT NULL UNIQUE)").execute(&pool).await.unwrap();
        pool
    }

    fn insert(v: &'static str) -> Work<Sqlite, ()> {
        work::<Sqlite, _, _>(move |conn| {
            async move {
                sqlx::query("INSERT INTO t (v) VALUES ($1)").bind(v).execute(&mut *conn).await?;
                Ok(())
            }
            .boxed()
        })
    }

    /// Holds the writer for a while, so that the changes sent meanwhile wait and form one group.
    fn slow() -> Work<Sqlite, ()> {
        work::<Sqlite, _, _>(|_| tokio::time::sleep(Duration::from_millis(300)).map(Ok).boxed())
    }

    async fn stored(pool: &SqlitePool) -> Vec<String> {
        sqlx::query_scalar("SELECT v FROM t ORDER BY v").fetch_all(pool).await.unwrap()
    }

    async fn later<T>(change: impl std::future::Future<Output = T>) -> T {
        tokio::time::sleep(Duration::from_millis(50)).await;
        change.await
    }

    #[tokio::test]
    async fn a_failing_change_fails_alone_and_the_rest_of_its_group_is_committed() {
        let dir = tempfile::tempdir().unwrap();
        let pool = pool(&dir).await;
        let group = GroupCommit::start(pool.clone());
        let (held, a, b, again, c) = tokio::join!(
            group.run(slow()),
            later(group.run(insert("a"))),
            later(group.run(insert("b"))),
            later(group.run(insert("a"))),
            later(group.run(insert("c"))),
        );
        held.unwrap();
        (a.unwrap(), b.unwrap(), c.unwrap());
        assert!(matches!(again, Err(StoreError::Conflict)), "{again:?}");
        assert_eq!(stored(&pool).await, ["a", "b", "c"]);
        // Alone, a failing change fails alone too.
        assert!(matches!(group.run(insert("b")).await, Err(StoreError::Conflict)));
        group.run(insert("d")).await.unwrap();
        assert_eq!(stored(&pool).await, ["a", "b", "c", "d"]);
    }

    #[tokio::test]
    async fn a_change_that_panics_fails_its_group_none_of_which_is_kept_and_the_writer_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let pool = pool(&dir).await;
        let group = GroupCommit::start(pool.clone());
        let panics: Work<Sqlite, ()> = work::<Sqlite, _, _>(|_| async { panic!("a bug in a change") }.boxed());
        let (held, a, panicked, b) = tokio::join!(
            group.run(slow()),
            later(group.run(insert("a"))),
            later(group.run(panics)),
            later(group.run(insert("b"))),
        );
        held.unwrap();
        assert!(a.is_err() && panicked.is_err() && b.is_err(), "{a:?} {panicked:?} {b:?}");
        assert!(stored(&pool).await.is_empty(), "nothing of the group was committed");
        group.run(insert("c")).await.unwrap();
        assert_eq!(stored(&pool).await, ["c"]);
    }

    #[tokio::test]
    async fn each_caller_hears_only_after_the_commit() {
        let dir = tempfile::tempdir().unwrap();
        let pool = pool(&dir).await;
        let group = GroupCommit::start(pool.clone());
        // The outcome arrives once committed: another connection sees the row by then.
        let answers = futures::future::join_all((0..40).map(|n| {
            let (group, pool) = (&group, pool.clone());
            async move {
                let v: &'static str = Box::leak(format!("v{n}").into_boxed_str());
                group.run(insert(v)).await.unwrap();
                let seen: i64 =
                    sqlx::query_scalar("SELECT COUNT(*) FROM t WHERE v = $1").bind(v).fetch_one(&pool).await.unwrap();
                seen
            }
        }))
        .await;
        assert_eq!(answers, vec![1; 40]);
    }
}
