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
            use $crate::store::commits::work;
            use futures::FutureExt;
            use hearback_core::Tally;
            use $crate::store::audit::Audit;
            use $crate::store::{
                aggregates, customer_columns, decode_responses, decode_survey, found, now_millis, replay, IdempotencyKey,
                Imported, Inserted, NewResponse, ResponseRow, ResponseSave, Save, Saved, Store, StoreError, StoredResponse,
                StoredSurvey, SurveyStatus,
            };

            #[async_trait]
            impl Store for $store {
                async fn create_survey(
                    &self,
                    survey: &Survey,
                    allowed_origins: &[Origin],
                    identity_secret: &str,
                ) -> Result<(), StoreError> {
                    self.insert_survey(None, SurveyStatus::Live, survey, allowed_origins, identity_secret, None).await
                }

                async fn create_draft(
                    &self,
                    organization_id: &str,
                    survey: &Survey,
                    allowed_origins: &[Origin],
                    identity_secret: &str,
                    audit: &Audit,
                ) -> Result<(), StoreError> {
                    let (organization, draft) = (Some(organization_id), SurveyStatus::Draft);
                    self.insert_survey(organization, draft, survey, allowed_origins, identity_secret, Some(audit)).await
                }

                async fn update_survey(&self, survey: &Survey, allowed_origins: &[Origin], audit: &Audit) -> Result<(), StoreError> {
                    let definition = serde_json::to_string(survey).expect("a survey always serializes");
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
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
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn set_identity_secret(&self, id: &Slug, identity_secret: &str, audit: &Audit) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    let done = sqlx::query("UPDATE surveys SET identity_secret = $1 WHERE id = $2")
                        .bind(identity_secret)
                        .bind(id.as_str())
                        .execute(&mut *tx)
                        .await?;
                    found(done.rows_affected())?;
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
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

                async fn adopt_survey(&self, id: &Slug, organization_id: &str) -> Result<(), StoreError> {
                    let done = sqlx::query(
                        "UPDATE surveys SET organization_id = $1 WHERE id = $2 AND organization_id IS NULL",
                    )
                    .bind(organization_id)
                    .bind(id.as_str())
                    .execute(&self.pool)
                    .await?;
                    found(done.rows_affected())
                }

                async fn set_survey_status(&self, id: &Slug, status: SurveyStatus, audit: &Audit) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    let done = sqlx::query("UPDATE surveys SET status = $1 WHERE id = $2")
                        .bind(status.as_str())
                        .bind(id.as_str())
                        .execute(&mut *tx)
                        .await?;
                    found(done.rows_affected())?;
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn insert_response(
                    &self,
                    survey: &Survey,
                    response: &Response,
                    key: Option<&IdempotencyKey>,
                    customer: &Customer,
                ) -> Result<Inserted, StoreError> {
                    // Everything but the writes is worked out here, outside the transaction.
                    let id = uuid::Uuid::new_v4().to_string();
                    let answers = serde_json::to_string(&response.to_raw()).expect("a response always serializes");
                    let now = now_millis();
                    let (customer_id, attributes, verified) = customer_columns(customer);
                    let mut moves = aggregates::Moves::new();
                    let cells = hearback_core::tally::response_cells(survey, response, true);
                    aggregates::add_moves(&mut moves, &cells, now, customer, 1);
                    let payload = $crate::webhooks::payload(survey.id(), &id, response, customer);
                    let new = std::sync::Arc::new(NewResponse {
                        id, answers, now, customer_id, attributes, verified, moves, payload,
                        survey: survey.id().clone(),
                        key: key.cloned(),
                    });
                    let stored = self.committed(survey.id(), work::<$db, _, _>(move |conn| {
                        let new = new.clone();
                        async move { write_new_response(conn, &new).await }.boxed()
                    }))
                    .await;
                    match (stored, key) {
                        (Ok(id), _) => Ok(Inserted::New(id)),
                        (Err(StoreError::Conflict), Some(key)) => self.replay(survey.id(), key).await,
                        (Err(err), _) => Err(err),
                    }
                }

                async fn save_response(&self, survey: &Survey, save: Save<'_>) -> Result<Saved, StoreError> {
                    let id = uuid::Uuid::new_v4().to_string();
                    let answers = serde_json::to_string(&save.response.to_raw()).expect("a response always serializes");
                    let now = now_millis();
                    let (customer_id, attributes, verified) = customer_columns(save.customer);
                    let cells = hearback_core::tally::response_cells(survey, save.response, save.complete);
                    let (complete, sequence) = (save.complete, save.sequence);
                    let change = std::sync::Arc::new(ResponseSave {
                        id, answers: answers.clone(), now, customer_id, attributes, verified, cells,
                        key: save.key.to_owned(),
                        complete, sequence,
                        survey: survey.clone(),
                        response: save.response.clone(),
                        customer: save.customer.clone(),
                    });
                    // Saves of one survey queue up (one writer, or the survey's lock), so the
                    // response read first is the one this save replaces.
                    let (changed, stored) = self.committed(survey.id(), work::<$db, _, _>(move |conn| {
                        let change = change.clone();
                        async move { write_save(conn, &change).await }.boxed()
                    }))
                    .await?;
                    let (stored_id, answers_then, stored_complete) = stored;
                    Ok(if changed {
                        Saved::Stored(stored_id)
                    } else if !stored_complete {
                        Saved::Stale(stored_id)
                    } else if complete && answers_then == answers {
                        Saved::Replayed(stored_id)
                    } else {
                        Saved::Completed
                    })
                }

                async fn delete_response(&self, survey: &Survey, id: &str, audit: &Audit) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_locked(&self.pool, survey.id()).await?;
                    Self::delete_response_in(&mut tx, survey, id).await?;
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn import_responses(&self, survey: &Survey, responses: &[Imported]) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_locked(&self.pool, survey.id()).await?;
                    let mut moves = aggregates::Moves::new();
                    for chunk in responses.chunks(500) {
                        let mut insert = sqlx::QueryBuilder::<$db>::new(
                            "INSERT INTO responses (id, survey_id, response_key, answers, complete, sequence, created_at,
                                 updated_at, customer_id, customer_attributes, customer_verified) ",
                        );
                        insert.push_values(chunk, |mut row, imported| {
                            let id = uuid::Uuid::new_v4().to_string();
                            let answers = serde_json::to_string(&imported.response.to_raw()).expect("a response always serializes");
                            let (customer_id, attributes, verified) = customer_columns(&imported.customer);
                            row.push_bind(id.clone())
                                .push_bind(survey.id().as_str().to_owned())
                                .push_bind(id)
                                .push_bind(answers)
                                .push_bind(true)
                                .push_bind(0_i64)
                                .push_bind(imported.created_at)
                                .push_bind(imported.created_at)
                                .push_bind(customer_id)
                                .push_bind(attributes)
                                .push_bind(verified);
                        });
                        insert.build().execute(&mut *tx).await?;
                        for imported in chunk {
                            let cells = hearback_core::tally::response_cells(survey, &imported.response, true);
                            aggregates::add_moves(&mut moves, &cells, imported.created_at, &imported.customer, 1);
                        }
                    }
                    apply_moves(&mut *tx, survey.id(), &moves).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn tally(&self, survey: &Slug, scope: &aggregates::Scope) -> Result<Tally, StoreError> {
                    read_tally(&self.pool, survey, scope).await
                }

                async fn tally_by_day(&self, survey: &Slug, segment: &str, days: (i64, i64)) -> Result<Vec<(i64, Tally)>, StoreError> {
                    read_tally_by_day(&self.pool, survey, segment, days).await
                }

                async fn tally_by_segment(
                    &self,
                    survey: &Slug,
                    prefix: &str,
                    days: Option<(i64, i64)>,
                ) -> Result<Vec<(String, Tally)>, StoreError> {
                    read_tally_by_segment(&self.pool, survey, prefix, days).await
                }

                async fn survey_ids(&self) -> Result<Vec<String>, StoreError> {
                    let rows: Vec<(String,)> =
                        sqlx::query_as("SELECT id FROM surveys ORDER BY id").fetch_all(&self.pool).await?;
                    Ok(rows.into_iter().map(|(id,)| id).collect())
                }

                async fn aggregate_cells(&self, survey: &Slug) -> Result<Vec<(i64, String, String, i64)>, StoreError> {
                    Ok(sqlx::query_as(
                        "SELECT bucket, segment, cell, n FROM aggregates WHERE survey_id = $1 AND n <> 0
                         ORDER BY bucket, segment, cell",
                    )
                    .bind(survey.as_str())
                    .fetch_all(&self.pool)
                    .await?)
                }

                async fn rebuild_aggregates(
                    &self,
                    survey: &Survey,
                    progress: &(dyn Fn(u64, u64) + Send + Sync),
                ) -> Result<u64, StoreError> {
                    rebuild(&self.pool, survey, progress).await
                }

                async fn responses(&self, survey: &Slug) -> Result<Vec<StoredResponse>, StoreError> {
                    let rows = sqlx::query_as(
                        $crate::store::select_responses!("WHERE survey_id = $1 ORDER BY created_at, id"),
                    )
                    .bind(survey.as_str())
                    .fetch_all(&self.pool)
                    .await?;
                    decode_responses(rows)
                }

                async fn newest_responses(
                    &self,
                    survey: &Slug,
                    before: Option<(i64, String)>,
                    limit: u32,
                ) -> Result<Vec<StoredResponse>, StoreError> {
                    let (at, id) = before.unwrap_or((i64::MAX, String::new()));
                    let rows = sqlx::query_as(
                        $crate::store::select_responses!("WHERE survey_id = $1 AND (created_at < $2 OR (created_at = $2 AND id < $3))
                         ORDER BY created_at DESC, id DESC LIMIT $4"),
                    )
                    .bind(survey.as_str())
                    .bind(at)
                    .bind(id)
                    .bind(i64::from(limit))
                    .fetch_all(&self.pool)
                    .await?;
                    decode_responses(rows)
                }
            }

            impl $store {
                async fn insert_survey(
                    &self,
                    organization_id: Option<&str>,
                    status: SurveyStatus,
                    survey: &Survey,
                    allowed_origins: &[Origin],
                    identity_secret: &str,
                    audit: Option<&Audit>,
                ) -> Result<(), StoreError> {
                    let definition = serde_json::to_string(survey).expect("a survey always serializes");
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
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
                    if let Some(audit) = audit {
                        Self::insert_audit(&mut tx, audit).await?;
                    }
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

            $crate::store::response_writes::response_writes!($store, $db);
            $crate::store::aggregate_reads::aggregate_reads!($db);
            $crate::store::retention::retention_sql!($store, $db);

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
