//! The admin API's OpenAPI document at `/admin/api/openapi.json` says what the admin API does:
//! every operation in it is called here, as a company's members and scripts call it (and as
//! they get it wrong), and every answer's status is one the document lists for that operation,
//! with a body its schema accepts.

use crate::admin::{call, definition, join, me, sign_up, Who};
use crate::helpers::TestApp;
use crate::openapi::{conforms, documented, served_document};
use crate::security::{steady_seconds, wrong_code};
use hearback_server::two_factor::code_at;
use serde_json::{json, Value};
use std::collections::BTreeSet;

#[tokio::test]
async fn the_admin_openapi_document_describes_every_admin_operation_as_it_answers() {
    let app = TestApp::start().await;
    let document = served_document(&app, "/admin/api/openapi.json", "Hearback admin API").await;
    assert_eq!(document["servers"][0]["url"], "/admin/api");

    let mut called = BTreeSet::new();
    let mut walk = Walk { app: &app, document: &document, called: &mut called };
    let nobody = Who::Nobody;
    let password = "correct horse battery";

    // Accounts: signing up, in and out; members; invitations; tokens.
    let signup = json!({"email": "ann@example.com", "password": password, "name": "Ann", "organization": "Acme"});
    walk.call(&nobody, "POST", "/signup", Some(signup.clone())).await;
    walk.call(&nobody, "POST", "/signup", Some(signup)).await;
    let weak = json!({"email": "bo@example.com", "password": "short", "name": "Bo", "organization": "B"});
    walk.call(&nobody, "POST", "/signup", Some(weak)).await;
    walk.call(&nobody, "POST", "/login", Some(json!({"email": "ann@example.com", "password": "wrong one!"}))).await;
    walk.call(&nobody, "POST", "/login", Some(json!({"email": "ann@example.com", "password": password}))).await;
    let owner = sign_up(&app, "jo@example.com", "Jo's").await;
    let o = Who::Browser(owner.clone());
    let owner_id = me(&app, &owner).await["user"]["id"].as_str().unwrap().to_owned();
    walk.call(&o, "GET", "/me", None).await;
    walk.call(&nobody, "GET", "/me", None).await;
    walk.call(&o, "GET", "/members", None).await;
    walk.call(&o, "POST", "/invites", Some(json!({"email": "not an address", "role": "viewer"}))).await;
    let invite = walk.call(&o, "POST", "/invites", Some(json!({"email": "cy@example.com", "role": "editor"}))).await;
    let accept = format!("/invites/{}/accept", invite["token"].as_str().unwrap());
    walk.call(&nobody, "POST", &accept, Some(json!({"name": "Cy", "password": password}))).await;
    walk.call(&nobody, "POST", &accept, Some(json!({"name": "Cy", "password": password}))).await;
    let viewer = Who::Browser(join(&app, &owner, "di@example.com", "viewer").await);
    let members = walk.call(&o, "GET", "/members", None).await;
    let cy = members["members"].as_array().unwrap().iter().find(|m| m["email"] == "cy@example.com").unwrap();
    let cy = format!("/members/{}", cy["user_id"].as_str().unwrap());
    walk.call(&o, "PUT", &cy, Some(json!({"role": "viewer"}))).await;
    walk.call(&viewer, "PUT", &cy, Some(json!({"role": "owner"}))).await;
    walk.call(&o, "PUT", &format!("/members/{owner_id}"), Some(json!({"role": "editor"}))).await;
    walk.call(&o, "DELETE", &cy, None).await;
    walk.call(&o, "DELETE", "/members/nobody", None).await;
    let token = walk.call(&o, "POST", "/tokens", Some(json!({"name": "CI", "scope": "read"}))).await;
    walk.call(&o, "POST", "/tokens", Some(json!({"name": " ", "scope": "write"}))).await;
    walk.call(&o, "GET", "/tokens", None).await;
    walk.call(&Who::Token(token["token"].as_str().unwrap().to_owned()), "GET", "/tokens", None).await;
    walk.call(&o, "DELETE", &format!("/tokens/{}", token["id"].as_str().unwrap()), None).await;
    walk.call(&o, "DELETE", "/tokens/nope", None).await;

    // Surveys: writing one, its life, its secret.
    let mut pulse = definition("pulse");
    pulse["definition"]["questions"].as_array_mut().unwrap().extend([
        json!({"id": "why", "kind": "text", "prompt": "Why?"}),
        json!({"id": "quote", "kind": "consent", "prompt": "May we quote you?"}),
        json!({"id": "reach", "kind": "contact", "prompt": "May we contact you?"}),
    ]);
    walk.call(&o, "POST", "/surveys", Some(pulse.clone())).await;
    walk.call(&o, "POST", "/surveys", Some(pulse.clone())).await;
    walk.call(&o, "POST", "/surveys", Some(json!({"definition": {"id": "x", "title": "", "questions": []}}))).await;
    walk.call(&viewer, "POST", "/surveys", Some(definition("other"))).await;
    walk.call(&o, "GET", "/surveys", None).await;
    walk.call(&o, "GET", "/surveys/pulse", None).await;
    walk.call(&o, "GET", "/surveys/nope", None).await;
    walk.call(&o, "PUT", "/surveys/pulse", Some(pulse.clone())).await;
    walk.call(&o, "PUT", "/surveys/pulse", Some(definition("renamed"))).await;
    walk.call(&o, "POST", "/surveys/pulse/status", Some(json!({"status": "closed"}))).await;
    walk.call(&o, "POST", "/surveys/pulse/status", Some(json!({"status": "live"}))).await;
    let mut fewer = pulse.clone();
    fewer["definition"]["questions"].as_array_mut().unwrap().remove(1);
    walk.call(&o, "PUT", "/surveys/pulse", Some(fewer)).await;
    walk.call(&o, "POST", "/surveys/pulse/secret", None).await;
    walk.call(&o, "GET", "/surveys/pulse/schedule", None).await;
    walk.call(&o, "PUT", "/surveys/pulse/schedule", Some(json!({"opens_at": 10, "closes_at": 5}))).await;
    walk.call(&o, "PUT", "/surveys/pulse/schedule", Some(json!({"close_after": 1000}))).await;
    walk.call(&o, "GET", "/surveys/pulse/answer-retention", None).await;
    walk.call(&o, "PUT", "/surveys/pulse/answer-retention", Some(json!({"days": 400}))).await;
    walk.call(&o, "PUT", "/surveys/pulse/answer-retention", Some(json!({"days": 0}))).await;
    walk.call(&viewer, "PUT", "/surveys/pulse/answer-retention", Some(json!({"days": 400}))).await;
    walk.call(&o, "GET", "/surveys/pulse/audience", None).await;
    walk.call(&o, "PUT", "/surveys/pulse/audience", Some(json!({"devices": ["desktop"], "visitors": "new"}))).await;
    walk.call(&o, "PUT", "/surveys/pulse/audience", Some(json!({"customer": [{"attribute": "plan"}]}))).await;
    walk.call(&o, "PUT", "/surveys/pulse/audience", Some(json!({}))).await;
    walk.call(&o, "GET", "/organization/fatigue", None).await;
    walk.call(&o, "PUT", "/organization/fatigue", Some(json!({"days": 14}))).await;
    walk.call(&o, "PUT", "/organization/fatigue", Some(json!({"days": 400}))).await;
    walk.call(&viewer, "PUT", "/organization/fatigue", Some(json!({"days": 1}))).await;
    let pages =
        json!({"pages": "prefix:/help", "trigger": "delay", "delay_seconds": 9, "event": {"name": "help_opened"}});
    walk.call(&o, "PUT", "/surveys/pulse/audience", Some(pages)).await;
    walk.call(&o, "PUT", "/surveys/pulse/audience", Some(json!({"pages": "regex:("}))).await;
    let site = walk.call(&o, "POST", "/sites", Some(json!({"origin": "https://shop.example"}))).await;
    walk.call(&o, "POST", "/sites", Some(json!({"origin": "https://shop.example"}))).await;
    walk.call(&o, "POST", "/sites", Some(json!({"origin": "not an origin"}))).await;
    walk.call(&viewer, "POST", "/sites", Some(json!({"origin": "https://viewer.example"}))).await;
    walk.call(&o, "GET", "/sites", None).await;
    let key = format!("/sites/{}", site["key"].as_str().unwrap());
    walk.call(&o, "PUT", &key, Some(json!({"fatigue_days": 30}))).await;
    walk.call(&o, "PUT", &key, Some(json!({"fatigue_days": 400}))).await;
    walk.call(&o, "PUT", "/sites/nope", Some(json!({"fatigue_days": null}))).await;
    walk.call(&o, "DELETE", &format!("/sites/{}", site["key"].as_str().unwrap()), None).await;
    walk.call(&o, "DELETE", "/sites/nope", None).await;
    walk.call(&o, "POST", "/surveys/pulse/invitations", Some(json!({"recipients": [{"email": "a@example.com"}]})))
        .await;
    walk.call(&o, "GET", "/surveys/pulse/invitations", None).await;
    walk.call(&o, "GET", "/surveys/pulse/contact-details", None).await;
    walk.call(&viewer, "GET", "/surveys/pulse/contact-details", None).await;
    walk.call(&o, "POST", "/mail-events", Some(json!({"kind": "bounce", "email": "a@example.com"}))).await;
    walk.call(&o, "POST", "/mail-events", Some(json!({"kind": "bounce", "email": "nope"}))).await;

    // Responses: answers, one kept for a receipt, read, exported, one deleted.
    for (score, why) in [(9, "Fast"), (10, "Kind"), (3, "Slow"), (8, "Fine"), (9, "Good")] {
        let answers = json!({"recommend": score, "channel": "mail", "why": why, "quote": true});
        assert_eq!(app.submit("pulse", json!({"answers": answers}).to_string(), None).await.status, 201);
    }
    let receipt = "4b2f0c2e-5b7d-4e7a-9c1b-2d3e4f5a6b7c";
    let answers = json!({"recommend": 6, "channel": "chat"});
    assert_eq!(
        app.save("pulse", receipt, json!({"answers": answers, "complete": true, "sequence": 1})).await.status,
        200
    );
    let responses = walk.call(&o, "GET", "/surveys/pulse/responses", None).await;
    walk.call(&o, "GET", "/surveys/pulse/responses?band=critics", None).await;
    let first = format!("/surveys/pulse/responses/{}", responses["responses"][0]["id"].as_str().unwrap());
    walk.call(&o, "GET", &first, None).await;
    walk.call(&o, "PUT", &format!("{first}/tags"), Some(json!({"tags": ["billing"]}))).await;
    walk.call(&o, "PUT", &format!("{first}/tags"), Some(json!({"tags": ["<b>"]}))).await;
    walk.call(&o, "POST", &format!("{first}/notes"), Some(json!({"body": "Called back"}))).await;
    walk.call(&o, "POST", &format!("{first}/notes"), Some(json!({"body": ""}))).await;
    walk.call(&o, "GET", "/surveys/pulse/responses?tag=billing", None).await;
    walk.call(&o, "GET", "/surveys/pulse/export", None).await;
    walk.call(&o, "GET", "/surveys/pulse/export?format=json", None).await;
    walk.call(&o, "GET", "/surveys/pulse/export?format=xls", None).await;
    walk.call(&viewer, "DELETE", &first, None).await;

    // Results, as the members read them.
    for uri in [
        "/surveys/pulse/results",
        "/surveys/pulse/results?band=critics",
        "/surveys/pulse/results/trend?bucket=day",
        "/surveys/pulse/results/trend?bucket=fortnight",
        "/surveys/pulse/results/breakdown?by=verified",
        "/surveys/pulse/results/breakdown",
    ] {
        walk.call(&o, "GET", uri, None).await;
    }

    // Webhooks: an internal address is refused (no allow flag here), so none is made to delete.
    walk.call(&o, "POST", "/surveys/pulse/webhooks", Some(json!({"url": "http://127.0.0.1:9/hook"}))).await;
    walk.call(&o, "GET", "/surveys/pulse/webhooks", None).await;
    walk.call(&o, "DELETE", "/surveys/pulse/webhooks/nope", None).await;

    // Plans, their timeline and follow-up.
    let plan = json!({"heard": "Replies are slow", "questions": ["recommend"], "will_do": "Answer within a day",
                      "owner": owner_id, "due": "2031-01-31", "status": "in_progress"});
    let made = walk.call(&o, "POST", "/surveys/pulse/plans", Some(plan.clone())).await;
    walk.call(&o, "POST", "/surveys/pulse/plans", Some(json!({"heard": "", "will_do": ""}))).await;
    let plan_uri = format!("/surveys/pulse/plans/{}", made["id"].as_str().unwrap());
    walk.call(&o, "PUT", &plan_uri, Some(plan.clone())).await;
    let follow_up = format!("{plan_uri}/follow-up");
    let ask = json!({"question": "recommend", "prompt": "Better now?"});
    walk.call(&o, "PUT", &follow_up, Some(ask.clone())).await;
    walk.call(&o, "POST", &format!("{plan_uri}/updates"), Some(json!({"body": "Done", "status": "done"}))).await;
    walk.call(&o, "POST", &format!("{plan_uri}/updates"), Some(json!({"body": "No", "status": "wont_do"}))).await;
    walk.call(&o, "PUT", &follow_up, Some(ask)).await;
    walk.call(&o, "GET", "/surveys/pulse/plans", None).await;

    // Quotes and publishing.
    let quotes = walk.call(&o, "GET", "/surveys/pulse/quotes", None).await;
    let candidate = &quotes["candidates"][0];
    let pick = json!({"response": candidate["response"], "question": candidate["question"]});
    walk.call(&o, "POST", "/surveys/pulse/quotes", Some(pick)).await;
    walk.call(&o, "POST", "/surveys/pulse/quotes", Some(json!({"response": "nope", "question": "why"}))).await;
    let quotes = walk.call(&o, "GET", "/surveys/pulse/quotes", None).await;
    let quote = quotes["candidates"][0]["quote"].as_str().unwrap().to_owned();
    walk.call(&o, "DELETE", &format!("/surveys/pulse/quotes/{quote}"), None).await;
    walk.call(&o, "GET", "/surveys/pulse/publication", None).await;
    walk.call(&o, "POST", "/surveys/pulse/publication", Some(json!({"summary": " ", "visibility": "public"}))).await;
    let publish = json!({"summary": "We heard you.", "visibility": "public"});
    walk.call(&o, "POST", "/surveys/pulse/publication", Some(publish)).await;

    // Replies to the plan, answered by its owner.
    let reply_uri = format!("/api/v1/results/pulse/plans/{}/replies", made["id"].as_str().unwrap());
    let sent = app.as_respondent("POST", &reply_uri, receipt, Some(json!({"body": "Still slow"}))).await;
    assert_eq!(sent.status, 201, "{}", sent.body);
    let replies = walk.call(&o, "GET", "/surveys/pulse/replies", None).await;
    let answer = format!("/surveys/pulse/replies/{}/answer", replies["replies"][0]["id"].as_str().unwrap());
    walk.call(&o, "POST", &answer, Some(json!({"body": " "}))).await;
    walk.call(&o, "POST", &answer, Some(json!({"body": "Fixed on Monday"}))).await;
    walk.call(&o, "DELETE", &follow_up, None).await;
    walk.call(&o, "GET", "/surveys/pulse/translations", None).await;
    let translation = json!({"texts": [{"kind": "summary", "subject": "pulse", "text": "Wir haben zugehört."}]});
    walk.call(&o, "PUT", "/surveys/pulse/translations/de", Some(translation)).await;
    walk.call(&o, "DELETE", "/surveys/pulse/publication", None).await;
    // The inner loop: rules, cases, root causes.
    let rules =
        json!({"rules": [{"question": "recommend", "at_most": 6, "owners": [owner_id], "due_business_days": 2}]});
    walk.call(&o, "PUT", "/surveys/pulse/case-rules", Some(rules)).await;
    walk.call(
        &o,
        "PUT",
        "/surveys/pulse/case-rules",
        Some(json!({"rules": [{"question": "why", "at_most": 1,
        "owners": [owner_id], "due_business_days": 2}]})),
    )
    .await;
    walk.call(&o, "GET", "/surveys/pulse/case-rules", None).await;
    assert_eq!(app.submit("pulse", json!({"answers": {"recommend": 2}}).to_string(), None).await.status, 201);
    let cases = walk.call(&o, "GET", "/cases", None).await;
    walk.call(&o, "GET", "/cases?mine=perhaps", None).await;
    let case = format!("/cases/{}", cases["cases"][0]["id"].as_str().unwrap());
    walk.call(&o, "GET", &case, None).await;
    walk.call(&o, "GET", "/cases/nope", None).await;
    walk.call(&o, "POST", "/root-causes", Some(json!({"label": "Slow support"}))).await;
    walk.call(&o, "POST", "/root-causes", Some(json!({"label": "Slow support"}))).await;
    walk.call(&o, "POST", "/root-causes", Some(json!({"label": "  "}))).await;
    walk.call(&o, "GET", "/root-causes", None).await;
    walk.call(&o, "POST", &format!("{case}/status"), Some(json!({"status": "resolved"}))).await;
    let resolve = json!({"status": "resolved", "outcome": "Called back", "root_cause": "slow-support"});
    walk.call(&o, "POST", &format!("{case}/status"), Some(resolve)).await;
    walk.call(&o, "POST", "/cases/nope/status", Some(json!({"status": "open"}))).await;
    walk.call(&o, "PUT", &format!("{case}/plan"), Some(json!({"plan": "nope"}))).await;
    walk.call(&o, "PUT", &format!("{case}/plan"), Some(json!({"plan": made["id"]}))).await;
    walk.call(&o, "PUT", "/cases/nope/plan", Some(json!({"plan": null}))).await;
    walk.call(&o, "GET", "/cases/summary", None).await;
    // Writing to the customer: this one did not ask to hear back; then one who did.
    walk.call(&o, "POST", &format!("{case}/messages"), Some(json!({"body": "Hello"}))).await;
    walk.call(&o, "POST", "/cases/nope/messages", Some(json!({"body": "Hello"}))).await;
    let rules = json!({"rules": [{"question": "reach", "owners": [owner_id], "due_business_days": 2}]});
    walk.call(&o, "PUT", "/surveys/pulse/case-rules", Some(rules)).await;
    let asks = json!({"answers": {"recommend": 9, "reach": "here"}});
    assert_eq!(app.submit("pulse", asks.to_string(), None).await.status, 201);
    let open = walk.call(&o, "GET", "/cases?mine=true", None).await;
    let asked = open["cases"].as_array().unwrap().iter().find(|c| c["reply_via"] == "here").unwrap()["id"].clone();
    let asked = format!("/cases/{}/messages", asked.as_str().unwrap());
    walk.call(&o, "POST", &asked, Some(json!({"body": " "}))).await;
    walk.call(&o, "POST", &asked, Some(json!({"body": "Hello, which page was slow?"}))).await;
    walk.call(&o, "GET", "/organization/contact-retention", None).await;
    walk.call(&o, "PUT", "/organization/contact-retention", Some(json!({"days": 400}))).await;
    walk.call(&o, "PUT", "/organization/contact-retention", Some(json!({"days": 14}))).await;
    walk.call(&o, "GET", "/me/digest", None).await;
    walk.call(&o, "PUT", "/me/digest", Some(json!({"weekly": true}))).await;
    walk.call(&o, "DELETE", "/wall-link", None).await;
    walk.call(&o, "POST", "/wall-link", None).await;
    walk.call(&viewer, "POST", "/wall-link", None).await;
    walk.call(&o, "DELETE", "/wall-link", None).await;
    walk.call(&o, "PUT", &format!("/members/{owner_id}/goal"), Some(json!({"per_month": 5}))).await;
    walk.call(&o, "PUT", &format!("/members/{owner_id}/goal"), Some(json!({"per_month": 0}))).await;
    walk.call(&o, "PUT", "/members/nobody/goal", Some(json!({"per_month": null}))).await;
    walk.call(&o, "DELETE", &plan_uri, None).await;

    // Security: two-factor sign-in, sessions, the password, the audit log.
    walk.call(&o, "GET", "/two-factor", None).await;
    walk.call(&o, "POST", "/two-factor", Some(json!({"code": "123456"}))).await;
    let enrolment = walk.call(&o, "POST", "/two-factor/enrolment", None).await;
    let secret = enrolment["secret"].as_str().unwrap().to_owned();
    let t = steady_seconds().await;
    let code = |at: u64| json!({"code": code_at(&secret, at).unwrap()});
    walk.call(&o, "POST", "/two-factor", Some(json!({"code": wrong_code(&secret, t)}))).await;
    walk.call(&o, "POST", "/two-factor", Some(code(t - 30))).await;
    walk.call(&o, "POST", "/two-factor/enrolment", None).await;
    let recovery = walk.call(&o, "POST", "/two-factor/recovery-codes", Some(code(t))).await;
    walk.call(&o, "POST", "/two-factor/recovery-codes", Some(code(t))).await;
    walk.call(&o, "PUT", "/organization/security", Some(json!({"require_two_factor": true}))).await;
    walk.call(&viewer, "PUT", "/organization/security", Some(json!({"require_two_factor": false}))).await;
    let login = json!({"email": "jo@example.com", "password": crate::admin::PASSWORD});
    let challenge = walk.call(&nobody, "POST", "/login", Some(login)).await["challenge"].clone();
    walk.call(&nobody, "POST", "/login/code", Some(json!({"challenge": "nope", "code": "123456"}))).await;
    walk.call(&nobody, "POST", "/login/code", Some(json!({"challenge": challenge, "code": "123456"}))).await;
    let second = json!({"challenge": challenge, "code": code_at(&secret, t + 30).unwrap()});
    walk.call(&nobody, "POST", "/login/code", Some(second)).await;
    let sessions = walk.call(&o, "GET", "/sessions", None).await;
    let other = sessions["sessions"].as_array().unwrap().iter().find(|s| s["current"] == false).unwrap();
    walk.call(&o, "DELETE", &format!("/sessions/{}", other["id"].as_str().unwrap()), None).await;
    walk.call(&o, "DELETE", "/sessions/nope", None).await;
    walk.call(&o, "GET", &format!("/members/{owner_id}/sessions"), None).await;
    walk.call(&o, "GET", "/members/nobody/sessions", None).await;
    walk.call(&o, "DELETE", "/members/nobody/sessions", None).await;
    let change = |current: &str, new: &str| Some(json!({"current": current, "new": new}));
    walk.call(&o, "POST", "/password", change("not the password", "a new good phrase")).await;
    walk.call(&o, "POST", "/password", change(crate::admin::PASSWORD, "short")).await;
    walk.call(&o, "POST", "/password", change(crate::admin::PASSWORD, "a new good phrase")).await;
    walk.call(&o, "POST", "/two-factor/disable", Some(json!({"code": recovery["codes"][0]}))).await;
    walk.call(&o, "PUT", "/organization/security", Some(json!({"require_two_factor": false}))).await;
    walk.call(&o, "POST", "/two-factor/disable", Some(json!({"code": "nope-nope-nope"}))).await;
    walk.call(&o, "POST", "/two-factor/disable", Some(json!({"code": recovery["codes"][1]}))).await;
    walk.call(&o, "GET", &format!("/members/{owner_id}/sessions"), None).await;
    walk.call(&o, "DELETE", &format!("/members/{owner_id}/sessions"), None).await;
    let o =
        Who::Browser(crate::admin::browser(&crate::admin::log_in(&app, "jo@example.com", "a new good phrase").await));
    walk.call(&o, "GET", "/audit", None).await;
    walk.call(&o, "GET", "/audit?action=plan_created&from=2026-01-01", None).await;
    walk.call(&o, "GET", "/audit?from=2026-02-01&to=2026-01-01", None).await;
    walk.call(&viewer, "GET", "/audit", None).await;
    walk.call(&o, "POST", "/logout", None).await;
    walk.call(&o, "POST", "/logout", None).await;

    let documented = documented(&document);
    assert_eq!(called, documented, "every documented operation is called here");
    assert_eq!(documented.len(), 93);
}

/// Calls admin operations (paths under `/admin/api`) and checks each answer against the document.
struct Walk<'a> {
    app: &'a TestApp,
    document: &'a Value,
    called: &'a mut BTreeSet<String>,
}

impl Walk<'_> {
    /// The answer's JSON body (`null` when it has none or is not JSON).
    async fn call(&mut self, who: &Who, method: &str, path: &str, body: Option<Value>) -> Value {
        let uri = format!("/admin/api{path}");
        let reply = match method {
            "GET" => self.app.unchanged_by(&uri, Box::pin(call(self.app, who, method, &uri, body))).await,
            _ => call(self.app, who, method, &uri, body).await,
        };
        self.called.insert(conforms(self.document, &method.to_lowercase(), path, &reply));
        crate::boundaries::check_cookies(&reply, false);
        serde_json::from_str(&reply.body).unwrap_or(Value::Null)
    }
}
