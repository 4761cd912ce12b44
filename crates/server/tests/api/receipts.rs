//! Receipts (the key of a finished response, held by the respondent's browser alone): results
//! published for respondents only, the receipt's news, replies to plans and the owner's answers,
//! and the answer e-mailed to a respondent who follows with that receipt.

use crate::admin::{call, join, me, sign_up, Who};
use crate::helpers::TestApp;
use hearback_server::mail::send_due;
use hearback_server::store::now_millis;
use serde_json::{json, Value};

use crate::follow::BASE;

fn definition(id: &str) -> Value {
    json!({"definition": {"id": id, "title": "Pulse", "publish_by": "2027-01-31", "questions": [
        {"id": "recommend", "kind": "nps", "prompt": "Recommend us?", "required": true},
        {"id": "why", "kind": "long_text", "prompt": "Why?"}
    ]}, "allowed_origins": []})
}

/// A survey, live, with finished responses under the given keys (their receipts) and one
/// unfinished one under `half`.
async fn survey_with_answers(app: &TestApp, jo: &Who, id: &str, keys: &[&str]) {
    assert_eq!(call(app, jo, "POST", "/admin/api/surveys", Some(definition(id))).await.status, 201);
    call(app, jo, "POST", &format!("/admin/api/surveys/{id}/status"), Some(json!({"status": "live"}))).await;
    for (i, key) in keys.iter().enumerate() {
        let body = json!({"answers": {"recommend": 3 + i as i64, "why": "Slow"}, "complete": true, "sequence": 1});
        let saved = app.save(id, key, body).await;
        assert!(saved.status.is_success(), "{}", saved.body);
    }
    let half = json!({"answers": {"recommend": 5}, "complete": false, "sequence": 1});
    assert!(app.save(id, &format!("{id}-half"), half).await.status.is_success());
}

