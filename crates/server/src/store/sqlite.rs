//! The embedded SQLite store: one file under `./data/` by default, WAL journal, and
//! `synchronous=FULL` so a committed response survives a power cut.

use super::{decode_responses, decode_survey, now_millis, replay, DbOptions, IdempotencyKey, Inserted, Store, StoreError, StoredSurvey, SurveyStatus};
use anyhow::Context;
use async_trait::async_trait;
use hearback_core::{Origin, RawResponse, Response, Slug, Survey};

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqlitePool};
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

#[async_trait]
impl Store for SqliteStore {
    async fn create_survey(&self, survey: &Survey, allowed_origins: &[Origin]) -> Result<(), StoreError> {
        let definition = serde_json::to_string(survey).expect("a survey always serializes");
        let mut tx = self.pool.begin().await?;
        sqlx::query("INSERT INTO surveys (id, definition, status, created_at) VALUES (?, ?, 'live', ?)")
            .bind(survey.id().as_str())
            .bind(definition)
            .bind(now_millis())
            .execute(&mut *tx)
            .await?;
        for origin in allowed_origins {
            sqlx::query("INSERT OR IGNORE INTO survey_origins (survey_id, origin) VALUES (?, ?)")
                .bind(survey.id().as_str())
                .bind(origin.as_str())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn survey(&self, id: &str) -> Result<Option<StoredSurvey>, StoreError> {
        let Some(row) = sqlx::query("SELECT definition, status FROM surveys WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let origins: Vec<String> =
            sqlx::query_scalar("SELECT origin FROM survey_origins WHERE survey_id = ? ORDER BY origin")
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
        decode_survey(id, row.get("definition"), row.get("status"), origins).map(Some)
    }

    async fn set_survey_status(&self, id: &Slug, status: SurveyStatus) -> Result<(), StoreError> {
        let done = sqlx::query("UPDATE surveys SET status = ? WHERE id = ?")
            .bind(status.as_str())
            .bind(id.as_str())
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn insert_response(
        &self,
        survey: &Slug,
        response: &Response,
        key: Option<&IdempotencyKey>,
    ) -> Result<Inserted, StoreError> {
        let id = uuid::Uuid::new_v4().to_string();
        let answers = serde_json::to_string(&response.to_raw()).expect("a response always serializes");
        let now = now_millis();
        // Writes first, no read: SQLite then takes the write lock at the first statement and a
        // concurrent duplicate waits for us (busy_timeout) instead of failing to upgrade a lock.
        let mut tx = self.pool.begin().await?;
        sqlx::query("INSERT INTO responses (id, survey_id, answers, created_at) VALUES (?, ?, ?, ?)")
            .bind(&id)
            .bind(survey.as_str())
            .bind(answers)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        if let Some(key) = key {
            let claimed = sqlx::query(
                "INSERT INTO idempotency_keys (survey_id, key, request_hash, response_id, created_at)
                 VALUES (?, ?, ?, ?, ?)",
            )
            .bind(survey.as_str())
            .bind(&key.key)
            .bind(&key.request_hash)
            .bind(&id)
            .bind(now)
            .execute(&mut *tx)
            .await;
            match claimed.map_err(StoreError::from) {
                Ok(_) => {}
                Err(StoreError::Conflict) => {
                    tx.rollback().await?;
                    return self.replay(survey, key).await;
                }
                Err(err) => return Err(err),
            }
        }
        tx.commit().await?;
        Ok(Inserted::New(id))
    }

    async fn responses(&self, survey: &Slug) -> Result<Vec<RawResponse>, StoreError> {
        let rows: Vec<String> =
            sqlx::query_scalar("SELECT answers FROM responses WHERE survey_id = ? ORDER BY created_at, id")
                .bind(survey.as_str())
                .fetch_all(&self.pool)
                .await?;
        decode_responses(rows)
    }
}

impl SqliteStore {
    async fn replay(&self, survey: &Slug, key: &IdempotencyKey) -> Result<Inserted, StoreError> {
        let stored: Option<(String, String)> =
            sqlx::query_as("SELECT request_hash, response_id FROM idempotency_keys WHERE survey_id = ? AND key = ?")
                .bind(survey.as_str())
                .bind(&key.key)
                .fetch_optional(&self.pool)
                .await?;
        replay(stored, key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_database_runs_with_wal_full_sync_foreign_keys_and_a_busy_timeout() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&format!("sqlite:{}", dir.path().join("nested/dir/hb.db").display()), &DbOptions::default())
            .await
            .unwrap();
        let settings = store.settings().await.unwrap();
        assert_eq!(
            settings,
            Settings { journal_mode: "wal".into(), synchronous: 2, foreign_keys: 1, busy_timeout_ms: 5000 }
        );
    }
}
