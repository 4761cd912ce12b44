//! What a respondent gave, for them to download and to delete: the [`OwnStore`] part of the
//! store, for both databases. Their answers and replies are read where they are kept
//! ([`super::replies`]); this part reads the rest (the time, "Did this fix it?" answers, contact
//! details, the addresses following with their receipt) and deletes the addresses, before the
//! response itself goes with everything tied to it ([`super::Store::delete_response`]).

use super::StoreError;
use async_trait::async_trait;

/// What a response keeps beside its answers and replies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OwnRecord {
    /// When the response was first saved (milliseconds since 1970).
    pub created_at: i64,
    /// (plan id, value, when)
    pub follow_up_answers: Vec<(String, i64, i64)>,
    /// Contact details given, with their purpose.
    pub contact: Option<hearback_api::public::YourContact>,
    /// (address, confirmed)
    pub following: Vec<(String, bool)>,
    /// The case the response opened, with the address given for it and its messages.
    pub case: Option<hearback_api::public::YourCase>,
}

#[async_trait]
pub trait OwnStore: Send + Sync {
    /// The record of a response of a survey, and the addresses that follow it with the receipt
    /// whose digest is `receipt_hash`; `NotFound` when there is no such response.
    async fn own_record(&self, survey_id: &str, response_id: &str, receipt_hash: &str)
        -> Result<OwnRecord, StoreError>;

    /// Deletes the addresses that follow a survey with a receipt, and their mail not sent yet;
    /// how many there were.
    async fn forget_followers(&self, survey_id: &str, receipt_hash: &str) -> Result<u64, StoreError>;
}

/// Implements `OwnStore` for a type with a `pool: sqlx::Pool<$db>` field.
macro_rules! own_sql {
    ($store:ty, $db:ty) => {
        const _: () = {
            use async_trait::async_trait;
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
                    let created_at: Option<i64> =
                        sqlx::query_scalar("SELECT created_at FROM responses WHERE survey_id = $1 AND id = $2")
                            .bind(survey_id)
                            .bind(response_id)
                            .fetch_optional(&self.pool)
                            .await?;
                    let created_at = created_at.ok_or(StoreError::NotFound)?;
                    let follow_up_answers: Vec<(String, i64, i64)> = sqlx::query_as(
                        "SELECT plan_id, CAST(value AS BIGINT), created_at FROM follow_up_answers
                         WHERE response_id = $1 ORDER BY created_at, plan_id",
                    )
                    .bind(response_id)
                    .fetch_all(&self.pool)
                    .await?;
                    let contact: Option<Contact> = sqlx::query_as(
                        "SELECT purpose, name, email, phone, company FROM contact_details
                         WHERE survey_id = $1 AND response_id = $2",
                    )
                    .bind(survey_id)
                    .bind(response_id)
                    .fetch_optional(&self.pool)
                    .await?;
                    let contact = contact.map(|(purpose, name, email, phone, company)| {
                        hearback_api::public::YourContact { purpose, name, email, phone, company }
                    });
                    let following: Vec<(String, Option<i64>)> = sqlx::query_as(
                        "SELECT email, confirmed_at FROM followers
                         WHERE survey_id = $1 AND receipt_hash = $2 AND unsubscribed_at IS NULL ORDER BY email",
                    )
                    .bind(survey_id)
                    .bind(receipt_hash)
                    .fetch_all(&self.pool)
                    .await?;
                    let following = following.into_iter().map(|(email, at)| (email, at.is_some())).collect();
                    let case: Option<(String, String)> =
                        sqlx::query_as("SELECT id, status FROM cases WHERE survey_id = $1 AND response_id = $2")
                            .bind(survey_id)
                            .bind(response_id)
                            .fetch_optional(&self.pool)
                            .await?;
                    let case = match case {
                        None => None,
                        Some((id, status)) => {
                            let email: Option<String> =
                                sqlx::query_scalar("SELECT email FROM case_addresses WHERE case_id = $1")
                                    .bind(&id)
                                    .fetch_optional(&self.pool)
                                    .await?;
                            let messages: Vec<(String, String, i64)> = sqlx::query_as(
                                "SELECT author, body, created_at FROM case_messages WHERE case_id = $1
                                 ORDER BY created_at, id",
                            )
                            .bind(&id)
                            .fetch_all(&self.pool)
                            .await?;
                            let messages = messages
                                .into_iter()
                                .map(|(from, body, at)| hearback_api::public::YourMessage { from, body, at })
                                .collect();
                            Some(hearback_api::public::YourCase { status, email, messages })
                        }
                    };
                    Ok(OwnRecord { created_at, follow_up_answers, contact, following, case })
                }

                async fn forget_followers(&self, survey_id: &str, receipt_hash: &str) -> Result<u64, StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
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
                    let gone = sqlx::query("DELETE FROM followers WHERE survey_id = $1 AND receipt_hash = $2")
                        .bind(survey_id)
                        .bind(receipt_hash)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                    tx.commit().await?;
                    Ok(gone)
                }
            }
        };
    };
}
pub(crate) use own_sql;
