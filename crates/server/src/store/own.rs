//! What a respondent gave, for them to download and to delete: the [`OwnStore`] part of the
//! store, for both databases. Their replies are read where they are kept ([`super::replies`]);
//! this part reads the rest in one snapshot (the answers and when, "Did this fix it?" answers,
//! contact details, the addresses following with their receipt, the case), and deletes the
//! addresses with the response and everything tied to it in one transaction.

use super::audit::Audit;
use super::StoreError;
use async_trait::async_trait;
use hearback_api::public::{YourCase, YourContact, YourFollowUpAnswer, YourFollowing};
use hearback_core::{RawResponse, Survey};

/// What a response keeps beside its replies.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnRecord {
    /// When the response was first saved (milliseconds since 1970).
    pub created_at: i64,
    pub answers: RawResponse,
    pub follow_up_answers: Vec<YourFollowUpAnswer>,
    /// Contact details given, with their purpose.
    pub contact: Option<YourContact>,
    pub following: Vec<YourFollowing>,
    /// The case the response opened, with the address given for it and its messages.
    pub case: Option<YourCase>,
}

#[async_trait]
pub trait OwnStore: Send + Sync {
    /// The record of a response of a survey, and the addresses that follow it with the receipt
    /// whose digest is `receipt_hash`, as of one moment; `NotFound` when there is no such response.
    async fn own_record(&self, survey_id: &str, response_id: &str, receipt_hash: &str)
        -> Result<OwnRecord, StoreError>;

    /// Deletes, in one transaction, the addresses that follow a survey with a receipt and their
    /// mail not sent yet, then the response and everything tied to it (as
    /// [`super::Store::delete_response`] does), recording `audit`. `NotFound` when there is no such
    /// response: then nothing changes.
    async fn delete_own(
        &self,
        survey: &Survey,
        response_id: &str,
        receipt_hash: &str,
        audit: &Audit,
    ) -> Result<(), StoreError>;
}

/// Implements `OwnStore` for a type with a `pool: sqlx::Pool<$db>` field.
macro_rules! own_sql {
    ($store:ty, $db:ty) => {
        const _: () = {
            use async_trait::async_trait;
            use hearback_api::public::{YourCase, YourContact, YourFollowUpAnswer, YourFollowing};
            use hearback_core::Survey;
            use $crate::store::audit::Audit;
            use $crate::store::own::*;
            use $crate::store::StoreError;

            type Contact = (String, Option<String>, Option<String>, Option<String>, Option<String>);

            #[async_trait]
            impl OwnStore for $store {
                async fn own_record(
                    &self,
                    survey_id: &str,
                    response_id: &str,
                    receipt_hash: &str,
                ) -> Result<OwnRecord, StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_read(&self.pool).await?;
                    let response: Option<(i64, String)> =
                        sqlx::query_as("SELECT created_at, answers FROM responses WHERE survey_id = $1 AND id = $2")
                            .bind(survey_id)
                            .bind(response_id)
                            .fetch_optional(&mut *tx)
                            .await?;
                    let (created_at, answers) = response.ok_or(StoreError::NotFound)?;
                    let answers =
                        serde_json::from_str(&answers).map_err(|e| StoreError::Corrupt(format!("response: {e}")))?;
                    let follow_up_answers: Vec<(String, i64, i64)> = sqlx::query_as(
                        "SELECT plan_id, CAST(value AS BIGINT), created_at FROM follow_up_answers
                         WHERE response_id = $1 ORDER BY created_at, plan_id",
                    )
                    .bind(response_id)
                    .fetch_all(&mut *tx)
                    .await?;
                    let follow_up_answers = follow_up_answers
                        .into_iter()
                        .map(|(plan_id, value, at)| YourFollowUpAnswer { plan_id, value, at })
                        .collect();
                    let contact: Option<Contact> = sqlx::query_as(
                        "SELECT purpose, name, email, phone, company FROM contact_details
                         WHERE survey_id = $1 AND response_id = $2",
                    )
                    .bind(survey_id)
                    .bind(response_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                    let contact = contact.map(|(purpose, name, email, phone, company)| YourContact {
                        purpose,
                        name,
                        email,
                        phone,
                        company,
                    });
                    let following: Vec<(String, Option<i64>)> = sqlx::query_as(
                        "SELECT email, confirmed_at FROM followers
                         WHERE survey_id = $1 AND receipt_hash = $2 AND unsubscribed_at IS NULL ORDER BY email",
                    )
                    .bind(survey_id)
                    .bind(receipt_hash)
                    .fetch_all(&mut *tx)
                    .await?;
                    let following = following
                        .into_iter()
                        .map(|(email, at)| YourFollowing { email, confirmed: at.is_some() })
                        .collect();
                    let case: Option<(String, String)> =
                        sqlx::query_as("SELECT id, status FROM cases WHERE survey_id = $1 AND response_id = $2")
                            .bind(survey_id)
                            .bind(response_id)
                            .fetch_optional(&mut *tx)
                            .await?;
                    let case = match case {
                        None => None,
                        Some((id, status)) => {
                            let email: Option<String> =
                                sqlx::query_scalar("SELECT email FROM case_addresses WHERE case_id = $1")
                                    .bind(&id)
                                    .fetch_optional(&mut *tx)
                                    .await?;
                            let messages: Vec<(String, String, i64)> = sqlx::query_as(
                                "SELECT author, body, created_at FROM case_messages WHERE case_id = $1
                                 ORDER BY created_at, id",
                            )
                            .bind(&id)
                            .fetch_all(&mut *tx)
                            .await?;
                            let messages = messages
                                .into_iter()
                                .map(|(from, body, at)| hearback_api::public::YourMessage { from, body, at })
                                .collect();
                            Some(YourCase { status, email, messages })
                        }
                    };
                    tx.commit().await?;
                    Ok(OwnRecord { created_at, answers, follow_up_answers, contact, following, case })
                }

                async fn delete_own(
                    &self,
                    survey: &Survey,
                    response_id: &str,
                    receipt_hash: &str,
                    audit: &Audit,
                ) -> Result<(), StoreError> {
                    let survey_id = survey.id().as_str();
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_locked(&self.pool, survey.id()).await?;
                    let followers: Vec<(String, String)> =
                        sqlx::query_as("SELECT id, email FROM followers WHERE survey_id = $1 AND receipt_hash = $2")
                            .bind(survey_id)
                            .bind(receipt_hash)
                            .fetch_all(&mut *tx)
                            .await?;
                    // Their mail not sent yet: the news (each made for one follower, its id
                    // ending in theirs) and a confirmation still waiting to go.
                    for (id, email) in &followers {
                        sqlx::query(
                            "DELETE FROM mail_outbox WHERE status = 'pending' AND recipient = $1
                                 AND (id LIKE $2 OR body LIKE '%/f/confirm/%')",
                        )
                        .bind(email)
                        .bind(format!("%:{id}"))
                        .execute(&mut *tx)
                        .await?;
                    }
                    sqlx::query("DELETE FROM followers WHERE survey_id = $1 AND receipt_hash = $2")
                        .bind(survey_id)
                        .bind(receipt_hash)
                        .execute(&mut *tx)
                        .await?;
                    Self::delete_response_in(&mut tx, survey, response_id).await?;
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }
            }
        };
    };
}
pub(crate) use own_sql;
