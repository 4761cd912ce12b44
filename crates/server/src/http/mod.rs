//! The HTTP surface: `app(state)` builds the whole router; each module adds its routes, and
//! [`layered`] puts the same layers around them all: a request id, a log span and an access log
//! line, metrics, a caught panic answered as a 500, compression, the body limit.

pub mod admin;
mod api;
mod cases;
pub(crate) mod conversation;
pub mod error;
pub mod extract;
mod feed;
pub mod filters;
pub mod follow;
pub mod health;
pub mod invited;
pub mod limits;
pub mod metrics;
mod notices;
pub mod openapi;
pub mod own_answers;
mod page;
pub mod publication;
mod published;
mod receipts;
pub mod request_id;
mod respond;
pub mod respondents;
pub mod results;
mod results_page;
pub mod surveys;
mod translated;
mod wall;
pub mod widget_page;

use crate::store::Store;
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use error::ApiError;
use std::path::Path;
use std::sync::Arc;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::{SetResponseHeader, SetResponseHeaderLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tower_http::LatencyUnit;
use widget_page::WidgetTemplate;

/// What every handler may use. Holds nothing another instance would need: all state is in the store.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub widget: Arc<WidgetTemplate>,
    pub config: Arc<HttpConfig>,
    /// What the background workers last said, for `/readyz`.
    pub workers: crate::workers::Health,
}

#[derive(Debug, Clone, Default)]
pub struct HttpConfig {
    /// When set, results are served to holders of this bearer token only.
    pub results_token: Option<String>,
    /// Served over https (behind a TLS proxy): session cookies are `Secure` and `__Host-`.
    pub secure_cookies: bool,
    /// Webhooks may target internal addresses (tests, closed networks).
    pub allow_private_webhooks: bool,
    /// E-mail is sent (an SMTP server is configured): invitations are e-mailed too.
    pub send_mail: bool,
    /// Where people reach this server, for links in e-mail; else the request's own origin.
    pub public_url: Option<String>,
    /// How many days the audit log keeps entries (`None`: the default, a year).
    pub audit_retention_days: Option<u32>,
    /// The privacy rules results are shown under.
    pub privacy: hearback_core::privacy::Privacy,
    /// How fast one client may write through the public endpoints; none in tests that do not
    /// test it.
    pub limits: Option<limits::Limits>,
    /// Behind a proxy: a client's address is the last of `X-Forwarded-For` (see `limits`), and
    /// the proxy's `X-Request-Id` is the request's id (see `request_id`).
    pub trust_forwarded_for: bool,
    /// When set, `/metrics` is served on the main listener to holders of this bearer token.
    pub metrics_token: Option<String>,
    /// Customers' e-mail replies come back into their case (see `conversation::inbound`).
    pub inbound_mail: Option<InboundMail>,
}

/// Where customers' e-mail replies arrive: the owner's messages name `reply+TOKEN@domain` in
/// `Reply-To` beside the owner, and the mail service of `domain` posts what it receives to
/// `/api/v1/inbound-mail` with `secret`.
#[derive(Debug, Clone, Default)]
pub struct InboundMail {
    pub domain: String,
    pub secret: String,
}

/// Where people reach this server, for links in e-mail and feeds: `--public-url`, else the
/// origin the request came from (the admin app's), else its `Host`.
pub fn public_base(config: &HttpConfig, headers: &axum::http::HeaderMap) -> String {
    let header = |name| headers.get(name).and_then(|v: &axum::http::HeaderValue| v.to_str().ok());
    let base = match (&config.public_url, header(axum::http::header::ORIGIN), header(axum::http::header::HOST)) {
        (Some(url), _, _) => url.clone(),
        (None, Some(origin), _) => origin.to_owned(),
        (None, None, Some(host)) => format!("http://{host}"),
        (None, None, None) => String::new(),
    };
    base.trim_end_matches('/').to_owned()
}

/// The whole application. `dist` is Trunk's output folder, served under `/assets`.
pub fn app(state: AppState, dist: &Path) -> Router {
    let routes = routes(&state, dist);
    layered(routes, state)
}

/// Every route of the application, without the layers around them.
pub fn routes(state: &AppState, dist: &Path) -> Router<AppState> {
    // Trunk puts a content hash in every asset's name, so an asset never changes under its URL.
    // The build compresses each asset at the highest levels; ServeDir sends those files as they are.
    let files = ServeDir::new(dist).precompressed_br().precompressed_gzip();
    let assets = Router::new().fallback_service(files).layer(SetResponseHeaderLayer::overriding(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    ));
    let limiters =
        state.config.limits.as_ref().map(|l| limits::Limiters::new(l, state.config.trust_forwarded_for, &state.store));
    Router::new()
        .merge(api::router(limiters.as_ref()))
        .merge(admin::router(dist))
        .merge(widget_page::router(limiters.as_ref()))
        .merge(invited::router())
        .merge(results_page::router(dist))
        .merge(health::router())
        .route("/metrics", get(metrics::guarded))
        .route("/wall", get(wall::for_member))
        .route("/wall/{token}", get(wall::by_link))
        .route_service("/embed.js", embed_js(dist))
        .nest("/assets", assets)
        .fallback(|| async { ApiError::NotFound })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
}

/// `routes` inside the layers every request goes through (outermost last).
pub fn layered(routes: Router<AppState>, state: AppState) -> Router {
    let trust_proxy = state.config.trust_forwarded_for;
    routes
        .layer(DefaultBodyLimit::max(extract::BODY_LIMIT))
        // Pages and JSON made per request: brotli quality 5 costs the same time as tower-http's
        // default 4 here (well under a millisecond for a widget page) and sends 7% fewer bytes
        // (the widget page 5,520 -> 5,133 B); 10 and 11 would take 8-19 ms a page. The bundles
        // are compressed once at build time at 11.
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(5)))
        .layer(CatchPanicLayer::custom(panicked))
        .layer(axum::middleware::from_fn(metrics::track))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO).latency_unit(LatencyUnit::Micros)),
        )
        .layer(axum::middleware::from_fn_with_state(trust_proxy, request_id::assign))
        .with_state(state)
}

/// `/metrics` alone, for a listener of its own (`--metrics-addr`) that only the operator reaches.
pub fn metrics_app(state: AppState) -> Router {
    Router::new().route("/metrics", get(metrics::scrape)).fallback(|| async { ApiError::NotFound }).with_state(state)
}

/// The span every log line of a request is written in: its id, method and route template (never
/// the path itself, which may hold a respondent's receipt).
fn request_span(request: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    let id = request.headers().get(&request_id::HEADER).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let route = request.extensions().get::<axum::extract::MatchedPath>().map_or("unmatched", |p| p.as_str());
    tracing::info_span!("request", request_id = %id, method = %request.method(), route = %route)
}

/// A handler that panicked fails its own request, as a 500 in the API's error shape: the cause
/// goes to the log, never to the client, and the server goes on serving.
fn panicked(cause: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    let message = cause
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| cause.downcast_ref::<&str>().copied())
        .unwrap_or("a panic without a message");
    ApiError::Internal(anyhow::anyhow!("a handler panicked: {message}")).into_response()
}

/// The script tag loader, as the build minified and compressed it (public/embed.js is the source).
fn embed_js(dist: &Path) -> SetResponseHeader<SetResponseHeader<ServeFile, HeaderValue>, HeaderValue> {
    let file = ServeFile::new(dist.join("embed.js")).precompressed_br().precompressed_gzip();
    let typed = SetResponseHeader::overriding(
        file,
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    // Not hashed (its URL is in companies' pages), so cached briefly.
    SetResponseHeader::overriding(typed, header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"))
}
