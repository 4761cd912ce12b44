//! Triage: editors tag responses and write internal notes; members read them with the
//! responses, filter by tag and find the tags in exports; bad tags and notes are refused with
//! their reason and change nothing; a deleted response takes them along.

use crate::admin::{call, definition, join, sign_up, Who};
use crate::helpers::TestApp;
use serde_json::{json, Value};

async fn setup(app: &TestApp) -> (Who, Who, Vec<String>) {
    let session = sign_up(app, "jo@example.com", "Acme").await;
    let jo = Who::Browser(session.clone());
    call(app, &jo, "POST", "/admin/api/surveys", Some(definition("pulse"))).await;
    call(app, &jo, "POST", "/admin/api/surveys/pulse/status", Some(json!({"status": "live"}))).await;
    for score in [2, 9, 4] {
        assert_eq!(app.submit("pulse", json!({"answers": {"recommend": score}}).to_string(), None).await.status, 201);
    }
    let listed = call(app, &jo, "GET", "/admin/api/surveys/pulse/responses", None).await.json();
    let ids = listed["responses"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_owned()).collect();
    let viewer = Who::Browser(join(app, &session, "exec@example.com", "viewer").await);
    (jo, viewer, ids)
}

fn tags_of(listed: &Value) -> Vec<Value> {
    listed["responses"].as_array().unwrap().iter().map(|r| r["tags"].clone()).collect()
}

#[tokio::test]
async fn editors_tag_and_note_responses_and_members_filter_and_export_by_tag() {
    let app = TestApp::start().await;
    let (jo, viewer, ids) = setup(&app).await;
    let tags = |id: &str| format!("/admin/api/surveys/pulse/responses/{id}/tags");
    let set = call(&app, &jo, "PUT", &tags(&ids[0]), Some(json!({"tags": ["  Billing ", "urgent", "billing"]}))).await;
    assert_eq!(set.status, 200, "{}", set.body);
    assert_eq!(set.json(), json!({"tags": ["billing", "urgent"]}), "trimmed, lower case, once each");
    assert_eq!(call(&app, &jo, "PUT", &tags(&ids[2]), Some(json!({"tags": ["billing"]}))).await.status, 200);
    let notes = format!("/admin/api/surveys/pulse/responses/{}/notes", ids[0]);
    let note = call(&app, &jo, "POST", &notes, Some(json!({"body": "Called back; <b>refund</b> sent"}))).await;
    assert_eq!(note.status, 201, "{}", note.body);
    assert_eq!(
        (note.json()["author"].as_str(), note.json()["body"].as_str()),
        (Some("Jo Owner"), Some("Called back; <b>refund</b> sent"))
    );

    // Every member reads them; a viewer writes neither.
    let listed = call(&app, &viewer, "GET", "/admin/api/surveys/pulse/responses", None).await.json();
    assert_eq!(tags_of(&listed), [json!(["billing", "urgent"]), json!([]), json!(["billing"])]);
    assert_eq!(listed["responses"][0]["notes"][0]["body"], "Called back; <b>refund</b> sent");
    assert_eq!(call(&app, &viewer, "PUT", &tags(&ids[1]), Some(json!({"tags": ["x"]}))).await.status, 403);
    assert_eq!(call(&app, &viewer, "POST", &notes, Some(json!({"body": "me too"}))).await.status, 403);

    // Filtered by tag (with the other filters), and in both exports.
    let billing = call(&app, &viewer, "GET", "/admin/api/surveys/pulse/responses?tag=Billing", None).await.json();
    assert_eq!(billing["responses"].as_array().unwrap().len(), 2);
    let urgent_detractors =
        call(&app, &viewer, "GET", "/admin/api/surveys/pulse/responses?tag=urgent&band=detractors", None).await.json();
    assert_eq!(urgent_detractors["responses"][0]["id"], ids[0].as_str());
    let csv = call(&app, &viewer, "GET", "/admin/api/surveys/pulse/export?format=csv&tag=billing", None).await;
    let lines: Vec<&str> = csv.body.lines().collect();
    assert!(
        lines[0].starts_with("id,created_at,complete,customer_id,verified,customer_attributes,tags,"),
        "{}",
        lines[0]
    );
    assert_eq!(lines.len(), 3, "{}", csv.body);
    assert!(lines[1].contains(",billing; urgent,"), "{}", lines[1]);
    let json_export =
        call(&app, &viewer, "GET", "/admin/api/surveys/pulse/export?format=json&tag=urgent", None).await.json();
    assert_eq!(json_export[0]["tags"], json!(["billing", "urgent"]));
    assert_eq!(json_export[0]["notes"][0]["author"], "Jo Owner");

    // Tags go with an empty list; a deleted response takes its tags and notes along.
    assert_eq!(call(&app, &jo, "PUT", &tags(&ids[2]), Some(json!({"tags": []}))).await.json(), json!({"tags": []}));
    let gone = format!("/admin/api/surveys/pulse/responses/{}", ids[0]);
    assert_eq!(call(&app, &jo, "DELETE", &gone, None).await.status, 204);
    let billing = call(&app, &viewer, "GET", "/admin/api/surveys/pulse/responses?tag=billing", None).await.json();
    assert_eq!(billing["responses"], json!([]));
    assert_eq!(app.store.survey_notes("pulse").await.unwrap(), vec![]);
}

