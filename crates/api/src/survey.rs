//! An organisation's surveys as the admin API reads and writes them: the list, a survey with
//! its definition, its status, and its stored responses (`/admin/api/surveys…`).

use hearback_core::survey::RawSurvey;
use hearback_core::RawResponse;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

named_enum! {
    /// Where a survey is in its life: draft → live → closed, one way.
    pub enum SurveyStatus {
        /// Being written: not shown to respondents.
        Draft = "draft",
        /// Shown to respondents.
        Live = "live",
        /// No longer taking answers; its results stay.
        Closed = "closed",
    }
}

/// A survey in an organisation's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveySummary {
    pub id: String,
    pub title: String,
    pub status: SurveyStatus,
    /// Responses counted, finished or not (those its answer retention deleted still count).
    pub responses: i64,
    /// A live survey its schedule opens later: when, in milliseconds since 1970.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opens_at: Option<i64>,
}

/// `GET /admin/api/surveys`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Surveys {
    pub surveys: Vec<SurveySummary>,
}

/// `POST /admin/api/surveys` and `PUT /admin/api/surveys/{id}`: a definition and the host pages
/// that may embed it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SurveyDraft {
    /// The survey definition (see the survey format in the README).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub definition: RawSurvey,
    /// Origins (`https://shop.example`) whose pages may embed the survey.
    #[serde(default)]
    pub allowed_origins: Vec<String>,
}

/// A survey as its organisation's members see it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyView {
    pub id: String,
    pub status: SurveyStatus,
    /// The definition, as written back from the checked survey.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub definition: RawSurvey,
    pub allowed_origins: Vec<String>,
    /// Whether customer details can be signed (the secret itself is shown only when rotated).
    pub has_identity_secret: bool,
}

/// `POST /admin/api/surveys/{id}/status`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    pub status: SurveyStatus,
}

/// `POST /admin/api/surveys/{id}/secret`: the new identity-signing secret, in this answer only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdentitySecret {
    pub identity_secret: String,
}

/// A stored response: when, finished or not, the answers and who (as the host page said).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResponseRecord {
    pub id: String,
    /// Milliseconds since 1970, when it was first saved.
    pub created_at: i64,
    pub complete: bool,
    /// Question id → the answer as sent.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub answers: BTreeMap<String, hearback_core::RawAnswer>,
    /// Question id → the respondent's own words for "Other".
    pub other: BTreeMap<String, String>,
    pub customer: Customer,
    /// The language it was answered in, when the widget or the sender said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Members' tags, in order.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Members' internal notes, oldest first.
    #[serde(default)]
    pub notes: Vec<crate::triage::ResponseNote>,
}

impl ResponseRecord {
    pub fn raw(&self) -> RawResponse {
        let answers = self.answers.iter().map(|(q, a)| (q.clone(), a.clone())).collect();
        let other = self.other.iter().map(|(q, t)| (q.clone(), t.clone())).collect();
        RawResponse { answers, other, language: self.language.clone() }
    }
}

/// Who answered, as the host page said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Customer {
    pub id: Option<String>,
    pub attributes: BTreeMap<String, String>,
    /// Signed by the company's backend with the survey's secret.
    pub verified: bool,
}

/// `GET /admin/api/surveys/{id}/responses`, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Responses {
    pub responses: Vec<ResponseRecord>,
}
