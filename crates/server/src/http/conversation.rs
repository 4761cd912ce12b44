//! The customer's side of a case: their conversation page (`/c/{token}`), linked from the owner's
//! e-mails and from the widget's card. Written by the server, without script, in the survey's
//! language the browser prefers: who follows up and why, the messages both ways, a box to answer,
//! and once the case is resolved, "Did we resolve it?" (asked once; a "no" opens the case again
//! for its owner). Its secret opens this one conversation; a deleted response takes it away.

use super::error::ApiError;
use super::page::{escape_html, html_page, new_nonce};
use super::AppState;
use crate::store::cases::{CaseStatus, StoredCase};
use crate::store::conversations::{MessageFrom, NewMessage};
use crate::store::mail::NewMail;
use crate::store::{now_millis, StoreError};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use hearback_web::widget::strings::{conversation_strings, direction, ConversationStrings};
use serde::Deserialize;
use std::collections::HashMap;

/// At most this many characters a message, either way.
pub const MAX_MESSAGE_LEN: usize = 4000;

/// A message's text, trimmed: 1 to [`MAX_MESSAGE_LEN`] characters.
pub(crate) fn message_text(body: &str) -> Option<String> {
    let text = body.trim();
    (!text.is_empty() && text.chars().count() <= MAX_MESSAGE_LEN).then(|| text.to_owned())
}

/// The case behind a secret, with its organisation's name; an unknown one is a 404.
async fn case_of(state: &AppState, token: &str) -> Result<(StoredCase, String), ApiError> {
    state.store.case_by_token(token).await?.ok_or(ApiError::NotFound)
}

#[derive(Debug, Deserialize)]
pub struct AnswerForm {
    body: String,
}

#[derive(Debug, Deserialize)]
pub struct ResolvedForm {
    resolved: String,
}

/// The conversation page.
pub async fn page(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (case, company) = case_of(&state, &token).await?;
    let note = query.get("done").map(String::as_str);
    render(&state, &case, &company, &token, &headers, StatusCode::OK, note).await
}

/// The customer answers: into the thread, and the owner hears of it by e-mail.
pub async fn answer(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    axum::Form(form): axum::Form<AnswerForm>,
) -> Result<Response, ApiError> {
    let (case, company) = case_of(&state, &token).await?;
    let Some(text) = message_text(&form.body) else {
        return render(&state, &case, &company, &token, &headers, StatusCode::UNPROCESSABLE_ENTITY, Some("empty"))
            .await;
    };
    let notice = owner_notice(&state, &case, &headers, format!("The customer answered:\n\n{text}")).await?;
    customer_writes(&state, &case, &text, notice.as_ref()).await?;
    Ok(Redirect::to(&format!("/c/{token}?done=sent")).into_response())
}

/// The customer's answer into the case's conversation (from the page or by e-mail), with `notice`
/// for its owner; a withdrawn case takes none.
async fn customer_writes(
    state: &AppState,
    case: &StoredCase,
    text: &str,
    notice: Option<&NewMail>,
) -> Result<(), ApiError> {
    let message = NewMessage {
        id: &crate::store::ordered_id(),
        case_id: &case.id,
        from: MessageFrom::Customer,
        user_id: None,
        body: text,
        at: now_millis(),
    };
    match state.store.customer_writes(&message, notice).await {
        Err(StoreError::Conflict) => Err(ApiError::Conflict("this conversation was withdrawn".into())),
        other => Ok(other?),
    }
}

/// "Did we resolve it?": once, on a resolved case; a "no" opens it again for its owner, due as
/// its rule says from now.
pub async fn resolved(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    axum::Form(form): axum::Form<ResolvedForm>,
) -> Result<Response, ApiError> {
    let (case, company) = case_of(&state, &token).await?;
    let yes = match form.resolved.as_str() {
        "yes" => true,
        "no" => false,
        _ => return Err(ApiError::Invalid("`resolved` is `yes` or `no`".into())),
    };
    if case.status != CaseStatus::Resolved || case.resolved_answer.is_some() {
        return render(&state, &case, &company, &token, &headers, StatusCode::CONFLICT, None).await;
    }
    let rules = state.store.case_rules(&case.survey_id).await?;
    let days = rules.get(case.rule).map_or(2, |rule| rule.due_business_days);
    let due_at = hearback_core::case::due_at(now_millis(), days);
    let notice = if yes {
        None
    } else {
        owner_notice(&state, &case, &headers, "The customer says it is not resolved: the case is open again.".into())
            .await?
    };
    state.store.answer_resolved(&case.id, yes, due_at, notice.as_ref()).await?;
    Ok(Redirect::to(&format!("/c/{token}?done={}", if yes { "yes" } else { "no" })).into_response())
}

