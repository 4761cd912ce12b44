//! The inner loop over HTTP: a survey's rules open one case a matching response (whatever
//! retries), owned in turn by named members, due in business days; owners and editors move
//! them, resolving with an outcome and a root cause; every bad input changes nothing.

use crate::admin::{call, definition, join, me, sign_up, Browser, Who};
use crate::helpers::TestApp;
use serde_json::{json, Value};

struct Acme {
    app: TestApp,
    owner: Who,
    owner_id: String,
    exec: Who,
    exec_id: String,
    editor: Who,
    editor_id: String,
}

fn id_of(value: &Value) -> String {
    value["user"]["id"].as_str().unwrap().to_owned()
}

async fn member(app: &TestApp, owner: &Browser, email: &str, role: &str) -> (Who, String) {
    let browser = join(app, owner, email, role).await;
    let id = id_of(&me(app, &browser).await);
    (Who::Browser(browser), id)
}

/// Acme with an owner, an executive (viewer) and an editor, and its live survey `pulse`.
async fn acme() -> Acme {
    let app = TestApp::start().await;
    let owner_browser = sign_up(&app, "jo@example.com", "Acme").await;
    let owner_id = id_of(&me(&app, &owner_browser).await);
    let (exec, exec_id) = member(&app, &owner_browser, "ceo@example.com", "viewer").await;
    let (editor, editor_id) = member(&app, &owner_browser, "ed@example.com", "editor").await;
    let owner = Who::Browser(owner_browser);
    let mut pulse = definition("pulse");
    pulse["definition"]["questions"].as_array_mut().unwrap().extend([
        json!({"id": "csat", "kind": "csat", "prompt": "Satisfied?"}),
        json!({"id": "why", "kind": "long_text", "prompt": "Why?"}),
    ]);
    assert_eq!(call(&app, &owner, "POST", "/admin/api/surveys", Some(pulse)).await.status, 201);
    let live = Some(json!({"status": "live"}));
    assert_eq!(call(&app, &owner, "POST", "/admin/api/surveys/pulse/status", live).await.status, 200);
    Acme { app, owner, owner_id, exec, exec_id, editor, editor_id }
}

async fn cases(acme: &Acme, who: &Who, query: &str) -> Vec<Value> {
    let reply = call(&acme.app, who, "GET", &format!("/admin/api/cases{query}"), None).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()["cases"].as_array().unwrap().clone()
}

async fn answer(acme: &Acme, answers: Value, key: Option<&str>) {
    let reply = acme.app.submit("pulse", json!({"answers": answers}).to_string(), key).await;
    assert!(reply.status == 201 || reply.status == 200, "{}", reply.body);
}

