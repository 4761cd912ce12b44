//! Opening the inner loop's cases as answers arrive: the first of a survey's rules that a finished
//! response matches opens its case, owned in turn by the rule's members who still belong to the
//! organisation, due that many business days later. A leaf: shared by every way an answer is
//! taken, it imports no handler module. Opening twice (a retried submission) opens one case.
//!
//! A respondent who asked to hear back gets a conversation page (its secret made here), and the
//! address they gave, or that the company's signed details carry, is kept with the case: only
//! when a case opens, as the consent was to follow up, and never with the answers.

use super::error::ApiError;
use super::AppState;
use crate::identity::Customer;
use crate::store::cases::{NewCase, ReplyVia};
use crate::store::StoredSurvey;
use hearback_core::contact::{email_address, Contact, KNOWN_EMAIL};
use hearback_core::Response;

/// How a respondent asked to hear back, with the address to write to (none for "here"). A
/// choice of e-mail with no address given needs one the company's signed details carry.
pub(crate) fn reply_of(
    response: &Response,
    customer: &Customer,
) -> Result<Option<(ReplyVia, Option<String>)>, ApiError> {
    let Some((question, contact)) = response.contact() else { return Ok(None) };
    Ok(match contact {
        Contact::No => None,
        Contact::Here => Some((ReplyVia::Here, None)),
        Contact::Email(Some(address)) => Some((ReplyVia::Email, Some(address.clone()))),
        Contact::Email(None) => {
            let known = customer.known().get(KNOWN_EMAIL).and_then(|a| email_address(a));
            let address = known.ok_or_else(|| {
                let question = question.to_string();
                let problem = hearback_core::ResponseError::NoAddress.to_string();
                ApiError::InvalidResponse {
                    message: format!("question `{question}`: {problem}"),
                    fields: [(question, problem)].into_iter().collect(),
                }
            })?;
            Some((ReplyVia::Email, Some(address)))
        }
    })
}

pub(crate) async fn open_for(
    state: &AppState,
    stored: &StoredSurvey,
    response_id: &str,
    response: &Response,
    reply: Option<(ReplyVia, Option<String>)>,
) -> Result<(), ApiError> {
    let Some(organization_id) = stored.organization.as_deref() else { return Ok(()) };
    let survey_id = stored.survey.id().as_str();
    let rules = state.store.case_rules(survey_id).await?;
    let Some((rule, matched)) = rules.iter().enumerate().find(|(_, rule)| rule.opens_for(response)) else {
        return Ok(());
    };
    let members = state.store.members(organization_id).await?;
    let belongs = |user: &str| members.iter().any(|m| m.user_id == user);
    let owners: Vec<String> = matched.owners.iter().filter(|o| belongs(o)).cloned().collect();
    if owners.is_empty() {
        tracing::warn!(survey = survey_id, rule, "no owner of this rule is a member any more; no case opened");
        return Ok(());
    }
    let now = crate::store::now_millis();
    let token = reply.as_ref().map(|_| super::admin::auth::new_secret());
    let case = NewCase {
        id: &crate::store::ordered_id(),
        organization_id,
        survey_id,
        response_id,
        rule,
        owners: &owners,
        escalate_to: matched.escalate_to.as_deref().filter(|e| belongs(e)),
        opened_at: now,
        due_at: hearback_core::case::due_at(now, matched.due_business_days),
        reply: reply.as_ref().map(|(via, _)| *via).zip(token.as_deref()),
        address: reply.as_ref().and_then(|(_, address)| address.as_deref()),
    };
    state.store.open_case(&case).await?;
    Ok(())
}
