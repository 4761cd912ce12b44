//! The wire contract of Hearback's HTTP API: every request and response body, typed, compiled
//! into the server (which answers with them and describes them in its OpenAPI documents, with
//! the `openapi` feature) and into the admin app (which reads them), so the two cannot disagree
//! silently. Roles, statuses and visibilities are enums here and in the store's rows.
//!
//! Domain values the bodies carry (a survey definition, results, a plan's status) are
//! `hearback_core`'s own types.

#[macro_use]
mod named;
pub mod account;
pub mod error;
pub mod plan;
pub mod publication;
pub mod survey;
pub mod webhook;

pub use account::{Role, Scope};
pub use error::{ErrorBody, ErrorDetail};
pub use hearback_core::plan::PlanStatus;
pub use named::Named;
pub use publication::Visibility;
pub use survey::SurveyStatus;
