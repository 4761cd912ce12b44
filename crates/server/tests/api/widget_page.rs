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
    assert!(reply.body.contains(r#"<script type="application/json" id="survey">{"id":"demo""#));
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
    assert!(!reply.body.contains("data-host"));
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
