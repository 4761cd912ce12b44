//! The public API's bodies (`/api/v1`): answering a survey, following its results, and what a
//! respondent's receipt opens. The widget and the results page read these with the browser's
//! own JSON (their bundles stay small); API clients and the server use these types.

use hearback_core::RawAnswer;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// What a host page passed about the customer: a signed token, or plain details.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CustomerInput {
    /// Signed by the company's backend with the survey's secret (see the README on identity).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<BTreeMap<String, Value>>,
}

/// A finished response in one request (`POST`), as API clients send it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Submission {
    /// Question id → answer: a number (a point on a scale), `true`/`false` (consent), a string
    /// (a choice id, `yes`/`no`, a comment), a list of choice ids (multiple choice), or an object
    /// of row id → column id (matrix).
    #[cfg_attr(feature = "openapi", schema(value_type = BTreeMap<String, Object>))]
    pub answers: BTreeMap<String, RawAnswer>,
    /// Question id → the text of an "other" choice.
    #[serde(default)]
    pub other: BTreeMap<String, String>,
    /// Who is answering, as the host page said.
    #[serde(default)]
    pub customer: Option<CustomerInput>,
    /// The language answered in, one of the survey's.
    #[serde(default)]
    pub language: Option<String>,
}

/// A stored response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Created {
    pub id: String,
}

/// One save of a response under its key (`PUT`), as the widget sends them while a respondent
/// answers, and once more when they finish.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SaveBody {
    /// As in a `Submission`: the answers so far.
    #[cfg_attr(feature = "openapi", schema(value_type = BTreeMap<String, Object>))]
    pub answers: BTreeMap<String, RawAnswer>,
    #[serde(default)]
    pub other: BTreeMap<String, String>,
    /// The respondent finished: the response counts from now on.
    pub complete: bool,
    /// Numbers the saves of one response, so a late older save changes nothing.
    pub sequence: u32,
    #[serde(default)]
    pub customer: Option<CustomerInput>,
    /// The language answered in, one of the survey's (the widget's): what comes back to the
    /// respondent speaks it.
    #[serde(default)]
    pub language: Option<String>,
}

/// A save taken (or, `stale`, one older than the last taken, which changed nothing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SavedBody {
    pub id: String,
    pub complete: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stale: bool,
}

/// `POST /api/v1/results/{id}/follow`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FollowRequest {
    pub email: String,
    /// The language to hear in, among the survey's (else the browser's, else its default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// What to do next, for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Message {
    pub message: String,
}

/// What a receipt opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReceiptView {
    pub survey: String,
    pub title: String,
    /// The day results are promised by (`YYYY-MM-DD`), if the company set one.
    pub publish_by: Option<String>,
    /// Results are out, and this receipt may read them.
    pub published: bool,
    /// When anything last changed for this respondent (ms since the epoch), once published.
    pub changed_at: Option<i64>,
    /// "Did this fix it?" questions waiting for this respondent.
    pub follow_ups: Vec<Asked>,
    /// The results page.
    pub url: String,
    /// The plan that answers what this respondent said, once published: the card's line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<PlanForYou>,
    /// The respondent's conversation with a named person, when they asked to hear back here and
    /// the person wrote: it comes first on the card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation: Option<ConversationForYou>,
}

/// The card's line of a respondent's conversation: who wrote, what, and where to answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConversationForYou {
    /// The case's owner, by name.
    pub owner: String,
    /// Their latest message.
    pub message: String,
    /// The conversation's page: the whole thread, the answer box, "Did we resolve it?".
    pub url: String,
    /// When they wrote (ms since the epoch).
    pub at: i64,
    /// The case is resolved and the respondent has not said whether it is.
    pub ask_resolved: bool,
}

/// The action plan that answers what one respondent said, in the card's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanForYou {
    pub heard: String,
    pub will_do: String,
    /// The member who answers for it, by name.
    pub owner: String,
    pub status: crate::PlanStatus,
}

/// A "Did this fix it?" question a respondent has not answered yet: one press on its scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Asked {
    /// The plan it follows up.
    pub plan: String,
    pub will_do: String,
    pub prompt: String,
    pub min: u8,
    pub max: u8,
}

/// A respondent's own replies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnReplies {
    pub replies: Vec<crate::plan::Reply>,
}

/// `GET /api/v1/results/{id}/answers`: everything the survey keeps that a receipt's holder gave,
/// for them to keep (their right of access).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YourAnswers {
    pub survey: String,
    /// When the answers were first saved, in milliseconds since 1970.
    pub answered_at: i64,
    /// The answers as given: `answers` by question id, and the "Other" texts in `other`.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub answers: serde_json::Value,
    /// Replies to the company's action plans, with the answers to them.
    pub replies: Vec<crate::plan::Reply>,
    /// Answers to "Did this fix it?".
    pub follow_up_answers: Vec<YourFollowUpAnswer>,
    /// Contact details given, with what they were given for.
    pub contact: Option<YourContact>,
    /// Addresses that follow the results with this receipt.
    pub following: Vec<YourFollowing>,
    /// The case the answers opened, when they asked to be contacted: the address given for it
    /// and the conversation with its owner.
    pub case: Option<YourCase>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YourCase {
    pub status: String,
    pub email: Option<String>,
    pub messages: Vec<YourMessage>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YourMessage {
    /// `owner` or `customer` (you).
    pub from: String,
    pub body: String,
    pub at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YourFollowUpAnswer {
    pub plan_id: String,
    pub value: i64,
    pub at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YourContact {
    pub purpose: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub company: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YourFollowing {
    pub email: String,
    pub confirmed: bool,
}

/// A reply taken, as it will show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReplyTaken {
    pub id: String,
    pub body: String,
}

/// `POST /api/v1/results/{id}/plans/{plan}/follow-up`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FollowUpAnswer {
    /// A point on the question's scale (`min` to `max` of the receipt's `follow_ups`).
    pub value: i64,
}
