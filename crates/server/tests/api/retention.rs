//! A survey's answer retention (`http::admin::retention`, `store::retention`,
//! `workers::expire_answers`): past the period a response goes with its replies, "Did this fix
//! it?" answers and contact details, while what it counted stays — results equal before and
//! after, kept aggregates equal a rebuild, published pages do not change — and instances that
//! run the job at once delete each response once. Bad settings are refused and change nothing.

use crate::admin::{call, join, sign_up, Browser, Who};
use crate::helpers::TestApp;
use crate::rights::{call_survey, published_with_a_plan_asking_again};
use hearback_core::{Completion, RawResponse, Response};
use hearback_server::store::{now_millis, Imported};
use hearback_server::workers::expire_answers;
use serde_json::{json, Value};

const DAY: i64 = 86_400_000;
const URL: &str = "/admin/api/surveys/call/answer-retention";

/// A live survey `call` of Jo's organisation with three responses given now (Ann's with
/// contact details) and four imported as given 40 days ago.
async fn survey_with_old_and_new_answers(app: &TestApp) -> Browser {
    let owner = call_survey(app).await;
    for (i, key) in ["key-ann", "key-bob", "key-cat"].iter().enumerate() {
        let mut answers = json!({"nps": 8 + i, "why": format!("Fresh reason {i}")});
        if i == 0 {
            answers["reach"] = json!({"email": "ann@example.com"});
        }
        let saved = app.save("call", key, json!({"answers": answers, "complete": true, "sequence": 1})).await;
        assert!(saved.status.is_success(), "{}", saved.body);
    }
    let survey = app.store.survey("call").await.unwrap().unwrap().survey;
    let old: Vec<Imported> = (0..4)
        .map(|i| {
            let raw: RawResponse =
                serde_json::from_value(json!({"answers": {"nps": i, "why": "slow exports"}})).unwrap();
            Imported {
                response: Response::parse_with(&survey, &raw, &Default::default(), Completion::Complete).unwrap(),
                customer: Default::default(),
                created_at: now_millis() - 40 * DAY - i64::from(i) * DAY,
            }
        })
        .collect();
    app.store.import_responses(&survey, &old).await.unwrap();
    owner
}

/// The company's own results and weekly trend (twelve weeks, the old answers in them): what
/// expiring must not change.
async fn results(app: &TestApp, jo: &Who) -> (Value, Value) {
    let read = |what: &'static str| async move {
        let reply = call(app, jo, "GET", &format!("/admin/api/surveys/call/{what}"), None).await;
        assert_eq!(reply.status, 200, "{what}: {}", reply.body);
        reply.json()
    };
    (read("results").await, read("results/trend?bucket=week").await)
}

async fn kept_equal_rebuilt(app: &TestApp) {
    let survey = app.store.survey("call").await.unwrap().unwrap().survey;
    let kept = app.store.aggregate_cells(survey.id()).await.unwrap();
    app.store.rebuild_aggregates(&survey, &|_, _| ()).await.unwrap();
    assert_eq!(kept, app.store.aggregate_cells(survey.id()).await.unwrap(), "kept aggregates equal a rebuild");
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    hearback_server::testing::count(&app.database_url, sql).await
}

#[tokio::test]
async fn past_its_period_an_answer_goes_with_everything_tied_to_it_and_its_counts_stay() {
    let app = TestApp::start().await;
    let owner = survey_with_old_and_new_answers(&app).await;
    let jo = Who::Browser(owner.clone());
    let fresh = call(&app, &jo, "GET", URL, None).await;
    assert_eq!(fresh.json(), json!({"days": null, "kept": 7, "past": 0, "expired": 0}), "kept for good at first");
    assert_eq!(expire_answers(app.store.as_ref(), now_millis()).await.unwrap(), 0, "no period, nothing goes");

    // The results are published with a plan; Ann replies to it and answers its follow-up.
    let plan = published_with_a_plan_asking_again(&app, &owner).await;
    let reply = format!("/api/v1/results/call/plans/{plan}/replies");
    assert_eq!(app.as_respondent("POST", &reply, "key-ann", Some(json!({"body": "Mondays"}))).await.status, 201);
    let follow_up = format!("/api/v1/results/call/plans/{plan}/follow-up");
    assert!(app.as_respondent("POST", &follow_up, "key-ann", Some(json!({"value": 9}))).await.status.is_success());
    let published = app.get("/api/v1/results/call").await.body;
    let before = results(&app, &jo).await;
    assert_eq!(before.0["responses"], 7, "{}", before.0);

    // Thirty days: the four old answers are past it, and the answer says so.
    let set = call(&app, &jo, "PUT", URL, Some(json!({"days": 30}))).await;
    assert_eq!(set.status, 200, "{}", set.body);
    assert_eq!(set.json(), json!({"days": 30, "kept": 7, "past": 4, "expired": 0}));
    assert_eq!(expire_answers(app.store.as_ref(), now_millis()).await.unwrap(), 4);
    assert_eq!(expire_answers(app.store.as_ref(), now_millis()).await.unwrap(), 0, "a second round finds none");
    assert_eq!(app.stored("call").await, 3);
    assert_eq!(call(&app, &jo, "GET", URL, None).await.json(), json!({"days": 30, "kept": 3, "past": 0, "expired": 4}));
    assert_eq!(results(&app, &jo).await, before, "results and trend read the same without the raw answers");
    kept_equal_rebuilt(&app).await;
    let log = call(&app, &jo, "GET", "/admin/api/audit?action=answers_expired", None).await.json();
    assert_eq!(log["entries"][0]["detail"], "4 responses, past 30 days", "{log}");
    assert_eq!(log["entries"][0]["actor_kind"], "system");

    // A month on, the fresh ones go too, with Ann's reply, follow-up answer and contact details.
    let later = now_millis() + 31 * DAY;
    assert_eq!(expire_answers(app.store.as_ref(), later).await.unwrap(), 3);
    assert_eq!(app.stored("call").await, 0);
    for (what, sql) in [
        ("contact details", "SELECT COUNT(*) FROM contact_details"),
        ("replies", "SELECT COUNT(*) FROM plan_replies"),
        ("follow-up answers", "SELECT COUNT(*) FROM follow_up_answers"),
        ("keys", "SELECT COUNT(*) FROM idempotency_keys WHERE survey_id = 'call'"),
    ] {
        assert_eq!(count(&app, sql).await, 0, "{what} left");
    }
    assert_eq!(results(&app, &jo).await, before, "all seven still counted");
    kept_equal_rebuilt(&app).await;
    assert_eq!(app.get("/api/v1/results/call").await.body, published, "the published page is as published");
    assert_eq!(app.as_respondent("GET", "/api/v1/results/call/answers", "key-ann", None).await.status, 403);
    // A new answer is counted on top of the expired ones.
    let saved = app.save("call", "key-dan", json!({"answers": {"nps": 10}, "complete": true, "sequence": 1})).await;
    assert!(saved.status.is_success(), "{}", saved.body);
    assert_eq!(app.counted("call", "").await["responses"], 8);
    kept_equal_rebuilt(&app).await;

    // For good again: nothing more goes.
    let set = call(&app, &jo, "PUT", URL, Some(json!({"days": null}))).await;
    assert_eq!(set.json(), json!({"days": null, "kept": 1, "past": 0, "expired": 7}));
    assert_eq!(expire_answers(app.store.as_ref(), later + 400 * DAY).await.unwrap(), 0);
}

