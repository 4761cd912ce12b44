//! What can be wrong with a response: each problem, and all of a response's problems at once.

use std::fmt;

/// One thing wrong with a response.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResponseError {
    #[error("the survey has no question `{0}`")]
    UnknownQuestion(String),
    #[error("this question needs an answer")]
    Missing,
    #[error("this question was not asked: earlier answers skip it")]
    NotAsked,
    #[error("{value} is out of range: answer {min} to {max}")]
    OutOfRange { value: i64, min: u8, max: u8 },
    #[error("`{0}` is not one of the choices")]
    UnknownChoice(String),
    #[error("`{0}` is chosen more than once")]
    RepeatedChoice(String),
    #[error("choose at least {0}")]
    TooFew(u32),
    #[error("choose at most {0}")]
    TooMany(u32),
    #[error("say what \"Other\" is")]
    OtherWithoutText,
    #[error("text for \"Other\" was sent, but \"Other\" is not chosen")]
    OtherNotChosen,
    #[error("`{0}` is not one of the rows")]
    UnknownRow(String),
    #[error("answer every row ({0} left)")]
    RowsMissing(usize),
    #[error("the answer is {length} characters long; at most {max} are allowed")]
    TooLong { length: usize, max: u32 },
    #[error("expected {0}")]
    WrongType(&'static str),
    #[error("give an e-mail address to be e-mailed, or choose another way")]
    NoAddress,
    #[error("that is not an e-mail address")]
    BadAddress,
    #[error("an address is taken only from someone who chose to be e-mailed about their answers")]
    AddressWithoutConsent,
    #[error("the response answers no question")]
    Empty,
    #[error("`{0}` is not one of the survey's languages")]
    UnknownLanguage(String),
    /// About a kind the server renders alone.
    #[error("{0}")]
    Rare(crate::rare::RareError),
}

/// Every problem found in a response, each with the question it concerns (`None` for the response
/// as a whole). Never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidResponse {
    pub problems: Vec<(Option<String>, ResponseError)>,
}

impl fmt::Display for InvalidResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (question, problem)) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            match question {
                Some(q) => write!(f, "question `{q}`: {problem}")?,
                None => write!(f, "{problem}")?,
            }
        }
        Ok(())
    }
}

impl std::error::Error for InvalidResponse {}
