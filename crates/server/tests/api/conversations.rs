//! The inner loop's conversations over HTTP: a customer who asks to hear back (a reply here, or
//! an e-mail address kept apart from the answers) gets a case; its owner writes from the case
//! (e-mailed from the owner's name with replies to the owner, or shown on the receipt's card);
//! the customer answers on their conversation page; "Did we resolve it?" once, a "no" reopens;
//! a deleted response takes the address and the page. Every bad input changes nothing.

use crate::admin::{call, join, me, sign_up, Who};
use crate::helpers::{Reply, TestApp};
use axum::body::Body;
use axum::http::Request;
use hearback_server::http::HttpConfig;
use serde_json::{json, Value};

pub(crate) struct Acme {
    pub app: TestApp,
    /// Jo, the organisation's owner: owns no case here.
    pub jo: Who,
    /// Sam, an executive (viewer) who owns the cases.
    pub sam: Who,
}

/// Acme, its survey `talk` (NPS, a comment, the contact question), and one rule: a case for
/// whoever asks to hear back, owned by Sam, due in 2 business days.
pub(crate) async fn acme(config: HttpConfig) -> Acme {
    let app = TestApp::with_config(config).await;
    let jo_browser = sign_up(&app, "jo@example.com", "Acme").await;
    let sam_browser = join(&app, &jo_browser, "sam@example.com", "viewer").await;
    let sam_id = me(&app, &sam_browser).await["user"]["id"].as_str().unwrap().to_owned();
    let (jo, sam) = (Who::Browser(jo_browser), Who::Browser(sam_browser));
    let talk = json!({"definition": {"id": "talk", "title": "Pulse", "questions": [
        {"id": "recommend", "kind": "nps", "prompt": "Recommend us?", "required": true},
        {"id": "why", "kind": "long_text", "prompt": "Why?"},
        {"id": "reach", "kind": "contact", "prompt": "May someone from Acme contact you about your answers?"}
    ]}, "allowed_origins": []});
    assert_eq!(call(&app, &jo, "POST", "/admin/api/surveys", Some(talk)).await.status, 201);
    let live = Some(json!({"status": "live"}));
    assert_eq!(call(&app, &jo, "POST", "/admin/api/surveys/talk/status", live).await.status, 200);
    let rules = json!({"rules": [{"question": "reach", "owners": [sam_id], "due_business_days": 2}]});
    let set = call(&app, &jo, "PUT", "/admin/api/surveys/talk/case-rules", Some(rules)).await;
    assert_eq!(set.status, 204, "{}", set.body);
    Acme { app, jo, sam }
}

/// A finished response under `key` (its receipt).
pub(crate) async fn answer(app: &TestApp, key: &str, answers: Value) -> Reply {
    app.save("talk", key, json!({"answers": answers, "complete": true, "sequence": 1})).await
}

pub(crate) async fn only_case(acme: &Acme) -> Value {
    let list = call(&acme.app, &acme.jo, "GET", "/admin/api/cases", None).await.json();
    assert_eq!(list["cases"].as_array().unwrap().len(), 1, "{list}");
    let id = list["cases"][0]["id"].as_str().unwrap();
    call(&acme.app, &acme.sam, "GET", &format!("/admin/api/cases/{id}"), None).await.json()
}

/// A form post, as the conversation page's forms send it.
async fn post_form(app: &TestApp, uri: &str, form: &str) -> Reply {
    let request = Request::post(uri)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(form.to_owned()))
        .unwrap();
    app.send(request).await
}

pub(crate) fn write(body: &str) -> Option<Value> {
    Some(json!({"body": body}))
}

