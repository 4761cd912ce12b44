//! A checked survey in a compact form, for the widget.
//!
//! The server checks a survey once, when it is created. The widget needs that same survey (to
//! apply logic and validate answers with the same core functions) but neither the checks nor
//! serde: both would cost the wasm more than the rest of the survey code together. So the
//! server writes the survey, in the one language the respondent sees, as a flat list of strings
//! and numbers (a JSON array, which the browser parses itself), and [`Reader`] reads it back in
//! the order [`Writer`] wrote it. The theme stays behind: the server turns it into CSS.
//!
//! Only our own server writes this form, so a reader gives up (`None`) at the first surprise
//! rather than explaining it.

use super::{Choice, Question, QuestionKind, Survey, UnsignedCustomers};
use crate::logic::{Condition, Test, Value};
use crate::slug::Slug;
use crate::text::Text;
use crate::theme::Theme;
use serde::Serialize;

/// One item of the list: written to JSON as a plain string or number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Token {
    Str(String),
    Num(i64),
}

/// Writes values in order. Flags are 0 or 1; an optional value is a flag, then the value.
#[derive(Debug, Default)]
pub struct Writer(pub Vec<Token>);

impl Writer {
    pub fn str(&mut self, s: &str) {
        self.0.push(Token::Str(s.to_owned()));
    }

    pub fn num(&mut self, n: impl Into<i64>) {
        self.0.push(Token::Num(n.into()));
    }

    pub fn flag(&mut self, b: bool) {
        self.num(i64::from(b));
    }

    pub fn opt_str(&mut self, s: Option<&str>) {
        self.flag(s.is_some());
        if let Some(s) = s {
            self.str(s);
        }
    }

    /// A survey in its default language (pass [`Survey::in_language`]'s result for another).
    pub fn survey(&mut self, survey: &Survey) {
        self.str(survey.id.as_str());
        self.str(&survey.languages[0]);
        self.str(survey.title.as_str());
        self.flag(survey.unsigned_customers == UnsignedCustomers::Refuse);
        self.num(survey.questions.len() as i64);
        for question in &survey.questions {
            self.question(question);
        }
    }

    fn question(&mut self, q: &Question) {
        self.str(q.id.as_str());
        self.str(q.prompt.as_str());
        self.opt_str(q.help.as_ref().map(Text::as_str));
        self.flag(q.required);
        match &q.kind {
            QuestionKind::Nps => self.num(0),
            QuestionKind::Csat => self.num(1),
            QuestionKind::Ces => self.num(2),
            QuestionKind::Rating { points, stars, low, high } => {
                self.num(3);
                self.num(*points);
                self.flag(*stars);
                self.opt_str(low.as_ref().map(Text::as_str));
                self.opt_str(high.as_ref().map(Text::as_str));
            }
            QuestionKind::SingleChoice { choices, other, shuffle } => {
                self.num(4);
                self.choices(choices);
                self.flag(*other);
                self.flag(*shuffle);
            }
            QuestionKind::MultipleChoice { choices, other, shuffle, min, max } => {
                self.num(5);
                self.choices(choices);
                self.flag(*other);
                self.flag(*shuffle);
                self.num(*min);
                self.num(*max);
            }
            QuestionKind::YesNo => self.num(6),
            QuestionKind::Text { long, max_length } => {
                self.num(7);
                self.flag(*long);
                self.num(*max_length);
            }
            QuestionKind::Matrix { rows, columns } => {
                self.num(8);
                self.choices(rows);
                self.choices(columns);
            }
            QuestionKind::Consent => self.num(9),
            QuestionKind::Contact => self.num(10),
            // Never sent to the wasm, which does not know these kinds (see `crate::rare`): a
            // mark the reader refuses.
            QuestionKind::Rare(_) => self.num(-1),
        }
        self.condition(q.show_if.as_ref());
        self.condition(q.end_if.as_ref());
        self.opt_str(q.customer_field.as_deref());
        self.flag(q.skip_if_known);
    }

