//! Receipts and replies: the [`ReplyStore`] part of the store, for both databases.
//!
//! A receipt is the key of a finished response. Only the respondent's browser holds it (the
//! widget keeps it in its own storage), so holding it shows "I answered this survey" without
//! saying who. With it a respondent reads a publication made for respondents, replies to an
//! action plan and reads the answers to their own replies.

use super::audit::Audit;
use super::followers::Notice;
use super::mail::NewMail;
use super::StoreError;
use async_trait::async_trait;
pub use hearback_core::RawResponse;

pub use hearback_api::plan::{Reply, ReplyAnswer as Answer};

/// A reply as stored: with the digest of the receipt it came with, by which the respondent
/// is told of the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredReply {
    pub reply: Reply,
    pub receipt_hash: String,
}

/// A done plan's "Did this fix it?" question, with the answers so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFollowUp {
    pub plan_id: String,
    pub question_id: String,
    pub prompt: String,
    pub values: Vec<u8>,
    /// The responses that answered it.
    pub answered_by: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct NewReply<'a> {
    pub id: &'a str,
    pub plan_id: &'a str,
    pub survey_id: &'a str,
    pub response_id: &'a str,
    pub receipt_hash: &'a str,
    pub body: &'a str,
    pub now: i64,
}

#[async_trait]
pub trait ReplyStore: Send + Sync {
    /// The finished response a receipt belongs to, if it is one. A response sent whole through
    /// the API (`POST …/responses`) is keyed by its id, which members see: it has no receipt.
    async fn receipt(&self, survey_id: &str, key: &str) -> Result<Option<String>, StoreError>;

    /// The answers of a response of the survey (for its receipt's holder alone).
    async fn answers_of(&self, survey_id: &str, response_id: &str) -> Result<Option<RawResponse>, StoreError>;

