//! Who surveys ask by themselves: the [`AudienceStore`] part of the store, for both databases.

use super::audit::Audit;
use super::StoreError;
use async_trait::async_trait;
pub use hearback_api::audience::Audience;

#[async_trait]
pub trait AudienceStore: Send + Sync {
    /// A survey's audience; everyone when it has none.
    async fn audience(&self, survey_id: &str) -> Result<Audience, StoreError>;

    /// Sets a survey's audience; everyone removes it.
    async fn set_audience(&self, survey_id: &str, audience: &Audience, audit: &Audit) -> Result<(), StoreError>;

    /// Days none of an organisation's surveys asks a visitor by itself after they answered or
    /// dismissed one of them (0: no limit across surveys).
    async fn fatigue_days(&self, organization_id: &str) -> Result<u32, StoreError>;

    async fn set_fatigue_days(&self, organization_id: &str, days: u32, audit: &Audit) -> Result<(), StoreError>;
}

/// Implements `AudienceStore` for a type with a `pool: sqlx::Pool<$db>` field.
macro_rules! audiences_sql {
    ($store:ty, $db:ty) => {
        const _: () = {
            use async_trait::async_trait;
            use $crate::store::audiences::*;
            use $crate::store::audit::Audit;
            use $crate::store::StoreError;

            #[async_trait]
            impl AudienceStore for $store {
                async fn audience(&self, survey_id: &str) -> Result<Audience, StoreError> {
                    let rules: Option<String> =
                        sqlx::query_scalar("SELECT rules FROM survey_audiences WHERE survey_id = $1")
                            .bind(survey_id)
                            .fetch_optional(&self.pool)
                            .await?;
                    rules
                        .map(|r| serde_json::from_str(&r))
                        .transpose()
                        .map(Option::unwrap_or_default)
                        .map_err(|e| StoreError::Corrupt(format!("the audience of `{survey_id}`: {e}")))
                }

                async fn set_audience(
                    &self,
                    survey_id: &str,
                    audience: &Audience,
                    audit: &Audit,
                ) -> Result<(), StoreError> {
                    let mut tx = self.pool.begin().await?;
                    sqlx::query("DELETE FROM survey_audiences WHERE survey_id = $1")
                        .bind(survey_id)
                        .execute(&mut *tx)
                        .await?;
                    if *audience != Audience::default() {
                        let rules = serde_json::to_string(audience).expect("an audience always serializes");
                        sqlx::query("INSERT INTO survey_audiences (survey_id, rules) VALUES ($1, $2)")
                            .bind(survey_id)
                            .bind(rules)
                            .execute(&mut *tx)
                            .await?;
                    }
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn fatigue_days(&self, organization_id: &str) -> Result<u32, StoreError> {
                    let days: Option<i64> = sqlx::query_scalar("SELECT fatigue_days FROM organizations WHERE id = $1")
                        .bind(organization_id)
                        .fetch_optional(&self.pool)
                        .await?;
                    Ok(days.map_or(0, |d| u32::try_from(d).unwrap_or(0)))
                }

                async fn set_fatigue_days(
                    &self,
                    organization_id: &str,
                    days: u32,
                    audit: &Audit,
                ) -> Result<(), StoreError> {
                    let mut tx = self.pool.begin().await?;
                    let done = sqlx::query("UPDATE organizations SET fatigue_days = $1 WHERE id = $2")
                        .bind(i64::from(days))
                        .bind(organization_id)
                        .execute(&mut *tx)
                        .await?;
                    $crate::store::found(done.rows_affected())?;
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }
            }
        };
    };
}
pub(crate) use audiences_sql;
