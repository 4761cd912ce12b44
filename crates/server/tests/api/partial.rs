//! Responses saved as the respondent goes: one response per key, finished once.

use crate::helpers::TestApp;
use serde_json::json;

#[tokio::test]
async fn saves_under_one_key_make_one_response_that_counts_as_partial_until_finished() {
    let app = TestApp::start().await;
    let first = app.save("demo", "k-1", json!({"answers": {"recommend": 9}, "complete": false, "sequence": 1})).await;
    assert_eq!(first.status, 200, "{}", first.body);
    let second = app
        .save("demo", "k-1", json!({"answers": {"recommend": 9, "support": 4}, "complete": false, "sequence": 2}))
        .await;
    assert_eq!(second.json()["id"], first.json()["id"]);
    assert_eq!(app.stored("demo").await, 1);
    let results = app.counted("demo", "").await;
    assert_eq!((results["responses"].as_u64(), results["completed"].as_u64()), (Some(1), Some(0)));
    assert_eq!(results["completion_rate"], 0.0);
    assert_eq!(results["questions"][2]["question"], "support");
    assert_eq!(results["questions"][2]["dropped_off"], 1, "they stopped after `support`");

    let done = app
        .save("demo", "k-1", json!({"answers": {"recommend": 9, "support": 4}, "complete": true, "sequence": 3}))
        .await;
    assert_eq!(done.status, 200);
    let results = app.counted("demo", "").await;
    assert_eq!(results["completed"], 1);
    assert_eq!(results["questions"][2]["dropped_off"], 0);
}

/// Many respondents answering at once: every save reads its response and then writes it; none
/// may meet another's write in between (each is acknowledged and kept, counted once).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn saves_of_many_respondents_at_once_are_all_kept() {
    let app = std::sync::Arc::new(TestApp::start().await);
    let tasks: Vec<_> = (0..24)
        .map(|n| {
            let app = app.clone();
            tokio::spawn(async move {
                let mut statuses = Vec::new();
                for sequence in 1..=3 {
                    let body = json!({"answers": {"recommend": 7}, "complete": sequence == 3, "sequence": sequence});
                    let reply = app.save("demo", &format!("key-{n}"), body).await;
                    statuses.push((reply.status.as_u16(), reply.body));
                }
                statuses
            })
        })
        .collect();
    for task in tasks {
        for (status, body) in task.await.unwrap() {
            assert_eq!(status, 200, "{body}");
        }
    }
    assert_eq!(app.stored("demo").await, 24);
    let results = app.counted("demo", "").await;
    assert_eq!((results["responses"].as_u64(), results["completed"].as_u64()), (Some(24), Some(24)));
}

#[tokio::test]
async fn a_save_that_arrives_after_a_newer_one_changes_nothing() {
    let app = TestApp::start().await;
    app.save("demo", "k", json!({"answers": {"recommend": 9, "support": 5}, "complete": false, "sequence": 2})).await;
    let late = app.save("demo", "k", json!({"answers": {"recommend": 1}, "complete": false, "sequence": 1})).await;
    assert_eq!(late.status, 200);
    assert_eq!(late.json()["stale"], true);
    let results = app.counted("demo", "").await;
    assert_eq!(results["questions"][0]["promoters"], 1, "the newer answers stand");
}

#[tokio::test]
async fn a_finished_response_replays_the_same_answers_and_refuses_other_ones() {
    let app = TestApp::start().await;
    let body = json!({"answers": {"recommend": 7}, "complete": true, "sequence": 1});
    let first = app.save("demo", "k", body.clone()).await;
    let again = app.save("demo", "k", json!({"answers": {"recommend": 7}, "complete": true, "sequence": 2})).await;
    assert_eq!(again.status, 200, "a retried final save is acknowledged again");
    assert_eq!(again.json()["id"], first.json()["id"]);
    let changed = app.save("demo", "k", json!({"answers": {"recommend": 1}, "complete": true, "sequence": 3})).await;
    assert_eq!(changed.status, 409);
    assert_eq!(changed.code(), "response_completed");
    let reopened = app.save("demo", "k", json!({"answers": {"recommend": 7}, "complete": false, "sequence": 4})).await;
    assert_eq!(reopened.status, 409);
    assert_eq!(app.stored("demo").await, 1);
}

#[tokio::test]
async fn each_bad_save_is_refused_and_stores_nothing() {
    let app = TestApp::start().await;
    let cases = [
        ("k", json!({"answers": {"recommend": 11}, "complete": false, "sequence": 1}), 422, "invalid_response"),
        ("k", json!({"answers": {}, "complete": false, "sequence": 1}), 422, "invalid_response"),
        ("k", json!({"answers": {"support": 3}, "complete": true, "sequence": 1}), 422, "invalid_response"),
        ("k", json!({"answers": {"recommend": 9}, "sequence": 1}), 400, "malformed_json"),
        ("k", json!({"answers": {"recommend": 9}, "complete": true, "sequence": -1}), 400, "malformed_json"),
        ("not a key!", json!({"answers": {"recommend": 9}, "complete": true, "sequence": 1}), 400, "bad_request"),
        ("k", json!({"answers": {"recommend": 9}, "complete": true, "sequence": 1, "extra": 1}), 400, "malformed_json"),
    ];
    for (key, body, status, code) in cases {
        let key = key.replace(' ', "%20").replace('!', "%21");
        let reply = app.save("demo", &key, body.clone()).await;
        assert_eq!((reply.status.as_u16(), reply.code()), (status, code.to_owned()), "{body}");
    }
    assert_eq!(app.stored("demo").await, 0);
}

#[tokio::test]
async fn logic_is_applied_answers_it_hides_are_refused_and_questions_it_shows_are_required() {
    let app = TestApp::start().await;
    app.create(json!({"id": "logic", "title": "T", "questions": [
        {"id": "nps", "kind": "nps", "prompt": "Recommend?", "required": true},
        {"id": "why", "kind": "short_text", "prompt": "What went wrong?", "required": true,
         "show_if": {"question": "nps", "at_most": 6}}
    ]}))
    .await;
    let hidden = app.submit("logic", json!({"answers": {"nps": 9, "why": "x"}}).to_string(), None).await;
    assert_eq!(hidden.status, 422);
    assert!(hidden.json()["error"]["fields"]["why"].as_str().unwrap().contains("not asked"));
    let missing = app.submit("logic", json!({"answers": {"nps": 3}}).to_string(), None).await;
    assert!(missing.json()["error"]["fields"]["why"].as_str().unwrap().contains("needs an answer"));
    assert_eq!(app.stored("logic").await, 0);
    assert_eq!(app.submit("logic", json!({"answers": {"nps": 3, "why": "slow"}}).to_string(), None).await.status, 201);
}
