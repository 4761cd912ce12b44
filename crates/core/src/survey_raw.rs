//! A definition as it is written (JSON, the builder): the raw forms a [`Survey`] is parsed from and
//! written back to.

use super::*;

/// A survey definition as it arrives in JSON, before it is checked.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSurvey {
    pub id: String,
    /// Language tags, the default first; `["en"]` when left out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
    pub title: RawText,
    pub questions: Vec<RawQuestion>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<RawTheme>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub unsigned_customers: UnsignedCustomers,
    /// Percent of visits on which the survey opens by itself; 100 when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sampling: Option<u32>,
    /// Days not to ask again after an answer or a dismissal; 0 when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recontact_days: Option<u32>,
    /// The day results are promised for (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publish_by: Option<String>,
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    pub id: String,
    pub kind: String,
    pub prompt: RawText,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<RawText>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choices: Option<Vec<RawChoice>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shuffle: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<RawLabels>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<Vec<RawChoice>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub columns: Option<Vec<RawChoice>>,
    /// A date question's first and last day (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub earliest: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest: Option<String>,
    /// An information step's call to action: a link to open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub button: Option<RawButton>,
    /// A contact details question's fields (name, email, phone, company) and the one purpose
    /// they are asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<RawText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<RawCondition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_if: Option<RawCondition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_field: Option<String>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub skip_if_known: bool,
}

impl RawQuestion {
    /// A question of `kind` with only its id and prompt set, for building definitions in code.
    pub fn new(id: &str, kind: &str, prompt: &str) -> RawQuestion {
        RawQuestion {
            id: id.to_owned(),
            kind: kind.to_owned(),
            prompt: RawText::One(prompt.to_owned()),
            help: None,
            required: false,
            choices: None,
            other: None,
            shuffle: None,
            min: None,
            max: None,
            max_length: None,
            points: None,
            style: None,
            labels: None,
            rows: None,
            columns: None,
            earliest: None,
            latest: None,
            button: None,
            fields: None,
            purpose: None,
            show_if: None,
            end_if: None,
            customer_field: None,
            skip_if_known: false,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChoice {
    pub id: String,
    pub label: RawText,
    /// A picture choice's image (`https://`); its label is the words read out for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
}

/// An information step's link: the words on it and where it goes (`https://`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawButton {
    pub label: RawText,
    pub url: String,
}

/// The words at the two ends of a rating scale.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLabels {
    pub low: RawText,
    pub high: RawText,
}

impl TryFrom<RawSurvey> for Survey {
    type Error = SurveyError;
    fn try_from(raw: RawSurvey) -> Result<Survey, SurveyError> {
        Survey::parse(raw)
    }
}

impl From<Survey> for RawSurvey {
    fn from(survey: Survey) -> RawSurvey {
        let languages = &survey.languages;
        let choices = |cs: &[Choice]| -> Vec<RawChoice> {
            cs.iter()
                .map(|c| RawChoice { id: c.id.to_string(), label: c.label.to_raw(languages), image: None })
                .collect()
        };
        let questions = survey
            .questions
            .iter()
            .map(|q| {
                let mut raw = RawQuestion::new(q.id.as_str(), q.kind.name(), "");
                raw.prompt = q.prompt.to_raw(languages);
                raw.help = q.help.as_ref().map(|h| h.to_raw(languages));
                raw.required = q.required;
                raw.show_if = q.show_if.as_ref().map(Condition::to_raw);
                raw.end_if = q.end_if.as_ref().map(Condition::to_raw);
                raw.customer_field = q.customer_field.clone();
                raw.skip_if_known = q.skip_if_known;
                match &q.kind {
                    QuestionKind::Rating { points, stars, low, high } => {
                        raw.points = Some(*points);
                        raw.style = Some(if *stars { "stars" } else { "numbers" }.to_owned());
                        raw.labels = low
                            .as_ref()
                            .zip(high.as_ref())
                            .map(|(low, high)| RawLabels { low: low.to_raw(languages), high: high.to_raw(languages) });
                    }
                    QuestionKind::SingleChoice { choices: cs, other, shuffle } => {
                        raw.choices = Some(choices(cs));
                        raw.other = Some(*other);
                        raw.shuffle = Some(*shuffle);
                    }
                    QuestionKind::MultipleChoice { choices: cs, other, shuffle, min, max } => {
                        raw.choices = Some(choices(cs));
                        raw.other = Some(*other);
                        raw.shuffle = Some(*shuffle);
                        raw.min = Some(*min);
                        raw.max = Some(*max);
                    }
                    QuestionKind::Text { max_length, .. } => raw.max_length = Some(*max_length),
                    QuestionKind::Matrix { rows, columns } => {
                        raw.rows = Some(choices(rows));
                        raw.columns = Some(choices(columns));
                    }
                    QuestionKind::Nps | QuestionKind::Csat | QuestionKind::Ces | QuestionKind::YesNo => {}
                    QuestionKind::Consent | QuestionKind::Contact => {}
                    QuestionKind::Rare(rare) => rare.write(&mut raw, languages),
                }
                raw
            })
            .collect();
        RawSurvey {
            id: survey.id.to_string(),
            languages: survey.languages.clone(),
            title: survey.title.to_raw(languages),
            questions,
            theme: Some(survey.theme.to_raw()),
            unsigned_customers: survey.unsigned_customers,
            sampling: (survey.audience.sampling != 100).then_some(survey.audience.sampling.into()),
            recontact_days: (survey.audience.recontact_days != 0).then_some(survey.audience.recontact_days),
            publish_by: survey.publish_by.clone(),
        }
    }
}
