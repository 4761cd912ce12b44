//! How long a survey keeps its raw answers (`/admin/api/surveys/{id}/answer-retention`). Past it,
//! a response goes with everything tied to it (replies, "Did this fix it?" answers, contact
//! details, tags and notes); what it counted stays counted, so results, trends and breakdowns
//! read the same, and published pages are not touched.

use serde::{Deserialize, Serialize};

/// The longest a survey can be set to keep answers: ten years.
pub const MAX_KEEP_DAYS: u32 = 3650;

/// `PUT /admin/api/surveys/{id}/answer-retention`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AnswerRetention {
    /// Days a response is kept after it was started, 1 to 3650; `null` keeps answers for good.
    /// Required: a body that leaves it out is refused, not taken as "for good".
    #[serde(deserialize_with = "Option::deserialize")]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub days: Option<u32>,
}

/// `GET` (and the answer to `PUT`) of `/admin/api/surveys/{id}/answer-retention`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KeptAnswers {
    /// Days a response is kept; `null` for good.
    pub days: Option<u32>,
    /// Responses kept now.
    pub kept: u64,
    /// Of those, the ones already past the period, which go within the hour.
    pub past: u64,
    /// Responses the period has deleted so far, still counted in the results.
    pub expired: u64,
}

impl AnswerRetention {
    /// What is wrong with it, if anything.
    pub fn problem(&self) -> Option<String> {
        match self.days {
            Some(days) if !(1..=MAX_KEEP_DAYS).contains(&days) => {
                Some(format!("keep answers 1 to {MAX_KEEP_DAYS} days, or for good (null); {days} will not do"))
            }
            _ => None,
        }
    }
}
