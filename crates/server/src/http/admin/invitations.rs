//! E-mail surveys: recipients invited from a CSV upload (streamed: rows are checked and invited
//! in batches as they arrive, and the answer reports every row refused and why) or from a
//! script's JSON; where a survey's invitations stand; and the bounces and complaints a mail
//! provider reports, relayed by the company's script.

use super::auth::Actor;
use super::openapi::{Refused, SurveyRefused};
use super::owned::{Editor, OwnedSurvey, Viewer};
use crate::http::error::ApiError;
use crate::http::extract::JsonBody;
use crate::http::openapi::Error;
use crate::http::AppState;
use crate::invitations::{Importer, Sender};
use crate::store::accounts::Role;
use crate::store::audit::AuditAction;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap};
use axum::Json;
use futures::StreamExt;
use hearback_api::invitation::{
    InvitationReport, InvitationSummary, MailEvent, MailEventResult, Recipients, RefusalReason,
};
use hearback_api::SurveyStatus;

/// The most rows one upload may hold, and the longest line.
pub const MAX_ROWS: u64 = 100_000;
const MAX_LINE: usize = 4096;
/// A script's JSON list, at most.
const MAX_JSON: usize = 1 << 20;

/// Who the invitations come from, for an API token (a person's session is that person).
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct From {
    /// A member's e-mail address: the invitations come from them, and replies go to them.
    pub from: Option<String>,
}

async fn sender(state: &AppState, actor: &Actor, from: Option<&str>) -> Result<Sender, ApiError> {
    let organization = state.store.organization_name(&actor.organization_id).await?.unwrap_or_default();
    if let Some((name, email)) = actor.named() {
        return Ok(Sender { name: name.to_owned(), email: email.to_owned(), organization });
    }
    let from = from.ok_or_else(|| {
        ApiError::Invalid("invitations come from a named member: with an API token, name one in `from`".into())
    })?;
    let members = state.store.members(&actor.organization_id).await?;
    let member = members.into_iter().find(|m| m.email.eq_ignore_ascii_case(from.trim()));
    let member = member.ok_or_else(|| ApiError::Invalid(format!("`{from}` is not a member of your organisation")))?;
    Ok(Sender { name: member.name, email: member.email, organization })
}

/// Invite recipients to answer by e-mail (editors)
///
/// A CSV upload (`text/csv`: a first line naming the columns, `email` and optionally
/// `language`; up to 100,000 rows, read as it arrives) or a JSON list. Each recipient gets an
/// invitation from you (replies come to you) whose body holds the survey's first question with
/// an answer per link, and the way to get no more surveys; it goes through the outbox with its
/// retries. Rows without an address, with what is not one, repeated, invited to this survey
/// already, opted out, or in a language the survey does not speak are refused and reported.
#[utoipa::path(post, path = "/surveys/{id}/invitations", tag = "surveys", operation_id = "invite_recipients",
    params(crate::http::openapi::SurveyPath, From),
    request_body(content(
        (Recipients = "application/json"),
        (String = "text/csv", example = "email,language\nana@example.com,de\n"),
    )),
    responses(
        (status = 200, description = "Who was invited, and every row refused with why", body = InvitationReport),
        SurveyRefused,
        (status = 409, description = "The survey is not live, or this server sends no e-mail", body = Error),
        (status = 413, description = "More than 100,000 rows, or a JSON list over 1 MiB", body = Error),
        (status = 415, description = "Neither CSV nor JSON", body = Error),
        (status = 422, description = "No `email` column, or no named member to send from", body = Error),
    ))]
