//! The aggregates the store keeps as responses change equal the ones a rebuild computes from
//! the raw responses, after any sequence of inserts, partial saves (of one response, several
//! times, finished or not, arriving late), deletions and expiries by the survey's retention
//! (which delete raw answers but keep what they counted) — on SQLite and on PostgreSQL.

use hearback_core::{Completion, RawResponse, Response, Survey};
use hearback_server::identity::Customer;
use hearback_server::store::audit::{Audit, AuditAction};
use hearback_server::store::{Save, Store};
use proptest::prelude::*;
use serde_json::json;
use std::sync::Arc;

#[derive(Debug, Clone)]
enum Op {
    /// A finished response, sent at once.
    Insert { answers: Answers, customer: u8 },
    /// A save under one of a few keys, with a sequence number that may be old.
    Save { key: u8, answers: Answers, complete: bool, sequence: i64, customer: u8 },
    /// Deletes the response at this position of the stored ones, if there is one.
    Delete { at: prop::sample::Index },
    /// The retention deletes the responses started before the one at this position (all of
    /// them, past the last), in batches of `batch`.
    Expire { at: prop::sample::Index, batch: i64 },
}

#[derive(Debug, Clone)]
struct Answers {
    recommend: u8,
    support: Option<u8>,
    channel: Option<&'static str>,
    comment: Option<&'static str>,
}

fn answers() -> impl Strategy<Value = Answers> {
    (
        0u8..=10,
        prop::option::of(1u8..=5),
        prop::option::of(prop::sample::select(vec!["email", "chat", "phone"])),
        prop::option::of(prop::sample::select(vec!["slow exports", "great support, slow exports", "Pricing!"])),
    )
        .prop_map(|(recommend, support, channel, comment)| Answers { recommend, support, channel, comment })
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (answers(), 0u8..3).prop_map(|(answers, customer)| Op::Insert { answers, customer }),
        (0u8..3, answers(), any::<bool>(), 0i64..6, 0u8..3).prop_map(|(key, answers, complete, sequence, customer)| {
            Op::Save { key, answers, complete, sequence, customer }
        }),
        any::<prop::sample::Index>().prop_map(|at| Op::Delete { at }),
        (any::<prop::sample::Index>(), 1i64..4).prop_map(|(at, batch)| Op::Expire { at, batch }),
    ]
}

fn customer(which: u8) -> Customer {
    match which {
        0 => Customer::default(),
        1 => Customer {
            id: Some("c-1".into()),
            attributes: [("plan".to_owned(), "pro".to_owned())].into(),
            verified: false,
        },
        _ => Customer {
            id: Some("c-2".into()),
            attributes: [("plan".to_owned(), "free".to_owned())].into(),
            verified: true,
        },
    }
}

fn response(survey: &Survey, a: &Answers) -> Response {
    let mut answers = json!({"recommend": a.recommend});
    if let Some(s) = a.support {
        answers["support"] = json!(s);
    }
    if let Some(c) = a.channel {
        answers["channel"] = json!(c);
    }
    if let Some(c) = a.comment {
        answers["comment"] = json!(c);
    }
    let raw: RawResponse = serde_json::from_value(json!({ "answers": answers })).unwrap();
    Response::parse_with(survey, &raw, &Default::default(), Completion::Partial).unwrap()
}

async fn run(store: Arc<dyn Store>, survey: &Survey, ops: &[Op]) -> Result<(), TestCaseError> {
    for op in ops {
        match op {
            Op::Insert { answers, customer: c } => {
                store.insert_response(survey, &response(survey, answers), None, &customer(*c)).await.unwrap();
            }
            Op::Save { key, answers, complete, sequence, customer: c } => {
                let response = response(survey, answers);
                let customer = customer(*c);
                let key = format!("key-{key}");
                let save = Save {
                    key: &key,
                    response: &response,
                    complete: *complete,
                    sequence: *sequence,
                    customer: &customer,
                };
                store.save_response(survey, save).await.unwrap();
            }
            Op::Delete { at } => {
                let rows = store.responses(survey.id()).await.unwrap();
                if !rows.is_empty() {
                    let id = &rows[at.index(rows.len())].id;
                    let audit = Audit::system(None, "test", AuditAction::ResponseDeleted, id);
                    store.delete_response(survey, id, &audit).await.unwrap();
                }
            }
            Op::Expire { at, batch } => {
                let rows = store.responses(survey.id()).await.unwrap();
                let position = at.index(rows.len() + 1);
                let before = rows.get(position).map_or(i64::MAX, |row| row.created_at);
                let older = rows.iter().filter(|row| row.created_at < before).count() as u64;
                let audit = Audit::system(None, "test", AuditAction::AnswersExpired, survey.id().as_str());
                let mut expired = 0;
                loop {
                    let gone = store.expire_answers(survey, before, *batch, &audit).await.unwrap();
                    expired += gone;
                    if gone == 0 {
                        break;
                    }
                }
                prop_assert_eq!(expired, older, "every response started before goes, once");
            }
        }
    }
    let kept = store.aggregate_cells(survey.id()).await.unwrap();
    let counted = store.rebuild_aggregates(survey, &|_, _| ()).await.unwrap();
    prop_assert_eq!(counted as usize, store.responses(survey.id()).await.unwrap().len());
    let rebuilt = store.aggregate_cells(survey.id()).await.unwrap();
    prop_assert_eq!(kept, rebuilt);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn kept_aggregates_equal_rebuilt_ones(ops in prop::collection::vec(op(), 1..30)) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let app = crate::helpers::TestApp::start().await;
            let survey = app.store.survey("demo").await.unwrap().unwrap().survey;
            run(app.store.clone(), &survey, &ops).await
        })?;
    }
}

#[tokio::test]
async fn rebuild_reports_progress_and_results_read_the_same_before_and_after() {
    let app = crate::helpers::TestApp::start().await;
    let survey = app.store.survey("demo").await.unwrap().unwrap().survey;
    for n in 0..12u8 {
        let answers = Answers {
            recommend: n % 11,
            support: Some(n % 5 + 1),
            channel: Some("chat"),
            comment: Some("slow exports"),
        };
        app.store.insert_response(&survey, &response(&survey, &answers), None, &customer(n % 3)).await.unwrap();
    }
    let before = app.get("/api/v1/surveys/demo/results").await.json();
    let seen = std::sync::Mutex::new(Vec::new());
    let counted =
        app.store.rebuild_aggregates(&survey, &|done, all| seen.lock().unwrap().push((done, all))).await.unwrap();
    assert_eq!(counted, 12);
    assert_eq!(seen.into_inner().unwrap().last(), Some(&(12, 12)));
    assert_eq!(app.get("/api/v1/surveys/demo/results").await.json(), before);
    assert_eq!(before["questions"][4]["words"], json!([["exports", 12], ["slow", 12]]), "12 comments ≥ 10");
}
