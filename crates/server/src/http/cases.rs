//! Opening the inner loop's cases as answers arrive: the first of a survey's rules that a finished
//! response matches opens its case, owned in turn by the rule's members who still belong to the
//! organisation, due that many business days later. A leaf: shared by every way an answer is
//! taken, it imports no handler module. Opening twice (a retried submission) opens one case.

use super::error::ApiError;
use super::AppState;
use crate::store::cases::NewCase;
use crate::store::StoredSurvey;
use hearback_core::Response;

pub(crate) async fn open_for(
    state: &AppState,
    stored: &StoredSurvey,
    response_id: &str,
    response: &Response,
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
    };
    state.store.open_case(&case).await?;
    Ok(())
}
