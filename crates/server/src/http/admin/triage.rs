//! Triage of responses: editors tag them and write internal notes; every member reads both with
//! the responses, filters by tag (`tag=`), and finds them in exports.

use super::openapi::SurveyRefused;
use super::owned::{Editor, OwnedSurvey};
use crate::http::error::ApiError;
use crate::http::extract::JsonBody;
use crate::http::openapi::{Error, SurveyPath};
use crate::http::AppState;
use crate::store::audit::AuditAction;
use crate::store::triage::{NewNote, ResponseNote};
use crate::store::{now_millis, StoredResponse};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use hearback_api::triage::{tag, NoteRequest, TagsRequest, MAX_NOTE_CHARS, MAX_TAGS, MAX_TAG_CHARS};
use std::collections::HashMap;

/// Tag a response (editors)
///
/// Replaces its tags: words a team files responses under (letters, digits, spaces, `-`, `_`; at
/// most 10 of 40 characters each), kept in lower case; an empty list removes them.
#[utoipa::path(put, path = "/surveys/{id}/responses/{response}/tags", tag = "surveys", operation_id = "tag_response",
    params(SurveyPath, ("response" = String, Path, description = "The response's id")),
    request_body = TagsRequest,
    responses(
        (status = 200, description = "The tags as kept", body = TagsRequest),
        SurveyRefused,
        (status = 422, description = "A tag that will not do, or too many", body = Error),
    ))]
pub async fn set_tags(
    State(state): State<AppState>,
    survey: OwnedSurvey<Editor>,
    Path((_, response)): Path<(String, String)>,
    body: JsonBody<TagsRequest>,
) -> Result<Json<TagsRequest>, ApiError> {
    let mut tags: Vec<String> = Vec::new();
    for raw in &body.value.tags {
        let kept = tag(raw).ok_or_else(|| {
            ApiError::Invalid(format!(
                "`{raw}` is not a tag: letters, digits, spaces, `-` and `_`, starting with a letter or digit, at most {MAX_TAG_CHARS} characters"
            ))
        })?;
        if !tags.contains(&kept) {
            tags.push(kept);
        }
    }
    if tags.len() > MAX_TAGS {
        return Err(ApiError::Invalid(format!("a response has at most {MAX_TAGS} tags")));
    }
    let audit =
        survey.audit(AuditAction::ResponseTagged, &response).survey(survey.id()).detail(format!("{} tags", tags.len()));
    state.store.set_tags(survey.id(), &response, &tags, &audit).await?;
    Ok(Json(TagsRequest { tags }))
}

/// Write an internal note on a response (editors)
///
/// Seen by the organisation's members only, with who wrote it and when.
#[utoipa::path(post, path = "/surveys/{id}/responses/{response}/notes", tag = "surveys", operation_id = "add_response_note",
    params(SurveyPath, ("response" = String, Path, description = "The response's id")),
    request_body = NoteRequest,
    responses(
        (status = 201, description = "The note", body = ResponseNote),
        SurveyRefused,
        (status = 422, description = "An empty note, or one over 2,000 characters", body = Error),
    ))]
pub async fn add_note(
    State(state): State<AppState>,
    survey: OwnedSurvey<Editor>,
    Path((_, response)): Path<(String, String)>,
    body: JsonBody<NoteRequest>,
) -> Result<(StatusCode, Json<ResponseNote>), ApiError> {
    let text = body.value.body.trim().to_owned();
    if text.is_empty() || text.chars().count() > MAX_NOTE_CHARS {
        return Err(ApiError::Invalid(format!("a note is 1 to {MAX_NOTE_CHARS} characters")));
    }
    let author = survey.actor.person()?.to_owned();
    let name = survey.actor.named().map(|(name, _)| name.to_owned()).unwrap_or_default();
    let id = crate::store::ordered_id();
    let at = now_millis();
    let note =
        NewNote { id: &id, survey_id: survey.id(), response_id: &response, author_user_id: &author, body: &text, at };
    let audit = survey.audit(AuditAction::ResponseNoteAdded, &response).survey(survey.id());
    state.store.add_note(&note, &audit).await?;
    Ok((StatusCode::CREATED, Json(ResponseNote { id, author: name, body: text, at })))
}

/// A survey's tags and notes, by response.
#[derive(Debug, Default)]
pub struct Triage {
    pub tags: HashMap<String, Vec<String>>,
    pub notes: HashMap<String, Vec<ResponseNote>>,
}

impl Triage {
    pub async fn of(state: &AppState, survey_id: &str) -> Result<Triage, ApiError> {
        let mut triage = Triage::default();
        for (response, tag) in state.store.survey_tags(survey_id).await? {
            triage.tags.entry(response).or_default().push(tag);
        }
        for (response, note) in state.store.survey_notes(survey_id).await? {
            triage.notes.entry(response).or_default().push(note);
        }
        Ok(triage)
    }

    /// Keeps the rows tagged `tag` (every row without one).
    pub fn keep_tagged(&self, rows: &mut Vec<StoredResponse>, tag: Option<&str>) {
        if let Some(tag) = tag {
            rows.retain(|row| self.tags.get(&row.id).is_some_and(|tags| tags.iter().any(|t| t == tag)));
        }
    }
}
