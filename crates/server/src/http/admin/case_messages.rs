//! Writing to a case's customer, from the case: the owner's message joins the conversation, is
//! e-mailed from the owner's name with replies to the owner (to a customer who gave an address),
//! and shows on the customer's card and conversation page (to one who chose a reply here). Only
//! to a customer who asked to hear back, only while the case is open. And how long a closed case
//! keeps its customer's address, which owners set.

use super::auth::Actor;
use super::cases::{may_act, owned_case};
use super::openapi::Refused;
use crate::http::conversation::{message_text, MAX_MESSAGE_LEN};
use crate::http::error::ApiError;
use crate::http::extract::JsonBody;
use crate::http::openapi::Error;
use crate::http::AppState;
use crate::store::accounts::Role;
use crate::store::audit::AuditAction;
use crate::store::cases::ReplyVia;
use crate::store::conversations::{CaseMessage, MessageFrom, NewMessage};
use crate::store::{now_millis, StoreError};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use hearback_api::case::{ContactRetention, MessageRequest};

/// At most this many days a closed case keeps its customer's address.
pub const MAX_RETENTION_DAYS: u32 = 365;

/// Write to the customer (the case's owner, editors)
///
/// The message joins the case's conversation. A customer who gave an address gets it by e-mail
/// from the writer's name, with replies to the writer and a link to their conversation page; one
/// who chose a reply here reads it on their "You said, we did" card and that page. An open case
/// is contacted by it.
#[utoipa::path(post, path = "/cases/{case}/messages", tag = "cases", operation_id = "write_to_customer",
    params(("case" = String, Path, description = "The case's id")),
    request_body = MessageRequest,
    responses(
        (status = 201, description = "Written (and queued for e-mail)", body = CaseMessage),
        Refused,
        (status = 404, description = "No such case in your organisation", body = Error),
        (status = 409, description = "The case is closed, or its customer did not ask to hear back", body = Error),
        (status = 422, description = "An empty or too long message", body = Error),
    ))]
pub async fn write(
    State(state): State<AppState>,
    actor: Actor,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: JsonBody<MessageRequest>,
) -> Result<(StatusCode, Json<CaseMessage>), ApiError> {
    let case = owned_case(&state, &actor, &id).await?;
    may_act(&actor, &case)?;
    let text = message_text(&body.value.body)
        .ok_or_else(|| ApiError::Invalid(format!("write a message of 1 to {MAX_MESSAGE_LEN} characters")))?;
    let Some(via) = case.reply_via else {
        return Err(ApiError::Conflict("this customer did not ask to hear back: there is no one to write to".into()));
    };
    if case.status.closed() {
        return Err(ApiError::Conflict(format!("the case is {}: open it again to write", case.status.as_str())));
    }
    let writer = actor.person()?;
    let token = state.store.conversation_token(&case.id).await?;
    let token = token.ok_or_else(|| ApiError::Conflict("this conversation is closed".into()))?;
    let mut mail = None;
    if via == ReplyVia::Email && state.config.send_mail {
        let address = state.store.case_address(&case.id).await?.ok_or_else(|| {
            ApiError::Conflict("the customer's address is no longer kept; write on their card instead".into())
        })?;
        let members = state.store.members(&actor.organization_id).await?;
        let member = members.into_iter().find(|m| m.user_id == writer).ok_or(ApiError::Forbidden("not a member"))?;
        let organization = state.store.organization_name(&actor.organization_id).await?.unwrap_or_default();
        // In the language they answered in (else the survey's default).
        let answered = state.store.answers_of(&case.survey_id, &case.response_id).await?;
        let survey = state.store.survey(&case.survey_id).await?.ok_or(ApiError::NotFound)?.survey;
        let default = survey.languages().first().cloned().unwrap_or_default();
        let language = answered.and_then(|raw| raw.language).unwrap_or(default);
        let title = survey.in_language(&language).title().to_owned();
        let words = crate::reader_words::reader_words(&language);
        let link = format!("{}/c/{token}", crate::http::public_base(&state.config, &headers));
        let reply = state.config.inbound_mail.as_ref().map(|inbound| format!("reply+{token}@{}", inbound.domain));
        let reply = reply.as_deref();
        mail = Some(crate::mail::to_customer(&member, &organization, &address, &title, &text, &link, reply, &words));
    }
    let message_id = crate::store::ordered_id();
    let at = now_millis();
    let message =
        NewMessage { id: &message_id, case_id: &id, from: MessageFrom::Owner, user_id: Some(writer), body: &text, at };
    let audit = actor.audit(AuditAction::CaseMessageSent, &id).survey(&case.survey_id).detail(via.as_str());
    match state.store.write_to_customer(&message, mail.as_ref(), &audit).await {
        Err(StoreError::Conflict) => return Err(ApiError::Conflict("the case closed meanwhile".into())),
        other => other?,
    }
    let author = actor.named().map(|(name, _)| name.to_owned());
    Ok((StatusCode::CREATED, Json(CaseMessage { id: message_id, from: MessageFrom::Owner, author, body: text, at })))
}

/// How long closed cases keep addresses
#[utoipa::path(get, path = "/organization/contact-retention", tag = "cases", operation_id = "contact_retention",
    responses((status = 200, description = "Days", body = ContactRetention), Refused))]
pub async fn retention(State(state): State<AppState>, actor: Actor) -> Result<Json<ContactRetention>, ApiError> {
    actor.require(Role::Viewer)?;
    Ok(Json(ContactRetention { days: state.store.contact_retention(&actor.organization_id).await? }))
}

/// Set how long closed cases keep addresses (owners)
///
/// Days a resolved or unreachable case keeps the address its customer gave, 0 to 365; 0 deletes
/// it as the case closes. A deleted response takes its address at once, whatever this says.
#[utoipa::path(put, path = "/organization/contact-retention", tag = "cases", operation_id = "set_contact_retention",
    request_body = ContactRetention,
    responses(
        (status = 204, description = "Set"),
        Refused,
        (status = 422, description = "More than 365 days", body = Error),
    ))]
pub async fn set_retention(
    State(state): State<AppState>,
    actor: Actor,
    body: JsonBody<ContactRetention>,
) -> Result<StatusCode, ApiError> {
    actor.require(Role::Owner)?;
    let days = body.value.days;
    if days > MAX_RETENTION_DAYS {
        return Err(ApiError::Invalid(format!("keep addresses 0 to {MAX_RETENTION_DAYS} days after a case closes")));
    }
    let audit = actor.audit(AuditAction::ContactRetentionSet, &actor.organization_id).detail(format!("{days} days"));
    state.store.set_contact_retention(&actor.organization_id, days, &audit).await?;
    Ok(StatusCode::NO_CONTENT)
}
