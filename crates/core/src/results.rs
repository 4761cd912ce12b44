//! Results: the aggregate of a survey's responses, as a pure fold.
//!
//! [`Results::add`] folds one response in; [`Results::merge`] joins two partial results, so the
//! same code serves a full recount, a running total kept as responses arrive, and a sum over
//! shards. Order never matters (a property test holds us to it). Responses saved on the way
//! (partial) count in every question they answered, and say where respondents stopped.

use crate::response::{Answer, Chosen, Response};
use crate::slug::Slug;
use crate::survey::{QuestionKind, Survey};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Results {
    pub survey: Slug,
    /// Responses started: every one folded in, finished or not.
    pub responses: u64,
    /// Responses finished.
    pub completed: u64,
    /// One entry per question, in the survey's order.
    pub questions: Vec<QuestionTally>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuestionTally {
    pub question: Slug,
    pub kind: &'static str,
    /// How many responses answered this question.
    pub answered: u64,
    /// Unfinished responses whose last answer was this question: where respondents stopped.
    pub dropped_off: u64,
    #[serde(flatten)]
    pub result: QuestionResult,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum QuestionResult {
    Nps(NpsTally),
    Scale(ScaleTally),
    Choices {
        /// Counts in the survey's choice order (`yes`, `no` for a yes/no question).
        counts: Vec<(Slug, u64)>,
        /// How many chose "Other", when it is offered.
        #[serde(skip_serializing_if = "Option::is_none")]
        other: Option<u64>,
    },
    /// Comments are counted here; their text is read elsewhere, under privacy rules.
    Text {
        comments: u64,
    },
    Matrix {
        /// For each row, in order, the count of each column.
        rows: Vec<(Slug, Vec<(Slug, u64)>)>,
    },
    Consent {
        given: u64,
    },
}

// `mean`, `score` and `satisfied` are functions of the counts beside them and never NaN, so
// equality is total.
impl Eq for QuestionResult {}
impl Eq for NpsTally {}
impl Eq for ScaleTally {}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct NpsTally {
    /// Answers of 9 or 10.
    pub promoters: u64,
    /// Answers of 7 or 8.
    pub passives: u64,
    /// Answers of 0 to 6.
    pub detractors: u64,
    /// % promoters − % detractors, from −100 to 100; `None` before the first answer.
    pub score: Option<f64>,
}

/// A CSAT, CES or rating scale.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScaleTally {
    /// The lowest point; `distribution[i]` counts the answers of `min + i`.
    pub min: u8,
    pub distribution: Vec<u64>,
    /// `None` before the first answer.
    pub mean: Option<f64>,
    /// CSAT only: % of answers that are 4 or 5 ("satisfied"), the usual CSAT score.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub satisfied: Option<f64>,
    #[serde(skip)]
    csat: bool,
}

impl NpsTally {
    fn add(&mut self, value: u8) {
        match value {
            9..=10 => self.promoters += 1,
            7..=8 => self.passives += 1,
            _ => self.detractors += 1,
        }
        self.rescore();
    }

    fn merge(&mut self, other: &NpsTally) {
        self.promoters += other.promoters;
        self.passives += other.passives;
        self.detractors += other.detractors;
        self.rescore();
    }

    fn rescore(&mut self) {
        let total = self.promoters + self.passives + self.detractors;
        self.score = (total > 0).then(|| (self.promoters as f64 - self.detractors as f64) * 100.0 / total as f64);
    }
}

impl ScaleTally {
    fn new(min: u8, max: u8, csat: bool) -> ScaleTally {
        ScaleTally { min, distribution: vec![0; usize::from(max - min) + 1], mean: None, satisfied: None, csat }
    }

    fn rescore(&mut self) {
        let count: u64 = self.distribution.iter().sum();
        let sum: u64 = self.distribution.iter().zip(u64::from(self.min)..).map(|(n, point)| n * point).sum();
        self.mean = (count > 0).then(|| sum as f64 / count as f64);
        if self.csat {
            let satisfied: u64 = self.distribution.iter().skip(3).sum();
            self.satisfied = (count > 0).then(|| satisfied as f64 * 100.0 / count as f64);
        }
    }
}

impl Results {
    /// The results of a survey nobody has answered yet.
    pub fn empty(survey: &Survey) -> Results {
        let counts = |ids: &mut dyn Iterator<Item = &Slug>| ids.map(|id| (id.clone(), 0)).collect::<Vec<_>>();
        let questions = survey
            .questions()
            .iter()
            .map(|q| QuestionTally {
                question: q.id.clone(),
                kind: q.kind.name(),
                answered: 0,
                dropped_off: 0,
                result: match &q.kind {
                    QuestionKind::Nps => QuestionResult::Nps(NpsTally::default()),
                    QuestionKind::Csat => QuestionResult::Scale(ScaleTally::new(1, 5, true)),
                    kind @ (QuestionKind::Ces | QuestionKind::Rating { .. }) => {
                        let (min, max) = kind.scale().unwrap_or((1, 5));
                        QuestionResult::Scale(ScaleTally::new(min, max, false))
                    }
                    QuestionKind::SingleChoice { choices, other, .. }
                    | QuestionKind::MultipleChoice { choices, other, .. } => QuestionResult::Choices {
                        counts: counts(&mut choices.iter().map(|c| &c.id)),
                        other: other.then_some(0),
                    },
                    QuestionKind::YesNo => QuestionResult::Choices {
                        counts: ["yes", "no"].iter().map(|id| (Slug::parse(*id).unwrap(), 0)).collect(),
                        other: None,
                    },
                    QuestionKind::Text { .. } => QuestionResult::Text { comments: 0 },
                    QuestionKind::Matrix { rows, columns } => QuestionResult::Matrix {
                        rows: rows.iter().map(|r| (r.id.clone(), counts(&mut columns.iter().map(|c| &c.id)))).collect(),
                    },
                    QuestionKind::Consent => QuestionResult::Consent { given: 0 },
                },
            })
            .collect();
        Results { survey: survey.id().clone(), responses: 0, completed: 0, questions }
    }

    /// Folds every finished response into fresh results.
    pub fn of<'a>(survey: &Survey, responses: impl IntoIterator<Item = &'a Response>) -> Results {
        responses.into_iter().fold(Results::empty(survey), |mut results, response| {
            results.add(response, true);
            results
        })
    }

    /// Counts one more response, finished or saved on the way. Answers are matched to questions
    /// by id; a response is assumed to have been parsed against the same survey.
    pub fn add(&mut self, response: &Response, complete: bool) {
        self.responses += 1;
        self.completed += u64::from(complete);
        let mut last_answered = None;
        for (at, tally) in self.questions.iter_mut().enumerate() {
            let Some(answer) = response.answer(&tally.question) else { continue };
            last_answered = Some(at);
            tally.answered += 1;
            let bump = |counts: &mut Vec<(Slug, u64)>, other: &mut Option<u64>, chosen: &Chosen| match chosen {
                Chosen::Listed(id) => {
                    if let Some((_, n)) = counts.iter_mut().find(|(c, _)| c == id) {
                        *n += 1;
                    }
                }
                Chosen::Other(_) => *other.get_or_insert(0) += 1,
            };
            match (&mut tally.result, answer) {
                (QuestionResult::Nps(nps), Answer::Scale(n)) => nps.add(*n),
                (QuestionResult::Scale(scale), Answer::Scale(n)) => {
                    if let Some(count) = scale.distribution.get_mut(usize::from(n.saturating_sub(scale.min))) {
                        *count += 1;
                    }
                    scale.rescore();
                }
                (QuestionResult::Choices { counts, other }, Answer::Choice(chosen)) => bump(counts, other, chosen),
                (QuestionResult::Choices { counts, other }, Answer::Choices(chosen)) => {
                    chosen.iter().for_each(|c| bump(counts, other, c))
                }
                (QuestionResult::Choices { counts, other }, Answer::YesNo(yes)) => {
                    let id = Slug::parse(if *yes { "yes" } else { "no" }).unwrap();
                    bump(counts, other, &Chosen::Listed(id))
                }
                (QuestionResult::Text { comments }, Answer::Text(_)) => *comments += 1,
                (QuestionResult::Matrix { rows }, Answer::Matrix(chosen)) => {
                    for (row, counts) in rows.iter_mut() {
                        if let Some(column) = chosen.get(row) {
                            if let Some((_, n)) = counts.iter_mut().find(|(c, _)| c == column) {
                                *n += 1;
                            }
                        }
                    }
                }
                (QuestionResult::Consent { given }, Answer::Consent) => *given += 1,
                // A response parsed against the survey always matches its kinds.
                _ => tally.answered -= 1,
            }
        }
        if let (false, Some(at)) = (complete, last_answered) {
            self.questions[at].dropped_off += 1;
        }
    }

    /// Joins results computed over two disjoint sets of responses to the same survey.
    pub fn merge(&mut self, other: &Results) {
        self.responses += other.responses;
        self.completed += other.completed;
        let add =
            |a: &mut Vec<(Slug, u64)>, b: &Vec<(Slug, u64)>| a.iter_mut().zip(b).for_each(|((_, x), (_, y))| *x += y);
        for (mine, theirs) in self.questions.iter_mut().zip(&other.questions) {
            mine.answered += theirs.answered;
            mine.dropped_off += theirs.dropped_off;
            match (&mut mine.result, &theirs.result) {
                (QuestionResult::Nps(a), QuestionResult::Nps(b)) => a.merge(b),
                (QuestionResult::Scale(a), QuestionResult::Scale(b)) => {
                    a.distribution.iter_mut().zip(&b.distribution).for_each(|(x, y)| *x += y);
                    a.rescore();
                }
                (QuestionResult::Choices { counts: a, other: x }, QuestionResult::Choices { counts: b, other: y }) => {
                    add(a, b);
                    if let (Some(x), Some(y)) = (x, y) {
                        *x += y;
                    }
                }
                (QuestionResult::Text { comments: a }, QuestionResult::Text { comments: b }) => *a += b,
                (QuestionResult::Matrix { rows: a }, QuestionResult::Matrix { rows: b }) => {
                    a.iter_mut().zip(b).for_each(|((_, x), (_, y))| add(x, y));
                }
                (QuestionResult::Consent { given: a }, QuestionResult::Consent { given: b }) => *a += b,
                _ => {}
            }
        }
    }

    /// Finished responses as a share of those started, in %; `None` before the first.
    pub fn completion_rate(&self) -> Option<f64> {
        (self.responses > 0).then(|| self.completed as f64 * 100.0 / self.responses as f64)
    }
}

#[cfg(test)]
#[path = "results_tests.rs"]
mod tests;
