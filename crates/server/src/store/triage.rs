//! Members' tags and internal notes on responses: the [`TriageStore`] part of the store, for both
//! databases.

use super::audit::Audit;
use super::StoreError;
use async_trait::async_trait;
pub use hearback_api::triage::ResponseNote;

/// A note to add.
#[derive(Debug, Clone)]
pub struct NewNote<'a> {
    pub id: &'a str,
    pub survey_id: &'a str,
    pub response_id: &'a str,
    pub author_user_id: &'a str,
    pub body: &'a str,
    pub at: i64,
}

#[async_trait]
pub trait TriageStore: Send + Sync {
    /// Replaces a response's tags. `NotFound` unless the survey has the response.
    async fn set_tags(
        &self,
        survey_id: &str,
        response_id: &str,
        tags: &[String],
        audit: &Audit,
    ) -> Result<(), StoreError>;

    /// Every tag of a survey's responses: (response id, tag), each response's in their order.
    async fn survey_tags(&self, survey_id: &str) -> Result<Vec<(String, String)>, StoreError>;

    /// `NotFound` unless the survey has the response.
    async fn add_note(&self, note: &NewNote<'_>, audit: &Audit) -> Result<(), StoreError>;

    /// Every note on a survey's responses: (response id, note), oldest first.
    async fn survey_notes(&self, survey_id: &str) -> Result<Vec<(String, ResponseNote)>, StoreError>;
}

/// Implements `TriageStore` for a type with a `pool: sqlx::Pool<$db>` field.
macro_rules! triage_sql {
    ($store:ty, $db:ty) => {
        const _: () = {
            use async_trait::async_trait;
            use $crate::store::audit::Audit;
            use $crate::store::triage::*;
            use $crate::store::{found, StoreError};

            impl $store {
                /// `NotFound` unless the survey has the response, on `connection`.
                async fn has_response(
                    connection: &mut <$db as sqlx::Database>::Connection,
                    survey_id: &str,
                    response_id: &str,
                ) -> Result<(), StoreError> {
                    let there: Option<String> =
                        sqlx::query_scalar("SELECT id FROM responses WHERE survey_id = $1 AND id = $2")
                            .bind(survey_id)
                            .bind(response_id)
                            .fetch_optional(connection)
                            .await?;
                    found(u64::from(there.is_some()))
                }
            }

            #[async_trait]
            impl TriageStore for $store {
                async fn set_tags(
                    &self,
                    survey_id: &str,
                    response_id: &str,
                    tags: &[String],
                    audit: &Audit,
                ) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    Self::has_response(&mut tx, survey_id, response_id).await?;
                    sqlx::query("DELETE FROM response_tags WHERE response_id = $1")
                        .bind(response_id)
                        .execute(&mut *tx)
                        .await?;
                    for (position, tag) in tags.iter().enumerate() {
                        sqlx::query(
                            "INSERT INTO response_tags (survey_id, response_id, tag, position) VALUES ($1, $2, $3, $4)",
                        )
                        .bind(survey_id)
                        .bind(response_id)
                        .bind(tag)
                        .bind(position as i64)
                        .execute(&mut *tx)
                        .await?;
                    }
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn survey_tags(&self, survey_id: &str) -> Result<Vec<(String, String)>, StoreError> {
                    Ok(sqlx::query_as(
                        "SELECT response_id, tag FROM response_tags WHERE survey_id = $1 ORDER BY response_id, position",
                    )
                    .bind(survey_id)
                    .fetch_all(&self.pool)
                    .await?)
                }

                async fn add_note(&self, note: &NewNote<'_>, audit: &Audit) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    Self::has_response(&mut tx, note.survey_id, note.response_id).await?;
                    sqlx::query(
                        "INSERT INTO response_notes (id, survey_id, response_id, author_user_id, body, created_at)
                         VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(note.id)
                    .bind(note.survey_id)
                    .bind(note.response_id)
                    .bind(note.author_user_id)
                    .bind(note.body)
                    .bind(note.at)
                    .execute(&mut *tx)
                    .await?;
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn survey_notes(&self, survey_id: &str) -> Result<Vec<(String, ResponseNote)>, StoreError> {
                    let rows: Vec<(String, String, String, String, i64)> = sqlx::query_as(
                        "SELECT n.response_id, n.id, u.name, n.body, n.created_at
                         FROM response_notes n JOIN users u ON u.id = n.author_user_id
                         WHERE n.survey_id = $1 ORDER BY n.created_at, n.id",
                    )
                    .bind(survey_id)
                    .fetch_all(&self.pool)
                    .await?;
                    Ok(rows
                        .into_iter()
                        .map(|(response, id, author, body, at)| (response, ResponseNote { id, author, body, at }))
                        .collect())
                }
            }
        };
    };
}
pub(crate) use triage_sql;
