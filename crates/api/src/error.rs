//! The one error body of every 4xx and 5xx answer.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Every error answer: `{"error": {"code", "message"}}`, with `fields` when answers were invalid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = Error))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    /// Stable, for programs: `survey_not_found`, `invalid_response`, `receipt_required`, …
    pub code: String,
    /// For people: what was wrong and how to put it right.
    pub message: String,
    /// For `invalid_response`: question id → what is wrong with its answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, String>>,
    /// The request's id (also its `x-request-id` header), by which the operator finds it in the logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}
