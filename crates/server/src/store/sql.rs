//! The [`Store`](super::Store) implementation both databases share: the SQL is written once, in
//! the dialect SQLite and PostgreSQL both speak (`$N` parameters, `ON CONFLICT DO NOTHING`), and
//! expanded for each store type, whose `pool` field is that database's sqlx pool.

/// Implements `Store` for a type with a `pool: sqlx::Pool<$db>` field.
macro_rules! sql_store {
    ($store:ty, $db:ty) => {
        const _: () = {
            use async_trait::async_trait;
            use hearback_core::{Origin, Response, Slug, Survey};
            use sqlx::Row;
            use $crate::identity::Customer;
            use $crate::store::{
                customer_columns, decode_responses, decode_survey, found, now_millis, replay, IdempotencyKey, Inserted, Save,
                Saved, Store, StoreError, StoredResponse, StoredSurvey, SurveyStatus,
            };

            #[async_trait]
            impl Store for $store {
                async fn create_survey(
                    &self,
                    survey: &Survey,
                    allowed_origins: &[Origin],
                    identity_secret: &str,
                ) -> Result<(), StoreError> {
                    self.insert_survey(None, SurveyStatus::Live, survey, allowed_origins, identity_secret).await
                }

                async fn create_draft(
                    &self,
                    organization_id: &str,
                    survey: &Survey,
                    allowed_origins: &[Origin],
                    identity_secret: &str,
                ) -> Result<(), StoreError> {
                    self.insert_survey(Some(organization_id), SurveyStatus::Draft, survey, allowed_origins, identity_secret)
                        .await
                }

                async fn update_survey(&self, survey: &Survey, allowed_origins: &[Origin]) -> Result<(), StoreError> {
                    let definition = serde_json::to_string(survey).expect("a survey always serializes");
                    let mut tx = self.pool.begin().await?;
                    let done = sqlx::query("UPDATE surveys SET definition = $1 WHERE id = $2")
                        .bind(definition)
                        .bind(survey.id().as_str())
                        .execute(&mut *tx)
                        .await?;
                    if done.rows_affected() == 0 {
                        return Err(StoreError::NotFound);
                    }
                    sqlx::query("DELETE FROM survey_origins WHERE survey_id = $1")
                        .bind(survey.id().as_str())
                        .execute(&mut *tx)
                        .await?;
                    insert_origins(&mut tx, survey.id(), allowed_origins).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn set_identity_secret(&self, id: &Slug, identity_secret: &str) -> Result<(), StoreError> {
                    let done = sqlx::query("UPDATE surveys SET identity_secret = $1 WHERE id = $2")
                        .bind(identity_secret)
                        .bind(id.as_str())
                        .execute(&self.pool)
                        .await?;
                    found(done.rows_affected())
                }

                async fn survey(&self, id: &str) -> Result<Option<StoredSurvey>, StoreError> {
                    let Some(row) = sqlx::query(
                        "SELECT definition, status, identity_secret, organization_id FROM surveys WHERE id = $1",
                    )
                        .bind(id)
                        .fetch_optional(&self.pool)
                        .await?
                    else {
                        return Ok(None);
                    };
                    let origins: Vec<String> =
                        sqlx::query_scalar("SELECT origin FROM survey_origins WHERE survey_id = $1 ORDER BY origin")
                            .bind(id)
                            .fetch_all(&self.pool)
                            .await?;
                    decode_survey(
                        id,
                        row.get("definition"),
                        row.get("status"),
                        origins,
                        row.get("identity_secret"),
                        row.get("organization_id"),
                    )
                    .map(Some)
                }

                async fn set_survey_status(&self, id: &Slug, status: SurveyStatus) -> Result<(), StoreError> {
                    let done = sqlx::query("UPDATE surveys SET status = $1 WHERE id = $2")
                        .bind(status.as_str())
                        .bind(id.as_str())
                        .execute(&self.pool)
                        .await?;
                    found(done.rows_affected())
                }

                async fn insert_response(
                    &self,
                    survey: &Slug,
                    response: &Response,
                    key: Option<&IdempotencyKey>,
                    customer: &Customer,
                ) -> Result<Inserted, StoreError> {
                    let id = uuid::Uuid::new_v4().to_string();
                    let answers = serde_json::to_string(&response.to_raw()).expect("a response always serializes");
                    let now = now_millis();
                    let (customer_id, attributes, verified) = customer_columns(customer);
                    let mut tx = self.pool.begin().await?;
                    sqlx::query(
                        "INSERT INTO responses (id, survey_id, response_key, answers, complete, sequence, created_at,
                             updated_at, customer_id, customer_attributes, customer_verified)
                         VALUES ($1, $2, $1, $3, TRUE, 0, $4, $4, $5, $6, $7)",
                    )
                    .bind(&id)
                    .bind(survey.as_str())
                    .bind(answers)
                    .bind(now)
                    .bind(customer_id)
                    .bind(attributes)
                    .bind(verified)
                    .execute(&mut *tx)
                    .await?;
                    if let Some(key) = key {
                        // A concurrent duplicate (on any instance) waits here until the first commits
                        // or rolls back, then collides with its key: PostgreSQL blocks on the key's
                        // index entry; SQLite, which took its write lock at our first INSERT (we write
                        // before we read), makes the duplicate wait for that lock (busy_timeout).
                        let claimed = sqlx::query(
                            "INSERT INTO idempotency_keys (survey_id, key, request_hash, response_id, created_at)
                         VALUES ($1, $2, $3, $4, $5)",
                        )
                        .bind(survey.as_str())
                        .bind(&key.key)
                        .bind(&key.request_hash)
                        .bind(&id)
                        .bind(now)
                        .execute(&mut *tx)
                        .await;
                        match claimed.map_err(StoreError::from) {
                            Ok(_) => {}
                            Err(StoreError::Conflict) => {
                                tx.rollback().await?;
                                return self.replay(survey, key).await;
                            }
                            Err(err) => return Err(err),
                        }
                    }
                    tx.commit().await?;
                    Ok(Inserted::New(id))
                }

                async fn save_response(&self, survey: &Slug, save: Save<'_>) -> Result<Saved, StoreError> {
                    let id = uuid::Uuid::new_v4().to_string();
                    let answers = serde_json::to_string(&save.response.to_raw()).expect("a response always serializes");
                    let now = now_millis();
                    let (customer_id, attributes, verified) = customer_columns(save.customer);
                    // One statement: a new key inserts; a known one updates only while the stored
                    // response is unfinished and older. Concurrent saves of one key are serialized
                    // by the unique index on both databases.
                    let done = sqlx::query(
                        "INSERT INTO responses (id, survey_id, response_key, answers, complete, sequence, created_at,
                             updated_at, customer_id, customer_attributes, customer_verified)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10)
                         ON CONFLICT (survey_id, response_key) DO UPDATE SET
                             answers = excluded.answers, complete = excluded.complete, sequence = excluded.sequence,
                             updated_at = excluded.updated_at, customer_id = excluded.customer_id,
                             customer_attributes = excluded.customer_attributes,
                             customer_verified = excluded.customer_verified
                         WHERE responses.complete = FALSE AND responses.sequence < excluded.sequence",
                    )
                    .bind(&id)
                    .bind(survey.as_str())
                    .bind(save.key)
                    .bind(&answers)
                    .bind(save.complete)
                    .bind(save.sequence)
                    .bind(now)
                    .bind(customer_id)
                    .bind(attributes)
                    .bind(verified)
                    .execute(&self.pool)
                    .await?;
                    let stored: (String, String, bool) = sqlx::query_as(
                        "SELECT id, answers, complete FROM responses WHERE survey_id = $1 AND response_key = $2",
                    )
                    .bind(survey.as_str())
                    .bind(save.key)
                    .fetch_one(&self.pool)
                    .await?;
                    let (stored_id, stored_answers, stored_complete) = stored;
                    Ok(if done.rows_affected() > 0 {
                        Saved::Stored(stored_id)
                    } else if !stored_complete {
                        Saved::Stale(stored_id)
                    } else if save.complete && stored_answers == answers {
                        Saved::Replayed(stored_id)
                    } else {
                        Saved::Completed
                    })
                }

                async fn delete_response(&self, survey: &Slug, id: &str) -> Result<(), StoreError> {
                    self.delete_response_rows(survey, id).await
                }

                async fn responses(&self, survey: &Slug) -> Result<Vec<StoredResponse>, StoreError> {
                    let rows = sqlx::query_as(
                        "SELECT id, created_at, answers, complete, customer_id, customer_attributes, customer_verified
                         FROM responses WHERE survey_id = $1 ORDER BY created_at, id",
                    )
                    .bind(survey.as_str())
                    .fetch_all(&self.pool)
                    .await?;
                    decode_responses(rows)
                }
            }

            impl $store {
                async fn delete_response_rows(&self, survey: &Slug, id: &str) -> Result<(), StoreError> {
                    let mut tx = self.pool.begin().await?;
                    sqlx::query("DELETE FROM idempotency_keys WHERE survey_id = $1 AND response_id = $2")
                        .bind(survey.as_str())
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    let done = sqlx::query("DELETE FROM responses WHERE survey_id = $1 AND id = $2")
                        .bind(survey.as_str())
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    if done.rows_affected() == 0 {
                        return Err(StoreError::NotFound);
                    }
                    tx.commit().await?;
                    Ok(())
                }

                async fn insert_survey(
                    &self,
                    organization_id: Option<&str>,
                    status: SurveyStatus,
                    survey: &Survey,
                    allowed_origins: &[Origin],
                    identity_secret: &str,
                ) -> Result<(), StoreError> {
                    let definition = serde_json::to_string(survey).expect("a survey always serializes");
                    let mut tx = self.pool.begin().await?;
                    sqlx::query(
                        "INSERT INTO surveys (id, definition, status, created_at, identity_secret, organization_id)
                         VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(survey.id().as_str())
                    .bind(definition)
                    .bind(status.as_str())
                    .bind(now_millis())
                    .bind(identity_secret)
                    .bind(organization_id)
                    .execute(&mut *tx)
                    .await?;
                    insert_origins(&mut tx, survey.id(), allowed_origins).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn replay(&self, survey: &Slug, key: &IdempotencyKey) -> Result<Inserted, StoreError> {
                    let stored: Option<(String, String)> = sqlx::query_as(
                        "SELECT request_hash, response_id FROM idempotency_keys WHERE survey_id = $1 AND key = $2",
                    )
                    .bind(survey.as_str())
                    .bind(&key.key)
                    .fetch_optional(&self.pool)
                    .await?;
                    replay(stored, key)
                }
            }

            async fn insert_origins(
                tx: &mut sqlx::Transaction<'_, $db>,
                survey: &Slug,
                origins: &[Origin],
            ) -> Result<(), StoreError> {
                for origin in origins {
                    sqlx::query("INSERT INTO survey_origins (survey_id, origin) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                        .bind(survey.as_str())
                        .bind(origin.as_str())
                        .execute(&mut **tx)
                        .await?;
                }
                Ok(())
            }
        };
    };
}

pub(crate) use sql_store;
