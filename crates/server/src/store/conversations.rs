//! A case's conversation with its customer: the [`ConversationStore`] part of the store. The
//! owner's messages (each e-mailed, in the same transaction, to a customer who gave an address),
//! the customer's answers, "Did we resolve it?", the address kept apart, and how long a closed
//! case keeps it.

use super::audit::Audit;
use super::cases::StoredCase;
use super::mail::NewMail;
use super::StoreError;
use async_trait::async_trait;
pub use hearback_api::case::{CaseMessage, MessageFrom};

/// A message to store.
#[derive(Debug, Clone)]
pub struct NewMessage<'a> {
    pub id: &'a str,
    pub case_id: &'a str,
    pub from: MessageFrom,
    /// The member who wrote it (the owner's side).
    pub user_id: Option<&'a str>,
    pub body: &'a str,
    pub at: i64,
}

#[async_trait]
pub trait ConversationStore: Send + Sync {
    /// A case's messages, oldest first, with the names of the members who wrote them.
    async fn case_messages(&self, case_id: &str) -> Result<Vec<CaseMessage>, StoreError>;

    /// The address a case's customer gave, while it is kept.
    async fn case_address(&self, case_id: &str) -> Result<Option<String>, StoreError>;

    /// The owner's message to the customer, with `mail` (to their address) in the same
    /// transaction; an open case is then contacted. `Conflict` when the case is closed.
    async fn write_to_customer(
        &self,
        message: &NewMessage<'_>,
        mail: Option<&NewMail>,
        audit: &Audit,
    ) -> Result<(), StoreError>;

    /// The case whose conversation page has this secret.
    async fn case_by_token(&self, token: &str) -> Result<Option<(StoredCase, String)>, StoreError>;

    /// The secret of a case's conversation page, while it has one.
    async fn conversation_token(&self, case_id: &str) -> Result<Option<String>, StoreError>;

    /// The case of a response, with the secret of its conversation page.
    async fn case_of_response(
        &self,
        survey_id: &str,
        response_id: &str,
    ) -> Result<Option<(StoredCase, Option<String>)>, StoreError>;

