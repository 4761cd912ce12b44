//! Results as every surface reads them: the numbers of the responses a filter keeps, a trend by
//! day, week or month, and a breakdown by a segment — always through the privacy rules of
//! [`hearback_core::privacy`].
//!
//! Filters the aggregates hold (one segment or verified, a date range) are read from them, so
//! they cost the same at any number of responses; other combinations (two segments, status, NPS
//! band, answers) are counted from the raw responses.

use super::error::ApiError;
use super::filters::ResponseFilter;
use super::AppState;
use crate::store::aggregates;
use crate::store::{StoreError, StoredSurvey};
use hearback_api::results::{Breakdown, Group, Hidden, Numbers, ResultsBody, Shown, Trend, TrendPoint};
use hearback_core::privacy::Privacy;
use hearback_core::trend::{self, BucketSize};
use hearback_core::Cell;
use hearback_core::{Results, Tally};
use std::collections::{BTreeMap, HashMap};

/// The most buckets one trend may have.
pub const MAX_BUCKETS: i64 = 400;

/// Results as shown: hidden below k, words of comments only where the rules allow.
pub fn shown(privacy: &Privacy, survey: &StoredSurvey, tally: &Tally) -> Shown {
    let results = Results::from_tally(&survey.survey, tally);
    match privacy.redact(&results) {
        Some(results) => Shown::Numbers(Numbers { completion_rate: results.completion_rate(), results, hidden: false }),
        None => hidden(privacy, survey),
    }
}

/// Results as a publication shows them: without the contact question, whose answers are the
/// inner loop's business (who asked to hear back), not a result.
pub fn for_publication(shown: Shown, survey: &StoredSurvey) -> Shown {
    match shown {
        Shown::Numbers(mut numbers) => {
            let contact = |id: &hearback_core::Slug| {
                survey.survey.question(id.as_str()).is_some_and(|q| q.kind == hearback_core::QuestionKind::Contact)
            };
            numbers.results.questions.retain(|q| !contact(&q.question));
            Shown::Numbers(numbers)
        }
        hidden => hidden,
    }
}

/// The groups that split a total (a trend's buckets, a breakdown's values) as shown: each one's
/// results, or hidden when it is too small or would give a smaller one away.
fn groups<'a>(
    privacy: &Privacy,
    survey: &StoredSurvey,
    tallies: impl Iterator<Item = &'a Tally> + Clone,
) -> Vec<Shown> {
    let sizes: Vec<u64> = tallies.clone().map(|t| t.count(&Cell::Started)).collect();
    tallies
        .zip(privacy.breakdown(&sizes))
        .map(|(tally, show)| if show { shown(privacy, survey, tally) } else { hidden(privacy, survey) })
        .collect()
}

fn hidden(privacy: &Privacy, survey: &StoredSurvey) -> Shown {
    Shown::Hidden(Hidden {
        survey: survey.survey.id().to_string(),
        hidden: true,
        fewer_than: privacy.k,
        message: format!("fewer than {} responses", privacy.k),
    })
}

/// The tally of what a filter keeps.
async fn tally(state: &AppState, stored: &StoredSurvey, filter: &ResponseFilter) -> Result<Tally, ApiError> {
    if let Some(scope) = filter.scope() {
        return Ok(state.store.tally(stored.survey.id(), &scope).await?);
    }
    let grouped = raw(state, stored, filter, |_| Some(())).await?;
    Ok(grouped.into_values().next().unwrap_or_default())
}

/// Tallies of the responses a filter keeps, counted from the raw responses, grouped by `key`
/// (responses it gives `None` are left out).
async fn raw<K: Ord>(
    state: &AppState,
    stored: &StoredSurvey,
    filter: &ResponseFilter,
    key: impl Fn(&crate::store::StoredResponse) -> Option<K>,
) -> Result<BTreeMap<K, Tally>, StoreError> {
    let rows = state.store.responses(stored.survey.id()).await?;
    let mut groups: BTreeMap<K, Tally> = BTreeMap::new();
    for row in rows.iter().filter(|row| filter.keeps(&stored.survey, row)) {
        let Some(key) = key(row) else { continue };
        let group = groups.entry(key).or_default();
        let cells = aggregates::stored_cells(&stored.survey, row);
        for cell in cells.into_iter().chain(aggregates::customer_cells(&row.customer)) {
            group.apply(&cell, 1);
        }
    }
    Ok(groups)
}

/// `GET …/results`: the numbers, the privacy rules they were shown under, and the segments a
/// breakdown can use.
pub async fn results(
    state: &AppState,
    stored: &StoredSurvey,
    query: &HashMap<String, String>,
) -> Result<ResultsBody, ApiError> {
    let filter = ResponseFilter::parse(&stored.survey, query)?;
    let privacy = state.config.privacy;
    let tally = tally(state, stored, &filter).await?;
    Ok(ResultsBody { shown: shown(&privacy, stored, &tally), privacy, segments: segment_names(&tally) })
}

/// The customer attributes the respondents of a tally have (its [`Cell::HasAttribute`] cells;
/// a matrix question whose id is `s` has cells that start alike and are not among them).
fn segment_names(tally: &Tally) -> Vec<String> {
    let names = tally.cells().filter_map(|(cell, _)| match Cell::parse(cell) {
        Some(Cell::HasAttribute(name)) => Some(name),
        _ => None,
    });
    names.collect()
}

