//! How long a survey keeps its raw answers: the [`RetentionStore`] part of the store, for both
//! databases. A response past its survey's period goes as a respondent's own deletion takes it
//! (its key, its contact details, and through the foreign keys its replies, "Did this fix it?"
//! answers, tags and notes), but its counts stay: they move from the response into the survey's
//! `expired_aggregates`, which a rebuild starts from, so kept aggregates still equal a rebuild.
//! Each batch runs under the survey's lock and picks its responses inside it, so instances that
//! run the job at once queue up and the later one finds nothing left to do.

use super::audit::Audit;
use super::StoreError;
use async_trait::async_trait;
use hearback_core::{Slug, Survey};

/// A survey's responses as its retention sees them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Kept {
    /// Responses kept.
    pub kept: u64,
    /// Of those, the ones started before the time asked about.
    pub past: u64,
    /// Responses deleted by the retention so far (their started count, still in the results).
    pub expired: u64,
}

#[async_trait]
pub trait RetentionStore: Send + Sync {
    /// Days the survey keeps its answers; `None` for good.
    async fn answer_retention(&self, survey: &Slug) -> Result<Option<u32>, StoreError>;

    /// Sets (or with `None` removes) the survey's retention, audited.
    async fn set_answer_retention(&self, survey: &Slug, days: Option<u32>, audit: &Audit) -> Result<(), StoreError>;

    /// Every survey that keeps answers for a while: (survey id, days), in order.
    async fn answer_retentions(&self) -> Result<Vec<(String, u32)>, StoreError>;

    /// How many responses the survey keeps, how many of them were started before `before`, how
    /// many its retention has deleted.
    async fn kept_answers(&self, survey: &Slug, before: i64) -> Result<Kept, StoreError>;

    /// Deletes up to `limit` of the survey's responses started before `before`, oldest first, in
    /// one transaction that keeps what they counted (and records `audit`, its detail saying how
    /// many, when there were any). Returns how many went.
    async fn expire_answers(&self, survey: &Survey, before: i64, limit: i64, audit: &Audit) -> Result<u64, StoreError>;
}

/// Implements `RetentionStore` inside `sql_store!`, where `apply_moves_to` and the response rows
/// are in scope.
macro_rules! retention_sql {
    ($store:ty, $db:ty) => {
        #[async_trait]
        impl $crate::store::retention::RetentionStore for $store {
            async fn answer_retention(&self, survey: &Slug) -> Result<Option<u32>, StoreError> {
                let days: Option<i64> = sqlx::query_scalar("SELECT days FROM answer_retention WHERE survey_id = $1")
                    .bind(survey.as_str())
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(days.map(|days| days as u32))
            }

            async fn set_answer_retention(&self, survey: &Slug, days: Option<u32>, audit: &Audit) -> Result<(), StoreError> {
                let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                match days {
                    Some(days) => {
                        sqlx::query(
                            "INSERT INTO answer_retention (survey_id, days, updated_at) VALUES ($1, $2, $3)
                             ON CONFLICT (survey_id) DO UPDATE SET days = excluded.days, updated_at = excluded.updated_at",
                        )
                        .bind(survey.as_str())
                        .bind(i64::from(days))
                        .bind(now_millis())
                        .execute(&mut *tx)
                        .await?
                    }
                    None => {
                        sqlx::query("DELETE FROM answer_retention WHERE survey_id = $1")
                            .bind(survey.as_str())
                            .execute(&mut *tx)
                            .await?
                    }
                };
                Self::insert_audit(&mut tx, audit).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn answer_retentions(&self) -> Result<Vec<(String, u32)>, StoreError> {
                let rows: Vec<(String, i64)> =
                    sqlx::query_as("SELECT survey_id, days FROM answer_retention ORDER BY survey_id")
                        .fetch_all(&self.pool)
                        .await?;
                Ok(rows.into_iter().map(|(survey, days)| (survey, days as u32)).collect())
            }

            async fn kept_answers(&self, survey: &Slug, before: i64) -> Result<$crate::store::retention::Kept, StoreError> {
                let (kept, past): (i64, Option<i64>) = sqlx::query_as(
                    "SELECT COUNT(*), SUM(CASE WHEN created_at < $2 THEN 1 ELSE 0 END) FROM responses WHERE survey_id = $1",
                )
                .bind(survey.as_str())
                .bind(before)
                .fetch_one(&self.pool)
                .await?;
                let expired: Option<i64> = sqlx::query_scalar(
                    "SELECT n FROM expired_aggregates WHERE survey_id = $1 AND segment = $2 AND bucket = $3 AND cell = $4",
                )
                .bind(survey.as_str())
                .bind(aggregates::EVERYONE)
                .bind(aggregates::ALL_TIME)
                .bind(hearback_core::Cell::Started.key())
                .fetch_optional(&self.pool)
                .await?;
                let count = |n: i64| n.max(0) as u64;
                Ok($crate::store::retention::Kept {
                    kept: count(kept),
                    past: count(past.unwrap_or(0)),
                    expired: count(expired.unwrap_or(0)),
                })
            }

            async fn expire_answers(&self, survey: &Survey, before: i64, limit: i64, audit: &Audit) -> Result<u64, StoreError> {
                let mut tx = <$db as $crate::store::SurveyLock>::begin_locked(&self.pool, survey.id()).await?;
                // Picked under the lock: an instance that ran the same batch first has taken them.
                let rows: Vec<ResponseRow> = sqlx::query_as($crate::store::select_responses!(
                    "WHERE survey_id = $1 AND created_at < $2 ORDER BY created_at, id LIMIT $3"
                ))
                .bind(survey.id().as_str())
                .bind(before)
                .bind(limit)
                .fetch_all(&mut *tx)
                .await?;
                let rows = decode_responses(rows)?;
                if rows.is_empty() {
                    return Ok(0);
                }
                let mut moves = aggregates::Moves::new();
                for row in &rows {
                    let cells = aggregates::stored_cells(survey, row);
                    aggregates::add_moves(&mut moves, &cells, row.created_at, &row.customer, 1);
                    Self::remove_response(&mut tx, survey.id().as_str(), &row.id).await?;
                }
                moves.retain(|_, by| *by != 0);
                apply_moves_to(&mut *tx, "expired_aggregates", survey.id(), &moves).await?;
                let detail = match audit.detail.as_str() {
                    "" => format!("{} responses", rows.len()),
                    period => format!("{} responses, past {period}", rows.len()),
                };
                let audit = audit.clone().detail(detail);
                Self::insert_audit(&mut tx, &audit).await?;
                tx.commit().await?;
                Ok(rows.len() as u64)
            }
        }
    };
}
pub(crate) use retention_sql;