#[tokio::test]
async fn rules_open_one_case_a_matching_response_owned_in_turn_and_due_in_business_days() {
    let acme = acme().await;
    let rules = json!({"rules": [
        {"question": "recommend", "at_most": 6, "owners": [acme.exec_id, acme.owner_id], "due_business_days": 2,
         "escalate_to": acme.editor_id},
        {"question": "csat", "at_most": 2, "owners": [acme.editor_id], "due_business_days": 1}
    ]});
    let set = call(&acme.app, &acme.editor, "PUT", "/admin/api/surveys/pulse/case-rules", Some(rules.clone())).await;
    assert_eq!(set.status, 204, "{}", set.body);
    let read = call(&acme.app, &acme.exec, "GET", "/admin/api/surveys/pulse/case-rules", None).await.json();
    assert_eq!(read, rules, "every member reads the rules as written");

    answer(&acme, json!({"recommend": 3, "why": "Support is slow"}), Some("first-key")).await;
    // A retried submission (same key) and a happy customer open nothing more.
    answer(&acme, json!({"recommend": 3, "why": "Support is slow"}), Some("first-key")).await;
    answer(&acme, json!({"recommend": 9}), None).await;
    answer(&acme, json!({"recommend": 5}), None).await;
    // The second rule, for a CSAT of 1 or 2, when the first does not match.
    answer(&acme, json!({"recommend": 8, "csat": 1}), None).await;
    // A response finished through saves opens its case once, however often the last save comes.
    let save = json!({"answers": {"recommend": 0}, "complete": true, "sequence": 1});
    for _ in 0..2 {
        assert_eq!(acme.app.save("pulse", "a-saved-key", save.clone()).await.status, 200);
    }

    let all = cases(&acme, &acme.exec, "").await;
    assert_eq!(all.len(), 4, "{all:#?}");
    let owners: Vec<&str> = all.iter().map(|c| c["owner"]["user_id"].as_str().unwrap()).collect();
    assert_eq!(owners.iter().filter(|o| **o == acme.exec_id).count(), 2, "in turn: {owners:?}");
    assert_eq!(owners.iter().filter(|o| **o == acme.owner_id).count(), 1, "in turn: {owners:?}");
    assert_eq!(owners.iter().filter(|o| **o == acme.editor_id).count(), 1, "the CSAT rule's owner");
    for case in &all {
        let (opened, due) = (case["opened_at"].as_i64().unwrap(), case["due_at"].as_i64().unwrap());
        let days = if case["owner"]["user_id"] == acme.editor_id.as_str() { 1 } else { 2 };
        assert_eq!(due, hearback_core::case::due_at(opened, days));
        assert!(due - opened >= days as i64 * 86_400_000, "business days are at least days");
        assert_eq!((case["status"].as_str(), case["overdue"].as_bool()), (Some("open"), Some(false)));
    }
    let mine = cases(&acme, &acme.exec, "?mine=true").await;
    assert_eq!(mine.len(), 2);
    assert!(mine
        .iter()
        .all(|c| c["owner"]["user_id"] == acme.exec_id.as_str()
            && c["escalate_to"]["user_id"] == acme.editor_id.as_str()));
    // The case shows the respondent's answers.
    let first = &mine[0]["id"].as_str().unwrap().to_owned();
    let case = call(&acme.app, &acme.exec, "GET", &format!("/admin/api/cases/{first}"), None).await.json();
    assert!(case["answers"]["recommend"].as_i64().unwrap() <= 6, "{case}");
}

#[tokio::test]
async fn bad_rules_are_refused_with_the_reason_and_change_nothing() {
    let acme = acme().await;
    let uri = "/admin/api/surveys/pulse/case-rules";
    let good = |owners: Value, due: u32| json!({"question": "recommend", "at_most": 6, "owners": owners, "due_business_days": due});
    for (body, says) in [
        (json!({"rules": [good(json!(["not-a-member"]), 2)]}), "`not-a-member` is not a member"),
        (json!({"rules": [good(json!([acme.exec_id]), 0)]}), "not a due time"),
        (json!({"rules": [good(json!([acme.exec_id]), 31)]}), "not a due time"),
        (json!({"rules": [good(json!([]), 2)]}), "at least one owner"),
        (
            json!({"rules": [{"question": "why", "at_most": 6, "owners": [acme.exec_id], "due_business_days": 2}]}),
            "has no score",
        ),
        (
            json!({"rules": [{"question": "nope", "at_most": 6, "owners": [acme.exec_id], "due_business_days": 2}]}),
            "no question",
        ),
        (json!({"rules": [{"question": "recommend", "owners": [acme.exec_id], "due_business_days": 2}]}), "at_most"),
        (
            json!({"rules": [{"question": "recommend", "at_most": 6, "owners": [acme.exec_id], "due_business_days": 2,
                           "escalate_to": "a-stranger"}]}),
            "`a-stranger` is not a member",
        ),
    ] {
        let reply = call(&acme.app, &acme.owner, "PUT", uri, Some(body)).await;
        assert_eq!(reply.status, 422, "{}", reply.body);
        assert!(reply.json()["error"]["message"].as_str().unwrap().contains(says), "{says}: {}", reply.body);
    }
    let viewer =
        call(&acme.app, &acme.exec, "PUT", uri, Some(json!({"rules": [good(json!([acme.exec_id]), 2)]}))).await;
    assert_eq!(viewer.status, 403);
    assert_eq!(call(&acme.app, &acme.owner, "GET", uri, None).await.json(), json!({"rules": []}), "nothing changed");
    answer(&acme, json!({"recommend": 0}), None).await;
    assert!(cases(&acme, &acme.owner, "").await.is_empty(), "no rule, no case");
}

