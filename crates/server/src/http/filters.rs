//! Which stored responses a request asks for: by customer attributes, verified or not, date
//! range, finished or not, and NPS band. Shared by results, the admin responses list and the
//! exports, so a filter means the same everywhere.

use super::error::ApiError;
use crate::store::aggregates::{self, Scope};
use crate::store::StoredResponse;
use hearback_core::{QuestionKind, RawAnswer, Survey};
use std::collections::HashMap;

#[derive(Debug, Default)]
pub struct ResponseFilter {
    segment: Vec<(String, String)>,
    verified_only: bool,
    /// Milliseconds since 1970, inclusive.
    from: Option<i64>,
    /// Milliseconds since 1970, exclusive (the day after `to`).
    until: Option<i64>,
    complete: Option<bool>,
    /// Detractors 0–6, passives 7–8, promoters 9–10 on the survey's first NPS question.
    band: Option<(i64, i64)>,
    /// `answer.QUESTION=VALUE`: a choice, a point of a scale, yes or no.
    answers: Vec<(String, String)>,
}

const DAY_MS: i64 = 86_400_000;

impl ResponseFilter {
    /// Reads `segment.NAME=VALUE`, `verified=true`, `from=YYYY-MM-DD`, `to=YYYY-MM-DD`,
    /// `status=complete|partial`, `band=detractors|passives|promoters`, `answer.QUESTION=VALUE`;
    /// anything else, or a value that does not read, is a clear 422.
    pub fn parse(survey: &Survey, query: &HashMap<String, String>) -> Result<ResponseFilter, ApiError> {
        let mut filter = ResponseFilter::default();
        for (name, value) in query {
            if let Some(question) = name.strip_prefix("answer.") {
                filter.answers.push((question.to_owned(), answer_value(survey, question, value)?));
                continue;
            }
            match (name.strip_prefix("segment."), name.as_str()) {
                (Some(attribute), _) => filter.segment.push((attribute.to_owned(), value.clone())),
                (None, "verified") => filter.verified_only = value == "true",
                (None, "from") => filter.from = Some(day(name, value)?),
                (None, "to") => filter.until = Some(day(name, value)? + DAY_MS),
                (None, "status") => {
                    filter.complete = Some(match value.as_str() {
                        "complete" => true,
                        "partial" => false,
                        _ => return Err(ApiError::Invalid("`status` is `complete` or `partial`".into())),
                    })
                }
                (None, "band") => {
                    if !survey.questions().iter().any(|q| q.kind == QuestionKind::Nps) {
                        return Err(ApiError::Invalid("this survey has no NPS question to take a band of".into()));
                    }
                    filter.band = Some(match value.as_str() {
                        "detractors" => (0, 6),
                        "passives" => (7, 8),
                        "promoters" => (9, 10),
                        _ => return Err(ApiError::Invalid("`band` is `detractors`, `passives` or `promoters`".into())),
                    })
                }
                (None, other) => {
                    return Err(ApiError::Invalid(format!(
                        "unknown filter `{other}`: responses are filtered by segment.NAME, verified, from, to, status, band and answer.QUESTION"
                    )))
                }
            }
        }
        if let (Some(from), Some(until)) = (filter.from, filter.until) {
            if until <= from {
                return Err(ApiError::Invalid("`to` is before `from`".into()));
            }
        }
        if filter.from.is_some_and(|from| from > crate::store::now_millis()) {
            return Err(ApiError::Invalid("`from` is in the future: there are no responses yet".into()));
        }
        Ok(filter)
    }

    /// The aggregates that answer this filter, when they can: at most one segment (or verified)
    /// and a range of days, nothing else.
    pub fn scope(&self) -> Option<Scope> {
        let segment = match (&self.segment[..], self.verified_only) {
            ([], false) => aggregates::EVERYONE.to_owned(),
            ([], true) => aggregates::verified_segment(true).to_owned(),
            ([(name, value)], false) => aggregates::attribute_segment(name, value),
            _ => return None,
        };
        if self.complete.is_some() || self.band.is_some() || !self.answers.is_empty() {
            return None;
        }
        let days = match self.days() {
            (None, None) => None,
            (first, last) => Some((first.unwrap_or(0), last.unwrap_or(i64::MAX / 2))),
        };
        Some(Scope { segment, days })
    }

