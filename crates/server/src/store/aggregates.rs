//! Aggregates: each survey's [`Tally`] cells, kept per day and per segment, maintained in the
//! transaction of every response change so that reading results costs the same at a thousand
//! responses as at a million.
//!
//! A response counts in its cells (see [`hearback_core::tally`]) once per *bucket* — all time
//! ([`ALL_TIME`]) and the day it was started (UTC days since 1970) — and per *segment*: everyone
//! (`""`), verified or not (`v:true` / `v:false`), and each customer attribute (`a:plan=pro`).
//! A change moves the cells of the response as it was to the cells of the response as it is;
//! the store applies those moves with one upsert per cell after locking the survey, so
//! concurrent changes of one survey queue up instead of losing counts. `rebuild` recomputes
//! everything from the raw responses, and a property test holds the two ways equal.

use super::StoredResponse;
use crate::identity::Customer;
use hearback_core::{Completion, Response, Survey};
use std::collections::BTreeMap;

/// The bucket that counts every day.
pub const ALL_TIME: i64 = -1;
const DAY_MS: i64 = 86_400_000;

/// (bucket, segment, cell) → how much it moves.
pub type Moves = BTreeMap<(i64, String, String), i64>;

/// The UTC day of a time in milliseconds since 1970.
pub fn day_of(millis: i64) -> i64 {
    millis.div_euclid(DAY_MS)
}

/// The segment of everyone, and of a customer attribute's value.
pub const EVERYONE: &str = "";

pub fn attribute_segment(name: &str, value: &str) -> String {
    format!("a:{name}={value}")
}

pub fn verified_segment(verified: bool) -> &'static str {
    if verified {
        "v:true"
    } else {
        "v:false"
    }
}

/// The segments a response with this customer counts in.
pub fn segments(customer: &Customer) -> Vec<String> {
    let mut segments = vec![EVERYONE.to_owned(), verified_segment(customer.verified).to_owned()];
    segments.extend(customer.attributes.iter().map(|(name, value)| attribute_segment(name, value)));
    segments
}

/// The cells of a stored response; none when it no longer parses against the survey (its
/// definition changed under it), so such a response is left out everywhere alike.
pub fn stored_cells(survey: &Survey, row: &StoredResponse) -> Vec<String> {
    let completion = if row.complete { Completion::Complete } else { Completion::Partial };
    match Response::parse_with(survey, &row.raw, &row.customer.known(), completion) {
        Ok(response) => hearback_core::tally::response_cells(survey, &response, row.complete),
        Err(err) => {
            tracing::warn!(survey = %survey.id(), response = %row.id, error = %err, "stored response no longer parses");
            Vec::new()
        }
    }
}

/// The cells a respondent's customer details add: `s:NAME` for each attribute they have, so
/// results know which segments exist and how many respondents have none.
pub fn customer_cells(customer: &Customer) -> impl Iterator<Item = String> + '_ {
    customer.attributes.keys().map(|name| hearback_core::Cell::HasAttribute(name.clone()).key())
}

/// Adds to `moves` a response's cells (and its customer's) in each of its buckets and segments,
/// `by` times.
pub fn add_moves(moves: &mut Moves, cells: &[String], created_at: i64, customer: &Customer, by: i64) {
    let cells: Vec<String> = cells.iter().cloned().chain(customer_cells(customer)).collect();
    for segment in segments(customer) {
        for bucket in [ALL_TIME, day_of(created_at)] {
            for cell in &cells {
                *moves.entry((bucket, segment.clone(), cell.clone())).or_default() += by;
            }
        }
    }
}

/// The moves that take a survey's aggregates from a response as it was to as it is.
pub fn change(survey: &Survey, before: Option<&StoredResponse>, after: Option<&StoredResponse>) -> Moves {
    let mut moves = Moves::new();
    if let Some(row) = before {
        add_moves(&mut moves, &stored_cells(survey, row), row.created_at, &row.customer, -1);
    }
    if let Some(row) = after {
        add_moves(&mut moves, &stored_cells(survey, row), row.created_at, &row.customer, 1);
    }
    moves.retain(|_, by| *by != 0);
    moves
}

/// Which responses a read of aggregates covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub segment: String,
    /// First and last day, inclusive; all time when `None`.
    pub days: Option<(i64, i64)>,
}

impl Scope {
    pub fn everyone() -> Scope {
        Scope { segment: EVERYONE.to_owned(), days: None }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_utc_and_before_1970_still_count_down() {
        assert_eq!(day_of(0), 0);
        assert_eq!(day_of(DAY_MS - 1), 0);
        assert_eq!(day_of(DAY_MS), 1);
        assert_eq!(day_of(-1), -1);
        // 2026-11-26T12:00:00Z
        assert_eq!(day_of(1_795_694_400_000), 20_783);
    }

    #[test]
    fn a_response_counts_in_everyone_its_verification_and_each_attribute() {
        let customer = Customer {
            id: Some("c-1".into()),
            attributes: [("plan".to_owned(), "pro".to_owned())].into_iter().collect(),
            verified: true,
        };
        assert_eq!(segments(&customer), ["", "v:true", "a:plan=pro"]);
        let mut moves = Moves::new();
        add_moves(&mut moves, &["n".into()], DAY_MS * 3 + 5, &customer, 1);
        assert_eq!(moves.len(), 12, "3 segments × (all time, day 3) × (n, s:plan)");
        assert_eq!(moves.get(&(3, "a:plan=pro".into(), "n".into())), Some(&1));
        assert_eq!(moves.get(&(ALL_TIME, "".into(), "s:plan".into())), Some(&1));
        add_moves(&mut moves, &["n".into()], DAY_MS * 3 + 5, &customer, -1);
        moves.retain(|_, by| *by != 0);
        assert!(moves.is_empty());
    }
}