/// An e-mail telling the case's owner what the customer did, when the server sends mail.
async fn owner_notice(
    state: &AppState,
    case: &StoredCase,
    headers: &HeaderMap,
    what: String,
) -> Result<Option<NewMail>, ApiError> {
    if !state.config.send_mail {
        return Ok(None);
    }
    let members = state.store.members(&case.organization_id).await?;
    let Some(owner) = members.into_iter().find(|m| m.user_id == case.owner.user_id) else { return Ok(None) };
    let link = format!("{}/admin/cases/{}", super::public_base(&state.config, headers), case.id);
    Ok(Some(crate::mail::case_news(&owner, &what, &link)))
}

async fn render(
    state: &AppState,
    case: &StoredCase,
    company: &str,
    token: &str,
    headers: &HeaderMap,
    status: StatusCode,
    note: Option<&str>,
) -> Result<Response, ApiError> {
    let survey = state.store.survey(&case.survey_id).await?.ok_or(ApiError::NotFound)?;
    // The language they answered in, else the survey's that the browser prefers.
    let answered = state.store.answers_of(&case.survey_id, &case.response_id).await?.and_then(|raw| raw.language);
    let language = super::translated::reader_language(&survey.survey, answered.as_deref(), headers);
    let words = conversation_strings(&language);
    let messages = state.store.case_messages(&case.id).await?;
    let fill = |text: &str| {
        escape_html(
            &text
                .replace("{owner}", &case.owner.name)
                .replace("{company}", company)
                .replace("{survey}", survey.survey.in_language(&language).title()),
        )
    };
    let thread: String = messages
        .iter()
        .map(|m| {
            let (class, who) = match m.from {
                MessageFrom::Owner => ("owner", m.author.clone().unwrap_or_else(|| case.owner.name.clone())),
                MessageFrom::Customer => ("you", words.you.to_owned()),
            };
            format!(
                r#"<li class="{class}"><p class="who">{} · <time>{}</time></p><p class="body">{}</p></li>"#,
                escape_html(&who),
                hearback_core::trend::moment(m.at),
                escape_html(&m.body).replace('\n', "<br>")
            )
        })
        .collect();
    let has_owner_message = messages.iter().any(|m| m.from == MessageFrom::Owner);
    let waiting = (!has_owner_message).then(|| format!(r#"<p class="muted">{}</p>"#, fill(words.waiting)));
    let said = note.map(|n| match n {
        "sent" => fill(words.sent),
        "yes" => fill(words.thanks_yes),
        "no" => fill(words.thanks_no),
        _ => fill(words.empty),
    });
    let role = if status.is_success() { "status" } else { "alert" };
    let said = said.map(|s| format!(r#"<p class="note" role="{role}">{s}</p>"#)).unwrap_or_default();
    let ask = case.status == CaseStatus::Resolved && case.resolved_answer.is_none();
    let body = body(&words, &fill, token, case.status.closed() && !ask, ask);
    let nonce = new_nonce();
    let dir = direction(&language);
    let html = format!(
        r#"<!doctype html><html lang="{language}" dir="{dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style nonce="{nonce}">
body {{ font: 1rem/1.5 system-ui, sans-serif; margin: 0; color: #1f2328; background: #f6f8fa; }}
main {{ max-width: 40rem; margin: 0 auto; padding: 1.5rem 1rem; }}
h1 {{ font-size: 1.4rem; margin: 0 0 .5rem; }} h2 {{ font-size: 1.1rem; }}
ol {{ list-style: none; padding: 0; }} li {{ background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: .5rem .9rem; margin: 0 0 .75rem; }}
li.you {{ background: #eef6ff; margin-inline-start: 2rem; }} .who {{ margin: 0; font-size: .85rem; color: #57606a; }} .body {{ margin: .25rem 0 0; }}
.muted {{ color: #57606a; }} .note {{ background: #fff8c5; border: 1px solid #d4a72c; border-radius: 6px; padding: .5rem .75rem; }}
textarea {{ width: 100%; box-sizing: border-box; font: inherit; padding: .5rem; border: 1px solid #8c959f; border-radius: 6px; }}
button {{ font: inherit; padding: .45rem 1.1rem; border-radius: 6px; border: 1px solid #1f6feb; background: #0b57d0; color: #fff; cursor: pointer; margin-inline-end: .5rem; }}
button.secondary {{ background: #fff; color: #0b57d0; }}
fieldset {{ border: 1px solid #d0d7de; border-radius: 8px; padding: .75rem 1rem; }}
</style></head><body><main>
<h1>{title}</h1>
<p>{intro}</p>
{said}
<ol aria-label="{title}">{thread}</ol>
{waiting}
{body}
</main></body></html>"#,
        title = fill(words.title),
        intro = fill(words.intro),
        waiting = waiting.unwrap_or_default(),
    );
    Ok(html_page(status, html, &nonce, "'none'", ""))
}

/// What the customer can do now: answer, say whether it was resolved, or nothing (closed).
fn body(words: &ConversationStrings, fill: &dyn Fn(&str) -> String, token: &str, closed: bool, ask: bool) -> String {
    let token = escape_html(token);
    if ask {
        return format!(
            r#"<form method="post" action="/c/{token}/resolved"><fieldset><legend><h2>{resolved}</h2></legend>
<button type="submit" name="resolved" value="yes">{yes}</button><button type="submit" class="secondary" name="resolved" value="no">{no}</button></fieldset></form>"#,
            resolved = fill(words.resolved),
            yes = fill(words.yes),
            no = fill(words.no),
        );
    }
    if closed {
        return format!(r#"<p class="muted">{}</p>"#, fill(words.closed));
    }
    format!(
        r#"<form method="post" action="/c/{token}"><p><label for="answer">{answer}</label></p>
<textarea id="answer" name="body" rows="5" maxlength="{MAX_MESSAGE_LEN}" required></textarea>
<p><button type="submit">{send}</button></p></form>"#,
        answer = fill(words.answer),
        send = fill(words.send),
    )
}

/// A message the mail service received for the reply domain, as it posts it.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InboundMessage {
    /// The recipients (`reply+…@domain` among them), each `address` or `Name <address>`.
    pub to: Vec<String>,
    /// The sender, `address` or `Name <address>`.
    pub from: String,
    /// The plain text body; what follows the quoted message (`>` lines, "On … wrote:") is dropped.
    pub text: String,
}

/// The address of `Name <address>` or of a bare address, as written.
fn mailbox_address(mailbox: &str) -> &str {
    mailbox.rsplit_once('<').and_then(|(_, rest)| rest.split_once('>')).map_or(mailbox, |(a, _)| a).trim()
}

/// The same, lower-cased, to compare with a kept address.
fn address_of(mailbox: &str) -> String {
    mailbox_address(mailbox).to_ascii_lowercase()
}

/// The reply itself: the lines before the quoted message a mail program adds below it.
pub(crate) fn fresh_text(text: &str) -> String {
    let quoted = |line: &str| {
        let line = line.trim();
        line.starts_with('>')
            || line.starts_with("-----Original Message-----")
            || (line.starts_with("On ") && line.ends_with("wrote:"))
    };
    text.lines().take_while(|line| !quoted(line)).collect::<Vec<_>>().join("\n").trim().to_owned()
}

/// A customer's e-mail reply
///
/// The mail service of the reply domain (`--reply-domain`) posts each message it receives, with
/// `--inbound-mail-secret` as a bearer token. A reply to `reply+TOKEN@domain` from the case's
/// customer joins the case's conversation, without the quoted message below it.
#[utoipa::path(
    post,
    path = "/api/v1/inbound-mail",
    tag = "inbound",
    request_body = InboundMessage,
    responses(
        (status = 204, description = "Taken into the case"),
        (status = 400, description = "Not a message of this shape", body = super::openapi::Error),
        (status = 401, description = "Not the inbound secret", body = super::openapi::Error),
        (status = 404, description = "Inbound mail is not set up, or no such conversation", body = super::openapi::Error),
        (status = 409, description = "The conversation was withdrawn", body = super::openapi::Error),
        (status = 422, description = "No reply address among the recipients, not from the customer, or empty", body = super::openapi::Error),
    )
)]
pub async fn inbound(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: super::extract::JsonBody<InboundMessage>,
) -> Result<StatusCode, ApiError> {
    let Some(inbound) = &state.config.inbound_mail else { return Err(ApiError::NotFound) };
    if !super::extract::bearer_is(&headers, &inbound.secret) {
        return Err(ApiError::Unauthorized);
    }
    let mail = body.value;
    let suffix = format!("@{}", inbound.domain.to_ascii_lowercase());
    // The token is the local part's tail, as written: it is case-sensitive.
    let token = mail.to.iter().find_map(|to| {
        let (local, domain) = mailbox_address(to).rsplit_once('@')?;
        (format!("@{}", domain.to_ascii_lowercase()) == suffix).then_some(local.strip_prefix("reply+")?.to_owned())
    });
    let token = token.ok_or_else(|| ApiError::Invalid(format!("no reply+…{suffix} address among the recipients")))?;
    let (case, _) = case_of(&state, &token).await?;
    if let Some(kept) = state.store.case_address(&case.id).await? {
        if address_of(&mail.from) != kept {
            return Err(ApiError::Invalid("the reply does not come from the customer's address".into()));
        }
    }
    let text = message_text(&fresh_text(&mail.text)).ok_or_else(|| {
        ApiError::Invalid(format!("the reply has no text of its own (1 to {MAX_MESSAGE_LEN} characters)"))
    })?;
    // The owner has the e-mail already (Reply-To names them too): no notice.
    customer_writes(&state, &case, &text, None).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_keeps_its_own_lines_and_drops_the_quoted_message() {
        let text = "Thanks, that helps.\nCall me after 5.\n\nOn Tue, 1 Dec 2026, Dana Reyes wrote:\n> Hello Ann";
        assert_eq!(fresh_text(text), "Thanks, that helps.\nCall me after 5.");
        assert_eq!(fresh_text("> only quoted"), "");
        assert_eq!(fresh_text("Yes\n-----Original Message-----\nFrom: Dana"), "Yes");
        assert_eq!(address_of("Ann Example <Ann@Example.com>"), "ann@example.com");
        assert_eq!(address_of(" ann@example.com "), "ann@example.com");
    }
}
