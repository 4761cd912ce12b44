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

/// The kinds core supports, with the builder's name for each.
pub const KINDS: [(&str, &str); 11] = [
    ("nps", "NPS (0–10)"),
    ("csat", "CSAT (1–5)"),
    ("ces", "CES (1–7)"),
    ("rating", "Rating (stars or numbers)"),
    ("single_choice", "Single choice"),
    ("multiple_choice", "Multiple choice"),
    ("yes_no", "Yes / no"),
    ("short_text", "Short text"),
    ("long_text", "Long text"),
    ("matrix", "Matrix (rows × columns)"),
    ("consent", "Consent"),
];

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

/// The survey's settings, as the form edits them: empty means "the default".
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Settings {
    /// Language tags separated by commas or spaces, the default first.
    pub languages: String,
    pub brand: String,
    pub text: String,
    pub background: String,
    pub radius: String,
    pub font: String,
    /// auto, light or dark.
    pub mode: String,
    /// keep or refuse.
    pub unsigned_customers: String,
    /// Percent of visits on which the survey opens by itself.
    pub sampling: String,
    pub recontact_days: String,
    /// The day results are promised for (YYYY-MM-DD), told to every respondent.
    pub publish_by: String,
    /// Any other field of the survey, as a JSON object.
    pub rest: String,
}

/// A logic rule as the form shows it: the question it looks at, the test and its value.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rule {
    /// Empty: no rule.
    pub question: String,
    /// One of [`TESTS`].
    pub test: String,
    pub value: String,
}

/// The tests a rule can make, with the builder's name for each.
pub const TESTS: [(&str, &str); 6] = [
    ("equals", "is"),
    ("not_equals", "is not"),
    ("at_most", "is at most"),
    ("at_least", "is at least"),
    ("includes", "includes the choice"),
    ("answered", "is answered (true) or not (false)"),
];

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
    matches!(kind, "single_choice" | "multiple_choice" | "matrix")
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
        .map(|line| match line.split_once(": ") {
            Some((id, label)) if !id.is_empty() && slug(id) == id => json!({"id": id, "label": label.trim()}),
            _ => json!({"id": slug(line), "label": line}),
        })
        .collect()
}

/// Choices as lines, when every label is plain text (translated labels stay in `extra`).
fn choices_to_lines(choices: &Value) -> Option<String> {
    choices
        .as_array()?
        .iter()
        .map(|c| Some(format!("{}: {}", c["id"].as_str()?, c["label"].as_str()?)))
        .collect::<Option<Vec<_>>>()
        .map(|lines| lines.join("\n"))
}

impl Rule {
    /// The rule in a definition's `show_if` / `end_if`, when the form can show it: one test
    /// with a plain value.
    fn from_value(value: &Value) -> Option<Rule> {
        let object = value.as_object()?;
        let question = object.get("question")?.as_str()?.to_owned();
        let mut tests = object.iter().filter(|(name, _)| name.as_str() != "question");
        let (test, value) = tests.next()?;
        if tests.next().is_some() || !TESTS.iter().any(|(name, _)| name == test) {
            return None;
        }
        let value = match value {
            Value::String(text) => text.clone(),
            Value::Number(_) | Value::Bool(_) => value.to_string(),
            _ => return None,
        };
        Some(Rule { question, test: test.clone(), value })
    }

    /// The rule as a definition writes it: numbers for the scale tests, true/false for
    /// `answered`, and for `equals`/`not_equals` a number, true/false or text as typed.
    fn to_value(&self, owner: &str, name: &str) -> Result<Option<Value>, String> {
        if self.question.trim().is_empty() {
            return Ok(None);
        }
        let text = self.value.trim();
        // The form shows the first test until another is picked.
        let test = if self.test.is_empty() { TESTS[0].0 } else { self.test.as_str() };
        let value = match test {
            "at_most" | "at_least" => match text.parse::<i64>() {
                Ok(number) => json!(number),
                Err(_) => return Err(format!("question `{owner}`, {name}: “{test}” needs a whole number")),
            },
            "answered" => match text {
                "" | "true" | "yes" => json!(true),
                "false" | "no" => json!(false),
                _ => return Err(format!("question `{owner}`, {name}: “answered” is true or false")),
            },
            "includes" => json!(text),
            _ => match (text.parse::<i64>(), text) {
                (Ok(number), _) => json!(number),
                (_, "true") => json!(true),
                (_, "false") => json!(false),
                _ => json!(text),
            },
        };
        Ok(Some(json!({ "question": self.question.trim(), (test): value })))
    }
}