    /// The first and last day (UTC days since 1970) the filter keeps, where it says.
    pub fn days(&self) -> (Option<i64>, Option<i64>) {
        (self.from.map(aggregates::day_of), self.until.map(|until| aggregates::day_of(until) - 1))
    }

    pub fn keeps(&self, survey: &Survey, row: &StoredResponse) -> bool {
        let customer = &row.customer;
        let band = self.band.is_none_or(|(low, high)| {
            let nps = survey.questions().iter().find(|q| q.kind == QuestionKind::Nps);
            match nps.and_then(|q| row.raw.answers.get(q.id.as_str())) {
                Some(RawAnswer::Number(n)) => (low..=high).contains(n),
                _ => false,
            }
        });
        self.segment.iter().all(|(name, value)| customer.attributes.get(name) == Some(value))
            && (!self.verified_only || customer.verified)
            && self.from.is_none_or(|from| row.created_at >= from)
            && self.until.is_none_or(|until| row.created_at < until)
            && self.complete.is_none_or(|complete| row.complete == complete)
            && band
            && self.answers.iter().all(|(question, value)| match row.raw.answers.get(question) {
                Some(RawAnswer::Number(n)) => n.to_string() == *value,
                Some(RawAnswer::Text(text)) => text == value,
                Some(RawAnswer::Bool(yes)) => (if *yes { "yes" } else { "no" }) == value,
                Some(RawAnswer::List(chosen)) => chosen.contains(value),
                _ => false,
            })
    }
}

/// The value of an `answer.QUESTION` filter, checked against the question: a listed choice, a
/// point of the scale, yes/no, or how a respondent asked to hear back. Text, matrix and consent answers cannot be filtered on.
fn answer_value(survey: &Survey, question: &str, value: &str) -> Result<String, ApiError> {
    let q = survey
        .question(question)
        .ok_or_else(|| ApiError::Invalid(format!("`answer.{question}`: the survey has no question `{question}`")))?;
    let ok = match &q.kind {
        QuestionKind::Text { .. } => {
            return Err(ApiError::Invalid(format!(
                "`answer.{question}`: a text answer cannot be a filter (each one is somebody's own words)"
            )))
        }
        QuestionKind::Matrix { .. } | QuestionKind::Consent | QuestionKind::Rare(_) => {
            return Err(ApiError::Invalid(format!("`answer.{question}`: filter on a choice, a scale or yes/no")))
        }
        QuestionKind::SingleChoice { choices, .. } | QuestionKind::MultipleChoice { choices, .. } => {
            choices.iter().any(|c| c.id.as_str() == value)
        }
        QuestionKind::YesNo => matches!(value, "yes" | "no"),
        QuestionKind::Contact => matches!(value, "no" | "here" | "email"),
        kind => kind.scale().is_some_and(|(min, max)| value.parse::<u8>().is_ok_and(|n| (min..=max).contains(&n))),
    };
    if !ok {
        return Err(ApiError::Invalid(format!("`answer.{question}`: `{value}` is not an answer to that question")));
    }
    Ok(value.to_owned())
}

