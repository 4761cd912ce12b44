//! Contact details kept apart from the answers: the [`DetailStore`] part of the store, for both
//! databases.

use super::audit::Audit;
use super::StoreError;
use async_trait::async_trait;

/// The contact details of one response, with the purpose they were given for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptDetails {
    pub response_id: String,
    pub survey_id: String,
    pub question_id: String,
    pub purpose: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub company: Option<String>,
    pub created_at: i64,
}

#[async_trait]
pub trait DetailStore: Send + Sync {
    /// Keeps a response's details, in place of what it gave before (a save on the way, then
    /// the finished response).
    async fn keep_details(&self, details: &KeptDetails) -> Result<(), StoreError>;

    /// A survey's details, newest first; the reading is recorded in the audit log with them.
    async fn read_details(&self, survey_id: &str, audit: &Audit) -> Result<Vec<KeptDetails>, StoreError>;
}

/// Implements `DetailStore` for a type with a `pool: sqlx::Pool<$db>` field.
macro_rules! details_sql {
    ($store:ty, $db:ty) => {
        const _: () = {
            use async_trait::async_trait;
            use $crate::store::audit::Audit;
            use $crate::store::details::*;
            use $crate::store::StoreError;

            type Row = (String, String, String, String, Option<String>, Option<String>, Option<String>, Option<String>, i64);

            impl $store {
                /// Deletes the details of a response being deleted, on `connection`.
                pub(crate) async fn drop_details(
                    connection: &mut <$db as sqlx::Database>::Connection,
                    survey_id: &str,
                    response_id: &str,
                ) -> Result<(), StoreError> {
                    sqlx::query("DELETE FROM contact_details WHERE survey_id = $1 AND response_id = $2")
                        .bind(survey_id)
                        .bind(response_id)
                        .execute(&mut *connection)
                        .await?;
                    Ok(())
                }
            }

            #[async_trait]
            impl DetailStore for $store {
                async fn keep_details(&self, d: &KeptDetails) -> Result<(), StoreError> {
                    sqlx::query(
                        "INSERT INTO contact_details
                             (response_id, survey_id, question_id, purpose, name, email, phone, company, created_at)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                         ON CONFLICT (response_id) DO UPDATE SET question_id = excluded.question_id,
                             purpose = excluded.purpose, name = excluded.name, email = excluded.email,
                             phone = excluded.phone, company = excluded.company",
                    )
                    .bind(&d.response_id)
                    .bind(&d.survey_id)
                    .bind(&d.question_id)
                    .bind(&d.purpose)
                    .bind(&d.name)
                    .bind(&d.email)
                    .bind(&d.phone)
                    .bind(&d.company)
                    .bind(d.created_at)
                    .execute(&self.pool)
                    .await?;
                    Ok(())
                }

                async fn read_details(&self, survey_id: &str, audit: &Audit) -> Result<Vec<KeptDetails>, StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    let rows: Vec<Row> = sqlx::query_as(
                        "SELECT response_id, survey_id, question_id, purpose, name, email, phone, company, created_at
                         FROM contact_details WHERE survey_id = $1 ORDER BY created_at DESC, response_id",
                    )
                    .bind(survey_id)
                    .fetch_all(&mut *tx)
                    .await?;
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(rows
                        .into_iter()
                        .map(|(response_id, survey_id, question_id, purpose, name, email, phone, company, created_at)| {
                            KeptDetails { response_id, survey_id, question_id, purpose, name, email, phone, company, created_at }
                        })
                        .collect())
                }
            }
        };
    };
}
pub(crate) use details_sql;
