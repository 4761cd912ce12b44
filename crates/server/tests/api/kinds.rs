//! Ranking and date questions, and recall: answered over the API and page by page on the
//! server's own form (no wasm), counted in the results and exported; bad answers change nothing.

use crate::helpers::{hidden_fields, TestApp, HOST, SECRET};
use crate::identity::sign;
use serde_json::{json, Value};

fn roadmap() -> Value {
    json!({"id": "roadmap", "title": "Next", "languages": ["en", "de"], "questions": [
        {"id": "next", "kind": "ranking", "required": true, "prompt": {"en": "Order these", "de": "Ordnen Sie"},
         "choices": [{"id": "reports", "label": "Reports"}, {"id": "sso", "label": "Single sign-on"}, {"id": "mobile", "label": "Mobile"}]},
        {"id": "since", "kind": "date", "prompt": "Since when?", "earliest": "2015-01-01", "latest": "2026-12-31"},
        {"id": "name", "kind": "short_text", "prompt": "Your team's name?"},
        {"id": "why", "kind": "long_text",
         "prompt": {"en": "You put {{next|that}} first, team {{name|of yours}}: why?", "de": "Warum {{next|das}} zuerst?"},
         "help": "Thanks, {{customer.first_name|friend}}."}
    ]})
}

async fn submit(app: &TestApp, answers: Value) -> crate::helpers::Reply {
    app.submit("roadmap", json!({ "answers": answers }).to_string(), None).await
}

#[tokio::test]
async fn rankings_and_dates_are_answered_counted_and_bad_ones_change_nothing() {
    let app = TestApp::start().await;
    app.create(roadmap()).await;
    for (order, since) in [(["sso", "reports", "mobile"], "2020-05-01"), (["sso", "mobile", "reports"], "2020-05-30")] {
        let reply = submit(&app, json!({"next": order, "since": since})).await;
        assert_eq!(reply.status, 201, "{}", reply.body);
    }
    // A ranking with duplicates, one with an item left out, an unknown item; a date out of its
    // range, one that is no day, one of the wrong shape: each refused, naming its question.
    for (answers, says) in [
        (json!({"next": ["sso", "sso", "mobile"]}), "`sso` is chosen more than once"),
        (json!({"next": ["sso", "mobile"]}), "rank every item (1 left)"),
        (json!({"next": ["sso", "mobile", "fax"]}), "`fax` is not one of the choices"),
        (
            json!({"next": ["sso", "mobile", "reports"], "since": "2027-01-01"}),
            "2027-01-01 is out of range: answer a day from 2015-01-01 to 2026-12-31",
        ),
        (
            json!({"next": ["sso", "mobile", "reports"], "since": "2023-02-29"}),
            "`2023-02-29` is not a date written YYYY-MM-DD",
        ),
        (json!({"next": ["sso", "mobile", "reports"], "since": 20230101}), "expected a date written YYYY-MM-DD"),
    ] {
        let reply = submit(&app, answers.clone()).await;
        assert_eq!(
            (reply.status.as_u16(), reply.code()),
            (422, "invalid_response".to_owned()),
            "{answers}: {}",
            reply.body
        );
        assert!(reply.body.contains(says), "{answers}: {}", reply.body);
    }
    assert_eq!(app.stored("roadmap").await, 2, "nothing stored for a bad answer");
    let counted = app.counted("roadmap", "").await;
    let next = &counted["questions"][0];
    assert_eq!(next["kind"], "ranking");
    assert_eq!(next["places"], json!([["reports", [0, 1, 1]], ["sso", [2, 0, 0]], ["mobile", [0, 1, 1]]]));
    assert_eq!(next["mean_places"], json!([2.5, 1.0, 2.5]));
    let since = &counted["questions"][1];
    assert_eq!(since["months"], json!([["2020-05", 2]]));
    assert!(since.get("first_day").is_none(), "never one person's day: {since}");
}

