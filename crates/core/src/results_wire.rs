//! Reading a question's results back from JSON by the fields it has, in one pass over a flat
//! struct: what `#[serde(flatten)]` over an untagged enum would do by buffering every value and
//! trying each variant in turn, which costs a client bundle several times the code.

use crate::kind::Kind;
use crate::results::{NpsTally, QuestionResult, QuestionTally, ScaleTally};
use crate::slug::Slug;
use serde::Deserialize;

/// Every field any kind's result has; which are there says which result it is.
#[derive(Deserialize)]
pub(crate) struct TallyWire {
    question: Slug,
    kind: Kind,
    answered: u64,
    dropped_off: u64,
    promoters: Option<u64>,
    passives: Option<u64>,
    detractors: Option<u64>,
    score: Option<f64>,
    interval: Option<[f64; 2]>,
    min: Option<u8>,
    distribution: Option<Vec<u64>>,
    mean: Option<f64>,
    median: Option<f64>,
    satisfied: Option<f64>,
    counts: Option<Vec<(Slug, u64)>>,
    shares: Option<Vec<f64>>,
    other: Option<u64>,
    comments: Option<u64>,
    words: Option<Vec<(String, u64)>>,
    phrases: Option<Vec<(String, u64)>>,
    rows: Option<Vec<(Slug, Vec<(Slug, u64)>)>>,
    given: Option<u64>,
    places: Option<Vec<(Slug, Vec<u64>)>>,
    mean_places: Option<Vec<Option<f64>>>,
    months: Option<Vec<(String, u64)>>,
}

impl TryFrom<TallyWire> for QuestionTally {
    type Error = String;

    /// The result the fields make, checked in the order `QuestionResult`'s variants are written.
    fn try_from(w: TallyWire) -> Result<QuestionTally, String> {
        let result = match w {
            TallyWire {
                promoters: Some(promoters), passives: Some(passives), detractors: Some(detractors), ..
            } => {
                QuestionResult::Nps(NpsTally { promoters, passives, detractors, score: w.score, interval: w.interval })
            }
            TallyWire { min: Some(min), distribution: Some(distribution), .. } => {
                QuestionResult::Scale(ScaleTally::read(min, distribution, w.mean, w.median, w.satisfied))
            }
            TallyWire { counts: Some(counts), shares: Some(shares), .. } => {
                QuestionResult::Choices { counts, shares, other: w.other }
            }
            TallyWire { comments: Some(comments), words: Some(words), phrases: Some(phrases), .. } => {
                QuestionResult::Text { comments, words, phrases }
            }
            TallyWire { rows: Some(rows), .. } => QuestionResult::Matrix { rows },
            TallyWire { given: Some(given), .. } => QuestionResult::Consent { given },
            TallyWire { places: Some(places), mean_places: Some(mean_places), .. } => {
                QuestionResult::Ranking { places, mean_places }
            }
            TallyWire { months: Some(months), .. } => QuestionResult::Dates { months },
            _ => return Err(format!("the results of `{}` have none of the fields of a result", w.question)),
        };
        Ok(QuestionTally {
            question: w.question,
            kind: w.kind,
            answered: w.answered,
            dropped_off: w.dropped_off,
            result,
        })
    }
}