#[tokio::test]
async fn instances_running_the_job_at_once_delete_each_answer_once() {
    let app = TestApp::start().await;
    let owner = survey_with_old_and_new_answers(&app).await;
    let jo = Who::Browser(owner.clone());
    let before = results(&app, &jo).await;
    call(&app, &jo, "PUT", URL, Some(json!({"days": 1}))).await;
    let later = now_millis() + 2 * DAY;
    let (a, b, c) = tokio::join!(
        expire_answers(app.store.as_ref(), later),
        expire_answers(app.store.as_ref(), later),
        expire_answers(app.store.as_ref(), later),
    );
    assert_eq!(a.unwrap() + b.unwrap() + c.unwrap(), 7, "each response deleted by one of them");
    assert_eq!(app.stored("call").await, 0);
    assert_eq!(call(&app, &jo, "GET", URL, None).await.json()["expired"], 7, "counted once");
    assert_eq!(results(&app, &jo).await, before);
    kept_equal_rebuilt(&app).await;
}

#[tokio::test]
async fn bad_settings_are_refused_and_change_nothing() {
    let app = TestApp::start().await;
    let owner = survey_with_old_and_new_answers(&app).await;
    let jo = Who::Browser(owner.clone());
    assert_eq!(call(&app, &jo, "PUT", URL, Some(json!({"days": 90}))).await.status, 200);
    // Out of range: 422 with the range; not a whole number of days, or not the body: 400/422
    // naming what is wrong.
    for (body, status, why) in [
        (json!({"days": 0}), 422, "1 to 3650"),
        (json!({"days": 3651}), 422, "1 to 3650"),
        (json!({"days": -1}), 400, "expected u32"),
        (json!({"days": "30"}), 400, "expected u32"),
        (json!({"days": 1.5}), 400, "expected u32"),
        (json!({}), 400, "missing field `days`"),
        (json!({"days": 30, "delete_now": true}), 400, "delete_now"),
        (json!(null), 400, "invalid"),
    ] {
        let refused = call(&app, &jo, "PUT", URL, Some(body.clone())).await;
        assert_eq!(refused.status, status, "{body}: {}", refused.body);
        assert!(refused.body.contains(why), "{body}: {}", refused.body);
    }
    let editor = Who::Browser(join(&app, &owner, "ed@example.com", "editor").await);
    let viewer = Who::Browser(join(&app, &owner, "vi@example.com", "viewer").await);
    for (who, status) in [(&editor, 403), (&viewer, 403), (&Who::Nobody, 401)] {
        assert_eq!(call(&app, who, "PUT", URL, Some(json!({"days": 1}))).await.status, status);
    }
    assert_eq!(call(&app, &viewer, "GET", URL, None).await.json()["days"], 90, "members read it");
    let other = Who::Browser(sign_up(&app, "al@example.com", "Other").await);
    for (who, url) in [(&other, URL), (&jo, "/admin/api/surveys/nope/answer-retention")] {
        assert_eq!(call(&app, who, "PUT", url, Some(json!({"days": 1}))).await.status, 404, "{url}");
        assert_eq!(call(&app, who, "GET", url, None).await.status, 404, "{url}");
    }
    assert_eq!(call(&app, &jo, "GET", URL, None).await.json()["days"], 90, "still 90 days");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM answer_retention").await, 1);
    let log = call(&app, &jo, "GET", "/admin/api/audit?action=answer_retention_set", None).await.json();
    assert_eq!(log["entries"].as_array().unwrap().len(), 1, "only the one accepted change: {log}");
    assert_eq!(expire_answers(app.store.as_ref(), now_millis()).await.unwrap(), 0, "nothing is 90 days old");
    assert_eq!(app.stored("call").await, 7);
}
