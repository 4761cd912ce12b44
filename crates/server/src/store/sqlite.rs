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
    /// The writer that answers and saves go through, many to a commit.
    commits: super::commits::GroupCommit,
}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

impl super::SurveyLock for sqlx::Sqlite {
    async fn begin_write(pool: &SqlitePool) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
        pool.begin_with("BEGIN IMMEDIATE").await
    }

    /// The database's write lock, taken when the transaction begins (`BEGIN IMMEDIATE`): a
    /// transaction that reads before it writes cannot meet a writer that came in between, and
    /// no row is written just to take the lock.
    async fn begin_locked(
        pool: &SqlitePool,
        _: &hearback_core::Slug,
    ) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, super::StoreError> {
        Ok(Self::begin_write(pool).await?)
    }

    /// A deferred transaction: in WAL mode its first read fixes the snapshot the others see.
    async fn begin_read(pool: &SqlitePool) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
        pool.begin().await
    }
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

impl Settings {
    /// What is not as the server requires it, if anything.
    pub fn problem(&self) -> Option<String> {
        let required = self.journal_mode == "wal"
            && self.synchronous == 2
            && self.foreign_keys == 1
            && self.busy_timeout_ms >= 1000;
        (!required).then(|| {
            format!("SQLite did not accept the required settings (WAL, synchronous=FULL, foreign keys, busy_timeout): {self:?}")
        })
    }
}

impl SqliteStore {
    /// Runs a change of a survey's responses in the next group commit (see
    /// [`commits`](super::commits)); its outcome once committed.
    pub(crate) async fn committed<T: Send + 'static>(
        &self,
        _survey: &hearback_core::Slug,
        work: super::commits::Work<sqlx::Sqlite, T>,
    ) -> Result<T, super::StoreError> {
        self.commits.run(work).await
    }

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
        MIGRATOR.run(&pool).await.context("cannot migrate the SQLite database")?;
        allow_draft_surveys(&pool).await.context("cannot let the SQLite database hold draft surveys")?;
        let store = SqliteStore { commits: super::commits::GroupCommit::start(pool.clone()), pool };
        let settings = store.settings().await?;
        tracing::info!(?settings, "SQLite ready");
        if let Some(problem) = settings.problem() {
            anyhow::bail!("{problem}");
        }
        Ok(store)
    }

    /// What `/readyz` checks of the settings, read back now (another program may have changed
    /// the file's journal mode meanwhile).
    async fn settings_problem(&self) -> anyhow::Result<Option<String>> {
        Ok(self.settings().await?.problem())
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

/// Writes a consistent copy of the SQLite database at `url` to the new file `to`, while servers
/// go on using it: `VACUUM INTO` reads one snapshot (a read transaction, which in WAL mode neither
/// waits for writers nor holds them up) and writes it out compacted. Every response committed
/// before the copy began is in it. Refuses to overwrite a file, and to create a database that
/// is not there.
pub async fn backup(url: &str, to: &std::path::Path) -> anyhow::Result<()> {
    let options = SqliteConnectOptions::from_str(url)
        .with_context(|| format!("invalid SQLite URL `{url}`"))?
        .create_if_missing(false)
        .busy_timeout(Duration::from_secs(5));
    let from = options.get_filename().to_owned();
    anyhow::ensure!(from.is_file(), "there is no SQLite database at {}", from.display());
    anyhow::ensure!(!to.exists(), "{} exists already; back up to a new file", to.display());
    let target = to.to_str().with_context(|| format!("{} is not a UTF-8 path", to.display()))?;
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .with_context(|| format!("cannot open the SQLite database at {}", from.display()))?;
    let copied = sqlx::query("VACUUM INTO $1").bind(target).execute(&pool).await;
    pool.close().await;
    copied.with_context(|| format!("cannot write the backup to {}", to.display()))?;
    Ok(())
}

/// Lets `surveys.status` be `draft`. SQLite changes a CHECK constraint only by rebuilding the
/// table, with foreign keys off so that dropping the old table neither cascades nor fails
/// (https://www.sqlite.org/lang_altertable.html#otheralter: the "12 steps"); foreign keys cannot
/// be switched off inside a migration's transaction, so this runs after the migrations, once:
/// afterwards the table's own SQL names the draft status.
async fn allow_draft_surveys(pool: &SqlitePool) -> anyhow::Result<()> {
    let mut conn = pool.acquire().await?;
    let table: String = sqlx::query_scalar("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'surveys'")
        .fetch_one(&mut *conn)
        .await?;
    if table.contains("'draft'") {
        return Ok(());
    }
    sqlx::query("PRAGMA foreign_keys = OFF").execute(&mut *conn).await?;
    let rebuilt = rebuild_surveys(&mut conn).await;
    sqlx::query("PRAGMA foreign_keys = ON").execute(&mut *conn).await?;
    rebuilt
}

async fn rebuild_surveys(conn: &mut sqlx::SqliteConnection) -> anyhow::Result<()> {
    use sqlx::Connection;
    let mut tx = conn.begin().await?;
    for statement in [
        "CREATE TABLE surveys_new (
             id               TEXT PRIMARY KEY NOT NULL,
             definition       TEXT NOT NULL,
             status           TEXT NOT NULL CHECK (status IN ('draft', 'live', 'closed')),
             created_at       INTEGER NOT NULL,
             identity_secret  TEXT NOT NULL DEFAULT '',
             organization_id  TEXT REFERENCES organizations (id)
         )",
        "INSERT INTO surveys_new (id, definition, status, created_at, identity_secret, organization_id)
         SELECT id, definition, status, created_at, identity_secret, organization_id FROM surveys",
        "DROP TABLE surveys",
        "ALTER TABLE surveys_new RENAME TO surveys",
        "CREATE INDEX surveys_by_organization ON surveys (organization_id)",
    ] {
        sqlx::query(statement).execute(&mut *tx).await?;
    }
    let broken: Vec<(String,)> = sqlx::query_as("PRAGMA foreign_key_check").fetch_all(&mut *tx).await?;
    anyhow::ensure!(broken.is_empty(), "foreign keys broken by the rebuild: {broken:?}");
    tx.commit().await?;
    Ok(())
}

