//! Webhooks and their deliveries: the [`WebhookStore`] part of the store, for both databases.

use super::audit::Audit;
use super::StoreError;
use async_trait::async_trait;
pub use hearback_api::webhook::{ChatRule, DeliveryLog, Webhook, WebhookFormat};

#[derive(Debug, Clone)]
pub struct NewWebhook<'a> {
    pub id: &'a str,
    pub organization_id: &'a str,
    pub survey_id: &'a str,
    pub url: &'a str,
    pub secret: &'a str,
    pub format: WebhookFormat,
    pub rule: Option<&'a ChatRule>,
    pub daily_summary: bool,
}

/// A delivery a worker has claimed and must now attempt.
#[derive(Debug, Clone)]
pub struct DueDelivery {
    pub id: String,
    pub url: String,
    pub secret: String,
    pub payload: String,
    /// Attempts made before this one.
    pub attempts: i64,
    pub survey_id: String,
    pub format: WebhookFormat,
    /// A chat webhook's rule, as stored (JSON).
    pub rule: Option<String>,
}

/// How an attempt went.
#[derive(Debug, Clone)]
pub enum Attempt {
    Delivered {
        status: u16,
    },
    /// Not delivered; tried again at `retry_at`, or given up when `None`.
    Failed {
        status: Option<u16>,
        error: String,
        retry_at: Option<i64>,
    },
    /// Nothing to send (a response a chat webhook's rule leaves out): the delivery goes.
    Skipped,
}

