//! Action plans over the admin API: editors write them, owners (any role) post updates, every
//! member reads; each bad input refused with its reason and nothing changed; the owner told by
//! e-mail.

use crate::admin::{call, join, me, sign_up, Who};
use crate::helpers::TestApp;
use serde_json::{json, Value};

fn definition() -> Value {
    json!({"definition": {"id": "pulse", "title": "Pulse", "questions": [
        {"id": "recommend", "kind": "nps", "prompt": "Recommend us?", "required": true},
        {"id": "why", "kind": "long_text", "prompt": "Why?"}
    ]}, "allowed_origins": []})
}

fn plan(owner: &str) -> Value {
    json!({"heard": "Exports are slow on big projects", "questions": ["recommend", "why"],
           "themes": [{"question": "why", "term": " Slow  Exports"}],
           "will_do": "Move exports to a background job", "owner": owner, "due": "2027-03-31"})
}

#[tokio::test]
async fn editors_write_plans_owners_post_updates_and_every_member_reads_them() {
    let app = TestApp::start().await;
    let owner_session = sign_up(&app, "jo@example.com", "Acme").await;
    let jo = Who::Browser(owner_session.clone());
    assert_eq!(call(&app, &jo, "POST", "/admin/api/surveys", Some(definition())).await.status, 201);
    let exec = join(&app, &owner_session, "exec@example.com", "viewer").await;
    let exec_id = me(&app, &exec).await["user"]["id"].as_str().unwrap().to_owned();
    let exec = Who::Browser(exec);

    let made = call(&app, &jo, "POST", "/admin/api/surveys/pulse/plans", Some(plan(&exec_id))).await;
    assert_eq!(made.status, 201, "{}", made.body);
    assert_eq!(made.json()["owner_emailed"], false, "no SMTP here");
    let plan_id = made.json()["id"].as_str().unwrap().to_owned();

    // The executive reads it, and as its owner posts an update that moves it along.
    let listed = call(&app, &exec, "GET", "/admin/api/surveys/pulse/plans", None).await.json();
    let first = &listed["plans"][0];
    assert_eq!(
        (first["owner"]["name"].as_str(), first["owner"]["role"].as_str()),
        (Some("New Member"), Some("viewer"))
    );
    assert_eq!((first["status"].as_str(), first["due"].as_str()), (Some("planned"), Some("2027-03-31")));
    assert_eq!(first["questions"], json!(["recommend", "why"]));
    assert_eq!(first["themes"], json!([{"question": "why", "term": "slow exports"}]), "written as results write terms");
    let updates = format!("/admin/api/surveys/pulse/plans/{plan_id}/updates");
    let update = json!({"body": "Prototype running on staging", "status": "in_progress"});
    assert_eq!(call(&app, &exec, "POST", &updates, Some(update)).await.status, 201);
    // A viewer who does not own the plan writes nothing.
    let other = Who::Browser(join(&app, &owner_session, "other@example.com", "viewer").await);
    let refused = call(&app, &other, "POST", &updates, Some(json!({"body": "Me too"}))).await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert_eq!(call(&app, &exec, "POST", "/admin/api/surveys/pulse/plans", Some(plan(&exec_id))).await.status, 403);

    // An editor marks it won't do, with the reason; the timeline says who and when.
    let mut changed = plan(&exec_id);
    changed["status"] = json!("wont_do");
    changed["reason"] = json!("A faster export engine replaces the old one next quarter");
    let uri = format!("/admin/api/surveys/pulse/plans/{plan_id}");
    assert_eq!(call(&app, &jo, "PUT", &uri, Some(changed)).await.status, 200);
    let listed = call(&app, &jo, "GET", "/admin/api/surveys/pulse/plans", None).await.json();
    let timeline: Vec<(Value, Value, Value)> = listed["plans"][0]["updates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["author"].clone(), u["status"].clone(), u["body"].clone()))
        .collect();
    assert_eq!(
        timeline,
        [
            (json!("New Member"), json!("in_progress"), json!("Prototype running on staging")),
            (json!("Jo Owner"), json!("wont_do"), json!("A faster export engine replaces the old one next quarter")),
        ]
    );
    assert_eq!(listed["plans"][0]["reason"], "A faster export engine replaces the old one next quarter");
    assert_eq!(call(&app, &jo, "DELETE", &uri, None).await.status, 204);
    assert_eq!(call(&app, &jo, "DELETE", &uri, None).await.status, 404);
}

#[tokio::test]
async fn bad_plans_are_refused_with_the_reason_and_change_nothing() {
    let app = TestApp::start().await;
    let owner_session = sign_up(&app, "jo@example.com", "Acme").await;
    let jo = Who::Browser(owner_session.clone());
    call(&app, &jo, "POST", "/admin/api/surveys", Some(definition())).await;
    let jo_id = me(&app, &owner_session).await["user"]["id"].as_str().unwrap().to_owned();
    // Someone in another organisation cannot own Acme's plan.
    let elsewhere = sign_up(&app, "sam@example.com", "Other").await;
    let sam_id = me(&app, &elsewhere).await["user"]["id"].as_str().unwrap().to_owned();
    let with = |field: &str, value: Value| {
        let mut p = plan(&jo_id);
        p[field] = value;
        p
    };
    let cases = [
        (with("owner", Value::Null), "a plan needs an owner"),
        (with("due", Value::Null), "a plan needs a due date"),
        (with("due", json!("next week")), "is not a date like 2027-03-31"),
        (with("heard", json!("")), "say what you heard"),
        (with("will_do", json!("   ")), "say what you will do"),
        (with("status", json!("wont_do")), "say why it will not be done"),
        (with("status", json!("someday")), "`someday` is not a status"),
        (with("questions", json!(["nope"])), "the survey has no question `nope`"),
        (
            with("themes", json!([{"question": "recommend", "term": "slow"}])),
            "`recommend: slow` is not a comment theme",
        ),
        (with("themes", json!([{"question": "why", "term": "one two three four"}])), "is not a comment theme"),
        (with("owner", json!(sam_id)), "the owner must be a member of your organisation"),
        (with("owner", json!("no-such-user")), "the owner must be a member of your organisation"),
    ];
    for (body, says) in cases {
        let reply = call(&app, &jo, "POST", "/admin/api/surveys/pulse/plans", Some(body.clone())).await;
        assert_eq!(reply.status, 422, "{body}: {}", reply.body);
        assert!(reply.body.contains(says), "{body}: {}", reply.body);
    }
    let unknown = call(&app, &jo, "POST", "/admin/api/surveys/pulse/plans", Some(with("colour", json!("red")))).await;
    assert_eq!(unknown.status, 400, "a field plans do not have is malformed input");
    assert!(unknown.body.contains("unknown field `colour`"), "{}", unknown.body);
    assert_eq!(call(&app, &jo, "GET", "/admin/api/surveys/pulse/plans", None).await.json()["plans"], json!([]));
    // HTML goes in and comes back as the text it is.
    let html = with("will_do", json!("<script>alert('x')</script> & <b>more</b>"));
    assert_eq!(call(&app, &jo, "POST", "/admin/api/surveys/pulse/plans", Some(html)).await.status, 201);
    let listed = call(&app, &jo, "GET", "/admin/api/surveys/pulse/plans", None).await.json();
    assert_eq!(listed["plans"][0]["will_do"], "<script>alert('x')</script> & <b>more</b>");
    let id = listed["plans"][0]["id"].as_str().unwrap();
    let updates = format!("/admin/api/surveys/pulse/plans/{id}/updates");
    for (body, says) in [
        (json!({"body": "  "}), "an update says something"),
        (json!({"body": "Later", "status": "wont_do"}), "say why it will not be done"),
        (json!({"body": "Done", "status": "done", "reason": "x"}), "only a plan that will not be done has a reason"),
    ] {
        let reply = call(&app, &jo, "POST", &updates, Some(body.clone())).await;
        assert_eq!(reply.status, 422, "{body}: {}", reply.body);
        assert!(reply.body.contains(says), "{body}: {}", reply.body);
    }
    let listed = call(&app, &jo, "GET", "/admin/api/surveys/pulse/plans", None).await.json();
    assert_eq!(
        (listed["plans"][0]["status"].as_str(), listed["plans"][0]["updates"].as_array().map(Vec::len)),
        (Some("planned"), Some(0))
    );
}

#[tokio::test]
async fn a_new_owner_is_told_by_email_from_whoever_assigned_the_plan() {
    use hearback_server::http::HttpConfig;
    let config = HttpConfig {
        send_mail: true,
        public_url: Some("https://feedback.acme.example".into()),
        ..HttpConfig::default()
    };
    let app = TestApp::with_config(config).await;
    let owner_session = sign_up(&app, "jo@example.com", "Acme").await;
    let jo = Who::Browser(owner_session.clone());
    call(&app, &jo, "POST", "/admin/api/surveys", Some(definition())).await;
    let jo_id = me(&app, &owner_session).await["user"]["id"].as_str().unwrap().to_owned();
    let exec = join(&app, &owner_session, "exec@example.com", "viewer").await;
    let exec_id = me(&app, &exec).await["user"]["id"].as_str().unwrap().to_owned();
    let before = app.store.mail_log(50).await.unwrap().len();
    // Jo takes a plan herself: nobody to tell.
    let mine = call(&app, &jo, "POST", "/admin/api/surveys/pulse/plans", Some(plan(&jo_id))).await;
    assert_eq!(mine.json()["owner_emailed"], false);
    // Then hands it to the executive, who is told.
    let uri = format!("/admin/api/surveys/pulse/plans/{}", mine.json()["id"].as_str().unwrap());
    let handed = call(&app, &jo, "PUT", &uri, Some(plan(&exec_id))).await;
    assert_eq!(handed.json()["owner_emailed"], true, "{}", handed.body);
    let log = app.store.mail_log(50).await.unwrap();
    assert_eq!(log.len(), before + 1);
    assert_eq!(log[0].recipient, "exec@example.com");
    assert_eq!(log[0].subject, "You own an action plan for “Pulse”, due 2027-03-31");
}
