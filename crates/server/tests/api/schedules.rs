//! Survey schedules: a survey opens at its time, closes at its time, after so many finished
//! responses, or with its action plan; a schedule that cannot be is refused with its reason and
//! changes nothing; whatever closes a survey says why in the audit log.

use crate::admin::{call, join, me, sign_up, Who};
use crate::helpers::{Reply, TestApp};
use hearback_server::store::now_millis;
use serde_json::{json, Value};

const HOUR: i64 = 3_600_000;
const SCHEDULE: &str = "/admin/api/surveys/pulse/schedule";

fn definition() -> Value {
    json!({"definition": {"id": "pulse", "title": "Pulse", "languages": ["en", "de"], "questions": [
        {"id": "recommend", "kind": "nps", "prompt": {"en": "Recommend us?", "de": "Empfehlen Sie uns?"}, "required": true}
    ]}, "allowed_origins": ["https://shop.example"]})
}

/// An organisation with the live survey `pulse`; its owner.
async fn live_pulse(app: &TestApp) -> (Who, crate::admin::Browser) {
    let session = sign_up(app, "jo@example.com", "Acme").await;
    let jo = Who::Browser(session.clone());
    assert_eq!(call(app, &jo, "POST", "/admin/api/surveys", Some(definition())).await.status, 201);
    let live = call(app, &jo, "POST", "/admin/api/surveys/pulse/status", Some(json!({"status": "live"}))).await;
    assert_eq!(live.status, 200, "{}", live.body);
    (jo, session)
}

async fn answer(app: &TestApp) -> Reply {
    app.submit("pulse", json!({"answers": {"recommend": 9}}).to_string(), None).await
}

async fn status(app: &TestApp, who: &Who) -> String {
    call(app, who, "GET", "/admin/api/surveys/pulse", None).await.json()["status"].as_str().unwrap().to_owned()
}

/// The newest audit entries of an action, as the owner reads them.
async fn logged(app: &TestApp, who: &Who, action: &str) -> Vec<Value> {
    let reply = call(app, who, "GET", &format!("/admin/api/audit?action={action}"), None).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()["entries"].as_array().unwrap().clone()
}

#[tokio::test]
async fn schedules_that_cannot_be_are_refused_with_their_reason_and_change_nothing() {
    let app = TestApp::start().await;
    let (jo, session) = live_pulse(&app).await;
    let now = now_millis();
    let plans = "/admin/api/surveys/pulse/plans";
    let owner = me(&app, &session).await["user"]["id"].as_str().unwrap().to_owned();
    let plan = json!({"heard": "Slow", "questions": ["recommend"], "will_do": "Faster", "owner": owner,
                      "due": "2027-03-31", "status": "done"});
    let done_plan = call(&app, &jo, "POST", plans, Some(plan)).await.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(answer(&app).await.status, 201);

    for (schedule, status, reason) in [
        (json!({"opens_at": now + 2 * HOUR, "closes_at": now + HOUR}), 422, "closes before it opens"),
        (json!({"opens_at": now + HOUR, "closes_at": now + HOUR}), 422, "closes before it opens"),
        (json!({"closes_at": now - HOUR}), 422, "has passed"),
        (json!({"opens_at": -5}), 422, "milliseconds since 1970"),
        (json!({"closes_at": 253_402_214_400_001_i64}), 422, "year 9999"),
        (json!({"close_after": 0}), 422, "1 to 10,000,000"),
        (json!({"close_after": 1}), 422, "has 1 finished responses already"),
        (json!({"close_when_done": "no-such-plan"}), 422, "not an action plan of this survey"),
        (json!({"close_when_done": done_plan}), 422, "done already"),
        (json!({"opens_at": "tomorrow"}), 400, "expected i64"),
        (json!({"closes_soon": true}), 400, "closes_soon"),
    ] {
        let reply = call(&app, &jo, "PUT", SCHEDULE, Some(schedule.clone())).await;
        assert_eq!(reply.status, status, "{schedule}: {}", reply.body);
        assert!(reply.json()["error"]["message"].as_str().unwrap().contains(reason), "{schedule}: {}", reply.body);
    }
    // A viewer reads the schedule but does not set it.
    let viewer = Who::Browser(join(&app, &session, "exec@example.com", "viewer").await);
    let later = json!({"opens_at": now + HOUR});
    assert_eq!(call(&app, &viewer, "PUT", SCHEDULE, Some(later)).await.status, 403);
    // Nothing changed: no schedule, still open, nothing in the log.
    let read = call(&app, &viewer, "GET", SCHEDULE, None).await;
    assert_eq!(read.status, 200);
    assert_eq!(read.json(), json!({"opens_at": null, "closes_at": null, "close_after": null, "close_when_done": null}));
    assert_eq!(answer(&app).await.status, 201);
    assert!(logged(&app, &jo, "survey_schedule_set").await.is_empty());
    // Another organisation's member cannot read it.
    let stranger = Who::Browser(sign_up(&app, "kim@example.com", "Globex").await);
    assert_eq!(call(&app, &stranger, "GET", SCHEDULE, None).await.status, 404);
}

