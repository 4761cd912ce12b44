//! Action plans as the admin API reads and writes them: the plan with its owner and timeline,
//! updates, the "Did this fix it?" follow-ups, and the replies respondents leave on plans.

use hearback_core::plan::{PlanStatus, Theme};
use serde::{Deserialize, Serialize};

pub use hearback_core::plan::RawPlan;

/// The member who answers for a plan, as pages show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanOwner {
    pub user_id: String,
    pub name: String,
    /// Their role in the organisation; `None` once they have left it.
    pub role: Option<crate::Role>,
}

/// One dated entry of a plan's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanUpdate {
    pub id: String,
    /// The member who wrote it, by name.
    pub author: String,
    pub body: String,
    /// The status the plan moved to with this update.
    pub status: Option<PlanStatus>,
    pub created_at: i64,
}

/// An action plan: what was heard, what will be done, by whom, by when, and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Plan {
    pub id: String,
    pub survey_id: String,
    pub heard: String,
    /// The questions (ids) what was heard comes from.
    pub questions: Vec<String>,
    pub themes: Vec<Theme>,
    pub will_do: String,
    pub owner: PlanOwner,
    /// `YYYY-MM-DD`.
    pub due: String,
    pub status: PlanStatus,
    /// Why not, when the status is `wont_do`.
    pub reason: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    /// Oldest first.
    pub updates: Vec<PlanUpdate>,
}

/// A done plan's "Did this fix it?" question, with how many have answered it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowUpState {
    pub plan: String,
    pub question: String,
    pub prompt: String,
    pub answered: usize,
}

/// `GET /admin/api/surveys/{id}/plans`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Plans {
    pub plans: Vec<Plan>,
    pub follow_ups: Vec<FollowUpState>,
}

/// A plan written (`POST …/plans`, `PUT …/plans/{plan}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanSaved {
    pub id: String,
    /// Whether a new owner was told by e-mail.
    pub owner_emailed: bool,
}

/// `POST …/plans/{plan}/updates`: a dated update, moving the plan's status when `status` is given.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateRequest {
    pub body: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<PlanStatus>,
    /// Required with `wont_do`, refused with any other status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// `PUT …/plans/{plan}/follow-up`: ask one of a done plan's questions again.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FollowUpRequest {
    pub question: String,
    pub prompt: String,
}

/// A reply's text: a respondent's reply to a plan, or a member's answer to a reply.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReplyRequest {
    /// 1 to 2,000 characters, shown as text.
    pub body: String,
}

/// A respondent's reply to a plan, and the answer to it once there is one (never who sent it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reply {
    pub id: String,
    pub plan_id: String,
    pub body: String,
    pub created_at: i64,
    pub answer: Option<ReplyAnswer>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = Answer))]
pub struct ReplyAnswer {
    pub body: String,
    /// The member who answered, by name.
    pub by: String,
    pub at: i64,
}

/// `GET …/replies`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Replies {
    pub replies: Vec<Reply>,
}

impl crate::Named for PlanStatus {
    const WHAT: &'static str = "PlanStatus";

    fn parse(name: &str) -> Option<PlanStatus> {
        PlanStatus::parse(name)
    }
}
