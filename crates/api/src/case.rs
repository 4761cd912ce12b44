//! The inner loop: a survey's rules that open cases (`/surveys/{id}/case-rules`), the cases a
//! named member follows up (`/cases`), and the root causes they are filed under (`/root-causes`).

use serde::{Deserialize, Serialize};

pub use hearback_core::case::CaseRule;

named_enum! {
    /// Where a case stands.
    pub enum CaseStatus {
        /// Waiting for its owner to reach the customer.
        Open = "open",
        /// The owner reached the customer.
        Contacted = "contacted",
        /// Done, with an outcome and a root cause.
        Resolved = "resolved",
        /// The owner tried and could not reach the customer.
        Unreachable = "unreachable",
        /// Its response was deleted: nothing is left to follow up.
        Withdrawn = "withdrawn",
    }
}

impl CaseStatus {
    /// Whether the case is over (no more messages to the customer).
    pub fn closed(self) -> bool {
        matches!(self, CaseStatus::Resolved | CaseStatus::Unreachable | CaseStatus::Withdrawn)
    }
}

named_enum! {
    /// How a case's customer asked to hear back.
    pub enum ReplyVia {
        /// On their "You said, we did" card and the results page (their receipt): no address.
        Here = "here",
        /// By e-mail, from the case's owner.
        Email = "email",
    }
}

named_enum! {
    /// Who wrote a message of a case's conversation.
    pub enum MessageFrom {
        /// The case's owner (or an editor), to the customer.
        Owner = "owner",
        /// The customer, answering.
        Customer = "customer",
    }
}

/// One message of a case's conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseMessage {
    pub id: String,
    pub from: MessageFrom,
    /// The member who wrote it (for the owner's side).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    pub body: String,
    /// Milliseconds since 1970.
    pub at: i64,
}

/// `POST /admin/api/cases/{case}/messages`, and the customer's answer: 1 to 4000 characters.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MessageRequest {
    pub body: String,
}

/// `GET/PUT /admin/api/organization/contact-retention`: days a closed case keeps its customer's
/// address, 0 to 365 (0: deleted as the case closes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContactRetention {
    pub days: u32,
}

/// `GET/PUT /admin/api/surveys/{id}/case-rules`: the first rule a finished response matches opens
/// its case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CaseRules {
    pub rules: Vec<CaseRule>,
}

/// A member a case names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseMember {
    pub user_id: String,
    pub name: String,
}

/// A case as members read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseView {
    pub id: String,
    pub survey: String,
    pub response: String,
    pub owner: CaseMember,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalate_to: Option<CaseMember>,
    pub status: CaseStatus,
    /// Milliseconds since 1970.
    pub opened_at: i64,
    pub due_at: i64,
    /// Still open after its due time.
    pub overdue: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contacted_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root_cause: Option<String>,
    /// The action plan the case led to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    /// The respondent's answers (question id → answer), when the response still exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub answers: Option<serde_json::Value>,
    /// How the customer asked to hear back; none when the survey did not ask.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_via: Option<ReplyVia>,
    /// The customer's address, to the case's owner only, while it is kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// The conversation with the customer, oldest first (with the case itself).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<CaseMessage>,
    /// The customer's answer to "Did we resolve it?", once given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_for_customer: Option<bool>,
}

/// `GET /admin/api/cases`: overdue first, then by due time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Cases {
    pub cases: Vec<CaseView>,
}

/// `POST /admin/api/cases/{case}/status`: moves a case. Resolving needs an outcome and a root
/// cause of the organisation's list.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CaseChange {
    pub status: CaseStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// The id of one of the organisation's root causes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root_cause: Option<String>,
}

/// `PUT /admin/api/cases/{case}/plan`: the action plan a case led to (`null` to unlink).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CasePlan {
    pub plan: Option<String>,
}

/// A root cause of the organisation's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RootCause {
    pub id: String,
    pub label: String,
}

/// `GET /admin/api/root-causes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RootCauses {
    pub root_causes: Vec<RootCause>,
}

/// `POST /admin/api/root-causes`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RootCauseRequest {
    pub label: String,
}

/// A root cause and how many resolved cases it was given to, in one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CauseCount {
    /// `YYYY-MM`.
    pub month: String,
    pub root_cause: String,
    pub label: String,
    pub count: u64,
}

/// A member's conversations this month against their goal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberProgress {
    pub user_id: String,
    pub name: String,
    /// Customers this member reached this month (UTC).
    pub reached_this_month: u64,
    /// Their cases still open or contacted.
    pub waiting: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal: Option<u32>,
}

/// `GET /admin/api/cases/summary`: how the organisation's conversations go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseSummary {
    pub open: u64,
    pub overdue: u64,
    /// Median hours from the answer to the first contact, over the cases that had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub median_first_contact_hours: Option<u64>,
    /// Resolved cases in percent of those closed (resolved or could not reach).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution_rate: Option<u8>,
    /// By month, newest first.
    pub root_causes: Vec<CauseCount>,
    pub members: Vec<MemberProgress>,
}

/// `PUT /admin/api/members/{user}/goal`: customers a month to talk to, 1 to 100, or `null`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GoalRequest {
    pub per_month: Option<u32>,
}

/// `POST /admin/api/wall-link`: the customer wall's secret link, shown this once; it replaces the
/// one before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WallLink {
    /// The wall's path on this server, with its secret.
    pub url: String,
}

/// `PUT /admin/api/me/digest`: the weekly digest e-mail, on or off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DigestSettings {
    pub weekly: bool,
}

/// `GET /admin/api/me/digest`: whether the member gets the weekly digest, and what it would say
/// about the last seven days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DigestPreview {
    pub weekly: bool,
    pub subject: String,
    /// The e-mail's text (links start with the server's public address).
    pub text: String,
    /// Whether it has anything to say (an empty digest is not sent).
    pub empty: bool,
}
