use crate::helpers::TestApp;
use axum::body::Body;
use axum::http::Request;
use hearback_server::http::HttpConfig;
use serde_json::{json, Value};

#[tokio::test]
async fn results_count_the_stored_responses_once_there_are_k_of_them() {
    let app = TestApp::start().await;
    let answers = [(10, "chat"), (9, "email"), (3, "chat"), (8, "chat"), (10, "phone")];
    for (nps, channel) in &answers[..3] {
        let body = json!({"answers": {"recommend": nps, "channel": channel}}).to_string();
        assert_eq!(app.submit("demo", body, None).await.status, 201);
    }
    // Three responses: fewer than k = 5, so no numbers at all.
    let few = app.get("/api/v1/surveys/demo/results").await.json();
    assert_eq!((few["hidden"].clone(), few["fewer_than"].clone()), (json!(true), json!(5)), "{few}");
    assert_eq!(few["message"], "fewer than 5 responses");
    assert!(few.get("responses").is_none() && few.get("questions").is_none());
    for (nps, channel) in &answers[3..] {
        let body = json!({"answers": {"recommend": nps, "channel": channel}}).to_string();
        assert_eq!(app.submit("demo", body, None).await.status, 201);
    }
    let reply = app.get("/api/v1/surveys/demo/results").await;
    assert_eq!(reply.status, 200);
    let results = reply.json();
    assert_eq!((results["hidden"].clone(), results["responses"].clone()), (json!(false), json!(5)));
    let nps = &results["questions"][0];
    assert_eq!(
        (nps["promoters"].clone(), nps["passives"].clone(), nps["detractors"].clone()),
        (json!(3), json!(1), json!(1))
    );
    assert_eq!(nps["score"], 40.0);
    // Hand-computed: p = 0.6, d = 0.2; variance 0.8 − 0.16 = 0.64; SE √(0.64/5) = 0.3578;
    // margin 1.96 × 35.78 = 70.1 points.
    let interval = nps["interval"].as_array().unwrap();
    assert!((interval[0].as_f64().unwrap() + 30.12).abs() < 0.01, "{interval:?}");
    assert_eq!(interval[1], 100.0, "clamped");
    assert_eq!(results["questions"][3]["question"], "channel");
    assert_eq!(results["questions"][3]["counts"], json!([["email", 1], ["chat", 3], ["phone", 1]]));
    assert_eq!(results["questions"][3]["shares"], json!([20.0, 60.0, 20.0]));
    assert_eq!(results["questions"][3]["other"], 0);
    assert_eq!((results["completed"].clone(), results["completion_rate"].clone()), (json!(5), json!(100.0)));
    assert_eq!(results["privacy"], json!({"k": 5, "comment_k": 10}));
    // A filter that isolates fewer than k shows nothing either.
    let isolated = app.get("/api/v1/surveys/demo/results?answer.channel=chat").await.json();
    assert_eq!(isolated["hidden"], true, "3 chose chat: {isolated}");
}

#[tokio::test]
async fn a_survey_without_responses_says_so_instead_of_dividing_by_zero() {
    let app = TestApp::start().await;
    let results = app.get("/api/v1/surveys/demo/results").await.json();
    assert_eq!(results["hidden"], true);
    let trend = app.get("/api/v1/surveys/demo/results/trend?bucket=day").await.json();
    assert_eq!(trend["points"].as_array().unwrap().len(), 30, "the last 30 days, each empty");
    assert!(trend["points"].as_array().unwrap().iter().all(|p| p["results"]["hidden"] == true));
}

