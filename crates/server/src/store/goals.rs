//! Members' monthly goals of customers spoken with: the [`GoalStore`] part of the store.

use super::audit::Audit;
use super::StoreError;
use async_trait::async_trait;

#[async_trait]
pub trait GoalStore: Send + Sync {
    /// An organisation's goals: (user id, customers a month).
    async fn member_goals(&self, organization_id: &str) -> Result<Vec<(String, u32)>, StoreError>;

    /// Sets a member's goal, or removes it with `None`.
    async fn set_member_goal(
        &self,
        organization_id: &str,
        user_id: &str,
        per_month: Option<u32>,
        audit: &Audit,
    ) -> Result<(), StoreError>;
}

/// Implements `GoalStore` for a type with a `pool: sqlx::Pool<$db>` field.
macro_rules! goals_sql {
    ($store:ty, $db:ty) => {
        const _: () = {
            use async_trait::async_trait;
            use $crate::store::audit::Audit;
            use $crate::store::goals::*;
            use $crate::store::StoreError;

            #[async_trait]
            impl GoalStore for $store {
                async fn member_goals(&self, organization_id: &str) -> Result<Vec<(String, u32)>, StoreError> {
                    let rows: Vec<(String, i64)> =
                        sqlx::query_as("SELECT user_id, per_month FROM member_goals WHERE organization_id = $1")
                            .bind(organization_id)
                            .fetch_all(&self.pool)
                            .await?;
                    Ok(rows.into_iter().map(|(user, n)| (user, n as u32)).collect())
                }

                async fn set_member_goal(
                    &self,
                    organization_id: &str,
                    user_id: &str,
                    per_month: Option<u32>,
                    audit: &Audit,
                ) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    match per_month {
                        Some(n) => {
                            sqlx::query(
                                "INSERT INTO member_goals (organization_id, user_id, per_month) VALUES ($1, $2, $3)
                                 ON CONFLICT (organization_id, user_id) DO UPDATE SET per_month = excluded.per_month",
                            )
                            .bind(organization_id)
                            .bind(user_id)
                            .bind(i64::from(n))
                            .execute(&mut *tx)
                            .await?;
                        }
                        None => {
                            sqlx::query("DELETE FROM member_goals WHERE organization_id = $1 AND user_id = $2")
                                .bind(organization_id)
                                .bind(user_id)
                                .execute(&mut *tx)
                                .await?;
                        }
                    }
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }
            }
        };
    };
}
pub(crate) use goals_sql;
