//! The admin API's OpenAPI document, served at `/admin/api/openapi.json`: its paths come from
//! the `#[utoipa::path]` of the handlers `admin::router` mounts (through `utoipa_axum`), its
//! bodies from the `hearback_api` contract. This module adds the title, the tags, how a caller
//! signs in, and the refusals every operation shares.

use crate::http::openapi::Error;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Hearback admin API",
        description = "What a company's members do: sign up and in, manage members and API tokens, write surveys, \
                       read responses and results, write action plans, publish, and answer the people who replied. \
                       Scripts call it with an API token (`Authorization: Bearer hb_…`); the admin app with its \
                       session cookie and, on every write, the `x-csrf-token` its session gave. \
                       Every 4xx and 5xx answer is an `Error` body that says what was wrong.",
        license(name = "MIT OR Apache-2.0"),
    ),
    tags(
        (name = "accounts", description = "Signing up and in, members, invitations, API tokens"),
        (name = "surveys", description = "Surveys, their status, responses, exports and webhooks"),
        (name = "sites", description = "Site tags: one script tag on every page of a site; which surveys run there is \
                                         decided by each survey's allowed origins and audience"),
        (name = "results", description = "Results, trends and breakdowns, under the privacy rules"),
        (name = "plans", description = "Action plans, their timelines, follow-ups, and replies to them"),
        (name = "publication", description = "Publishing the results with the plans, and quotes"),
        (name = "cases", description = "The inner loop: rules that open cases for a named member to follow up with the \
                                         customer, the cases, their root causes"),
        (name = "security", description = "The audit log, two-factor sign-in, sessions and passwords. Two-factor sign-in \
                                            concerns people: API tokens are not affected by it"),
    ),
    components(schemas(Error)),
    modifiers(&SignIn),
)]
pub struct AdminApiDoc;

/// The two ways to call the admin API.
struct SignIn;

impl Modify for SignIn {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let token = SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build());
        components.add_security_scheme("api_token", token);
        let session = SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
            "hb_session",
            "The admin app's session (`__Host-hb_session` over HTTPS); writes also send `x-csrf-token`",
        )));
        components.add_security_scheme("session", session);
        let everyone = utoipa::openapi::security::SecurityRequirement::new("api_token", Vec::<String>::new());
        let people = utoipa::openapi::security::SecurityRequirement::new("session", Vec::<String>::new());
        openapi.security = Some(vec![everyone, people]);
    }
}

/// How the admin API refuses a caller: not signed in, or not allowed.
// For the document only: handlers answer these as `ApiError`s (the OpenAPI test holds them to it).
#[allow(dead_code)]
#[derive(utoipa::IntoResponses)]
pub enum Refused {
    /// No session and no API token, or one that has expired or been revoked
    #[response(status = 401)]
    Unauthorized(#[to_schema] Error),
    /// A role or token scope below what this needs, or a write without the session's CSRF token
    #[response(status = 403)]
    Forbidden(#[to_schema] Error),
}

/// How the admin API refuses a call about one survey: as [`Refused`], or no such survey in the
/// caller's organisation (the same answer whether it is another's or nobody's).
#[allow(dead_code)]
#[derive(utoipa::IntoResponses)]
pub enum SurveyRefused {
    /// No session and no API token, or one that has expired or been revoked
    #[response(status = 401)]
    Unauthorized(#[to_schema] Error),
    /// A role or token scope below what this needs, or a write without the session's CSRF token
    #[response(status = 403)]
    Forbidden(#[to_schema] Error),
    /// No such survey (or plan, reply, quote, webhook) in the caller's organisation
    #[response(status = 404)]
    NotFound(#[to_schema] Error),
}
