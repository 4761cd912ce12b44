//! The question kinds the server renders alone (ranking, date): their checks, answers and cells.
//!
//! The widget's wasm is built without the `rare` feature: there [`Rare`] and [`RareAnswer`] have
//! no values, so every match arm on them compiles to nothing and the bundle does not grow. A
//! survey that asks one of these kinds is answered as the server's page-by-page form instead of
//! being hydrated (see [`crate::Survey::server_stepped`]).

#[cfg(feature = "rare")]
pub use kinds::*;

#[cfg(not(feature = "rare"))]
pub use none::*;

/// The most items a ranking question may ask to order: more is a chore nobody does well.
pub const MAX_RANKED: usize = 10;

#[cfg(feature = "rare")]
mod kinds {
    use crate::cell::Cell;
    use crate::kind::Kind;
    use crate::response::{RawAnswer, ResponseError};
    use crate::slug::Slug;
    use crate::survey::{Choice, RawChoice, RawQuestion};

    /// A kind of question rendered by the server only.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rare {
        /// Every item put in order, the most important first.
        Ranking { choices: Vec<Choice>, shuffle: bool },
        /// A day of the calendar, between `earliest` and `latest` when they are set (`YYYY-MM-DD`).
        Date { earliest: Option<String>, latest: Option<String> },
    }

    /// An answer to a [`Rare`] question.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum RareAnswer {
        /// The item ids, first place first; every item, once.
        Ranking(Vec<Slug>),
        /// `YYYY-MM-DD`.
        Date(String),
    }

    /// What can be wrong with an answer to a [`Rare`] question.
    #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
    pub enum RareError {
        #[error("rank every item ({0} left)")]
        Unranked(usize),
        #[error("`{0}` is not a date written YYYY-MM-DD")]
        NotADate(String),
        #[error("{day} is out of range: answer a day from {} to {}", .earliest.as_deref().unwrap_or("any day"), .latest.as_deref().unwrap_or("any day"))]
        DateOutOfRange { day: String, earliest: Option<String>, latest: Option<String> },
    }

    impl Rare {
        pub fn kind(&self) -> Kind {
            match self {
                Rare::Ranking { .. } => Kind::Ranking,
                Rare::Date { .. } => Kind::Date,
            }
        }

        /// The items of a ranking.
        pub fn choices(&self) -> &[Choice] {
            match self {
                Rare::Ranking { choices, .. } => choices,
                Rare::Date { .. } => &[],
            }
        }

        /// The same question with its texts in one language only.
        pub(crate) fn only(&self, language: usize) -> Rare {
            match self {
                Rare::Ranking { choices, shuffle } => Rare::Ranking {
                    choices: choices
                        .iter()
                        .map(|c| Choice { id: c.id.clone(), label: c.label.only(language) })
                        .collect(),
                    shuffle: *shuffle,
                },
                date => date.clone(),
            }
        }

        /// Writes the kind's own fields into its definition.
        pub(crate) fn write(&self, raw: &mut RawQuestion, languages: &[String]) {
            match self {
                Rare::Ranking { choices, shuffle } => {
                    raw.choices = Some(
                        choices
                            .iter()
                            .map(|c| RawChoice { id: c.id.to_string(), label: c.label.to_raw(languages) })
                            .collect(),
                    );
                    raw.shuffle = Some(*shuffle);
                }
                Rare::Date { earliest, latest } => {
                    raw.earliest = earliest.clone();
                    raw.latest = latest.clone();
                }
            }
        }

        /// `Ok(None)`: not answered (no item ranked, no day given).
        pub(crate) fn answer(&self, value: &RawAnswer) -> Result<Option<RareAnswer>, ResponseError> {
            match (self, value) {
                (Rare::Ranking { choices, .. }, RawAnswer::List(ids)) => {
                    if ids.iter().all(|id| id.is_empty()) {
                        return Ok(None);
                    }
                    let mut ranked: Vec<Slug> = Vec::with_capacity(ids.len());
                    for id in ids.iter().filter(|id| !id.is_empty()) {
                        let item = choices
                            .iter()
                            .find(|c| c.id.as_str() == id)
                            .ok_or_else(|| ResponseError::UnknownChoice(id.clone()))?;
                        if ranked.contains(&item.id) {
                            return Err(ResponseError::RepeatedChoice(id.clone()));
                        }
                        ranked.push(item.id.clone());
                    }
                    match choices.len() - ranked.len() {
                        0 => Ok(Some(RareAnswer::Ranking(ranked))),
                        left => Err(ResponseError::Rare(RareError::Unranked(left))),
                    }
                }
                (Rare::Ranking { .. }, _) => Err(ResponseError::WrongType("a list of every item, in order")),
                (Rare::Date { earliest, latest }, RawAnswer::Text(day)) => {
                    let day = day.trim();
                    if day.is_empty() {
                        return Ok(None);
                    }
                    let day = crate::plan::check_date(day).ok_or_else(|| RareError::NotADate(day.to_owned()))?;
                    // Dates written YYYY-MM-DD sort as text.
                    let early = earliest.as_ref().is_some_and(|e| day < *e);
                    let late = latest.as_ref().is_some_and(|l| day > *l);
                    if early || late {
                        return Err(RareError::DateOutOfRange {
                            day,
                            earliest: earliest.clone(),
                            latest: latest.clone(),
                        }
                        .into());
                    }
                    Ok(Some(RareAnswer::Date(day)))
                }
                (Rare::Date { .. }, _) => Err(ResponseError::WrongType("a date written YYYY-MM-DD")),
            }
        }
    }

    impl From<RareError> for ResponseError {
        fn from(error: RareError) -> ResponseError {
            ResponseError::Rare(error)
        }
    }

    impl RareAnswer {
        pub fn to_raw(&self) -> RawAnswer {
            match self {
                RareAnswer::Ranking(ids) => RawAnswer::List(ids.iter().map(Slug::to_string).collect()),
                RareAnswer::Date(day) => RawAnswer::Text(day.clone()),
            }
        }

        /// The cells the answer counts in: each item at its place (`Q:ITEM=PLACE`, places from
        /// 1), or the day (`Q=YYYY-MM-DD`).
        pub fn cells(&self, question: &Slug) -> Vec<Cell> {
            match self {
                RareAnswer::Ranking(ids) => ids
                    .iter()
                    .zip(1..)
                    .map(|(id, place): (&Slug, u32)| {
                        let place = Slug::parse(place.to_string()).expect("a number is a slug");
                        Cell::Matrix(question.clone(), id.clone(), place)
                    })
                    .collect(),
                RareAnswer::Date(day) => vec![Cell::Value(question.clone(), day.clone())],
            }
        }

        /// The answer as a respondent reads it back: the first item's label, or the day.
        pub fn shown(&self, kind: &Rare) -> String {
            match self {
                RareAnswer::Ranking(ids) => {
                    let first = ids.first().and_then(|id| kind.choices().iter().find(|c| c.id == *id));
                    first.map(|c| c.label.as_str().to_owned()).unwrap_or_default()
                }
                RareAnswer::Date(day) => day.clone(),
            }
        }
    }

    /// Checks a ranking's items and a date's range, for [`crate::survey`]'s parser.
    pub(crate) fn parse(
        kind: Kind,
        choices: Option<Vec<Choice>>,
        shuffle: Option<bool>,
        earliest: Option<String>,
        latest: Option<String>,
    ) -> Result<Rare, &'static str> {
        match kind {
            Kind::Ranking => {
                let choices = choices.unwrap_or_default();
                if choices.len() > super::MAX_RANKED {
                    return Err("a ranking orders 2 to 10 items");
                }
                Ok(Rare::Ranking { choices, shuffle: shuffle.unwrap_or(false) })
            }
            _ => {
                let day = |d: Option<String>| match d {
                    Some(d) => crate::plan::check_date(d.trim())
                        .map(Some)
                        .ok_or("earliest and latest are dates written YYYY-MM-DD"),
                    None => Ok(None),
                };
                let (earliest, latest) = (day(earliest)?, day(latest)?);
                if earliest.as_ref().zip(latest.as_ref()).is_some_and(|(e, l)| e > l) {
                    return Err("earliest comes after latest");
                }
                Ok(Rare::Date { earliest, latest })
            }
        }
    }
}

