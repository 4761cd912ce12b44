//! A survey's webhooks and their delivery log (`/admin/api/surveys/{id}/webhooks…`).

use serde::{Deserialize, Serialize};

named_enum! {
    /// Where a delivery is.
    pub enum DeliveryStatus {
        /// Not yet delivered; tried again at `next_attempt_at`.
        Pending = "pending",
        Delivered = "delivered",
        /// Given up on.
        Failed = "failed",
    }
}

named_enum! {
    /// What a webhook is sent.
    pub enum WebhookFormat {
        /// Every finished response as JSON, signed (see the README).
        Hearback = "hearback",
        /// A message for a Slack incoming webhook.
        Slack = "slack",
        /// A message for a Microsoft Teams incoming webhook.
        Teams = "teams",
    }
}

impl Default for WebhookFormat {
    fn default() -> WebhookFormat {
        WebhookFormat::Hearback
    }
}

impl WebhookFormat {
    /// A message in a team's chat, rather than data for a program.
    pub fn is_chat(self) -> bool {
        self != WebhookFormat::Hearback
    }
}

/// Which finished responses a chat webhook tells the team about: an answer to a scored question
/// (NPS, CSAT, CES, rating) of at most and/or at least this, optionally with a comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChatRule {
    pub question: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<u8>,
    /// A text question that must be answered too ("detractors with a comment").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_comment: Option<String>,
}

/// `POST /admin/api/surveys/{id}/webhooks`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WebhookRequest {
    /// An `https` URL on a public address (for Slack and Teams, the channel's incoming-webhook URL).
    pub url: String,
    #[serde(default)]
    pub format: WebhookFormat,
    /// Slack and Teams: only responses that match it (every finished response without one).
    #[serde(default)]
    pub rule: Option<ChatRule>,
    /// Slack and Teams: a summary of each day's responses, the day after (UTC).
    #[serde(default)]
    pub daily_summary: bool,
}

/// A webhook made: its signing secret is in this answer only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewWebhook {
    pub id: String,
    pub url: String,
    /// Signs each delivery (`x-hearback-signature`).
    pub secret: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Webhook {
    pub id: String,
    pub url: String,
    pub created_at: i64,
    #[serde(default)]
    pub format: WebhookFormat,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<ChatRule>,
    #[serde(default)]
    pub daily_summary: bool,
}

/// One line of the delivery log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeliveryLog {
    pub id: String,
    pub webhook_id: String,
    pub response_id: String,
    pub status: DeliveryStatus,
    pub attempts: i64,
    /// The HTTP status of the last attempt, when it got one.
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
    pub next_attempt_at: i64,
    pub created_at: i64,
}

/// `GET /admin/api/surveys/{id}/webhooks`: the webhooks and the latest 100 deliveries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Webhooks {
    pub webhooks: Vec<Webhook>,
    pub deliveries: Vec<DeliveryLog>,
}