#[tokio::test]
async fn bad_tags_and_notes_are_refused_with_the_reason_and_change_nothing() {
    let app = TestApp::start().await;
    let (jo, _, ids) = setup(&app).await;
    let tags = format!("/admin/api/surveys/pulse/responses/{}/tags", ids[0]);
    let notes = format!("/admin/api/surveys/pulse/responses/{}/notes", ids[0]);
    let eleven: Vec<String> = (0..11).map(|n| format!("t{n}")).collect();
    for (uri, body, status, reason) in [
        (&tags, json!({"tags": ["<script>alert(1)</script>"]}), 422, "is not a tag"),
        (&tags, json!({"tags": ["=HYPERLINK(\"http://evil\")"]}), 422, "is not a tag"),
        (&tags, json!({"tags": ["x".repeat(41)]}), 422, "at most 40 characters"),
        (&tags, json!({"tags": [""]}), 422, "is not a tag"),
        (&tags, json!({"tags": eleven}), 422, "at most 10 tags"),
        (&tags, json!({"tags": "billing"}), 400, "expected a sequence"),
        (&notes, json!({"body": "   "}), 422, "1 to 2000 characters"),
        (&notes, json!({"body": "x".repeat(2001)}), 422, "1 to 2000 characters"),
        (&notes, json!({"text": "hi"}), 400, "unknown field"),
    ] {
        let method = if uri.ends_with("notes") { "POST" } else { "PUT" };
        let reply = call(&app, &jo, method, uri, Some(body.clone())).await;
        assert_eq!(reply.status, status, "{body}: {}", reply.body);
        assert!(reply.json()["error"]["message"].as_str().unwrap().contains(reason), "{body}: {}", reply.body);
    }
    // Unknown responses, and another organisation's, are not there.
    let unknown = "/admin/api/surveys/pulse/responses/nope/tags";
    assert_eq!(call(&app, &jo, "PUT", unknown, Some(json!({"tags": ["x"]}))).await.status, 404);
    let stranger = Who::Browser(sign_up(&app, "kim@example.com", "Globex").await);
    assert_eq!(call(&app, &stranger, "PUT", &tags, Some(json!({"tags": ["x"]}))).await.status, 404);
    assert_eq!(call(&app, &jo, "GET", "/admin/api/surveys/pulse/responses?tag=%3Cb%3E", None).await.status, 422);
    // Nothing changed.
    assert_eq!(app.store.survey_tags("pulse").await.unwrap(), vec![]);
    assert_eq!(app.store.survey_notes("pulse").await.unwrap(), vec![]);
    assert!(crate::admin::call(&app, &jo, "GET", "/admin/api/audit?action=response_tagged", None).await.json()
        ["entries"]
        .as_array()
        .unwrap()
        .is_empty());
}
