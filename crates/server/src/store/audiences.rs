//! Who surveys ask by themselves: the [`AudienceStore`] part of the store, for both databases.

use super::audit::Audit;
use super::StoreError;
use async_trait::async_trait;
pub use hearback_api::audience::Audience;

/// A whole-days setting of an organisation: a column of `organizations`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DaysSetting {
    /// How long closed cases keep their customers' addresses.
    ContactRetention,
    /// How long none of its surveys asks a visitor who answered or dismissed one.
    Fatigue,
}

impl DaysSetting {
    pub(crate) fn column(self) -> &'static str {
        match self {
            DaysSetting::ContactRetention => "contact_retention_days",
            DaysSetting::Fatigue => "fatigue_days",
        }
    }
}

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

            impl $store {
                /// An organisation's whole-days setting. `NotFound` when there is no such organisation.
                pub(crate) async fn organization_days(
                    &self,
                    organization_id: &str,
                    setting: DaysSetting,
                ) -> Result<u32, StoreError> {
                    let select = format!("SELECT {} FROM organizations WHERE id = $1", setting.column());
                    let days: Option<i64> =
                        sqlx::query_scalar(&select).bind(organization_id).fetch_optional(&self.pool).await?;
                    Ok(days.ok_or(StoreError::NotFound)?.clamp(0, i64::from(u32::MAX)) as u32)
                }

                /// Sets an organisation's whole-days setting, with `audit`. `NotFound`.
                pub(crate) async fn set_organization_days(
                    &self,
                    organization_id: &str,
                    setting: DaysSetting,
                    days: u32,
                    audit: &Audit,
                ) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    let update = format!("UPDATE organizations SET {} = $1 WHERE id = $2", setting.column());
                    let done =
                        sqlx::query(&update).bind(i64::from(days)).bind(organization_id).execute(&mut *tx).await?;
                    $crate::store::found(done.rows_affected())?;
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }
            }

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
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
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
                    self.organization_days(organization_id, DaysSetting::Fatigue).await
                }

                async fn set_fatigue_days(
                    &self,
                    organization_id: &str,
                    days: u32,
                    audit: &Audit,
                ) -> Result<(), StoreError> {
                    self.set_organization_days(organization_id, DaysSetting::Fatigue, days, audit).await
                }
            }
        };
    };
}
pub(crate) use audiences_sql;