    /// Stores a reply and queues `mail` (telling the plan's owner) in the same transaction.
    /// `NotFound` when the plan is not the survey's.
    async fn add_reply(&self, reply: &NewReply<'_>, mail: Option<&NewMail>) -> Result<(), StoreError>;

    /// A survey's replies, oldest first; only those of one response when `response_id` is given.
    async fn replies(&self, survey_id: &str, response_id: Option<&str>) -> Result<Vec<StoredReply>, StoreError>;

    /// Answers a reply (or replaces the answer) and queues `notice` in the same transaction.
    /// `NotFound` when the reply is not the survey's.
    async fn answer_reply(
        &self,
        survey_id: &str,
        reply_id: &str,
        answer: &str,
        by_user_id: &str,
        now: i64,
        notice: Option<&Notice>,
        audit: &Audit,
    ) -> Result<(), StoreError>;

    /// Sets (or rewords) a plan's follow-up; asking another question drops the answers to the
    /// old one. `NotFound` when the plan is not the survey's.
    async fn set_follow_up(
        &self,
        survey_id: &str,
        plan_id: &str,
        question_id: &str,
        prompt: &str,
        now: i64,
        audit: &Audit,
    ) -> Result<(), StoreError>;

    /// `NotFound`.
    async fn remove_follow_up(&self, survey_id: &str, plan_id: &str, audit: &Audit) -> Result<(), StoreError>;

    async fn follow_ups(&self, survey_id: &str) -> Result<Vec<StoredFollowUp>, StoreError>;

    /// Stores a respondent's answer; `false` (and nothing changes) when they answered before.
    /// `NotFound` when the plan has no follow-up.
    async fn answer_follow_up(
        &self,
        survey_id: &str,
        plan_id: &str,
        response_id: &str,
        value: u8,
        now: i64,
    ) -> Result<bool, StoreError>;
}

/// Implements `ReplyStore` for a type with a `pool: sqlx::Pool<$db>` field.
macro_rules! replies_sql {
    ($store:ty, $db:ty) => {
        const _: () = {
            use async_trait::async_trait;
            use $crate::store::audit::Audit;
            use $crate::store::followers::Notice;
            use $crate::store::mail::NewMail;
            use $crate::store::replies::*;
            use $crate::store::{found, StoreError};

            #[async_trait]
            impl ReplyStore for $store {
                async fn receipt(&self, survey_id: &str, key: &str) -> Result<Option<String>, StoreError> {
                    let row: Option<(String,)> = sqlx::query_as(
                        "SELECT id FROM responses WHERE survey_id = $1 AND response_key = $2 AND complete = TRUE
                         AND response_key <> id",
                    )
                    .bind(survey_id)
                    .bind(key)
                    .fetch_optional(&self.pool)
                    .await?;
                    Ok(row.map(|(id,)| id))
                }

                async fn answers_of(&self, survey_id: &str, response_id: &str) -> Result<Option<RawResponse>, StoreError> {
                    let answers: Option<String> =
                        sqlx::query_scalar("SELECT answers FROM responses WHERE survey_id = $1 AND id = $2")
                            .bind(survey_id)
                            .bind(response_id)
                            .fetch_optional(&self.pool)
                            .await?;
                    answers
                        .map(|a| serde_json::from_str(&a).map_err(|e| StoreError::Corrupt(format!("response: {e}"))))
                        .transpose()
                }

                async fn add_reply(&self, r: &NewReply<'_>, mail: Option<&NewMail>) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    let done = sqlx::query(
                        "INSERT INTO plan_replies (id, plan_id, survey_id, response_id, receipt_hash, body, created_at)
                         SELECT $1, id, survey_id, $2, $3, $4, $5 FROM action_plans WHERE id = $6 AND survey_id = $7",
                    )
                    .bind(r.id)
                    .bind(r.response_id)
                    .bind(r.receipt_hash)
                    .bind(r.body)
                    .bind(r.now)
                    .bind(r.plan_id)
                    .bind(r.survey_id)
                    .execute(&mut *tx)
                    .await?;
                    found(done.rows_affected())?;
                    if let Some(mail) = mail {
                        Self::insert_mail(&mut tx, mail, r.now).await?;
                    }
                    tx.commit().await?;
                    Ok(())
                }

                async fn replies(
                    &self,
                    survey_id: &str,
                    response_id: Option<&str>,
                ) -> Result<Vec<StoredReply>, StoreError> {
                    type Row =
                        (String, String, String, i64, String, Option<String>, Option<String>, Option<i64>);
                    let rows: Vec<Row> = sqlx::query_as(
                        "SELECT r.id, r.plan_id, r.body, r.created_at, r.receipt_hash, r.answer, u.name, r.answered_at
                         FROM plan_replies r LEFT JOIN users u ON u.id = r.answered_by
                         WHERE r.survey_id = $1 AND (CAST($2 AS TEXT) IS NULL OR r.response_id = $2)
                         ORDER BY r.created_at, r.id",
                    )
                    .bind(survey_id)
                    .bind(response_id)
                    .fetch_all(&self.pool)
                    .await?;
                    Ok(rows
                        .into_iter()
                        .map(|(id, plan_id, body, created_at, receipt_hash, answer, by, at)| StoredReply {
                            reply: Reply {
                                id,
                                plan_id,
                                body,
                                created_at,
                                answer: answer.map(|body| Answer {
                                    body,
                                    by: by.unwrap_or_default(),
                                    at: at.unwrap_or_default(),
                                }),
                            },
                            receipt_hash,
                        })
                        .collect())
                }

                async fn answer_reply(
                    &self,
                    survey_id: &str,
                    reply_id: &str,
                    answer: &str,
                    by_user_id: &str,
                    now: i64,
                    notice: Option<&Notice>,
                    audit: &Audit,
                ) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    let done = sqlx::query(
                        "UPDATE plan_replies SET answer = $1, answered_by = $2, answered_at = $3
                         WHERE survey_id = $4 AND id = $5",
                    )
                    .bind(answer)
                    .bind(by_user_id)
                    .bind(now)
                    .bind(survey_id)
                    .bind(reply_id)
                    .execute(&mut *tx)
                    .await?;
                    found(done.rows_affected())?;
                    if let Some(notice) = notice {
                        Self::queue_notice(&mut tx, survey_id, notice, now).await?;
                    }
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn set_follow_up(
                    &self,
                    survey_id: &str,
                    plan_id: &str,
                    question_id: &str,
                    prompt: &str,
                    now: i64,
                    audit: &Audit,
                ) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    sqlx::query(
                        "DELETE FROM follow_up_answers WHERE plan_id IN
                             (SELECT plan_id FROM plan_follow_ups WHERE plan_id = $1 AND survey_id = $2 AND question_id <> $3)",
                    )
                    .bind(plan_id)
                    .bind(survey_id)
                    .bind(question_id)
                    .execute(&mut *tx)
                    .await?;
                    let done = sqlx::query(
                        "INSERT INTO plan_follow_ups (plan_id, survey_id, question_id, prompt, created_at)
                         SELECT id, survey_id, $1, $2, $3 FROM action_plans WHERE id = $4 AND survey_id = $5
                         ON CONFLICT (plan_id) DO UPDATE SET question_id = excluded.question_id, prompt = excluded.prompt",
                    )
                    .bind(question_id)
                    .bind(prompt)
                    .bind(now)
                    .bind(plan_id)
                    .bind(survey_id)
                    .execute(&mut *tx)
                    .await?;
                    found(done.rows_affected())?;
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn remove_follow_up(&self, survey_id: &str, plan_id: &str, audit: &Audit) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    let done = sqlx::query("DELETE FROM plan_follow_ups WHERE plan_id = $1 AND survey_id = $2")
                        .bind(plan_id)
                        .bind(survey_id)
                        .execute(&mut *tx)
                        .await?;
                    found(done.rows_affected())?;
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn follow_ups(&self, survey_id: &str) -> Result<Vec<StoredFollowUp>, StoreError> {
                    let asked: Vec<(String, String, String)> = sqlx::query_as(
                        "SELECT plan_id, question_id, prompt FROM plan_follow_ups WHERE survey_id = $1
                         ORDER BY created_at, plan_id",
                    )
                    .bind(survey_id)
                    .fetch_all(&self.pool)
                    .await?;
                    let answers: Vec<(String, String, i64)> = sqlx::query_as(
                        "SELECT a.plan_id, a.response_id, a.value FROM follow_up_answers a
                         JOIN plan_follow_ups f ON f.plan_id = a.plan_id WHERE f.survey_id = $1",
                    )
                    .bind(survey_id)
                    .fetch_all(&self.pool)
                    .await?;
                    Ok(asked
                        .into_iter()
                        .map(|(plan_id, question_id, prompt)| {
                            let mine = answers.iter().filter(|(p, _, _)| *p == plan_id);
                            StoredFollowUp {
                                values: mine.clone().map(|(_, _, v)| *v as u8).collect(),
                                answered_by: mine.map(|(_, r, _)| r.clone()).collect(),
                                plan_id,
                                question_id,
                                prompt,
                            }
                        })
                        .collect())
                }

                async fn answer_follow_up(
                    &self,
                    survey_id: &str,
                    plan_id: &str,
                    response_id: &str,
                    value: u8,
                    now: i64,
                ) -> Result<bool, StoreError> {
                    let asked: Option<(String,)> =
                        sqlx::query_as("SELECT plan_id FROM plan_follow_ups WHERE plan_id = $1 AND survey_id = $2")
                            .bind(plan_id)
                            .bind(survey_id)
                            .fetch_optional(&self.pool)
                            .await?;
                    if asked.is_none() {
                        return Err(StoreError::NotFound);
                    }
                    let done = sqlx::query(
                        "INSERT INTO follow_up_answers (plan_id, response_id, value, created_at) VALUES ($1, $2, $3, $4)
                         ON CONFLICT (plan_id, response_id) DO NOTHING",
                    )
                    .bind(plan_id)
                    .bind(response_id)
                    .bind(i64::from(value))
                    .bind(now)
                    .execute(&self.pool)
                    .await?;
                    Ok(done.rows_affected() == 1)
                }
            }
        };
    };
}

pub(crate) use replies_sql;
