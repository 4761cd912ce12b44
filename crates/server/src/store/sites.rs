//! Site tags: the [`SiteStore`] part of the store, for both databases.

use super::audit::Audit;
use super::StoreError;
use async_trait::async_trait;
pub use hearback_api::audience::Audience;

/// One site tag of an organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    pub key: String,
    pub organization_id: String,
    /// The origin of the site's pages, as an allowed origin of its surveys.
    pub origin: String,
    pub created_at: i64,
    /// Its survey fatigue in days; `None`: the organisation's.
    pub fatigue_days: Option<u32>,
}

#[async_trait]
pub trait SiteStore: Send + Sync {
    async fn site(&self, key: &str) -> Result<Option<Site>, StoreError>;

    /// An organisation's site tags, oldest first.
    async fn sites(&self, organization_id: &str) -> Result<Vec<Site>, StoreError>;

    /// `Conflict` when the organisation has a tag for this origin already.
    async fn add_site(&self, site: &Site, audit: &Audit) -> Result<(), StoreError>;

    /// `NotFound` when the organisation has no such tag.
    async fn remove_site(&self, organization_id: &str, key: &str, audit: &Audit) -> Result<(), StoreError>;

    /// Sets a site's survey fatigue (`None`: the organisation's). `NotFound` when the
    /// organisation has no such tag.
    async fn set_site_fatigue(
        &self,
        organization_id: &str,
        key: &str,
        days: Option<u32>,
        audit: &Audit,
    ) -> Result<(), StoreError>;

    /// The survey fatigue for a visitor of `origin`: its site's when it has its own, else the
    /// organisation's.
    async fn fatigue_for(&self, organization_id: &str, origin: &str) -> Result<u32, StoreError>;

    /// The live surveys of an organisation, newest first, with their audiences: the candidates
    /// of its site tags.
    async fn live_audiences(&self, organization_id: &str) -> Result<Vec<(String, Audience)>, StoreError>;
}

/// Implements `SiteStore` for a type with a `pool: sqlx::Pool<$db>` field.
macro_rules! sites_sql {
    ($store:ty, $db:ty) => {
        const _: () = {
            use async_trait::async_trait;
            use $crate::store::audit::Audit;
            use $crate::store::sites::*;
            use $crate::store::StoreError;

            type Row = (String, String, String, i64, Option<i64>);

            fn site((key, organization_id, origin, created_at, fatigue_days): Row) -> Site {
                let fatigue_days = fatigue_days.map(|d| d.clamp(0, i64::from(u32::MAX)) as u32);
                Site { key, organization_id, origin, created_at, fatigue_days }
            }

            #[async_trait]
            impl SiteStore for $store {
                async fn site(&self, key: &str) -> Result<Option<Site>, StoreError> {
                    let row: Option<Row> = sqlx::query_as(
                        "SELECT key, organization_id, origin, created_at, fatigue_days FROM sites WHERE key = $1",
                    )
                    .bind(key)
                    .fetch_optional(&self.pool)
                    .await?;
                    Ok(row.map(site))
                }

                async fn sites(&self, organization_id: &str) -> Result<Vec<Site>, StoreError> {
                    let rows: Vec<Row> = sqlx::query_as(
                        "SELECT key, organization_id, origin, created_at, fatigue_days FROM sites
                         WHERE organization_id = $1 ORDER BY created_at, key",
                    )
                    .bind(organization_id)
                    .fetch_all(&self.pool)
                    .await?;
                    Ok(rows.into_iter().map(site).collect())
                }

                async fn add_site(&self, site: &Site, audit: &Audit) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    sqlx::query("INSERT INTO sites (key, organization_id, origin, created_at) VALUES ($1, $2, $3, $4)")
                        .bind(&site.key)
                        .bind(&site.organization_id)
                        .bind(&site.origin)
                        .bind(site.created_at)
                        .execute(&mut *tx)
                        .await?;
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn remove_site(&self, organization_id: &str, key: &str, audit: &Audit) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    let done = sqlx::query("DELETE FROM sites WHERE key = $1 AND organization_id = $2")
                        .bind(key)
                        .bind(organization_id)
                        .execute(&mut *tx)
                        .await?;
                    $crate::store::found(done.rows_affected())?;
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn set_site_fatigue(
                    &self,
                    organization_id: &str,
                    key: &str,
                    days: Option<u32>,
                    audit: &Audit,
                ) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    let done =
                        sqlx::query("UPDATE sites SET fatigue_days = $1 WHERE key = $2 AND organization_id = $3")
                            .bind(days.map(i64::from))
                            .bind(key)
                            .bind(organization_id)
                            .execute(&mut *tx)
                            .await?;
                    $crate::store::found(done.rows_affected())?;
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn fatigue_for(&self, organization_id: &str, origin: &str) -> Result<u32, StoreError> {
                    let row: Option<(Option<i64>, i64)> = sqlx::query_as(
                        "SELECT s.fatigue_days, o.fatigue_days FROM organizations o
                         LEFT JOIN sites s ON s.organization_id = o.id AND s.origin = $2 WHERE o.id = $1",
                    )
                    .bind(organization_id)
                    .bind(origin)
                    .fetch_optional(&self.pool)
                    .await?;
                    let (site, organization) = row.ok_or(StoreError::NotFound)?;
                    Ok(site.unwrap_or(organization).clamp(0, i64::from(u32::MAX)) as u32)
                }

                async fn live_audiences(&self, organization_id: &str) -> Result<Vec<(String, Audience)>, StoreError> {
                    let rows: Vec<(String, Option<String>)> = sqlx::query_as(
                        "SELECT s.id, a.rules FROM surveys s LEFT JOIN survey_audiences a ON a.survey_id = s.id
                         WHERE s.organization_id = $1 AND s.status = 'live' ORDER BY s.created_at DESC, s.id",
                    )
                    .bind(organization_id)
                    .fetch_all(&self.pool)
                    .await?;
                    rows.into_iter()
                        .map(|(id, rules)| {
                            let audience = rules
                                .map(|r| serde_json::from_str(&r))
                                .transpose()
                                .map_err(|e| StoreError::Corrupt(format!("the audience of `{id}`: {e}")))?;
                            Ok((id, audience.unwrap_or_default()))
                        })
                        .collect()
                }
            }
        };
    };
}
pub(crate) use sites_sql;
