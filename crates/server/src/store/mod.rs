//! Storage: every SQL statement of the server lives under this module.
//!
//! Handlers talk to the [`Store`] trait and never learn which database is behind it. [`open`]
//! picks the implementation from the database URL: [`sqlite`] is the embedded default,
//! [`postgres`] the one for several server instances over one database. Their queries are
//! written once (`sql.rs`), in the SQL both speak; what they share beyond SQL (decoding rows,
//! answering a replayed key) is here.

pub mod accounts;
mod accounts_sql;
mod aggregate_reads;
pub mod aggregates;
pub mod audiences;
pub mod audit;
pub mod cases;
mod changes;
mod commits;
pub mod conversations;
pub mod details;
pub mod digests;
mod error;
pub mod followers;
pub mod goals;
pub mod invitations;
pub mod mail;
pub mod operations;
pub mod overdue;
pub mod own;
pub mod plans;
pub mod postgres;
pub mod publications;
pub mod quotes;
pub mod replies;
mod response_writes;
pub mod retention;
pub mod schedules;
pub mod sessions;
pub mod sites;
mod sql;
pub mod sqlite;
pub mod translations;
pub mod triage;
pub mod two_factor;
pub mod wall;
pub mod webhooks;

use crate::identity::Customer;
use accounts::Accounts;
use async_trait::async_trait;
use audit::Audit;
pub use changes::{IdempotencyKey, Inserted, Save, Saved};
pub(crate) use changes::{NewResponse, ResponseSave};
pub use error::StoreError;
use hearback_core::{Origin, RawResponse, Response, Slug, Survey, Tally};
use std::sync::Arc;

/// A survey as stored: its definition plus what the company decided about it.
#[derive(Debug, Clone)]
pub struct StoredSurvey {
    pub survey: Survey,
    pub status: SurveyStatus,
    pub allowed_origins: Vec<Origin>,
    /// What the company's backend signs customer details with; empty for surveys created
    /// before secrets existed.
    pub identity_secret: String,
    /// The organisation the survey belongs to; `None` for surveys created from the command line.
    pub organization: Option<String>,
}

/// A stored response as results read it.
#[derive(Debug, Clone)]
pub struct StoredResponse {
    pub id: String,
    /// When it was first saved, in milliseconds since 1970.
    pub created_at: i64,
    pub raw: RawResponse,
    pub complete: bool,
    pub customer: Customer,
}

pub use hearback_api::SurveyStatus;

