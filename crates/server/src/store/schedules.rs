//! When live surveys take answers: the [`ScheduleStore`] part of the store, for both databases.
//! A schedule is read with what decides it (the survey's finished responses, from the
//! aggregates, and whether its plan is done) in one statement, so the check that runs before
//! every answer costs one indexed read.

use super::audit::Audit;
use super::StoreError;
use async_trait::async_trait;
pub use hearback_api::schedule::{ClosedBy, Gate, Schedule};

/// A survey's schedule with what decides it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleState {
    pub schedule: Schedule,
    /// Finished responses so far.
    pub finished: i64,
    /// Whether the plan it closes with is done.
    pub plan_done: bool,
}

impl ScheduleState {
    pub fn gate(&self, now: i64) -> Gate {
        self.schedule.gate(now, self.finished, self.plan_done)
    }
}

#[async_trait]
pub trait ScheduleStore: Send + Sync {
    /// A survey's schedule and what decides it; `None` when it has none.
    async fn schedule(&self, survey_id: &str) -> Result<Option<ScheduleState>, StoreError>;

    /// Sets a survey's schedule; an empty one removes it.
    async fn set_schedule(&self, survey_id: &str, schedule: &Schedule, audit: &Audit) -> Result<(), StoreError>;

    /// The schedules of every live survey, with what decides them: for the worker that closes
    /// the ones that are over.
    async fn live_schedules(&self) -> Result<Vec<(String, ScheduleState)>, StoreError>;

    /// Closes a live survey its schedule says is over, with `audit`. False when it was not live
    /// any more (closed by a member, or by another instance a moment before).
    async fn close_by_schedule(&self, survey_id: &str, audit: &Audit) -> Result<bool, StoreError>;
}

/// The row of a schedule and what decides it, `$1` to `$3` being the aggregates' all-time
/// bucket, everyone's segment and the finished cell; then `$rest`.
macro_rules! select_schedules {
    ($rest:literal) => {
        concat!(
            "SELECT s.survey_id, s.opens_at, s.closes_at, s.close_after, s.close_when_done,
                    COALESCE((SELECT a.n FROM aggregates a WHERE a.survey_id = s.survey_id AND a.bucket = $1
                              AND a.segment = $2 AND a.cell = $3), 0),
                    EXISTS (SELECT 1 FROM action_plans p WHERE p.id = s.close_when_done AND p.status = 'done')
             FROM survey_schedules s ",
            $rest
        )
    };
}
pub(crate) use select_schedules;

pub(crate) type ScheduleRow = (String, Option<i64>, Option<i64>, Option<i64>, Option<String>, i64, bool);

pub(crate) fn decode(row: ScheduleRow) -> (String, ScheduleState) {
    let (survey_id, opens_at, closes_at, close_after, close_when_done, finished, plan_done) = row;
    let close_after = close_after.map(|n| u32::try_from(n).unwrap_or(u32::MAX));
    let schedule = Schedule { opens_at, closes_at, close_after, close_when_done };
    (survey_id, ScheduleState { schedule, finished, plan_done })
}

/// The aggregate cell that counts a survey's finished responses, as `select_schedules` binds it.
pub(crate) fn finished_cell() -> (i64, &'static str, String) {
    (super::aggregates::ALL_TIME, super::aggregates::EVERYONE, hearback_core::cell::Cell::Completed.to_string())
}

/// Implements `ScheduleStore` for a type with a `pool: sqlx::Pool<$db>` field.
macro_rules! schedules_sql {
    ($store:ty, $db:ty) => {
        const _: () = {
            use async_trait::async_trait;
            use $crate::store::audit::Audit;
            use $crate::store::schedules::*;
            use $crate::store::StoreError;

            #[async_trait]
            impl ScheduleStore for $store {
                async fn schedule(&self, survey_id: &str) -> Result<Option<ScheduleState>, StoreError> {
                    let (bucket, segment, cell) = finished_cell();
                    let row: Option<ScheduleRow> = sqlx::query_as(select_schedules!("WHERE s.survey_id = $4"))
                        .bind(bucket)
                        .bind(segment)
                        .bind(cell)
                        .bind(survey_id)
                        .fetch_optional(&self.pool)
                        .await?;
                    Ok(row.map(|row| decode(row).1))
                }

                async fn set_schedule(&self, survey_id: &str, schedule: &Schedule, audit: &Audit) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    sqlx::query("DELETE FROM survey_schedules WHERE survey_id = $1")
                        .bind(survey_id)
                        .execute(&mut *tx)
                        .await?;
                    if *schedule != Schedule::default() {
                        sqlx::query(
                            "INSERT INTO survey_schedules (survey_id, opens_at, closes_at, close_after, close_when_done)
                             VALUES ($1, $2, $3, $4, $5)",
                        )
                        .bind(survey_id)
                        .bind(schedule.opens_at)
                        .bind(schedule.closes_at)
                        .bind(schedule.close_after.map(i64::from))
                        .bind(schedule.close_when_done.as_deref())
                        .execute(&mut *tx)
                        .await?;
                    }
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn live_schedules(&self) -> Result<Vec<(String, ScheduleState)>, StoreError> {
                    let (bucket, segment, cell) = finished_cell();
                    let rows: Vec<ScheduleRow> = sqlx::query_as(select_schedules!(
                        "JOIN surveys v ON v.id = s.survey_id WHERE v.status = 'live' ORDER BY s.survey_id"
                    ))
                    .bind(bucket)
                    .bind(segment)
                    .bind(cell)
                    .fetch_all(&self.pool)
                    .await?;
                    Ok(rows.into_iter().map(decode).collect())
                }

                async fn close_by_schedule(&self, survey_id: &str, audit: &Audit) -> Result<bool, StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    let done = sqlx::query("UPDATE surveys SET status = 'closed' WHERE id = $1 AND status = 'live'")
                        .bind(survey_id)
                        .execute(&mut *tx)
                        .await?;
                    if done.rows_affected() == 0 {
                        return Ok(false);
                    }
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(true)
                }
            }
        };
    };
}
pub(crate) use schedules_sql;