#[tokio::test]
async fn a_case_moves_by_its_owner_or_editors_and_resolves_with_an_outcome_and_a_root_cause() {
    let acme = acme().await;
    let rules =
        json!({"rules": [{"question": "recommend", "at_most": 6, "owners": [acme.exec_id], "due_business_days": 2}]});
    assert_eq!(
        call(&acme.app, &acme.owner, "PUT", "/admin/api/surveys/pulse/case-rules", Some(rules.clone())).await.status,
        204
    );
    answer(&acme, json!({"recommend": 2}), None).await;
    let case = cases(&acme, &acme.owner, "").await[0]["id"].as_str().unwrap().to_owned();
    let status = format!("/admin/api/cases/{case}/status");

    // A viewer acts only on their own case: Sam (a viewer too) may not, the executive who owns it may.
    let (sam, _) = member(
        &acme.app,
        &match &acme.owner {
            Who::Browser(b) => b.clone(),
            _ => unreachable!(),
        },
        "sam@example.com",
        "viewer",
    )
    .await;
    let refused = call(&acme.app, &sam, "POST", &status, Some(json!({"status": "contacted"}))).await;
    assert_eq!((refused.status.as_u16(), refused.code()), (403, "forbidden".to_owned()));
    assert_eq!(call(&acme.app, &acme.exec, "POST", &status, Some(json!({"status": "contacted"}))).await.status, 204);
    let read = call(&acme.app, &acme.owner, "GET", &format!("/admin/api/cases/{case}"), None).await.json();
    assert_eq!(read["status"], "contacted");
    assert!(read["contacted_at"].is_i64());

    // Resolving needs an outcome and a root cause of the organisation's list.
    let resolve =
        |outcome: Value, cause: Value| Some(json!({"status": "resolved", "outcome": outcome, "root_cause": cause}));
    for (body, says) in [
        (resolve(Value::Null, json!("slow-support")), "outcome"),
        (resolve(json!("  "), json!("slow-support")), "outcome"),
        (resolve(json!("Called; refunded"), Value::Null), "root cause"),
        (resolve(json!("Called; refunded"), json!("slow-support")), "root cause"),
    ] {
        let reply = call(&acme.app, &acme.exec, "POST", &status, body).await;
        assert_eq!(reply.status, 422, "{}", reply.body);
        assert!(reply.json()["error"]["message"].as_str().unwrap().contains(says));
    }
    assert_eq!(
        call(&acme.app, &acme.owner, "GET", &format!("/admin/api/cases/{case}"), None).await.json()["status"],
        "contacted"
    );
    let viewer_adds =
        call(&acme.app, &acme.exec, "POST", "/admin/api/root-causes", Some(json!({"label": "Slow support"}))).await;
    assert_eq!(viewer_adds.status, 403, "editors keep the list");
    let added =
        call(&acme.app, &acme.editor, "POST", "/admin/api/root-causes", Some(json!({"label": "Slow support"}))).await;
    assert_eq!((added.status.as_u16(), added.json()["id"].as_str()), (201, Some("slow-support")));
    assert_eq!(
        call(&acme.app, &acme.editor, "POST", "/admin/api/root-causes", Some(json!({"label": "slow  support!"})))
            .await
            .status,
        409
    );
    assert_eq!(
        call(&acme.app, &acme.editor, "POST", "/admin/api/root-causes", Some(json!({"label": "!!"}))).await.status,
        422
    );
    let resolved =
        call(&acme.app, &acme.exec, "POST", &status, resolve(json!("Called; refunded"), json!("slow-support"))).await;
    assert_eq!(resolved.status, 204, "{}", resolved.body);

    // Linked to a plan of its survey, and only such a plan.
    let plan = json!({"heard": "Slow", "will_do": "Faster", "owner": acme.exec_id, "due": "2031-01-31"});
    let plan =
        call(&acme.app, &acme.editor, "POST", "/admin/api/surveys/pulse/plans", Some(plan)).await.json()["id"].clone();
    let link = format!("/admin/api/cases/{case}/plan");
    assert_eq!(call(&acme.app, &acme.exec, "PUT", &link, Some(json!({"plan": "no-such-plan"}))).await.status, 422);
    assert_eq!(call(&acme.app, &acme.exec, "PUT", &link, Some(json!({"plan": plan}))).await.status, 204);
    let read = call(&acme.app, &acme.owner, "GET", &format!("/admin/api/cases/{case}"), None).await.json();
    assert_eq!(
        (read["status"].as_str(), read["root_cause"].as_str(), read["outcome"].as_str()),
        (Some("resolved"), Some("slow-support"), Some("Called; refunded"))
    );
    assert_eq!(read["plan"], plan);
    assert!(read["closed_at"].is_i64());

    // Deleting the response withdraws the case; it moves no more.
    let response = read["response"].as_str().unwrap();
    let reopen = Some(json!({"status": "open"}));
    assert_eq!(call(&acme.app, &acme.exec, "POST", &status, reopen.clone()).await.status, 204, "reopened");
    assert_eq!(
        call(&acme.app, &acme.editor, "DELETE", &format!("/admin/api/surveys/pulse/responses/{response}"), None)
            .await
            .status,
        204
    );
    let read = call(&acme.app, &acme.owner, "GET", &format!("/admin/api/cases/{case}"), None).await.json();
    assert_eq!((read["status"].as_str(), read.get("answers")), (Some("withdrawn"), None));
    assert_eq!(call(&acme.app, &acme.exec, "POST", &status, reopen).await.status, 409);
    let bad = call(&acme.app, &acme.exec, "GET", "/admin/api/cases?mine=maybe", None).await;
    assert_eq!(bad.status, 422);
}

