//! Checking one question of a definition: its id, texts, kind and the fields its kind takes.

use super::*;
use crate::kind::Kind;
use crate::text::Text;

impl Question {
    pub(super) fn parse(index: usize, raw: RawQuestion, languages: &[String]) -> Result<Question, SurveyError> {
        let id = Slug::parse(raw.id).map_err(|source| SurveyError::QuestionId { index, source })?;
        let text = |raw: RawText, field: &str, max| {
            Text::parse(raw, languages, max).map_err(|problem| SurveyError::Text {
                question: id.clone(),
                field: field.to_owned(),
                problem,
            })
        };
        let prompt = text(raw.prompt, "prompt", MAX_PROMPT_LEN)?;
        let help = raw.help.map(|h| text(h, "help", MAX_HELP_LEN)).transpose()?;
        let Some(kind_name) = Kind::named(&raw.kind) else {
            return Err(SurveyError::UnknownKind { question: id, kind: raw.kind });
        };
        // Fields that only some kinds take: name each one that is present but does not apply.
        let allowed = kind_name.fields();
        let present = [
            ("choices", raw.choices.is_some()),
            ("other", raw.other.is_some()),
            ("shuffle", raw.shuffle.is_some()),
            ("min", raw.min.is_some()),
            ("max", raw.max.is_some()),
            ("max_length", raw.max_length.is_some()),
            ("points", raw.points.is_some()),
            ("style", raw.style.is_some()),
            ("labels", raw.labels.is_some()),
            ("rows", raw.rows.is_some()),
            ("columns", raw.columns.is_some()),
            ("earliest", raw.earliest.is_some()),
            ("latest", raw.latest.is_some()),
            ("button", raw.button.is_some()),
            ("fields", raw.fields.is_some()),
            ("purpose", raw.purpose.is_some()),
            (
                "image",
                [&raw.choices, &raw.rows, &raw.columns].into_iter().flatten().flatten().any(|c| c.image.is_some()),
            ),
        ];
        if let Some((field, _)) = present.iter().find(|(field, here)| *here && !allowed.contains(field)) {
            return Err(SurveyError::FieldNotAllowed { question: id, field, kind: kind_name.as_str() });
        }
        let choices = |raw: Option<Vec<RawChoice>>, field, other: bool| {
            parse_choices(&id, field, raw.unwrap_or_default(), languages, other)
        };
        let kind = match kind_name {
            Kind::Nps => QuestionKind::Nps,
            Kind::Csat => QuestionKind::Csat,
            Kind::Ces => QuestionKind::Ces,
            Kind::Rating => {
                let points = raw.points.unwrap_or(5);
                if !(3..=10).contains(&points) {
                    return Err(SurveyError::Points(id));
                }
                let stars = match raw.style.as_deref() {
                    None | Some("stars") => true,
                    Some("numbers") => false,
                    Some(_) => return Err(SurveyError::Style(id)),
                };
                let (low, high) = match raw.labels {
                    Some(labels) => (
                        Some(text(labels.low, "labels.low", MAX_PROMPT_LEN)?),
                        Some(text(labels.high, "labels.high", MAX_PROMPT_LEN)?),
                    ),
                    None => (None, None),
                };
                QuestionKind::Rating { points, stars, low, high }
            }
            Kind::SingleChoice => {
                let other = raw.other.unwrap_or(false);
                QuestionKind::SingleChoice {
                    choices: choices(raw.choices, "choices", other)?,
                    other,
                    shuffle: raw.shuffle.unwrap_or(false),
                }
            }
            Kind::MultipleChoice => {
                let other = raw.other.unwrap_or(false);
                let listed = choices(raw.choices, "choices", other)?;
                let options = listed.len() + usize::from(other);
                let min = raw.min.unwrap_or(0);
                let max = raw.max.unwrap_or(options as u32);
                if min > max || max as usize > options || max == 0 {
                    return Err(SurveyError::Selections { question: id, options });
                }
                QuestionKind::MultipleChoice { choices: listed, other, shuffle: raw.shuffle.unwrap_or(false), min, max }
            }
            Kind::YesNo => QuestionKind::YesNo,
            Kind::ShortText | Kind::LongText => {
                let long = kind_name == Kind::LongText;
                let default = if long { DEFAULT_TEXT_LIMIT } else { DEFAULT_SHORT_TEXT_LIMIT };
                let max_length = raw.max_length.unwrap_or(default);
                if max_length == 0 || max_length > MAX_TEXT_LIMIT {
                    return Err(SurveyError::TextLimit(id));
                }
                QuestionKind::Text { long, max_length }
            }
            Kind::Matrix => QuestionKind::Matrix {
                rows: choices(raw.rows, "rows", false)?,
                columns: choices(raw.columns, "columns", false)?,
            },
            Kind::Consent => QuestionKind::Consent,
            Kind::Contact => QuestionKind::Contact,
            #[cfg(feature = "rare")]
            Kind::Ranking | Kind::Date | Kind::PictureChoice | Kind::Info | Kind::ContactDetails => {
                let images = raw.choices.iter().flatten().map(|c| c.image.clone()).collect();
                let listed = match kind_name {
                    Kind::Ranking | Kind::PictureChoice => Some(choices(raw.choices, "choices", false)?),
                    _ => None,
                };
                let button = match raw.button {
                    Some(b) => Some((text(b.label, "button.label", MAX_PROMPT_LEN)?, b.url.trim().to_owned())),
                    None => None,
                };
                let fields = crate::rare::Fields {
                    choices: listed,
                    images,
                    shuffle: raw.shuffle,
                    min: raw.min,
                    max: raw.max,
                    earliest: raw.earliest,
                    latest: raw.latest,
                    button,
                    required: raw.required,
                    fields: raw.fields,
                    purpose: raw.purpose.map(|p| text(p, "purpose", MAX_PROMPT_LEN)).transpose()?,
                };
                let rare = crate::rare::parse(kind_name, fields)
                    .map_err(|problem| SurveyError::Rare { question: id.clone(), problem })?;
                QuestionKind::Rare(rare)
            }
            #[cfg(not(feature = "rare"))]
            Kind::Ranking | Kind::Date | Kind::PictureChoice | Kind::Info | Kind::ContactDetails => {
                return Err(SurveyError::UnknownKind { question: id, kind: raw.kind })
            }
        };
        if let Some(field) = &raw.customer_field {
            let ok = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_';
            if field.is_empty() || field.len() > 40 || !field.chars().all(ok) {
                return Err(SurveyError::CustomerField(id));
            }
        }
        if raw.skip_if_known && raw.customer_field.is_none() {
            return Err(SurveyError::SkipWithoutField(id));
        }
        Ok(Question {
            id,
            prompt,
            help,
            required: raw.required,
            kind,
            show_if: None,
            end_if: None,
            customer_field: raw.customer_field,
            skip_if_known: raw.skip_if_known,
        })
    }
}

fn parse_choices(
    question: &Slug,
    field: &'static str,
    raw: Vec<RawChoice>,
    languages: &[String],
    other: bool,
) -> Result<Vec<Choice>, SurveyError> {
    if raw.len() < 2 || raw.len() > MAX_CHOICES {
        return Err(SurveyError::ChoiceCount { question: question.clone(), field });
    }
    let mut choices: Vec<Choice> = Vec::with_capacity(raw.len());
    for (index, choice) in raw.into_iter().enumerate() {
        let id = Slug::parse(choice.id).map_err(|source| SurveyError::ChoiceId {
            question: question.clone(),
            field,
            index,
            source,
        })?;
        if other && id.as_str() == OTHER {
            return Err(SurveyError::ReservedChoice { question: question.clone() });
        }
        let label = Text::parse(choice.label, languages, MAX_PROMPT_LEN).map_err(|problem| SurveyError::Text {
            question: question.clone(),
            field: format!("{field} `{id}`"),
            problem,
        })?;
        if choices.iter().any(|c| c.id == id) {
            return Err(SurveyError::DuplicateChoice { question: question.clone(), choice: id });
        }
        choices.push(Choice { id, label });
    }
    Ok(choices)
}
