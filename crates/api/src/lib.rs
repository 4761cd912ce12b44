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
pub mod audience;
pub mod case;
pub mod details;
pub mod error;
pub mod invitation;
pub mod plan;
pub mod public;
pub mod publication;
pub mod results;
pub mod retention;
pub mod schedule;
pub mod security;
pub mod site;
pub mod survey;
pub mod translation;
pub mod triage;
pub mod webhook;

pub use account::{Role, Scope};
pub use error::{ErrorBody, ErrorDetail};
pub use hearback_core::plan::PlanStatus;
pub use named::Named;
pub use publication::Visibility;
pub use survey::SurveyStatus;

#[cfg(test)]
mod tests {
    use super::*;

    /// Every named enum's JSON is its `as_str`, and reads back.
    fn round_trip<T: Named + serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug + Copy>(
        all: &[T],
        name: fn(T) -> &'static str,
    ) {
        for value in all {
            assert_eq!(serde_json::to_string(value).unwrap(), format!("\"{}\"", name(*value)));
            assert_eq!(serde_json::from_str::<T>(&format!("\"{}\"", name(*value))).unwrap(), *value);
            assert_eq!(<T as Named>::parse(name(*value)), Some(*value));
        }
    }

    #[test]
    fn every_named_enum_is_its_name_in_json() {
        round_trip(Role::ALL, Role::as_str);
        round_trip(Scope::ALL, Scope::as_str);
        round_trip(SurveyStatus::ALL, SurveyStatus::as_str);
        round_trip(Visibility::ALL, Visibility::as_str);
        round_trip(security::AuditAction::ALL, security::AuditAction::as_str);
        round_trip(case::CaseStatus::ALL, case::CaseStatus::as_str);
        round_trip(security::ActorKind::ALL, security::ActorKind::as_str);
        round_trip(webhook::DeliveryStatus::ALL, webhook::DeliveryStatus::as_str);
        round_trip(webhook::WebhookFormat::ALL, webhook::WebhookFormat::as_str);
        round_trip(translation::TextKind::ALL, translation::TextKind::as_str);
        let plans = [PlanStatus::Planned, PlanStatus::InProgress, PlanStatus::Done, PlanStatus::WontDo];
        round_trip(&plans, PlanStatus::as_str);
        round_trip(schedule::ClosedBy::ALL, schedule::ClosedBy::as_str);
        round_trip(audience::Device::ALL, audience::Device::as_str);
        round_trip(audience::Visitors::ALL, audience::Visitors::as_str);
    }
}