/// The start of a day (UTC) given as `YYYY-MM-DD`, in milliseconds since 1970.
pub(crate) fn day(name: &str, value: &str) -> Result<i64, ApiError> {
    let bad = || ApiError::Invalid(format!("`{name}` is a date like 2026-11-26"));
    if value.len() != 10 {
        return Err(bad());
    }
    let time = humantime::parse_rfc3339_weak(&format!("{value} 00:00:00")).map_err(|_| bad())?;
    let since = time.duration_since(std::time::UNIX_EPOCH).map_err(|_| bad())?;
    Ok(since.as_millis() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::Customer;

    fn survey() -> Survey {
        serde_json::from_str(
            r#"{"id":"s","title":"T","questions":[{"id":"nps","kind":"nps","prompt":"P"},
            {"id":"why","kind":"long_text","prompt":"Why?"}]}"#,
        )
        .unwrap()
    }

    fn row(created_at: i64, score: i64, complete: bool, plan: &str, verified: bool) -> StoredResponse {
        StoredResponse {
            id: "r".into(),
            created_at,
            raw: serde_json::from_value(serde_json::json!({"answers": {"nps": score}})).unwrap(),
            complete,
            customer: Customer { id: None, attributes: [("plan".to_owned(), plan.to_owned())].into(), verified },
        }
    }

    fn filter(pairs: &[(&str, &str)]) -> Result<ResponseFilter, ApiError> {
        ResponseFilter::parse(&survey(), &pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }

    #[test]
    fn each_filter_keeps_what_it_says() {
        let nov_26 = day("from", "2026-11-26").unwrap();
        let rows = [
            row(nov_26 + 1000, 10, true, "pro", true),
            row(nov_26 - 1000, 3, true, "free", false),
            row(nov_26 + DAY_MS, 8, false, "pro", false),
        ];
        let kept = |pairs: &[(&str, &str)]| -> Vec<usize> {
            let f = filter(pairs).unwrap();
            (0..rows.len()).filter(|i| f.keeps(&survey(), &rows[*i])).collect()
        };
        assert_eq!(kept(&[]), [0, 1, 2]);
        assert_eq!(kept(&[("from", "2026-11-26"), ("to", "2026-11-26")]), [0]);
        assert_eq!(kept(&[("band", "detractors")]), [1]);
        assert_eq!(kept(&[("band", "passives")]), [2]);
        assert_eq!(kept(&[("status", "partial")]), [2]);
        assert_eq!(kept(&[("segment.plan", "pro"), ("verified", "true")]), [0]);
        assert_eq!(kept(&[("answer.nps", "10")]), [0]);
    }

    #[test]
    fn the_aggregates_answer_one_segment_and_dates_and_the_rest_is_counted_raw() {
        let scope = |pairs: &[(&str, &str)]| filter(pairs).unwrap().scope();
        assert_eq!(scope(&[]), Some(Scope::everyone()));
        let one = scope(&[("segment.plan", "pro"), ("from", "2026-11-26"), ("to", "2026-11-27")]).unwrap();
        assert_eq!((one.segment.as_str(), one.days), ("a:plan=pro", Some((20_783, 20_784))));
        assert_eq!(scope(&[("verified", "true")]).unwrap().segment, "v:true");
        for raw in [
            vec![("segment.plan", "pro"), ("verified", "true")],
            vec![("segment.plan", "pro"), ("segment.country", "de")],
            vec![("status", "complete")],
            vec![("band", "promoters")],
            vec![("answer.nps", "3")],
        ] {
            assert_eq!(scope(&raw), None, "{raw:?}");
        }
    }

    #[test]
    fn bad_filters_are_explained() {
        for (pairs, says) in [
            (vec![("from", "26.11.2026")], "a date like"),
            (vec![("from", "2026-11-27"), ("to", "2026-11-26")], "`to` is before `from`"),
            (vec![("status", "done")], "`complete` or `partial`"),
            (vec![("band", "fans")], "`detractors`"),
            (vec![("answers.nps", "3")], "unknown filter `answers.nps`"),
            (vec![("answer.nps", "11")], "`11` is not an answer to that question"),
            (vec![("answer.none", "1")], "the survey has no question `none`"),
            (vec![("answer.why", "slow")], "a text answer cannot be a filter"),
            (vec![("from", "2999-01-01")], "`from` is in the future"),
        ] {
            let err = filter(&pairs).unwrap_err().to_string();
            assert!(err.contains(says), "{pairs:?}: {err}");
        }
    }
}
