//! Audiences: who a survey asks by itself. Rules that cannot test what they name are refused and
//! change nothing; the widget page tells its script whether the visitor is in the audience (from
//! what the host page said about the customer, the language and the device) and whether new or
//! returning visitors are wanted.

use crate::admin::{call, sign_up, Who};
use crate::helpers::TestApp;
use axum::http::Request;
use serde_json::{json, Value};

const AUDIENCE: &str = "/admin/api/surveys/pulse/audience";
const PHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148";
const DESKTOP: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36";

async fn live_pulse(app: &TestApp) -> Who {
    let jo = Who::Browser(sign_up(app, "jo@example.com", "Acme").await);
    let definition = json!({"definition": {"id": "pulse", "title": "Pulse", "languages": ["en", "de"], "questions": [
        {"id": "recommend", "kind": "nps", "prompt": "Recommend us?"}]}, "allowed_origins": ["https://shop.example"]});
    assert_eq!(call(app, &jo, "POST", "/admin/api/surveys", Some(definition)).await.status, 201);
    call(app, &jo, "POST", "/admin/api/surveys/pulse/status", Some(json!({"status": "live"}))).await;
    jo
}

/// The page script's attributes on the widget page for a customer (`customer` JSON as embed.js
/// sends it) on a device.
async fn page_says(app: &TestApp, customer: Value, agent: &str) -> (bool, Option<String>) {
    let uri = format!("/w/pulse?host=https%3A%2F%2Fshop.example&customer={}", urlencoding(&customer.to_string()));
    let reply = app.send(Request::get(uri).header("user-agent", agent).body(Default::default()).unwrap()).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let script = reply.body.split("data-quiet-days").nth(1).unwrap().split('>').next().unwrap().to_owned();
    let visitors = script.split(r#"data-visitors=""#).nth(1).map(|v| v.split('"').next().unwrap().to_owned());
    (!script.contains(r#"data-audience="0""#), visitors)
}

fn urlencoding(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

#[tokio::test]
async fn audience_rules_that_cannot_test_what_they_name_are_refused_and_change_nothing() {
    let app = TestApp::start().await;
    let jo = live_pulse(&app).await;
    for (audience, status, reason) in [
        (json!({"customer": [{"attribute": "plan"}]}), 422, "tests a text with `is`"),
        (json!({"customer": [{"attribute": "plan", "is": ["pro"], "at_least": 3}]}), 422, "not both"),
        (
            json!({"customer": [{"attribute": "seats", "at_least": 10, "at_most": 2}]}),
            422,
            "`at_least` above `at_most`",
        ),
        (json!({"customer": [{"attribute": " ", "is": ["pro"]}]}), 422, "names its attribute"),
        (json!({"customer": [{"attribute": "seats", "at_least": "ten"}]}), 400, "invalid type"),
        (json!({"languages": ["fr"]}), 422, "does not speak `fr`"),
        (json!({"devices": ["smartwatch"]}), 400, "unknown variant"),
        (json!({"visitors": "loyal"}), 400, "unknown variant"),
        (json!({"customers": []}), 400, "unknown field"),
        (json!({"pages": "/pricing"}), 422, "pages are `exact:/path`"),
        (json!({"pages": "regex:(unclosed"}), 422, "regular expression"),
        (json!({"trigger": "hover"}), 400, "unknown variant"),
        (json!({"trigger": "delay", "delay_seconds": 0}), 422, "`delay_seconds` is 1 to 3600"),
        (json!({"trigger": "scroll", "scroll_percent": 120}), 422, "`scroll_percent` is 1 to 100"),
        (json!({"event": {"name": "checkout completed"}}), 422, "an event name is 1 to 64"),
        (json!({"event": {"name": "e".repeat(65)}}), 422, "an event name is 1 to 64"),
        (json!({"event": {"name": "checkout", "properties": [{"attribute": "plan"}]}}), 422, "tests a text with `is`"),
    ] {
        let reply = call(&app, &jo, "PUT", AUDIENCE, Some(audience.clone())).await;
        assert_eq!(reply.status, status, "{audience}: {}", reply.body);
        assert!(reply.json()["error"]["message"].as_str().unwrap().contains(reason), "{audience}: {}", reply.body);
    }
    let eleven: Vec<Value> = (0..11).map(|n| json!({"attribute": format!("a{n}"), "is": ["x"]})).collect();
    assert_eq!(call(&app, &jo, "PUT", AUDIENCE, Some(json!({"customer": eleven}))).await.status, 422);
    let read = call(&app, &jo, "GET", AUDIENCE, None).await.json();
    assert_eq!(
        read,
        json!({"customer": [], "verified_only": false, "languages": [], "devices": [], "visitors": "all", "trigger": "manual"})
    );
    assert!(call(&app, &jo, "GET", "/admin/api/audit?action=survey_audience_set", None).await.json()["entries"]
        .as_array()
        .unwrap()
        .is_empty());
    assert_eq!(
        page_says(&app, json!({"id": "c1", "attributes": {"plan": "free"}}), PHONE).await,
        (true, None),
        "everyone"
    );
}

#[tokio::test]
async fn the_widget_page_asks_only_its_audience_by_itself() {
    let app = TestApp::start().await;
    let jo = live_pulse(&app).await;
    let audience = json!({"customer": [{"attribute": "plan", "is": ["pro", "team"]}, {"attribute": "seats", "at_least": 10}],
                          "devices": ["desktop", "tablet"], "languages": ["en"], "visitors": "returning"});
    let set = call(&app, &jo, "PUT", AUDIENCE, Some(audience.clone())).await;
    assert_eq!(set.status, 200, "{}", set.body);
    let pro = json!({"id": "c1", "attributes": {"plan": "pro", "seats": "12"}});
    assert_eq!(page_says(&app, pro.clone(), DESKTOP).await, (true, Some("returning".into())));
    assert_eq!(page_says(&app, pro.clone(), PHONE).await.0, false, "not on a phone");
    let few = json!({"id": "c2", "attributes": {"plan": "pro", "seats": "3"}});
    assert_eq!(page_says(&app, few, DESKTOP).await.0, false, "too few seats");
    let free = json!({"id": "c3", "attributes": {"plan": "free", "seats": "40"}});
    assert_eq!(page_says(&app, free, DESKTOP).await.0, false, "not on a paid plan");
    assert_eq!(page_says(&app, json!({}), DESKTOP).await.0, false, "nothing said about the customer");
    // The survey's German speakers are not in it.
    let uri = format!("/w/pulse?lang=de&customer={}", urlencoding(&pro.to_string()));
    let german = app.send(Request::get(uri).header("user-agent", DESKTOP).body(Default::default()).unwrap()).await;
    assert!(german.body.contains(r#"data-audience="0""#));
    // Signed details only: the same unsigned customer is out.
    let mut signed = audience;
    signed["verified_only"] = json!(true);
    assert_eq!(call(&app, &jo, "PUT", AUDIENCE, Some(signed)).await.status, 200);
    assert_eq!(page_says(&app, pro, DESKTOP).await.0, false, "unsigned details");
    // Everyone again.
    assert_eq!(call(&app, &jo, "PUT", AUDIENCE, Some(json!({}))).await.status, 200);
    assert_eq!(page_says(&app, json!({}), PHONE).await, (true, None));
    assert_eq!(
        call(&app, &jo, "GET", "/admin/api/audit?action=survey_audience_set", None).await.json()["entries"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

#[tokio::test]
async fn survey_fatigue_is_set_by_editors_within_a_year_and_told_to_the_widget_page() {
    let app = TestApp::start().await;
    let jo = live_pulse(&app).await;
    assert_eq!(call(&app, &jo, "GET", "/admin/api/organization/fatigue", None).await.json(), json!({"days": 0}));
    assert_eq!(page_says(&app, json!({}), DESKTOP).await, (true, None));
    let plain = app.get("/w/pulse").await.body;
    assert!(!plain.contains(r#" data-fatigue=""#), "no fatigue, nothing said");
    for (body, status) in [(json!({"days": 366}), 422), (json!({"days": -1}), 400), (json!({"weeks": 2}), 400)] {
        let reply = call(&app, &jo, "PUT", "/admin/api/organization/fatigue", Some(body.clone())).await;
        assert_eq!(reply.status, status, "{body}: {}", reply.body);
    }
    assert_eq!(call(&app, &jo, "GET", "/admin/api/organization/fatigue", None).await.json(), json!({"days": 0}));
    let set = call(&app, &jo, "PUT", "/admin/api/organization/fatigue", Some(json!({"days": 14}))).await;
    assert_eq!((set.status.as_u16(), set.json()), (200, json!({"days": 14})));
    let page = app.get("/w/pulse").await.body;
    assert!(page.contains(r#" data-fatigue="14""#), "{page}");
    let company = page.split(r#"data-company=""#).nth(1).unwrap().split('"').next().unwrap().to_owned();
    assert_eq!(company.len(), 12);
    let me = call(&app, &jo, "GET", "/admin/api/me", None).await.json();
    let organization = me["organization"]["id"].as_str().unwrap_or_default().to_owned();
    assert!(!organization.is_empty() && !page.contains(&organization), "the company's id stays out of the page");
    // A survey of no organisation (the command line's) has no company to tire of.
    assert!(!app.get("/w/demo").await.body.contains(r#" data-fatigue=""#));
}
