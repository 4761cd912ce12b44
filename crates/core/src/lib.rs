//! Hearback's domain, shared by the server and the browser widget.
//!
//! Nothing here does I/O: the server and the wasm widget both call the same code, so a response the
//! widget accepts is exactly one the server accepts, and results are computed the same way in both.
//!
//! - [`origin`]: the [`Origin`] of a site allowed to embed a survey.
//! - [`slug`]: the [`Slug`] type behind survey, question and choice ids.
//! - [`survey`]: a [`Survey`] definition, parsed from JSON into a value that is valid by
//!   construction (ids unique, scales sane, every choice question has choices).
//! - [`response`]: a [`Response`] parsed from what a respondent sent, against its survey.
//! - [`results`]: [`Results`], the aggregate of many responses, computed by a pure fold.

pub mod origin;
pub mod response;
pub mod results;
pub mod slug;
pub mod survey;

pub use origin::{Origin, OriginError};
pub use response::{Answer, InvalidResponse, RawAnswer, RawResponse, Response, ResponseError};
pub use results::{NpsTally, QuestionResult, Results};
pub use slug::{Slug, SlugError};
pub use survey::{Choice, Question, QuestionKind, Survey, SurveyError};