#[async_trait]
pub trait WebhookStore: Send + Sync {
    async fn create_webhook(&self, webhook: &NewWebhook<'_>, audit: &Audit) -> Result<(), StoreError>;

    /// A survey's webhooks, oldest first.
    async fn webhooks(&self, survey_id: &str) -> Result<Vec<Webhook>, StoreError>;

    /// `NotFound` unless the survey has such a webhook.
    async fn delete_webhook(&self, survey_id: &str, id: &str, audit: &Audit) -> Result<(), StoreError>;

    /// Claims up to `limit` pending deliveries due at `now` until `lease_until`; a delivery
    /// claimed by one worker is not claimed by another until the lease runs out.
    async fn claim_due_deliveries(
        &self,
        now: i64,
        lease_until: i64,
        limit: i64,
    ) -> Result<Vec<DueDelivery>, StoreError>;

    async fn record_attempt(&self, id: &str, attempt: &Attempt) -> Result<(), StoreError>;

    /// The latest deliveries of a survey's webhooks, newest first.
    async fn deliveries(&self, survey_id: &str, limit: i64) -> Result<Vec<DeliveryLog>, StoreError>;

    /// The chat webhooks that want a daily summary and have none queued under `key` yet:
    /// (webhook id, survey id, made at).
    async fn summary_webhooks(&self, key: &str) -> Result<Vec<(String, String, i64)>, StoreError>;

    /// Queues `payload` for a webhook under `key` (`summary:DAY`), once: false when it is queued
    /// already (by an earlier round, or another instance).
    async fn queue_once(&self, webhook_id: &str, key: &str, payload: &str, now: i64) -> Result<bool, StoreError>;
}

/// Implements `WebhookStore` for a type with a `pool: sqlx::Pool<$db>` field.
macro_rules! webhooks_sql {
    ($store:ty, $db:ty) => {
        const _: () = {
            use async_trait::async_trait;
            use $crate::store::audit::Audit;
            use $crate::store::webhooks::*;
            use $crate::store::{found, StoreError};

            type LogRow = (String, String, String, String, i64, Option<i64>, Option<String>, i64, i64);

            impl $store {
                /// Queues a delivery of `payload` to each of the survey's webhooks, once per
                /// response, on `connection`: in the transaction that finishes the response.
                pub(crate) async fn queue_deliveries(
                    connection: &mut <$db as sqlx::Database>::Connection,
                    survey_id: &str,
                    response_id: &str,
                    payload: &str,
                    now: i64,
                ) -> Result<u64, StoreError> {
                    let done = sqlx::query(
                        "INSERT INTO webhook_deliveries (id, webhook_id, response_id, payload, status, next_attempt_at, created_at)
                         SELECT id || ':' || $2, id, $2, $3, 'pending', $4, $4
                         FROM webhooks WHERE survey_id = $1 AND deleted = FALSE
                         ON CONFLICT (webhook_id, response_id) DO NOTHING",
                    )
                    .bind(survey_id)
                    .bind(response_id)
                    .bind(payload)
                    .bind(now)
                    .execute(connection)
                    .await?;
                    Ok(done.rows_affected())
                }
            }

            #[async_trait]
            impl WebhookStore for $store {
                async fn create_webhook(&self, w: &NewWebhook<'_>, audit: &Audit) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    let rule = w.rule.map(|r| serde_json::to_string(r).expect("a rule always serializes"));
                    sqlx::query(
                        "INSERT INTO webhooks (id, organization_id, survey_id, url, secret, created_at, format, rule, daily_summary)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                    )
                    .bind(w.id)
                    .bind(w.organization_id)
                    .bind(w.survey_id)
                    .bind(w.url)
                    .bind(w.secret)
                    .bind($crate::store::now_millis())
                    .bind(w.format.as_str())
                    .bind(rule)
                    .bind(w.daily_summary)
                    .execute(&mut *tx)
                    .await?;
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn webhooks(&self, survey_id: &str) -> Result<Vec<Webhook>, StoreError> {
                    let rows: Vec<(String, String, i64, String, Option<String>, bool)> = sqlx::query_as(
                        "SELECT id, url, created_at, format, rule, daily_summary FROM webhooks
                         WHERE survey_id = $1 AND deleted = FALSE ORDER BY created_at, id",
                    )
                    .bind(survey_id)
                    .fetch_all(&self.pool)
                    .await?;
                    rows.into_iter()
                        .map(|(id, url, created_at, format, rule, daily_summary)| {
                            let rule = rule
                                .map(|r| serde_json::from_str(&r))
                                .transpose()
                                .map_err(|e| StoreError::Corrupt(format!("webhook `{id}`'s rule: {e}")))?;
                            let format = super::error::named(&format)?;
                            Ok(Webhook { id, url, created_at, format, rule, daily_summary })
                        })
                        .collect()
                }

                async fn delete_webhook(&self, survey_id: &str, id: &str, audit: &Audit) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    let done = sqlx::query(
                        "UPDATE webhooks SET deleted = TRUE WHERE survey_id = $1 AND id = $2 AND deleted = FALSE",
                    )
                    .bind(survey_id)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                    found(done.rows_affected())?;
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn claim_due_deliveries(
                    &self,
                    now: i64,
                    lease_until: i64,
                    limit: i64,
                ) -> Result<Vec<DueDelivery>, StoreError> {
                    type Candidate = (String, String, String, String, i64, String, String, Option<String>);
                    let candidates: Vec<Candidate> = sqlx::query_as(
                        "SELECT d.id, w.url, w.secret, d.payload, d.attempts, w.survey_id, w.format, w.rule
                         FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
                         WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND d.claimed_until < $1
                         ORDER BY d.next_attempt_at LIMIT $2",
                    )
                    .bind(now)
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?;
                    let mut claimed = Vec::new();
                    for (id, url, secret, payload, attempts, survey_id, format, rule) in candidates {
                        let won = sqlx::query(
                            "UPDATE webhook_deliveries SET claimed_until = $1 WHERE id = $2 AND claimed_until < $3",
                        )
                        .bind(lease_until)
                        .bind(&id)
                        .bind(now)
                        .execute(&self.pool)
                        .await?;
                        if won.rows_affected() == 1 {
                            let format = super::error::named(&format)?;
                            claimed.push(DueDelivery { id, url, secret, payload, attempts, survey_id, format, rule });
                        }
                    }
                    Ok(claimed)
                }

                async fn record_attempt(&self, id: &str, attempt: &Attempt) -> Result<(), StoreError> {
                    let (status, last_status, error, next) = match attempt {
                        Attempt::Skipped => {
                            sqlx::query("DELETE FROM webhook_deliveries WHERE id = $1").bind(id).execute(&self.pool).await?;
                            return Ok(());
                        }
                        Attempt::Delivered { status } => ("delivered", Some(i64::from(*status)), None, 0),
                        Attempt::Failed { status, error, retry_at: Some(at) } => {
                            ("pending", status.map(i64::from), Some(error.clone()), *at)
                        }
                        Attempt::Failed { status, error, retry_at: None } => {
                            ("failed", status.map(i64::from), Some(error.clone()), 0)
                        }
                    };
                    sqlx::query(
                        "UPDATE webhook_deliveries SET status = $1, attempts = attempts + 1, last_status = $2,
                             last_error = $3, next_attempt_at = $4, claimed_until = 0
                         WHERE id = $5",
                    )
                    .bind(status)
                    .bind(last_status)
                    .bind(error)
                    .bind(next)
                    .bind(id)
                    .execute(&self.pool)
                    .await?;
                    Ok(())
                }

                async fn deliveries(&self, survey_id: &str, limit: i64) -> Result<Vec<DeliveryLog>, StoreError> {
                    let rows: Vec<LogRow> = sqlx::query_as(
                        "SELECT d.id, d.webhook_id, d.response_id, d.status, d.attempts, d.last_status, d.last_error,
                                d.next_attempt_at, d.created_at
                         FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
                         WHERE w.survey_id = $1 ORDER BY d.created_at DESC, d.id LIMIT $2",
                    )
                    .bind(survey_id)
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?;
                    rows.into_iter()
                        .map(|(id, webhook_id, response_id, status, attempts, last_status, last_error, next_attempt_at, created_at)| {
                            Ok(DeliveryLog {
                                id,
                                webhook_id,
                                response_id,
                                status: super::error::named(&status)?,
                                attempts,
                                last_status,
                                last_error,
                                next_attempt_at,
                                created_at,
                            })
                        })
                        .collect()
                }

                async fn summary_webhooks(&self, key: &str) -> Result<Vec<(String, String, i64)>, StoreError> {
                    Ok(sqlx::query_as(
                        "SELECT w.id, w.survey_id, w.created_at FROM webhooks w
                         WHERE w.daily_summary = TRUE AND w.deleted = FALSE AND NOT EXISTS
                             (SELECT 1 FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.response_id = $1)
                         ORDER BY w.id",
                    )
                    .bind(key)
                    .fetch_all(&self.pool)
                    .await?)
                }

                async fn queue_once(&self, webhook_id: &str, key: &str, payload: &str, now: i64) -> Result<bool, StoreError> {
                    let done = sqlx::query(
                        "INSERT INTO webhook_deliveries (id, webhook_id, response_id, payload, status, next_attempt_at, created_at)
                         VALUES ($1 || ':' || $2, $1, $2, $3, 'pending', $4, $4)
                         ON CONFLICT (webhook_id, response_id) DO NOTHING",
                    )
                    .bind(webhook_id)
                    .bind(key)
                    .bind(payload)
                    .bind(now)
                    .execute(&self.pool)
                    .await?;
                    Ok(done.rows_affected() == 1)
                }
            }
        };
    };
}

pub(crate) use webhooks_sql;
