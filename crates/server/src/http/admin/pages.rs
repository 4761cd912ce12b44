//! The admin app's pages: the app itself (one HTML page for every `/admin` path; the app routes
//! in the browser) and the live preview of a survey, which is the real widget page.

use super::auth::Actor;
use crate::http::error::ApiError;
use crate::http::widget_page::{html_page, new_nonce, PageOptions, NONCE_PLACEHOLDER};
use crate::http::AppState;
use crate::store::accounts::Role;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use hearback_web::widget::plain::PlainForm;
use std::sync::Arc;

pub fn router(dist: &std::path::Path) -> Router<AppState> {
    // Read once: Trunk's page, with the nonce placeholder filled per response.
    let page = Arc::new(std::fs::read_to_string(dist.join("admin/index.html")).ok());
    let home = page.clone();
    let app = move |Path(path): Path<String>| {
        let page = page.clone();
        // An unknown API address is the API's JSON 404, not the app.
        async move {
            if path.starts_with("api/") {
                ApiError::NotFound.into_response()
            } else {
                app_page(page.as_deref())
            }
        }
    };
    Router::new()
        .route("/admin", get(move || async move { app_page(home.as_deref()) }))
        .route("/admin/{*path}", get(app))
        .route("/admin/preview/{id}", get(preview))
}

fn app_page(page: Option<&str>) -> Response {
    let Some(page) = page else {
        let message = "The admin app is not built here: run `make web`.";
        return (StatusCode::SERVICE_UNAVAILABLE, message).into_response();
    };
    let nonce = new_nonce();
    html_page(StatusCode::OK, page.replace(NONCE_PLACEHOLDER, &nonce), &nonce, "'none'", "; frame-src 'self'")
}

/// A survey as respondents will see it, drafts included, for the organisation's members only;
/// framed by the admin app alone.
async fn preview(State(state): State<AppState>, actor: Actor, Path(id): Path<String>) -> Result<Response, ApiError> {
    actor.require(Role::Viewer)?;
    let stored = super::surveys::owned(&state, &actor, &id).await?;
    let nonce = new_nonce();
    let options =
        PageOptions { plain: PlainForm { key: new_nonce(), ..PlainForm::default() }, ..PageOptions::default() };
    let page = state.widget.survey_page(&stored, &options, &nonce);
    Ok(html_page(StatusCode::OK, page, &nonce, "'self'", ""))
}
