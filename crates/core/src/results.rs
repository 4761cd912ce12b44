//! Results: the numbers of a survey, read off its [`Tally`].
//!
//! The tally is a sum of counters that the server keeps as responses arrive (see
//! [`crate::tally`]); the results are pure functions of it: counts, completion and drop-off, NPS
//! with its 95% confidence interval, CSAT % satisfied, means, medians and distributions, choice
//! shares, matrix rows, and the most frequent words and phrases of comments. Responses saved on
//! the way (partial) count in every question they answered, and say where respondents stopped.
//! Privacy rules are applied afterwards, by [`crate::privacy`].

use crate::cell::Cell;
use crate::kind::Kind;
use crate::response::Response;
use crate::slug::Slug;
use crate::survey::{QuestionKind, Survey};
use crate::tally::Tally;
use serde::{Deserialize, Serialize};

/// How many words and phrases of comments the results list, most frequent first.
pub const TOP_WORDS: usize = 20;
pub const TOP_PHRASES: usize = 10;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Results {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub survey: Slug,
    /// Responses started: every one folded in, finished or not.
    pub responses: u64,
    /// Responses finished.
    pub completed: u64,
    /// One entry per question, in the survey's order.
    pub questions: Vec<QuestionTally>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "crate::results_wire::TallyWire")]
pub struct QuestionTally {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub question: Slug,
    pub kind: Kind,
    /// How many responses answered this question.
    pub answered: u64,
    /// Unfinished responses whose last answer was this question: where respondents stopped.
    pub dropped_off: u64,
    #[serde(flatten)]
    pub result: QuestionResult,
}

/// What a question's answers add up to, by what the kind asks (read back by the fields each has).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum QuestionResult {
    Nps(NpsTally),
    Scale(ScaleTally),
    Choices {
        /// Counts in the survey's choice order (`yes`, `no` for a yes/no question): `[choice, count]`.
        #[cfg_attr(feature = "openapi", schema(value_type = Vec<Vec<Value>>))]
        counts: Vec<(Slug, u64)>,
        /// Each count as a % of those who answered the question (a multiple-choice question's
        /// shares can add up to more than 100).
        shares: Vec<f64>,
        /// How many chose "Other", when it is offered.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        other: Option<u64>,
    },
    /// Comments are counted here, with what they talk about; their text is read elsewhere,
    /// under privacy rules.
    Text {
        comments: u64,
        /// The most frequent words, with how many comments use each: `[word, comments]`.
        #[cfg_attr(feature = "openapi", schema(value_type = Vec<Vec<Value>>))]
        words: Vec<(String, u64)>,
        /// The most frequent two-word phrases, the same way.
        #[cfg_attr(feature = "openapi", schema(value_type = Vec<Vec<Value>>))]
        phrases: Vec<(String, u64)>,
    },
    Matrix {
        /// For each row, in order, the count of each column: `[row, [[column, count], …]]`.
        #[cfg_attr(feature = "openapi", schema(value_type = Vec<Vec<Value>>))]
        rows: Vec<(Slug, Vec<(Slug, u64)>)>,
    },
    Consent {
        given: u64,
    },
    /// A ranking: for each item, in the survey's order, how many put it at each place (first
    /// place first), and its mean place (1 is best; `None` before the first answer).
    Ranking {
        #[cfg_attr(feature = "openapi", schema(value_type = Vec<Vec<Value>>))]
        places: Vec<(Slug, Vec<u64>)>,
        mean_places: Vec<Option<f64>>,
    },
    /// Dates: how many fell in each month (`YYYY-MM`, earliest first). Never a day: the first or
    /// last day given would be one person's answer.
    Dates {
        #[cfg_attr(feature = "openapi", schema(value_type = Vec<Vec<Value>>))]
        months: Vec<(String, u64)>,
    },
}

