//! E-mail surveys against a real SMTP listener on loopback: a CSV upload (streamed, 50,000 rows)
//! invites every good row and reports each refused one; the invitation comes from the member,
//! Reply-To them, with the first question as links; a link's GET records nothing, its POST
//! records the answer and goes on on the survey's page under the same response; a link works
//! once; an opt-out is honoured at once and kept; bounces and complaints are counted.

use crate::admin::{call, call_with, sign_up, Who};
use crate::follow::{with_mail, BASE};
use crate::helpers::TestApp;
use axum::body::Body;
use axum::http::Request;
use hearback_server::mail::{send_due, Mailer};
use hearback_server::store::now_millis;
use hearback_server::testing::SmtpSink;
use serde_json::{json, Value};

const INVITE: &str = "/admin/api/surveys/pulse/invitations";

async fn live(app: &TestApp, jo: &Who, id: &str) {
    let definition = json!({"definition": {"id": id, "title": "Pulse", "languages": ["en", "de"], "questions": [
        {"id": "recommend", "kind": "nps", "prompt": {"en": "Recommend us?", "de": "Empfehlen Sie uns?"}, "required": true},
        {"id": "why", "kind": "long_text", "prompt": "Why?"}]}, "allowed_origins": []});
    assert_eq!(call(app, jo, "POST", "/admin/api/surveys", Some(definition)).await.status, 201);
    call(app, jo, "POST", &format!("/admin/api/surveys/{id}/status"), Some(json!({"status": "live"}))).await;
}

async fn upload(app: &TestApp, who: &Who, uri: &str, csv: &str) -> crate::helpers::Reply {
    call_with(app, who, "POST", uri, Some(("text/csv", Body::from(csv.to_owned())))).await
}

async fn deliver(app: &TestApp, mailer: &Mailer) -> usize {
    send_due(app.store.as_ref(), mailer, now_millis() + 1).await.unwrap()
}

/// The invitation `sink` received for `address`, as text.
fn message_to(sink: &SmtpSink, address: &str) -> hearback_server::testing::Received {
    let messages = sink.messages();
    let found = messages.into_iter().rev().find(|m| m.to.iter().any(|t| t.contains(address)));
    found.unwrap_or_else(|| panic!("no message to {address}"))
}

/// The link of an invitation's answer `a`, as a path.
fn answer_link(text: &str, a: u8) -> String {
    let marker = format!("?a={a}");
    let line =
        text.lines().find(|l| l.contains(&marker) && l.contains(BASE)).unwrap_or_else(|| panic!("no {marker}: {text}"));
    let url = line.split_whitespace().find(|w| w.starts_with(BASE)).unwrap();
    url.trim_start_matches(BASE).to_owned()
}

async fn post_form(app: &TestApp, uri: &str, form: &str) -> crate::helpers::Reply {
    let request = Request::post(uri).header("content-type", "application/x-www-form-urlencoded");
    app.send(request.body(Body::from(form.to_owned())).unwrap()).await
}

async fn summary(app: &TestApp, jo: &Who) -> Value {
    call(app, jo, "GET", INVITE, None).await.json()
}

