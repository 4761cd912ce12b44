//! The OpenAPI document at `/api/v1/openapi.json` says what the API does: every operation in it
//! is called here, and every answer's status is one the document lists for that operation, with
//! a body that its schema accepts (JSON Schema 2020-12, as OpenAPI 3.1 uses).

use crate::helpers::{Reply, TestApp};
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// Checks `reply` against the document's operation for `method` and `uri`; returns the
/// operation's id.
pub(crate) fn conforms(document: &Value, method: &str, uri: &str, reply: &Reply) -> String {
    let path = uri.split('?').next().unwrap();
    let (template, operations) = document["paths"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(template, operations)| same_path(template, path) && operations.get(method).is_some())
        .unwrap_or_else(|| panic!("{method} {path} is not in the document"));
    let operation = &operations[method];
    let status = reply.status.as_str();
    let documented = operation["responses"]
        .get(status)
        .unwrap_or_else(|| panic!("{method} {template} answered {status}, which it does not document: {}", reply.body));
    let media = reply.headers.get("content-type").map(|v| v.to_str().unwrap().split(';').next().unwrap().trim());
    match media.filter(|_| !reply.body.is_empty()) {
        None => {
            assert!(documented.get("content").is_none(), "{method} {template} {status} documents a body, sent none")
        }
        Some(media) => {
            let content = documented["content"]
                .get(media)
                .unwrap_or_else(|| panic!("{method} {template} {status} sent {media}, which it does not document"));
            if media == "application/json" {
                let mut schema = content["schema"].clone();
                schema["components"] = document["components"].clone();
                let validator = jsonschema::validator_for(&schema).expect("a schema");
                let body: Value = reply.json();
                let errors: Vec<String> = validator.iter_errors(&body).map(|e| e.to_string()).collect();
                assert!(errors.is_empty(), "{method} {template} {status}: {errors:?} in {body}");
            }
        }
    }
    operation["operationId"].as_str().unwrap().to_owned()
}

fn same_path(template: &str, path: &str) -> bool {
    let (template, path): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    template.len() == path.len()
        && template.iter().zip(&path).all(|(t, p)| (t.starts_with('{') && !p.is_empty()) || t == p)
}

/// The OpenAPI document served at `uri`, checked to be one (3.1, JSON) with its `title`.
pub(crate) async fn served_document(app: &TestApp, uri: &str, title: &str) -> Value {
    let served = app.get(uri).await;
    assert_eq!(served.status, 200);
    assert_eq!(served.headers["content-type"], "application/json");
    let document = served.json();
    assert_eq!(document["openapi"], "3.1.0");
    assert_eq!(document["info"]["title"], title);
    document
}

