//! The aggregates both databases share: the tallies results read from them (a scope, by day,
//! by segment) and their rebuild from the raw responses. Expanded inside `sql_store!` for each
//! database, as free functions over its pool.

/// Rows of (group, cell, count) in group order, as one tally per group.
pub(crate) fn group_rows<K: PartialEq>(rows: Vec<(K, String, i64)>) -> Vec<(K, hearback_core::Tally)> {
    let mut groups: Vec<(K, hearback_core::Tally)> = Vec::new();
    for (key, cell, n) in rows {
        match groups.last_mut() {
            Some((last, tally)) if *last == key => tally.apply(&cell, n),
            _ => groups.push((key, std::iter::once((cell, n)).collect())),
        }
    }
    groups
}

/// Defines the aggregate reads and the rebuild over a `sqlx::Pool<$db>`, in the scope of
/// `sql_store!`'s implementation (whose imports they use).
macro_rules! aggregate_reads {
    ($db:ty) => {
        /// The tally of a scope: a segment over a range of days, or all time.
        async fn read_tally(
            pool: &sqlx::Pool<$db>,
            survey: &Slug,
            scope: &aggregates::Scope,
        ) -> Result<Tally, StoreError> {
            let (first, last) = scope.days.map_or((aggregates::ALL_TIME, aggregates::ALL_TIME), |(a, b)| (a.max(0), b));
            let rows: Vec<(String, i64)> = sqlx::query_as(
                "SELECT cell, CAST(SUM(n) AS BIGINT) FROM aggregates
                 WHERE survey_id = $1 AND segment = $2 AND bucket BETWEEN $3 AND $4 GROUP BY cell",
            )
            .bind(survey.as_str())
            .bind(&scope.segment)
            .bind(first)
            .bind(last)
            .fetch_all(pool)
            .await?;
            Ok(rows.into_iter().collect())
        }

        /// A segment's tally of each day of a range that has any.
        async fn read_tally_by_day(
            pool: &sqlx::Pool<$db>,
            survey: &Slug,
            segment: &str,
            days: (i64, i64),
        ) -> Result<Vec<(i64, Tally)>, StoreError> {
            let rows: Vec<(i64, String, i64)> = sqlx::query_as(
                "SELECT bucket, cell, n FROM aggregates
                 WHERE survey_id = $1 AND segment = $2 AND bucket BETWEEN $3 AND $4 AND n <> 0 ORDER BY bucket",
            )
            .bind(survey.as_str())
            .bind(segment)
            .bind(days.0.max(0))
            .bind(days.1)
            .fetch_all(pool)
            .await?;
            Ok($crate::store::aggregate_reads::group_rows(rows))
        }

        /// The tally of each segment that starts with `prefix`, over a range of days or all time.
        async fn read_tally_by_segment(
            pool: &sqlx::Pool<$db>,
            survey: &Slug,
            prefix: &str,
            days: Option<(i64, i64)>,
        ) -> Result<Vec<(String, Tally)>, StoreError> {
            let (first, last) = days.map_or((aggregates::ALL_TIME, aggregates::ALL_TIME), |(a, b)| (a.max(0), b));
            let rows: Vec<(String, String, i64)> = sqlx::query_as(
                "SELECT segment, cell, CAST(SUM(n) AS BIGINT) FROM aggregates
                 WHERE survey_id = $1 AND substr(segment, 1, $2) = $3 AND bucket BETWEEN $4 AND $5
                 GROUP BY segment, cell ORDER BY segment",
            )
            .bind(survey.as_str())
            .bind(prefix.chars().count() as i32)
            .bind(prefix)
            .bind(first)
            .bind(last)
            .fetch_all(pool)
            .await?;
            Ok($crate::store::aggregate_reads::group_rows(rows))
        }

        /// Recounts a survey's aggregates from its responses (and what the ones its retention
        /// deleted counted), under the survey's lock, a page of responses at a time: how many
        /// responses were counted.
        async fn rebuild(
            pool: &sqlx::Pool<$db>,
            survey: &Survey,
            progress: &(dyn Fn(u64, u64) + Send + Sync),
        ) -> Result<u64, StoreError> {
            let mut tx = <$db as $crate::store::SurveyLock>::begin_locked(pool, survey.id()).await?;
            let (total,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM responses WHERE survey_id = $1")
                .bind(survey.id().as_str())
                .fetch_one(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM aggregates WHERE survey_id = $1")
                .bind(survey.id().as_str())
                .execute(&mut *tx)
                .await?;
            // What responses gone by the survey's retention counted, then what the others count.
            let expired: Vec<(i64, String, String, i64)> =
                sqlx::query_as("SELECT bucket, segment, cell, n FROM expired_aggregates WHERE survey_id = $1")
                    .bind(survey.id().as_str())
                    .fetch_all(&mut *tx)
                    .await?;
            let mut moves: aggregates::Moves =
                expired.into_iter().map(|(bucket, segment, cell, n)| ((bucket, segment, cell), n)).collect();
            let mut done = 0u64;
            let mut after = (i64::MIN, String::new());
            loop {
                // Pages in (created_at, id) order, each starting after the last one seen.
                let page: Vec<ResponseRow> = sqlx::query_as($crate::store::select_responses!(
                    "WHERE survey_id = $1 AND (created_at > $2 OR (created_at = $2 AND id > $3))
                     ORDER BY created_at, id LIMIT 5000"
                ))
                .bind(survey.id().as_str())
                .bind(after.0)
                .bind(&after.1)
                .fetch_all(&mut *tx)
                .await?;
                let Some(last) = page.last() else { break };
                after = (last.1, last.0.clone());
                for row in decode_responses(page)? {
                    let cells = aggregates::stored_cells(survey, &row);
                    aggregates::add_moves(&mut moves, &cells, row.created_at, &row.customer, 1);
                    done += 1;
                }
                progress(done, total as u64);
            }
            moves.retain(|_, by| *by != 0);
            apply_moves(&mut *tx, survey.id(), &moves).await?;
            tx.commit().await?;
            Ok(done)
        }
    };
}

pub(crate) use aggregate_reads;
