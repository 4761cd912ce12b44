//! Taking an answer, shared by the API's submissions and saves and the widget page's plain form
//! post: the survey if it takes answers, the customer the host page vouches for, and storing a
//! finished response. A leaf: it imports no handler module.

use super::error::ApiError;
use super::AppState;
use crate::identity::{self, Customer, CustomerInput};
use crate::store::schedules::Gate;
use crate::store::{IdempotencyKey, Inserted, StoredSurvey, SurveyStatus};
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
    Ok(id)
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