#[tokio::test]
async fn a_definition_with_a_bad_ranking_date_or_recall_is_refused() {
    let app = TestApp::start().await;
    let owner = crate::admin::Who::Browser(crate::admin::sign_up(&app, "jo@example.com", "Acme").await);
    for (question, says) in [
        (
            json!({"id": "d", "kind": "date", "prompt": "When?", "earliest": "2026-02-01", "latest": "2026-01-01"}),
            "earliest comes after latest",
        ),
        (
            json!({"id": "w", "kind": "long_text", "prompt": "You said {{nope}}"}),
            "`{{nope}}` recalls no question of this survey",
        ),
        (
            json!({"id": "r", "kind": "ranking", "prompt": "Order", "choices": [{"id": "a", "label": "A"}]}),
            "needs 2 to 30 choices",
        ),
    ] {
        let body =
            json!({"definition": {"id": "bad", "title": "T", "questions": [question]}, "allowed_origins": [HOST]});
        let reply = crate::admin::call(&app, &owner, "POST", "/admin/api/surveys", Some(body)).await;
        assert_eq!(reply.status, 422, "{question}");
        assert!(reply.body.contains(says), "{}", reply.body);
    }
    let list = crate::admin::call(&app, &owner, "GET", "/admin/api/surveys", None).await.json();
    assert_eq!(list["surveys"].as_array().map(Vec::len), Some(0), "nothing kept: {list}");
}