// `mean`, `score` and `satisfied` are functions of the counts beside them and never NaN, so
// equality is total.
impl Eq for QuestionResult {}
impl Eq for NpsTally {}
impl Eq for ScaleTally {}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NpsTally {
    /// Answers of 9 or 10.
    pub promoters: u64,
    /// Answers of 7 or 8.
    pub passives: u64,
    /// Answers of 0 to 6.
    pub detractors: u64,
    /// % promoters − % detractors, from −100 to 100; `None` before the first answer.
    pub score: Option<f64>,
    /// The 95% confidence interval of the score (see [`nps_interval`]).
    pub interval: Option<[f64; 2]>,
}

/// A CSAT, CES or rating scale.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScaleTally {
    /// The lowest point; `distribution[i]` counts the answers of `min + i`.
    pub min: u8,
    pub distribution: Vec<u64>,
    /// `None` before the first answer.
    pub mean: Option<f64>,
    /// The middle answer (the mean of the two middle ones for an even count).
    pub median: Option<f64>,
    /// CSAT only: % of answers that are 4 or 5 ("satisfied"), the usual CSAT score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub satisfied: Option<f64>,
    #[serde(skip)]
    csat: bool,
}

impl ScaleTally {
    /// A scale's result as read back from JSON (a CSAT's has `satisfied`).
    pub(crate) fn read(
        min: u8,
        distribution: Vec<u64>,
        mean: Option<f64>,
        median: Option<f64>,
        satisfied: Option<f64>,
    ) -> ScaleTally {
        ScaleTally { min, distribution, mean, median, satisfied, csat: satisfied.is_some() }
    }
}

/// The 95% confidence interval of an NPS, in score points, clamped to −100…100.
///
/// Method: each answer is a value X of +1 (promoter), 0 (passive) or −1 (detractor); the NPS is
/// 100 × the mean of X. With shares p (promoters) and d (detractors) of n answers, the variance
/// of X is p + d − (p − d)², the standard error of the mean is √(variance / n), and the interval
/// is the score ± 1.96 standard errors × 100 (the normal approximation, "Wald" interval). It is
/// wide for small n, as it should be; with n = 1 it has no width and says little.
pub fn nps_interval(promoters: u64, passives: u64, detractors: u64) -> Option<[f64; 2]> {
    let n = (promoters + passives + detractors) as f64;
    if n == 0.0 {
        return None;
    }
    let (p, d) = (promoters as f64 / n, detractors as f64 / n);
    let variance = (p + d - (p - d).powi(2)).max(0.0);
    let margin = 1.96 * (variance / n).sqrt() * 100.0;
    let score = (p - d) * 100.0;
    Some([(score - margin).max(-100.0), (score + margin).min(100.0)])
}

/// The median of a distribution of counts over the points `min`, `min + 1`, …
pub fn median(min: u8, distribution: &[u64]) -> Option<f64> {
    let count: u64 = distribution.iter().sum();
    if count == 0 {
        return None;
    }
    // The value of the answer at 0-based rank `rank` in sorted order.
    let at = |rank: u64| {
        let mut seen = 0;
        for (i, n) in distribution.iter().enumerate() {
            seen += n;
            if rank < seen {
                return f64::from(min) + i as f64;
            }
        }
        f64::from(min) + distribution.len() as f64 - 1.0
    };
    Some(if count % 2 == 1 { at(count / 2) } else { (at(count / 2 - 1) + at(count / 2)) / 2.0 })
}

/// `count` as a % of `of`; 0 when `of` is 0.
pub fn share(count: u64, of: u64) -> f64 {
    if of == 0 {
        0.0
    } else {
        count as f64 * 100.0 / of as f64
    }
}

impl NpsTally {
    fn of(promoters: u64, passives: u64, detractors: u64) -> NpsTally {
        let total = promoters + passives + detractors;
        NpsTally {
            promoters,
            passives,
            detractors,
            score: (total > 0).then(|| (promoters as f64 - detractors as f64) * 100.0 / total as f64),
            interval: nps_interval(promoters, passives, detractors),
        }
    }
}

