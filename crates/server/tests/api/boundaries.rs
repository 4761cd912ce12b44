//! Browser boundaries and link prefetchers, over every page: the demo company's whole loop
//! (published results, plans, a site tag, the roadmap survey the server steps through), an
//! e-mail survey and a follower, then every link of every e-mail they were sent and every page
//! of the server fetched with GET. None changes the database; every HTML page says who may frame
//! it (`frame-ancestors`: nobody, or the survey's own origins) and runs no inline script the
//! policy did not name; no answer lets another origin read it (no CORS, not for `null`).

use crate::admin::{call, call_with, sign_up, Who};
use crate::follow::{with_mail, BASE};
use crate::helpers::{Reply, TestApp, HOST};
use axum::body::Body;
use axum::http::Request;
use hearback_core::Origin;
use hearback_server::mail::send_due;
use hearback_server::store::now_millis;
use serde_json::json;

/// What every HTML page's policy must say: who may frame it, and no inline script or eval.
fn check_policy(uri: &str, reply: &Reply) {
    let html = reply.headers.get("content-type").is_some_and(|t| t.to_str().unwrap().starts_with("text/html"));
    if !html {
        return;
    }
    let policy = reply.headers.get("content-security-policy").map(|p| p.to_str().unwrap().to_owned());
    let policy = policy.unwrap_or_else(|| panic!("GET {uri} ({}) is HTML without a policy", reply.status));
    let directive = |name: &str| {
        policy.split(';').map(str::trim).find(|d| d.split_whitespace().next() == Some(name)).map(str::to_owned)
    };
    let ancestors = directive("frame-ancestors").unwrap_or_else(|| panic!("GET {uri}: no frame-ancestors: {policy}"));
    assert!(!ancestors.contains('*') && !ancestors.contains("http:"), "GET {uri}: {ancestors}");
    if uri.starts_with("/w/") || uri.starts_with("/site/") {
        assert!(ancestors == "frame-ancestors 'none'" || ancestors.contains(HOST), "GET {uri}: {ancestors}");
    } else if !uri.starts_with("/r/") {
        assert_eq!(ancestors, "frame-ancestors 'none'", "GET {uri}: only survey and results pages are framed");
    }
    let scripts = directive("script-src").or_else(|| directive("default-src")).unwrap();
    for loose in ["'unsafe-inline'", "'unsafe-eval'", "data:", " *", "https:"] {
        assert!(!scripts.contains(loose), "GET {uri} lets in {loose} scripts: {policy}");
    }
}

/// No answer to another origin's request lets that origin read it, a preflight included.
async fn check_no_cors(app: &TestApp, method: &str, uri: &str) {
    for origin in ["https://evil.example", "null", HOST] {
        let preflight = Request::options(uri)
            .header("origin", origin)
            .header("access-control-request-method", method)
            .header("access-control-request-headers", "content-type, hearback-receipt");
        let get = Request::get(uri).header("origin", origin);
        for request in [preflight, get] {
            let reply = app.send(request.body(Body::empty()).unwrap()).await;
            for header in reply.headers.keys() {
                assert!(!header.as_str().starts_with("access-control-"), "{method} {uri} from {origin}: {header}");
            }
        }
    }
}

/// Every cookie an answer sets is for this host alone (no `Domain`), kept from scripts
/// (`HttpOnly`), not sent from other sites' pages (`SameSite`), and under https `Secure` with
/// the `__Host-` prefix (which browsers refuse to accept otherwise).
pub(crate) fn check_cookies(reply: &Reply, https: bool) {
    for cookie in reply.headers.get_all("set-cookie") {
        let cookie = cookie.to_str().unwrap();
        let attributes: Vec<&str> = cookie.split(';').map(str::trim).collect();
        for needed in ["HttpOnly", "Path=/"] {
            assert!(attributes.contains(&needed), "{needed} missing: {cookie}");
        }
        assert!(attributes.iter().any(|a| a.starts_with("SameSite=")), "no SameSite: {cookie}");
        assert!(!attributes.iter().any(|a| a.to_ascii_lowercase().starts_with("domain=")), "{cookie}");
        if https {
            assert!(cookie.starts_with("__Host-") && attributes.contains(&"Secure"), "{cookie}");
        }
    }
}

