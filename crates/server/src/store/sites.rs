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

            type Row = (String, String, String, i64);

            fn site((key, organization_id, origin, created_at): Row) -> Site {
                Site { key, organization_id, origin, created_at }
            }

            #[async_trait]
            impl SiteStore for $store {
                async fn site(&self, key: &str) -> Result<Option<Site>, StoreError> {
                    let row: Option<Row> =
                        sqlx::query_as("SELECT key, organization_id, origin, created_at FROM sites WHERE key = $1")
                            .bind(key)
                            .fetch_optional(&self.pool)
                            .await?;
                    Ok(row.map(site))
                }

                async fn sites(&self, organization_id: &str) -> Result<Vec<Site>, StoreError> {
                    let rows: Vec<Row> = sqlx::query_as(
                        "SELECT key, organization_id, origin, created_at FROM sites
                         WHERE organization_id = $1 ORDER BY created_at, key",
                    )
                    .bind(organization_id)
                    .fetch_all(&self.pool)
                    .await?;
                    Ok(rows.into_iter().map(site).collect())
                }

                async fn add_site(&self, site: &Site, audit: &Audit) -> Result<(), StoreError> {
                    let mut tx = self.pool.begin().await?;
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
                    let mut tx = self.pool.begin().await?;
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
