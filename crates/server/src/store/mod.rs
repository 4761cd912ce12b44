//! Storage: every SQL statement of the server lives under this module.
//!
//! Handlers talk to the [`Store`] trait and never learn which database is behind it. [`open`]
//! picks the implementation from the database URL; [`sqlite`] is the embedded default.

pub mod sqlite;

use async_trait::async_trait;
use hearback_core::{Origin, RawResponse, Response, Slug, Survey};
use std::sync::Arc;

/// A survey as stored: its definition plus what the company decided about it.
#[derive(Debug, Clone)]
pub struct StoredSurvey {
    pub survey: Survey,
    pub status: SurveyStatus,
    pub allowed_origins: Vec<Origin>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SurveyStatus {
    Live,
    Closed,
}

impl SurveyStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SurveyStatus::Live => "live",
            SurveyStatus::Closed => "closed",
        }
    }

    fn from_db(raw: &str) -> Result<SurveyStatus, StoreError> {
        match raw {
            "live" => Ok(SurveyStatus::Live),
            "closed" => Ok(SurveyStatus::Closed),
            other => Err(StoreError::Corrupt(format!("unknown survey status `{other}`"))),
        }
    }
}

/// A client's Idempotency-Key with a digest of the request it came with.
#[derive(Debug, Clone)]
pub struct IdempotencyKey {
    pub key: String,
    pub request_hash: String,
}

/// What became of a response handed to [`Store::insert_response`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inserted {
    /// Stored now, under this id.
    New(String),
    /// The same key and request were stored before, under this id; nothing new was stored.
    Replayed(String),
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("already exists")]
    Conflict,
    #[error("not found")]
    NotFound,
    /// The Idempotency-Key was used before with a different request.
    #[error("idempotency key reused with another request")]
    KeyReused,
    /// Another request with the same Idempotency-Key is being stored right now.
    #[error("a request with this idempotency key is in progress")]
    KeyInProgress,
    /// The database cannot be reached or is overloaded; the request may be retried.
    #[error("database unavailable: {0}")]
    Unavailable(#[source] sqlx::Error),
    #[error("database error: {0}")]
    Database(#[source] sqlx::Error),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> StoreError {
        match err {
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => StoreError::Unavailable(err),
            sqlx::Error::Database(ref db) if db.is_unique_violation() => StoreError::Conflict,
            sqlx::Error::Database(ref db) if is_busy(db.as_ref()) => StoreError::Unavailable(err),
            err => StoreError::Database(err),
        }
    }
}

/// SQLite's "database is locked" (5) and "busy" codes after busy_timeout ran out.
fn is_busy(db: &dyn sqlx::error::DatabaseError) -> bool {
    matches!(db.code().as_deref(), Some("5") | Some("6") | Some("261") | Some("517"))
}

#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Stores a new survey, live. `Conflict` when the id is taken.
    async fn create_survey(&self, survey: &Survey, allowed_origins: &[Origin]) -> Result<(), StoreError>;

    async fn survey(&self, id: &str) -> Result<Option<StoredSurvey>, StoreError>;

    /// `NotFound` when there is no such survey.
    async fn set_survey_status(&self, id: &Slug, status: SurveyStatus) -> Result<(), StoreError>;

    /// Stores a response; returns only once it is committed. With a key, a repeat of the same
    /// request is `Replayed` and a different request under the same key is `KeyReused`.
    async fn insert_response(
        &self,
        survey: &Slug,
        response: &Response,
        key: Option<&IdempotencyKey>,
    ) -> Result<Inserted, StoreError>;

    /// Every stored response of a survey, in the order they arrived.
    async fn responses(&self, survey: &Slug) -> Result<Vec<RawResponse>, StoreError>;
}

/// Opens the database a URL names and brings its schema up to date.
pub async fn open(database_url: &str) -> anyhow::Result<Arc<dyn Store>> {
    if database_url.starts_with("sqlite:") {
        Ok(Arc::new(sqlite::SqliteStore::open(database_url).await?))
    } else {
        anyhow::bail!("unsupported database URL `{database_url}`: expected sqlite:PATH")
    }
}

fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}
