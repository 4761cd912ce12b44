//! The customer wall: opened by a member's session or the organisation's secret link (owners make
//! and revoke it; a new one replaces the old), showing scores, approved quotes, plans moving and
//! customers reached this month, and nothing personal.

use crate::admin::{call, definition, join, me, sign_up, Who};
use crate::helpers::TestApp;
use serde_json::json;

#[tokio::test]
async fn the_wall_shows_what_customers_said_and_what_is_done_behind_a_revocable_link() {
    let app = TestApp::start().await;
    let owner_browser = sign_up(&app, "jo@example.com", "Acme <Cloud>").await;
    let owner = Who::Browser(owner_browser.clone());
    let owner_id = me(&app, &owner_browser).await["user"]["id"].as_str().unwrap().to_owned();
    let viewer = Who::Browser(join(&app, &owner_browser, "ceo@example.com", "viewer").await);
    let mut pulse = definition("pulse");
    pulse["definition"]["questions"].as_array_mut().unwrap().extend([
        json!({"id": "why", "kind": "long_text", "prompt": "Why?"}),
        json!({"id": "quote", "kind": "consent", "prompt": "May we quote you?"}),
    ]);
    assert_eq!(call(&app, &owner, "POST", "/admin/api/surveys", Some(pulse)).await.status, 201);
    call(&app, &owner, "POST", "/admin/api/surveys/pulse/status", Some(json!({"status": "live"}))).await;
    let rules =
        json!({"rules": [{"question": "recommend", "at_most": 6, "owners": [owner_id], "due_business_days": 2}]});
    assert_eq!(call(&app, &owner, "PUT", "/admin/api/surveys/pulse/case-rules", Some(rules)).await.status, 204);
    for (score, why) in [(9, "Kind people <b>really</b>"), (10, "Fast"), (3, "Slow support"), (8, "Fine"), (9, "Good")]
    {
        let answers = json!({"recommend": score, "channel": "mail", "why": why, "quote": true});
        assert_eq!(app.submit("pulse", json!({"answers": answers}).to_string(), None).await.status, 201);
    }
    let case =
        call(&app, &owner, "GET", "/admin/api/cases", None).await.json()["cases"][0]["id"].as_str().unwrap().to_owned();
    let contacted = Some(json!({"status": "contacted"}));
    assert_eq!(call(&app, &owner, "POST", &format!("/admin/api/cases/{case}/status"), contacted).await.status, 204);
    let quotes = call(&app, &owner, "GET", "/admin/api/surveys/pulse/quotes", None).await.json();
    let kind = quotes["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["text"].as_str().unwrap().starts_with("Kind"))
        .unwrap()
        .clone();
    let pick = json!({"response": kind["response"], "question": kind["question"]});
    assert_eq!(call(&app, &owner, "POST", "/admin/api/surveys/pulse/quotes", Some(pick)).await.status, 201);
    let plan = json!({"heard": "Slow", "will_do": "Answer within a day", "owner": owner_id, "due": "2031-01-31", "status": "in_progress"});
    assert_eq!(call(&app, &owner, "POST", "/admin/api/surveys/pulse/plans", Some(plan)).await.status, 201);
    let publish = json!({"summary": "We heard you.", "visibility": "public"});
    assert_eq!(call(&app, &owner, "POST", "/admin/api/surveys/pulse/publication", Some(publish)).await.status, 201);

    // Owners make the link; viewers may not.
    assert_eq!(call(&app, &viewer, "POST", "/admin/api/wall-link", None).await.status, 403);
    assert_eq!(call(&app, &owner, "DELETE", "/admin/api/wall-link", None).await.status, 404, "none yet");
    let first = call(&app, &owner, "POST", "/admin/api/wall-link", None).await;
    assert_eq!(first.status, 201);
    let first = first.json()["url"].as_str().unwrap().to_owned();
    let wall = app.get(&first).await;
    assert_eq!(wall.status, 200, "{}", wall.body);
    for shown in [
        "Acme &lt;Cloud&gt;",
        "<strong>1</strong> customers spoken with this month",
        "Kind people &lt;b&gt;really&lt;/b&gt;",
        "Answer within a day <span class=\"who\">— Jo Owner · in progress</span>",
        "NPS ",
        "setTimeout(function () { location.reload(); }, 60000);",
    ] {
        assert!(wall.body.contains(shown), "{shown} in {}", wall.body);
    }
    let responses = call(&app, &owner, "GET", "/admin/api/surveys/pulse/responses", None).await.json();
    let ids: Vec<String> =
        responses["responses"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_owned()).collect();
    let personal = ["Slow support", "jo@example.com", case.as_str()].into_iter().chain(ids.iter().map(String::as_str));
    for personal in personal {
        assert!(!wall.body.contains(personal), "{personal} is not on the wall");
    }
    assert!(wall.headers["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
    // A member's session opens it too; nobody else.
    assert_eq!(call(&app, &viewer, "GET", "/wall", None).await.status, 200);
    assert_eq!(app.get("/wall").await.status, 401);
    assert_eq!(app.get("/wall/made-up").await.status, 404);
    // A new link replaces the old; revoking ends it.
    let second =
        call(&app, &owner, "POST", "/admin/api/wall-link", None).await.json()["url"].as_str().unwrap().to_owned();
    assert_eq!(app.get(&first).await.status, 404, "replaced");
    assert_eq!(app.get(&second).await.status, 200);
    assert_eq!(call(&app, &owner, "DELETE", "/admin/api/wall-link", None).await.status, 204);
    assert_eq!(app.get(&second).await.status, 404, "revoked");
}
