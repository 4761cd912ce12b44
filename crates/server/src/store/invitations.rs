//! E-mail survey invitations and opt-outs: the [`InvitationStore`] part of the store, for both
//! databases.

use super::mail::NewMail;
use super::StoreError;
use async_trait::async_trait;
pub use hearback_api::invitation::{InvitationSummary, MailEventKind};

/// An invitation to write, with its message.
#[derive(Debug, Clone)]
pub struct NewInvitation {
    pub id: String,
    pub survey_id: String,
    pub organization_id: String,
    pub email: String,
    pub language: String,
    pub token_hash: String,
    pub response_key: String,
    pub mail: NewMail,
}

/// An invitation as its link finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    pub id: String,
    pub survey_id: String,
    pub organization_id: String,
    pub email: String,
    pub language: String,
    pub response_key: String,
    /// `sent`, `answered`, `opted_out`, `bounced`, `complained`.
    pub status: String,
}

#[async_trait]
pub trait InvitationStore: Send + Sync {
    /// The addresses (lowercase) that asked an organisation for no more surveys.
    async fn opted_out(&self, organization_id: &str) -> Result<std::collections::HashSet<String>, StoreError>;

    /// Writes invitations and queues their messages, in one transaction. Each one whose
    /// address was invited to the survey already is left out (with no message); returns
    /// whether each was written.
    async fn add_invitations(&self, invitations: &[NewInvitation], now: i64) -> Result<Vec<bool>, StoreError>;

    async fn invitation(&self, token_hash: &str) -> Result<Option<Invitation>, StoreError>;

    /// Marks an invitation answered, once: `Conflict` when it is answered, opted out or gone.
    async fn answer_invitation(&self, id: &str, now: i64) -> Result<(), StoreError>;

    /// No more surveys from the organisation to the address: kept, every invitation not
    /// answered yet marked, and their messages not sent yet dropped from the outbox.
    async fn opt_out(&self, organization_id: &str, email: &str, now: i64) -> Result<(), StoreError>;

    /// A bounce or complaint about an address the organisation invited: marks its invitations
    /// not answered yet (a complaint opts the address out too). Returns how many.
    async fn mail_event(
        &self,
        organization_id: &str,
        email: &str,
        kind: MailEventKind,
        now: i64,
    ) -> Result<u64, StoreError>;

    async fn invitation_summary(&self, survey_id: &str) -> Result<InvitationSummary, StoreError>;
}

