//! The customer wall's secret link: the [`WallStore`] part of the store (its digest only; one live
//! link an organisation).

use super::audit::Audit;
use super::StoreError;
use async_trait::async_trait;

#[async_trait]
pub trait WallStore: Send + Sync {
    /// Makes `token_hash` the organisation's wall link, replacing any before it.
    async fn set_wall_link(&self, organization_id: &str, token_hash: &str, audit: &Audit) -> Result<(), StoreError>;

    /// `NotFound` when the organisation has no wall link.
    async fn revoke_wall_link(&self, organization_id: &str, audit: &Audit) -> Result<(), StoreError>;

    /// The organisation (id, name) whose live wall link has this digest.
    async fn wall_organization(&self, token_hash: &str) -> Result<Option<(String, String)>, StoreError>;

    async fn organization_name(&self, organization_id: &str) -> Result<Option<String>, StoreError>;
}

/// Implements `WallStore` for a type with a `pool: sqlx::Pool<$db>` field.
macro_rules! wall_sql {
    ($store:ty, $db:ty) => {
        const _: () = {
            use async_trait::async_trait;
            use $crate::store::audit::Audit;
            use $crate::store::wall::*;
            use $crate::store::{found, StoreError};

            #[async_trait]
            impl WallStore for $store {
                async fn set_wall_link(
                    &self,
                    organization_id: &str,
                    token_hash: &str,
                    audit: &Audit,
                ) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    sqlx::query(
                        "INSERT INTO wall_links (organization_id, token_hash, created_at) VALUES ($1, $2, $3)
                         ON CONFLICT (organization_id) DO UPDATE SET token_hash = excluded.token_hash,
                             created_at = excluded.created_at",
                    )
                    .bind(organization_id)
                    .bind(token_hash)
                    .bind($crate::store::now_millis())
                    .execute(&mut *tx)
                    .await?;
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn revoke_wall_link(&self, organization_id: &str, audit: &Audit) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    let done = sqlx::query("DELETE FROM wall_links WHERE organization_id = $1")
                        .bind(organization_id)
                        .execute(&mut *tx)
                        .await?;
                    found(done.rows_affected())?;
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn wall_organization(&self, token_hash: &str) -> Result<Option<(String, String)>, StoreError> {
                    Ok(sqlx::query_as(
                        "SELECT o.id, o.name FROM wall_links w JOIN organizations o ON o.id = w.organization_id
                         WHERE w.token_hash = $1",
                    )
                    .bind(token_hash)
                    .fetch_optional(&self.pool)
                    .await?)
                }

                async fn organization_name(&self, organization_id: &str) -> Result<Option<String>, StoreError> {
                    Ok(sqlx::query_scalar("SELECT name FROM organizations WHERE id = $1")
                        .bind(organization_id)
                        .fetch_optional(&self.pool)
                        .await?)
                }
            }
        };
    };
}
pub(crate) use wall_sql;
