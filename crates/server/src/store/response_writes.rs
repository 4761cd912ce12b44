//! The writes of a response that both databases share, run inside the transaction a change is
//! given (a group commit on SQLite, the survey's lock on PostgreSQL; see `commits`): a new
//! finished response, a save under a client's key, and the aggregate moves they make. Expanded
//! inside `sql_store!` for each store type.

/// Defines the response writes for a store type `$store` over database `$db`, in the scope of
/// `sql_store!`'s implementation (whose imports they use).
macro_rules! response_writes {
    ($store:ty, $db:ty) => {
        /// Writes a new finished response with its key, aggregates and webhook deliveries: its
        /// id. A duplicate collides with the key (`Conflict`, which rolls the change back): one
        /// stored before, one earlier in the same group commit, or, on PostgreSQL, one that
        /// held the survey's lock.
        async fn write_new_response(
            conn: &mut <$db as sqlx::Database>::Connection,
            new: &NewResponse,
        ) -> Result<String, StoreError> {
            sqlx::query(
                "INSERT INTO responses (id, survey_id, response_key, answers, complete, sequence, created_at,
                     updated_at, customer_id, customer_attributes, customer_verified)
                 VALUES ($1, $2, $1, $3, TRUE, 0, $4, $4, $5, $6, $7)",
            )
            .bind(&new.id)
            .bind(new.survey.as_str())
            .bind(&new.answers)
            .bind(new.now)
            .bind(&new.customer_id)
            .bind(&new.attributes)
            .bind(new.verified)
            .execute(&mut *conn)
            .await?;
            if let Some(key) = &new.key {
                sqlx::query(
                    "INSERT INTO idempotency_keys (survey_id, key, request_hash, response_id, created_at)
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(new.survey.as_str())
                .bind(&key.key)
                .bind(&key.request_hash)
                .bind(&new.id)
                .bind(new.now)
                .execute(&mut *conn)
                .await?;
            }
            apply_moves(conn, &new.survey, &new.moves).await?;
            <$store>::queue_deliveries(conn, new.survey.as_str(), &new.id, &new.payload, new.now).await?;
            Ok(new.id.clone())
        }

        /// Writes a save of a response under its key: whether it changed the stored response,
        /// and that response's (id, answers, complete) afterwards.
        async fn write_save(
            conn: &mut <$db as sqlx::Database>::Connection,
            change: &ResponseSave,
        ) -> Result<(bool, (String, String, bool)), StoreError> {
            let ResponseSave { id, key, answers, customer_id, attributes, cells, survey, response, customer, .. } =
                change;
            let (now, verified, complete, sequence) = (change.now, change.verified, change.complete, change.sequence);
            let before: Vec<ResponseRow> =
                sqlx::query_as($crate::store::select_responses!("WHERE survey_id = $1 AND response_key = $2"))
                    .bind(survey.id().as_str())
                    .bind(key)
                    .fetch_all(&mut *conn)
                    .await?;
            let before = decode_responses(before)?.pop();
            // One statement: a new key inserts; a known one updates only while the stored
            // response is unfinished and older.
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
            .bind(id)
            .bind(survey.id().as_str())
            .bind(key)
            .bind(answers)
            .bind(complete)
            .bind(sequence)
            .bind(now)
            .bind(customer_id)
            .bind(attributes)
            .bind(verified)
            .execute(&mut *conn)
            .await?;
            let stored: (String, String, bool) = sqlx::query_as(
                "SELECT id, answers, complete FROM responses WHERE survey_id = $1 AND response_key = $2",
            )
            .bind(survey.id().as_str())
            .bind(key)
            .fetch_one(&mut *conn)
            .await?;
            let changed = done.rows_affected() > 0;
            if changed {
                let mut moves = aggregates::Moves::new();
                let created_at = before.as_ref().map_or(now, |row| row.created_at);
                if let Some(row) = &before {
                    let cells = aggregates::stored_cells(survey, row);
                    aggregates::add_moves(&mut moves, &cells, row.created_at, &row.customer, -1);
                }
                aggregates::add_moves(&mut moves, cells, created_at, customer, 1);
                moves.retain(|_, by| *by != 0);
                apply_moves(conn, survey.id(), &moves).await?;
                if complete {
                    let payload = $crate::webhooks::payload(survey.id(), &stored.0, response, customer);
                    <$store>::queue_deliveries(conn, survey.id().as_str(), &stored.0, &payload, now).await?;
                }
            }
            Ok((changed, stored))
        }

        impl $store {
            /// Deletes a response and everything tied to it, taking it out of the aggregates,
            /// in a transaction that holds the survey's lock. `NotFound`.
            pub(crate) async fn delete_response_in(
                connection: &mut <$db as sqlx::Database>::Connection,
                survey: &Survey,
                id: &str,
            ) -> Result<(), StoreError> {
                let before: Vec<ResponseRow> =
                    sqlx::query_as($crate::store::select_responses!("WHERE survey_id = $1 AND id = $2"))
                        .bind(survey.id().as_str())
                        .bind(id)
                        .fetch_all(&mut *connection)
                        .await?;
                let before = decode_responses(before)?.pop().ok_or(StoreError::NotFound)?;
                Self::remove_response(&mut *connection, survey.id().as_str(), id).await?;
                apply_moves(&mut *connection, survey.id(), &aggregates::change(survey, Some(&before), None)).await?;
                Self::withdraw_case(&mut *connection, survey.id().as_str(), id, now_millis()).await?;
                Ok(())
            }

            /// Deletes a response's row with its key and contact details (its replies,
            /// follow-up answers, tags and notes go by their foreign keys), leaving its counts
            /// to the caller.
            pub(crate) async fn remove_response(
                connection: &mut <$db as sqlx::Database>::Connection,
                survey_id: &str,
                id: &str,
            ) -> Result<(), StoreError> {
                sqlx::query("DELETE FROM idempotency_keys WHERE survey_id = $1 AND response_id = $2")
                    .bind(survey_id)
                    .bind(id)
                    .execute(&mut *connection)
                    .await?;
                Self::drop_details(&mut *connection, survey_id, id).await?;
                sqlx::query("DELETE FROM responses WHERE survey_id = $1 AND id = $2")
                    .bind(survey_id)
                    .bind(id)
                    .execute(&mut *connection)
                    .await?;
                Ok(())
            }
        }

        /// Adds the moves to the survey's aggregate cells, many cells per statement.
        async fn apply_moves(
            conn: &mut <$db as sqlx::Database>::Connection,
            survey: &Slug,
            moves: &aggregates::Moves,
        ) -> Result<(), StoreError> {
            apply_moves_to(conn, "aggregates", survey, moves).await
        }

        /// Adds the moves to the cells of `table`: `aggregates`, or `expired_aggregates` (the
        /// counts of responses gone by their survey's retention).
        async fn apply_moves_to(
            conn: &mut <$db as sqlx::Database>::Connection,
            table: &'static str,
            survey: &Slug,
            moves: &aggregates::Moves,
        ) -> Result<(), StoreError> {
            let moves: Vec<_> = moves.iter().collect();
            for chunk in moves.chunks(500) {
                let mut upsert = sqlx::QueryBuilder::<$db>::new(format!(
                    "INSERT INTO {table} (survey_id, segment, bucket, cell, n) "
                ));
                upsert.push_values(chunk, |mut row, ((bucket, segment, cell), by)| {
                    row.push_bind(survey.as_str())
                        .push_bind(segment.as_str())
                        .push_bind(*bucket)
                        .push_bind(cell.as_str())
                        .push_bind(**by);
                });
                upsert.push(format!(
                    " ON CONFLICT (survey_id, segment, bucket, cell) DO UPDATE SET n = {table}.n + excluded.n"
                ));
                upsert.build().execute(&mut *conn).await?;
            }
            Ok(())
        }
    };
}

pub(crate) use response_writes;