pub async fn invite(
    State(state): State<AppState>,
    OwnedSurvey { actor, stored, .. }: OwnedSurvey<Editor>,
    Query(from): Query<From>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<InvitationReport>, ApiError> {
    if !state.config.send_mail {
        return Err(ApiError::Conflict("this server sends no e-mail: start it with --smtp-url".into()));
    }
    if stored.status != SurveyStatus::Live {
        return Err(ApiError::Conflict("only a live survey takes invitations".into()));
    }
    let mime = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let mime = mime.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    if mime != "text/csv" && mime != "application/json" {
        return Err(ApiError::UnsupportedMediaType("text/csv or application/json"));
    }
    let sender = sender(&state, &actor, from.from.as_deref()).await?;
    let base = crate::http::public_base(&state.config, &headers);
    let mut importer = Importer::new(state.store.as_ref(), &stored, &actor.organization_id, &sender, &base).await?;
    if mime == "application/json" {
        let bytes = axum::body::to_bytes(body, MAX_JSON).await.map_err(|_| ApiError::PayloadTooLarge(MAX_JSON))?;
        let list: Recipients =
            serde_json::from_slice(&bytes).map_err(|e| ApiError::Invalid(format!("the recipients: {e}")))?;
        if list.recipients.len() as u64 > MAX_ROWS {
            return Err(ApiError::PayloadTooLarge(MAX_JSON));
        }
        for (n, r) in list.recipients.iter().enumerate() {
            importer.row(n as u64 + 1, &r.email, r.language.as_deref()).await?;
        }
    } else {
        read_csv(body, &mut importer).await?;
    }
    let report = importer.finish().await?;
    let audit =
        actor.audit(AuditAction::InvitationsSent, stored.survey.id().as_str()).survey(stored.survey.id().as_str());
    let audit = audit.detail(format!("{} invited, {} refused", report.invited, report.refused));
    state.store.record_audit(&audit).await?;
    Ok(Json(report))
}

/// The rows of a CSV upload, line by line as the body arrives (a quoted field may not hold a
/// line break).
async fn read_csv(body: Body, importer: &mut Importer<'_>) -> Result<(), ApiError> {
    let mut stream = body.into_data_stream();
    let mut pending: Vec<u8> = Vec::new();
    let mut columns: Option<(usize, Option<usize>)> = None;
    let mut line = 0u64;
    let mut done = false;
    while !done {
        match stream.next().await {
            Some(Ok(chunk)) => pending.extend_from_slice(&chunk),
            Some(Err(_)) => return Err(ApiError::BadRequest("the upload broke off")),
            None => {
                done = true;
                pending.push(b'\n');
            }
        }
        while let Some(end) = pending.iter().position(|b| *b == b'\n') {
            let text: Vec<u8> = pending.drain(..=end).collect();
            line += 1;
            if line > MAX_ROWS + 1 {
                return Err(ApiError::PayloadTooLarge(MAX_ROWS as usize));
            }
            let text = String::from_utf8_lossy(&text);
            let text = text.trim_end_matches(['\n', '\r']).trim_start_matches('\u{feff}');
            if text.trim().is_empty() {
                continue;
            }
            let record = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes()).records().next();
            let fields: Vec<String> = match record {
                Some(Ok(record)) => record.iter().map(str::to_owned).collect(),
                _ => Vec::new(),
            };
            let Some((email, language)) = columns else {
                let named = |name: &str| fields.iter().position(|f| f.trim().eq_ignore_ascii_case(name));
                let email = named("email").ok_or_else(|| {
                    ApiError::Invalid("the first line names the columns: `email`, and optionally `language`".into())
                })?;
                columns = Some((email, named("language")));
                continue;
            };
            if text.len() > MAX_LINE || fields.is_empty() {
                importer.refuse(line, text.chars().take(80).collect::<String>().as_str(), RefusalReason::Unreadable);
                continue;
            }
            let address = fields.get(email).map(String::as_str).unwrap_or_default();
            importer.row(line, address, language.and_then(|l| fields.get(l)).map(String::as_str)).await?;
        }
        if pending.len() > MAX_LINE {
            // A line that never ends: refused, and skipped to its end.
            line += 1;
            importer.refuse(line, "", RefusalReason::Unreadable);
            while !done {
                match stream.next().await {
                    Some(Ok(chunk)) => {
                        if let Some(end) = chunk.iter().position(|b| *b == b'\n') {
                            pending = chunk[end + 1..].to_vec();
                            break;
                        }
                    }
                    Some(Err(_)) => return Err(ApiError::BadRequest("the upload broke off")),
                    None => done = true,
                }
            }
            if done {
                pending.clear();
            }
        }
    }
    if columns.is_none() {
        return Err(ApiError::Invalid("the first line names the columns: `email`, and optionally `language`".into()));
    }
    Ok(())
}

/// Where a survey's invitations stand
#[utoipa::path(get, path = "/surveys/{id}/invitations", tag = "surveys", operation_id = "invitation_summary",
    params(crate::http::openapi::SurveyPath),
    responses((status = 200, description = "Counts: invited, delivered, answered, opted out, bounced, complained", body = InvitationSummary), SurveyRefused))]
pub async fn summary(
    State(state): State<AppState>,
    survey: OwnedSurvey<Viewer>,
) -> Result<Json<InvitationSummary>, ApiError> {
    Ok(Json(state.store.invitation_summary(survey.id()).await?))
}

/// Report a bounce or a complaint (editors)
///
/// What your mail provider reported of an address you invited: its invitations not answered
/// yet are marked (and counted); a complaint also opts the address out of your surveys.
#[utoipa::path(post, path = "/mail-events", tag = "surveys", operation_id = "mail_event",
    request_body = MailEvent,
    responses(
        (status = 200, description = "How many invitations it marked", body = MailEventResult),
        Refused,
        (status = 422, description = "Not an e-mail address", body = Error),
    ))]
pub async fn mail_event(
    State(state): State<AppState>,
    actor: Actor,
    body: JsonBody<MailEvent>,
) -> Result<Json<MailEventResult>, ApiError> {
    actor.require(Role::Editor)?;
    let event = body.value;
    let email = event.email.trim().to_lowercase();
    if email.parse::<lettre::Address>().is_err() {
        return Err(ApiError::Invalid("`email` is not an e-mail address".into()));
    }
    let now = crate::store::now_millis();
    let invitations = state.store.mail_event(&actor.organization_id, &email, event.kind, now).await?;
    // The entry names the address by its digest: the audit log keeps no addresses.
    let digest = crate::http::admin::auth::digest(&email);
    let audit = actor.audit(AuditAction::MailEventRecorded, &digest[..16]).detail(event.kind.as_str());
    state.store.record_audit(&audit).await?;
    Ok(Json(MailEventResult { invitations }))
}