#[tokio::test]
async fn under_https_every_session_cookie_is_host_only_secure_http_only_and_same_site() {
    let app =
        TestApp::with_config(hearback_server::http::HttpConfig { secure_cookies: true, ..Default::default() }).await;
    let signup =
        json!({"email": "jo@example.com", "password": crate::admin::PASSWORD, "name": "Jo", "organization": "Acme"});
    let signed_up = call(&app, &Who::Nobody, "POST", "/admin/api/signup", Some(signup)).await;
    let login = json!({"email": "jo@example.com", "password": crate::admin::PASSWORD});
    let logged_in = call(&app, &Who::Nobody, "POST", "/admin/api/login", Some(login)).await;
    let session = logged_in.headers["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    let logout = Request::post("/admin/api/logout")
        .header("host", crate::admin::SITE)
        .header("origin", format!("http://{}", crate::admin::SITE))
        .header("cookie", session)
        .header("x-csrf-token", logged_in.json()["csrf_token"].as_str().unwrap())
        .body(Body::empty())
        .unwrap();
    let logged_out = app.send(logout).await;
    for reply in [&signed_up, &logged_in, &logged_out] {
        assert!(reply.headers.contains_key("set-cookie"), "{}: {}", reply.status, reply.body);
        check_cookies(reply, true);
    }
}

/// The links under `BASE` in a message's text, as paths.
fn links(text: &str) -> Vec<String> {
    text.split_whitespace()
        .filter_map(|w| w.strip_prefix(BASE))
        .map(|path| path.trim_end_matches(['.', ',', ')', '>']).to_owned())
        .collect()
}

#[tokio::test]
async fn no_page_or_e_mailed_link_changes_anything_is_framed_by_strangers_or_is_read_by_another_origin() {
    let (app, sink, mailer) = with_mail().await;
    let privacy = hearback_core::privacy::Privacy::default();
    assert!(hearback_server::demo::ensure_loop(app.store.as_ref(), &privacy).await.unwrap());
    let host = Origin::parse(HOST).unwrap();
    hearback_server::demo::ensure_site(app.store.as_ref(), &host).await.unwrap();
    hearback_server::demo::ensure_roadmap(app.store.as_ref(), &host).await.unwrap();

    // An e-mail survey of another company, and a follower of the demo's results.
    let jo = Who::Browser(sign_up(&app, "jo@example.com", "Jo's").await);
    let definition = json!({"definition": {"id": "pulse", "title": "Pulse", "questions": [
        {"id": "recommend", "kind": "nps", "prompt": "Recommend us?", "required": true}]}, "allowed_origins": []});
    assert_eq!(call(&app, &jo, "POST", "/admin/api/surveys", Some(definition)).await.status, 201);
    call(&app, &jo, "POST", "/admin/api/surveys/pulse/status", Some(json!({"status": "live"}))).await;
    let csv = Some(("text/csv", Body::from("email\nann@example.org\n")));
    assert!(call_with(&app, &jo, "POST", "/admin/api/surveys/pulse/invitations", csv).await.status.is_success());
    let follow = app.post_json("/api/v1/results/demo/follow", json!({"email": "bo@example.org"})).await;
    assert_eq!(follow.status, 202, "{}", follow.body);
    assert!(send_due(app.store.as_ref(), &mailer, now_millis() + 1).await.unwrap() >= 2);

    let mut pages: Vec<String> = [
        "/w/demo",
        "/w/demo/thanks",
        "/s/demo",
        "/w/roadmap",
        "/site/acme-demo-site",
        "/r/demo",
        "/r/demo/content",
        "/r/demo/feed.atom",
        "/r/nope",
        "/w/nope",
        "/e/made-up",
        "/e/made-up/stop",
        "/f/confirm/made-up",
        "/f/unsubscribe/made-up",
        "/c/made-up",
        "/wall",
        "/wall/made-up",
        "/admin/",
        "/admin/login",
        "/healthz",
        "/readyz",
        "/embed.js",
        "/nowhere",
    ]
    .map(str::to_owned)
    .to_vec();
    let mailed: Vec<String> = sink.messages().iter().flat_map(|m| links(&m.text())).collect();
    assert!(mailed.iter().any(|l| l.starts_with("/e/")), "the invitation's answer links: {mailed:?}");
    assert!(mailed.iter().any(|l| l.starts_with("/f/confirm/")), "the follower's confirmation: {mailed:?}");
    pages.extend(mailed);

    for uri in &pages {
        let reply = app.unchanged_by(uri, app.get(uri)).await;
        assert!(reply.status.as_u16() < 500, "GET {uri}: {}", reply.status);
        check_policy(uri, &reply);
        check_no_cors(&app, "GET", uri).await;
    }
    // The API's public writes too: a preflight from anywhere gets no leave to send them.
    for uri in ["/api/v1/surveys/demo/responses", "/api/v1/results/demo/follow", "/admin/api/login"] {
        check_no_cors(&app, "POST", uri).await;
    }
}