#[tokio::test]
async fn a_survey_opens_at_its_time_and_closes_after_its_last_wanted_response() {
    let app = TestApp::start().await;
    let (jo, _) = live_pulse(&app).await;
    let now = now_millis();

    // Not open yet: the API says when, the page says so in the respondent's language, nothing stored.
    let opens = now + 2 * HOUR;
    let set = call(&app, &jo, "PUT", SCHEDULE, Some(json!({"opens_at": opens, "closes_at": opens + 24 * HOUR}))).await;
    assert_eq!(set.status, 200, "{}", set.body);
    let early = answer(&app).await;
    assert_eq!((early.status.as_u16(), early.code()), (404, "survey_not_open".to_owned()), "{}", early.body);
    let opens_utc = chrono::DateTime::from_timestamp_millis(opens).unwrap().format("%Y-%m-%d %H:%M UTC").to_string();
    assert!(early.body.contains(&opens_utc), "{}", early.body);
    // The survey list says it opens later.
    let listed = call(&app, &jo, "GET", "/admin/api/surveys", None).await.json();
    assert_eq!(listed["surveys"][0]["opens_at"], json!(opens), "{listed}");
    assert_eq!(app.get("/api/v1/surveys/pulse").await.status, 404);
    let page = app.get("/w/pulse?lang=de").await;
    assert_eq!(page.status, 404);
    for expected in [
        r#"<html lang="de" dir="ltr">"#,
        "Diese Umfrage ist noch nicht geöffnet",
        &format!("Sie öffnet am {opens_utc}."),
    ] {
        assert!(page.body.contains(expected), "{expected} in {}", page.body);
    }
    let policy = page.headers["content-security-policy"].to_str().unwrap().to_owned();
    assert!(policy.contains("frame-ancestors https://shop.example"), "{policy}");
    // Framed by the company's site, it reports its height there (and only there).
    let framed = app.get("/w/pulse?host=https%3A%2F%2Fshop.example").await;
    assert!(framed.body.contains(r#"data-host="https://shop.example""#) && framed.body.contains("hearback:'resize'"));
    let elsewhere = app.get("/w/pulse?host=https%3A%2F%2Fevil.example").await;
    assert!(
        !elsewhere.body.contains("data-host") && !elsewhere.body.contains("hearback:'resize'"),
        "{}",
        elsewhere.body
    );
    let own = app.get("/s/pulse?host=https%3A%2F%2Fshop.example").await;
    assert!(!own.body.contains("data-host"), "a page of its own is framed by nobody");
    assert_eq!(app.stored("pulse").await, 0);

    // Open now, to close after two finished responses.
    let set = call(&app, &jo, "PUT", SCHEDULE, Some(json!({"opens_at": now - HOUR, "close_after": 2}))).await;
    assert_eq!(set.json()["close_after"], 2);
    let listed = call(&app, &jo, "GET", "/admin/api/surveys", None).await.json();
    assert_eq!(listed["surveys"][0].get("opens_at"), None, "open now: nothing more to say {listed}");
    // An unfinished response does not count.
    let key = "0a6c3b3e-2b1f-4b8e-9d3c-6a1f5e2d7c90";
    assert_eq!(
        app.save("pulse", key, json!({"answers": {"recommend": 2}, "complete": false, "sequence": 1})).await.status,
        200
    );
    assert_eq!(answer(&app).await.status, 201);
    assert_eq!(status(&app, &jo).await, "live");
    // The second finished one (a save that finishes) closes it, for good.
    let finished = app.save("pulse", key, json!({"answers": {"recommend": 3}, "sequence": 2, "complete": true})).await;
    assert_eq!(finished.status, 200, "{}", finished.body);
    assert_eq!(status(&app, &jo).await, "closed");
    let late = answer(&app).await;
    assert_eq!((late.status.as_u16(), late.code()), (410, "survey_closed".to_owned()));
    assert_eq!(app.stored("pulse").await, 2);
    let entries = logged(&app, &jo, "survey_status_changed").await;
    assert_eq!(
        (entries[0]["actor_kind"].as_str(), entries[0]["actor_name"].as_str(), entries[0]["detail"].as_str()),
        (Some("system"), Some("schedule"), Some("closed: 2 responses finished")),
        "{entries:?}"
    );
    assert_eq!(logged(&app, &jo, "survey_schedule_set").await.len(), 2);
    // A schedule cannot open it again.
    let reopen = call(&app, &jo, "PUT", SCHEDULE, Some(json!({"closes_at": now + HOUR}))).await;
    assert_eq!(reopen.status, 409, "{}", reopen.body);
}

#[tokio::test]
async fn a_survey_closes_when_its_plan_is_done_and_when_its_time_comes() {
    let app = TestApp::start().await;
    let (jo, session) = live_pulse(&app).await;
    let owner = me(&app, &session).await["user"]["id"].as_str().unwrap().to_owned();
    let plan = json!({"heard": "Slow", "questions": ["recommend"], "will_do": "Faster", "owner": owner,
                      "due": "2027-03-31"});
    let made = call(&app, &jo, "POST", "/admin/api/surveys/pulse/plans", Some(plan)).await;
    let plan_id = made.json()["id"].as_str().unwrap().to_owned();
    let set = call(&app, &jo, "PUT", SCHEDULE, Some(json!({"close_when_done": plan_id}))).await;
    assert_eq!(set.status, 200, "{}", set.body);
    let updates = format!("/admin/api/surveys/pulse/plans/{plan_id}/updates");
    let moving = json!({"body": "Started", "status": "in_progress"});
    assert_eq!(call(&app, &jo, "POST", &updates, Some(moving)).await.status, 201);
    assert_eq!(status(&app, &jo).await, "live");
    assert_eq!(answer(&app).await.status, 201);
    let done = json!({"body": "Shipped", "status": "done"});
    assert_eq!(call(&app, &jo, "POST", &updates, Some(done)).await.status, 201);
    assert_eq!(status(&app, &jo).await, "closed");
    assert_eq!(answer(&app).await.status, 410);
    let entries = logged(&app, &jo, "survey_status_changed").await;
    assert_eq!(entries[0]["detail"], "closed: its action plan is done");

    // A second survey whose closing time passes while nobody visits: the minute's round closes it.
    let mut second = definition();
    second["definition"]["id"] = json!("later");
    assert_eq!(call(&app, &jo, "POST", "/admin/api/surveys", Some(second)).await.status, 201);
    let live = json!({"status": "live"});
    assert_eq!(call(&app, &jo, "POST", "/admin/api/surveys/later/status", Some(live)).await.status, 200);
    let closes = now_millis() + HOUR;
    let set = call(&app, &jo, "PUT", "/admin/api/surveys/later/schedule", Some(json!({"closes_at": closes}))).await;
    assert_eq!(set.status, 200, "{}", set.body);
    let store = app.store.as_ref();
    assert_eq!(hearback_server::schedules::close_due(store, closes - 1).await.unwrap(), 0);
    assert_eq!(call(&app, &jo, "GET", "/admin/api/surveys/later", None).await.json()["status"], "live");
    assert_eq!(hearback_server::schedules::close_due(store, closes).await.unwrap(), 1);
    assert_eq!(call(&app, &jo, "GET", "/admin/api/surveys/later", None).await.json()["status"], "closed");
    // The next round finds nothing more to close.
    assert_eq!(hearback_server::schedules::close_due(store, closes + HOUR).await.unwrap(), 0);
    let entries = logged(&app, &jo, "survey_status_changed").await;
    assert_eq!(
        (entries[0]["object_id"].as_str(), entries[0]["detail"].as_str()),
        (Some("later"), Some("closed: its closing time came"))
    );
}
