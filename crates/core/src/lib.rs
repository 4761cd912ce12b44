//! Hearback's domain, shared by the server and the browser widget.
//!
//! Nothing here does I/O: the server and the wasm widget both call the same code, so a response the
//! widget accepts is exactly one the server accepts, and results are computed the same way in both.
//!
//! - [`origin`]: the [`Origin`] of a site allowed to embed a survey.
//! - [`slug`]: the [`Slug`] type behind survey, question and choice ids.
//! - [`text`]: [`Text`] in each of a survey's languages, and picking the language to show.
//! - [`theme`]: a survey's [`Theme`], with colours checked for contrast.
//! - [`survey`]: a [`Survey`] definition, parsed from JSON into a value that is valid by
//!   construction (ids unique, scales sane, logic that only looks back).
//! - [`logic`]: the `show_if` / `end_if` [`Condition`]s that decide which questions are asked.
//! - [`contact`]: asking to be contacted, for one purpose, and the address kept apart.
//! - [`rare`]: the kinds the server renders alone (ranking, date), left out of the widget's wasm.
//! - [`recall`]: prompts and help that say back an earlier answer or a customer attribute.
//! - [`response`]: a [`Response`] parsed from what a respondent sent, against its survey and logic.
//! - [`tally`]: a survey's [`Tally`], the counters responses add to (kept by the server as they
//!   arrive, and rebuilt from raw responses to the same cells).
//! - [`results`]: [`Results`], the numbers read off a tally.
//! - [`plan`]: action plans (what was heard, what will be done, owner, due date, status).
//! - [`privacy`]: the k-threshold, complementary suppression and comment rules every surface applies.
//! - [`trend`]: days, weeks and months for trends.
//! - [`words`]: the words and phrases of comments, without the stop words of each language.

pub mod case;
pub mod cell;
pub mod contact;
pub mod followup;
pub mod kind;
pub mod logic;
pub mod origin;
pub mod plan;
pub mod privacy;
pub mod rare;
pub mod recall;
pub mod relevance;
pub mod response;
mod response_error;
mod response_raw;
pub mod results;
mod results_wire;
pub mod slug;
pub mod survey;
pub mod tally;
pub mod text;
pub mod theme;
pub mod trend;
pub mod words;

pub use cell::Cell;
/// The sorted map of a response's answers and of known customer attributes: a sorted `Vec`
/// (ordered and serialized like a `BTreeMap`), whose code is a fraction of a B-tree's in the
/// widget's wasm.
pub use litemap::LiteMap;
pub use logic::Condition;
pub use origin::{Origin, OriginError};
pub use response::{
    Answer, Chosen, Completion, InvalidResponse, Known, RawAnswer, RawResponse, Response, ResponseError,
};
pub use results::{NpsTally, QuestionResult, QuestionTally, Results, ScaleTally};
pub use slug::{Slug, SlugError};
pub use survey::{Choice, Question, QuestionKind, Survey, SurveyError, UnsignedCustomers};
pub use tally::Tally;
pub use text::Text;
pub use theme::Theme;