/// Calls `visit` with the path and the value of every text in a definition: the title, each
/// question's prompt, help and scale labels, and the labels of its choices, rows and columns.
/// Paths name questions and choices by id, so they survive reordering.
fn each_text(definition: &mut Value, visit: &mut dyn FnMut(String, &mut Value)) {
    if let Some(title) = definition.get_mut("title") {
        visit("title".into(), title);
    }
    let Some(questions) = definition.get_mut("questions").and_then(Value::as_array_mut) else { return };
    for question in questions {
        let id = question["id"].as_str().unwrap_or_default().to_owned();
        for field in ["prompt", "help"] {
            if let Some(text) = question.get_mut(field) {
                visit(format!("{id}.{field}"), text);
            }
        }
        for end in ["low", "high"] {
            if let Some(text) = question.get_mut("labels").and_then(|l| l.get_mut(end)) {
                visit(format!("{id}.labels.{end}"), text);
            }
        }
        for list in ["choices", "rows", "columns"] {
            let Some(items) = question.get_mut(list).and_then(Value::as_array_mut) else { continue };
            for item in items {
                let item_id = item["id"].as_str().unwrap_or_default().to_owned();
                if let Some(label) = item.get_mut("label") {
                    visit(format!("{id}.{list}.{item_id}"), label);
                }
            }
        }
    }
}