    fn choices(&mut self, choices: &[Choice]) {
        self.num(choices.len() as i64);
        for choice in choices {
            self.str(choice.id.as_str());
            self.str(choice.label.as_str());
        }
    }

    fn condition(&mut self, condition: Option<&Condition>) {
        self.flag(condition.is_some());
        let Some(condition) = condition else { return };
        self.str(condition.question.as_str());
        match &condition.test {
            Test::Equals(value) => {
                self.num(0);
                self.value(value);
            }
            Test::NotEquals(value) => {
                self.num(1);
                self.value(value);
            }
            Test::AtMost(n) => {
                self.num(2);
                self.num(*n);
            }
            Test::AtLeast(n) => {
                self.num(3);
                self.num(*n);
            }
            Test::Includes(choice) => {
                self.num(4);
                self.str(choice.as_str());
            }
            Test::Answered(answered) => {
                self.num(5);
                self.flag(*answered);
            }
        }
    }

    fn value(&mut self, value: &Value) {
        match value {
            Value::Number(n) => {
                self.num(0);
                self.num(*n);
            }
            Value::Choice(id) => {
                self.num(1);
                self.str(id.as_str());
            }
        }
    }
}

/// Reads values back in the order they were written.
#[derive(Debug)]
pub struct Reader(std::vec::IntoIter<Token>);

impl Reader {
    pub fn new(tokens: Vec<Token>) -> Reader {
        Reader(tokens.into_iter())
    }

    /// Whether every value has been read.
    pub fn is_done(&self) -> bool {
        self.0.len() == 0
    }

    pub fn str(&mut self) -> Option<String> {
        match self.0.next()? {
            Token::Str(s) => Some(s),
            Token::Num(_) => None,
        }
    }

    pub fn num(&mut self) -> Option<i64> {
        match self.0.next()? {
            Token::Num(n) => Some(n),
            Token::Str(_) => None,
        }
    }

    /// A number that must fit `T` (a count, a scale point, a limit).
    pub fn small<T: TryFrom<i64>>(&mut self) -> Option<T> {
        T::try_from(self.num()?).ok()
    }

