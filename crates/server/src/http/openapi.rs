//! The public API's OpenAPI document, served at `/api/v1/openapi.json`. Its paths come from the
//! `#[utoipa::path]` of the very handlers the router mounts (`api::router` registers them
//! through `utoipa_axum`), so a route cannot be served without being described; this module adds
//! what belongs to no one route: the title, the tags, the error body and the results token.

use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Hearback API",
        description = "Ask customers a few questions, store every answer safely, publish the results with what \
                       will be done about them, and tell the people who answered. Public endpoints need no login. \
                       Every 4xx and 5xx answer is an `Error` body that says what was wrong.",
        license(name = "MIT OR Apache-2.0"),
    ),
    tags(
        (name = "respond", description = "A live survey, and the answers respondents give"),
        (name = "published", description = "Published results and action plans, following them, and a respondent's replies"),
        (name = "results", description = "Live results for the operator (loopback, or the results token when one is set)"),
    ),
    components(schemas(Error, ErrorDetail)),
    modifiers(&ResultsToken),
)]
pub struct ApiDoc;

/// Every error answer: `{"error": {"code", "message"}}`, with `fields` when answers were invalid.
#[derive(Debug, Serialize, ToSchema)]
pub struct Error {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable, for programs: `survey_not_found`, `invalid_response`, `receipt_required`, …
    pub code: String,
    /// For people: what was wrong and how to put it right.
    pub message: String,
    /// For `invalid_response`: question id → what is wrong with its answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, String>>,
    /// The request's id (also its `x-request-id` header), by which the operator finds it in the logs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// The bearer token of `serve --results-token`.
struct ResultsToken;

impl Modify for ResultsToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let bearer = SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build());
        openapi.components.get_or_insert_with(Default::default).add_security_scheme("results_token", bearer);
    }
}
