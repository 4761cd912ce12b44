//! Published results: the [`PublicationStore`] part of the store, for both databases.

use super::audit::Audit;
use super::StoreError;
use async_trait::async_trait;
use serde::Serialize;

pub use hearback_api::Visibility;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Publication {
    pub survey_id: String,
    pub organization_id: String,
    pub visibility: Visibility,
    pub summary: String,
    /// The results as published (privacy rules applied; stored as JSON).
    pub snapshot: hearback_api::results::Shown,
    pub published_at: i64,
    /// Set once it is taken down.
    pub unpublished_at: Option<i64>,
}

impl Publication {
    /// Up, and for anyone with the link.
    pub fn is_public(&self) -> bool {
        self.unpublished_at.is_none() && self.visibility == Visibility::Public
    }
}

#[async_trait]
pub trait PublicationStore: Send + Sync {
    /// Publishes (or publishes again, replacing the snapshot and summary), and queues `notice`
    /// for the survey's followers in the same transaction.
    async fn publish(
        &self,
        publication: &Publication,
        published_by: &str,
        notice: Option<&super::followers::Notice>,
        audit: &Audit,
    ) -> Result<(), StoreError>;

    /// The survey's publication, taken down or not.
    async fn publication(&self, survey_id: &str) -> Result<Option<Publication>, StoreError>;

    /// Takes the page down at `now`. `NotFound` when it is not up.
    async fn unpublish(&self, survey_id: &str, now: i64, audit: &Audit) -> Result<(), StoreError>;
}

pub(crate) fn decode(
    row: (String, String, String, String, String, i64, Option<i64>),
) -> Result<Publication, StoreError> {
    let (survey_id, organization_id, visibility, summary, snapshot, published_at, unpublished_at) = row;
    Ok(Publication {
        survey_id,
        organization_id,
        visibility: super::error::named(&visibility)?,
        summary,
        snapshot: serde_json::from_str(&snapshot).map_err(|e| StoreError::Corrupt(format!("snapshot: {e}")))?,
        published_at,
        unpublished_at,
    })
}

/// Implements `PublicationStore` for a type with a `pool: sqlx::Pool<$db>` field.
macro_rules! publications_sql {
    ($store:ty, $db:ty) => {
        const _: () = {
            use async_trait::async_trait;
            use $crate::store::audit::Audit;
            use $crate::store::publications::*;
            use $crate::store::{found, StoreError};

            #[async_trait]
            impl PublicationStore for $store {
                async fn publish(
                    &self,
                    p: &Publication,
                    published_by: &str,
                    notice: Option<&$crate::store::followers::Notice>,
                    audit: &Audit,
                ) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    sqlx::query(
                        "INSERT INTO publications (survey_id, organization_id, visibility, summary, snapshot, published_by,
                             published_at, unpublished_at)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, NULL)
                         ON CONFLICT (survey_id) DO UPDATE SET visibility = excluded.visibility,
                             summary = excluded.summary, snapshot = excluded.snapshot,
                             published_by = excluded.published_by, published_at = excluded.published_at,
                             unpublished_at = NULL",
                    )
                    .bind(&p.survey_id)
                    .bind(&p.organization_id)
                    .bind(p.visibility.as_str())
                    .bind(&p.summary)
                    .bind(serde_json::to_string(&p.snapshot).expect("results serialize"))
                    .bind(published_by)
                    .bind(p.published_at)
                    .execute(&mut *tx)
                    .await?;
                    if let Some(notice) = notice {
                        Self::queue_notice(&mut tx, &p.survey_id, notice, p.published_at).await?;
                    }
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn publication(&self, survey_id: &str) -> Result<Option<Publication>, StoreError> {
                    let row: Option<(String, String, String, String, String, i64, Option<i64>)> = sqlx::query_as(
                        "SELECT survey_id, organization_id, visibility, summary, snapshot, published_at, unpublished_at
                         FROM publications WHERE survey_id = $1",
                    )
                    .bind(survey_id)
                    .fetch_optional(&self.pool)
                    .await?;
                    row.map(decode).transpose()
                }

                async fn unpublish(&self, survey_id: &str, now: i64, audit: &Audit) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    let done = sqlx::query(
                        "UPDATE publications SET unpublished_at = $1 WHERE survey_id = $2 AND unpublished_at IS NULL",
                    )
                    .bind(now)
                    .bind(survey_id)
                    .execute(&mut *tx)
                    .await?;
                    found(done.rows_affected())?;
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }
            }
        };
    };
}

pub(crate) use publications_sql;