#[tokio::test]
async fn an_overdue_case_is_told_once_to_its_owner_and_its_escalation_through_the_outbox() {
    let acme = acme().await;
    let rules = json!({"rules": [{"question": "recommend", "at_most": 6, "owners": [acme.exec_id],
        "due_business_days": 1, "escalate_to": acme.editor_id}]});
    assert_eq!(
        call(&acme.app, &acme.owner, "PUT", "/admin/api/surveys/pulse/case-rules", Some(rules)).await.status,
        204
    );
    answer(&acme, json!({"recommend": 1}), None).await;
    answer(&acme, json!({"recommend": 2}), None).await;
    let all = cases(&acme, &acme.owner, "").await;
    let (due, reached) = (all[0]["due_at"].as_i64().unwrap(), all[1]["id"].as_str().unwrap().to_owned());
    // One of them was reached in time: it is never told.
    let contacted = Some(json!({"status": "contacted"}));
    assert_eq!(
        call(&acme.app, &acme.exec, "POST", &format!("/admin/api/cases/{reached}/status"), contacted).await.status,
        204
    );
    let store = acme.app.store.as_ref();
    assert_eq!(
        hearback_server::escalation::tell_overdue(store, due - 1, "https://acme.example").await.unwrap(),
        0,
        "not due yet"
    );
    let later = due + 3_600_000;
    assert_eq!(hearback_server::escalation::tell_overdue(store, later, "https://acme.example").await.unwrap(), 1);
    assert_eq!(
        hearback_server::escalation::tell_overdue(store, later + 60_000, "https://acme.example").await.unwrap(),
        0,
        "once"
    );
    let mails = store.mail_log(10).await.unwrap();
    let mut to: Vec<&str> = mails.iter().map(|m| m.recipient.as_str()).collect();
    to.sort();
    assert_eq!(to, ["ceo@example.com", "ed@example.com"], "{mails:#?}");
    assert!(mails.iter().all(|m| m.subject.starts_with("Overdue: ") && m.status == "pending"), "{mails:#?}");
}

