//! The question kinds the server renders alone (ranking, date, picture choice, information step):
//! their checks, answers and cells.
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
#[path = "rare_details.rs"]
pub mod details;

#[cfg(feature = "rare")]
mod kinds {
    pub use super::details::{ContactDetails, DetailField};
    use crate::cell::Cell;
    use crate::kind::Kind;
    use crate::response::{RawAnswer, ResponseError};
    use crate::slug::Slug;
    use crate::survey::{Choice, RawButton, RawChoice, RawQuestion};
    use crate::text::Text;

    /// A kind of question rendered by the server only.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rare {
        /// Every item put in order, the most important first.
        Ranking { choices: Vec<Choice>, shuffle: bool },
        /// A day of the calendar, between `earliest` and `latest` when they are set (`YYYY-MM-DD`).
        Date { earliest: Option<String>, latest: Option<String> },
        /// `min` to `max` pictures chosen (one when `max` is 1); `images[i]` is `choices[i]`'s
        /// picture (`https://`), its label the words read out for it.
        Pictures { choices: Vec<Choice>, images: Vec<String>, shuffle: bool, min: u32, max: u32 },
        /// Words to read, and maybe a link to open; the only answer is that the link was opened.
        Info { button: Option<(Text, String)> },
        /// Contact details, asked for the one `purpose` said under the question, kept apart
        /// from the answers (see [`super::details`]). A survey asks for them once.
        Details { fields: Vec<DetailField>, purpose: Text },
    }

    /// An answer to a [`Rare`] question.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum RareAnswer {
        /// The item ids, first place first; every item, once.
        Ranking(Vec<Slug>),
        /// `YYYY-MM-DD`.
        Date(String),
        /// The pictures chosen, in the order sent, no repeats.
        Pictures(Vec<Slug>),
        /// An information step's link was opened.
        Clicked,
        /// Contact details: as given, or all `None` once kept apart.
        Details(ContactDetails),
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
        #[error("an information step's only answer is `clicked`")]
        NotClicked,
        #[error("`{0}` is not one of the details asked for")]
        UnknownDetail(String),
        #[error("that is not a phone number")]
        BadPhone,
    }

    impl Rare {
        pub fn kind(&self) -> Kind {
            match self {
                Rare::Ranking { .. } => Kind::Ranking,
                Rare::Date { .. } => Kind::Date,
                Rare::Pictures { .. } => Kind::PictureChoice,
                Rare::Info { .. } => Kind::Info,
                Rare::Details { .. } => Kind::ContactDetails,
            }
        }

        /// Whether a prompt may say its answer back: not an information step's.
        pub fn can_say_back(&self) -> bool {
            !matches!(self, Rare::Info { .. } | Rare::Details { .. })
        }

        /// The pictures' origins, which the page's policy must let images come from.
        pub fn image_origins(&self) -> Vec<String> {
            match self {
                Rare::Pictures { images, .. } => {
                    images.iter().filter_map(|url| crate::origin::https_origin(url)).collect()
                }
                _ => Vec::new(),
            }
        }

        /// The items of a ranking, the choices of a picture choice.
        pub fn choices(&self) -> &[Choice] {
            match self {
                Rare::Ranking { choices, .. } | Rare::Pictures { choices, .. } => choices,
                Rare::Date { .. } | Rare::Info { .. } | Rare::Details { .. } => &[],
            }
        }

        /// The same question with its texts in one language only.
        pub(crate) fn only(&self, language: usize) -> Rare {
            let only = |cs: &[Choice]| -> Vec<Choice> {
                cs.iter().map(|c| Choice { id: c.id.clone(), label: c.label.only(language) }).collect()
            };
            match self {
                Rare::Ranking { choices, shuffle } => Rare::Ranking { choices: only(choices), shuffle: *shuffle },
                Rare::Pictures { choices, images, shuffle, min, max } => Rare::Pictures {
                    choices: only(choices),
                    images: images.clone(),
                    shuffle: *shuffle,
                    min: *min,
                    max: *max,
                },
                Rare::Info { button } => {
                    Rare::Info { button: button.as_ref().map(|(label, url)| (label.only(language), url.clone())) }
                }
                Rare::Details { fields, purpose } => {
                    Rare::Details { fields: fields.clone(), purpose: purpose.only(language) }
                }
                Rare::Date { .. } => self.clone(),
            }
        }

        /// Writes the kind's own fields into its definition.
        pub(crate) fn write(&self, raw: &mut RawQuestion, languages: &[String]) {
            let write = |cs: &[Choice], images: &[String]| -> Vec<RawChoice> {
                cs.iter()
                    .enumerate()
                    .map(|(i, c)| RawChoice {
                        id: c.id.to_string(),
                        label: c.label.to_raw(languages),
                        image: images.get(i).cloned(),
                    })
                    .collect()
            };
            match self {
                Rare::Ranking { choices, shuffle } => {
                    raw.choices = Some(write(choices, &[]));
                    raw.shuffle = Some(*shuffle);
                }
                Rare::Pictures { choices, images, shuffle, min, max } => {
                    raw.choices = Some(write(choices, images));
                    raw.shuffle = Some(*shuffle);
                    raw.min = Some(*min);
                    raw.max = Some(*max);
                }
                Rare::Info { button } => {
                    raw.button = button
                        .as_ref()
                        .map(|(label, url)| RawButton { label: label.to_raw(languages), url: url.clone() });
                }
                Rare::Details { fields, purpose } => {
                    raw.fields = Some(fields.iter().map(|f| f.as_str().to_owned()).collect());
                    raw.purpose = Some(purpose.to_raw(languages));
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
                    let ranked = listed(choices, ids.iter().filter(|id| !id.is_empty()))?;
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
                (Rare::Pictures { choices, min, max, .. }, value) => {
                    let ids = match value {
                        RawAnswer::Text(id) if id.is_empty() => Vec::new(),
                        RawAnswer::Text(id) => vec![id.clone()],
                        RawAnswer::List(ids) => ids.clone(),
                        _ => return Err(ResponseError::WrongType("a picture's id, or a list of them")),
                    };
                    if ids.is_empty() {
                        return Ok(None);
                    }
                    let chosen = listed(choices, ids.iter())?;
                    match chosen.len() as u32 {
                        n if n < *min => Err(ResponseError::TooFew(*min)),
                        n if n > *max => Err(ResponseError::TooMany(*max)),
                        _ => Ok(Some(RareAnswer::Pictures(chosen))),
                    }
                }
                (Rare::Info { .. }, RawAnswer::Text(clicked)) if clicked == "clicked" => Ok(Some(RareAnswer::Clicked)),
                (Rare::Info { .. }, RawAnswer::Text(nothing)) if nothing.is_empty() => Ok(None),
                (Rare::Info { .. }, _) => Err(RareError::NotClicked.into()),
                (Rare::Details { fields, .. }, value) => {
                    Ok(super::details::parse(fields, value)?.map(RareAnswer::Details))
                }
            }
        }
    }

    /// The choices `ids` name, in order: each one of `choices`, none twice.
    fn listed<'a>(choices: &[Choice], ids: impl Iterator<Item = &'a String>) -> Result<Vec<Slug>, ResponseError> {
        let mut listed: Vec<Slug> = Vec::new();
        for id in ids {
            let choice =
                choices.iter().find(|c| c.id.as_str() == id).ok_or_else(|| ResponseError::UnknownChoice(id.clone()))?;
            if listed.contains(&choice.id) {
                return Err(ResponseError::RepeatedChoice(id.clone()));
            }
            listed.push(choice.id.clone());
        }
        Ok(listed)
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
                RareAnswer::Pictures(ids) => RawAnswer::List(ids.iter().map(Slug::to_string).collect()),
                RareAnswer::Clicked => RawAnswer::Text("clicked".to_owned()),
                // The details alone are never written with the answers.
                RareAnswer::Details(_) => RawAnswer::Text(super::details::GIVEN.to_owned()),
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
                RareAnswer::Pictures(ids) => {
                    ids.iter().map(|id| Cell::Value(question.clone(), id.to_string())).collect()
                }
                RareAnswer::Clicked => vec![Cell::Value(question.clone(), "clicked".to_owned())],
                RareAnswer::Details(_) => vec![Cell::Value(question.clone(), super::details::GIVEN.to_owned())],
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
                RareAnswer::Pictures(ids) => {
                    let label = |id: &Slug| kind.choices().iter().find(|c| c.id == *id).map(|c| c.label.as_str());
                    ids.iter().filter_map(label).collect::<Vec<_>>().join(", ")
                }
                RareAnswer::Clicked | RareAnswer::Details(_) => String::new(),
            }
        }
    }

    /// Whether an address may be put in a page as a link or an image: `https://` (or `http://`
    /// for a link) with an origin, no spaces, quotes or angle brackets, at most 2,000 characters.
    fn is_address(url: &str, links: bool) -> bool {
        let scheme = url.starts_with("https://") || (links && url.starts_with("http://"));
        let clean =
            !url.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '\\'));
        let https = url.replacen("http://", "https://", 1);
        scheme && clean && url.len() <= 2000 && crate::origin::https_origin(&https).is_some()
    }

    /// The fields a rare kind is made of, as the survey's parser read them.
    pub(crate) struct Fields {
        pub choices: Option<Vec<Choice>>,
        /// Each choice's image, in order.
        pub images: Vec<Option<String>>,
        pub shuffle: Option<bool>,
        pub min: Option<u32>,
        pub max: Option<u32>,
        pub earliest: Option<String>,
        pub latest: Option<String>,
        pub button: Option<(Text, String)>,
        pub required: bool,
        pub fields: Option<Vec<String>>,
        pub purpose: Option<Text>,
    }

    /// Checks a ranking's items, a date's range, a picture choice's pictures and an information
    /// step's link, for [`crate::survey`]'s parser.
    pub(crate) fn parse(kind: Kind, f: Fields) -> Result<Rare, &'static str> {
        match kind {
            Kind::Ranking => {
                let choices = f.choices.unwrap_or_default();
                if choices.len() > super::MAX_RANKED {
                    return Err("a ranking orders 2 to 10 items");
                }
                Ok(Rare::Ranking { choices, shuffle: f.shuffle.unwrap_or(false) })
            }
            Kind::PictureChoice => {
                let choices = f.choices.unwrap_or_default();
                let images: Vec<String> = f.images.into_iter().flatten().filter(|url| is_address(url, false)).collect();
                if images.len() != choices.len() {
                    return Err("each picture needs an `image`, an https:// address");
                }
                let (min, max) = (f.min.unwrap_or(0), f.max.unwrap_or(1));
                if min > max || max == 0 || max as usize > choices.len() {
                    return Err(
                        "min and max pictures chosen must satisfy 0 ≤ min ≤ max ≤ the pictures offered, max ≥ 1",
                    );
                }
                Ok(Rare::Pictures { choices, images, shuffle: f.shuffle.unwrap_or(false), min, max })
            }
            Kind::ContactDetails => {
                let fields = super::details::fields(f.fields)?;
                let purpose = f.purpose.ok_or("contact details need the `purpose` they are asked for")?;
                Ok(Rare::Details { fields, purpose })
            }
            Kind::Info => {
                if f.required {
                    return Err("an information step takes no answer, so it cannot be required");
                }
                if f.button.as_ref().is_some_and(|(_, url)| !is_address(url, true)) {
                    return Err("a button's url is an https:// (or http://) address");
                }
                Ok(Rare::Info { button: f.button })
            }
            _ => {
                let day = |d: Option<String>| match d {
                    Some(d) => crate::plan::check_date(d.trim())
                        .map(Some)
                        .ok_or("earliest and latest are dates written YYYY-MM-DD"),
                    None => Ok(None),
                };
                let (earliest, latest) = (day(f.earliest)?, day(f.latest)?);
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
#[path = "rare_none.rs"]
mod none;

#[cfg(all(test, feature = "rare"))]
#[path = "rare_tests.rs"]
mod tests;
