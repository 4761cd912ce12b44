//! A respondent's rights over their answers (`http::own_answers`): with their receipt they
//! download everything the survey keeps of theirs, and delete it — the answers, contact details,
//! replies to plans, "Did this fix it?" answers, the address following with the receipt and its
//! news not sent yet — after which the receipt opens nothing, the kept results equal a rebuild,
//! and the published numbers stay as published. Bad receipts change nothing.

use crate::admin::{call, me, sign_up, Browser, Who};
use crate::follow::with_mail;
use crate::helpers::{TestApp, HOST};
use serde_json::{json, Value};

/// Jo's live survey `call` (a score, a reason, an address to be called back at); Jo's browser.
pub(crate) async fn call_survey(app: &TestApp) -> Browser {
    let owner = sign_up(app, "jo@example.com", "Acme").await;
    let jo = Who::Browser(owner.clone());
    let definition = json!({"definition": {"id": "call", "title": "Call", "questions": [
        {"id": "nps", "kind": "nps", "prompt": "Recommend?", "required": true},
        {"id": "why", "kind": "long_text", "prompt": "Why?"},
        {"id": "reach", "kind": "contact_details", "prompt": "How can we reach you?",
         "fields": ["email"], "purpose": "Only to call you back about these answers."}
    ]}, "allowed_origins": [HOST]});
    assert_eq!(call(app, &jo, "POST", "/admin/api/surveys", Some(definition)).await.status, 201);
    call(app, &jo, "POST", "/admin/api/surveys/call/status", Some(json!({"status": "live"}))).await;
    owner
}

/// `call` published with a plan Jo owns, done and asking "Better now?"; the plan's id.
pub(crate) async fn published_with_a_plan_asking_again(app: &TestApp, owner: &Browser) -> String {
    let jo = Who::Browser(owner.clone());
    let jo_id = me(app, owner).await["user"]["id"].as_str().unwrap().to_owned();
    let plan = json!({"heard": "Slow", "questions": ["nps"], "will_do": "Faster", "owner": jo_id, "due": "2027-03-31"});
    let plan = call(app, &jo, "POST", "/admin/api/surveys/call/plans", Some(plan)).await.json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let publish = json!({"summary": "We heard: slow.", "visibility": "public"});
    assert_eq!(call(app, &jo, "POST", "/admin/api/surveys/call/publication", Some(publish)).await.status, 201);
    let done = json!({"body": "Shipped", "status": "done"});
    call(app, &jo, "POST", &format!("/admin/api/surveys/call/plans/{plan}/updates"), Some(done)).await;
    let ask = json!({"question": "nps", "prompt": "Better now?"});
    assert_eq!(
        call(app, &jo, "PUT", &format!("/admin/api/surveys/call/plans/{plan}/follow-up"), Some(ask)).await.status,
        204
    );
    plan
}

