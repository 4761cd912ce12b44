//! The embedded SQLite store: one file under `./data/` by default, WAL journal, and
//! `synchronous=FULL` so a committed response survives a power cut.

use super::DbOptions;
use anyhow::Context;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::str::FromStr;
use std::time::Duration;

pub struct SqliteStore {
    pool: SqlitePool,
}

/// What the server insists on, read back from the database after connecting: SQLite silently
/// ignores some pragmas (WAL on some file systems, for one), and a silent downgrade would break
/// the promise that an acknowledged response is never lost.
#[derive(Debug, PartialEq, Eq)]
pub struct Settings {
    pub journal_mode: String,
    pub synchronous: i64,
    pub foreign_keys: i64,
    pub busy_timeout_ms: i64,
}

impl SqliteStore {
    pub async fn open(url: &str, db: &DbOptions) -> anyhow::Result<SqliteStore> {
        let options = SqliteConnectOptions::from_str(url)
            .with_context(|| format!("invalid SQLite URL `{url}`"))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        if let Some(dir) = options.get_filename().parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create the database directory {}", dir.display()))?;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(db.pool_size)
            .acquire_timeout(db.acquire_timeout)
            .connect_with(options)
            .await
            .with_context(|| format!("cannot open the SQLite database at `{url}`"))?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await.context("cannot migrate the SQLite database")?;
        let store = SqliteStore { pool };
        let settings = store.settings().await?;
        tracing::info!(?settings, "SQLite ready");
        anyhow::ensure!(
            settings.journal_mode == "wal"
                && settings.synchronous == 2
                && settings.foreign_keys == 1
                && settings.busy_timeout_ms >= 1000,
            "SQLite did not accept the required settings (WAL, synchronous=FULL, foreign keys, busy_timeout): {settings:?}"
        );
        Ok(store)
    }

    pub async fn settings(&self) -> anyhow::Result<Settings> {
        let mut conn = self.pool.acquire().await?;
        Ok(Settings {
            journal_mode: sqlx::query_scalar("PRAGMA journal_mode").fetch_one(&mut *conn).await?,
            synchronous: sqlx::query_scalar("PRAGMA synchronous").fetch_one(&mut *conn).await?,
            foreign_keys: sqlx::query_scalar("PRAGMA foreign_keys").fetch_one(&mut *conn).await?,
            busy_timeout_ms: sqlx::query_scalar("PRAGMA busy_timeout").fetch_one(&mut *conn).await?,
        })
    }
}

super::sql::sql_store!(SqliteStore, sqlx::Sqlite);
super::accounts_sql::accounts_sql!(SqliteStore, sqlx::Sqlite);

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_database_runs_with_wal_full_sync_foreign_keys_and_a_busy_timeout() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(
            &format!("sqlite:{}", dir.path().join("nested/dir/hb.db").display()),
            &DbOptions::default(),
        )
        .await
        .unwrap();
        let settings = store.settings().await.unwrap();
        assert_eq!(
            settings,
            Settings { journal_mode: "wal".into(), synchronous: 2, foreign_keys: 1, busy_timeout_ms: 5000 }
        );
    }
}
