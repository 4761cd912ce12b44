//! The e-mail outbox: the [`MailStore`] part of the store, for both databases.

use super::webhooks::Attempt;
use super::StoreError;
use async_trait::async_trait;

/// A message to send.
#[derive(Debug, Clone)]
pub struct NewMail {
    pub id: String,
    pub recipient: String,
    /// The named person who answers replies.
    pub reply_to: Option<String>,
    pub subject: String,
    pub body: String,
    /// The recipient's own link to stop such messages (the `List-Unsubscribe` header).
    pub unsubscribe_url: Option<String>,
    /// The person the message comes from, named in `From` beside the server's own address.
    pub from_name: Option<String>,
}

/// A message a worker has claimed and must now try to send.
#[derive(Debug, Clone)]
pub struct DueMail {
    pub mail: NewMail,
    /// Attempts made before this one.
    pub attempts: i64,
}

/// One line of the outbox, as tests and operators read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailLog {
    pub id: String,
    pub recipient: String,
    pub subject: String,
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
}

#[async_trait]
pub trait MailStore: Send + Sync {
    async fn enqueue_mail(&self, mail: &NewMail, now: i64) -> Result<(), StoreError>;

    /// Claims up to `limit` pending messages due at `now` until `lease_until`.
    async fn claim_due_mail(&self, now: i64, lease_until: i64, limit: i64) -> Result<Vec<DueMail>, StoreError>;

    /// Records an attempt (`status` is the SMTP reply code, when there was one).
    async fn record_mail_attempt(&self, id: &str, attempt: &Attempt) -> Result<(), StoreError>;

    /// The latest messages, newest first.
    async fn mail_log(&self, limit: i64) -> Result<Vec<MailLog>, StoreError>;
}

/// Implements `MailStore` for a type with a `pool: sqlx::Pool<$db>` field.
macro_rules! mail_sql {
    ($store:ty, $db:ty) => {
        const _: () = {
            use async_trait::async_trait;
            use $crate::store::mail::*;
            use $crate::store::webhooks::Attempt;
            use $crate::store::StoreError;

            impl $store {
                /// Queues a message on `connection`: in a transaction, with what it tells about.
                pub(crate) async fn insert_mail(
                    connection: &mut <$db as sqlx::Database>::Connection,
                    m: &NewMail,
                    now: i64,
                ) -> Result<(), StoreError> {
                    sqlx::query(
                        "INSERT INTO mail_outbox (id, recipient, reply_to, subject, body, unsubscribe_url, from_name,
                             status, next_attempt_at, created_at)
                         VALUES ($1, $2, $3, $4, $5, $6, $8, 'pending', $7, $7)",
                    )
                    .bind(&m.id)
                    .bind(&m.recipient)
                    .bind(&m.reply_to)
                    .bind(&m.subject)
                    .bind(&m.body)
                    .bind(&m.unsubscribe_url)
                    .bind(now)
                    .bind(&m.from_name)
                    .execute(connection)
                    .await?;
                    Ok(())
                }
            }

            #[async_trait]
            impl MailStore for $store {
                async fn enqueue_mail(&self, m: &NewMail, now: i64) -> Result<(), StoreError> {
                    let mut connection = self.pool.acquire().await?;
                    Self::insert_mail(&mut connection, m, now).await
                }

                async fn claim_due_mail(
                    &self,
                    now: i64,
                    lease_until: i64,
                    limit: i64,
                ) -> Result<Vec<DueMail>, StoreError> {
                    type Row = (String, String, Option<String>, String, String, Option<String>, Option<String>, i64);
                    let candidates: Vec<Row> = sqlx::query_as(
                        "SELECT id, recipient, reply_to, subject, body, unsubscribe_url, from_name, attempts FROM mail_outbox
                         WHERE status = 'pending' AND next_attempt_at <= $1 AND claimed_until < $1
                         ORDER BY next_attempt_at LIMIT $2",
                    )
                    .bind(now)
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?;
                    let mut claimed = Vec::new();
                    for (id, recipient, reply_to, subject, body, unsubscribe_url, from_name, attempts) in candidates {
                        let won = sqlx::query(
                            "UPDATE mail_outbox SET claimed_until = $1 WHERE id = $2 AND claimed_until < $3",
                        )
                        .bind(lease_until)
                        .bind(&id)
                        .bind(now)
                        .execute(&self.pool)
                        .await?;
                        if won.rows_affected() == 1 {
                            let mail = NewMail { id, recipient, reply_to, subject, body, unsubscribe_url, from_name };
                            claimed.push(DueMail { mail, attempts });
                        }
                    }
                    Ok(claimed)
                }

                async fn record_mail_attempt(&self, id: &str, attempt: &Attempt) -> Result<(), StoreError> {
                    let (status, error, next) = match attempt {
                        Attempt::Skipped => {
                            sqlx::query("DELETE FROM mail_outbox WHERE id = $1").bind(id).execute(&self.pool).await?;
                            return Ok(());
                        }
                        Attempt::Delivered { .. } => ("sent", None, 0),
                        Attempt::Failed { error, retry_at: Some(at), .. } => ("pending", Some(error.clone()), *at),
                        Attempt::Failed { error, retry_at: None, .. } => ("failed", Some(error.clone()), 0),
                    };
                    sqlx::query(
                        "UPDATE mail_outbox SET status = $1, attempts = attempts + 1, last_error = $2,
                             next_attempt_at = $3, claimed_until = 0
                         WHERE id = $4",
                    )
                    .bind(status)
                    .bind(error)
                    .bind(next)
                    .bind(id)
                    .execute(&self.pool)
                    .await?;
                    Ok(())
                }

                async fn mail_log(&self, limit: i64) -> Result<Vec<MailLog>, StoreError> {
                    let rows: Vec<(String, String, String, String, i64, Option<String>)> = sqlx::query_as(
                        "SELECT id, recipient, subject, status, attempts, last_error FROM mail_outbox
                         ORDER BY created_at DESC, id LIMIT $1",
                    )
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?;
                    Ok(rows
                        .into_iter()
                        .map(|(id, recipient, subject, status, attempts, last_error)| MailLog {
                            id,
                            recipient,
                            subject,
                            status,
                            attempts,
                            last_error,
                        })
                        .collect())
                }
            }
        };
    };
}

pub(crate) use mail_sql;
