//! Contact details respondents gave (`/admin/api/surveys/{id}/contact-details`): asked for one
//! purpose, which comes with them, and kept apart from the answers (which say only `given`).
//! Editors read them; every reading is in the audit log.

use serde::{Deserialize, Serialize};

/// The details of one response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactDetailsView {
    /// The response they came with.
    pub response: String,
    /// The question that asked for them.
    pub question: String,
    /// The one purpose they were given for, as the question said it.
    pub purpose: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// When they were given, in milliseconds since 1970.
    pub given_at: i64,
}
