//! The public API's routes (`/api/v1`): the handlers of `surveys`, `publication`, `receipts`,
//! `own_answers` and `follow` mounted with their OpenAPI descriptions, the writes under their
//! rate limits, and the pages of following by e-mail and the Atom feed. Only the application's root imports this.

use super::AppState;
use axum::http::header;
use axum::routing::get;
use axum::Router;

/// The public API (documented in [`super::openapi`] by the handlers' own `utoipa::path`), its
/// writes under `limiters` when there are some, and the pages of following by e-mail and the
/// Atom feed.
pub fn router(limiters: Option<&super::limits::Limiters>) -> Router<AppState> {
    use super::{follow, publication, receipts, surveys};
    use utoipa::OpenApi;
    use utoipa_axum::{router::OpenApiRouter, routes};
    let mut answers = OpenApiRouter::new()
        .routes(routes!(surveys::submit_response))
        .routes(routes!(surveys::save_response))
        .routes(routes!(receipts::answer_follow_up));
    let mut messages = OpenApiRouter::new()
        .routes(routes!(follow::follow))
        .routes(routes!(receipts::reply))
        .route("/r/{id}/follow", axum::routing::post(follow::follow_form))
        .route("/c/{token}", axum::routing::post(super::conversation::answer))
        .route("/c/{token}/resolved", axum::routing::post(super::conversation::resolved))
        .routes(routes!(super::conversation::inbound));
    if let Some(limiters) = limiters {
        use axum::middleware::from_fn_with_state;
        answers = answers.layer(from_fn_with_state(limiters.answers(), super::limits::limit));
        messages = messages.layer(from_fn_with_state(limiters.messages(), super::limits::limit));
    }
    let (api, document) = OpenApiRouter::with_openapi(super::openapi::ApiDoc::openapi())
        .routes(routes!(surveys::get_survey))
        .routes(routes!(surveys::results))
        .routes(routes!(surveys::results_trend))
        .routes(routes!(surveys::results_breakdown))
        .routes(routes!(publication::public))
        .routes(routes!(receipts::receipt))
        .routes(routes!(receipts::own_replies))
        .routes(routes!(super::own_answers::download, super::own_answers::delete))
        .merge(answers)
        .merge(messages)
        .split_for_parts();
    let mut document = document;
    super::openapi::with_body_refusals(&mut document);
    // Serialized once: the document does not change while the server runs.
    let document = axum::body::Bytes::from(document.to_json().expect("the OpenAPI document serializes"));
    let json = [(header::CONTENT_TYPE, "application/json")];
    api.route("/api/v1/openapi.json", get(move || async move { (json, document) }))
        .route("/r/{id}/feed.atom", get(super::feed::feed))
        .route("/c/{token}", get(super::conversation::page))
        .route("/f/confirm/{token}", get(follow::confirm_page).post(follow::confirm))
        .route("/f/unsubscribe/{token}", get(follow::unsubscribe_page).post(follow::unsubscribe))
}