#[tokio::test]
async fn a_csv_upload_invites_every_good_row_and_reports_each_refused_one() {
    let (app, sink, mailer) = with_mail().await;
    let jo = Who::Browser(sign_up(&app, "jo@example.com", "Acme").await);
    live(&app, &jo, "pulse").await;
    let csv = "email,language\r\nana@example.com,de\r\n,en\r\nnot-an-address\r\nANA@example.com\r\nbo@example.com,fr\r\n\"cy@example.com\",en\r\n";
    let reply = upload(&app, &jo, INVITE, csv).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(
        reply.json(),
        json!({"invited": 2, "refused": 4, "refusals": [
            {"line": 3, "email": "", "reason": "missing"},
            {"line": 4, "email": "not-an-address", "reason": "malformed"},
            {"line": 5, "email": "ANA@example.com", "reason": "duplicate"},
            {"line": 6, "email": "bo@example.com", "reason": "language"}]})
    );
    let again = upload(&app, &jo, INVITE, "email\nana@example.com\ndee@example.com\n").await.json();
    assert_eq!(again["refusals"], json!([{"line": 2, "email": "ana@example.com", "reason": "already_invited"}]));
    assert_eq!(again["invited"], 1);

    // Uploads that say nothing usable change nothing.
    for (csv, content_type, status, says) in [
        ("address\nx@example.com\n", "text/csv", 422, "names the columns"),
        ("", "text/csv", 422, "names the columns"),
        ("email\nx@example.com\n", "text/plain", 415, "text/csv or application/json"),
    ] {
        let reply = call_with(&app, &jo, "POST", INVITE, Some((content_type, Body::from(csv)))).await;
        assert_eq!(reply.status, status, "{csv:?}: {}", reply.body);
        assert!(reply.body.contains(says), "{csv:?}: {}", reply.body);
    }
    let list = json!({"recipients": [{"email": "x@example.com", "lang": "de"}]});
    assert_eq!(call(&app, &jo, "POST", INVITE, Some(list)).await.status, 422, "an unknown field");
    assert_eq!(summary(&app, &jo).await["invited"], 3);

    // A script sends from a member it names.
    let token = call(&app, &jo, "POST", "/admin/api/tokens", Some(json!({"name": "crm", "scope": "write"}))).await;
    let script = Who::Token(token.json()["token"].as_str().unwrap().to_owned());
    let list = json!({"recipients": [{"email": "eve@example.com"}]});
    let unnamed = call(&app, &script, "POST", INVITE, Some(list.clone())).await;
    assert_eq!((unnamed.status.as_u16(), unnamed.body.contains("named member")), (422, true), "{}", unnamed.body);
    let named = call(&app, &script, "POST", &format!("{INVITE}?from=jo@example.com"), Some(list)).await;
    assert_eq!(named.json()["invited"], 1, "{}", named.body);

    // Each from Jo, replies to Jo, in the recipient's language, the first question as links.
    assert_eq!(deliver(&app, &mailer).await, 4);
    let ana = message_to(&sink, "ana@example.com");
    assert!(ana.header("Reply-To").unwrap().contains("jo@example.com"), "{}", ana.data);
    assert!(ana.header("From").unwrap().contains("von Acme"), "{}", ana.data);
    assert!(ana.header("List-Unsubscribe").unwrap().contains("/stop>"), "{}", ana.data);
    let text = ana.text();
    assert!(text.contains("Empfehlen Sie uns?") && text.contains("Überhaupt nicht wahrscheinlich"), "{text}");
    for a in 0..=10 {
        assert!(answer_link(&text, a).starts_with("/e/"), "{text}");
    }
    assert!(!text.to_lowercase().contains("do not reply") && !text.contains("noreply"));
    assert_eq!(summary(&app, &jo).await["delivered"], 4);

    // A closed survey invites no one.
    call(&app, &jo, "POST", "/admin/api/surveys/pulse/status", Some(json!({"status": "closed"}))).await;
    assert_eq!(upload(&app, &jo, INVITE, "email\nfay@example.com\n").await.status, 409);
}