#[tokio::test]
async fn the_results_page_says_what_the_inner_loop_did_once_k_customers_were_reached() {
    let acme = acme().await;
    let rules =
        json!({"rules": [{"question": "recommend", "at_most": 6, "owners": [acme.exec_id], "due_business_days": 2}]});
    assert_eq!(
        call(&acme.app, &acme.owner, "PUT", "/admin/api/surveys/pulse/case-rules", Some(rules)).await.status,
        204
    );
    for score in [0, 1, 2, 3, 4, 9, 10, 8] {
        answer(&acme, json!({"recommend": score}), None).await;
    }
    let plan = json!({"heard": "Slow", "will_do": "Faster", "owner": acme.exec_id, "due": "2031-01-31"});
    let plan =
        call(&acme.app, &acme.editor, "POST", "/admin/api/surveys/pulse/plans", Some(plan)).await.json()["id"].clone();
    let publish = json!({"summary": "We heard you.", "visibility": "public"});
    assert_eq!(
        call(&acme.app, &acme.owner, "POST", "/admin/api/surveys/pulse/publication", Some(publish)).await.status,
        201
    );
    let all = cases(&acme, &acme.owner, "").await;
    assert_eq!(all.len(), 5);
    let page = || async { acme.app.get("/api/v1/results/pulse").await.json() };
    for (i, case) in all.iter().enumerate() {
        let id = case["id"].as_str().unwrap();
        let contacted = Some(json!({"status": "contacted"}));
        assert_eq!(
            call(&acme.app, &acme.exec, "POST", &format!("/admin/api/cases/{id}/status"), contacted).await.status,
            204
        );
        assert_eq!(
            call(&acme.app, &acme.exec, "PUT", &format!("/admin/api/cases/{id}/plan"), Some(json!({"plan": plan})))
                .await
                .status,
            204
        );
        let shown = page().await;
        if i < 4 {
            // Fewer than k (5): nothing is said, not even that there were some.
            assert_eq!((shown.get("followed_up"), shown["plans"][0].get("cases")), (None, None), "{i}");
        }
    }
    let shown = page().await;
    assert_eq!(shown["followed_up"]["customers"], 5);
    assert_eq!(shown["followed_up"]["days"], 90);
    assert_eq!(shown["followed_up"]["median_first_contact_hours"], 0);
    assert_eq!(shown["plans"][0]["cases"], 5);
    let html = acme.app.get("/r/pulse").await.body;
    assert!(html.contains("Our team followed up personally with 5 of you in the last 90 days"), "{html}");
    assert!(
        html.contains("5 customers&#x27; conversations with our team led to this plan.")
            || html.contains("5 customers' conversations with our team led to this plan.")
    );
}

#[tokio::test]
async fn the_conversations_summary_shows_each_members_month_against_the_goal_an_owner_set() {
    let acme = acme().await;
    let rules =
        json!({"rules": [{"question": "recommend", "at_most": 6, "owners": [acme.exec_id], "due_business_days": 2}]});
    assert_eq!(
        call(&acme.app, &acme.owner, "PUT", "/admin/api/surveys/pulse/case-rules", Some(rules)).await.status,
        204
    );
    for score in [1, 2, 3] {
        answer(&acme, json!({"recommend": score}), None).await;
    }
    let first = cases(&acme, &acme.exec, "").await[0]["id"].as_str().unwrap().to_owned();
    let contacted = Some(json!({"status": "contacted"}));
    assert_eq!(
        call(&acme.app, &acme.exec, "POST", &format!("/admin/api/cases/{first}/status"), contacted).await.status,
        204
    );
    // Goals: owners set them, 1 to 100 a month, for members only.
    let goal = |user: &str| format!("/admin/api/members/{user}/goal");
    for (who, user, body, status) in [
        (&acme.editor, acme.exec_id.as_str(), json!({"per_month": 5}), 403),
        (&acme.owner, acme.exec_id.as_str(), json!({"per_month": 0}), 422),
        (&acme.owner, acme.exec_id.as_str(), json!({"per_month": 101}), 422),
        (&acme.owner, "not-a-member", json!({"per_month": 5}), 404),
        (&acme.owner, acme.exec_id.as_str(), json!({"per_month": 5}), 204),
    ] {
        assert_eq!(call(&acme.app, who, "PUT", &goal(user), Some(body.clone())).await.status, status, "{body}");
    }
    let summary = call(&acme.app, &acme.exec, "GET", "/admin/api/cases/summary", None).await.json();
    assert_eq!((summary["open"].as_u64(), summary["overdue"].as_u64()), (Some(2), Some(0)));
    assert_eq!(summary["median_first_contact_hours"], 0);
    let exec =
        summary["members"].as_array().unwrap().iter().find(|m| m["user_id"] == acme.exec_id.as_str()).unwrap().clone();
    assert_eq!(
        (exec["reached_this_month"].as_u64(), exec["waiting"].as_u64(), exec["goal"].as_u64()),
        (Some(1), Some(3), Some(5))
    );
    assert_eq!(
        call(&acme.app, &acme.owner, "PUT", &goal(&acme.exec_id), Some(json!({"per_month": null}))).await.status,
        204
    );
    let summary = call(&acme.app, &acme.exec, "GET", "/admin/api/cases/summary", None).await.json();
    assert!(summary["members"].as_array().unwrap().iter().all(|m| m.get("goal").is_none()), "removed");
}