#[tokio::test]
async fn the_server_steps_through_a_ranking_and_says_back_the_answers_escaped() {
    let app = TestApp::start().await;
    app.create(roadmap()).await;
    let token = sign::sign_customer(SECRET, "c-1", &json!({"first_name": "<b>Ann</b>"}), 3600);
    let customer =
        form_urlencoded::byte_serialize(json!({ "token": token }).to_string().as_bytes()).collect::<String>();
    let host = form_urlencoded::byte_serialize(HOST.as_bytes()).collect::<String>();
    let first = app.get(&format!("/w/roadmap?host={host}&customer={customer}")).await;
    assert_eq!(first.status, 200);
    let page = &first.body;
    // No wasm: neither Trunk's module nor the widget's data; the steps script in its place.
    assert!(!page.contains(r#"<script type="module""#), "{page}");
    assert!(page.contains(r#"<script type="application/json" id="survey">["roadmap"]</script>"#), "{page}");
    assert!(page.contains("hb-ranks"), "the ranking's places: {page}");
    assert_eq!(page.matches(r#"<select name="next""#).count(), 3, "a place per item");
    assert!(page.contains(r#"type="date" id="since" name="since" min="2015-01-01" max="2026-12-31""#), "{page}");
    // The question that says back answers of this page waits for the next; the attribute is
    // there at once, escaped.
    assert!(page.contains(r#"data-question="why" hidden"#), "{page}");
    assert!(page.contains("Thanks, &lt;b&gt;Ann&lt;/b&gt;."), "{page}");
    let hidden = hidden_fields(page);
    assert!(hidden.contains("_seen=next%2Csince%2Cname&"), "{hidden}");
    assert!(hidden.contains(&format!("_host={host}")), "{hidden}");

    // A ranking with an item twice and a day out of range: marked in the page's words.
    let bad = app.post_form("/w/roadmap", &format!("{hidden}&next=sso&next=sso&next=mobile&since=2030-01-01")).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Put each item in one place only."), "{}", bad.body);
    assert!(bad.body.contains("Choose a day from 2015-01-01 to 2026-12-31."), "{}", bad.body);
    assert_eq!(app.stored("roadmap").await, 0);

    // Ranked, and a team name that is markup: the next page says both back, as text.
    let name = form_urlencoded::byte_serialize(b"<img src=x onerror=alert(1)>").collect::<String>();
    let next = app
        .post_form("/w/roadmap", &format!("{hidden}&next=sso&next=reports&next=mobile&since=2020-05-01&name={name}"))
        .await;
    assert_eq!(next.status, 200, "{}", next.body);
    assert!(!next.body.contains(r#"data-question="why" hidden"#), "the question comes now");
    assert!(
        next.body.contains("You put Single sign-on first, team &lt;img src=x onerror=alert(1)&gt;: why?"),
        "{}",
        next.body
    );
    assert!(!next.body.contains("<img src=x"), "never as markup");
    assert!(next.body.contains(r#"<option value="sso" selected"#), "the ranking is filled back in");
    // The page is saved on the way, under the page's key: what was answered is kept if the
    // respondent goes no further.
    let counted = app.counted("roadmap", "").await;
    assert_eq!((counted["responses"].as_u64(), counted["completed"].as_u64()), (Some(1), Some(0)), "{counted}");
    let hidden = hidden_fields(&next.body);
    let done = app
        .post_form(
            "/w/roadmap",
            &format!("{hidden}&next=sso&next=reports&next=mobile&since=2020-05-01&name=A&why=speed"),
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    let location = done.headers["location"].to_str().unwrap().to_owned();
    let key = hidden.split("_key=").nth(1).unwrap().split('&').next().unwrap();
    assert_eq!(location, format!("/w/roadmap/thanks?lang=en&host={HOST}#hb-done={key}"));
    assert_eq!(app.stored("roadmap").await, 1, "the same response, finished");
    let counted = app.counted("roadmap", "").await;
    assert_eq!((counted["responses"].as_u64(), counted["completed"].as_u64()), (Some(1), Some(1)), "{counted}");
    // Its thank-you keeps the receipt and fits the host page's frame (the steps script).
    let thanks = app.get(&format!("/w/roadmap/thanks?lang=en&host={host}")).await;
    assert!(thanks.body.contains(&format!(r#"data-survey="roadmap" data-host="{HOST}""#)), "{}", thanks.body);
    assert!(thanks.body.contains("hb-done="), "the script that keeps the receipt");
    // And the receipt is the response's: it reads the respondent's own answers back.
    let mine = app.as_respondent("GET", "/api/v1/results/roadmap/receipt", key, None).await;
    assert_eq!(mine.status, 200, "{}", mine.body);
    let other = app.as_respondent("GET", "/api/v1/results/roadmap/receipt", "not-a-receipt", None).await;
    assert!(other.status.is_client_error(), "{}", other.body);
}

#[tokio::test]
async fn rankings_and_dates_are_exported_as_answered() {
    let app = TestApp::start().await;
    let owner = crate::admin::Who::Browser(crate::admin::sign_up(&app, "jo@example.com", "Acme").await);
    let body = json!({"definition": roadmap(), "allowed_origins": [HOST]});
    assert_eq!(crate::admin::call(&app, &owner, "POST", "/admin/api/surveys", Some(body)).await.status, 201);
    let live = json!({"status": "live"});
    crate::admin::call(&app, &owner, "POST", "/admin/api/surveys/roadmap/status", Some(live)).await;
    let reply = submit(&app, json!({"next": ["mobile", "sso", "reports"], "since": "2019-12-24"})).await;
    assert_eq!(reply.status, 201);
    let csv = crate::admin::call(&app, &owner, "GET", "/admin/api/surveys/roadmap/export?format=csv", None).await;
    let lines: Vec<&str> = csv.body.lines().collect();
    assert!(lines[0].ends_with(",next,since,name,why"), "{}", lines[0]);
    assert!(lines[1].ends_with(",mobile; sso; reports,2019-12-24,,"), "{}", lines[1]);
}

#[tokio::test]
async fn pictures_and_an_information_step_are_served_with_their_images_let_in_and_answered_page_by_page() {
    let app = TestApp::start().await;
    app.create(json!({"id": "looks", "title": "Looks", "questions": [
        {"id": "look", "kind": "picture_choice", "prompt": "Which looks best?", "required": true,
         "choices": [{"id": "blue", "label": "Blue layout", "image": "https://img.acme.example/blue.png"},
                     {"id": "dark", "label": "Dark <layout>", "image": "https://cdn.example/dark.png?v=1&w=2"}]},
        {"id": "news", "kind": "info", "prompt": "We ship weekly",
         "button": {"label": "Read the changelog", "url": "https://acme.example/changelog"}}
    ]}))
    .await;
    let page = app.get("/w/looks").await;
    assert_eq!(page.status, 200);
    let policy = page.headers["content-security-policy"].to_str().unwrap().to_owned();
    assert!(policy.contains("img-src 'self' data: https://cdn.example https://img.acme.example;"), "{policy}");
    assert!(page.body.contains(r#"<input type="radio" name="look" value="dark"><img src="https://cdn.example/dark.png?v=1&amp;w=2" alt="" loading="lazy" referrerpolicy="no-referrer"><span>Dark &lt;layout&gt;</span>"#), "{}", page.body);
    assert!(
        page.body.contains(
            r#"href="https://acme.example/changelog" target="_blank" rel="noopener noreferrer" data-records="news""#
        ),
        "{}",
        page.body
    );
    // The demo survey's page lets no image in but its own.
    let demo = app.get("/w/demo").await;
    assert!(demo.headers["content-security-policy"].to_str().unwrap().contains("img-src 'self' data:;"));

    let hidden = hidden_fields(&page.body);
    let app = &app;
    let post = |body: String| async move { app.post_form("/w/looks", &body).await };
    let missing = post(format!("{hidden}&news=clicked")).await;
    assert_eq!(missing.status, 422, "a required picture");
    let forged = post(format!("{hidden}&look=dark&news=liked")).await;
    assert_eq!(forged.status, 422, "an information step records its link opened, nothing else");
    assert_eq!(app.stored("looks").await, 0);
    let done = post(format!("{hidden}&look=dark&news=clicked")).await;
    assert_eq!(done.status, 303, "{}", done.body);
    let counted = app.counted("looks", "").await;
    assert_eq!(counted["questions"][0]["counts"], json!([["blue", 0], ["dark", 1]]));
    assert_eq!(counted["questions"][1]["counts"], json!([["clicked", 1]]));
}

#[tokio::test]
async fn contact_details_are_kept_apart_with_their_purpose_and_read_by_editors_only() {
    use crate::admin::{call, join, Who};
    let app = TestApp::start().await;
    let session = crate::admin::sign_up(&app, "jo@example.com", "Acme").await;
    let jo = Who::Browser(session.clone());
    let viewer = Who::Browser(join(&app, &session, "vi@example.com", "viewer").await);
    let definition = json!({"definition": {"id": "call", "title": "Call", "questions": [
        {"id": "nps", "kind": "nps", "prompt": "Recommend?"},
        {"id": "reach", "kind": "contact_details", "prompt": "How can we reach you?",
         "fields": ["name", "email", "phone"], "purpose": "Only to call you back about these answers."}
    ]}, "allowed_origins": [HOST]});
    assert_eq!(call(&app, &jo, "POST", "/admin/api/surveys", Some(definition)).await.status, 201);
    call(&app, &jo, "POST", "/admin/api/surveys/call/status", Some(json!({"status": "live"}))).await;
    let reach = json!({"name": "Ann Lee", "email": "Ann@Example.com", "phone": "+41 44 123 45 67"});
    let reply = app.submit("call", json!({"answers": {"nps": 4, "reach": reach}}).to_string(), Some("k-ann")).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    // A bad phone number or address, or a detail not asked for: refused, nothing kept.
    for bad in [json!({"phone": "call me"}), json!({"email": "ann at example"}), json!({"company": "Acme"})] {
        let reply = app.submit("call", json!({"answers": {"nps": 4, "reach": bad}}).to_string(), None).await;
        assert_eq!(reply.status, 422, "{bad}");
    }
    // The answers say only that they were given: the list, the export, the results.
    let responses = call(&app, &jo, "GET", "/admin/api/surveys/call/responses", None).await;
    assert_eq!(responses.json()["responses"][0]["answers"]["reach"], "given");
    let csv = call(&app, &jo, "GET", "/admin/api/surveys/call/export?format=csv", None).await;
    assert!(!csv.body.contains("Ann") && !csv.body.contains("123 45"), "{}", csv.body);
    assert!(csv.body.lines().nth(1).unwrap().ends_with(",4,given"), "{}", csv.body);
    // Editors read them with their purpose; a viewer may not; the reading is audited.
    let viewed = call(&app, &viewer, "GET", "/admin/api/surveys/call/contact-details", None).await;
    assert_eq!(viewed.status, 403);
    let details = call(&app, &jo, "GET", "/admin/api/surveys/call/contact-details", None).await;
    assert_eq!(details.status, 200, "{}", details.body);
    let details = details.json();
    let ann = &details[0];
    assert_eq!(
        (&ann["name"], &ann["email"], &ann["phone"], &ann["purpose"]),
        (
            &json!("Ann Lee"),
            &json!("ann@example.com"),
            &json!("+41 44 123 45 67"),
            &json!("Only to call you back about these answers.")
        )
    );
    assert!(ann.get("company").is_none());
    let audit = call(&app, &jo, "GET", "/admin/api/audit?action=contact_details_read", None).await.json();
    assert_eq!(audit["entries"].as_array().map(Vec::len), Some(1), "{audit}");
    // A retried submission keeps them once; deleting the response deletes them.
    let again = json!({"answers": {"nps": 4, "reach": {"name": "Ann Lee", "email": "Ann@Example.com", "phone": "+41 44 123 45 67"}}});
    assert_eq!(app.submit("call", again.to_string(), Some("k-ann")).await.status, 201, "the same response, replayed");
    let details = call(&app, &jo, "GET", "/admin/api/surveys/call/contact-details", None).await.json();
    assert_eq!(details.as_array().map(Vec::len), Some(1));
    let id = ann["response"].as_str().unwrap();
    let deleted = call(&app, &jo, "DELETE", &format!("/admin/api/surveys/call/responses/{id}"), None).await;
    assert!(deleted.status.is_success(), "{}", deleted.body);
    let details = call(&app, &jo, "GET", "/admin/api/surveys/call/contact-details", None).await.json();
    assert_eq!(details, json!([]));
}

#[tokio::test]
async fn answers_recalled_in_a_chain_come_a_page_each() {
    let app = TestApp::start().await;
    app.create(json!({"id": "chain", "title": "Chain", "questions": [
        {"id": "a", "kind": "short_text", "prompt": "First?"},
        {"id": "b", "kind": "short_text", "prompt": "After {{a|that}}?"},
        {"id": "c", "kind": "short_text", "prompt": "And after {{b|that}}?"}
    ]}))
    .await;
    let app = &app;
    let post = |body: String| async move { app.post_form("/w/chain", &body).await };
    let first = app.get("/w/chain").await;
    assert!(first.body.contains(r#"data-question="b" hidden"#) && first.body.contains(r#"data-question="c" hidden"#));
    let second = post(format!("{}&a=one", hidden_fields(&first.body))).await;
    assert!(second.body.contains("After one?"), "{}", second.body);
    assert!(second.body.contains(r#"data-question="c" hidden"#), "c waits for b's page");
    let third = post(format!("{}&a=one&b=two", hidden_fields(&second.body))).await;
    assert!(
        third.body.contains("And after two?") && !third.body.contains(r#"data-question="c" hidden"#),
        "{}",
        third.body
    );
    let done = post(format!("{}&a=one&b=two&c=three", hidden_fields(&third.body))).await;
    assert_eq!(done.status, 303);
}