impl ScaleTally {
    fn of(min: u8, distribution: Vec<u64>, csat: bool) -> ScaleTally {
        let count: u64 = distribution.iter().sum();
        let sum: u64 = distribution.iter().zip(u64::from(min)..).map(|(n, point)| n * point).sum();
        let satisfied: u64 = distribution.iter().skip(3).sum();
        ScaleTally {
            min,
            mean: (count > 0).then(|| sum as f64 / count as f64),
            median: median(min, &distribution),
            satisfied: (csat && count > 0).then(|| satisfied as f64 * 100.0 / count as f64),
            distribution,
            csat,
        }
    }
}

/// The `limit` most frequent terms, most frequent first, ties in alphabetical order.
fn top(terms: impl Iterator<Item = (String, u64)>, limit: usize) -> Vec<(String, u64)> {
    let mut terms: Vec<(String, u64)> = terms.filter(|(_, n)| *n > 0).collect();
    terms.sort_by(|(a, x), (b, y)| y.cmp(x).then_with(|| a.cmp(b)));
    terms.truncate(limit);
    terms
}

impl Results {
    /// The results of a survey nobody has answered yet.
    pub fn empty(survey: &Survey) -> Results {
        Results::from_tally(survey, &Tally::new())
    }

    /// The results of finished responses.
    pub fn of<'a>(survey: &Survey, responses: impl IntoIterator<Item = &'a Response>) -> Results {
        Results::from_tally(survey, &Tally::of(survey, responses.into_iter().map(|r| (r, true))))
    }

    /// The numbers a tally holds, question by question in the survey's order.
    pub fn from_tally(survey: &Survey, tally: &Tally) -> Results {
        let questions = survey
            .questions()
            .iter()
            .map(|question| {
                let q = &question.id;
                let count = |value: &str| tally.count(&Cell::Value(q.clone(), value.to_owned()));
                let answered = tally.count(&Cell::Answered(q.clone()));
                let choices = |ids: Vec<&Slug>, other: bool| {
                    let counts: Vec<(Slug, u64)> = ids.into_iter().map(|id| (id.clone(), count(id.as_str()))).collect();
                    let shares = counts.iter().map(|(_, n)| share(*n, answered)).collect();
                    QuestionResult::Choices { counts, shares, other: other.then(|| count("other")) }
                };
                let scale = |min: u8, max: u8, csat: bool| {
                    let distribution = (min..=max).map(|point| count(&point.to_string())).collect();
                    QuestionResult::Scale(ScaleTally::of(min, distribution, csat))
                };
                let result = match &question.kind {
                    QuestionKind::Nps => {
                        let range = |points: std::ops::RangeInclusive<u8>| -> u64 {
                            points.map(|point| count(&point.to_string())).sum()
                        };
                        QuestionResult::Nps(NpsTally::of(range(9..=10), range(7..=8), range(0..=6)))
                    }
                    QuestionKind::Csat => scale(1, 5, true),
                    kind @ (QuestionKind::Ces | QuestionKind::Rating { .. }) => {
                        let (min, max) = kind.scale().unwrap_or((1, 5));
                        scale(min, max, false)
                    }
                    QuestionKind::SingleChoice { choices: listed, other, .. }
                    | QuestionKind::MultipleChoice { choices: listed, other, .. } => {
                        choices(listed.iter().map(|c| &c.id).collect(), *other)
                    }
                    QuestionKind::YesNo => {
                        let [yes, no] = ["yes", "no"].map(|id| Slug::parse(id).expect("a slug"));
                        choices(vec![&yes, &no], false)
                    }
                    QuestionKind::Text { .. } => {
                        let prefix = Cell::terms_of(q);
                        let (phrases, words): (Vec<_>, Vec<_>) = tally
                            .under(&prefix)
                            .map(|(term, n)| (term.to_owned(), n))
                            .partition(|(t, _)| t.contains(' '));
                        QuestionResult::Text {
                            comments: answered,
                            words: top(words.into_iter(), TOP_WORDS),
                            phrases: top(phrases.into_iter(), TOP_PHRASES),
                        }
                    }
                    QuestionKind::Matrix { rows, columns } => QuestionResult::Matrix {
                        rows: rows
                            .iter()
                            .map(|row| {
                                let counts = columns
                                    .iter()
                                    .map(|c| {
                                        let cell = Cell::Matrix(q.clone(), row.id.clone(), c.id.clone());
                                        (c.id.clone(), tally.count(&cell))
                                    })
                                    .collect();
                                (row.id.clone(), counts)
                            })
                            .collect(),
                    },
                    QuestionKind::Consent => QuestionResult::Consent { given: answered },
                    QuestionKind::Rare(rare) if rare.kind() == Kind::Ranking => {
                        let items = rare.choices();
                        let places: Vec<(Slug, Vec<u64>)> = items
                            .iter()
                            .map(|item| {
                                let counts = (1..=items.len())
                                    .map(|place| {
                                        let place = Slug::parse(place.to_string()).expect("a number is a slug");
                                        tally.count(&Cell::Matrix(q.clone(), item.id.clone(), place))
                                    })
                                    .collect();
                                (item.id.clone(), counts)
                            })
                            .collect();
                        let mean_places = places
                            .iter()
                            .map(|(_, counts)| {
                                let n: u64 = counts.iter().sum();
                                let sum: u64 = counts.iter().zip(1..).map(|(c, place)| c * place).sum();
                                (n > 0).then(|| sum as f64 / n as f64)
                            })
                            .collect();
                        QuestionResult::Ranking { places, mean_places }
                    }
                    QuestionKind::Rare(rare) if rare.kind() == Kind::PictureChoice => {
                        choices(rare.choices().iter().map(|c| &c.id).collect(), false)
                    }
                    QuestionKind::Rare(rare) if matches!(rare.kind(), Kind::Info | Kind::ContactDetails) => {
                        // How many opened the link; how many gave their details (never what).
                        let only = if rare.kind() == Kind::Info { "clicked" } else { "given" };
                        let only = Slug::parse(only).expect("a slug");
                        choices(vec![&only], false)
                    }
                    QuestionKind::Rare(_) => {
                        // Days are `Q=YYYY-MM-DD` cells, in order; months add them up.
                        let prefix = format!("{q}=");
                        let days: Vec<(&str, u64)> = tally.under(&prefix).filter(|(_, n)| *n > 0).collect();
                        let mut months: Vec<(String, u64)> = Vec::new();
                        for (day, n) in &days {
                            let month = day.get(..7).unwrap_or(day);
                            match months.last_mut() {
                                Some((last, count)) if last == month => *count += n,
                                _ => months.push((month.to_owned(), *n)),
                            }
                        }
                        QuestionResult::Dates { months }
                    }
                    QuestionKind::Contact => {
                        let [no, here, email] = ["no", "here", "email"].map(|id| Slug::parse(id).expect("a slug"));
                        choices(vec![&no, &here, &email], false)
                    }
                };
                QuestionTally {
                    question: question.id.clone(),
                    kind: question.kind.kind(),
                    answered,
                    dropped_off: tally.count(&Cell::StoppedAt(q.clone())),
                    result,
                }
            })
            .collect();
        let (responses, completed) = (tally.count(&Cell::Started), tally.count(&Cell::Completed));
        Results { survey: survey.id().clone(), responses, completed, questions }
    }

    /// Finished responses as a share of those started, in %; `None` before the first.
    pub fn completion_rate(&self) -> Option<f64> {
        (self.responses > 0).then(|| self.completed as f64 * 100.0 / self.responses as f64)
    }
}

#[cfg(test)]
#[path = "results_tests.rs"]
mod tests;