/// The `operationId` of every operation a document lists.
pub(crate) fn documented(document: &Value) -> BTreeSet<String> {
    let operations = document["paths"].as_object().unwrap().values();
    let operations = operations.flat_map(|operations| operations.as_object().unwrap().values());
    operations.map(|operation| operation["operationId"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn the_openapi_document_describes_every_public_operation_as_it_answers() {
    let app = TestApp::start().await;
    let document = served_document(&app, "/api/v1/openapi.json", "Hearback API").await;
    let privacy = hearback_core::privacy::Privacy::default();
    assert!(hearback_server::demo::ensure_loop(app.store.as_ref(), &privacy).await.unwrap());
    let page = app.get("/api/v1/results/demo").await.json();
    let (open, done) = (page["plans"][0]["id"].as_str().unwrap(), page["plans"][1]["id"].as_str().unwrap());
    let receipt = "8a1f0c2e-5b7d-4e7a-9c1b-2d3e4f5a6b7c";
    let answers = json!({"recommend": 9, "support": 4, "channel": "email"});

    let mut called = BTreeSet::new();
    let mut check = |method: &str, uri: &str, reply: Reply| {
        called.insert(conforms(&document, method, uri, &reply));
    };
    let valid = json!({"answers": answers}).to_string();
    check("post", "/api/v1/surveys/demo/responses", app.submit("demo", valid, Some("k-1")).await);
    let invalid = json!({"answers": {"recommend": 11}}).to_string();
    check("post", "/api/v1/surveys/demo/responses", app.submit("demo", invalid, None).await);
    check("post", "/api/v1/surveys/nope/responses", app.submit("nope", "{}", None).await);
    for (body, what) in [
        (json!({"answers": {"recommend": 9}, "complete": false, "sequence": 1}), "a partial save"),
        (json!({"answers": answers, "complete": true, "sequence": 2}), "the last save"),
        (json!({"answers": {"recommend": 9}, "complete": false, "sequence": 1}), "a stale save"),
        (json!({"answers": {"recommend": 9}, "complete": true, "sequence": 3}), "after finishing"),
    ] {
        let reply = app.save("demo", receipt, body).await;
        assert!(reply.status.is_success() || reply.status == 409, "{what}: {}", reply.body);
        check("put", &format!("/api/v1/surveys/demo/responses/{receipt}"), reply);
    }
    // No GET changes anything in the database (`unchanged_by`).
    for uri in ["/api/v1/surveys/demo", "/api/v1/surveys/nope"] {
        check("get", uri, app.unchanged_by(uri, app.get(uri)).await);
    }
    for uri in [
        "/api/v1/surveys/demo/results",
        "/api/v1/surveys/demo/results?band=critics",
        "/api/v1/surveys/demo/results/trend?bucket=day",
        "/api/v1/surveys/demo/results/trend?bucket=fortnight",
        "/api/v1/surveys/demo/results/breakdown?by=verified",
        "/api/v1/surveys/demo/results/breakdown",
        "/api/v1/results/demo",
        "/api/v1/results/nope",
    ] {
        check("get", uri, app.unchanged_by(uri, app.get(uri)).await);
    }
    // No SMTP here: following is a clear 503; a bad address is refused before that.
    let follow = "/api/v1/results/demo/follow";
    check("post", follow, app.post_json(follow, json!({"email": "ann@example.org"})).await);
    check("post", follow, app.post_json(follow, json!({"email": "ann"})).await);
    for (uri, shown) in [
        ("/api/v1/results/demo/receipt", receipt),
        ("/api/v1/results/demo/receipt", ""),
        ("/api/v1/results/demo/receipt", "made-up"),
        ("/api/v1/results/demo/replies", receipt),
    ] {
        check("get", uri, app.unchanged_by(uri, app.as_respondent("GET", uri, shown, None)).await);
    }
    let reply = format!("/api/v1/results/demo/plans/{open}/replies");
    for body in [json!({"body": "Thank you <b>for this</b>"}), json!({"body": " "})] {
        check("post", &reply, app.as_respondent("POST", &reply, receipt, Some(body)).await);
    }
    let follow_up = format!("/api/v1/results/demo/plans/{done}/follow-up");
    for value in [9, 9, 42] {
        check("post", &follow_up, app.as_respondent("POST", &follow_up, receipt, Some(json!({"value": value}))).await);
    }

    // The respondent's own answers: downloaded, then deleted (the receipt opens nothing after).
    let own = "/api/v1/results/demo/answers";
    for shown in [receipt, "", "made-up"] {
        check("get", own, app.unchanged_by(own, app.as_respondent("GET", own, shown, None)).await);
    }
    for shown in ["made-up", receipt, receipt] {
        check("delete", own, app.as_respondent("DELETE", own, shown, None).await);
    }

    // Without a reply domain, inbound mail is not taken (tests/api/inbound.rs takes it).
    let mail = json!({"to": ["reply+x@replies.acme.example"], "from": "ann@example.com", "text": "Hi"});
    check("post", "/api/v1/inbound-mail", app.post_json("/api/v1/inbound-mail", mail).await);

    let documented = documented(&document);
    assert_eq!(called, documented, "every documented operation is called here");
    assert_eq!(documented.len(), 15);
}