fn text_field(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

impl Settings {
    fn from_definition(definition: &mut Map<String, Value>) -> Settings {
        let mut take = |name: &str| definition.remove(name).unwrap_or(Value::Null);
        let languages = take("languages");
        let languages: Vec<&str> =
            languages.as_array().map(|l| l.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
        let languages = languages.join(", ");
        let unsigned_customers = text_field(&take("unsigned_customers"));
        let sampling = text_field(&take("sampling"));
        let recontact_days = text_field(&take("recontact_days"));
        let publish_by = text_field(&take("publish_by"));
        let mut theme = match take("theme") {
            Value::Object(theme) => theme,
            _ => Map::new(),
        };
        let mut theme_field = |name: &str| text_field(&theme.remove(name).unwrap_or(Value::Null));
        let settings = Settings {
            languages,
            brand: theme_field("brand"),
            text: theme_field("text"),
            background: theme_field("background"),
            radius: theme_field("radius"),
            font: theme_field("font"),
            mode: theme_field("mode"),
            unsigned_customers,
            sampling,
            recontact_days,
            publish_by,
            rest: String::new(),
        };
        if !theme.is_empty() {
            definition.insert("theme".into(), Value::Object(theme));
        }
        Settings { rest: Value::Object(definition.clone()).to_string(), ..settings }
    }

    /// The language tags, the default first; `en` when none are given.
    pub fn language_list(&self) -> Vec<String> {
        let list: Vec<String> =
            self.languages.split([',', ' ']).map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect();
        if list.is_empty() {
            vec!["en".to_owned()]
        } else {
            list
        }
    }

    /// Writes the settings into a definition; numbers that are not numbers are refused by name.
    fn write(&self, definition: &mut Map<String, Value>) -> Result<(), String> {
        if !self.languages.trim().is_empty() {
            definition.insert("languages".into(), json!(self.language_list()));
        }
        let number = |name: &str, text: &str| -> Result<Option<Value>, String> {
            match text.trim() {
                "" => Ok(None),
                text => {
                    text.parse::<u64>().map(|n| Some(json!(n))).map_err(|_| format!("{name} must be a whole number"))
                }
            }
        };
        let mut theme = match definition.remove("theme") {
            Some(Value::Object(theme)) => theme,
            _ => Map::new(),
        };
        for (name, value) in
            [("brand", &self.brand), ("text", &self.text), ("background", &self.background), ("font", &self.font)]
        {
            if !value.trim().is_empty() {
                theme.insert(name.into(), json!(value.trim()));
            }
        }
        if let Some(radius) = number("the corner radius", &self.radius)? {
            theme.insert("radius".into(), radius);
        }
        if !matches!(self.mode.trim(), "" | "auto") {
            theme.insert("mode".into(), json!(self.mode.trim()));
        }
        if !theme.is_empty() {
            definition.insert("theme".into(), Value::Object(theme));
        }
        if !matches!(self.unsigned_customers.trim(), "" | "keep") {
            definition.insert("unsigned_customers".into(), json!(self.unsigned_customers.trim()));
        }
        if let Some(sampling) = number("sampling", &self.sampling)? {
            definition.insert("sampling".into(), sampling);
        }
        if let Some(days) = number("the recontact wait", &self.recontact_days)? {
            definition.insert("recontact_days".into(), days);
        }
        if !self.publish_by.trim().is_empty() {
            definition.insert("publish_by".into(), json!(self.publish_by.trim()));
        }
        Ok(())
    }
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
    fn untranslated(&self) -> Result<Value, String> {
        let mut questions = Vec::new();
        for q in &self.questions {
            let mut object =
                match serde_json::from_str::<Value>(if q.extra.trim().is_empty() { "{}" } else { &q.extra }) {
                    Ok(Value::Object(object)) => object,
                    _ => return Err(format!("question `{}`: the other fields must be a JSON object", q.id)),
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
            return Err("the survey's other settings must be a JSON object".into());
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
    pub fn definition(&self) -> Result<Value, String> {
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
    pub fn to_body(&self) -> Result<Value, String> {
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
mod tests {
    use super::*;

    fn stored() -> Value {
        json!({"id": "pulse", "title": {"en": "Pulse", "de": "Puls"}, "languages": ["en", "de"],
            "theme": {"brand": "#0b5fff", "radius": 4, "mode": "dark"}, "sampling": 25, "recontact_days": 30, "publish_by": "2027-01-31",
            "unsigned_customers": "refuse",
            "questions": [
            {"id": "recommend", "kind": "nps", "prompt": {"en": "Recommend?", "de": "Empfehlen?"}, "required": true,
             "help": "0 is not at all", "end_if": {"question": "recommend", "equals": 10}},
            {"id": "why", "kind": "long_text", "prompt": "Why?", "show_if": {"question": "recommend", "at_most": 6}},
            {"id": "via", "kind": "single_choice", "prompt": "Via?", "other": true,
             "choices": [{"id": "mail", "label": "E-mail"}, {"id": "chat", "label": "Chat"}]},
            {"id": "grid", "kind": "matrix", "prompt": "Rate",
             "rows": [{"id": "speed", "label": "Speed"}], "columns": [{"id": "bad", "label": "Bad"}, {"id": "good", "label": "Good"}]}
        ]})
    }

    #[test]
    fn a_definition_goes_through_the_form_unchanged() {
        let draft = Draft::from_definition(&stored(), &["https://shop.example.com".into()]);
        assert_eq!(draft.questions[2].options, "mail: E-mail\nchat: Chat");
        assert_eq!(draft.questions[0].prompt, "Recommend?", "the default language's text is in the form");
        assert_eq!(draft.questions[0].help, "0 is not at all");
        assert_eq!(draft.translations.get(&("de".into(), "recommend.prompt".into())).unwrap(), "Empfehlen?");
        assert_eq!(draft.translations.get(&("de".into(), "title".into())).unwrap(), "Puls");
        assert_eq!(
            draft.questions[1].show_if,
            Rule { question: "recommend".into(), test: "at_most".into(), value: "6".into() }
        );
        assert_eq!(draft.questions[0].end_if.value, "10");
        assert_eq!(draft.settings.languages, "en, de");
        assert_eq!((draft.settings.brand.as_str(), draft.settings.radius.as_str()), ("#0b5fff", "4"));
        assert_eq!((draft.settings.sampling.as_str(), draft.settings.recontact_days.as_str()), ("25", "30"));
        assert_eq!(draft.settings.publish_by, "2027-01-31");
        assert_eq!(draft.settings.unsigned_customers, "refuse");
        assert_eq!(draft.settings.rest, "{}", "every setting has its field");
        let body = draft.to_body().unwrap();
        let mut expected = stored();
        for q in expected["questions"].as_array_mut().unwrap() {
            q.as_object_mut().unwrap().entry("required").or_insert(json!(false));
        }
        assert_eq!(body["definition"], expected);
        assert_eq!(body["allowed_origins"], json!(["https://shop.example.com"]));
    }

    #[test]
    fn choices_typed_as_labels_get_ids() {
        let mut draft = Draft::new();
        draft.questions.push(QuestionDraft {
            key: 2,
            id: "plan".into(),
            kind: "single_choice".into(),
            prompt: "Plan?".into(),
            options: "Free plan\npro: Pro\n\n  Team & more  ".into(),
            ..QuestionDraft::default()
        });
        let body = draft.to_body().unwrap();
        assert_eq!(
            body["definition"]["questions"][1]["choices"],
            json!([{"id": "free-plan", "label": "Free plan"}, {"id": "pro", "label": "Pro"}, {"id": "team-more", "label": "Team & more"}])
        );
    }

    #[test]
    fn other_fields_that_are_not_an_object_are_refused_by_name() {
        let mut draft = Draft::new();
        draft.questions[0].extra = "[1]".into();
        assert_eq!(draft.to_body().unwrap_err(), "question `recommend`: the other fields must be a JSON object");
    }

    #[test]
    fn translations_typed_in_the_form_become_per_language_texts() {
        let mut draft = Draft::new();
        draft.id = "pulse".into();
        draft.title = "Pulse".into();
        draft.settings.languages = "en, fr de".into();
        draft.questions.push(QuestionDraft {
            key: 2,
            id: "via".into(),
            kind: "single_choice".into(),
            prompt: "Via?".into(),
            options: "mail: E-mail\nchat: Chat".into(),
            ..QuestionDraft::default()
        });
        let paths: Vec<String> = draft.texts().into_iter().map(|(path, _)| path).collect();
        assert_eq!(paths, ["title", "recommend.prompt", "via.prompt", "via.choices.mail", "via.choices.chat"]);
        draft.translations.insert(("fr".into(), "via.choices.mail".into()), " Courriel ".into());
        draft.translations.insert(("de".into(), "via.choices.mail".into()), "".into());
        draft.translations.insert(("it".into(), "title".into()), "not a language of the survey".into());
        let definition = draft.definition().unwrap();
        assert_eq!(definition["languages"], json!(["en", "fr", "de"]));
        assert_eq!(definition["title"], json!("Pulse"), "untranslated texts stay plain");
        assert_eq!(definition["questions"][1]["choices"][0]["label"], json!({"en": "E-mail", "fr": "Courriel"}));
    }

    #[test]
    fn rules_take_the_type_their_test_needs_and_bad_numbers_are_named() {
        let rule = |test: &str, value: &str| Rule { question: "q".into(), test: test.into(), value: value.into() };
        assert_eq!(
            rule("at_least", "9").to_value("x", "show_if").unwrap(),
            Some(json!({"question": "q", "at_least": 9}))
        );
        assert_eq!(
            rule("equals", "pro").to_value("x", "show_if").unwrap(),
            Some(json!({"question": "q", "equals": "pro"}))
        );
        assert_eq!(
            rule("equals", "true").to_value("x", "show_if").unwrap(),
            Some(json!({"question": "q", "equals": true}))
        );
        assert_eq!(
            rule("answered", "").to_value("x", "end_if").unwrap(),
            Some(json!({"question": "q", "answered": true}))
        );
        assert_eq!(Rule::default().to_value("x", "show_if").unwrap(), None);
        assert_eq!(
            rule("", "3").to_value("x", "show_if").unwrap(),
            Some(json!({"question": "q", "equals": 3})),
            "as shown"
        );
        assert_eq!(
            rule("at_most", "six").to_value("x", "show_if").unwrap_err(),
            "question `x`, show_if: “at_most” needs a whole number"
        );
        let two_tests = json!({"question": "q", "at_least": 1, "at_most": 5});
        assert_eq!(Rule::from_value(&two_tests), None, "a rule the form cannot show stays in the other fields");
        let mut definition = json!({"id": "s", "title": "T", "questions": [
            {"id": "q", "kind": "nps", "prompt": "P?"},
            {"id": "r", "kind": "nps", "prompt": "R?", "show_if": two_tests}]});
        let draft = Draft::from_definition(&definition, &[]);
        assert!(draft.questions[1].extra.contains("at_most"));
        definition["questions"][1]["required"] = json!(false);
        definition["questions"][0]["required"] = json!(false);
        assert_eq!(draft.definition().unwrap(), definition);
    }

    #[test]
    fn settings_that_are_not_numbers_are_refused_by_name() {
        let mut draft = Draft::new();
        draft.settings.sampling = "half".into();
        assert_eq!(draft.to_body().unwrap_err(), "sampling must be a whole number");
        draft.settings.sampling = " 50 ".into();
        draft.settings.radius = "4px".into();
        assert_eq!(draft.to_body().unwrap_err(), "the corner radius must be a whole number");
        draft.settings.radius = String::new();
        draft.settings.mode = "auto".into();
        let definition = draft.definition().unwrap();
        assert_eq!(definition["sampling"], json!(50));
        assert!(definition.get("theme").is_none(), "auto and empty fields are the defaults, left out");
    }

    #[test]
    fn each_mode_has_its_snippet() {
        assert_eq!(
            snippet("https://hb.example", "pulse", "inline"),
            r##"<script src="https://hb.example/embed.js" data-survey="pulse" data-mode="inline" data-target="#feedback" async></script>"##
        );
        assert!(snippet("https://hb.example", "pulse", "modal").contains(r#"data-mode="modal""#));
        assert!(!snippet("https://hb.example", "pulse", "popover").contains("data-mode"));
    }
}
