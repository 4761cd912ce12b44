//! Which stored responses a request asks for: by customer attributes, verified or not, date
//! range, finished or not, and NPS band. Shared by results, the admin responses list and the
//! exports, so a filter means the same everywhere.

use super::error::ApiError;
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
}

const DAY_MS: i64 = 86_400_000;

impl ResponseFilter {
    /// Reads `segment.NAME=VALUE`, `verified=true`, `from=YYYY-MM-DD`, `to=YYYY-MM-DD`,
    /// `status=complete|partial`, `band=detractors|passives|promoters`; anything else, or a
    /// value that does not read, is a clear 400.
    pub fn parse(survey: &Survey, query: &HashMap<String, String>) -> Result<ResponseFilter, ApiError> {
        let mut filter = ResponseFilter::default();
        for (name, value) in query {
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
                        "unknown filter `{other}`: responses are filtered by segment.NAME, verified, from, to, status and band"
                    )))
                }
            }
        }
        if let (Some(from), Some(until)) = (filter.from, filter.until) {
            if until <= from {
                return Err(ApiError::Invalid("`to` is before `from`".into()));
            }
        }
        Ok(filter)
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
    }
}

/// The start of a day (UTC) given as `YYYY-MM-DD`, in milliseconds since 1970.
fn day(name: &str, value: &str) -> Result<i64, ApiError> {
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
        serde_json::from_str(r#"{"id":"s","title":"T","questions":[{"id":"nps","kind":"nps","prompt":"P"}]}"#).unwrap()
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
    }

    #[test]
    fn bad_filters_are_explained() {
        for (pairs, says) in [
            (vec![("from", "26.11.2026")], "a date like"),
            (vec![("from", "2026-11-27"), ("to", "2026-11-26")], "`to` is before `from`"),
            (vec![("status", "done")], "`complete` or `partial`"),
            (vec![("band", "fans")], "`detractors`"),
            (vec![("answer.nps", "3")], "unknown filter `answer.nps`"),
        ] {
            let err = filter(&pairs).unwrap_err().to_string();
            assert!(err.contains(says), "{pairs:?}: {err}");
        }
    }
}
