//! The PostgreSQL store: for companies that run several stateless server instances over one
//! database. Everything another instance would need (responses, idempotency keys) is in the
//! database; duplicates across instances meet at the primary keys.

use super::DbOptions;
use anyhow::Context;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::PgPool;
use std::str::FromStr;

pub struct PgStore {
    pool: PgPool,
}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

impl super::SurveyLock for sqlx::Postgres {
    async fn begin_write(pool: &PgPool) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, sqlx::Error> {
        pool.begin().await
    }

    /// The survey row's lock, which concurrent changes of the survey's responses wait for, on
    /// every instance.
    async fn begin_locked(
        pool: &PgPool,
        survey: &hearback_core::Slug,
    ) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, super::StoreError> {
        let mut tx = Self::begin_write(pool).await?;
        sqlx::query("SELECT id FROM surveys WHERE id = $1 FOR UPDATE").bind(survey.as_str()).execute(&mut *tx).await?;
        Ok(tx)
    }

    /// One snapshot for every statement (read committed would take one per statement).
    async fn begin_read(pool: &PgPool) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, sqlx::Error> {
        pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").await
    }
}

/// Settings read back from the server after connecting and logged at start-up.
#[derive(Debug, PartialEq, Eq)]
pub struct Settings {
    pub synchronous_commit: String,
    pub statement_timeout: String,
    pub server_version: String,
}

impl Settings {
    /// What is not as the server requires it, if anything.
    pub fn problem(&self) -> Option<String> {
        (self.synchronous_commit != "on")
            .then(|| format!("PostgreSQL runs with synchronous_commit={}, not on", self.synchronous_commit))
    }
}

impl PgStore {
    /// Runs a change of a survey's responses in a transaction of its own, holding the survey's
    /// lock; its outcome once committed.
    pub(crate) async fn committed<T: Send + 'static>(
        &self,
        survey: &hearback_core::Slug,
        work: super::commits::Work<sqlx::Postgres, T>,
    ) -> Result<T, super::StoreError> {
        let mut tx = <sqlx::Postgres as super::SurveyLock>::begin_locked(&self.pool, survey).await?;
        let done = work(&mut *tx).await;
        match done {
            Ok(_) => tx.commit().await?,
            Err(_) => tx.rollback().await?,
        }
        done
    }

    pub async fn open(url: &str, db: &DbOptions) -> anyhow::Result<PgStore> {
        let timeout_ms = db.statement_timeout.as_millis().to_string();
        let options = PgConnectOptions::from_str(url)
            .context("invalid PostgreSQL URL")?
            // A committed response must be on disk before we answer 201.
            .options([("synchronous_commit", "on"), ("statement_timeout", timeout_ms.as_str())]);
        let host = format!("{}:{}/{}", options.get_host(), options.get_port(), options.get_database().unwrap_or("?"));
        let pool = PgPoolOptions::new()
            .max_connections(db.pool_size)
            .acquire_timeout(db.acquire_timeout)
            .connect_with(options)
            .await
            // The URL may carry a password: name the server, not the URL.
            .with_context(|| format!("cannot connect to PostgreSQL at {host}"))?;
        MIGRATOR.run(&pool).await.context("cannot migrate the PostgreSQL database")?;
        let store = PgStore { pool };
        let settings = store.settings().await?;
        tracing::info!(?settings, pool_size = db.pool_size, "PostgreSQL ready");
        if let Some(problem) = settings.problem() {
            anyhow::bail!("{problem}");
        }
        Ok(store)
    }

    /// What `/readyz` checks of the settings, read back now.
    async fn settings_problem(&self) -> anyhow::Result<Option<String>> {
        Ok(self.settings().await?.problem())
    }

    pub async fn settings(&self) -> anyhow::Result<Settings> {
        let mut conn = self.pool.acquire().await?;
        Ok(Settings {
            synchronous_commit: sqlx::query_scalar("SHOW synchronous_commit").fetch_one(&mut *conn).await?,
            statement_timeout: sqlx::query_scalar("SHOW statement_timeout").fetch_one(&mut *conn).await?,
            server_version: sqlx::query_scalar("SHOW server_version").fetch_one(&mut *conn).await?,
        })
    }
}

super::sql::sql_store!(PgStore, sqlx::Postgres);
super::accounts_sql::accounts_sql!(PgStore, sqlx::Postgres);
super::audit::audit_sql!(PgStore, sqlx::Postgres);
super::cases::cases_sql!(PgStore, sqlx::Postgres);
super::conversations::conversations_sql!(PgStore, sqlx::Postgres);
super::digests::digests_sql!(PgStore, sqlx::Postgres);
super::translations::translations_sql!(PgStore, sqlx::Postgres);
super::goals::goals_sql!(PgStore, sqlx::Postgres);
super::schedules::schedules_sql!(PgStore, sqlx::Postgres);
super::audiences::audiences_sql!(PgStore, sqlx::Postgres);
super::sites::sites_sql!(PgStore, sqlx::Postgres);
super::details::details_sql!(PgStore, sqlx::Postgres);
super::own::own_sql!(PgStore, sqlx::Postgres);
super::invitations::invitations_sql!(PgStore, sqlx::Postgres);
super::triage::triage_sql!(PgStore, sqlx::Postgres);
super::wall::wall_sql!(PgStore, sqlx::Postgres);
super::overdue::overdue_sql!(PgStore, sqlx::Postgres);
super::sessions::sessions_sql!(PgStore, sqlx::Postgres);
super::two_factor::two_factor_sql!(PgStore, sqlx::Postgres);
super::webhooks::webhooks_sql!(PgStore, sqlx::Postgres);
super::mail::mail_sql!(PgStore, sqlx::Postgres);
super::plans::plans_sql!(PgStore, sqlx::Postgres);
super::publications::publications_sql!(PgStore, sqlx::Postgres);
super::followers::followers_sql!(PgStore, sqlx::Postgres);
super::quotes::quotes_sql!(PgStore, sqlx::Postgres);
super::replies::replies_sql!(PgStore, sqlx::Postgres);
// Several instances may serve one PostgreSQL database: rate limits are kept in it.
super::operations::operations_sql!(PgStore, sqlx::Postgres, true);
