//! Publishing a survey's results: the editors' view of the publication with a preview of what
//! publishing now shows, publishing (again: the results frozen now, with a summary, followers
//! told) and taking the page down.

use super::openapi::SurveyRefused;
use super::owned::{Editor, OwnedSurvey, Viewer};
use crate::http::error::ApiError;
use crate::http::extract::JsonBody;
use crate::http::openapi::Error;
use crate::http::openapi::SurveyPath;
use crate::http::published::{page, snapshot};
use crate::http::AppState;
use crate::reader_words::fill;
use crate::store::audit::AuditAction;
use crate::store::now_millis;
use crate::store::publications::{Publication, Visibility};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::Json;
use hearback_api::publication::{PublicationInfo, PublicationState, PublishRequest, Published};
use hearback_api::translation::TextKind;
use hearback_web::widget::strings::LANGUAGES;

pub const MAX_SUMMARY_LEN: usize = 5000;

/// The language a member reads the preview in.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReadIn {
    /// One of the widget's six languages (en, de, fr, es, ja, ar); anything else reads the
    /// survey's default language.
    lang: Option<String>,
}

/// A survey's publication
///
/// For its editors: the last publication, up or taken down, and a preview of what publishing
/// now shows.
#[utoipa::path(get, path = "/surveys/{id}/publication", tag = "publication", operation_id = "publication",
    params(SurveyPath, ReadIn),
    responses((status = 200, description = "The publication and the preview", body = PublicationState), SurveyRefused))]
pub async fn state_of(
    State(state): State<AppState>,
    OwnedSurvey { actor, stored, .. }: OwnedSurvey<Viewer>,
    Query(read_in): Query<ReadIn>,
) -> Result<Json<PublicationState>, ApiError> {
    let id = stored.survey.id().to_string();
    let publication = state.store.publication(&id).await?;
    let draft = Publication {
        survey_id: id.clone(),
        organization_id: actor.organization_id.clone(),
        visibility: publication.as_ref().map_or(Visibility::Public, |p| p.visibility),
        summary: publication.as_ref().map(|p| p.summary.clone()).unwrap_or_default(),
        snapshot: snapshot(&state, &stored).await?,
        published_at: now_millis(),
        unpublished_at: None,
    };
    let up = publication.as_ref().is_some_and(|p| p.unpublished_at.is_none());
    let info = publication.map(|p| PublicationInfo {
        visibility: p.visibility,
        summary: p.summary,
        published_at: p.published_at,
        unpublished_at: p.unpublished_at,
    });
    // The members' preview in the language they read it in: any of the widget's six (the
    // company's texts as translated, else as written); else the survey's default.
    let default = &stored.survey.languages()[0];
    let language = read_in.lang.as_deref().filter(|l| LANGUAGES.contains(l)).unwrap_or(default);
    let preview = page(&state, &stored, &draft, language).await?;
    Ok(Json(PublicationState { published: up, publication: info, preview }))
}

/// Publish the results (editors)
///
/// Publishes (again): freezes the results now, with the summary and the plans; the results'
/// followers are told (not for a publication to the organisation only).
#[utoipa::path(post, path = "/surveys/{id}/publication", tag = "publication", operation_id = "publish",
    params(SurveyPath),
    request_body = PublishRequest,
    responses(
        (status = 201, description = "Published", body = Published),
        SurveyRefused,
        (status = 422, description = "No summary, a summary too long, or nobody has answered yet", body = Error),
    ))]
pub async fn publish(
    State(state): State<AppState>,
    OwnedSurvey { actor, stored, .. }: OwnedSurvey<Editor>,
    headers: axum::http::HeaderMap,
    body: JsonBody<PublishRequest>,
) -> Result<(StatusCode, Json<Published>), ApiError> {
    let person = actor.person()?.to_owned();
    let id = stored.survey.id().to_string();
    let PublishRequest { summary, visibility } = body.value;
    let summary = summary.trim().to_owned();
    if summary.is_empty() || summary.chars().count() > MAX_SUMMARY_LEN {
        return Err(ApiError::Invalid(format!(
            "write a summary for the people who answered (1 to {MAX_SUMMARY_LEN} characters)"
        )));
    }
    let tally = state.store.tally(stored.survey.id(), &crate::store::aggregates::Scope::everyone()).await?;
    if tally.count(&hearback_core::Cell::Started) == 0 {
        return Err(ApiError::Invalid("nothing to publish yet: nobody has answered this survey".into()));
    }
    let publication = Publication {
        survey_id: id.clone(),
        organization_id: actor.organization_id.clone(),
        visibility,
        summary,
        snapshot: crate::http::results::for_publication(
            crate::http::results::shown(&state.config.privacy, &stored, &tally),
            &stored,
        ),
        published_at: now_millis(),
        unpublished_at: None,
    };
    let notice = match visibility {
        Visibility::Public | Visibility::Respondents => {
            crate::http::notices::followers_notice_for(&state, &actor, &headers, &stored, |n| {
                let summary = n.texts.text(TextKind::Summary, &id, publication.summary.clone());
                let values = [("survey", n.title), ("summary", summary.as_str())];
                (fill(n.words.published_subject, &values), fill(n.words.published_news, &values))
            })
            .await?
        }
        Visibility::Organization => None,
    };
    let audit = actor.audit(AuditAction::ResultsPublished, &id).survey(&id).detail(visibility.as_str());
    state.store.publish(&publication, &person, notice.as_ref(), &audit).await?;
    Ok((StatusCode::CREATED, Json(Published { url: format!("/r/{id}"), published_at: publication.published_at })))
}

/// Take the results page down (editors)
#[utoipa::path(delete, path = "/surveys/{id}/publication", tag = "publication", operation_id = "unpublish",
    params(SurveyPath),
    responses((status = 204, description = "Down at once"), SurveyRefused))]
pub async fn unpublish(State(state): State<AppState>, survey: OwnedSurvey<Editor>) -> Result<StatusCode, ApiError> {
    let audit = survey.audit(AuditAction::ResultsTakenDown, survey.id());
    state.store.unpublish(survey.id(), now_millis(), &audit).await?;
    Ok(StatusCode::NO_CONTENT)
}
