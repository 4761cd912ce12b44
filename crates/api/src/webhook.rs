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

/// `POST /admin/api/surveys/{id}/webhooks`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WebhookRequest {
    /// An `https` URL on a public address.
    pub url: String,
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