super::sql::sql_store!(SqliteStore, sqlx::Sqlite);
super::accounts_sql::accounts_sql!(SqliteStore, sqlx::Sqlite);
super::audit::audit_sql!(SqliteStore, sqlx::Sqlite);
super::cases::cases_sql!(SqliteStore, sqlx::Sqlite);
super::conversations::conversations_sql!(SqliteStore, sqlx::Sqlite);
super::digests::digests_sql!(SqliteStore, sqlx::Sqlite);
super::translations::translations_sql!(SqliteStore, sqlx::Sqlite);
super::goals::goals_sql!(SqliteStore, sqlx::Sqlite);
super::schedules::schedules_sql!(SqliteStore, sqlx::Sqlite);
super::audiences::audiences_sql!(SqliteStore, sqlx::Sqlite);
super::sites::sites_sql!(SqliteStore, sqlx::Sqlite);
super::details::details_sql!(SqliteStore, sqlx::Sqlite);
super::own::own_sql!(SqliteStore, sqlx::Sqlite);
super::invitations::invitations_sql!(SqliteStore, sqlx::Sqlite);
super::triage::triage_sql!(SqliteStore, sqlx::Sqlite);
super::wall::wall_sql!(SqliteStore, sqlx::Sqlite);
super::overdue::overdue_sql!(SqliteStore, sqlx::Sqlite);
super::sessions::sessions_sql!(SqliteStore, sqlx::Sqlite);
super::two_factor::two_factor_sql!(SqliteStore, sqlx::Sqlite);
super::webhooks::webhooks_sql!(SqliteStore, sqlx::Sqlite);
super::mail::mail_sql!(SqliteStore, sqlx::Sqlite);
super::plans::plans_sql!(SqliteStore, sqlx::Sqlite);
super::publications::publications_sql!(SqliteStore, sqlx::Sqlite);
super::followers::followers_sql!(SqliteStore, sqlx::Sqlite);
super::quotes::quotes_sql!(SqliteStore, sqlx::Sqlite);
super::replies::replies_sql!(SqliteStore, sqlx::Sqlite);
// One instance serves a SQLite file: its rate limits stay in memory.
super::operations::operations_sql!(SqliteStore, sqlx::Sqlite, false);

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

    #[tokio::test]
    async fn the_accounts_migration_keeps_every_survey_origin_response_and_key() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite:{}", dir.path().join("old.db").display());
        let options = SqliteConnectOptions::from_str(&url).unwrap().create_if_missing(true).foreign_keys(true);
        let pool = SqlitePoolOptions::new().max_connections(1).connect_with(options).await.unwrap();
        // The database as the previous release left it: migrations 1 and 2, with data.
        let mut before = sqlx::migrate!("./migrations/sqlite");
        before.migrations = before.migrations.iter().filter(|m| m.version < 3).cloned().collect::<Vec<_>>().into();
        before.run(&pool).await.unwrap();
        for statement in [
            "INSERT INTO surveys (id, definition, status, created_at, identity_secret)
             VALUES ('old', '{\"id\":\"old\",\"title\":\"Old\",\"questions\":[{\"id\":\"q\",\"kind\":\"yes_no\",\"prompt\":\"Q?\"}]}', 'closed', 1, 's3')",
            "INSERT INTO survey_origins (survey_id, origin) VALUES ('old', 'https://shop.example.com')",
            "INSERT INTO responses (id, survey_id, response_key, answers, created_at) VALUES ('r1', 'old', 'r1', '{\"answers\":{}}', 2)",
            "INSERT INTO idempotency_keys (survey_id, key, request_hash, response_id, created_at) VALUES ('old', 'k', 'h', 'r1', 2)",
        ] {
            sqlx::query(statement).execute(&pool).await.unwrap();
        }
        pool.close().await;

        let store = SqliteStore::open(&url, &DbOptions::default()).await.unwrap();
        let survey = crate::store::Store::survey(&store, "old").await.unwrap().unwrap();
        assert_eq!(survey.status, crate::store::SurveyStatus::Closed);
        assert_eq!(survey.identity_secret, "s3");
        assert_eq!(survey.organization, None);
        assert_eq!(survey.allowed_origins.iter().map(|o| o.as_str()).collect::<Vec<_>>(), ["https://shop.example.com"]);
        let slug = hearback_core::Slug::parse("old").unwrap();
        assert_eq!(crate::store::Store::responses(&store, &slug).await.unwrap().len(), 1);
        let keys: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM idempotency_keys").fetch_one(&store.pool).await.unwrap();
        assert_eq!(keys, 1);
        let broken: Vec<(String,)> = sqlx::query_as("PRAGMA foreign_key_check").fetch_all(&store.pool).await.unwrap();
        assert!(broken.is_empty(), "{broken:?}");
        let draft: Result<_, _> =
            sqlx::query("UPDATE surveys SET status = 'draft' WHERE id = 'old'").execute(&store.pool).await;
        assert!(draft.is_ok(), "the rebuilt table takes the draft status");
    }
}
