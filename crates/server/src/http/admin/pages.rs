//! The admin app's pages: the app itself (one HTML page for every `/admin` path; the app routes
//! in the browser) and the live preview of a survey, which is the real widget page: of a saved
//! survey, or of the builder's unsaved definition (sent in the address, so any instance can
//! answer and nothing is stored).

use super::auth::Actor;
use super::owned::{OwnedSurvey, Viewer};
use crate::http::error::ApiError;
use crate::http::page::{html_page, new_nonce, Cut};
use crate::http::widget_page::PageOptions;
use crate::http::AppState;
use crate::store::accounts::Role;
use crate::store::{StoredSurvey, SurveyStatus};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use hearback_core::survey::RawSurvey;
use hearback_core::Survey;
use hearback_web::widget::plain::PlainForm;
use std::sync::Arc;

pub fn router(dist: &std::path::Path) -> Router<AppState> {
    // Read once: Trunk's page, cut at its nonce placeholders (filled per response).
    let page = std::fs::read_to_string(dist.join("admin/index.html")).ok();
    let page = Arc::new(page.as_deref().map(Cut::whole));
    let home = page.clone();
    let app = move |Path(path): Path<String>| {
        let page = page.clone();
        // An unknown API address is the API's JSON 404, not the app.
        async move {
            if path.starts_with("api/") {
                ApiError::NotFound.into_response()
            } else {
                app_page(page.as_ref().as_ref())
            }
        }
    };
    Router::new()
        .route("/admin", get(move || async move { app_page(home.as_ref().as_ref()) }))
        .route("/admin/{*path}", get(app))
        .route("/admin/preview", get(preview_draft))
        .route("/admin/preview/{id}", get(preview))
}

fn app_page(page: Option<&Cut>) -> Response {
    let Some(page) = page else {
        let message = "The admin app is not built here: run `make web`.";
        return (StatusCode::SERVICE_UNAVAILABLE, message).into_response();
    };
    let nonce = new_nonce();
    html_page(StatusCode::OK, page.render(&[], &nonce), &nonce, "'none'", "; frame-src 'self'")
}

/// A survey as respondents will see it, drafts included, for the organisation's members only;
/// framed by the admin app alone.
async fn preview(
    State(state): State<AppState>,
    OwnedSurvey { stored, .. }: OwnedSurvey<Viewer>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let nonce = new_nonce();
    let options =
        PageOptions { plain: PlainForm { key: new_nonce(), ..PlainForm::default() }, ..PageOptions::default() };
    let page = state.widget.survey_page(&stored, &options, &nonce);
    Ok(super::super::widget_page::with_images(preview_page(page, &nonce, &headers), &stored.survey))
}

#[derive(Debug, serde::Deserialize)]
struct DraftQuery {
    definition: String,
    #[serde(default)]
    lang: Option<String>,
}

/// An unsaved definition as respondents would see it, in `lang` when given; a definition that
/// cannot be shown yet gets a page saying why (422), in place of the survey.
async fn preview_draft(
    State(state): State<AppState>,
    actor: Actor,
    headers: HeaderMap,
    Query(query): Query<DraftQuery>,
) -> Result<Response, ApiError> {
    actor.require(Role::Viewer)?;
    let nonce = new_nonce();
    let survey = serde_json::from_str::<RawSurvey>(&query.definition)
        .map_err(|err| err.to_string())
        .and_then(|raw| Survey::parse(raw).map_err(|err| err.to_string()));
    let survey = match survey {
        Ok(survey) => survey,
        Err(problem) => {
            let page = state.widget.message_page("This survey cannot be shown yet", &problem, &nonce);
            let mut response = preview_page(page, &nonce, &headers);
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            return Ok(response);
        }
    };
    let stored = StoredSurvey {
        survey,
        status: SurveyStatus::Draft,
        allowed_origins: Vec::new(),
        identity_secret: String::new(),
        organization: Some(actor.organization_id.clone()),
    };
    let options = PageOptions {
        plain: PlainForm { key: new_nonce(), ..PlainForm::default() },
        languages: query.lang.into_iter().collect(),
        ..PageOptions::default()
    };
    let page = state.widget.survey_page(&stored, &options, &nonce);
    Ok(super::super::widget_page::with_images(preview_page(page, &nonce, &headers), &stored.survey))
}

/// A preview is framed by the admin app alone, and sends nothing anywhere: the page may fetch
/// the widget's own files (its wasm) and nothing else, so answers given in it are never stored,
/// even for a live survey.
fn preview_page(page: String, nonce: &str, headers: &HeaderMap) -> Response {
    let mut response = html_page(StatusCode::OK, page, nonce, "'self'", "");
    // A host-source without a scheme takes the page's own scheme.
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).filter(|h| {
        !h.is_empty() && h.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '-' | '[' | ']'))
    });
    let assets = host.map_or("'none'".to_owned(), |host| format!("{host}/assets/widget/"));
    let policy = response.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap_or_default();
    let policy = policy
        .replace("connect-src 'self'", &format!("connect-src {assets}"))
        .replace("form-action 'self'", "form-action 'none'");
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_str(&policy).expect("the policy was a header value already"),
    );
    response
}
