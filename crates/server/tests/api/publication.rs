//! Publishing results with their action plans: previewed, published (the results frozen with
//! privacy rules applied, plans live), taken down at once; for the public or the organisation.

use crate::admin::{call, join, me, sign_up, Who};
use crate::helpers::TestApp;
use serde_json::{json, Value};

fn definition() -> Value {
    json!({"definition": {"id": "pulse", "title": "Pulse <Q4>", "questions": [
        {"id": "recommend", "kind": "nps", "prompt": "Recommend us?", "required": true},
        {"id": "why", "kind": "long_text", "prompt": "Why?"}
    ]}, "allowed_origins": []})
}

async fn answer(app: &TestApp, scores: &[i64]) {
    for score in scores {
        let body = json!({"answers": {"recommend": score, "why": "The exports are slow"}}).to_string();
        assert_eq!(app.submit("pulse", body, None).await.status, 201);
    }
}

#[tokio::test]
async fn under_k_nothing_is_published_but_the_plans_and_the_summary_are_and_changes_show_live() {
    let app = TestApp::start().await;
    let owner = sign_up(&app, "jo@example.com", "Acme").await;
    let jo = Who::Browser(owner.clone());
    assert_eq!(call(&app, &jo, "POST", "/admin/api/surveys", Some(definition())).await.status, 201);
    call(&app, &jo, "POST", "/admin/api/surveys/pulse/status", Some(json!({"status": "live"}))).await;
    let publish = |summary: &str, visibility: &str| json!({"summary": summary, "visibility": visibility});

    // Nothing to publish before anyone answered.
    let empty =
        call(&app, &jo, "POST", "/admin/api/surveys/pulse/publication", Some(publish("Thanks", "public"))).await;
    assert_eq!(empty.status, 422);
    assert!(empty.body.contains("nobody has answered this survey"), "{}", empty.body);

    answer(&app, &[9, 10, 3]).await;
    let jo_id = me(&app, &owner).await["user"]["id"].as_str().unwrap().to_owned();
    let plan = json!({"heard": "Exports are slow", "questions": ["why"], "will_do": "Faster exports",
                      "owner": jo_id, "due": "2027-03-31"});
    let plan_id = call(&app, &jo, "POST", "/admin/api/surveys/pulse/plans", Some(plan)).await.json()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // The preview is what the public will read.
    let state = call(&app, &jo, "GET", "/admin/api/surveys/pulse/publication", None).await.json();
    assert_eq!(state["published"], false);
    assert_eq!(state["preview"]["results"]["hidden"], true, "3 responses are fewer than k");
    let summary = "Thank you. <script>alert('x')</script> We heard you.";
    let done = call(&app, &jo, "POST", "/admin/api/surveys/pulse/publication", Some(publish(summary, "public"))).await;
    assert_eq!(done.status, 201, "{}", done.body);
    assert_eq!(done.json()["url"], "/r/pulse");

    let public = app.get("/api/v1/results/pulse").await;
    assert_eq!(public.status, 200, "no login needed: {}", public.body);
    let page = public.json();
    assert_eq!((page["live"].clone(), page["comments"].clone()), (Value::Null, Value::Null), "members only");
    assert_eq!((page["title"].as_str(), page["summary"].as_str()), (Some("Pulse <Q4>"), Some(summary)));
    assert_eq!(
        page["results"],
        json!({"survey": "pulse", "hidden": true, "fewer_than": 5, "message": "fewer than 5 responses"})
    );
    for number in ["\"responses\"", "\"promoters\"", "\"score\"", "\"comments\"", "slow"] {
        assert!(!page["results"].to_string().contains(number), "{number} published under k");
    }
    assert_eq!(page["plans"][0]["owner"], json!({"name": "Jo Owner", "role": "owner"}), "a name, never an e-mail");
    assert!(!public.body.contains("jo@example.com"));

    // A plan's status changes on the page without publishing again.
    let updates = format!("/admin/api/surveys/pulse/plans/{plan_id}/updates");
    call(&app, &jo, "POST", &updates, Some(json!({"body": "Shipped to everyone", "status": "done"}))).await;
    let page = app.get("/api/v1/results/pulse").await.json();
    assert_eq!(page["plans"][0]["status"], "done");
    assert_eq!(page["plans"][0]["updates"][0]["body"], "Shipped to everyone");
    assert!(page["last_updated"].as_i64() >= page["published_at"].as_i64());

    // The page's link preview: the title and summary as text.
    let html = app.get("/r/pulse").await;
    assert_eq!(html.status, 200);
    assert!(
        html.body.contains(r#"<meta property="og:title" content="Results and what we will do: Pulse &lt;Q4&gt;">"#),
        "{}",
        html.body
    );
    assert!(html.body.contains("og:description") && !html.body.contains("<script>alert"), "escaped: {}", html.body);
    // And the page itself as HTML, for the first paint and readers without JavaScript.
    for expected in [
        r#"<body><main class="public" id="results" data-survey="pulse" data-words="Hear what happens next|"#,
        r#"<h1 dir="auto">Pulse &lt;Q4&gt;</h1>"#,
        r#"<p dir="auto" class="summary-text">Thank you. &lt;script&gt;alert('x')&lt;/script&gt; We heard you.</p>"#,
        r#"<h3 dir="auto">Faster exports</h3>"#,
        "Fewer than 5 people answered, so no numbers are shown",
    ] {
        assert!(html.body.contains(expected), "{expected} in {}", html.body);
    }
    // With its own small bundle and its stylesheet in the page (no request before the first
    // paint), the follow form, and a place under each plan for a respondent's replies; no admin app.
    for expected in [
        "/assets/results/r.js",
        "<style nonce=",
        r#"<section aria-labelledby="follow-heading" class="follow">"#,
        r#"data-owner="Jo Owner" class="plan-extra"></div>"#,
    ] {
        assert!(html.body.contains(expected), "{expected} in {}", html.body);
    }
    assert!(!html.body.contains("/assets/admin/") && !html.body.contains(r#"rel="stylesheet""#), "{}", html.body);

    // The same as an Atom feed, every text escaped: read back by a feed parser, each text is as
    // written (markup as text), and the raw XML holds no markup of ours.
    let feed = app.get("/r/pulse/feed.atom").await;
    assert_eq!(feed.status, 200);
    assert_eq!(feed.headers["content-type"], "application/atom+xml; charset=utf-8");
    assert!(!feed.body.contains("<script>") && !feed.body.contains("jo@example.com"), "{}", feed.body);
    let parsed: atom_syndication::Feed = feed.body.parse().expect("a valid Atom feed");
    assert_eq!(parsed.title.value, "Results and what we will do: Pulse <Q4>");
    assert!(parsed.links.iter().any(|l| l.rel == "self" && l.href.ends_with("/r/pulse/feed.atom?lang=en")));
    assert_eq!(parsed.entries.len(), 2, "the summary and the plan");
    let summary = &parsed.entries[0];
    assert_eq!(
        summary.content.as_ref().and_then(|c| c.value.as_deref()),
        Some("Thank you. <script>alert('x')</script> We heard you.")
    );
    let plan = &parsed.entries[1];
    assert_eq!(plan.title.value, "Faster exports (Done)");
    assert_eq!(plan.authors.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(), ["Jo Owner"]);
    assert!(plan.content.as_ref().and_then(|c| c.value.as_deref()).unwrap_or_default().contains("Shipped to everyone"));
    assert!(plan.updated >= summary.updated && parsed.updated >= plan.updated, "{parsed:?}");
    assert!(html.body.contains(r#"type="application/atom+xml""#), "the page points to its feed");

    // Taken down at once.
    assert_eq!(call(&app, &jo, "DELETE", "/admin/api/surveys/pulse/publication", None).await.status, 204);
    let gone = app.get("/api/v1/results/pulse").await;
    assert_eq!((gone.status.as_u16(), gone.code()), (404, "results_not_published".to_owned()));
    let gone = app.get("/r/pulse").await;
    assert_eq!(gone.status, 404);
    assert!(gone.body.contains(r#"data-missing><h1>Not published</h1>"#), "{}", gone.body);
    assert!(!gone.body.contains("Faster exports"), "{}", gone.body);
    assert_eq!(app.get("/r/pulse/feed.atom").await.status, 404);
    assert_eq!(call(&app, &jo, "DELETE", "/admin/api/surveys/pulse/publication", None).await.status, 404);
}

#[tokio::test]
async fn with_k_responses_the_numbers_are_frozen_when_published() {
    let app = TestApp::start().await;
    let owner = sign_up(&app, "jo@example.com", "Acme").await;
    let jo = Who::Browser(owner);
    call(&app, &jo, "POST", "/admin/api/surveys", Some(definition())).await;
    call(&app, &jo, "POST", "/admin/api/surveys/pulse/status", Some(json!({"status": "live"}))).await;
    answer(&app, &[10, 10, 9, 7, 3]).await;
    let body = json!({"summary": "Here is what you told us.", "visibility": "public"});
    assert_eq!(call(&app, &jo, "POST", "/admin/api/surveys/pulse/publication", Some(body.clone())).await.status, 201);
    let page = app.get("/api/v1/results/pulse").await.json();
    assert_eq!(
        (page["results"]["responses"].as_u64(), page["results"]["questions"][0]["score"].as_f64()),
        (Some(5), Some(40.0))
    );
    // More answers do not change what was published, until it is published again.
    answer(&app, &[0, 0]).await;
    assert_eq!(app.get("/api/v1/results/pulse").await.json()["results"]["responses"], 5);
    call(&app, &jo, "POST", "/admin/api/surveys/pulse/publication", Some(body)).await;
    assert_eq!(app.get("/api/v1/results/pulse").await.json()["results"]["responses"], 7);
}

#[tokio::test]
async fn an_organisation_only_publication_is_for_its_members_and_bad_requests_change_nothing() {
    let app = TestApp::start().await;
    let owner = sign_up(&app, "jo@example.com", "Acme").await;
    let jo = Who::Browser(owner.clone());
    call(&app, &jo, "POST", "/admin/api/surveys", Some(definition())).await;
    call(&app, &jo, "POST", "/admin/api/surveys/pulse/status", Some(json!({"status": "live"}))).await;
    answer(&app, &[9]).await;
    let exec = Who::Browser(join(&app, &owner, "exec@example.com", "viewer").await);
    for (body, status, says) in [
        (json!({"summary": "  ", "visibility": "public"}), 422, "write a summary"),
        (json!({"summary": "Hi", "visibility": "everyone"}), 400, "unknown variant `everyone`"),
    ] {
        let reply = call(&app, &jo, "POST", "/admin/api/surveys/pulse/publication", Some(body)).await;
        assert_eq!(reply.status, status, "{}", reply.body);
        assert!(reply.body.contains(says), "{}", reply.body);
    }
    let viewer_try = call(
        &app,
        &exec,
        "POST",
        "/admin/api/surveys/pulse/publication",
        Some(json!({"summary": "Hi", "visibility": "public"})),
    )
    .await;
    assert_eq!(viewer_try.status, 403);
    assert_eq!(app.get("/api/v1/results/pulse").await.status, 404, "nothing published by any of these");

    let internal = json!({"summary": "For the leadership team", "visibility": "organization"});
    assert_eq!(call(&app, &jo, "POST", "/admin/api/surveys/pulse/publication", Some(internal)).await.status, 201);
    assert_eq!(app.get("/api/v1/results/pulse").await.status, 404, "not to the public");
    assert_eq!(app.get("/r/pulse").await.status, 404, "no link preview either");
    assert_eq!(app.get("/r/pulse/feed.atom").await.status, 404, "no public feed");
    let internal = call(&app, &exec, "GET", "/api/v1/results/pulse", None).await;
    assert_eq!(internal.status, 200, "the executive reads it");
    // With what members may read: the numbers now (still under k here), every comment, and
    // where the segments are.
    let internal = internal.json();
    assert_eq!(internal["live"]["hidden"], true);
    assert_eq!(internal["comments"], serde_json::json!(["The exports are slow"]));
    assert_eq!(internal["dashboard"], "/admin/surveys/pulse/results");
    let stranger = Who::Browser(sign_up(&app, "sam@example.com", "Other").await);
    assert_eq!(call(&app, &stranger, "GET", "/api/v1/results/pulse", None).await.status, 404);
}

#[tokio::test]
async fn only_consented_and_approved_comments_are_quoted_and_without_who_said_them() {
    let app = TestApp::start().await;
    let owner = sign_up(&app, "jo@example.com", "Acme").await;
    let jo = Who::Browser(owner.clone());
    let definition = json!({"definition": {"id": "pulse", "title": "Pulse", "questions": [
        {"id": "recommend", "kind": "nps", "prompt": "Recommend us?", "required": true},
        {"id": "why", "kind": "long_text", "prompt": "Why?"},
        {"id": "quote", "kind": "consent", "prompt": "You may quote my comment, without my name."}
    ]}, "allowed_origins": []});
    call(&app, &jo, "POST", "/admin/api/surveys", Some(definition)).await;
    call(&app, &jo, "POST", "/admin/api/surveys/pulse/status", Some(json!({"status": "live"}))).await;
    let given = [
        json!({"answers": {"recommend": 10, "why": "Support saved my launch", "quote": true}}),
        json!({"answers": {"recommend": 2, "why": "Secret: our <b>export</b> broke"}}),
        json!({"answers": {"recommend": 6, "why": "Too slow", "quote": true}}),
    ];
    let mut ids = Vec::new();
    for body in given {
        let reply = app.submit("pulse", body.to_string(), None).await;
        ids.push(reply.json()["id"].as_str().unwrap().to_owned());
    }
    let candidates = call(&app, &jo, "GET", "/admin/api/surveys/pulse/quotes", None).await.json()["candidates"].clone();
    let texts: Vec<&str> = candidates.as_array().unwrap().iter().map(|c| c["text"].as_str().unwrap()).collect();
    assert_eq!(texts, ["Support saved my launch", "Too slow"], "only those who consented");

    let without_consent = json!({"response": ids[1], "question": "why"});
    let refused = call(&app, &jo, "POST", "/admin/api/surveys/pulse/quotes", Some(without_consent)).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("ticked consent"), "{}", refused.body);
    let approve = |i: usize| json!({"response": ids[i], "question": "why"});
    assert_eq!(call(&app, &jo, "POST", "/admin/api/surveys/pulse/quotes", Some(approve(0))).await.status, 201);
    let publish = json!({"summary": "Thank you.", "visibility": "public"});
    assert_eq!(call(&app, &jo, "POST", "/admin/api/surveys/pulse/publication", Some(publish)).await.status, 201);

    let page = app.get("/api/v1/results/pulse").await;
    assert_eq!(page.json()["quotes"], json!(["Support saved my launch"]), "approved, consented: shown");
    assert!(
        !page.body.contains("Secret") && !page.body.contains("Too slow"),
        "not consented, or not approved: never shown"
    );
    assert!(!page.body.contains(&ids[0]), "nothing that says who");

    // The respondent's response is deleted: the quote goes with it.
    let uri = format!("/admin/api/surveys/pulse/responses/{}", ids[0]);
    assert_eq!(call(&app, &jo, "DELETE", &uri, None).await.status, 204);
    assert_eq!(app.get("/api/v1/results/pulse").await.json()["quotes"], json!([]));
    let viewer = Who::Browser(join(&app, &owner, "exec@example.com", "viewer").await);
    assert_eq!(call(&app, &viewer, "POST", "/admin/api/surveys/pulse/quotes", Some(approve(2))).await.status, 403);
}

#[tokio::test]
async fn members_read_the_newest_200_comments_however_many_responses_there_are() {
    use hearback_core::{Completion, Response};
    use hearback_server::store::Imported;
    let app = TestApp::start().await;
    let owner = sign_up(&app, "jo@example.com", "Acme").await;
    let jo = Who::Browser(owner);
    call(&app, &jo, "POST", "/admin/api/surveys", Some(definition())).await;
    call(&app, &jo, "POST", "/admin/api/surveys/pulse/status", Some(json!({"status": "live"}))).await;
    // 1,300 responses, three to a millisecond (ties the reading must page through), every
    // fourth with a comment that says which it is: 325 comments over three pages of responses.
    let survey = app.store.survey("pulse").await.unwrap().unwrap().survey;
    let imported: Vec<Imported> = (0..1_300i64)
        .map(|n| {
            let answers = match n % 4 {
                0 => json!({"answers": {"recommend": 8, "why": format!("comment {n}")}}),
                _ => json!({"answers": {"recommend": 8}}),
            };
            let raw = serde_json::from_value(answers).unwrap();
            let response = Response::parse_with(&survey, &raw, &Default::default(), Completion::Complete).unwrap();
            Imported { response, customer: Default::default(), created_at: 1_700_000_000_000 + n / 3 }
        })
        .collect();
    app.store.import_responses(&survey, &imported).await.unwrap();
    let body = json!({"summary": "For the leadership team", "visibility": "organization"});
    assert_eq!(call(&app, &jo, "POST", "/admin/api/surveys/pulse/publication", Some(body)).await.status, 201);
    let page = call(&app, &jo, "GET", "/api/v1/results/pulse", None).await.json();
    let comments: Vec<&str> = page["comments"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
    // The newest first: 1296, 1292, … down to the 200th newest comment, none twice, none skipped.
    let expected: Vec<String> =
        (0..1_300).rev().filter(|n| n % 4 == 0).take(200).map(|n| format!("comment {n}")).collect();
    assert_eq!(comments, expected);

    // Paging itself: the newest responses a page at a time, across ties, are every response once.
    let mut seen = Vec::new();
    let mut before = None;
    loop {
        let page = app.store.newest_responses(survey.id(), before, 97).await.unwrap();
        seen.extend(page.iter().map(|r| r.id.clone()));
        match page.last() {
            Some(last) => before = Some((last.created_at, last.id.clone())),
            None => break,
        }
    }
    let mut all: Vec<String> = app.store.responses(survey.id()).await.unwrap().into_iter().map(|r| r.id).collect();
    all.reverse();
    assert_eq!(seen, all);
}

#[tokio::test]
async fn the_demo_shows_the_loop_closed_once_however_often_it_starts() {
    let app = TestApp::start().await;
    let privacy = hearback_core::privacy::Privacy::default();
    assert!(hearback_server::demo::ensure_loop(app.store.as_ref(), &privacy).await.unwrap());
    assert!(!hearback_server::demo::ensure_loop(app.store.as_ref(), &privacy).await.unwrap(), "seeded once");
    let page = app.get("/api/v1/results/demo").await.json();
    assert_eq!(page["results"]["responses"], 30);
    assert_eq!(page["plans"].as_array().unwrap().len(), 2);
    assert_eq!(page["plans"][0]["updates"][0]["status"], "in_progress");
    assert_eq!(page["plans"][1]["follow_up"]["question"], "recommend");
    assert_eq!(page["plans"][0]["themes"][0]["term"], "slow");
    assert_eq!(page["quotes"].as_array().unwrap().len(), 2);
    let dana = serde_json::json!({"email": hearback_server::demo::DEMO_EMAIL, "password": hearback_server::demo::DEMO_PASSWORD});
    let login = call(&app, &Who::Nobody, "POST", "/admin/api/login", Some(dana)).await;
    assert_eq!(login.status, 200, "{}", login.body);
}
