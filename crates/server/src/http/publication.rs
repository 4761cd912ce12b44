//! The public API's read of a publication, `GET /api/v1/results/{survey}`: what a reader may
//! read of a survey's published results (see `published`).

use super::admin::auth::Actor;
use super::error::ApiError;
use super::AppState;
use crate::http::openapi::SurveyPath;
use axum::extract::{Path, State};
use axum::Json;

/// A published results page
///
/// The summary, the results frozen when published (under the privacy rules), the action plans
/// as they are now (owner, due date, status, updates, "Did this fix it?"), approved quotes and
/// when anything last changed. A publication for respondents needs a receipt of the survey; one
/// for the organisation, a member's session (members also get the live numbers, the newest
/// comments and the way to the dashboard). To anyone who may not read it, it is not there.
#[utoipa::path(
    get,
    path = "/api/v1/results/{id}",
    tag = "published",
    params(
        SurveyPath,
        ("Hearback-Receipt" = Option<String>, Header, description = "A respondent's receipt, for results published to respondents"),
        ("lang" = Option<String>, Query, description = "The language of the survey's texts, when the survey speaks it (else the browser's, else its default)"),
    ),
    responses(
        (status = 200, description = "The page's content", body = hearback_api::publication::PublishedPage),
        (status = 404, description = "Nothing published here that this reader may read", body = super::openapi::Error),
    )
)]
pub async fn public(
    State(state): State<AppState>,
    actor: Result<Actor, ApiError>,
    headers: axum::http::HeaderMap,
    Path(id): Path<String>,
    axum::extract::Query(query): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Result<Json<hearback_api::publication::PublishedPage>, ApiError> {
    let lang = query.get("lang").map(String::as_str);
    super::published::readable(&state, &id, actor.as_ref().ok(), &headers, lang).await.map(Json)
}
