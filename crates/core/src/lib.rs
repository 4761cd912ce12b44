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
//! - [`response`]: a [`Response`] parsed from what a respondent sent, against its survey and logic.
//! - [`results`]: [`Results`], the aggregate of many responses, computed by a pure fold.

pub mod logic;
pub mod origin;
pub mod response;
pub mod results;
pub mod slug;
pub mod survey;
pub mod text;
pub mod theme;

pub use logic::Condition;
pub use origin::{Origin, OriginError};
pub use response::{
    Answer, Chosen, Completion, InvalidResponse, Known, RawAnswer, RawResponse, Response, ResponseError,
};
pub use results::{NpsTally, QuestionResult, Results, ScaleTally};
pub use slug::{Slug, SlugError};
pub use survey::{Choice, Question, QuestionKind, Survey, SurveyError, UnsignedCustomers};
pub use text::Text;
pub use theme::Theme;
