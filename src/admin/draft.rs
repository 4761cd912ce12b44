//! The survey builder's model: a survey definition as the builder's form edits it, and back.
//!
//! Each question has the fields most edits need (id, kind, prompt, help, required, options, a
//! logic rule of each sort); the survey has its settings (languages, theme, sampling, recontact
//! wait, unsigned customers) and a table of translations. Texts are edited in the default
//! language; every other language's text sits in `translations` under the text's path, and goes
//! back into the definition's per-language maps on the way out. Anything else a definition can
//! say (scales, labels, limits, a rule the form cannot show…) stays in the question's `extra`
//! JSON object, which the builder shows as text, so nothing core supports is out of reach and
//! nothing is lost on the way through the form. The server checks the result.

use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

#[path = "draft_rule.rs"]
mod rule;
#[path = "draft_settings.rs"]
mod settings;

pub use rule::{Rule, TESTS};
pub use settings::Settings;
use settings::{each_text, text_field};

/// Why a draft cannot become a definition yet. The builder words it in the app's language;
/// `Display` is English, for tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftError {
    /// A question's "other fields" are not a JSON object.
    QuestionFields { question: String },
    /// The survey's "other settings" are not a JSON object.
    SurveyFields,
    /// A rule (`show_if`, `end_if`) whose test (`at_most`, `at_least`) needs a whole number.
    RuleNumber { question: String, rule: String, test: String },
    /// An `answered` rule takes true or false.
    RuleAnswered { question: String, rule: String },
    /// A setting that counts (`radius`, `sampling`, `recontact_days`) is not a whole number.
    Setting { name: &'static str },
}

impl std::fmt::Display for DraftError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DraftError::QuestionFields { question } => {
                write!(f, "question `{question}`: the other fields must be a JSON object")
            }
            DraftError::SurveyFields => f.write_str("the survey's other settings must be a JSON object"),
            DraftError::RuleNumber { question, rule, test } => {
                write!(f, "question `{question}`, {rule}: “{test}” needs a whole number")
            }
            DraftError::RuleAnswered { question, rule } => {
                write!(f, "question `{question}`, {rule}: “answered” is true or false")
            }
            DraftError::Setting { name } => write!(f, "{name} must be a whole number"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Draft {
    pub id: String,
    pub title: String,
    /// Allowed embedding origins, one per line.
    pub origins: String,
    pub questions: Vec<QuestionDraft>,
    pub settings: Settings,
    /// (language, text path) → the text in that language; paths as [`Draft::texts`] names them.
    pub translations: BTreeMap<(String, String), String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct QuestionDraft {
    /// Tells rows apart while the builder moves them; not part of the survey.
    pub key: u32,
    pub id: String,
    pub kind: String,
    pub prompt: String,
    pub help: String,
    pub required: bool,
    /// Asked only when this holds.
    pub show_if: Rule,
    /// The survey ends after this question when this holds.
    pub end_if: Rule,
    /// Choices (or a matrix's rows), one per line, as `id: Label` or just `Label`.
    pub options: String,
    /// A matrix's columns, the same way.
    pub columns: String,
    /// Every other field of the question, as a JSON object.
    pub extra: String,
}

/// Whether a kind lists choices (or rows).
pub fn has_options(kind: &str) -> bool {
    matches!(kind, "single_choice" | "multiple_choice" | "ranking" | "picture_choice" | "matrix")
}

/// A slug made from a label: lower case letters, digits and dashes.
pub fn slug(label: &str) -> String {
    let mut slug = String::new();
    for c in label.trim().to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').chars().take(64).collect()
}

fn lines_to_choices(text: &str) -> Vec<Value> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            // A picture choice's line ends with its image: `id: Label | https://…`.
            let (line, image) = match line.rsplit_once(" | ") {
                Some((rest, image)) if image.trim().starts_with("https://") => (rest.trim(), Some(image.trim())),
                _ => (line, None),
            };
            let mut choice = match line.split_once(": ") {
                Some((id, label)) if !id.is_empty() && slug(id) == id => json!({"id": id, "label": label.trim()}),
                _ => json!({"id": slug(line), "label": line}),
            };
            if let Some(image) = image {
                choice["image"] = json!(image);
            }
            choice
        })
        .collect()
}

