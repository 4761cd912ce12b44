//! The language a response was given in is kept with its answers (the widget says it with every
//! save; API senders may): the case owner's e-mail and the customer's conversation page then
//! speak it, and members see it with the response. A language the survey lacks is refused,
//! naming it, and nothing is stored.

use crate::admin::{call, join, me, sign_up, Who};
use crate::helpers::TestApp;
use hearback_server::http::HttpConfig;
use hearback_server::mail::{send_due, Mailer};
use hearback_server::testing::SmtpSink;
use serde_json::json;

#[tokio::test]
async fn the_customer_hears_back_in_the_language_they_answered_in() {
    let config = HttpConfig {
        send_mail: true,
        public_url: Some("https://feedback.acme.example".into()),
        ..HttpConfig::default()
    };
    let app = TestApp::with_config(config).await;
    let jo_browser = sign_up(&app, "jo@example.com", "Acme").await;
    let sam_browser = join(&app, &jo_browser, "sam@example.com", "viewer").await;
    let sam_id = me(&app, &sam_browser).await["user"]["id"].as_str().unwrap().to_owned();
    let (jo, sam) = (Who::Browser(jo_browser), Who::Browser(sam_browser));
    let talk = json!({"definition": {"id": "talk", "languages": ["en", "de"],
        "title": {"en": "How was it?", "de": "Wie war es?"}, "questions": [
        {"id": "recommend", "kind": "nps", "prompt": "Recommend us?", "required": true},
        {"id": "reach", "kind": "contact", "prompt": "May we contact you?"}]}, "allowed_origins": []});
    assert_eq!(call(&app, &jo, "POST", "/admin/api/surveys", Some(talk)).await.status, 201);
    call(&app, &jo, "POST", "/admin/api/surveys/talk/status", Some(json!({"status": "live"}))).await;
    let rules = json!({"rules": [{"question": "reach", "owners": [sam_id], "due_business_days": 2}]});
    assert_eq!(call(&app, &jo, "PUT", "/admin/api/surveys/talk/case-rules", Some(rules)).await.status, 204);

    // A language the survey does not speak: refused, naming it, nothing stored.
    let reach = json!({"reply": "email", "email": "ann@example.com"});
    let bad = json!({"answers": {"recommend": 2, "reach": reach}, "complete": true, "sequence": 1, "language": "fr"});
    let refused = app.save("talk", "key-ann", bad).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(refused.json()["error"]["fields"]["language"], "`fr` is not one of the survey's languages");
    let posted = app.submit("talk", json!({"answers": {"recommend": 9}, "language": "xx"}).to_string(), None).await;
    assert_eq!(posted.status, 422, "{}", posted.body);
    let listed = call(&app, &jo, "GET", "/admin/api/surveys/talk/responses", None).await.json();
    assert_eq!(listed["responses"], json!([]), "nothing stored");

    // Ann answers the German widget and asks to be e-mailed.
    let good = json!({"answers": {"recommend": 2, "reach": reach}, "complete": true, "sequence": 1, "language": "de"});
    assert!(app.save("talk", "key-ann", good).await.status.is_success());
    assert_eq!(
        app.submit("talk", json!({"answers": {"recommend": 9}, "language": "en"}).to_string(), None).await.status,
        201
    );
    let listed = call(&app, &jo, "GET", "/admin/api/surveys/talk/responses", None).await.json();
    let languages: Vec<&str> =
        listed["responses"].as_array().unwrap().iter().map(|r| r["language"].as_str().unwrap()).collect();
    assert_eq!(languages, ["de", "en"]);

    let cases = call(&app, &jo, "GET", "/admin/api/cases", None).await.json();
    let case = cases["cases"][0]["id"].as_str().unwrap().to_owned();
    let body = Some(json!({"body": "Hallo Ann, ich habe Ihre Antworten gelesen."}));
    assert_eq!(call(&app, &sam, "POST", &format!("/admin/api/cases/{case}/messages"), body).await.status, 201);
    let sink = SmtpSink::start().await;
    let mailer = Mailer::new(&sink.url(), "Acme feedback <feedback@acme.example>").unwrap();
    send_due(app.store.as_ref(), &mailer, hearback_server::store::now_millis()).await.unwrap();
    let mail = sink.messages().into_iter().find(|m| m.to == ["<ann@example.com>"]).expect("the message to Ann");
    assert_eq!(mail.header("Subject").unwrap(), "Zu Ihren Antworten auf „Wie war es?“");
    assert_eq!(mail.header("From").unwrap(), r#""New Member von Acme" <feedback@acme.example>"#);
    let text = mail.text();
    assert!(text.starts_with("Hallo Ann, ich habe Ihre Antworten gelesen.\n\n— New Member, Acme"), "{text}");
    assert!(text.contains("Antworten Sie auf Ihrer Gesprächsseite"), "{text}");

    // Her conversation page speaks German, whatever her browser says.
    let start = text.find("https://feedback.acme.example/c/").unwrap();
    let path = text[start..].split_whitespace().next().unwrap().trim_start_matches("https://feedback.acme.example");
    let request =
        axum::http::Request::get(path).header("accept-language", "en").body(axum::body::Body::empty()).unwrap();
    let page = app.send(request).await;
    assert!(page.body.contains(r#"<html lang="de" dir="ltr">"#), "{}", page.body);
}