#[tokio::test]
async fn a_click_records_nothing_until_posted_and_then_the_survey_goes_on_and_the_link_works_once() {
    let (app, sink, mailer) = with_mail().await;
    let jo = Who::Browser(sign_up(&app, "jo@example.com", "Acme").await);
    live(&app, &jo, "pulse").await;
    upload(&app, &jo, INVITE, "email,language\nana@example.com,de\n").await;
    deliver(&app, &mailer).await;
    let link = answer_link(&message_to(&sink, "ana@example.com").text(), 9);

    // A mail scanner fetches every link: nothing is recorded.
    for a in 0..=10 {
        let page = app.get(&link.replace("?a=9", &format!("?a={a}"))).await;
        assert_eq!(page.status, 200, "{}", page.body);
    }
    let page = app.get(&link).await;
    assert!(page.body.contains(r#"value="9" checked"#) && page.body.contains("Antwort senden"), "{}", page.body);
    assert_eq!(page.headers["cache-control"], "no-store");
    assert_eq!(app.stored("pulse").await, 0, "a GET records nothing");

    // An answer outside the scale is refused, saying so, and records nothing.
    let action = link.split('?').next().unwrap().to_owned();
    for bad in ["a=11", "a=nine", ""] {
        let refused = post_form(&app, &action, bad).await;
        assert_eq!(refused.status, 422, "{bad}");
        assert!(refused.body.contains("Wählen Sie eine der Antworten"), "{bad}: {}", refused.body);
    }
    assert_eq!(app.stored("pulse").await, 0);

    let posted = post_form(&app, &action, "a=9").await;
    assert_eq!(posted.status, 303, "{}", posted.body);
    let to = posted.headers["location"].to_str().unwrap().to_owned();
    assert!(to.starts_with("/s/pulse?lang=de#hb-resume="), "{to}");
    let key = to.split("hb-resume=").nth(1).unwrap().split('&').next().unwrap().to_owned();
    assert!(to.ends_with("&recommend=9"), "{to}");
    assert_eq!(app.stored("pulse").await, 1, "the click's answer is in");
    let counted = app.counted("pulse", "").await;
    assert_eq!((counted["responses"].clone(), counted["completed"].clone()), (json!(1), json!(0)), "begun");

    // The link works once: again, it says so, and records nothing more.
    for reply in [post_form(&app, &action, "a=3").await, app.get(&link).await] {
        assert_eq!(reply.status, 410);
        assert!(reply.body.contains("Dieser Link wurde schon benutzt"), "{}", reply.body);
    }
    // The survey's page goes on with the same response, and finishes it.
    let rest = json!({"answers": {"recommend": 9, "why": "Schnelle Antworten"}, "complete": true, "sequence": 2});
    assert_eq!(app.save("pulse", &key, rest).await.status, 200);
    assert_eq!(app.stored("pulse").await, 1, "one response, begun in the e-mail");
    let counted = app.counted("pulse", "").await;
    assert_eq!((counted["responses"].clone(), counted["completed"].clone()), (json!(1), json!(1)), "{counted}");
    let summary = summary(&app, &jo).await;
    assert_eq!((summary["invited"].clone(), summary["answered"].clone()), (json!(1), json!(1)), "{summary}");
    // The receipt reads the response: the key is the respondent's.
    let receipt = app.as_respondent("GET", "/api/v1/results/pulse/receipt", &key, None).await;
    assert_ne!(receipt.status, 404, "{}", receipt.body);

    let unknown = app.get("/e/not-a-token?a=9").await;
    assert_eq!(unknown.status, 404);
}

#[tokio::test]
async fn an_opt_out_is_honoured_at_once_and_kept_and_bounces_and_complaints_are_counted() {
    let (app, sink, mailer) = with_mail().await;
    let jo = Who::Browser(sign_up(&app, "jo@example.com", "Acme").await);
    live(&app, &jo, "pulse").await;
    live(&app, &jo, "second").await;
    upload(&app, &jo, INVITE, "email\nbo@example.com\ncy@example.com\ndee@example.com\n").await;
    deliver(&app, &mailer).await;
    let text = message_to(&sink, "bo@example.com").text();
    let stop = text.lines().find_map(|l| l.split_whitespace().find(|w| w.ends_with("/stop"))).unwrap();
    let stop = stop.trim_start_matches(BASE).to_owned();
    // Bo is invited to the second survey too, not sent yet.
    upload(&app, &jo, "/admin/api/surveys/second/invitations", "email\nbo@example.com\n").await;

    let asked = app.get(&stop).await;
    assert_eq!(asked.status, 200);
    assert!(
        asked.body.contains("Send me no more surveys") && asked.body.contains(r#"method="post""#),
        "{}",
        asked.body
    );
    assert_eq!(summary(&app, &jo).await["opted_out"], 0, "asking changes nothing");
    let stopped = post_form(&app, &stop, "List-Unsubscribe=One-Click").await;
    assert_eq!(stopped.status, 200);
    assert!(stopped.body.contains("Acme will send no more surveys"), "{}", stopped.body);
    assert_eq!(summary(&app, &jo).await["opted_out"], 1);
    let sent = sink.messages().len();
    deliver(&app, &mailer).await;
    assert_eq!(sink.messages().len(), sent, "the second survey's invitation to Bo is not sent");
    // His link no longer answers, and he is never invited again.
    let link = answer_link(&text, 10);
    assert_eq!(app.get(&link).await.status, 410);
    assert_eq!(post_form(&app, link.split('?').next().unwrap(), "a=10").await.status, 410);
    assert_eq!(app.stored("pulse").await, 0);
    let refused = upload(&app, &jo, "/admin/api/surveys/second/invitations", "email\nBo@Example.com\n").await.json();
    assert_eq!(refused["refusals"][0]["reason"], "opted_out");

    // The provider's bounces and complaints, relayed by a script.
    for (event, status) in [
        (json!({"kind": "bounce", "email": "nope"}), 422),
        (json!({"kind": "spam", "email": "cy@example.com"}), 400),
        (json!({"kind": "bounce", "email": "CY@example.com"}), 200),
        (json!({"kind": "complaint", "email": "dee@example.com"}), 200),
    ] {
        let reply = call(&app, &jo, "POST", "/admin/api/mail-events", Some(event.clone())).await;
        assert_eq!(reply.status, status, "{event}: {}", reply.body);
    }
    let summary = summary(&app, &jo).await;
    assert_eq!((summary["bounced"].clone(), summary["complained"].clone()), (json!(1), json!(1)), "{summary}");
    let complained = upload(&app, &jo, "/admin/api/surveys/second/invitations", "email\ndee@example.com\n").await;
    assert_eq!(complained.json()["refusals"][0]["reason"], "opted_out", "a complaint is an opt-out");
    let audit = call(&app, &jo, "GET", "/admin/api/audit?action=mail_event_recorded", None).await.json();
    assert_eq!(audit["entries"].as_array().unwrap().len(), 2);
    assert!(!audit.to_string().contains("dee@example.com"), "the audit log keeps no addresses");
}

#[tokio::test]
async fn fifty_thousand_rows_stream_in_and_the_report_counts_every_refusal() {
    let (app, _sink, _mailer) = with_mail().await;
    let jo = Who::Browser(sign_up(&app, "jo@example.com", "Acme").await);
    live(&app, &jo, "pulse").await;
    let mut csv = String::from("email\n");
    for n in 0..50_000 {
        if n % 1000 == 999 {
            csv.push_str(&format!("broken-{n}\n"));
        } else {
            csv.push_str(&format!("person{n}@example.com\n"));
        }
    }
    // Sent in chunks that cut lines in two, as a slow upload arrives.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = csv.as_bytes().chunks(7919).map(|c| Ok(c.to_vec())).collect();
    let body = Body::from_stream(futures::stream::iter(chunks));
    let reply = call_with(&app, &jo, "POST", INVITE, Some(("text/csv", body))).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let report = reply.json();
    assert_eq!((report["invited"].clone(), report["refused"].clone()), (json!(49_950), json!(50)));
    assert_eq!(report["refusals"][0], json!({"line": 1001, "email": "broken-999", "reason": "malformed"}));
    assert_eq!(summary(&app, &jo).await["invited"], 49_950);
}