/// Choices as lines, when every label is plain text and nothing but an image comes with it
/// (translated labels stay in `extra`, never lost).
fn choices_to_lines(choices: &Value) -> Option<String> {
    choices
        .as_array()?
        .iter()
        .map(|c| {
            let fields = c.as_object()?;
            if fields.keys().any(|k| !matches!(k.as_str(), "id" | "label" | "image")) {
                return None;
            }
            let line = format!("{}: {}", c["id"].as_str()?, c["label"].as_str()?);
            Some(match fields.get("image") {
                Some(image) => format!("{line} | {}", image.as_str()?),
                None => line,
            })
        })
        .collect::<Option<Vec<_>>>()
        .map(|lines| lines.join("\n"))
}

impl Draft {
    /// A new survey with one NPS question.
    pub fn new() -> Draft {
        Draft {
            questions: vec![QuestionDraft {
                key: 1,
                id: "recommend".into(),
                kind: "nps".into(),
                prompt: "How likely are you to recommend us to a friend or colleague?".into(),
                required: true,
                extra: "{}".into(),
                ..QuestionDraft::default()
            }],
            settings: Settings { rest: "{}".into(), ..Settings::default() },
            ..Draft::default()
        }
    }

    /// The builder's form for a stored definition and its allowed origins.
    pub fn from_definition(definition: &Value, origins: &[String]) -> Draft {
        let mut definition = definition.clone();
        // Texts in the default language go into the form; the others into the translations.
        let default = definition["languages"].get(0).and_then(Value::as_str).unwrap_or("en").to_owned();
        let mut translations = BTreeMap::new();
        each_text(&mut definition, &mut |path, text| {
            if let Value::Object(languages) = text {
                for (language, value) in languages.iter() {
                    if *language != default {
                        translations.insert((language.clone(), path.clone()), text_field(value));
                    }
                }
                *text = languages.get(&default).cloned().unwrap_or(Value::Null);
            }
        });
        let questions = definition["questions"].as_array().cloned().unwrap_or_default();
        let questions = questions
            .into_iter()
            .enumerate()
            .map(|(i, q)| {
                let mut rest: Map<String, Value> = q.as_object().cloned().unwrap_or_default();
                let mut take = |name: &str| rest.remove(name).unwrap_or(Value::Null);
                let id = take("id").as_str().unwrap_or_default().to_owned();
                let kind = take("kind").as_str().unwrap_or_default().to_owned();
                let required = take("required").as_bool().unwrap_or(false);
                let prompt = text_field(&take("prompt"));
                let help = text_field(&take("help"));
                let (options_field, columns_field) =
                    if kind == "matrix" { (take("rows"), take("columns")) } else { (take("choices"), Value::Null) };
                let show_if = take("show_if");
                let end_if = take("end_if");
                let mut keep = |name: &str, value: Value| {
                    if !value.is_null() {
                        rest.insert(name.to_owned(), value);
                    }
                };
                let mut rule = |name: &str, value: Value| {
                    Rule::from_value(&value).unwrap_or_else(|| {
                        keep(name, value);
                        Rule::default()
                    })
                };
                let show_if = rule("show_if", show_if);
                let end_if = rule("end_if", end_if);
                let options_name = if kind == "matrix" { "rows" } else { "choices" };
                let options = choices_to_lines(&options_field).unwrap_or_else(|| {
                    keep(options_name, options_field);
                    String::new()
                });
                let columns = choices_to_lines(&columns_field).unwrap_or_else(|| {
                    keep("columns", columns_field);
                    String::new()
                });
                QuestionDraft {
                    key: i as u32 + 1,
                    id,
                    kind,
                    prompt,
                    help,
                    required,
                    show_if,
                    end_if,
                    options,
                    columns,
                    extra: Value::Object(rest).to_string(),
                }
            })
            .collect();
        let mut rest = definition.as_object().cloned().unwrap_or_default();
        for field in ["id", "title", "questions"] {
            rest.remove(field);
        }
        Draft {
            id: definition["id"].as_str().unwrap_or_default().to_owned(),
            title: text_field(&definition["title"]),
            origins: origins.join("\n"),
            questions,
            settings: Settings::from_definition(&mut rest),
            translations,
        }
    }

