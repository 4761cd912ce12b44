//! Site tags: one `data-site` tag on every page of a site. Editors add one per origin (bad input
//! changes nothing); the page it loads (`/site/{key}`) asks the newest live survey that allows
//! the site and whose audience and pages hold for the visitor, and tells its script the next
//! candidate, the events that open a survey, and the survey's trigger.

use crate::admin::{call, sign_up, Who};
use crate::helpers::TestApp;
use serde_json::json;

const SHOP: &str = "https://shop.example";

async fn live(app: &TestApp, jo: &Who, id: &str, origin: &str) {
    let definition = json!({"definition": {"id": id, "title": id, "questions": [
        {"id": "recommend", "kind": "nps", "prompt": "Recommend us?"}]}, "allowed_origins": [origin]});
    assert_eq!(call(app, jo, "POST", "/admin/api/surveys", Some(definition)).await.status, 201);
    let status =
        call(app, jo, "POST", &format!("/admin/api/surveys/{id}/status"), Some(json!({"status": "live"}))).await;
    assert_eq!(status.status, 200, "{}", status.body);
}

fn encoded(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b == b'/' { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// The survey the site tag's page asks (its id, first in the survey's data), and its page
/// script's attributes; `None` for a blank page.
async fn site_page(app: &TestApp, key: &str, query: &str) -> Option<(String, String)> {
    let reply = app.get(&format!("/site/{key}?host={}&{query}", encoded(SHOP))).await;
    assert_eq!(reply.status, 200, "{query}: {}", reply.body);
    let data = reply.body.split(r#"<script type="application/json" id="survey">["#).nth(1)?;
    let id = data.split('"').nth(1).unwrap().to_owned();
    let script = reply.body.split("data-quiet-days").nth(1).unwrap().split('>').next().unwrap().to_owned();
    Some((id, script.replace("&quot;", "\"").replace("&amp;", "&")))
}

#[tokio::test]
async fn site_tags_are_added_by_editors_one_per_origin_and_bad_input_changes_nothing() {
    let app = TestApp::start().await;
    let jo = Who::Browser(sign_up(&app, "jo@example.com", "Acme").await);
    live(&app, &jo, "pulse", SHOP).await;
    live(&app, &jo, "elsewhere", "https://other.example").await;
    let added = call(&app, &jo, "POST", "/admin/api/sites", Some(json!({"origin": " https://shop.example "}))).await;
    assert_eq!(added.status, 201, "{}", added.body);
    let site = added.json();
    let key = site["key"].as_str().unwrap().to_owned();
    assert_eq!(key.len(), 16);
    assert_eq!(
        (site["origin"].clone(), site["surveys"].clone()),
        (json!(SHOP), json!(["pulse"])),
        "only what allows it"
    );
    for (body, status, reason) in [
        (json!({"origin": SHOP}), 409, "has a site tag already"),
        (json!({"origin": "shop.example"}), 422, "site origin"),
        (json!({"origin": "https://shop.example/path"}), 422, "site origin"),
        (json!({"origin": ""}), 422, "site origin"),
        (json!({"site": SHOP}), 400, "unknown field"),
    ] {
        let reply = call(&app, &jo, "POST", "/admin/api/sites", Some(body.clone())).await;
        assert_eq!(reply.status, status, "{body}: {}", reply.body);
        assert!(reply.json()["error"]["message"].as_str().unwrap().contains(reason), "{body}: {}", reply.body);
    }
    let listed = call(&app, &jo, "GET", "/admin/api/sites", None).await.json();
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    let audit = call(&app, &jo, "GET", "/admin/api/audit?action=site_added", None).await.json();
    assert_eq!(audit["entries"].as_array().unwrap().len(), 1);

    // Another organisation neither sees it nor removes it.
    let sam = Who::Browser(sign_up(&app, "sam@example.com", "Other").await);
    assert_eq!(call(&app, &sam, "GET", "/admin/api/sites", None).await.json(), json!([]));
    assert_eq!(call(&app, &sam, "DELETE", &format!("/admin/api/sites/{key}"), None).await.status, 404);
    assert!(site_page(&app, &key, "path=/").await.is_some(), "still there");

    // The site's own survey fatigue, over the organisation's, on its pages only.
    let fatigue = |query: &'static str| {
        let app = &app;
        async move {
            let page = app.get(&format!("/w/pulse?{query}")).await.body;
            page.split(r#"data-fatigue=""#).nth(1).map(|d| d.split('"').next().unwrap().to_owned())
        }
    };
    let site = format!("/admin/api/sites/{key}");
    call(&app, &jo, "PUT", "/admin/api/organization/fatigue", Some(json!({"days": 7}))).await;
    let set = call(&app, &jo, "PUT", &site, Some(json!({"fatigue_days": 30}))).await;
    assert_eq!((set.status.as_u16(), set.json()["fatigue_days"].clone()), (200, json!(30)), "{}", set.body);
    assert_eq!(fatigue("host=https%3A%2F%2Fshop.example").await.as_deref(), Some("30"), "on the site");
    assert_eq!(fatigue("").await.as_deref(), Some("7"), "anywhere else, the organisation's");
    for (body, status) in
        [(json!({"fatigue_days": 366}), 422), (json!({"fatigue_days": -1}), 400), (json!({"fatigue": 3}), 400)]
    {
        assert_eq!(call(&app, &jo, "PUT", &site, Some(body.clone())).await.status, status, "{body}");
    }
    assert_eq!(call(&app, &sam, "PUT", &site, Some(json!({"fatigue_days": 1}))).await.status, 404);
    assert_eq!(fatigue("host=https%3A%2F%2Fshop.example").await.as_deref(), Some("30"), "unchanged");
    let back = call(&app, &jo, "PUT", &site, Some(json!({"fatigue_days": null}))).await;
    assert_eq!(back.json()["fatigue_days"], json!(null));
    assert_eq!(fatigue("host=https%3A%2F%2Fshop.example").await.as_deref(), Some("7"), "the organisation's again");

    assert_eq!(call(&app, &jo, "DELETE", &format!("/admin/api/sites/{key}"), None).await.status, 204);
    let gone = app.get(&format!("/site/{key}?host={}", encoded(SHOP))).await;
    assert_eq!(gone.status, 404);
    assert!(gone.body.contains("Unknown site tag"), "{}", gone.body);
    assert_eq!(call(&app, &jo, "DELETE", &format!("/admin/api/sites/{key}"), None).await.status, 404);
}

#[tokio::test]
async fn a_site_tag_asks_the_newest_survey_whose_audience_and_pages_hold() {
    let app = TestApp::start().await;
    let jo = Who::Browser(sign_up(&app, "jo@example.com", "Acme").await);
    live(&app, &jo, "pulse", SHOP).await;
    live(&app, &jo, "pricing", SHOP).await;
    let key = call(&app, &jo, "POST", "/admin/api/sites", Some(json!({"origin": SHOP}))).await.json()["key"]
        .as_str()
        .unwrap()
        .to_owned();
    let pricing = json!({"customer": [{"attribute": "plan", "is": ["free"]}], "pages": "regex:^/pricing(/|$)",
        "trigger": "delay", "delay_seconds": 7,
        "event": {"name": "checkout_completed", "properties": [{"attribute": "plan", "is": ["pro"]}]}});
    let set = call(&app, &jo, "PUT", "/admin/api/surveys/pricing/audience", Some(pricing)).await;
    assert_eq!(set.status, 200, "{}", set.body);
    let load = json!({"trigger": "load"});
    assert_eq!(call(&app, &jo, "PUT", "/admin/api/surveys/pulse/audience", Some(load)).await.status, 200);
    // The tag's own attributes, flat, as embed.js sends them.
    let free = format!("customer={}", encoded(r#"{"id":"c1","plan":"free"}"#));
    let pro = format!("customer={}", encoded(r#"{"id":"c2","plan":"pro"}"#));

    let (id, script) = site_page(&app, &key, &format!("path=/pricing&{free}")).await.unwrap();
    assert_eq!(id, "pricing", "the newest whose audience and pages hold");
    assert!(script.contains(r#"data-set="{"delay":"7","trigger":"delay"}""#), "{script}");
    assert!(script.contains(r#""checkout_completed",[{"attribute":"plan","is":["pro"]}]"#), "its event: {script}");
    assert!(script.contains("data-next=\"/site/") && script.contains("skip=pricing"), "the next candidate: {script}");
    assert!(!script.contains(r#"data-audience="0""#));

    let (id, script) = site_page(&app, &key, &format!("path=/pricing-old&{free}")).await.unwrap();
    assert_eq!(id, "pulse", "the pages of the newest do not hold");
    assert!(script.contains(r#"data-set="{"trigger":"load"}""#) && !script.contains("data-next"), "{script}");
    assert!(script.contains("checkout_completed"), "the other's event still opens it from here: {script}");
    assert_eq!(site_page(&app, &key, &format!("path=/pricing&{pro}")).await.unwrap().0, "pulse", "not its audience");
    let (id, script) = site_page(&app, &key, &format!("path=/pricing&skip=pricing&{free}")).await.unwrap();
    assert_eq!(id, "pulse", "the visitor's storage said the first may not ask");
    assert!(!script.contains("data-next"));
    let (id, script) = site_page(&app, &key, &format!("path=/docs&survey=pricing&open=1&{free}")).await.unwrap();
    assert_eq!(id, "pricing", "an event asked for it");
    assert!(script.contains(r#"data-open="1""#), "{script}");
    // Everything skipped: the first stays for the button and events, asking nothing by itself.
    let (id, script) = site_page(&app, &key, &format!("path=/pricing&skip=pricing,pulse&{free}")).await.unwrap();
    assert_eq!(id, "pricing");
    assert!(script.contains(r#"data-audience="0""#), "{script}");

    // Another site's page, and a closed survey.
    let wrong = app.get(&format!("/site/{key}?host={}&path=/", encoded("https://other.example"))).await;
    assert_eq!(wrong.status, 403);
    assert!(wrong.body.contains("belongs to another site"), "{}", wrong.body);
    for id in ["pulse", "pricing"] {
        call(&app, &jo, "POST", &format!("/admin/api/surveys/{id}/status"), Some(json!({"status": "closed"}))).await;
    }
    assert_eq!(site_page(&app, &key, "path=/").await, None, "nothing runs there: a blank page");
}

#[tokio::test]
async fn a_surveys_own_tag_is_held_to_its_pages_and_the_tags_url_rule_and_sample() {
    let app = TestApp::start().await;
    let jo = Who::Browser(sign_up(&app, "jo@example.com", "Acme").await);
    live(&app, &jo, "pulse", SHOP).await;
    let pages = json!({"pages": "prefix:/help", "event": {"name": "help_opened"}});
    assert_eq!(call(&app, &jo, "PUT", "/admin/api/surveys/pulse/audience", Some(pages)).await.status, 200);
    let script = |query: &'static str| {
        let app = &app;
        async move {
            let reply = app.get(&format!("/w/pulse?host={}&{query}", encoded(SHOP))).await;
            assert_eq!(reply.status, 200);
            let script = reply.body.split("data-quiet-days").nth(1).unwrap().split('>').next().unwrap().to_owned();
            script.replace("&quot;", "\"")
        }
    };
    assert!(!script("path=/help/faq").await.contains(r#"data-audience="0""#));
    assert!(script("path=/shop").await.contains(r#"data-audience="0""#), "not its pages");
    assert!(script("path=/help/faq&url=exact%3A%2Fhelp").await.contains(r#"data-audience="0""#), "the tag's data-url");
    assert!(!script("").await.contains(r#"data-audience="0""#), "an iframe placed by hand says no path");
    let own = script("path=/help").await;
    assert!(own.contains(r#"data-events="[["pulse","help_opened",[]]]""#) && !own.contains("data-show"), "{own}");
    assert!(script("sample=15").await.contains(r#"data-sample="15""#));
    assert!(script("sample=500").await.contains(r#"data-sample="100""#));
}
