//! The script of the "You said, we did" card (`widget_news.js`), which the widget page's own
//! script loads only for a respondent who holds a receipt: kept out of the page, so a first
//! visit does not pay for it. Served under a name made of its content's hash, cached for good.

use super::super::AppState;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

const NEWS_SCRIPT: &str = include_str!("../widget_news.js");

/// The card's script and the path it is served at.
#[derive(Debug, Clone)]
pub struct NewsScript {
    body: String,
    /// `/w-news/{hash}.js`.
    pub path: String,
}

impl NewsScript {
    /// The minified copy the front-end build left beside the widget page (`news.min.js`),
    /// else the source.
    pub fn load(widget_page: Option<&std::path::Path>) -> NewsScript {
        let body = minified_beside(widget_page, "news.min.js", NEWS_SCRIPT);
        let path = format!("/w-news/{}.js", &format!("{:x}", Sha256::digest(body.as_bytes()))[..12]);
        NewsScript { body, path }
    }
}

/// A script of the widget's pages as served: the minified copy `file` the front-end build left
/// beside the widget page, else `source` as written.
pub(super) fn minified_beside(widget_page: Option<&std::path::Path>, file: &str, source: &str) -> String {
    let minified = widget_page.and_then(|p| std::fs::read_to_string(p.with_file_name(file)).ok());
    minified.map_or_else(|| source.to_owned(), |m| m.trim_end().to_owned())
}

pub async fn news_script(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let news = &state.widget.news;
    if news.path.rsplit('/').next() != Some(file.as_str()) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let headers = [
        (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
        (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
    ];
    (headers, news.body.clone()).into_response()
}
