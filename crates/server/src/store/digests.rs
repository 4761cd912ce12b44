//! The weekly digest e-mail members ask for: the [`DigestStore`] part of the store. Who asked, when
//! each was last sent, and the follow-up counts it told; a digest's e-mail is queued in the
//! transaction that marks it sent, so two server instances never send it twice.

use super::mail::NewMail;
use super::StoreError;
use async_trait::async_trait;
use std::collections::BTreeMap;

/// A member whose digest is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueDigest {
    pub organization_id: String,
    pub user_id: String,
    /// The last one went out then (or they asked then).
    pub since: i64,
    /// Answers each plan's follow-up question had then.
    pub follow_up_counts: BTreeMap<String, usize>,
}

#[async_trait]
pub trait DigestStore: Send + Sync {
    /// Whether the member gets the weekly digest.
    async fn digest_wanted(&self, organization_id: &str, user_id: &str) -> Result<bool, StoreError>;

    /// Asks for the digest (from `now`) or stops it.
    async fn want_digest(&self, organization_id: &str, user_id: &str, weekly: bool, now: i64)
        -> Result<(), StoreError>;

    /// Up to `limit` digests last sent at or before `before`, oldest first, of members who still
    /// belong to their organisation.
    async fn due_digests(&self, before: i64, limit: i64) -> Result<Vec<DueDigest>, StoreError>;

    /// Marks a digest sent at `now` with the counts it told and queues `mail` (none when there was
    /// nothing to say), in one transaction; false when another instance sent it since `since`.
    async fn record_digest(
        &self,
        due: &DueDigest,
        counts: &BTreeMap<String, usize>,
        mail: Option<&NewMail>,
        now: i64,
    ) -> Result<bool, StoreError>;
}

/// Implements `DigestStore` for a type with a `pool: sqlx::Pool<$db>` field.
macro_rules! digests_sql {
    ($store:ty, $db:ty) => {
        const _: () = {
            use async_trait::async_trait;
            use std::collections::BTreeMap;
            use $crate::store::digests::*;
            use $crate::store::mail::NewMail;
            use $crate::store::StoreError;

            #[async_trait]
            impl DigestStore for $store {
                async fn digest_wanted(&self, organization_id: &str, user_id: &str) -> Result<bool, StoreError> {
                    let found: Option<i64> = sqlx::query_scalar(
                        "SELECT last_sent_at FROM member_digests WHERE organization_id = $1 AND user_id = $2",
                    )
                    .bind(organization_id)
                    .bind(user_id)
                    .fetch_optional(&self.pool)
                    .await?;
                    Ok(found.is_some())
                }

                async fn want_digest(
                    &self,
                    organization_id: &str,
                    user_id: &str,
                    weekly: bool,
                    now: i64,
                ) -> Result<(), StoreError> {
                    let statement = if weekly {
                        "INSERT INTO member_digests (organization_id, user_id, last_sent_at) VALUES ($1, $2, $3)
                         ON CONFLICT (organization_id, user_id) DO NOTHING"
                    } else {
                        "DELETE FROM member_digests WHERE organization_id = $1 AND user_id = $2 AND $3 = $3"
                    };
                    sqlx::query(statement).bind(organization_id).bind(user_id).bind(now).execute(&self.pool).await?;
                    Ok(())
                }

                async fn due_digests(&self, before: i64, limit: i64) -> Result<Vec<DueDigest>, StoreError> {
                    let rows: Vec<(String, String, i64, String)> = sqlx::query_as(
                        "SELECT d.organization_id, d.user_id, d.last_sent_at, d.follow_up_counts FROM member_digests d
                         JOIN memberships m ON m.organization_id = d.organization_id AND m.user_id = d.user_id
                         WHERE d.last_sent_at <= $1 ORDER BY d.last_sent_at LIMIT $2",
                    )
                    .bind(before)
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?;
                    rows.into_iter()
                        .map(|(organization_id, user_id, since, counts)| {
                            let follow_up_counts = serde_json::from_str(&counts)
                                .map_err(|e| StoreError::Corrupt(format!("digest counts: {e}")))?;
                            Ok(DueDigest { organization_id, user_id, since, follow_up_counts })
                        })
                        .collect()
                }

                async fn record_digest(
                    &self,
                    due: &DueDigest,
                    counts: &BTreeMap<String, usize>,
                    mail: Option<&NewMail>,
                    now: i64,
                ) -> Result<bool, StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    let done = sqlx::query(
                        "UPDATE member_digests SET last_sent_at = $4, follow_up_counts = $5
                         WHERE organization_id = $1 AND user_id = $2 AND last_sent_at = $3",
                    )
                    .bind(&due.organization_id)
                    .bind(&due.user_id)
                    .bind(due.since)
                    .bind(now)
                    .bind(serde_json::to_string(counts).expect("counts serialize"))
                    .execute(&mut *tx)
                    .await?;
                    if done.rows_affected() == 0 {
                        return Ok(false);
                    }
                    if let Some(mail) = mail {
                        Self::insert_mail(&mut tx, mail, now).await?;
                    }
                    tx.commit().await?;
                    Ok(true)
                }
            }
        };
    };
}
pub(crate) use digests_sql;
