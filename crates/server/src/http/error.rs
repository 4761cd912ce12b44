//! The one error type of the HTTP API: each variant is one status and one stable `code`.

use super::openapi::{Error as ErrorBody, ErrorDetail};
use crate::identity::IdentityError;
use crate::store::StoreError;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    MalformedJson(String),
    /// The body's type is not one the route takes: which it takes.
    #[error("send the body as {0}")]
    UnsupportedMediaType(&'static str),
    #[error("the body is larger than {0} bytes")]
    PayloadTooLarge(usize),
    #[error("{0}")]
    BadRequest(&'static str),
    #[error("there is nothing at this address")]
    NotFound,
    #[error("this address does not take that method")]
    MethodNotAllowed,
    #[error("there is no survey `{0}`")]
    SurveyNotFound(String),
    #[error("the results of `{0}` are not published")]
    ResultsNotPublished(String),
    #[error("this server does not send e-mail")]
    MailUnavailable,
    #[error("this survey has closed and no longer takes responses")]
    SurveyClosed,
    #[error("this survey is not open yet: it opens at {}", crate::schedules::utc(*.0))]
    SurveyNotOpen(i64),
    #[error("{message}")]
    InvalidResponse { message: String, fields: BTreeMap<String, String> },
    #[error("this Idempotency-Key was already used with a different request")]
    IdempotencyKeyReused,
    #[error("a request with this Idempotency-Key is still being processed; retry shortly")]
    IdempotencyKeyInProgress,
    #[error("this response was finished with other answers and cannot change")]
    ResponseCompleted,
    #[error("{0}")]
    Customer(IdentityError),
    #[error("results are served to loopback clients, or with the results token when one is set")]
    ResultsForbidden,
    #[error("the service is briefly unavailable; retry shortly")]
    Unavailable,
    #[error("log in first")]
    Unauthorized,
    #[error("wrong e-mail address or password")]
    InvalidCredentials,
    #[error("too many failed log-ins; try again in {0} minutes")]
    TooManyAttempts(u64),
    #[error("too many requests from your address; wait {0} s, then try again")]
    TooManyRequests(u64),
    #[error("{0}")]
    Forbidden(&'static str),
    #[error("your organisation requires two-factor sign-in: set it up first (Account → Security)")]
    TwoFactorRequired,
    #[error("that code is wrong, used already, or from another time; use the current one from your app, or an unused recovery code")]
    InvalidCode,
    #[error("this request did not come from the Hearback app (Origin and CSRF token are checked)")]
    CsrfRejected,
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    WeakPassword(String),
    #[error("an account with this e-mail address exists; log in instead")]
    EmailTaken,
    #[error("an organisation keeps at least one owner")]
    LastOwner,
    #[error("this invitation link is unknown, expired or already used; ask for a new one")]
    InviteUnusable,
    #[error("{0}")]
    InvalidSurvey(String),
    #[error("the survey does not speak `{0}`: add the language to the survey first, then translate into it")]
    LanguageNotInSurvey(String),
    #[error("a survey with the id `{0}` exists; choose another id")]
    SurveyIdTaken(String),
    #[error("{0}")]
    Conflict(String),
    #[error("this needs the receipt the survey gave you when you answered; open these results from its thank-you")]
    ReceiptRequired,
    #[error("this receipt is not one of this survey's: open these results from the thank-you of your own answers")]
    ReceiptInvalid,
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl ApiError {
    pub fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::MalformedJson(_) => (StatusCode::BAD_REQUEST, "malformed_json"),
            ApiError::UnsupportedMediaType(_) => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
            ApiError::PayloadTooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            ApiError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            ApiError::NotFound => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            ApiError::SurveyNotFound(_) => (StatusCode::NOT_FOUND, "survey_not_found"),
            ApiError::ResultsNotPublished(_) => (StatusCode::NOT_FOUND, "results_not_published"),
            ApiError::MailUnavailable => (StatusCode::SERVICE_UNAVAILABLE, "mail_unavailable"),
            ApiError::SurveyClosed => (StatusCode::GONE, "survey_closed"),
            ApiError::SurveyNotOpen(_) => (StatusCode::NOT_FOUND, "survey_not_open"),
            ApiError::InvalidResponse { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_response"),
            ApiError::IdempotencyKeyReused => (StatusCode::UNPROCESSABLE_ENTITY, "idempotency_key_reused"),
            ApiError::IdempotencyKeyInProgress => (StatusCode::CONFLICT, "idempotency_key_in_progress"),
            ApiError::ResponseCompleted => (StatusCode::CONFLICT, "response_completed"),
            ApiError::Customer(err) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                match err {
                    IdentityError::BadSignature => "customer_signature_invalid",
                    IdentityError::Expired => "customer_token_expired",
                    IdentityError::Malformed(_) => "customer_token_malformed",
                    IdentityError::Unsigned => "customer_unverified",
                    IdentityError::Invalid(_) => "customer_invalid",
                },
            ),
            ApiError::ResultsForbidden => (StatusCode::FORBIDDEN, "results_forbidden"),
            ApiError::Unavailable => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
            ApiError::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            ApiError::InvalidCredentials => (StatusCode::UNAUTHORIZED, "invalid_credentials"),
            ApiError::TooManyAttempts(_) => (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts"),
            ApiError::TooManyRequests(_) => (StatusCode::TOO_MANY_REQUESTS, "too_many_requests"),
            ApiError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            ApiError::CsrfRejected => (StatusCode::FORBIDDEN, "csrf_rejected"),
            ApiError::TwoFactorRequired => (StatusCode::FORBIDDEN, "two_factor_required"),
            ApiError::InvalidCode => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_code"),
            ApiError::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_input"),
            ApiError::WeakPassword(_) => (StatusCode::UNPROCESSABLE_ENTITY, "weak_password"),
            ApiError::EmailTaken => (StatusCode::CONFLICT, "email_taken"),
            ApiError::LastOwner => (StatusCode::CONFLICT, "last_owner"),
            ApiError::InviteUnusable => (StatusCode::GONE, "invite_unusable"),
            ApiError::InvalidSurvey(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_survey"),
            ApiError::LanguageNotInSurvey(_) => (StatusCode::UNPROCESSABLE_ENTITY, "language_not_in_survey"),
            ApiError::SurveyIdTaken(_) => (StatusCode::CONFLICT, "survey_id_taken"),
            ApiError::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
            ApiError::ReceiptRequired => (StatusCode::UNAUTHORIZED, "receipt_required"),
            ApiError::ReceiptInvalid => (StatusCode::FORBIDDEN, "receipt_invalid"),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> ApiError {
        match err {
            StoreError::KeyReused => ApiError::IdempotencyKeyReused,
            StoreError::KeyInProgress => ApiError::IdempotencyKeyInProgress,
            StoreError::NotFound => ApiError::NotFound,
            StoreError::LastOwner => ApiError::LastOwner,
            StoreError::InviteUnusable => ApiError::InviteUnusable,
            StoreError::Unavailable(cause) => {
                tracing::warn!(error = %cause, "database unavailable");
                ApiError::Unavailable
            }
            other => ApiError::Internal(other.into()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        if let ApiError::Internal(cause) = &self {
            // The cause is for the operator's log, never for the client.
            tracing::error!(error = ?cause, "internal error");
        }
        let fields = match &self {
            ApiError::InvalidResponse { fields, .. } => Some(fields.clone()),
            _ => None,
        };
        let request_id = super::request_id::current();
        let error = ErrorDetail { code: code.to_owned(), message: self.to_string(), fields, request_id };
        let mut response = (status, axum::Json(ErrorBody { error })).into_response();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from_static("2"));
        }
        if let ApiError::TooManyAttempts(minutes) = &self {
            response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from(minutes * 60));
        }
        if let ApiError::TooManyRequests(seconds) = &self {
            response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from(*seconds));
        }
        response
    }
}
