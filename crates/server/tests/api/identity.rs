//! Known customers: tokens signed in Rust, Python and JavaScript (docs/signing/) are verified by
//! the server; forged, expired and unsigned details are treated as the survey says.

use crate::helpers::{TestApp, SECRET};
use serde_json::{json, Value};
use std::process::Command;

#[path = "../../../../docs/signing/sign.rs"]
pub(crate) mod sign;

fn docs(file: &str) -> String {
    format!("{}/../../docs/{file}", env!("CARGO_MANIFEST_DIR"))
}

/// Runs a documented signer (`python3 sign.py` or `node sign.mjs`) and returns its token.
fn sign_with(program: &str, file: &str, id: &str, attributes: Value, valid_for: i64) -> String {
    let output = Command::new(program)
        .arg(docs(&format!("signing/{file}")))
        .args([SECRET, id, &attributes.to_string(), &valid_for.to_string()])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    assert!(output.status.success(), "{program}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

async fn submit_as(app: &TestApp, survey: &str, answers: Value, customer: Value) -> crate::helpers::Reply {
    app.submit(survey, json!({"answers": answers, "customer": customer}).to_string(), None).await
}

#[tokio::test]
async fn tokens_signed_in_rust_python_and_javascript_are_verified() {
    let app = TestApp::start().await;
    let tokens = [
        ("rust", sign::sign_customer(SECRET, "c-rust", &json!({"plan": "pro"}), 3600)),
        ("python", sign_with("python3", "sign.py", "c-py", json!({"plan": "pro", "seats": 3}), 3600)),
        ("javascript", sign_with("node", "sign.mjs", "c-js", json!({"plan": "pro", "country": "de"}), 3600)),
    ];
    for (language, token) in &tokens {
        let reply = submit_as(&app, "demo", json!({"recommend": 9}), json!({"token": token})).await;
        assert_eq!(reply.status, 201, "{language}: {}", reply.body);
    }
    submit_as(&app, "demo", json!({"recommend": 2}), json!({"id": "c-plain", "attributes": {"plan": "pro"}})).await;
    let verified = app.counted("demo", "v:true").await;
    assert_eq!(verified["responses"], 3, "the three signed responses, not the unsigned one");
    let all_pro = app.counted("demo", "a:plan=pro").await;
    assert_eq!(all_pro["responses"], 4);
    let germany = app.counted("demo", "a:country=de").await;
    assert_eq!(germany["responses"], 1);
}

#[test]
fn the_documentation_shows_the_very_signers_the_tests_run() {
    let guide = std::fs::read_to_string(docs("identify.md")).unwrap();
    for file in ["sign.py", "sign.mjs", "sign.rs"] {
        let code = std::fs::read_to_string(docs(&format!("signing/{file}"))).unwrap();
        assert!(guide.contains(&code), "docs/identify.md does not show docs/signing/{file} as it is");
    }
}

#[tokio::test]
async fn forged_expired_and_malformed_tokens_are_refused_and_store_nothing() {
    let app = TestApp::start().await;
    let other_secret = sign::sign_customer("not-the-secret", "c-1", &json!({}), 3600);
    let expired = sign_with("python3", "sign.py", "c-1", json!({}), -10);
    let good = sign::sign_customer(SECRET, "c-1", &json!({"plan": "free"}), 3600);
    let (payload, mac) = good.split_once('.').unwrap();
    let altered = format!("{}A.{mac}", payload);
    let cases = [
        (json!({"token": other_secret}), "customer_signature_invalid"),
        (json!({"token": altered}), "customer_signature_invalid"),
        (json!({"token": expired}), "customer_token_expired"),
        (json!({"token": "garbage"}), "customer_token_malformed"),
        (json!({"token": good, "id": "c-2"}), "customer_invalid"),
        (json!({"attributes": {"Plan!": "x"}}), "customer_invalid"),
        (json!({"name": "x"}), "malformed_json"),
    ];
    for (customer, code) in cases {
        let reply = submit_as(&app, "demo", json!({"recommend": 9}), customer.clone()).await;
        assert_eq!(reply.code(), code, "{customer}");
        assert!(reply.status == 422 || reply.status == 400, "{customer}");
    }
    assert_eq!(app.stored("demo").await, 0);
}

#[tokio::test]
async fn unsigned_details_are_refused_when_the_survey_says_so() {
    let app = TestApp::start().await;
    app.create(json!({"id": "strict", "title": "T", "unsigned_customers": "refuse",
        "questions": [{"id": "nps", "kind": "nps", "prompt": "Recommend?"}]}))
        .await;
    let reply = submit_as(&app, "strict", json!({"nps": 9}), json!({"id": "42"})).await;
    assert_eq!((reply.status.as_u16(), reply.code()), (422, "customer_unverified".to_owned()));
    let token = sign::sign_customer(SECRET, "42", &json!({}), 60);
    assert_eq!(submit_as(&app, "strict", json!({"nps": 9}), json!({"token": token})).await.status, 201);
}

#[tokio::test]
async fn a_question_the_signed_details_answer_is_not_asked_and_is_answered_from_them() {
    let app = TestApp::start().await;
    app.create(json!({"id": "plan", "title": "T", "questions": [
        {"id": "plan", "kind": "single_choice", "prompt": "Your plan?", "required": true,
         "customer_field": "plan", "skip_if_known": true,
         "choices": [{"id": "free", "label": "Free"}, {"id": "pro", "label": "Pro"}]},
        {"id": "nps", "kind": "nps", "prompt": "Recommend?"}
    ]}))
    .await;
    let token = sign::sign_customer(SECRET, "c-1", &json!({"plan": "pro"}), 60);
    assert_eq!(submit_as(&app, "plan", json!({"nps": 9}), json!({"token": token})).await.status, 201);
    let asked_anyway = submit_as(&app, "plan", json!({"nps": 9, "plan": "free"}), json!({"token": token})).await;
    assert_eq!(asked_anyway.status, 422, "the company knows the plan; the respondent is not asked");
    // Unsigned details answer nothing: the question is asked and required.
    let unsigned = submit_as(&app, "plan", json!({"nps": 9}), json!({"attributes": {"plan": "pro"}})).await;
    assert_eq!(unsigned.status, 422);
    let results = app.counted("plan", "").await;
    assert_eq!(results["questions"][0]["counts"], json!([["free", 0], ["pro", 1]]));
}