/// Responses given on chosen days, with a plan attribute (unsigned customer details).
async fn answered(app: &TestApp, given: &[(i64, i64, Option<&str>)]) {
    use hearback_core::{Response, Survey};
    use hearback_server::identity::Customer;
    use hearback_server::store::Imported;
    let survey: Survey = app.store.survey("demo").await.unwrap().unwrap().survey;
    let imported: Vec<Imported> = given
        .iter()
        .map(|(day, nps, plan)| {
            let raw = serde_json::from_value(json!({"answers": {"recommend": nps}})).unwrap();
            let response =
                Response::parse_with(&survey, &raw, &Default::default(), hearback_core::Completion::Complete).unwrap();
            let attributes = plan.map(|p| [("plan".to_owned(), p.to_owned())].into()).unwrap_or_default();
            Imported {
                response,
                customer: Customer { id: None, attributes, verified: false },
                created_at: day * 86_400_000 + 3_600_000,
            }
        })
        .collect();
    app.store.import_responses(&survey, &imported).await.unwrap();
}

#[tokio::test]
async fn trends_and_breakdowns_hide_small_groups_and_those_that_would_give_them_away() {
    let app = TestApp::start().await;
    let monday = hearback_core::trend::days_from_civil(2026, 11, 2);
    let mut given = Vec::new();
    // Week 1: 6 responses; week 2: 2; week 3: 7. Plans: pro 8, free 3, none 4.
    given.extend((0..6).map(|i| (monday + i % 3, if i < 4 { 10 } else { 2 }, Some("pro"))));
    given.extend((0..2).map(|_| (monday + 8, 9, Some("free"))));
    given.extend((0..7).map(|i| {
        (
            monday + 15,
            7 + i % 4,
            match i {
                0 => Some("free"),
                1 | 2 => Some("pro"),
                _ => None,
            },
        )
    }));
    answered(&app, &given).await;

    let trend = app.get("/api/v1/surveys/demo/results/trend?bucket=week&from=2026-11-02&to=2026-11-22").await.json();
    let points = trend["points"].as_array().unwrap();
    let starts: Vec<&str> = points.iter().map(|p| p["start"].as_str().unwrap()).collect();
    assert_eq!(starts, ["2026-11-02", "2026-11-09", "2026-11-16"]);
    let hidden: Vec<bool> = points.iter().map(|p| p["results"]["hidden"] == true).collect();
    // Week 2 has 2 (< 5); alone it could be derived from the total, so week 1 (6, the next
    // smallest) is hidden too.
    assert_eq!(hidden, [true, true, false], "{trend}");
    assert_eq!(points[2]["results"]["responses"], 7);
    let months = app.get("/api/v1/surveys/demo/results/trend?bucket=month&from=2026-11-01&to=2026-11-30").await.json();
    assert_eq!(months["points"][0]["results"]["responses"], 15);

    let plans = app.get("/api/v1/surveys/demo/results/breakdown?by=plan").await.json();
    let groups: Vec<(Value, Value)> = plans["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["value"].clone(), g["results"].get("responses").cloned().unwrap_or(json!("hidden"))))
        .collect();
    // free 3 is hidden; with it the next smallest (those without a plan, 4) goes too.
    assert_eq!(
        groups,
        [(json!("free"), json!("hidden")), (json!("pro"), json!(8)), (Value::Null, json!("hidden"))],
        "{plans}"
    );
    let week3 = app.get("/api/v1/surveys/demo/results/breakdown?by=plan&from=2026-11-16&to=2026-11-22").await.json();
    assert!(week3["groups"].as_array().unwrap().iter().all(|g| g["results"]["hidden"] == true), "{week3}");
}

#[tokio::test]
async fn bad_result_questions_get_clear_errors() {
    let app = TestApp::start().await;
    for (uri, says) in [
        ("/api/v1/surveys/demo/results?colour=red", "unknown filter `colour`"),
        ("/api/v1/surveys/demo/results?answer.comment=slow", "a text answer cannot be a filter"),
        ("/api/v1/surveys/demo/results?from=2999-01-01", "`from` is in the future"),
        ("/api/v1/surveys/demo/results?from=2026-11-02&to=2026-11-01", "`to` is before `from`"),
        ("/api/v1/surveys/demo/results/trend?bucket=fortnight", "`bucket` is day, week or month"),
        ("/api/v1/surveys/demo/results/trend?bucket=day&from=2020-01-01", "more than 400 buckets"),
        ("/api/v1/surveys/demo/results/breakdown", "say what to break down `by`"),
        ("/api/v1/surveys/demo/results/breakdown?by=shoe_size", "no respondent has the attribute `shoe_size`"),
    ] {
        let reply = app.get(uri).await;
        assert_eq!(reply.status, 422, "{uri}: {}", reply.body);
        assert!(reply.body.contains(says), "{uri}: {}", reply.body);
    }
}

#[tokio::test]
async fn results_are_refused_to_a_remote_client_when_no_token_is_set() {
    let app = TestApp::start().await;
    let reply = app.send_raw(Request::get("/api/v1/surveys/demo/results").body(Body::empty()).unwrap()).await;
    assert_eq!(reply.status, 403);
    assert_eq!(reply.code(), "results_forbidden");
}

#[tokio::test]
async fn with_a_token_set_results_need_the_token_even_from_loopback() {
    let app = TestApp::with_config(HttpConfig { results_token: Some("s3cret".into()), ..HttpConfig::default() }).await;
    let ask = |auth: Option<&str>| {
        let mut request = Request::get("/api/v1/surveys/demo/results");
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        request.body(Body::empty()).unwrap()
    };
    assert_eq!(app.send(ask(None)).await.status, 403);
    assert_eq!(app.send(ask(Some("Bearer wrong"))).await.status, 403);
    assert_eq!(app.send_raw(ask(Some("Bearer s3cret"))).await.status, 200);
}

#[tokio::test]
async fn results_of_an_unknown_survey_are_a_404() {
    let app = TestApp::start().await;
    assert_eq!(app.get("/api/v1/surveys/nope/results").await.code(), "survey_not_found");
}

mod privacy_property {
    use crate::helpers::TestApp;
    use hearback_core::trend::{days_from_civil, label};
    use hearback_core::{Completion, Response};
    use hearback_server::identity::Customer;
    use hearback_server::store::Imported;
    use proptest::prelude::*;
    use serde_json::{json, Value};

    const K: u64 = 5;
    const PLANS: [&str; 3] = ["free", "pro", "team"];

    #[derive(Debug, Clone)]
    struct Given {
        day: i64,
        nps: i64,
        plan: Option<usize>,
        verified: bool,
    }

    fn given() -> impl Strategy<Value = Given> {
        (0i64..20, 0i64..=10, prop::option::of(0usize..3), any::<bool>()).prop_map(|(day, nps, plan, verified)| Given {
            day,
            nps,
            plan,
            verified,
        })
    }

    /// A random set of filters, as query pairs.
    fn filters() -> impl Strategy<Value = Vec<(String, String)>> {
        (
            prop::option::of(0usize..4),
            any::<bool>(),
            prop::option::of((0i64..20, 0i64..20)),
            prop::option::of(prop::sample::select(vec!["detractors", "passives", "promoters"])),
        )
            .prop_map(|(plan, verified, days, band)| {
                let base = days_from_civil(2026, 10, 1);
                let mut pairs = Vec::new();
                if let Some(plan) = plan {
                    pairs
                        .push(("segment.plan".to_owned(), PLANS.get(plan).copied().unwrap_or("enterprise").to_owned()));
                }
                if verified {
                    pairs.push(("verified".to_owned(), "true".to_owned()));
                }
                if let Some((a, b)) = days {
                    pairs.push(("from".to_owned(), label(base + a.min(b))));
                    pairs.push(("to".to_owned(), label(base + a.max(b))));
                }
                if let Some(band) = band {
                    pairs.push(("band".to_owned(), band.to_owned()));
                }
                pairs
            })
    }

    fn keeps(g: &Given, filters: &[(String, String)]) -> bool {
        let base = days_from_civil(2026, 10, 1);
        filters.iter().all(|(name, value)| match name.as_str() {
            "segment.plan" => g.plan.map(|p| PLANS[p]) == Some(value.as_str()),
            "verified" => g.verified,
            "from" => label(base + g.day) >= *value,
            "to" => label(base + g.day) <= *value,
            "band" => match value.as_str() {
                "detractors" => g.nps <= 6,
                "passives" => (7..=8).contains(&g.nps),
                _ => g.nps >= 9,
            },
            _ => true,
        })
    }

    fn query(filters: &[(String, String)]) -> String {
        filters.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")
    }

    /// Every group a page shows has at least k respondents, and when the total is shown (k or
    /// more), the total minus the shown groups of a breakdown or trend is 0 or at least k.
    fn check_groups(total: u64, groups: &[Value]) -> Result<(), TestCaseError> {
        let mut shown = 0;
        for group in groups {
            let results = &group["results"];
            if results["hidden"] == false {
                let n = results["responses"].as_u64().unwrap();
                prop_assert!(n >= K, "a shown group of {}", n);
                shown += n;
            }
        }
        let derived = total - shown;
        if total < K {
            prop_assert_eq!(shown, 0, "a total under k shows no group");
        } else {
            prop_assert!(derived == 0 || derived >= K, "the hidden groups add up to {} of {}", derived, total);
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

        #[test]
        fn no_shown_number_or_difference_describes_fewer_than_k(
            data in prop::collection::vec(given(), 0..60),
            filters in filters(),
        ) {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            runtime.block_on(async {
                let app = TestApp::start().await;
                let survey = app.store.survey("demo").await.unwrap().unwrap().survey;
                let base = days_from_civil(2026, 10, 1);
                let imported: Vec<Imported> = data.iter().map(|g| {
                    let raw = serde_json::from_value(json!({"answers": {"recommend": g.nps}})).unwrap();
                    let response = Response::parse_with(&survey, &raw, &Default::default(), Completion::Complete).unwrap();
                    let attributes = g.plan.map(|p| [("plan".to_owned(), PLANS[p].to_owned())].into()).unwrap_or_default();
                    Imported { response, customer: Customer { id: None, attributes, verified: g.verified }, created_at: (base + g.day) * 86_400_000 + 1000 }
                }).collect();
                app.store.import_responses(&survey, &imported).await.unwrap();
                let total = data.iter().filter(|g| keeps(g, &filters)).count() as u64;
                let q = query(&filters);

                let results = app.get(&format!("/api/v1/surveys/demo/results?{q}")).await.json();
                if total >= K {
                    prop_assert_eq!(results["responses"].as_u64(), Some(total), "{}", results);
                } else {
                    prop_assert_eq!(&results["hidden"], &json!(true), "{} under k: {}", total, results);
                }
                let plans = app.get(&format!("/api/v1/surveys/demo/results/breakdown?by=plan&{q}")).await;
                if plans.status == 200 {
                    check_groups(total, plans.json()["groups"].as_array().unwrap())?;
                } else {
                    prop_assert!(plans.body.contains("no respondent has the attribute"), "{}", plans.body);
                }
                let verified = app.get(&format!("/api/v1/surveys/demo/results/breakdown?by=verified&{q}")).await.json();
                check_groups(total, verified["groups"].as_array().unwrap())?;
                // A trend over the whole window (narrowed by the filter's own dates, if any).
                let mut window = filters.clone();
                if !window.iter().any(|(k, _)| k == "from") {
                    window.push(("from".into(), label(base)));
                    window.push(("to".into(), label(base + 19)));
                }
                let trend = app.get(&format!("/api/v1/surveys/demo/results/trend?bucket=day&{}", query(&window))).await.json();
                check_groups(total, trend["points"].as_array().unwrap())?;
                Ok(())
            })?;
        }
    }
}
