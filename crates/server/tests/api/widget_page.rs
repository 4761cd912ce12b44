use crate::helpers::{TestApp, HOST};

fn csp(reply: &crate::helpers::Reply) -> String {
    reply.headers["content-security-policy"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_widget_page_renders_the_survey_with_a_fresh_nonce_and_a_strict_policy() {
    let app = TestApp::start().await;
    let reply = app.get(&format!("/w/demo?host={HOST}")).await;
    assert_eq!(reply.status, 200);
    let policy = csp(&reply);
    let nonce = policy.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).unwrap().to_owned();
    assert!(nonce.len() >= 32);
    assert!(policy.contains("'wasm-unsafe-eval'") && policy.contains(&format!("frame-ancestors {HOST}")), "{policy}");
    assert!(!policy.contains("unsafe-inline"));
    // Every inline script carries the nonce, and the placeholder is gone.
    assert!(!reply.body.contains("{{__TRUNK NONCE__}}"));
    assert_eq!(reply.body.matches("<script").count(), reply.body.matches(&format!("nonce=\"{nonce}\"")).count() + 1);
    // The first question is in the page, the definition is inlined, and the host may be told.
    assert!(reply.body.contains("How likely are you to recommend Acme Cloud"));
    assert!(reply.body.contains(r#"<script type="application/json" id="survey">["demo","en","How are we doing?""#));
    assert!(reply.body.contains(&format!(r#"<main id="survey-root" data-host="{HOST}">"#)));
    assert!(reply.body.contains("<title>How are we doing?</title>"));
    assert_eq!(reply.headers["cache-control"], "no-store");
    let again = app.get("/w/demo").await;
    assert_ne!(csp(&again), policy, "a new nonce per response");
}

#[tokio::test]
async fn a_host_the_company_did_not_allow_is_never_told_anything() {
    let app = TestApp::start().await;
    let reply = app.get("/w/demo?host=https://evil.example.net").await;
    assert_eq!(reply.status, 200);
    assert!(!reply.body.contains("data-host=\""));
}

#[tokio::test]
async fn an_unknown_or_closed_survey_page_says_so() {
    let app = TestApp::start().await;
    let reply = app.get("/w/nope").await;
    assert_eq!(reply.status, 404);
    assert!(reply.body.contains("Survey not found"));
    app.close("demo").await;
    let reply = app.get("/w/demo").await;
    assert_eq!(reply.status, 410);
    assert!(reply.body.contains("This survey has closed"));
}

#[tokio::test]
async fn the_plain_form_post_stores_a_response_and_redirects_to_the_thanks() {
    let app = TestApp::start().await;
    let request = axum::http::Request::post("/w/demo")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from("recommend=7&channel=phone&comment=ok"))
        .unwrap();
    let reply = app.send(request).await;
    assert_eq!(reply.status, 303);
    assert_eq!(reply.headers["location"], "/w/demo/thanks");
    assert_eq!(app.stored("demo").await, 1);
}

#[tokio::test]
async fn an_invalid_plain_form_post_is_explained_and_stores_nothing() {
    let app = TestApp::start().await;
    let request = axum::http::Request::post("/w/demo")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from("recommend=11"))
        .unwrap();
    let reply = app.send(request).await;
    assert_eq!(reply.status, 422);
    assert!(reply.body.contains("11 is out of range"), "{}", reply.body);
    assert_eq!(app.stored("demo").await, 0);
}

#[tokio::test]
async fn the_page_speaks_the_host_pages_language_then_the_browsers() {
    let app = TestApp::start().await;
    let german = app.get("/w/demo?lang=de").await;
    assert!(german.body.contains(r#"<html lang="de" dir="ltr">"#), "{}", &german.body[..200]);
    assert!(german.body.contains("Wie machen wir uns?") && german.body.contains("Senden"));
    let request = axum::http::Request::get("/w/demo")
        .header("accept-language", "fr-FR,de-AT;q=0.8,en;q=0.5")
        .body(axum::body::Body::empty())
        .unwrap();
    let browser = app.send(request).await;
    assert!(browser.body.contains(r#"lang="de""#), "the survey has no French; German is the browser's next choice");
    let unknown = app.get("/w/demo?lang=ja").await;
    assert!(unknown.body.contains(r#"lang="en""#) && unknown.body.contains(">Send<"));
}

#[tokio::test]
async fn an_arabic_survey_is_laid_out_right_to_left_in_arabic() {
    let app = TestApp::start().await;
    app.create(
        serde_json::json!({"id": "ar", "languages": ["ar", "en"], "title": {"ar": "كيف حالنا؟", "en": "How are we?"},
        "questions": [{"id": "nps", "kind": "nps", "prompt": {"ar": "هل توصي بنا؟", "en": "Recommend?"}}]}),
    )
    .await;
    let page = app.get("/w/ar").await;
    assert!(page.body.contains(r#"<html lang="ar" dir="rtl">"#));
    assert!(page.body.contains("إرسال") && page.body.contains("غير محتمل على الإطلاق"));
}

#[tokio::test]
async fn a_theme_is_written_into_custom_properties_under_the_nonce() {
    let app = TestApp::start().await;
    app.create(
        serde_json::json!({"id": "brand", "title": "T", "theme": {"brand": "#0b5fff", "radius": 2, "mode": "dark"},
        "questions": [{"id": "nps", "kind": "nps", "prompt": "Recommend?"}]}),
    )
    .await;
    let page = app.get("/w/brand").await;
    let policy = csp(&page);
    let nonce = policy.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).unwrap();
    assert!(policy.contains(&format!("style-src 'self' 'nonce-{nonce}'")), "{policy}");
    assert!(page
        .body
        .contains(&format!(r#"<style nonce="{nonce}">html:root{{--hb-brand:#0b5fff;--hb-radius:2px;}}</style>"#)));
    assert!(page.body.contains(r#"data-theme="dark""#));
}

#[tokio::test]
async fn the_full_page_link_works_without_a_host_and_cannot_be_framed() {
    let app = TestApp::start().await;
    let page = app.get(&format!("/s/demo?host={HOST}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(r#"<main id="survey-root" class="hb-page">"#));
    assert!(csp(&page).contains("frame-ancestors 'none'"));
    assert_eq!(app.get("/s/nope").await.status, 404);
}
