//! The HTTP surface: `app(state)` builds the whole router; each module adds its routes.

pub mod admin;
pub mod error;
pub mod extract;
pub mod filters;
pub mod follow;
pub mod limits;
pub mod openapi;
pub mod publication;
mod receipts;
pub mod results;
pub mod surveys;
pub mod widget_page;

use crate::store::Store;
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::Router;
use error::ApiError;
use std::path::Path;
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::{SetResponseHeader, SetResponseHeaderLayer};
use tower_http::trace::TraceLayer;
use widget_page::WidgetTemplate;

/// What every handler may use. Holds nothing another instance would need: all state is in the store.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub widget: Arc<WidgetTemplate>,
    pub config: Arc<HttpConfig>,
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
    /// The privacy rules results are shown under.
    pub privacy: hearback_core::privacy::Privacy,
    /// How fast one client may write through the public endpoints; none in tests that do not
    /// test it.
    pub limits: Option<limits::Limits>,
    /// Behind a proxy: a client's address is the last of `X-Forwarded-For` (see `limits`).
    pub trust_forwarded_for: bool,
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
    // Trunk puts a content hash in every asset's name, so an asset never changes under its URL.
    // The build compresses each asset at the highest levels; ServeDir sends those files as they are.
    let files = ServeDir::new(dist).precompressed_br().precompressed_gzip();
    let assets = Router::new().fallback_service(files).layer(SetResponseHeaderLayer::overriding(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    ));
    let limiters = state.config.limits.as_ref().map(|l| limits::Limiters::new(l, state.config.trust_forwarded_for));
    Router::new()
        .merge(surveys::router(limiters.as_ref()))
        .merge(admin::router(dist))
        .merge(widget_page::router(limiters.as_ref()))
        .route_service("/embed.js", embed_js(dist))
        .nest("/assets", assets)
        .fallback(|| async { ApiError::NotFound })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(DefaultBodyLimit::max(extract::BODY_LIMIT))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
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
