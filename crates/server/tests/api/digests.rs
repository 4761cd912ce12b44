//! The weekly digest over HTTP and through its worker: a member asks for it, previews it, gets it
//! once a week (never twice, nothing when there is nothing to say), each item linking into the
//! app; follow-up scores show when they moved.

use crate::admin::{call, join, me, sign_up, Who};
use crate::helpers::TestApp;
use hearback_server::digest::{send_due, WEEK_MS};
use hearback_server::store::now_millis;
use serde_json::json;

const BASE: &str = "https://feedback.acme.example";

#[tokio::test]
async fn a_member_who_asks_gets_their_week_once_a_week_with_links_into_the_app() {
    let app = TestApp::start().await;
    let jo_browser = sign_up(&app, "jo@example.com", "Acme").await;
    let sam_browser = join(&app, &jo_browser, "sam@example.com", "viewer").await;
    let sam_id = me(&app, &sam_browser).await["user"]["id"].as_str().unwrap().to_owned();
    let (jo, sam) = (Who::Browser(jo_browser), Who::Browser(sam_browser));
    let pulse = json!({"definition": {"id": "pulse", "title": "Pulse", "questions": [
        {"id": "recommend", "kind": "nps", "prompt": "Recommend us?", "required": true},
        {"id": "why", "kind": "long_text", "prompt": "Why?"}
    ]}, "allowed_origins": []});
    assert_eq!(call(&app, &jo, "POST", "/admin/api/surveys", Some(pulse)).await.status, 201);
    assert_eq!(
        call(&app, &jo, "POST", "/admin/api/surveys/pulse/status", Some(json!({"status": "live"}))).await.status,
        200
    );
    let rules = json!({"rules": [{"question": "recommend", "at_most": 6, "owners": [sam_id], "due_business_days": 1}]});
    assert_eq!(call(&app, &jo, "PUT", "/admin/api/surveys/pulse/case-rules", Some(rules)).await.status, 204);
    let plan = json!({"heard": "Slow", "questions": ["recommend"], "will_do": "Answer within a day", "owner": sam_id, "due": hearback_core::trend::label(now_millis() / 86_400_000 + 3)});
    let plan = call(&app, &jo, "POST", "/admin/api/surveys/pulse/plans", Some(plan)).await.json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for (key, score, why) in [("k1", 2, "Support is slow"), ("k2", 9, "Great exports"), ("k3", 8, "")] {
        let answers =
            if why.is_empty() { json!({"recommend": score}) } else { json!({"recommend": score, "why": why}) };
        assert!(app
            .save("pulse", key, json!({"answers": answers, "complete": true, "sequence": 1}))
            .await
            .status
            .is_success());
    }

    // The preview: the week's comments, Sam's case and plan, each with its link.
    let preview = call(&app, &sam, "GET", "/admin/api/me/digest", None).await;
    assert_eq!(preview.status, 200, "{}", preview.body);
    let preview = preview.json();
    assert_eq!((preview["weekly"].as_bool(), preview["empty"].as_bool()), (Some(false), Some(false)));
    let text = preview["text"].as_str().unwrap();
    for expected in [
        "New comments since last week: 2",
        "“Great exports” (Pulse)",
        "/admin/surveys/pulse/results",
        "Your cases waiting: 1",
        "A customer of pulse: open",
        "/admin/cases/",
        "Your plans due within a week: 1",
        "“Answer within a day” (Pulse)",
        "/admin/surveys/pulse/plans",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    // Jo owns neither the case nor the plan: only the comments.
    let jo_text =
        call(&app, &jo, "GET", "/admin/api/me/digest", None).await.json()["text"].as_str().unwrap().to_owned();
    assert!(
        jo_text.contains("New comments") && !jo_text.contains("cases waiting") && !jo_text.contains("plans due"),
        "{jo_text}"
    );

    // Asked for: nothing before a week has passed, then once.
    assert_eq!(call(&app, &sam, "PUT", "/admin/api/me/digest", Some(json!({"weekly": true}))).await.status, 204);
    assert_eq!(call(&app, &sam, "GET", "/admin/api/me/digest", None).await.json()["weekly"], true);
    let store = app.store.as_ref();
    let now = now_millis();
    assert_eq!(send_due(store, now, BASE).await.unwrap(), 0, "not a week yet");
    let later = now + WEEK_MS + 60_000;
    assert_eq!(send_due(store, later, BASE).await.unwrap(), 1);
    assert_eq!(send_due(store, later + 60_000, BASE).await.unwrap(), 0, "once a week");
    let mails = store.mail_log(20).await.unwrap();
    let digest = mails.iter().find(|m| m.subject.starts_with("Your week at Acme")).expect("the digest");
    assert_eq!(digest.recipient, "sam@example.com");
    assert_eq!(mails.iter().filter(|m| m.subject.starts_with("Your week")).count(), 1);

    // A follow-up answered since: the next week's digest says the score moved; the week after, it
    // has nothing new about it.
    let ask = json!({"question": "recommend", "prompt": "Better now?"});
    let plan_uri = format!("/admin/api/surveys/pulse/plans/{plan}");
    let done = json!({"body": "Two more people in support", "status": "done"});
    assert_eq!(call(&app, &sam, "POST", &format!("{plan_uri}/updates"), Some(done)).await.status, 201);
    let asked = call(&app, &jo, "PUT", &format!("{plan_uri}/follow-up"), Some(ask)).await;
    assert_eq!(asked.status, 204, "{}", asked.body);
    let publish = json!({"summary": "We heard you.", "visibility": "public"});
    assert_eq!(call(&app, &jo, "POST", "/admin/api/surveys/pulse/publication", Some(publish)).await.status, 201);
    let answer = format!("/api/v1/results/pulse/plans/{plan}/follow-up");
    assert_eq!(app.as_respondent("POST", &answer, "k1", Some(json!({"value": 7}))).await.status, 201);
    let moved = hearback_server::digest::compose(
        store,
        &org(&app, &jo).await,
        &member(&app, &jo, &sam_id).await,
        later,
        &[(plan.clone(), 0)].into_iter().collect(),
        later + WEEK_MS,
    )
    .await
    .unwrap();
    let follow_ups =
        moved.parts.iter().find(|p| p.heading.starts_with("Follow-up scores")).expect("the follow-up part");
    assert_eq!(follow_ups.lines[0].0, "“Answer within a day”: 1 answers to “Better now?”, 7.0 on average");
    let still = hearback_server::digest::compose(
        store,
        &org(&app, &jo).await,
        &member(&app, &jo, &sam_id).await,
        later,
        &moved.counts,
        later + WEEK_MS,
    )
    .await
    .unwrap();
    assert!(still.parts.iter().all(|p| !p.heading.starts_with("Follow-up scores")), "{still:?}");

    // Stopped: no more.
    assert_eq!(call(&app, &sam, "PUT", "/admin/api/me/digest", Some(json!({"weekly": false}))).await.status, 204);
    assert_eq!(send_due(store, later + 2 * WEEK_MS, BASE).await.unwrap(), 0);

    // Bad input changes nothing; a script's token has no digest.
    for bad in [json!({"weekly": "yes"}), json!({}), json!({"weekly": true, "daily": true})] {
        let refused = call(&app, &sam, "PUT", "/admin/api/me/digest", Some(bad.clone())).await;
        assert!(refused.status == 400 || refused.status == 422, "{bad}: {}", refused.status);
    }
    assert_eq!(call(&app, &sam, "GET", "/admin/api/me/digest", None).await.json()["weekly"], false);
    let token = call(&app, &jo, "POST", "/admin/api/tokens", Some(json!({"name": "ci", "scope": "read"}))).await.json();
    let script = Who::Token(token["token"].as_str().unwrap().to_owned());
    assert_eq!(call(&app, &script, "GET", "/admin/api/me/digest", None).await.status, 403);
}

async fn org(app: &TestApp, jo: &Who) -> String {
    let Who::Browser(browser) = jo else { unreachable!() };
    me(app, browser).await["organization"]["id"].as_str().unwrap().to_owned()
}

async fn member(app: &TestApp, jo: &Who, user: &str) -> hearback_server::store::accounts::Member {
    let members = call(app, jo, "GET", "/admin/api/members", None).await.json();
    serde_json::from_value(
        members["members"].as_array().unwrap().iter().find(|m| m["user_id"] == user).unwrap().clone(),
    )
    .unwrap()
}