    /// The definition in the default language only, before translations go in.
    fn untranslated(&self) -> Result<Value, DraftError> {
        let mut questions = Vec::new();
        for q in &self.questions {
            let mut object =
                match serde_json::from_str::<Value>(if q.extra.trim().is_empty() { "{}" } else { &q.extra }) {
                    Ok(Value::Object(object)) => object,
                    _ => return Err(DraftError::QuestionFields { question: q.id.clone() }),
                };
            let mut set = |name: &str, value: Value| {
                object.entry(name.to_owned()).or_insert(value);
            };
            set("id", json!(q.id.trim()));
            set("kind", json!(q.kind));
            if !q.prompt.trim().is_empty() {
                set("prompt", json!(q.prompt.trim()));
            }
            if !q.help.trim().is_empty() {
                set("help", json!(q.help.trim()));
            }
            set("required", json!(q.required));
            if q.kind == "matrix" {
                if !q.options.trim().is_empty() {
                    set("rows", Value::Array(lines_to_choices(&q.options)));
                }
                if !q.columns.trim().is_empty() {
                    set("columns", Value::Array(lines_to_choices(&q.columns)));
                }
            } else if has_options(&q.kind) && !q.options.trim().is_empty() {
                set("choices", Value::Array(lines_to_choices(&q.options)));
            }
            for (name, rule) in [("show_if", &q.show_if), ("end_if", &q.end_if)] {
                if let Some(rule) = rule.to_value(q.id.trim(), name)? {
                    set(name, rule);
                }
            }
            questions.push(Value::Object(object));
        }
        let rest = if self.settings.rest.trim().is_empty() { "{}" } else { &self.settings.rest };
        let Ok(Value::Object(mut definition)) = serde_json::from_str::<Value>(rest) else {
            return Err(DraftError::SurveyFields);
        };
        self.settings.write(&mut definition)?;
        definition.insert("id".into(), json!(self.id.trim()));
        definition.insert("title".into(), json!(self.title.trim()));
        definition.insert("questions".into(), Value::Array(questions));
        Ok(Value::Object(definition))
    }

    /// Every text of the survey to translate: its path and its text in the default language.
    pub fn texts(&self) -> Vec<(String, String)> {
        let mut texts = Vec::new();
        if let Ok(mut definition) = self.untranslated() {
            each_text(&mut definition, &mut |path, text| {
                if let Some(text) = text.as_str().filter(|t| !t.is_empty()) {
                    texts.push((path, text.to_owned()));
                }
            });
        }
        texts
    }

    /// The survey's definition: texts with translations become per-language maps.
    pub fn definition(&self) -> Result<Value, DraftError> {
        let mut definition = self.untranslated()?;
        let languages = self.settings.language_list();
        each_text(&mut definition, &mut |path, text| {
            let Some(default) = text.as_str().map(str::to_owned) else { return };
            let mut map = Map::new();
            for language in &languages[1..] {
                match self.translations.get(&(language.clone(), path.clone())).map(|t| t.trim()) {
                    Some(translated) if !translated.is_empty() => {
                        map.insert(language.clone(), json!(translated));
                    }
                    _ => {}
                }
            }
            if !map.is_empty() {
                map.insert(languages[0].clone(), json!(default));
                *text = Value::Object(map);
            }
        });
        Ok(definition)
    }

    /// The request body the admin API takes: the definition and the allowed origins. An
    /// `extra` that is not a JSON object is refused, naming the question.
    pub fn to_body(&self) -> Result<Value, DraftError> {
        let origins: Vec<&str> = self.origins.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        Ok(json!({ "definition": self.definition()?, "allowed_origins": origins }))
    }

    /// A fresh row key.
    pub fn next_key(&self) -> u32 {
        self.questions.iter().map(|q| q.key).max().unwrap_or(0) + 1
    }
}

/// The script tag that embeds a survey, for each mode.
pub fn snippet(server: &str, survey: &str, mode: &str) -> String {
    let extra = match mode {
        "inline" => r##" data-mode="inline" data-target="#feedback""##,
        "modal" => r#" data-mode="modal" data-trigger="delay" data-delay="5""#,
        _ => "",
    };
    format!(r#"<script src="{server}/embed.js" data-survey="{survey}"{extra} async></script>"#)
}

#[cfg(test)]
#[path = "draft_tests.rs"]
mod tests;