#[tokio::test]
async fn a_respondent_downloads_everything_of_theirs_and_deletes_it_and_only_it() {
    let (app, _sink, _mailer) = with_mail().await;
    let owner = call_survey(&app).await;
    let jo = Who::Browser(owner.clone());
    let keys = ["key-ann", "key-bob", "key-cat", "key-dan", "key-eve", "key-fay"];
    for (i, key) in keys.iter().enumerate() {
        let mut answers = json!({"nps": 2 + i, "why": format!("Reason {i}")});
        if i == 0 {
            answers["reach"] = json!({"email": "ann@example.com"});
        }
        let saved = app.save("call", key, json!({"answers": answers, "complete": true, "sequence": 1})).await;
        assert!(saved.status.is_success(), "{}", saved.body);
    }

    // Published, with a plan done and asking again; Ann replies, answers and follows by e-mail.
    let plan = published_with_a_plan_asking_again(&app, &owner).await;
    let reply = format!("/api/v1/results/call/plans/{plan}/replies");
    let ann = |method: &'static str, uri: String, body: Option<Value>| {
        let app = &app;
        async move { app.as_respondent(method, &uri, "key-ann", body).await }
    };
    assert_eq!(ann("POST", reply, Some(json!({"body": "Still slow on Mondays"}))).await.status, 201);
    let follow_up = format!("/api/v1/results/call/plans/{plan}/follow-up");
    assert!(ann("POST", follow_up, Some(json!({"value": 8}))).await.status.is_success());
    let follow = ann("POST", "/api/v1/results/call/follow".into(), Some(json!({"email": "ann@example.com"}))).await;
    assert_eq!(follow.status, 202, "{}", follow.body);
    app.as_respondent("POST", "/api/v1/results/call/follow", "key-bob", Some(json!({"email": "bob@example.com"})))
        .await;
    let published = app.get("/api/v1/results/call").await.json();

    // The download: everything of Ann's, as a file, and nothing of anyone else's.
    let own = "/api/v1/results/call/answers".to_owned();
    let download = ann("GET", own.clone(), None).await;
    assert_eq!(download.status, 200, "{}", download.body);
    assert_eq!(download.headers["content-disposition"], "attachment; filename=\"answers-call.json\"");
    let yours = download.json();
    assert_eq!(yours["answers"]["answers"]["nps"], 2);
    assert_eq!(yours["answers"]["answers"]["why"], "Reason 0");
    assert_eq!(yours["contact"]["email"], "ann@example.com");
    assert_eq!(yours["contact"]["purpose"], "Only to call you back about these answers.");
    assert_eq!(yours["replies"][0]["body"], "Still slow on Mondays");
    assert_eq!(yours["follow_up_answers"][0]["value"], 8);
    assert_eq!(yours["following"], json!([{"email": "ann@example.com", "confirmed": false}]));
    assert!(!download.body.contains("Reason 1") && !download.body.contains("bob@"), "{}", download.body);

    // Bad receipts: refused, nothing deleted.
    for (key, status) in [("", 401), ("made-up", 403), (&"x".repeat(101), 403)] {
        let refused = app.as_respondent("DELETE", &own, key, None).await;
        assert_eq!(refused.status, status, "{key}: {}", refused.body);
        assert_eq!(app.as_respondent("GET", &own, key, None).await.status, status);
    }
    assert_eq!(app.stored("call").await, 6);

    // Deleted: all of it, and only it.
    let pending_before = count(&app, "SELECT COUNT(*) FROM mail_outbox WHERE recipient LIKE '%ann@example.com%'").await;
    assert!(pending_before >= 1, "Ann's confirmation was queued");
    assert_eq!(ann("DELETE", own.clone(), None).await.status, 204);
    assert_eq!(app.stored("call").await, 5);
    for (what, sql) in [
        ("contact details", "SELECT COUNT(*) FROM contact_details"),
        ("replies", "SELECT COUNT(*) FROM plan_replies"),
        ("follow-up answers", "SELECT COUNT(*) FROM follow_up_answers"),
        ("Ann following", "SELECT COUNT(*) FROM followers WHERE email = 'ann@example.com'"),
        (
            "mail to Ann",
            "SELECT COUNT(*) FROM mail_outbox WHERE recipient LIKE '%ann@example.com%' AND status = 'pending'",
        ),
    ] {
        assert_eq!(count(&app, sql).await, 0, "{what} left");
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM followers WHERE email = 'bob@example.com'").await, 1, "Bob's kept");
    let bob = "SELECT COUNT(*) FROM mail_outbox WHERE recipient LIKE '%bob@example.com%' AND status = 'pending'";
    assert_eq!(count(&app, bob).await, 1, "Bob's confirmation kept");
    // The receipt opens nothing now; deleting again is refused the same way.
    for uri in [own.clone(), "/api/v1/results/call/receipt".into()] {
        assert_eq!(ann("GET", uri, None).await.status, 403);
    }
    assert_eq!(ann("DELETE", own, None).await.status, 403);
    assert_eq!(app.as_respondent("GET", "/api/v1/results/call/answers", "key-bob", None).await.status, 200);

    // The kept results no longer count Ann and equal a rebuild; the published page is unchanged.
    let survey = app.store.survey("call").await.unwrap().unwrap().survey;
    let kept = app.store.aggregate_cells(survey.id()).await.unwrap();
    app.store.rebuild_aggregates(&survey, &|_, _| ()).await.unwrap();
    assert_eq!(kept, app.store.aggregate_cells(survey.id()).await.unwrap());
    assert_eq!(app.counted("call", "").await["responses"], 5);
    assert_eq!(app.get("/api/v1/results/call").await.json()["results"], published["results"]);
    // The company's audit log says a respondent deleted a response.
    let log = call(&app, &jo, "GET", "/admin/api/audit?action=response_deleted", None).await;
    assert!(log.body.contains("respondent"), "{}", log.body);
}

/// One number a query counts in the app's database.
async fn count(app: &crate::helpers::TestApp, sql: &str) -> i64 {
    hearback_server::testing::count(&app.database_url, sql).await
}