    /// The customer's answer, with `notice` (to the owner) in the same transaction. `Conflict`
    /// when the case was withdrawn.
    async fn customer_writes(&self, message: &NewMessage<'_>, notice: Option<&NewMail>) -> Result<(), StoreError>;

    /// The customer's answer to "Did we resolve it?" on a resolved case, once; a "no" opens the
    /// case again, due at `due_at`, and `notice` tells its owner. Whether it was taken (`false`:
    /// answered before, or the case is not resolved).
    async fn answer_resolved(
        &self,
        case_id: &str,
        resolved: bool,
        due_at: i64,
        notice: Option<&NewMail>,
    ) -> Result<bool, StoreError>;

    /// Days a closed case of the organisation keeps its customer's address.
    async fn contact_retention(&self, organization_id: &str) -> Result<u32, StoreError>;

    async fn set_contact_retention(&self, organization_id: &str, days: u32, audit: &Audit) -> Result<(), StoreError>;

    /// Deletes the addresses of cases closed longer ago than their organisation keeps them;
    /// how many.
    async fn purge_addresses(&self, now: i64) -> Result<u64, StoreError>;
}

/// Implements `ConversationStore` for a type with a `pool: sqlx::Pool<$db>` field.
macro_rules! conversations_sql {
    ($store:ty, $db:ty) => {
        const _: () = {
            use async_trait::async_trait;
            use $crate::store::audit::Audit;
            use $crate::store::cases::{decode_case, select_cases, CaseRow, StoredCase};
            use $crate::store::conversations::*;
            use $crate::store::mail::NewMail;
            use $crate::store::StoreError;

            impl $store {
                async fn insert_message(
                    connection: &mut <$db as sqlx::Database>::Connection,
                    m: &NewMessage<'_>,
                ) -> Result<(), StoreError> {
                    sqlx::query(
                        "INSERT INTO case_messages (id, case_id, author, user_id, body, created_at)
                         VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(m.id)
                    .bind(m.case_id)
                    .bind(m.from.as_str())
                    .bind(m.user_id)
                    .bind(m.body)
                    .bind(m.at)
                    .execute(connection)
                    .await?;
                    Ok(())
                }
            }

            #[async_trait]
            impl ConversationStore for $store {
                async fn case_messages(&self, case_id: &str) -> Result<Vec<CaseMessage>, StoreError> {
                    let rows: Vec<(String, String, Option<String>, String, i64)> = sqlx::query_as(
                        "SELECT m.id, m.author, u.name, m.body, m.created_at
                         FROM case_messages m LEFT JOIN users u ON u.id = m.user_id
                         WHERE m.case_id = $1 ORDER BY m.created_at, m.id",
                    )
                    .bind(case_id)
                    .fetch_all(&self.pool)
                    .await?;
                    rows.into_iter()
                        .map(|(id, from, author, body, at)| {
                            Ok(CaseMessage { id, from: $crate::store::error::named(&from)?, author, body, at })
                        })
                        .collect()
                }

                async fn case_address(&self, case_id: &str) -> Result<Option<String>, StoreError> {
                    Ok(sqlx::query_scalar("SELECT email FROM case_addresses WHERE case_id = $1")
                        .bind(case_id)
                        .fetch_optional(&self.pool)
                        .await?)
                }

                async fn write_to_customer(
                    &self,
                    m: &NewMessage<'_>,
                    mail: Option<&NewMail>,
                    audit: &Audit,
                ) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    let done = sqlx::query(
                        "UPDATE cases SET status = 'contacted', contacted_at = COALESCE(contacted_at, $2)
                         WHERE id = $1 AND status IN ('open', 'contacted')",
                    )
                    .bind(m.case_id)
                    .bind(m.at)
                    .execute(&mut *tx)
                    .await?;
                    if done.rows_affected() == 0 {
                        return Err(StoreError::Conflict);
                    }
                    Self::insert_message(&mut tx, m).await?;
                    if let Some(mail) = mail {
                        Self::insert_mail(&mut tx, mail, m.at).await?;
                    }
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn case_by_token(&self, token: &str) -> Result<Option<(StoredCase, String)>, StoreError> {
                    let row: Option<CaseRow> =
                        sqlx::query_as(select_cases!("WHERE c.conversation_token = $1")).bind(token).fetch_optional(&self.pool).await?;
                    let Some(case) = row.map(decode_case).transpose()? else { return Ok(None) };
                    let name: String = sqlx::query_scalar("SELECT name FROM organizations WHERE id = $1")
                        .bind(&case.organization_id)
                        .fetch_one(&self.pool)
                        .await?;
                    Ok(Some((case, name)))
                }

                async fn case_of_response(
                    &self,
                    survey_id: &str,
                    response_id: &str,
                ) -> Result<Option<(StoredCase, Option<String>)>, StoreError> {
                    let row: Option<CaseRow> =
                        sqlx::query_as(select_cases!("WHERE c.survey_id = $1 AND c.response_id = $2"))
                            .bind(survey_id)
                            .bind(response_id)
                            .fetch_optional(&self.pool)
                            .await?;
                    let Some(case) = row.map(decode_case).transpose()? else { return Ok(None) };
                    let token = self.conversation_token(&case.id).await?;
                    Ok(Some((case, token)))
                }

                async fn conversation_token(&self, case_id: &str) -> Result<Option<String>, StoreError> {
                    let token: Option<Option<String>> =
                        sqlx::query_scalar("SELECT conversation_token FROM cases WHERE id = $1")
                            .bind(case_id)
                            .fetch_optional(&self.pool)
                            .await?;
                    Ok(token.flatten())
                }

                async fn customer_writes(&self, m: &NewMessage<'_>, notice: Option<&NewMail>) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    let live: Option<String> =
                        sqlx::query_scalar("SELECT status FROM cases WHERE id = $1 AND status <> 'withdrawn'")
                            .bind(m.case_id)
                            .fetch_optional(&mut *tx)
                            .await?;
                    if live.is_none() {
                        return Err(StoreError::Conflict);
                    }
                    Self::insert_message(&mut tx, m).await?;
                    if let Some(notice) = notice {
                        Self::insert_mail(&mut tx, notice, m.at).await?;
                    }
                    tx.commit().await?;
                    Ok(())
                }

                async fn answer_resolved(
                    &self,
                    case_id: &str,
                    resolved: bool,
                    due_at: i64,
                    notice: Option<&NewMail>,
                ) -> Result<bool, StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    let done = sqlx::query(
                        "UPDATE cases SET resolved_answer = $2,
                             status = CASE WHEN $2 = 'no' THEN 'open' ELSE status END,
                             closed_at = CASE WHEN $2 = 'no' THEN NULL ELSE closed_at END,
                             due_at = CASE WHEN $2 = 'no' THEN $3 ELSE due_at END,
                             overdue_told_at = CASE WHEN $2 = 'no' THEN NULL ELSE overdue_told_at END
                         WHERE id = $1 AND status = 'resolved' AND resolved_answer IS NULL",
                    )
                    .bind(case_id)
                    .bind(if resolved { "yes" } else { "no" })
                    .bind(due_at)
                    .execute(&mut *tx)
                    .await?;
                    let taken = done.rows_affected() == 1;
                    if let (true, Some(notice)) = (taken, notice) {
                        Self::insert_mail(&mut tx, notice, $crate::store::now_millis()).await?;
                    }
                    tx.commit().await?;
                    Ok(taken)
                }

                async fn contact_retention(&self, organization_id: &str) -> Result<u32, StoreError> {
                    self.organization_days(organization_id, $crate::store::audiences::DaysSetting::ContactRetention).await
                }

                async fn set_contact_retention(
                    &self,
                    organization_id: &str,
                    days: u32,
                    audit: &Audit,
                ) -> Result<(), StoreError> {
                    let setting = $crate::store::audiences::DaysSetting::ContactRetention;
                    self.set_organization_days(organization_id, setting, days, audit).await
                }

                async fn purge_addresses(&self, now: i64) -> Result<u64, StoreError> {
                    let done = sqlx::query(
                        "DELETE FROM case_addresses WHERE case_id IN (
                             SELECT c.id FROM cases c JOIN organizations o ON o.id = c.organization_id
                             WHERE c.closed_at IS NOT NULL AND c.closed_at + o.contact_retention_days * 86400000 <= $1)",
                    )
                    .bind(now)
                    .execute(&self.pool)
                    .await?;
                    Ok(done.rows_affected())
                }
            }
        };
    };
}
pub(crate) use conversations_sql;