#[tokio::test]
async fn a_receipt_opens_results_for_respondents_replies_and_the_owners_answers() {
    let app = TestApp::start().await;
    let owner = sign_up(&app, "jo@example.com", "Acme").await;
    let jo = Who::Browser(owner.clone());
    let max_session = join(&app, &owner, "max@example.com", "viewer").await;
    let max = Who::Browser(max_session.clone());
    let other_viewer = Who::Browser(join(&app, &owner, "vic@example.com", "viewer").await);
    survey_with_answers(&app, &jo, "pulse", &["key-ann", "key-cat", "key-dan", "key-eve", "key-fay"]).await;
    survey_with_answers(&app, &jo, "other", &["key-bob"]).await;
    let receipt = |key: &'static str| {
        let app = &app;
        async move { app.as_respondent("GET", "/api/v1/results/pulse/receipt", key, None).await }
    };

    // What a receipt opens before anything is published: the promised day.
    let missing = receipt("").await;
    assert_eq!((missing.status.as_u16(), missing.code()), (401, "receipt_required".to_owned()));
    for bad in ["made-up", "pulse-half", "key-bob", &"x".repeat(101)] {
        let reply = app.as_respondent("GET", "/api/v1/results/pulse/receipt", bad, None).await;
        assert_eq!((reply.status.as_u16(), reply.code()), (403, "receipt_invalid".to_owned()), "{bad}");
    }
    // A response sent whole through the API is known by its id, which members see: no receipt.
    let posted = app.submit("pulse", json!({"answers": {"recommend": 9}}).to_string(), None).await.json();
    let id = posted["id"].as_str().expect("the new response's id").to_owned();
    let by_id = app.as_respondent("GET", "/api/v1/results/pulse/receipt", &id, None).await;
    assert_eq!(by_id.status, 403, "{}", by_id.body);
    let before = receipt("key-ann").await.json();
    assert_eq!(before["publish_by"], "2027-01-31");
    assert_eq!((before["published"].clone(), before["changed_at"].clone()), (json!(false), Value::Null));
    // The results page: nothing in it, and with the receipt (which its bundle sends) the thanks,
    // the promised day and the way to follow.
    let page = app.get("/r/pulse").await;
    assert_eq!(page.status, 404);
    assert!(page.body.contains(r#"id="results" data-survey="pulse" data-words=""#), "{}", page.body);
    assert!(page.body.contains(r#" data-missing><h1>Not published</h1>"#), "{}", page.body);
    let content = |key: &'static str| {
        let app = &app;
        async move { app.as_respondent("GET", "/r/pulse/content", key, None).await }
    };
    let promised = content("key-ann").await;
    assert_eq!(promised.status, 200);
    for expected in ["<h1>Pulse</h1>", "They are promised by 2027-01-31.", r#"class="follow""#] {
        assert!(promised.body.contains(expected), "{expected} in {}", promised.body);
    }
    for (key, status) in [("", 401), ("made-up", 403), ("key-bob", 403), ("pulse-half", 403)] {
        let refused = content(key).await;
        assert_eq!(refused.status, status, "{key}: {}", refused.body);
        assert!(!refused.body.contains("Pulse"), "{}", refused.body);
    }

    // Published for respondents: only a receipt of this survey (or a member) reads it.
    let publish = json!({"summary": "We heard: too slow.", "visibility": "respondents"});
    assert_eq!(call(&app, &jo, "POST", "/admin/api/surveys/pulse/publication", Some(publish)).await.status, 201);
    let read = |key: &'static str| {
        let app = &app;
        async move { app.as_respondent("GET", "/api/v1/results/pulse", key, None).await.status.as_u16() }
    };
    assert_eq!((read("").await, read("made-up").await, read("key-bob").await), (404, 404, 404));
    assert_eq!(read("key-ann").await, 200);
    assert_eq!(call(&app, &max, "GET", "/api/v1/results/pulse", None).await.status, 200, "members read it too");
    assert_eq!(app.get("/r/pulse/feed.atom").await.status, 404, "no public feed of it");
    // The page holds none of it; the receipt's holder gets it from the content address, with a
    // place for their replies under each plan; members get it in the page itself.
    let page = app.get("/r/pulse").await;
    assert_eq!(page.status, 404);
    assert!(!page.body.contains("We heard: too slow."), "{}", page.body);
    let opened = content("key-ann").await;
    assert_eq!(opened.status, 200);
    assert!(opened.body.contains("We heard: too slow.") && opened.body.contains(r#"class="follow""#));
    assert_eq!(content("key-bob").await.status, 403);
    let members = call(&app, &max, "GET", "/r/pulse", None).await;
    assert_eq!(members.status, 200);
    assert!(members.body.contains("We heard: too slow.") && members.body.contains("members-view"), "{}", members.body);
    let published = receipt("key-ann").await.json();
    assert_eq!(published["published"], true);
    let published_at = published["changed_at"].as_i64().expect("a time once published");

    // A plan owned by Max, a viewer: he answers replies to it; Vic, another viewer, cannot.
    let max_id = me(&app, &max_session).await["user"]["id"].as_str().unwrap().to_owned();
    let plan = json!({"heard": "Too slow", "will_do": "Faster replies", "owner": max_id, "due": "2027-03-31"});
    let plan_id = call(&app, &jo, "POST", "/admin/api/surveys/pulse/plans", Some(plan)).await.json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let replies_uri = format!("/api/v1/results/pulse/plans/{plan_id}/replies");
    let text = "<b>How</b> fast? <script>alert(1)</script>";

    // Bad replies change nothing.
    for (key, body, status, code) in [
        ("", json!({"body": text}), 401, "receipt_required"),
        ("made-up", json!({"body": text}), 403, "receipt_invalid"),
        ("key-bob", json!({"body": text}), 403, "receipt_invalid"),
        ("pulse-half", json!({"body": text}), 403, "receipt_invalid"),
        ("key-ann", json!({"body": "   "}), 422, "invalid_input"),
        ("key-ann", json!({"body": "x".repeat(2001)}), 422, "invalid_input"),
        ("key-ann", json!({"text": text}), 400, "malformed_json"),
    ] {
        let reply = app.as_respondent("POST", &replies_uri, key, Some(body)).await;
        assert_eq!((reply.status.as_u16(), reply.code().as_str()), (status, code), "{key}: {}", reply.body);
    }
    let unknown_plan = app
        .as_respondent("POST", "/api/v1/results/pulse/plans/nope/replies", "key-ann", Some(json!({"body": "Hi"})))
        .await;
    assert_eq!(unknown_plan.status, 404);
    let other_plan = app
        .as_respondent(
            "POST",
            &format!("/api/v1/results/other/plans/{plan_id}/replies"),
            "key-bob",
            Some(json!({"body": "Hi"})),
        )
        .await;
    assert_eq!(other_plan.status, 404, "not published, and not that survey's plan");
    let admin_list = || async { call(&app, &max, "GET", "/admin/api/surveys/pulse/replies", None).await.json() };
    assert_eq!(admin_list().await["replies"], json!([]), "nothing stored by the bad ones");

    let sent = app.as_respondent("POST", &replies_uri, "key-ann", Some(json!({"body": format!("  {text} ")}))).await;
    assert_eq!(sent.status, 201, "{}", sent.body);
    let listed = call(&app, &max, "GET", "/admin/api/surveys/pulse/replies", None).await;
    let reply_id = listed.json()["replies"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(listed.json()["replies"][0]["body"], text, "kept as text, trimmed");
    assert_eq!(listed.json()["replies"][0]["plan_id"], plan_id.as_str());
    for secret in ["key-ann", "receipt", "response"] {
        assert!(!listed.body.contains(secret), "the admin list says nothing of who: {}", listed.body);
    }
    let own = |key: &'static str| {
        let app = &app;
        async move { app.as_respondent("GET", "/api/v1/results/pulse/replies", key, None).await.json()["replies"].clone() }
    };
    assert_eq!(own("key-cat").await, json!([]), "another respondent sees none of Ann's");
    assert_eq!(own("key-ann").await[0]["answer"], Value::Null);

    // Answers: only the plan's owner or an editor, with words in them.
    let answer_uri = format!("/admin/api/surveys/pulse/replies/{reply_id}/answer");
    let by_vic = call(&app, &other_viewer, "POST", &answer_uri, Some(json!({"body": "Soon"}))).await;
    assert_eq!(by_vic.status, 403, "{}", by_vic.body);
    assert_eq!(call(&app, &max, "POST", &answer_uri, Some(json!({"body": " "}))).await.status, 422);
    let unknown =
        call(&app, &max, "POST", "/admin/api/surveys/pulse/replies/nope/answer", Some(json!({"body": "Hi"}))).await;
    assert_eq!(unknown.status, 404);
    assert_eq!(own("key-ann").await[0]["answer"], Value::Null, "no answer stored by the bad ones");
    let answered = call(&app, &max, "POST", &answer_uri, Some(json!({"body": "Within a day, from March."}))).await;
    assert_eq!(answered.status, 204, "{}", answered.body);
    let mine = own("key-ann").await;
    assert_eq!(mine[0]["answer"]["body"], "Within a day, from March.");
    assert_eq!(mine[0]["answer"]["by"], "New Member");
    assert!(receipt("key-ann").await.json()["changed_at"].as_i64().unwrap() >= published_at);

    // A receipt sends at most 20 replies.
    for i in 0..20 {
        let reply =
            app.as_respondent("POST", &replies_uri, "key-cat", Some(json!({"body": format!("Note {i}")}))).await;
        assert_eq!(reply.status, 201);
    }
    let too_many = app.as_respondent("POST", &replies_uri, "key-cat", Some(json!({"body": "Again"}))).await;
    assert_eq!(too_many.status, 422);
    assert!(too_many.body.contains("20 replies"), "{}", too_many.body);

    // A deleted response takes its replies along.
    let responses = call(&app, &jo, "GET", "/admin/api/surveys/pulse/responses", None).await.json();
    let first = responses["responses"].as_array().unwrap().iter().find(|r| r["answers"]["recommend"] == 3).unwrap();
    let gone = call(
        &app,
        &jo,
        "DELETE",
        &format!("/admin/api/surveys/pulse/responses/{}", first["id"].as_str().unwrap()),
        None,
    )
    .await;
    assert_eq!(gone.status, 204, "{}", gone.body);
    let left = admin_list().await;
    assert!(left["replies"].as_array().unwrap().iter().all(|r| r["id"] != reply_id.as_str()), "{left}");
    assert_eq!(receipt("key-ann").await.status, 403, "and the receipt with it");

    // Taken down: no more replies.
    call(&app, &jo, "DELETE", "/admin/api/surveys/pulse/publication", None).await;
    let late = app.as_respondent("POST", &replies_uri, "key-dan", Some(json!({"body": "Hello?"}))).await;
    assert_eq!(late.status, 404);
}

#[tokio::test]
async fn a_respondent_who_follows_with_their_receipt_gets_the_answer_to_their_reply_by_mail() {
    let (app, sink, mailer) = crate::follow::with_mail().await;
    let deliver = || async { send_due(app.store.as_ref(), &mailer, now_millis() + 1).await.unwrap() };
    let owner = sign_up(&app, "jo@example.com", "Acme").await;
    let jo = Who::Browser(owner.clone());
    survey_with_answers(&app, &jo, "pulse", &["key-ann", "key-cat"]).await;
    let follow = |key: &'static str, email: &'static str| {
        let app = &app;
        async move { app.as_respondent("POST", "/api/v1/results/pulse/follow", key, Some(json!({"email": email}))).await }
    };

    // Before anything is published, a receipt may follow; nobody else may; a bad one is refused.
    assert_eq!(follow("", "zed@example.org").await.status, 404);
    assert_eq!(follow("made-up", "zed@example.org").await.status, 403);
    assert_eq!(follow("key-ann", "ann@example.org").await.status, 202);
    assert_eq!(follow("key-cat", "cat@example.org").await.status, 202);
    assert_eq!(deliver().await, 2);
    for message in sink.messages() {
        let text = message.text();
        let start = text.find(&format!("{BASE}/f/confirm/")).unwrap();
        let path = text[start..].split_whitespace().next().unwrap().trim_start_matches(BASE).to_owned();
        assert_eq!(app.post_json(&path, json!({})).await.status, 200);
    }
    let publish = json!({"summary": "We heard: too slow.", "visibility": "respondents"});
    assert_eq!(call(&app, &jo, "POST", "/admin/api/surveys/pulse/publication", Some(publish)).await.status, 201);
    assert_eq!(deliver().await, 2, "both hear of the publication");
    let news = sink.messages().pop().unwrap();
    let unsubscribe = news.header("List-Unsubscribe").expect("a List-Unsubscribe header");
    assert!(unsubscribe.starts_with(&format!("<{BASE}/f/unsubscribe/")), "{unsubscribe}");
    assert_eq!(news.header("List-Unsubscribe-Post").as_deref(), Some("List-Unsubscribe=One-Click"));
    assert!(news.text().contains(unsubscribe.trim_matches(['<', '>'])), "the same link as in the text");

    let jo_id = me(&app, &owner).await["user"]["id"].as_str().unwrap().to_owned();
    let plan = json!({"heard": "Too slow", "will_do": "Faster replies", "owner": jo_id, "due": "2027-03-31"});
    let plan_id = call(&app, &jo, "POST", "/admin/api/surveys/pulse/plans", Some(plan)).await.json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let uri = format!("/api/v1/results/pulse/plans/{plan_id}/replies");
    assert_eq!(app.as_respondent("POST", &uri, "key-ann", Some(json!({"body": "How fast?"}))).await.status, 201);
    // The plan's owner hears of the reply at once.
    assert_eq!(deliver().await, 1);
    let told = sink.messages().pop().unwrap();
    assert_eq!(told.to, ["<jo@example.com>"]);
    assert_eq!(told.header("Subject").unwrap(), "A reply to your plan “Faster replies”");
    assert!(told.text().contains("How fast?") && told.text().contains(&format!("{BASE}/admin/surveys/pulse/plans")));
    let reply_id = call(&app, &jo, "GET", "/admin/api/surveys/pulse/replies", None).await.json()["replies"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let before = sink.messages().len();
    let answer = json!({"body": "Within a day. <b>Promise</b>"});
    let answered =
        call(&app, &jo, "POST", &format!("/admin/api/surveys/pulse/replies/{reply_id}/answer"), Some(answer)).await;
    assert_eq!(answered.status, 204, "{}", answered.body);
    assert_eq!(deliver().await, 1, "only the follower whose receipt replied");
    let mail = sink.messages().into_iter().nth(before).unwrap();
    assert_eq!(mail.to, ["<ann@example.org>"]);
    assert_eq!(mail.header("Reply-To").unwrap(), r#""Jo Owner" <jo@example.com>"#, "from the person who answered");
    let text = mail.text();
    assert!(text.contains("How fast?") && text.contains("Within a day. <b>Promise</b>"), "{text}");
    assert!(text.contains(&format!("{BASE}/r/pulse")), "{text}");

    // The one-click unsubscribe of mail programs (RFC 8058) works on the same link.
    let path = unsubscribe.trim_matches(['<', '>']).trim_start_matches(BASE).to_owned();
    let request = axum::http::Request::post(&path)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from("List-Unsubscribe=One-Click"))
        .unwrap();
    assert_eq!(app.send(request).await.status, 200);
    assert_eq!(app.store.followers("pulse").await.unwrap().len(), 1);
}

#[tokio::test]
async fn did_this_fix_it_asks_respondents_again_and_shows_before_and_after_from_k_answers_each() {
    let app = TestApp::start().await;
    let owner = sign_up(&app, "jo@example.com", "Acme").await;
    let jo = Who::Browser(owner.clone());
    let viewer = Who::Browser(join(&app, &owner, "vic@example.com", "viewer").await);
    let keys = ["k1", "k2", "k3", "k4", "k5", "k6"];
    // Scores 3 to 8, and 5 in an unfinished response: 5 detractors, 2 passives of 7, NPS −71.4.
    survey_with_answers(&app, &jo, "pulse", &keys).await;
    let jo_id = me(&app, &owner).await["user"]["id"].as_str().unwrap().to_owned();
    let plan = json!({"heard": "Too slow", "questions": ["recommend", "why"], "will_do": "Faster replies",
                      "owner": jo_id, "due": "2027-03-31"});
    let plan_id = call(&app, &jo, "POST", "/admin/api/surveys/pulse/plans", Some(plan.clone())).await.json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let publish = json!({"summary": "We heard: too slow.", "visibility": "public"});
    assert_eq!(call(&app, &jo, "POST", "/admin/api/surveys/pulse/publication", Some(publish)).await.status, 201);
    let uri = format!("/admin/api/surveys/pulse/plans/{plan_id}/follow-up");
    let ask = json!({"question": "recommend", "prompt": "Now that replies are faster, would you recommend us?"});

    // Bad follow-ups change nothing.
    let not_done = call(&app, &jo, "PUT", &uri, Some(ask.clone())).await;
    assert_eq!(not_done.status, 422);
    assert!(not_done.body.contains("mark the plan done first"), "{}", not_done.body);
    let done = json!({"body": "Shipped", "status": "done"});
    assert_eq!(
        call(&app, &jo, "POST", &format!("/admin/api/surveys/pulse/plans/{plan_id}/updates"), Some(done)).await.status,
        201
    );
    for (body, says) in [
        (json!({"question": "why", "prompt": "Better?"}), "has no score to compare"),
        (json!({"question": "nope", "prompt": "Better?"}), "not one of them"),
        (json!({"question": "recommend", "prompt": " "}), "write the follow-up question"),
    ] {
        let reply = call(&app, &jo, "PUT", &uri, Some(body)).await;
        assert_eq!(reply.status, 422, "{}", reply.body);
        assert!(reply.body.contains(says), "{}", reply.body);
    }
    assert_eq!(call(&app, &viewer, "PUT", &uri, Some(ask.clone())).await.status, 403, "a viewer who does not own it");
    let page = app.get("/api/v1/results/pulse").await.json();
    assert_eq!(page["plans"][0]["follow_up"], Value::Null, "nothing asked yet");
    assert_eq!(
        app.as_respondent("GET", "/api/v1/results/pulse/receipt", "k1", None).await.json()["follow_ups"],
        json!([])
    );

    assert_eq!(call(&app, &jo, "PUT", &uri, Some(ask)).await.status, 204);
    let pending = app.as_respondent("GET", "/api/v1/results/pulse/receipt", "k1", None).await.json();
    assert_eq!(
        pending["follow_ups"],
        json!([{"plan": plan_id, "will_do": "Faster replies", "prompt": "Now that replies are faster, would you recommend us?", "min": 0, "max": 10}])
    );

    // Answers: once each, on the question's own scale, with a receipt.
    let answer_uri = format!("/api/v1/results/pulse/plans/{plan_id}/follow-up");
    for (key, body, status) in [
        ("", json!({"value": 9}), 401),
        ("made-up", json!({"value": 9}), 403),
        ("k1", json!({"value": 11}), 422),
        ("k1", json!({"value": -1}), 422),
        ("k1", json!({"value": "nine"}), 400),
    ] {
        let reply = app.as_respondent("POST", &answer_uri, key, Some(body)).await;
        assert_eq!(reply.status, status, "{key}: {}", reply.body);
    }
    let nope =
        app.as_respondent("POST", "/api/v1/results/pulse/plans/nope/follow-up", "k1", Some(json!({"value": 9}))).await;
    assert_eq!(nope.status, 404);
    let page = app.get("/api/v1/results/pulse").await.json();
    let follow_up = &page["plans"][0]["follow_up"];
    assert_eq!((follow_up["before"].clone(), follow_up["after"].clone()), (Value::Null, Value::Null), "{follow_up}");

    for (key, value) in [("k1", 9), ("k2", 10), ("k3", 9), ("k4", 7)] {
        assert_eq!(app.as_respondent("POST", &answer_uri, key, Some(json!({"value": value}))).await.status, 201);
    }
    let again = app.as_respondent("POST", &answer_uri, "k1", Some(json!({"value": 0}))).await;
    assert_eq!(again.status, 409, "once: {}", again.body);
    assert_eq!(
        app.as_respondent("GET", "/api/v1/results/pulse/receipt", "k1", None).await.json()["follow_ups"],
        json!([])
    );
    let page = app.get("/api/v1/results/pulse").await.json();
    assert_eq!(page["plans"][0]["follow_up"]["after"], Value::Null, "4 answers are fewer than k = 5");
    assert_eq!(page["plans"][0]["follow_up"]["prompt"], "Now that replies are faster, would you recommend us?");

    assert_eq!(app.as_respondent("POST", &answer_uri, "k5", Some(json!({"value": 10}))).await.status, 201);
    let page = app.get("/api/v1/results/pulse").await.json();
    let follow_up = &page["plans"][0]["follow_up"];
    assert_eq!(follow_up["before"]["score"], -500.0 / 7.0, "{follow_up}");
    assert_eq!(follow_up["after"]["score"], 80.0, "{follow_up}");
    assert_eq!(follow_up["after"]["answered"], 5);
    let listed = call(&app, &jo, "GET", "/admin/api/surveys/pulse/plans", None).await.json();
    assert_eq!(listed["follow_ups"][0]["answered"], 5);

    // Asking another question drops the answers to the old one; removing it removes it.
    let other = json!({"question": "recommend", "prompt": "Reworded"});
    assert_eq!(call(&app, &jo, "PUT", &uri, Some(other)).await.status, 204);
    let listed = call(&app, &jo, "GET", "/admin/api/surveys/pulse/plans", None).await.json();
    assert_eq!(
        (listed["follow_ups"][0]["answered"].clone(), listed["follow_ups"][0]["prompt"].clone()),
        (json!(5), json!("Reworded")),
        "rewording keeps them"
    );
    assert_eq!(call(&app, &viewer, "DELETE", &uri, None).await.status, 403);
    assert_eq!(call(&app, &jo, "DELETE", &uri, None).await.status, 204);
    assert_eq!(call(&app, &jo, "DELETE", &uri, None).await.status, 404);
    assert_eq!(app.get("/api/v1/results/pulse").await.json()["plans"][0]["follow_up"], Value::Null);
}

#[tokio::test]
async fn the_card_names_the_plan_that_answers_what_each_respondent_said() {
    let app = TestApp::start().await;
    let jo_session = sign_up(&app, "jo@example.com", "Acme").await;
    let jo = Who::Browser(jo_session.clone());
    let jo_id = me(&app, &jo_session).await["user"]["id"].as_str().unwrap().to_owned();
    let mut pulse = definition("pulse");
    pulse["definition"]["questions"].as_array_mut().unwrap().extend([
        json!({"id": "speed", "kind": "csat", "prompt": "Support's speed?"}),
        json!({"id": "exports", "kind": "csat", "prompt": "Exports?"}),
    ]);
    assert_eq!(call(&app, &jo, "POST", "/admin/api/surveys", Some(pulse)).await.status, 201);
    call(&app, &jo, "POST", "/admin/api/surveys/pulse/status", Some(json!({"status": "live"}))).await;
    for (key, speed, exports) in [("slow-key", 1, 5), ("export-key", 5, 1), ("happy-key", 5, 5)] {
        let body =
            json!({"answers": {"recommend": 5, "speed": speed, "exports": exports}, "complete": true, "sequence": 1});
        assert!(app.save("pulse", key, body).await.status.is_success());
    }
    let plan = |heard: &str, question: &str, will_do: &str, status: &str| json!({"heard": heard, "questions": [question], "will_do": will_do, "owner": jo_id, "due": "2031-01-31", "status": status});
    for body in [
        plan("Support is slow", "speed", "Answer within a day", "in_progress"),
        plan("Exports fail", "exports", "Exports in the background", "planned"),
        plan("Exports are ugly", "exports", "A new design", "wont_do"),
    ] {
        let mut body = body;
        if body["status"] == "wont_do" {
            body["reason"] = json!("Not this year");
        }
        assert_eq!(call(&app, &jo, "POST", "/admin/api/surveys/pulse/plans", Some(body)).await.status, 201);
    }
    let card = |key: &'static str| {
        let app = &app;
        async move { app.as_respondent("GET", "/api/v1/results/pulse/receipt", key, None).await.json() }
    };
    assert_eq!(card("slow-key").await.get("plan"), None, "nothing before publishing");
    let publish = json!({"summary": "We heard you.", "visibility": "public"});
    assert_eq!(call(&app, &jo, "POST", "/admin/api/surveys/pulse/publication", Some(publish)).await.status, 201);
    let slow = card("slow-key").await;
    assert_eq!(
        slow["plan"],
        json!({"heard": "Support is slow", "will_do": "Answer within a day", "owner": "Jo Owner", "status": "in_progress"})
    );
    assert_eq!(card("export-key").await["plan"]["will_do"], "Exports in the background", "never the won't-do plan");
    // Content enough with both: the most recently updated plan of equals.
    assert_eq!(card("happy-key").await["plan"]["will_do"], "Exports in the background");
}