#[tokio::test]
async fn a_customer_who_asks_for_a_reply_here_hears_from_a_named_person_and_answers_into_the_case() {
    let acme = acme(HttpConfig::default()).await;
    let app = &acme.app;
    let saved = answer(app, "key-ann", json!({"recommend": 3, "why": "Support is slow", "reach": "here"})).await;
    assert!(saved.status.is_success(), "{}", saved.body);
    let case = only_case(&acme).await;
    let id = case["id"].as_str().unwrap().to_owned();
    assert_eq!((case["reply_via"].as_str(), case.get("address")), (Some("here"), None), "{case}");
    let receipt = || app.as_respondent("GET", "/api/v1/results/talk/receipt", "key-ann", None);
    assert!(receipt().await.json().get("conversation").is_none(), "nothing to show before the owner writes");

    // Sam writes from the case; the card shows who and what, first, results out or not.
    let written = call(
        app,
        &acme.sam,
        "POST",
        &format!("/admin/api/cases/{id}/messages"),
        write("Hello Ann, which ticket was slow?"),
    )
    .await;
    assert_eq!(written.status, 201, "{}", written.body);
    assert_eq!(written.json()["author"], "New Member");
    let case = call(app, &acme.sam, "GET", &format!("/admin/api/cases/{id}"), None).await.json();
    assert_eq!(case["status"], "contacted", "writing contacts an open case");
    let news = receipt().await.json();
    let talk = &news["conversation"];
    assert_eq!(
        (talk["owner"].as_str(), talk["message"].as_str()),
        (Some("New Member"), Some("Hello Ann, which ticket was slow?"))
    );
    assert_eq!((news["published"].as_bool(), talk["ask_resolved"].as_bool()), (Some(false), Some(false)));
    assert!(news["changed_at"].as_i64().unwrap() >= talk["at"].as_i64().unwrap(), "the card shows again for it");
    let page_url = talk["url"].as_str().unwrap().to_owned();
    assert!(page_url.starts_with("/c/") && page_url.len() > 30, "{page_url}");
    // Another respondent's receipt shows none of it.
    assert!(answer(app, "key-bob", json!({"recommend": 9, "reach": "no"})).await.status.is_success());
    let bob = app.as_respondent("GET", "/api/v1/results/talk/receipt", "key-bob", None).await.json();
    assert!(bob.get("conversation").is_none(), "{bob}");

    // The customer's page: the message, and a box to answer.
    let page = app.get(&page_url).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Hello Ann, which ticket was slow?") && page.body.contains("New Member from Acme"),
        "{}",
        page.body
    );
    assert!(page.headers["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
    let empty = post_form(app, &page_url, "body=++").await;
    assert_eq!(empty.status, 422, "an empty answer is refused");
    let answered = post_form(app, &page_url, "body=Ticket+4711%2C+three+days+without+a+reply").await;
    assert_eq!(answered.status, 303);
    let thanked = app.get(answered.headers["location"].to_str().unwrap()).await.body;
    assert!(
        thanked.contains("Sent. New Member will read it.") && thanked.contains("Ticket 4711, three days"),
        "{thanked}"
    );
    let case = call(app, &acme.sam, "GET", &format!("/admin/api/cases/{id}"), None).await.json();
    let thread: Vec<(&str, &str)> = case["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["from"].as_str().unwrap(), m["body"].as_str().unwrap()))
        .collect();
    assert_eq!(
        thread,
        [("owner", "Hello Ann, which ticket was slow?"), ("customer", "Ticket 4711, three days without a reply")]
    );

    // Resolved: the customer is asked once whether it is; a "no" opens the case again for Sam.
    let cause = call(app, &acme.jo, "POST", "/admin/api/root-causes", Some(json!({"label": "Slow support"}))).await;
    let resolve = json!({"status": "resolved", "outcome": "Answered the ticket", "root_cause": cause.json()["id"]});
    assert_eq!(call(app, &acme.sam, "POST", &format!("/admin/api/cases/{id}/status"), Some(resolve)).await.status, 204);
    assert_eq!(receipt().await.json()["conversation"]["ask_resolved"], true);
    let asked = app.get(&page_url).await.body;
    assert!(asked.contains("Did we resolve it?") && !asked.contains(r#"name="body""#), "{asked}");
    let resolved_url = format!("{page_url}/resolved");
    assert_eq!(post_form(app, &resolved_url, "resolved=maybe").await.status, 422);
    assert_eq!(post_form(app, &resolved_url, "resolved=no").await.status, 303);
    let case = call(app, &acme.sam, "GET", &format!("/admin/api/cases/{id}"), None).await.json();
    assert_eq!((case["status"].as_str(), case["resolved_for_customer"].as_bool()), (Some("open"), Some(false)));
    assert!(case.get("closed_at").is_none(), "{case}");
    assert_eq!(post_form(app, &resolved_url, "resolved=yes").await.status, 409, "asked once");
    assert_eq!(receipt().await.json()["conversation"]["ask_resolved"], false);

    // A closed case takes no more messages; reopened, it does.
    let gave_up = Some(json!({"status": "unreachable"}));
    assert_eq!(call(app, &acme.sam, "POST", &format!("/admin/api/cases/{id}/status"), gave_up).await.status, 204);
    let closed = call(app, &acme.sam, "POST", &format!("/admin/api/cases/{id}/messages"), write("Still there?")).await;
    assert_eq!((closed.status.as_u16(), closed.code()), (409, "conflict".to_owned()), "{}", closed.body);
    let messages =
        call(app, &acme.sam, "GET", &format!("/admin/api/cases/{id}"), None).await.json()["messages"].clone();
    assert_eq!(messages.as_array().unwrap().len(), 2, "nothing was added");
}

#[tokio::test]
async fn an_address_is_kept_apart_from_the_answers_e_mailed_from_the_owner_and_deleted_with_the_response() {
    use hearback_server::mail::{send_due, Mailer};
    use hearback_server::testing::SmtpSink;
    let config = HttpConfig {
        send_mail: true,
        public_url: Some("https://feedback.acme.example".into()),
        ..HttpConfig::default()
    };
    let acme = acme(config).await;
    let app = &acme.app;
    let reach = json!({"reply": "email", "email": " Ann@Example.COM "});
    assert!(answer(app, "key-ann", json!({"recommend": 2, "reach": reach})).await.status.is_success());
    // Nowhere near the answers: not in the responses, one response, the export.
    for uri in [
        "/admin/api/surveys/talk/responses",
        "/admin/api/surveys/talk/export?format=json",
        "/admin/api/surveys/talk/export?format=csv",
    ] {
        let read = call(app, &acme.jo, "GET", uri, None).await;
        assert_eq!(read.status, 200, "{uri}: {}", read.body);
        assert!(read.body.contains("email") && !read.body.contains("ann@example.com"), "{uri}: {}", read.body);
    }
    let case = only_case(&acme).await;
    let id = case["id"].as_str().unwrap().to_owned();
    assert_eq!((case["reply_via"].as_str(), case["address"].as_str()), (Some("email"), Some("ann@example.com")));
    let as_jo = call(app, &acme.jo, "GET", &format!("/admin/api/cases/{id}"), None).await.json();
    assert!(as_jo.get("address").is_none(), "only the case's owner sees the address: {as_jo}");

    let written = call(
        app,
        &acme.sam,
        "POST",
        &format!("/admin/api/cases/{id}/messages"),
        write("Hello Ann, I read your answers."),
    )
    .await;
    assert_eq!(written.status, 201, "{}", written.body);
    let sink = SmtpSink::start().await;
    let mailer = Mailer::new(&sink.url(), "Acme feedback <feedback@acme.example>").unwrap();
    // Sam's invitation went out the same way.
    assert_eq!(send_due(app.store.as_ref(), &mailer, hearback_server::store::now_millis()).await.unwrap(), 2);
    let mail = sink.messages().into_iter().find(|m| m.to == ["<ann@example.com>"]).expect("the message to Ann");
    assert_eq!(mail.header("From").unwrap(), r#""New Member at Acme" <feedback@acme.example>"#, "the owner's name");
    assert_eq!(mail.header("Reply-To").unwrap(), r#""New Member" <sam@example.com>"#, "replies reach the owner");
    let text = mail.text();
    assert!(
        text.starts_with("Hello Ann, I read your answers.") && !text.to_lowercase().contains("do not reply"),
        "{text}"
    );
    let token =
        app.store.case_of_response("talk", &case["response"].as_str().unwrap()).await.unwrap().unwrap().1.unwrap();
    assert!(text.contains(&format!("https://feedback.acme.example/c/{token}")), "{text}");

    // The customer's answer on their page tells the owner by e-mail.
    assert_eq!(post_form(app, &format!("/c/{token}"), "body=Thanks%2C+call+me").await.status, 303);
    assert_eq!(send_due(app.store.as_ref(), &mailer, hearback_server::store::now_millis()).await.unwrap(), 1);
    let told = sink.messages().pop().unwrap();
    assert_eq!(told.to, ["<sam@example.com>"]);
    assert!(told.text().contains("Thanks, call me"), "{}", told.text());

    // The response is deleted: its case closes, its address, conversation and page go.
    let response = case["response"].as_str().unwrap();
    let deleted = call(app, &acme.jo, "DELETE", &format!("/admin/api/surveys/talk/responses/{response}"), None).await;
    assert!(deleted.status.is_success(), "{}", deleted.body);
    let case = call(app, &acme.sam, "GET", &format!("/admin/api/cases/{id}"), None).await.json();
    assert_eq!(case["status"], "withdrawn");
    assert!(case.get("address").is_none() && case.get("messages").is_none(), "{case}");
    assert_eq!(app.store.case_address(&id).await.unwrap(), None);
    assert_eq!(app.get(&format!("/c/{token}")).await.status, 404);
    assert_eq!(post_form(app, &format!("/c/{token}"), "body=Hello%3F").await.status, 404);
}

#[tokio::test]
async fn bad_contact_answers_and_messages_change_nothing() {
    let acme = acme(HttpConfig::default()).await;
    let app = &acme.app;
    let before = app.stored("talk").await;
    for (reach, says) in [
        (
            json!({"reply": "here", "email": "ann@example.com"}),
            "an address is taken only from someone who chose to be e-mailed",
        ),
        (
            json!({"reply": "no", "email": "ann@example.com"}),
            "an address is taken only from someone who chose to be e-mailed",
        ),
        (json!({"reply": "email", "email": "ann@"}), "that is not an e-mail address"),
        (json!({"reply": "email"}), "give an e-mail address to be e-mailed"),
        // "email" alone is for a customer whose signed details carry the address.
        (json!("email"), "give an e-mail address to be e-mailed"),
        (json!("later"), "expected no, here or email"),
    ] {
        let refused = app.submit("talk", json!({"answers": {"recommend": 2, "reach": reach}}).to_string(), None).await;
        assert_eq!(refused.status, 422, "{reach}: {}", refused.body);
        assert!(refused.body.contains(says), "{reach}: {}", refused.body);
        let saved = answer(app, "key-bad", json!({"recommend": 2, "reach": reach})).await;
        assert_eq!(saved.status, 422, "{reach}: {}", saved.body);
    }
    assert_eq!(app.stored("talk").await, before, "nothing was stored");
    let none = call(app, &acme.jo, "GET", "/admin/api/cases", None).await.json();
    assert_eq!(none["cases"], json!([]), "no case opened");

    // A customer who did not agree to be contacted opens no case through a contact rule; one
    // opened by a score has no one to write to.
    let sam_id = {
        let members = call(app, &acme.jo, "GET", "/admin/api/members", None).await.json();
        members["members"].as_array().unwrap().iter().find(|m| m["email"] == "sam@example.com").unwrap()["user_id"]
            .clone()
    };
    let jo_id = call(app, &acme.jo, "GET", "/admin/api/me", None).await.json()["user"]["id"].clone();
    let rules = json!({"rules": [
        {"question": "reach", "owners": [sam_id], "due_business_days": 2},
        {"question": "recommend", "at_most": 6, "contact_allowed": true, "owners": [sam_id], "due_business_days": 1},
        {"question": "recommend", "at_most": 1, "owners": [jo_id], "due_business_days": 1}
    ]});
    assert_eq!(call(app, &acme.jo, "PUT", "/admin/api/surveys/talk/case-rules", Some(rules)).await.status, 204);
    assert!(answer(app, "key-quiet", json!({"recommend": 3, "reach": "no"})).await.status.is_success());
    assert_eq!(call(app, &acme.jo, "GET", "/admin/api/cases", None).await.json()["cases"], json!([]));
    assert!(answer(app, "key-angry", json!({"recommend": 0, "reach": "no"})).await.status.is_success());
    let case = only_case(&acme).await;
    let id = case["id"].as_str().unwrap().to_owned();
    assert!(case.get("reply_via").is_none(), "{case}");
    let uri = format!("/admin/api/cases/{id}/messages");
    let nobody = call(app, &acme.jo, "POST", &uri, write("Hello")).await;
    assert_eq!(nobody.status, 409, "{}", nobody.body);
    assert!(nobody.body.contains("did not ask to hear back"), "{}", nobody.body);

    // A case of Jo's that Sam, a viewer, does not own: Sam may not write; empty and long messages.
    assert!(answer(app, "key-here", json!({"recommend": 9, "reach": "here"})).await.status.is_success());
    let list = call(app, &acme.jo, "GET", "/admin/api/cases", None).await.json();
    let sams = list["cases"].as_array().unwrap().iter().find(|c| c["owner"]["user_id"] == sam_id).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let forbidden = call(app, &acme.sam, "POST", &uri, write("Hello")).await;
    assert_eq!(forbidden.status, 403, "{}", forbidden.body);
    let sams_uri = format!("/admin/api/cases/{sams}/messages");
    for bad in ["", "   ", &"x".repeat(4001)] {
        assert_eq!(call(app, &acme.sam, "POST", &sams_uri, write(bad)).await.status, 422, "{}", bad.len());
    }
    let thread = call(app, &acme.sam, "GET", &format!("/admin/api/cases/{sams}"), None).await.json();
    assert!(thread.get("messages").is_none(), "nothing was written: {thread}");
    assert_eq!(app.get("/c/made-up-token").await.status, 404);
    assert_eq!(post_form(app, "/c/made-up-token", "body=Hi").await.status, 404);
}

#[tokio::test]
async fn a_closed_case_keeps_its_address_as_long_as_the_organisation_says() {
    let acme = acme(HttpConfig::default()).await;
    let app = &acme.app;
    let uri = "/admin/api/organization/contact-retention";
    assert_eq!(call(app, &acme.sam, "GET", uri, None).await.json(), json!({"days": 30}), "30 days unless set");
    assert_eq!(call(app, &acme.sam, "PUT", uri, Some(json!({"days": 0}))).await.status, 403, "owners set it");
    assert_eq!(call(app, &acme.jo, "PUT", uri, Some(json!({"days": 366}))).await.status, 422);
    assert_eq!(call(app, &acme.jo, "PUT", uri, Some(json!({"days": -1}))).await.status, 400, "not a number of days");
    assert_eq!(call(app, &acme.jo, "GET", uri, None).await.json(), json!({"days": 30}), "unchanged");

    let reach = json!({"reply": "email", "email": "ann@example.com"});
    assert!(answer(app, "key-ann", json!({"recommend": 2, "reach": reach})).await.status.is_success());
    let id = only_case(&acme).await["id"].as_str().unwrap().to_owned();
    let store = app.store.as_ref();
    let now = hearback_server::store::now_millis();
    assert_eq!(store.purge_addresses(now + 365 * 86_400_000).await.unwrap(), 0, "an open case keeps it");
    let gave_up = Some(json!({"status": "unreachable"}));
    assert_eq!(call(app, &acme.sam, "POST", &format!("/admin/api/cases/{id}/status"), gave_up).await.status, 204);
    assert_eq!(store.purge_addresses(now + 29 * 86_400_000).await.unwrap(), 0, "within 30 days");
    assert_eq!(call(app, &acme.jo, "PUT", uri, Some(json!({"days": 7}))).await.status, 204);
    assert_eq!(store.purge_addresses(now + 8 * 86_400_000).await.unwrap(), 1, "past the 7 days now set");
    assert_eq!(store.case_address(&id).await.unwrap(), None);
}

#[tokio::test]
async fn a_known_customer_is_not_asked_for_the_address_the_company_has() {
    let acme = acme(HttpConfig::default()).await;
    let app = &acme.app;
    let secret = call(app, &acme.jo, "POST", "/admin/api/surveys/talk/secret", None).await.json()["identity_secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let token = crate::identity::sign::sign_customer(&secret, "c-42", &json!({"email": "Ann@Example.com"}), 3600);
    let customer = json!({"token": token});
    // The widget page offers e-mail at the known address, with no box to type one.
    let query: String =
        form_urlencoded::Serializer::new(String::new()).append_pair("customer", &customer.to_string()).finish();
    let page = app.get(&format!("/w/talk?{query}")).await.body;
    assert!(page.contains("By e-mail, at the address you have for me") && !page.contains(r#"type="email""#), "{page}");
    let plain = app.get("/w/talk").await.body;
    assert!(plain.contains(r#"type="email""#) && plain.contains("We will use this only to follow up"), "{plain}");
    let body = json!({"answers": {"recommend": 4, "reach": "email"}, "customer": customer});
    let taken = app.submit("talk", body.to_string(), None).await;
    assert_eq!(taken.status, 201, "{}", taken.body);
    assert_eq!(only_case(&acme).await["address"], "ann@example.com", "the address the company signed");
}

#[tokio::test]
async fn who_asked_to_hear_back_is_no_published_result_but_members_may_filter_on_it() {
    let acme = acme(HttpConfig::default()).await;
    let app = &acme.app;
    for (i, reach) in ["here", "no", "no", "here", "no", "no", "no"].into_iter().enumerate() {
        assert!(answer(app, &format!("key-{i}"), json!({"recommend": 8, "reach": reach})).await.status.is_success());
    }
    let filtered = call(app, &acme.jo, "GET", "/admin/api/surveys/talk/results?answer.reach=no", None).await;
    assert_eq!(filtered.status, 200, "{}", filtered.body);
    assert_eq!(filtered.json()["responses"], 5, "{}", filtered.body);
    let refused = call(app, &acme.jo, "GET", "/admin/api/surveys/talk/results?answer.reach=maybe", None).await;
    assert_eq!(refused.status, 422);
    let publish = json!({"summary": "We heard you.", "visibility": "public"});
    assert_eq!(call(app, &acme.jo, "POST", "/admin/api/surveys/talk/publication", Some(publish)).await.status, 201);
    let public = app.get("/api/v1/results/talk").await;
    assert_eq!(public.status, 200, "{}", public.body);
    let questions: Vec<Value> =
        public.json()["results"]["questions"].as_array().unwrap().iter().map(|q| q["question"].clone()).collect();
    assert_eq!(questions, [json!("recommend"), json!("why")], "{}", public.body);
}