#[async_trait]
pub trait Store:
    Accounts
    + audiences::AudienceStore
    + audit::AuditStore
    + cases::CaseStore
    + conversations::ConversationStore
    + digests::DigestStore
    + goals::GoalStore
    + invitations::InvitationStore
    + wall::WallStore
    + overdue::OverdueStore
    + sessions::SessionStore
    + two_factor::TwoFactorStore
    + webhooks::WebhookStore
    + mail::MailStore
    + plans::PlanStore
    + publications::PublicationStore
    + followers::FollowerStore
    + quotes::QuoteStore
    + replies::ReplyStore
    + retention::RetentionStore
    + schedules::ScheduleStore
    + sites::SiteStore
    + details::DetailStore
    + own::OwnStore
    + translations::TranslationStore
    + triage::TriageStore
    + operations::OperationsStore
    + Send
    + Sync
    + 'static
{
    /// Stores a new survey, live, belonging to no organisation (the command line's). `Conflict`
    /// when the id is taken.
    async fn create_survey(
        &self,
        survey: &Survey,
        allowed_origins: &[Origin],
        identity_secret: &str,
    ) -> Result<(), StoreError>;

    /// Stores a new draft survey of an organisation. `Conflict` when the id is taken.
    async fn create_draft(
        &self,
        organization_id: &str,
        survey: &Survey,
        allowed_origins: &[Origin],
        identity_secret: &str,
        audit: &Audit,
    ) -> Result<(), StoreError>;

    /// Replaces a survey's definition and allowed origins. `NotFound`.
    async fn update_survey(&self, survey: &Survey, allowed_origins: &[Origin], audit: &Audit)
        -> Result<(), StoreError>;

    /// `NotFound` when there is no such survey.
    async fn set_identity_secret(&self, id: &Slug, identity_secret: &str, audit: &Audit) -> Result<(), StoreError>;

    async fn survey(&self, id: &str) -> Result<Option<StoredSurvey>, StoreError>;

    /// The ids of every survey, in order.
    async fn survey_ids(&self) -> Result<Vec<String>, StoreError>;

    /// Gives a survey that belongs to no organisation (the command line's) to one. `NotFound`
    /// when there is no such survey or it belongs to an organisation already.
    async fn adopt_survey(&self, id: &Slug, organization_id: &str) -> Result<(), StoreError>;

    /// `NotFound` when there is no such survey.
    async fn set_survey_status(&self, id: &Slug, status: SurveyStatus, audit: &Audit) -> Result<(), StoreError>;

    /// Stores a response; returns only once it is committed. With a key, a repeat of the same
    /// request is `Replayed` and a different request under the same key is `KeyReused`.
    async fn insert_response(
        &self,
        survey: &Survey,
        response: &Response,
        key: Option<&IdempotencyKey>,
        customer: &Customer,
    ) -> Result<Inserted, StoreError>;

    /// Saves a response under a client's key: creates it, or replaces the answers of the
    /// unfinished response with that key. Returns only once committed.
    async fn save_response(&self, survey: &Survey, save: Save<'_>) -> Result<Saved, StoreError>;

    /// Every stored response of a survey, finished or not, in the order they arrived.
    async fn responses(&self, survey: &Slug) -> Result<Vec<StoredResponse>, StoreError>;

    /// Up to `limit` responses of a survey, newest first, starting after `before` (the
    /// `(created_at, id)` of the last one of the previous page; `None` for the newest): reads
    /// that want the latest few without reading them all.
    async fn newest_responses(
        &self,
        survey: &Slug,
        before: Option<(i64, String)>,
        limit: u32,
    ) -> Result<Vec<StoredResponse>, StoreError>;

    /// Deletes a response of a survey (and its idempotency key). `NotFound`.
    async fn delete_response(&self, survey: &Survey, id: &str, audit: &Audit) -> Result<(), StoreError>;

    /// Stores many finished responses at once (an import), in one transaction.
    async fn import_responses(&self, survey: &Survey, responses: &[Imported]) -> Result<(), StoreError>;

    /// The survey's tally over a segment and a range of days, from the aggregates.
    async fn tally(&self, survey: &Slug, scope: &aggregates::Scope) -> Result<Tally, StoreError>;

    /// The tally of each day of a range that has responses, in order.
    async fn tally_by_day(
        &self,
        survey: &Slug,
        segment: &str,
        days: (i64, i64),
    ) -> Result<Vec<(i64, Tally)>, StoreError>;

    /// The tally of each segment starting with `prefix` (such as `a:plan=`), over all time or a
    /// range of days.
    async fn tally_by_segment(
        &self,
        survey: &Slug,
        prefix: &str,
        days: Option<(i64, i64)>,
    ) -> Result<Vec<(String, Tally)>, StoreError>;

    /// Every aggregate cell of a survey that is not 0: (bucket, segment, cell, count).
    async fn aggregate_cells(&self, survey: &Slug) -> Result<Vec<(i64, String, String, i64)>, StoreError>;

    /// Recomputes a survey's aggregates from its raw responses (starting from what the responses
    /// its retention deleted counted), in one transaction; `progress`
    /// hears (responses done, responses in all) as it goes. Returns the responses counted.
    async fn rebuild_aggregates(
        &self,
        survey: &Survey,
        progress: &(dyn Fn(u64, u64) + Send + Sync),
    ) -> Result<u64, StoreError>;
}

/// A finished response to import, with when it was given.
#[derive(Debug, Clone)]
pub struct Imported {
    pub response: Response,
    pub customer: Customer,
    pub created_at: i64,
}

/// How the server uses its database, whichever it is.
#[derive(Debug, Clone)]
pub struct DbOptions {
    /// Connections each server instance keeps at most.
    pub pool_size: u32,
    /// How long one statement may run before the database cancels it (PostgreSQL).
    pub statement_timeout: std::time::Duration,
    /// How long a request waits for a free connection before it is answered 503.
    pub acquire_timeout: std::time::Duration,
}

impl Default for DbOptions {
    fn default() -> DbOptions {
        DbOptions {
            pool_size: 8,
            statement_timeout: std::time::Duration::from_secs(5),
            acquire_timeout: std::time::Duration::from_secs(3),
        }
    }
}

/// Opens the database a URL names and brings its schema up to date.
pub async fn open(database_url: &str, options: &DbOptions) -> anyhow::Result<Arc<dyn Store>> {
    if database_url.starts_with("sqlite:") {
        Ok(Arc::new(sqlite::SqliteStore::open(database_url, options).await?))
    } else if database_url.starts_with("postgres://") || database_url.starts_with("postgresql://") {
        Ok(Arc::new(postgres::PgStore::open(database_url, options).await?))
    } else {
        anyhow::bail!("unsupported database URL `{database_url}`: expected sqlite:PATH or postgres://…")
    }
}

/// A survey from its stored columns.
fn decode_survey(
    id: &str,
    definition: &str,
    status: &str,
    origins: Vec<String>,
    identity_secret: String,
    organization: Option<String>,
) -> Result<StoredSurvey, StoreError> {
    let survey: Survey =
        serde_json::from_str(definition).map_err(|e| StoreError::Corrupt(format!("survey `{id}`: {e}")))?;
    let status = error::named(status)?;
    let allowed_origins = origins
        .into_iter()
        .map(|o| Origin::parse(o).map_err(|e| StoreError::Corrupt(e.to_string())))
        .collect::<Result<_, _>>()?;
    Ok(StoredSurvey { survey, status, allowed_origins, identity_secret, organization })
}

/// The columns of a stored response: id, created at, answers, complete, customer id,
/// attributes, verified.
pub(crate) type ResponseRow = (String, i64, String, bool, Option<String>, Option<String>, bool);

/// `SELECT` of a [`ResponseRow`] from `responses`, then `$rest` (a literal: the `WHERE`, the
/// order): the columns written once, beside the row they make.
macro_rules! select_responses {
    ($rest:literal) => {
        concat!(
            "SELECT id, created_at, answers, complete, customer_id, customer_attributes, customer_verified FROM responses ",
            $rest
        )
    };
}
pub(crate) use select_responses;

fn decode_responses(rows: Vec<ResponseRow>) -> Result<Vec<StoredResponse>, StoreError> {
    rows.into_iter()
        .map(|(response_id, created_at, answers, complete, id, attributes, verified)| {
            let corrupt = |e: serde_json::Error| StoreError::Corrupt(format!("response: {e}"));
            let raw = serde_json::from_str(&answers).map_err(corrupt)?;
            let attributes = attributes.map(|a| serde_json::from_str(&a)).transpose().map_err(corrupt)?;
            Ok(StoredResponse {
                id: response_id,
                created_at,
                raw,
                complete,
                customer: Customer { id, attributes: attributes.unwrap_or_default(), verified },
            })
        })
        .collect()
}

/// The customer columns of a response: id, attributes as JSON (none when empty), verified.
fn customer_columns(customer: &Customer) -> (Option<String>, Option<String>, bool) {
    let attributes = (!customer.attributes.is_empty())
        .then(|| serde_json::to_string(&customer.attributes).expect("strings always serialize"));
    (customer.id.clone(), attributes, customer.verified)
}

/// The answer to a request whose key collided with a stored one, given that key's stored
/// (request hash, response id): the original response for the same request, `KeyReused` for
/// another. No row means the key's first request rolled back after we collided with it.
fn replay(stored: Option<(String, String)>, key: &IdempotencyKey) -> Result<Inserted, StoreError> {
    match stored {
        None => Err(StoreError::KeyInProgress),
        Some((hash, response_id)) if hash == key.request_hash => Ok(Inserted::Replayed(response_id)),
        Some(_) => Err(StoreError::KeyReused),
    }
}

/// `NotFound` when a statement meant to change one thing changed nothing.
pub(crate) fn found(rows_affected: u64) -> Result<(), StoreError> {
    if rows_affected == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// How a database starts a transaction that holds a survey's write lock until it ends: response
/// changes of one survey (which all move its aggregates) queue up behind each other.
pub(crate) trait SurveyLock: sqlx::Database {
    /// A transaction that may write: on SQLite it takes the database's write lock when it begins
    /// (a deferred one that reads first is refused at once, "database is locked", when another
    /// writer commits meanwhile: the busy timeout cannot help it); on PostgreSQL a plain one.
    fn begin_write<'a>(
        pool: &'a sqlx::Pool<Self>,
    ) -> impl std::future::Future<Output = Result<sqlx::Transaction<'static, Self>, sqlx::Error>> + Send + 'a;

    fn begin_locked<'a>(
        pool: &'a sqlx::Pool<Self>,
        survey: &'a Slug,
    ) -> impl std::future::Future<Output = Result<sqlx::Transaction<'static, Self>, StoreError>> + Send + 'a;

    /// A transaction whose reads all see one moment of the database, for a record read in
    /// several queries that a write must not split.
    fn begin_read<'a>(
        pool: &'a sqlx::Pool<Self>,
    ) -> impl std::future::Future<Output = Result<sqlx::Transaction<'static, Self>, sqlx::Error>> + Send + 'a;
}

/// A new id for a record that lists in the order it was made: records made in the same millisecond
/// (a demo, an import, a quick editor) still list in that order, where a random id would shuffle them.
pub fn ordered_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

pub fn now_millis() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    /// Lists order by (created_at, id): ids made within one millisecond must sort as they were made.
    #[test]
    fn ordered_ids_sort_in_the_order_they_were_made() {
        let ids: Vec<String> = (0..2_000).map(|_| super::ordered_id()).collect();
        assert!(ids.windows(2).all(|pair| pair[0] < pair[1]), "an id sorts before the one made before it");
    }
}
