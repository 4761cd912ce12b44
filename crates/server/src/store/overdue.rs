//! Overdue cases: the [`OverdueStore`] part of the store. A case still open after its due time is
//! told once to its owner and its escalation member, the e-mails queued in the transaction that
//! marks it told, so two server instances never tell it twice and SMTP being down loses nothing.

use super::cases::StoredCase;
use super::mail::NewMail;
use super::StoreError;
use async_trait::async_trait;

/// An overdue case, with where to tell it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverdueCase {
    pub case: StoredCase,
    pub owner_email: String,
    pub escalate_email: Option<String>,
}

#[async_trait]
pub trait OverdueStore: Send + Sync {
    /// Up to `limit` cases open after their due time at `now` and not told yet, most overdue first.
    async fn overdue_cases(&self, now: i64, limit: i64) -> Result<Vec<OverdueCase>, StoreError>;

    /// Marks a case told and queues `mails`, in one transaction; false when it was told already.
    async fn tell_overdue(&self, case_id: &str, mails: &[NewMail], now: i64) -> Result<bool, StoreError>;
}

/// Implements `OverdueStore` for a type with a `pool: sqlx::Pool<$db>` field.
macro_rules! overdue_sql {
    ($store:ty, $db:ty) => {
        const _: () = {
            use async_trait::async_trait;
            use $crate::store::cases::{decode_case, select_cases, CaseRow};
            use $crate::store::mail::NewMail;
            use $crate::store::overdue::*;
            use $crate::store::StoreError;

            #[async_trait]
            impl OverdueStore for $store {
                async fn overdue_cases(&self, now: i64, limit: i64) -> Result<Vec<OverdueCase>, StoreError> {
                    let rows: Vec<CaseRow> = sqlx::query_as(select_cases!(
                        "WHERE c.status = 'open' AND c.due_at < $1 AND c.overdue_told_at IS NULL
                         ORDER BY c.due_at, c.id LIMIT $2"
                    ))
                    .bind(now)
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?;
                    let mut overdue = Vec::with_capacity(rows.len());
                    for row in rows {
                        let case = decode_case(row)?;
                        let email = |user: String| {
                            sqlx::query_scalar::<_, String>("SELECT email FROM users WHERE id = $1")
                                .bind(user)
                                .fetch_one(&self.pool)
                        };
                        let owner_email = email(case.owner.user_id.clone()).await?;
                        let escalate_email = match &case.escalate_to {
                            Some(member) => Some(email(member.user_id.clone()).await?),
                            None => None,
                        };
                        overdue.push(OverdueCase { case, owner_email, escalate_email });
                    }
                    Ok(overdue)
                }

                async fn tell_overdue(&self, case_id: &str, mails: &[NewMail], now: i64) -> Result<bool, StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    let done =
                        sqlx::query("UPDATE cases SET overdue_told_at = $2 WHERE id = $1 AND overdue_told_at IS NULL")
                            .bind(case_id)
                            .bind(now)
                            .execute(&mut *tx)
                            .await?;
                    if done.rows_affected() != 1 {
                        return Ok(false);
                    }
                    for mail in mails {
                        Self::insert_mail(&mut tx, mail, now).await?;
                    }
                    tx.commit().await?;
                    Ok(true)
                }
            }
        };
    };
}
pub(crate) use overdue_sql;