/// In the widget's wasm: the kinds exist in name only, and no value of them ever does.
#[cfg(not(feature = "rare"))]
mod none {
    use crate::cell::Cell;
    use crate::kind::Kind;
    use crate::response::{RawAnswer, ResponseError};
    use crate::slug::Slug;
    use crate::survey::{Choice, RawQuestion};

    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rare {}

    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum RareAnswer {}

    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum RareError {}

    impl std::error::Error for RareError {}

    impl Rare {
        pub fn kind(&self) -> Kind {
            match *self {}
        }
        pub fn choices(&self) -> &[Choice] {
            match *self {}
        }
        pub(crate) fn only(&self, _: usize) -> Rare {
            match *self {}
        }
        pub(crate) fn write(&self, _: &mut RawQuestion, _: &[String]) {
            match *self {}
        }
        pub(crate) fn answer(&self, _: &RawAnswer) -> Result<Option<RareAnswer>, ResponseError> {
            match *self {}
        }
    }

    impl RareAnswer {
        pub fn to_raw(&self) -> RawAnswer {
            match *self {}
        }
        pub fn cells(&self, _: &Slug) -> Vec<Cell> {
            match *self {}
        }
        pub fn shown(&self, _: &Rare) -> String {
            match *self {}
        }
    }

    impl std::fmt::Display for RareError {
        fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            match *self {}
        }
    }
}

#[cfg(all(test, feature = "rare"))]
#[path = "rare_tests.rs"]
mod tests;
