//! A survey as one respondent sees it: in their language, with what its texts recall filled in,
//! and whether the server steps them through it.

use super::*;

impl Survey {
    /// Whether the server steps respondents through this survey page by page rather than the
    /// widget's wasm taking over the form: it asks a kind the wasm does not know
    /// ([`crate::rare`]), or a text says back an earlier answer ([`crate::recall`]), which the
    /// server fills in once that answer is posted.
    pub fn server_stepped(&self) -> bool {
        self.questions.iter().any(|q| {
            matches!(q.kind, QuestionKind::Rare(_))
                || q.prompt
                    .values()
                    .iter()
                    .chain(q.help.iter().flat_map(Text::values))
                    .any(|t| crate::recall::recalls_answers(t))
        })
    }

    /// The survey with what its prompts and help recall filled in ([`crate::recall::fill`]):
    /// `answer` gives an earlier answer by question id, `attribute` a customer attribute. For
    /// a survey in one language ([`Survey::in_language`]).
    pub fn recalled(
        &self,
        answer: impl Fn(&str) -> Option<String>,
        attribute: impl Fn(&str) -> Option<String>,
    ) -> Survey {
        let fill = |text: &Text| Text::plain(crate::recall::fill(text.as_str(), &answer, &attribute));
        let questions = self
            .questions
            .iter()
            .map(|q| Question { prompt: fill(&q.prompt), help: q.help.as_ref().map(fill), ..q.clone() })
            .collect();
        Survey { questions, ..self.clone() }
    }

    /// This survey as a respondent in `language` sees it: every text in that language (or the
    /// default where it has no translation), and that language alone. An unknown language gives
    /// the default one.
    pub fn in_language(&self, language: &str) -> Survey {
        let at = self.languages.iter().position(|l| l == language).unwrap_or(0);
        let choices = |cs: &[Choice]| cs.iter().map(|c| Choice { id: c.id.clone(), label: c.label.only(at) }).collect();
        let questions = self
            .questions
            .iter()
            .map(|q| Question {
                prompt: q.prompt.only(at),
                help: q.help.as_ref().map(|h| h.only(at)),
                kind: match &q.kind {
                    QuestionKind::Rating { points, stars, low, high } => QuestionKind::Rating {
                        points: *points,
                        stars: *stars,
                        low: low.as_ref().map(|t| t.only(at)),
                        high: high.as_ref().map(|t| t.only(at)),
                    },
                    QuestionKind::SingleChoice { choices: cs, other, shuffle } => {
                        QuestionKind::SingleChoice { choices: choices(cs), other: *other, shuffle: *shuffle }
                    }
                    QuestionKind::MultipleChoice { choices: cs, other, shuffle, min, max } => {
                        QuestionKind::MultipleChoice {
                            choices: choices(cs),
                            other: *other,
                            shuffle: *shuffle,
                            min: *min,
                            max: *max,
                        }
                    }
                    QuestionKind::Matrix { rows, columns } => {
                        QuestionKind::Matrix { rows: choices(rows), columns: choices(columns) }
                    }
                    QuestionKind::Rare(rare) => QuestionKind::Rare(rare.only(at)),
                    kind => kind.clone(),
                },
                ..q.clone()
            })
            .collect();
        Survey { languages: vec![self.languages[at].clone()], title: self.title.only(at), questions, ..self.clone() }
    }
}
