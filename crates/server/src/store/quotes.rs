//! Approved quotes: the [`QuoteStore`] part of the store, for both databases. The text is not
//! copied: it is read from the response each time, so a deleted response takes its quote along.

use super::audit::Audit;
use super::StoreError;
use async_trait::async_trait;

#[derive(Debug, Clone, PartialEq)]
pub struct ApprovedQuote {
    pub id: String,
    pub response_id: String,
    pub question_id: String,
    /// The quoted response's answers as they are now (its consent among them).
    pub answers: hearback_core::RawResponse,
}

#[async_trait]
pub trait QuoteStore: Send + Sync {
    /// Approves a comment; approving it again changes nothing.
    async fn approve_quote(
        &self,
        id: &str,
        survey_id: &str,
        response_id: &str,
        question_id: &str,
        approved_by: &str,
        now: i64,
        audit: &Audit,
    ) -> Result<(), StoreError>;

    /// The survey's approved quotes whose responses still exist, oldest first, with those
    /// responses' answers (so a page checks consent without reading every response).
    async fn quotes(&self, survey_id: &str) -> Result<Vec<ApprovedQuote>, StoreError>;

    /// `NotFound`.
    async fn withdraw_quote(&self, survey_id: &str, id: &str, audit: &Audit) -> Result<(), StoreError>;
}

/// Implements `QuoteStore` for a type with a `pool: sqlx::Pool<$db>` field.
macro_rules! quotes_sql {
    ($store:ty, $db:ty) => {
        const _: () = {
            use async_trait::async_trait;
            use $crate::store::audit::Audit;
            use $crate::store::quotes::*;
            use $crate::store::{found, StoreError};

            #[async_trait]
            impl QuoteStore for $store {
                async fn approve_quote(
                    &self,
                    id: &str,
                    survey_id: &str,
                    response_id: &str,
                    question_id: &str,
                    approved_by: &str,
                    now: i64,
                    audit: &Audit,
                ) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    let done = sqlx::query(
                        "INSERT INTO quotes (id, survey_id, response_id, question_id, approved_by, approved_at)
                         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (response_id, question_id) DO NOTHING",
                    )
                    .bind(id)
                    .bind(survey_id)
                    .bind(response_id)
                    .bind(question_id)
                    .bind(approved_by)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                    // Approving an approved quote again changes nothing, and records nothing.
                    if done.rows_affected() == 1 {
                        Self::insert_audit(&mut tx, audit).await?;
                    }
                    tx.commit().await?;
                    Ok(())
                }

                async fn quotes(&self, survey_id: &str) -> Result<Vec<ApprovedQuote>, StoreError> {
                    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
                        "SELECT q.id, q.response_id, q.question_id, r.answers FROM quotes q
                         JOIN responses r ON r.id = q.response_id AND r.survey_id = q.survey_id
                         WHERE q.survey_id = $1 ORDER BY q.approved_at, q.id",
                    )
                    .bind(survey_id)
                    .fetch_all(&self.pool)
                    .await?;
                    rows.into_iter()
                        .map(|(id, response_id, question_id, answers)| {
                            let answers = serde_json::from_str(&answers)
                                .map_err(|e| StoreError::Corrupt(format!("quoted response: {e}")))?;
                            Ok(ApprovedQuote { id, response_id, question_id, answers })
                        })
                        .collect()
                }

                async fn withdraw_quote(&self, survey_id: &str, id: &str, audit: &Audit) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    let done = sqlx::query("DELETE FROM quotes WHERE survey_id = $1 AND id = $2")
                        .bind(survey_id)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    found(done.rows_affected())?;
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }
            }
        };
    };
}

pub(crate) use quotes_sql;