/// Implements `InvitationStore` for a type with a `pool: sqlx::Pool<$db>` field.
macro_rules! invitations_sql {
    ($store:ty, $db:ty) => {
        const _: () = {
            use async_trait::async_trait;
            use $crate::store::invitations::*;
            use $crate::store::StoreError;

            /// The messages of an address's invitations not answered yet, not sent yet.
            async fn drop_unsent(
                tx: &mut sqlx::Transaction<'_, $db>,
                organization_id: &str,
                email: &str,
            ) -> Result<(), StoreError> {
                sqlx::query(
                    "DELETE FROM mail_outbox WHERE status = 'pending' AND id IN
                       (SELECT mail_id FROM survey_invitations WHERE organization_id = $1 AND email = $2 AND status = 'sent')",
                )
                .bind(organization_id)
                .bind(email)
                .execute(&mut **tx)
                .await?;
                Ok(())
            }

            async fn mark(
                tx: &mut sqlx::Transaction<'_, $db>,
                organization_id: &str,
                email: &str,
                status: &str,
            ) -> Result<u64, StoreError> {
                let done = sqlx::query(
                    "UPDATE survey_invitations SET status = $3 WHERE organization_id = $1 AND email = $2 AND status = 'sent'",
                )
                .bind(organization_id)
                .bind(email)
                .bind(status)
                .execute(&mut **tx)
                .await?;
                Ok(done.rows_affected())
            }

            async fn keep_opt_out(
                tx: &mut sqlx::Transaction<'_, $db>,
                organization_id: &str,
                email: &str,
                now: i64,
            ) -> Result<(), StoreError> {
                sqlx::query(
                    "INSERT INTO survey_opt_outs (organization_id, email, created_at) VALUES ($1, $2, $3)
                     ON CONFLICT (organization_id, email) DO NOTHING",
                )
                .bind(organization_id)
                .bind(email)
                .bind(now)
                .execute(&mut **tx)
                .await?;
                Ok(())
            }

            #[async_trait]
            impl InvitationStore for $store {
                async fn opted_out(&self, organization_id: &str) -> Result<std::collections::HashSet<String>, StoreError> {
                    let rows: Vec<String> =
                        sqlx::query_scalar("SELECT email FROM survey_opt_outs WHERE organization_id = $1")
                            .bind(organization_id)
                            .fetch_all(&self.pool)
                            .await?;
                    Ok(rows.into_iter().collect())
                }

                async fn add_invitations(&self, invitations: &[NewInvitation], now: i64) -> Result<Vec<bool>, StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    let mut written = Vec::with_capacity(invitations.len());
                    for i in invitations {
                        let done = sqlx::query(
                            "INSERT INTO survey_invitations (id, survey_id, organization_id, email, language, token_hash,
                                 response_key, status, mail_id, created_at)
                             VALUES ($1, $2, $3, $4, $5, $6, $7, 'sent', $8, $9)
                             ON CONFLICT (survey_id, email) DO NOTHING",
                        )
                        .bind(&i.id)
                        .bind(&i.survey_id)
                        .bind(&i.organization_id)
                        .bind(&i.email)
                        .bind(&i.language)
                        .bind(&i.token_hash)
                        .bind(&i.response_key)
                        .bind(&i.mail.id)
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                        let fresh = done.rows_affected() == 1;
                        if fresh {
                            Self::insert_mail(&mut tx, &i.mail, now).await?;
                        }
                        written.push(fresh);
                    }
                    tx.commit().await?;
                    Ok(written)
                }

                async fn invitation(&self, token_hash: &str) -> Result<Option<Invitation>, StoreError> {
                    let row: Option<(String, String, String, String, String, String, String)> = sqlx::query_as(
                        "SELECT id, survey_id, organization_id, email, language, response_key, status
                         FROM survey_invitations WHERE token_hash = $1",
                    )
                    .bind(token_hash)
                    .fetch_optional(&self.pool)
                    .await?;
                    Ok(row.map(|(id, survey_id, organization_id, email, language, response_key, status)| Invitation {
                        id,
                        survey_id,
                        organization_id,
                        email,
                        language,
                        response_key,
                        status,
                    }))
                }

                async fn answer_invitation(&self, id: &str, now: i64) -> Result<(), StoreError> {
                    let done = sqlx::query(
                        "UPDATE survey_invitations SET status = 'answered', answered_at = $2 WHERE id = $1 AND status = 'sent'",
                    )
                    .bind(id)
                    .bind(now)
                    .execute(&self.pool)
                    .await?;
                    match done.rows_affected() {
                        1 => Ok(()),
                        _ => Err(StoreError::Conflict),
                    }
                }

                async fn opt_out(&self, organization_id: &str, email: &str, now: i64) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    keep_opt_out(&mut tx, organization_id, email, now).await?;
                    drop_unsent(&mut tx, organization_id, email).await?;
                    mark(&mut tx, organization_id, email, "opted_out").await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn mail_event(
                    &self,
                    organization_id: &str,
                    email: &str,
                    kind: MailEventKind,
                    now: i64,
                ) -> Result<u64, StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    if kind == MailEventKind::Complaint {
                        keep_opt_out(&mut tx, organization_id, email, now).await?;
                        drop_unsent(&mut tx, organization_id, email).await?;
                    }
                    let status = match kind {
                        MailEventKind::Bounce => "bounced",
                        MailEventKind::Complaint => "complained",
                    };
                    let marked = mark(&mut tx, organization_id, email, status).await?;
                    tx.commit().await?;
                    Ok(marked)
                }

                async fn invitation_summary(&self, survey_id: &str) -> Result<InvitationSummary, StoreError> {
                    let rows: Vec<(String, Option<String>, i64)> = sqlx::query_as(
                        "SELECT i.status, o.status, COUNT(*) FROM survey_invitations i
                         LEFT JOIN mail_outbox o ON o.id = i.mail_id
                         WHERE i.survey_id = $1 GROUP BY i.status, o.status",
                    )
                    .bind(survey_id)
                    .fetch_all(&self.pool)
                    .await?;
                    let mut summary = InvitationSummary::default();
                    for (status, mail, count) in rows {
                        let count = count.max(0) as u64;
                        summary.invited += count;
                        match mail.as_deref() {
                            Some("sent") => summary.delivered += count,
                            Some("failed") => summary.failed += count,
                            Some(_) => summary.waiting += count,
                            None => {}
                        }
                        match status.as_str() {
                            "answered" => summary.answered += count,
                            "opted_out" => summary.opted_out += count,
                            "bounced" => summary.bounced += count,
                            "complained" => summary.complained += count,
                            _ => {}
                        }
                    }
                    Ok(summary)
                }
            }
        };
    };
}
pub(crate) use invitations_sql;
