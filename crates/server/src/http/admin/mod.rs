//! The admin API under `/admin/api`: companies sign up, manage their members and API tokens,
//! and write and publish their surveys. Never framed, no CORS (the admin app is served from this
//! same origin), nothing cached, no state change on GET.

pub mod accounts;
mod attempts;
mod audience;
mod audit;
pub mod auth;
mod case_messages;
mod cases;
mod conversations;
mod details;
mod export;
mod invitations;
mod openapi;
mod owned;
mod pages;
pub mod plans;
mod publication;
mod quotes;
mod replies;
mod retention;
mod schedule;
mod security;
mod sessions;
pub mod signin;
mod sites;
pub mod surveys;
mod translations;
mod triage;
mod wall;
mod webhooks;

use super::error::ApiError;
use super::AppState;
use axum::http::{header, HeaderValue};
use axum::routing::get;
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;

/// The admin API under `/admin/api`, described by its handlers' own `utoipa::path` in the
/// document served at `/admin/api/openapi.json`, and the admin app's pages.
pub fn router(dist: &std::path::Path) -> Router<AppState> {
    use utoipa::OpenApi;
    use utoipa_axum::{router::OpenApiRouter, routes};
    let (api, document) = OpenApiRouter::with_openapi(openapi::AdminApiDoc::openapi())
        .routes(routes!(signin::sign_up))
        .routes(routes!(signin::log_in))
        .routes(routes!(signin::log_in_code))
        .routes(routes!(signin::log_out))
        .routes(routes!(accounts::me))
        .routes(routes!(accounts::members))
        .routes(routes!(accounts::set_role, accounts::remove_member))
        .routes(routes!(accounts::invite))
        .routes(routes!(accounts::accept_invite))
        .routes(routes!(accounts::tokens, accounts::create_token))
        .routes(routes!(accounts::revoke_token))
        .routes(routes!(security::status, security::enable))
        .routes(routes!(security::enrol))
        .routes(routes!(security::disable))
        .routes(routes!(security::renew_codes))
        .routes(routes!(security::set_requirement))
        .routes(routes!(security::change_password))
        .routes(routes!(sessions::mine))
        .routes(routes!(sessions::end))
        .routes(routes!(sessions::of_member, sessions::end_of_member))
        .routes(routes!(audit::log))
        .routes(routes!(cases::rules, cases::set_rules))
        .routes(routes!(cases::list))
        .routes(routes!(conversations::summary))
        .routes(routes!(conversations::set_goal))
        .routes(routes!(conversations::digest, conversations::set_digest))
        .routes(routes!(wall::create, wall::revoke))
        .routes(routes!(cases::get))
        .routes(routes!(cases::move_case))
        .routes(routes!(cases::link_plan))
        .routes(routes!(case_messages::write))
        .routes(routes!(case_messages::retention, case_messages::set_retention))
        .routes(routes!(cases::root_causes, cases::add_root_cause))
        .routes(routes!(surveys::list, surveys::create))
        .routes(routes!(surveys::get, surveys::update))
        .routes(routes!(surveys::set_status))
        .routes(routes!(surveys::rotate_secret))
        .routes(routes!(schedule::get, schedule::set))
        .routes(routes!(retention::get, retention::set))
        .routes(routes!(audience::get, audience::set))
        .routes(routes!(audience::fatigue, audience::set_fatigue))
        .routes(routes!(sites::list, sites::add))
        .routes(routes!(sites::set, sites::remove))
        .routes(routes!(invitations::invite, invitations::summary))
        .routes(routes!(invitations::mail_event))
        .routes(routes!(surveys::responses))
        .routes(routes!(surveys::response, surveys::delete_response))
        .routes(routes!(triage::set_tags))
        .routes(routes!(triage::add_note))
        .routes(routes!(surveys::export))
        .routes(routes!(details::list))
        .routes(routes!(surveys::results))
        .routes(routes!(surveys::trend))
        .routes(routes!(surveys::breakdown))
        .routes(routes!(webhooks::webhooks, webhooks::create_webhook))
        .routes(routes!(webhooks::delete_webhook))
        .routes(routes!(plans::list, plans::create))
        .routes(routes!(plans::update, plans::delete))
        .routes(routes!(plans::add_update))
        .routes(routes!(quotes::quotes, quotes::approve_quote))
        .routes(routes!(quotes::withdraw_quote))
        .routes(routes!(replies::list))
        .routes(routes!(replies::set_follow_up, replies::remove_follow_up))
        .routes(routes!(replies::answer))
        .routes(routes!(publication::state_of, publication::publish, publication::unpublish))
        .routes(routes!(translations::list))
        .routes(routes!(translations::save))
        .split_for_parts();
    let mut document = document;
    document.servers = Some(vec![utoipa::openapi::Server::new("/admin/api")]);
    crate::http::openapi::with_body_refusals(&mut document);
    // Serialized once: the document does not change while the server runs.
    let document = axum::body::Bytes::from(document.to_json().expect("the OpenAPI document serializes"));
    let json = [(header::CONTENT_TYPE, "application/json")];
    let api = api
        .route("/openapi.json", get(move || async move { (json, document) }))
        .fallback(|| async { ApiError::NotFound });
    let api = Router::new()
        .nest("/admin/api", api)
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(crate::http::page::NOTHING_RUNS),
        ))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
    api.merge(pages::router(dist))
}