    pub fn flag(&mut self) -> Option<bool> {
        match self.num()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    pub fn opt_str(&mut self) -> Option<Option<String>> {
        Some(if self.flag()? { Some(self.str()?) } else { None })
    }

    fn slug(&mut self) -> Option<Slug> {
        Slug::parse(self.str()?).ok()
    }

    fn text(&mut self) -> Option<Text> {
        self.str().map(Text::plain)
    }

    fn opt_text(&mut self) -> Option<Option<Text>> {
        Some(self.opt_str()?.map(Text::plain))
    }

    /// A survey as [`Writer::survey`] wrote it, with the default theme.
    pub fn survey(&mut self) -> Option<Survey> {
        let id = self.slug()?;
        let languages = vec![self.str()?];
        let title = self.text()?;
        let unsigned_customers = if self.flag()? { UnsignedCustomers::Refuse } else { UnsignedCustomers::Keep };
        let count = self.small::<usize>()?;
        let questions = (0..count).map(|_| self.question()).collect::<Option<Vec<_>>>()?;
        Some(Survey {
            id,
            languages,
            title,
            questions,
            theme: Theme::default(),
            unsigned_customers,
            audience: Default::default(),
            publish_by: None,
        })
    }

    fn question(&mut self) -> Option<Question> {
        let id = self.slug()?;
        let prompt = self.text()?;
        let help = self.opt_text()?;
        let required = self.flag()?;
        let kind = match self.num()? {
            0 => QuestionKind::Nps,
            1 => QuestionKind::Csat,
            2 => QuestionKind::Ces,
            3 => QuestionKind::Rating {
                points: self.small()?,
                stars: self.flag()?,
                low: self.opt_text()?,
                high: self.opt_text()?,
            },
            4 => QuestionKind::SingleChoice { choices: self.choices()?, other: self.flag()?, shuffle: self.flag()? },
            5 => QuestionKind::MultipleChoice {
                choices: self.choices()?,
                other: self.flag()?,
                shuffle: self.flag()?,
                min: self.small()?,
                max: self.small()?,
            },
            6 => QuestionKind::YesNo,
            7 => QuestionKind::Text { long: self.flag()?, max_length: self.small()? },
            8 => QuestionKind::Matrix { rows: self.choices()?, columns: self.choices()? },
            9 => QuestionKind::Consent,
            10 => QuestionKind::Contact,
            _ => return None,
        };
        Some(Question {
            id,
            prompt,
            help,
            required,
            kind,
            show_if: self.condition()?,
            end_if: self.condition()?,
            customer_field: self.opt_str()?,
            skip_if_known: self.flag()?,
        })
    }

    fn choices(&mut self) -> Option<Vec<Choice>> {
        let count = self.small::<usize>()?;
        (0..count).map(|_| Some(Choice { id: self.slug()?, label: self.text()? })).collect()
    }

    fn condition(&mut self) -> Option<Option<Condition>> {
        if !self.flag()? {
            return Some(None);
        }
        let question = self.slug()?;
        let test = match self.num()? {
            0 => Test::Equals(self.value()?),
            1 => Test::NotEquals(self.value()?),
            2 => Test::AtMost(self.num()?),
            3 => Test::AtLeast(self.num()?),
            4 => Test::Includes(self.slug()?),
            5 => Test::Answered(self.flag()?),
            _ => return None,
        };
        Some(Some(Condition { question, test }))
    }

    fn value(&mut self) -> Option<Value> {
        match self.num()? {
            0 => Some(Value::Number(self.num()?)),
            1 => Some(Value::Choice(self.slug()?)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::tests::{arb_survey, demo, every_kind};
    use proptest::prelude::*;

    fn round_trip(survey: &Survey) -> Option<Survey> {
        let mut writer = Writer::default();
        writer.survey(survey);
        let mut reader = Reader::new(writer.0);
        let read = reader.survey();
        assert!(read.is_none() || reader.is_done(), "values left over");
        read
    }

    /// What the widget should get back: the survey in one language, without its theme.
    fn expected(survey: &Survey, language: &str) -> Survey {
        Survey {
            theme: Theme::default(),
            audience: Default::default(),
            publish_by: None,
            ..survey.in_language(language)
        }
    }

    #[test]
    fn every_kind_and_rule_comes_back_the_same() {
        for survey in [demo(), every_kind()] {
            for language in survey.languages() {
                let one = survey.in_language(language);
                assert_eq!(round_trip(&one), Some(expected(&survey, language)), "{language}");
            }
        }
    }

    #[test]
    fn surprises_give_none() {
        let mut writer = Writer::default();
        writer.survey(&demo());
        let tokens = writer.0;
        // Cut short, a number where a string belongs, a string where a number belongs, an
        // unknown question kind, an id that is not a slug.
        assert_eq!(Reader::new(tokens[..tokens.len() - 1].to_vec()).survey(), None);
        let mut swapped = tokens.clone();
        swapped[0] = Token::Num(1);
        assert_eq!(Reader::new(swapped).survey(), None);
        let mut swapped = tokens.clone();
        swapped[3] = Token::Str("1".into());
        assert_eq!(Reader::new(swapped).survey(), None);
        let kind_at = 5 + 4; // id, language, title, refuse, count; then id, prompt, no help, required
        assert_eq!(tokens[kind_at], Token::Num(0), "the demo starts with an NPS question");
        let mut unknown = tokens.clone();
        unknown[kind_at] = Token::Num(42);
        assert_eq!(Reader::new(unknown).survey(), None);
        let mut bad_id = tokens;
        bad_id[0] = Token::Str("Not a slug!".into());
        assert_eq!(Reader::new(bad_id).survey(), None);
    }

    proptest! {
        #[test]
        fn any_survey_comes_back_the_same(survey in arb_survey()) {
            for language in survey.languages() {
                // The wasm never gets a survey the server steps through: its page is not read back.
                let back = if survey.server_stepped() { None } else { Some(expected(&survey, language)) };
                prop_assert_eq!(round_trip(&survey.in_language(language)), back);
            }
        }
    }
}
