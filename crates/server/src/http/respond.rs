//! Taking an answer, shared by the API's submissions and saves and the widget page's plain form
//! post: the survey if it takes answers, the customer the host page vouches for, and storing a
//! finished response. A leaf: it imports no handler module.

use super::error::ApiError;
use super::AppState;
use crate::identity::{self, Customer, CustomerInput};
use crate::store::details::KeptDetails;
use crate::store::schedules::Gate;
use crate::store::{IdempotencyKey, Inserted, Save, Saved, StoredSurvey, SurveyStatus};
use hearback_core::{Completion, InvalidResponse, RawResponse, Response};

/// The customer behind a response, as far as the survey believes the host page.
pub(crate) fn check_customer(stored: &StoredSurvey, input: Option<&CustomerInput>) -> Result<Customer, ApiError> {
    let Some(input) = input else { return Ok(Customer::default()) };
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    identity::verify(input, &stored.identity_secret, stored.survey.unsigned_customers(), now)
        .map_err(ApiError::Customer)
}

/// Parses and stores a finished response to a live survey; shared by the API and the widget's
/// plain form post. Returns the response id, which exists in the database by the time this
/// returns.
pub(crate) async fn store_response(
    state: &AppState,
    stored: &StoredSurvey,
    raw: &RawResponse,
    key: Option<&IdempotencyKey>,
    customer: &Customer,
) -> Result<String, ApiError> {
    let response = Response::parse_with(&stored.survey, raw, &customer.known(), Completion::Complete)
        .and_then(|r| r.in_language(&stored.survey, raw.language.clone()))
        .map_err(invalid_response)?;
    let reply = super::cases::reply_of(&response, customer)?;
    let id = match state.store.insert_response(&stored.survey, &response, key, customer).await? {
        Inserted::New(id) => {
            metrics::counter!(super::metrics::RESPONSES_STORED, "state" => "complete").increment(1);
            crate::schedules::close_if_over(state.store.as_ref(), stored).await;
            id
        }
        Inserted::Replayed(id) => id,
    };
    // After the answer is safe: a retry of a submission whose case failed to open opens it.
    super::cases::open_for(state, stored, &id, &response, reply).await?;
    keep_details(state, stored, &id, &response).await?;
    Ok(id)
}

/// Keeps the contact details a response gave, apart from its answers, with the purpose its
/// question states; before the response is acknowledged, so a retry keeps them if this failed.
async fn keep_details(state: &AppState, stored: &StoredSurvey, id: &str, response: &Response) -> Result<(), ApiError> {
    let Some((question, details)) = response.details() else { return Ok(()) };
    let given = details.given();
    let purpose = stored.survey.question(question.as_str()).and_then(|q| match &q.kind {
        hearback_core::QuestionKind::Rare(hearback_core::rare::Rare::Details { purpose, .. }) => {
            Some(purpose.as_str().to_owned())
        }
        _ => None,
    });
    let (Some(purpose), false) = (purpose, given.is_empty()) else { return Ok(()) };
    let kept = KeptDetails {
        response_id: id.to_owned(),
        survey_id: stored.survey.id().to_string(),
        question_id: question.to_string(),
        purpose,
        name: details.name.clone(),
        email: details.email.clone(),
        phone: details.phone.clone(),
        company: details.company.clone(),
        created_at: crate::store::now_millis(),
    };
    Ok(state.store.keep_details(&kept).await?)
}

/// Whether `key` may name a response: 1 to 64 letters, digits and dashes (a UUID).
pub(crate) fn is_response_key(key: &str) -> bool {
    (1..=64).contains(&key.len()) && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// How a keyed save went: the response's id, whether it is finished, and whether the save was
/// older than what is stored (and so changed nothing).
pub(crate) struct KeyedSave {
    pub id: String,
    pub complete: bool,
    pub stale: bool,
}

/// Saves a response under its key, on the way or finished (the key is then the respondent's
/// receipt): the API's saves and the pages of a survey the server steps through. A finished
/// response that asks to be e-mailed has an address to be e-mailed at, and opens its case.
pub(crate) async fn save_keyed(state: &AppState, stored: &StoredSurvey, save: Save<'_>) -> Result<KeyedSave, ApiError> {
    let reply = if save.complete { super::cases::reply_of(save.response, save.customer)? } else { None };
    let (response, complete) = (save.response, save.complete);
    match state.store.save_response(&stored.survey, save).await? {
        // A finished response's webhooks were queued in the transaction that stored it.
        Saved::Stored(id) => {
            let counted = if complete { "complete" } else { "partial" };
            metrics::counter!(super::metrics::RESPONSES_STORED, "state" => counted).increment(1);
            if complete {
                crate::schedules::close_if_over(state.store.as_ref(), stored).await;
                super::cases::open_for(state, stored, &id, response, reply).await?;
            }
            keep_details(state, stored, &id, response).await?;
            Ok(KeyedSave { id, complete, stale: false })
        }
        Saved::Replayed(id) => {
            super::cases::open_for(state, stored, &id, response, reply).await?;
            keep_details(state, stored, &id, response).await?;
            Ok(KeyedSave { id, complete: true, stale: false })
        }
        Saved::Stale(id) => Ok(KeyedSave { id, complete: false, stale: true }),
        Saved::Completed => Err(ApiError::ResponseCompleted),
    }
}

pub(crate) fn invalid_response(invalid: InvalidResponse) -> ApiError {
    let fields = invalid
        .problems
        .iter()
        .map(|(question, problem)| (question.clone().unwrap_or_else(|| "answers".into()), problem.to_string()))
        .collect();
    ApiError::InvalidResponse { message: invalid.to_string(), fields }
}

/// The survey, if it exists and takes responses: live, and open by its schedule (which closes it
/// when it is over).
pub(crate) async fn live_survey(state: &AppState, id: &str) -> Result<StoredSurvey, ApiError> {
    let stored = state.store.survey(id).await?.ok_or_else(|| ApiError::SurveyNotFound(id.to_owned()))?;
    match stored.status {
        SurveyStatus::Live => match crate::schedules::gate(state.store.as_ref(), &stored).await? {
            Gate::Open => Ok(stored),
            Gate::NotYet(at) => Err(ApiError::SurveyNotOpen(at)),
            Gate::Over(_) => Err(ApiError::SurveyClosed),
        },
        SurveyStatus::Closed => Err(ApiError::SurveyClosed),
        // A draft is not published: to respondents it does not exist yet.
        SurveyStatus::Draft => Err(ApiError::SurveyNotFound(id.to_owned())),
    }
}
