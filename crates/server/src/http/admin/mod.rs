//! The admin API under `/admin/api`: companies sign up, manage their members and API tokens,
//! and write and publish their surveys. Never framed, no CORS (the admin app is served from this
//! same origin), nothing cached, no state change on GET.

pub mod accounts;
pub mod auth;
mod export;
mod owned;
mod pages;
pub mod plans;
mod publication;
mod quotes;
mod replies;
pub mod surveys;

use super::error::ApiError;
use super::AppState;
use crate::http::results::Read;
use axum::http::{header, HeaderValue};
use axum::routing::{delete, get, post, put};
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;

pub fn router(dist: &std::path::Path) -> Router<AppState> {
    let api = Router::new()
        .route("/signup", post(accounts::sign_up))
        .route("/login", post(accounts::log_in))
        .route("/logout", post(accounts::log_out))
        .route("/me", get(accounts::me))
        .route("/members", get(accounts::members))
        .route("/members/{user}", put(accounts::set_role).delete(accounts::remove_member))
        .route("/invites", post(accounts::invite))
        .route("/invites/{token}/accept", post(accounts::accept_invite))
        .route("/tokens", get(accounts::tokens).post(accounts::create_token))
        .route("/tokens/{id}", delete(accounts::revoke_token))
        .route("/surveys", get(surveys::list).post(surveys::create))
        .route("/surveys/{id}", get(surveys::get).put(surveys::update))
        .route("/surveys/{id}/status", post(surveys::set_status))
        .route("/surveys/{id}/secret", post(surveys::rotate_secret))
        .route("/surveys/{id}/responses", get(surveys::responses))
        .route("/surveys/{id}/responses/{response}", get(surveys::response).delete(surveys::delete_response))
        .route("/surveys/{id}/export", get(surveys::export))
        .route("/surveys/{id}/results", get(|s, o, q| surveys::read(Read::Results, s, o, q)))
        .route("/surveys/{id}/results/trend", get(|s, o, q| surveys::read(Read::Trend, s, o, q)))
        .route("/surveys/{id}/results/breakdown", get(|s, o, q| surveys::read(Read::Breakdown, s, o, q)))
        .route("/surveys/{id}/webhooks", get(surveys::webhooks).post(surveys::create_webhook))
        .route("/surveys/{id}/webhooks/{hook}", delete(surveys::delete_webhook))
        .route("/surveys/{id}/plans", get(plans::list).post(plans::create))
        .route("/surveys/{id}/plans/{plan}", put(plans::update).delete(plans::delete))
        .route("/surveys/{id}/plans/{plan}/updates", post(plans::add_update))
        .route("/surveys/{id}/quotes", get(quotes::quotes).post(quotes::approve_quote))
        .route("/surveys/{id}/replies", get(replies::list))
        .route("/surveys/{id}/plans/{plan}/follow-up", put(replies::set_follow_up).delete(replies::remove_follow_up))
        .route("/surveys/{id}/replies/{reply}/answer", post(replies::answer))
        .route("/surveys/{id}/quotes/{quote}", delete(quotes::withdraw_quote))
        .route(
            "/surveys/{id}/publication",
            get(publication::state_of).post(publication::publish).delete(publication::unpublish),
        )
        .fallback(|| async { ApiError::NotFound });
    let api = Router::new()
        .nest("/admin/api", api)
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        ))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
    api.merge(pages::router(dist))
}