/// `GET …/results/trend?bucket=day|week|month`: the results of each bucket of a date range
/// (by default the last 30 days, 12 weeks or 12 months), each bucket a group of the total.
pub async fn trend(
    state: &AppState,
    stored: &StoredSurvey,
    query: &HashMap<String, String>,
) -> Result<Trend, ApiError> {
    let mut query = query.clone();
    let size = query.remove("bucket").unwrap_or_else(|| "week".into());
    let size = BucketSize::parse(&size)
        .ok_or_else(|| ApiError::Invalid(format!("`bucket` is day, week or month, not `{size}`")))?;
    let filter = ResponseFilter::parse(&stored.survey, &query)?;
    let today = aggregates::day_of(crate::store::now_millis());
    let (first, last) = filter.days();
    let last = last.unwrap_or(today);
    let first = first.unwrap_or_else(|| match size {
        BucketSize::Day => last - 29,
        BucketSize::Week => BucketSize::Week.start(last) - 7 * 11,
        BucketSize::Month => {
            let (y, m, _) = trend::civil(last);
            let months = y * 12 + i64::from(m) - 1 - 11;
            trend::days_from_civil(months.div_euclid(12), (months.rem_euclid(12) + 1) as u32, 1)
        }
    });
    let starts: Vec<i64> = {
        let mut starts = Vec::new();
        let mut day = size.start(first);
        while day <= last {
            starts.push(day);
            if starts.len() as i64 > MAX_BUCKETS {
                return Err(ApiError::Invalid(format!(
                    "that is more than {MAX_BUCKETS} buckets: narrow the dates or use a larger bucket"
                )));
            }
            day = match size {
                BucketSize::Day => day + 1,
                BucketSize::Week => day + 7,
                BucketSize::Month => {
                    let (y, m, _) = trend::civil(day);
                    if m == 12 {
                        trend::days_from_civil(y + 1, 1, 1)
                    } else {
                        trend::days_from_civil(y, m + 1, 1)
                    }
                }
            };
        }
        starts
    };
    let mut buckets: BTreeMap<i64, Tally> = starts.iter().map(|s| (*s, Tally::new())).collect();
    let by_day = match filter.scope() {
        Some(scope) => state.store.tally_by_day(stored.survey.id(), &scope.segment, (first, last)).await?,
        None => {
            let day = |row: &crate::store::StoredResponse| {
                Some(aggregates::day_of(row.created_at)).filter(|d| (first..=last).contains(d))
            };
            raw(state, stored, &filter, day).await?.into_iter().collect()
        }
    };
    for (day, tally) in by_day {
        if let Some(bucket) = buckets.get_mut(&size.start(day)) {
            bucket.merge(&tally);
        }
    }
    let privacy = state.config.privacy;
    let shown = groups(&privacy, stored, buckets.values());
    let points = buckets.keys().zip(shown).map(|(start, results)| TrendPoint { start: trend::label(*start), results });
    Ok(Trend { bucket: size, from: trend::label(first), to: trend::label(last), points: points.collect(), privacy })
}

/// `GET …/results/breakdown?by=NAME|verified`: the results of each value of a customer
/// attribute (and of those without it), or of verified and unverified respondents; groups too
/// small, and those that would give them away, hidden.
pub async fn breakdown(
    state: &AppState,
    stored: &StoredSurvey,
    query: &HashMap<String, String>,
) -> Result<Breakdown, ApiError> {
    let mut query = query.clone();
    let by = query
        .remove("by")
        .ok_or_else(|| ApiError::Invalid("say what to break down `by`: an attribute or `verified`".into()))?;
    let filter = ResponseFilter::parse(&stored.survey, &query)?;
    let total = tally(state, stored, &filter).await?;
    let prefix = if by == "verified" { "v:".to_owned() } else { aggregates::attribute_segment(&by, "") };
    let mut groups: Vec<(String, Tally)> = match filter.scope().filter(|s| s.segment == aggregates::EVERYONE) {
        Some(scope) => state
            .store
            .tally_by_segment(stored.survey.id(), &prefix, scope.days)
            .await?
            .into_iter()
            .map(|(segment, tally)| (segment[prefix.len()..].to_owned(), tally))
            .collect(),
        None => {
            let value = |row: &crate::store::StoredResponse| {
                if by == "verified" {
                    Some(row.customer.verified.to_string())
                } else {
                    row.customer.attributes.get(&by).cloned()
                }
            };
            raw(state, stored, &filter, value).await?.into_iter().collect()
        }
    };
    if by != "verified" && total.count(&Cell::HasAttribute(by.to_owned())) == 0 {
        return Err(ApiError::Invalid(format!("no respondent has the attribute `{by}`")));
    }
    // Those without the attribute are a group too, so the groups add up to the total.
    let counted: u64 = groups.iter().map(|(_, t)| t.count(&Cell::Started)).sum();
    let mut rest = total.clone();
    for (_, tally) in &groups {
        for (cell, n) in tally.cells() {
            rest.apply(cell, -n);
        }
    }
    if total.count(&Cell::Started) > counted {
        groups.push((String::new(), rest));
    }
    let privacy = state.config.privacy;
    let shown = self::groups(&privacy, stored, groups.iter().map(|(_, tally)| tally));
    let groups = groups
        .into_iter()
        .zip(shown)
        .map(|((value, _), results)| Group { value: Some(value).filter(|v| !v.is_empty()), results });
    Ok(Breakdown { by, groups: groups.collect(), privacy })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Segments are read from the customer cells alone: a matrix question whose id is `s` has
    /// cells that start the same (`s:ROW=COLUMN`) and are no segment.
    #[test]
    fn segment_names_are_the_customer_attributes_only() {
        let tally: Tally = [("n", 3), ("s:plan", 2), ("s:region", 1), ("s:speed=fast", 2), ("s/a", 2)]
            .into_iter()
            .map(|(cell, n)| (cell.to_owned(), n))
            .collect();
        assert_eq!(segment_names(&tally), ["plan", "region"]);
    }
}
