//! The shell every HTML page the server writes shares: a strict Content Security Policy with a
//! fresh nonce per response, the headers that keep pages out of caches and referrers, HTML
//! escaping, and Trunk's pages made to paint at once (their stylesheets put in the page). A leaf:
//! it imports no handler module.

use anyhow::Context;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// What Trunk writes into its nonce attributes with `create_nonce = true`.
pub(crate) const NONCE_PLACEHOLDER: &str = "{{__TRUNK NONCE__}}";

/// An HTML page under a strict policy: scripts only from here or with the nonce, nothing else
/// from elsewhere. `frame_ancestors` is who may frame it; `more` adds directives (e.g. the admin
/// app's `frame-src 'self'` for its preview).
pub(crate) fn html_page(status: StatusCode, page: String, nonce: &str, frame_ancestors: &str, more: &str) -> Response {
    let csp = format!(
        "default-src 'none'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self' 'nonce-{nonce}'; \
         img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; \
         frame-ancestors {frame_ancestors}{more}"
    );
    let mut response = (status, page).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_str(&csp).expect("origins and nonces are header-safe"),
    );
    response
}

/// The policy of what is not a page (JSON, the HTML a page's script fetches and puts in itself):
/// opened on its own, nothing in it runs or loads, and nobody frames it.
pub(crate) const NOTHING_RUNS: &str = "default-src 'none'; frame-ancestors 'none'";

/// HTML a page's script fetches and puts into itself (that page's policy governs it there).
pub(crate) fn html_fragment(html: String) -> Response {
    let mut response = (StatusCode::OK, html).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(NOTHING_RUNS));
    response
}

/// At most this many languages are read from a request: a header of hundreds is no one's.
const MAX_PREFERENCES: usize = 20;

/// The languages a reader prefers, first first: the page's `lang` parameter when given, then
/// the browser's `Accept-Language` (its tags, in the order sent; weights are not read). A page
/// picks the first its survey speaks, else the survey's default.
pub(crate) fn preferred_languages(lang: Option<&str>, headers: &axum::http::HeaderMap) -> Vec<String> {
    let mut languages: Vec<String> = lang.into_iter().map(str::to_owned).collect();
    if let Some(accept) = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()) {
        languages.extend(accept.split(',').filter_map(|part| part.split(';').next()).map(|l| l.trim().to_owned()));
    }
    languages.truncate(MAX_PREFERENCES);
    languages
}

pub(crate) fn new_nonce() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// Trunk's page with each stylesheet link (a request the first paint would wait for, a round
/// trip on a slow line) replaced by the stylesheet itself, under the page's nonce.
pub(crate) fn inline_stylesheets(html: &str, page: &std::path::Path) -> anyhow::Result<String> {
    let mut html = html.to_owned();
    while let Some(start) = html.find(r#"<link rel="stylesheet" href=""#) {
        let end = start + html[start..].find('>').context("an unclosed stylesheet link")? + 1;
        let href = html[start..end].split('"').nth(3).unwrap_or_default();
        let file = page.with_file_name(href.rsplit('/').next().unwrap_or_default());
        let css = std::fs::read_to_string(&file)
            .with_context(|| format!("cannot read the page's stylesheet {}", file.display()))?;
        anyhow::ensure!(!css.contains("</"), "{} cannot be put in a <style> element", file.display());
        html.replace_range(start..end, &format!(r#"<style nonce="{NONCE_PLACEHOLDER}">{}</style>"#, css.trim_end()));
    }
    Ok(html)
}

/// Text made safe to put in HTML, as an element's text or a quoted attribute's value.
/// A piece of a Trunk page, cut at its nonce placeholders once at start-up, so that a response
/// only joins the pieces with its own nonce.
#[derive(Debug, Clone, Default)]
pub(crate) struct Piece(Vec<String>);

impl Piece {
    pub(crate) fn new(text: &str) -> Piece {
        Piece(text.split(NONCE_PLACEHOLDER).map(str::to_owned).collect())
    }

    pub(crate) fn write(&self, out: &mut String, nonce: &str) {
        for (i, part) in self.0.iter().enumerate() {
            if i > 0 {
                out.push_str(nonce);
            }
            out.push_str(part);
        }
    }
}

/// A Trunk page cut, once at start-up, at the places each response fills: a response writes
/// the pieces with its fills between them, and its nonce where Trunk left the placeholder.
#[derive(Debug, Clone)]
pub(crate) struct Cut(Vec<Piece>);

impl Cut {
    /// `html` cut at each of `places`, in order; each place is taken out (its fill replaces it).
    pub(crate) fn new(html: &str, places: &[&str]) -> anyhow::Result<Cut> {
        let mut pieces = Vec::new();
        let mut rest = html;
        for place in places {
            let (before, after) = rest.split_once(place).with_context(|| format!("the page has no `{place}`"))?;
            pieces.push(Piece::new(before));
            rest = after;
        }
        pieces.push(Piece::new(rest));
        Ok(Cut(pieces))
    }

    /// A page with no places to fill, only its nonce.
    pub(crate) fn whole(html: &str) -> Cut {
        Cut(vec![Piece::new(html)])
    }

    /// The page with `fills` (one per place, trusted markup) and `nonce`.
    pub(crate) fn render(&self, fills: &[&str], nonce: &str) -> String {
        debug_assert_eq!(fills.len() + 1, self.0.len(), "one fill per place");
        let mut page = String::with_capacity(4096 + fills.iter().map(|f| f.len()).sum::<usize>());
        for (i, piece) in self.0.iter().enumerate() {
            if i > 0 {
                page.push_str(fills[i - 1]);
            }
            piece.write(&mut page, nonce);
        }
        page
    }
}

pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_page_takes_its_fills_and_nonce_and_a_missing_place_is_refused_at_start_up() {
        let html = format!("<head><title>T</title><script nonce=\"{NONCE_PLACEHOLDER}\"></script></head><body></body>");
        let cut = Cut::new(&html, &["<title>T</title>", "<body>"]).unwrap();
        assert_eq!(
            cut.render(&["<title>Mine</title>", "<body><main>M</main>"], "N1"),
            r#"<head><title>Mine</title><script nonce="N1"></script></head><body><main>M</main></body>"#
        );
        let missing = Cut::new("<head></head>", &["<title>T</title>"]).unwrap_err().to_string();
        assert!(missing.contains("<title>T</title>"), "{missing}");
    }
}
