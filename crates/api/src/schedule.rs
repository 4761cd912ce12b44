//! When a live survey takes answers (`/admin/api/surveys/{id}/schedule`): from a set time, until a
//! set time, until so many responses are finished, or until one of its action plans is done. The
//! schedule is the server's: the widget never reads it, it only meets a survey that is open or not.

use serde::{Deserialize, Serialize};

/// The most finished responses a survey can be set to close after.
pub const MAX_CLOSE_AFTER: u32 = 10_000_000;

/// The latest time a schedule can name: 9999-12-31, in milliseconds since 1970.
pub const LATEST: i64 = 253_402_214_400_000;

/// `GET/PUT /admin/api/surveys/{id}/schedule`. Every part is optional; an empty schedule leaves the
/// survey open from going live until someone closes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// Takes answers from this time on (milliseconds since 1970); before it, a live survey is not
    /// open yet.
    #[serde(default)]
    pub opens_at: Option<i64>,
    /// Closes at this time (milliseconds since 1970).
    #[serde(default)]
    pub closes_at: Option<i64>,
    /// Closes once this many responses are finished (1 to 10,000,000).
    #[serde(default)]
    pub close_after: Option<u32>,
    /// Closes once this action plan of the survey is done (its id).
    #[serde(default)]
    pub close_when_done: Option<String>,
}

named_enum! {
    /// What closed a survey by its schedule.
    pub enum ClosedBy {
        /// Its closing time came.
        Time = "time",
        /// It has the finished responses it was to close after.
        Responses = "responses",
        /// The action plan it was to close with is done.
        Plan = "plan",
    }
}

/// Where a live survey stands by its schedule at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    Open,
    /// Opens at this time (milliseconds since 1970).
    NotYet(i64),
    Over(ClosedBy),
}

impl Schedule {
    /// Where the survey stands at `now` with `finished` responses, its plan done or not. A
    /// reason to close wins over not being open yet: a survey that would close before it opens
    /// closes.
    pub fn gate(&self, now: i64, finished: i64, plan_done: bool) -> Gate {
        if self.closes_at.is_some_and(|at| now >= at) {
            Gate::Over(ClosedBy::Time)
        } else if self.close_after.is_some_and(|n| finished >= i64::from(n)) {
            Gate::Over(ClosedBy::Responses)
        } else if plan_done && self.close_when_done.is_some() {
            Gate::Over(ClosedBy::Plan)
        } else if let Some(at) = self.opens_at.filter(|at| now < *at) {
            Gate::NotYet(at)
        } else {
            Gate::Open
        }
    }

    /// What is wrong with the schedule on its own, whatever the survey: times out of range, a
    /// close before the opening, a count of 0 or more than [`MAX_CLOSE_AFTER`].
    pub fn problem(&self) -> Option<ScheduleProblem> {
        let out_of_range = |at: Option<i64>| at.is_some_and(|at| !(0..=LATEST).contains(&at));
        if out_of_range(self.opens_at) || out_of_range(self.closes_at) {
            Some(ScheduleProblem::TimeOutOfRange)
        } else if matches!((self.opens_at, self.closes_at), (Some(open), Some(close)) if close <= open) {
            Some(ScheduleProblem::ClosesBeforeItOpens)
        } else if self.close_after.is_some_and(|n| !(1..=MAX_CLOSE_AFTER).contains(&n)) {
            Some(ScheduleProblem::CountOutOfRange)
        } else {
            None
        }
    }
}

/// A schedule that will not do, whatever the survey.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScheduleProblem {
    TimeOutOfRange,
    ClosesBeforeItOpens,
    CountOutOfRange,
}

impl std::fmt::Display for ScheduleProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ScheduleProblem::TimeOutOfRange => "times are milliseconds since 1970, up to the end of the year 9999",
            ScheduleProblem::ClosesBeforeItOpens => {
                "the schedule closes before it opens: `closes_at` must come after `opens_at`"
            }
            ScheduleProblem::CountOutOfRange => "`close_after` is a number of finished responses, 1 to 10,000,000",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 3_600_000;

    #[test]
    fn a_survey_is_open_between_its_times_and_until_its_count_or_its_plan() {
        let schedule = Schedule { opens_at: Some(10 * HOUR), closes_at: Some(20 * HOUR), ..Schedule::default() };
        assert_eq!(schedule.gate(9 * HOUR, 0, false), Gate::NotYet(10 * HOUR));
        assert_eq!(schedule.gate(10 * HOUR, 0, false), Gate::Open);
        assert_eq!(schedule.gate(20 * HOUR - 1, 0, false), Gate::Open);
        assert_eq!(schedule.gate(20 * HOUR, 0, false), Gate::Over(ClosedBy::Time));

        let count = Schedule { close_after: Some(3), ..Schedule::default() };
        assert_eq!(count.gate(0, 2, false), Gate::Open);
        assert_eq!(count.gate(0, 3, false), Gate::Over(ClosedBy::Responses));

        let plan = Schedule { close_when_done: Some("p".into()), ..Schedule::default() };
        assert_eq!(plan.gate(0, 0, false), Gate::Open);
        assert_eq!(plan.gate(0, 0, true), Gate::Over(ClosedBy::Plan));
        // A plan being done says nothing to a schedule that does not wait for one.
        assert_eq!(Schedule::default().gate(0, 1_000, true), Gate::Open);
    }

    #[test]
    fn schedules_that_cannot_be_are_refused() {
        let at = |opens: i64, closes: i64| Schedule {
            opens_at: Some(opens),
            closes_at: Some(closes),
            ..Schedule::default()
        };
        assert_eq!(at(HOUR, HOUR).problem(), Some(ScheduleProblem::ClosesBeforeItOpens));
        assert_eq!(at(2 * HOUR, HOUR).problem(), Some(ScheduleProblem::ClosesBeforeItOpens));
        assert_eq!(at(HOUR, 2 * HOUR).problem(), None);
        assert_eq!(at(-1, HOUR).problem(), Some(ScheduleProblem::TimeOutOfRange));
        assert_eq!(at(HOUR, LATEST + 1).problem(), Some(ScheduleProblem::TimeOutOfRange));
        let count = |n: u32| Schedule { close_after: Some(n), ..Schedule::default() }.problem();
        assert_eq!(count(0), Some(ScheduleProblem::CountOutOfRange));
        assert_eq!(count(MAX_CLOSE_AFTER + 1), Some(ScheduleProblem::CountOutOfRange));
        assert_eq!(count(1), None);
        assert_eq!(Schedule::default().problem(), None);
    }
}
