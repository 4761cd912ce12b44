//! Group commit, as a power cut would test it: the real server on SQLite, many clients submitting
//! at once so that answers share commits, killed (SIGKILL: no shutdown, no flush) in the middle of
//! them. Every answer it acknowledged is in the database afterwards, whole, and the aggregates kept
//! along with them equal a recount.

mod server_binary;
use server_binary::{free_port, Server};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn killed_in_the_middle_of_group_commits_the_server_has_lost_no_acknowledged_answer() {
    let metrics_addr = format!("127.0.0.1:{}", free_port());
    let server = Server::start(&["--no-rate-limit", "--metrics-addr", &metrics_addr]).await;
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let refused = Arc::new(Mutex::new(Vec::<u16>::new()));
    let clients: Vec<_> = (0..24)
        .map(|client| {
            let (url, acknowledged, refused) = (server.url.clone(), acknowledged.clone(), refused.clone());
            tokio::spawn(async move {
                let http = reqwest::Client::new();
                for n in 0u32.. {
                    let sent = http
                        .post(format!("{url}/api/v1/surveys/ops/responses"))
                        .header("content-type", "application/json")
                        .body(format!(r#"{{"answers": {{"recommend": {}}}}}"#, (client + n) % 11))
                        .send()
                        .await;
                    // Once the server is gone, connections fail: this client is done.
                    let Ok(reply) = sent else { break };
                    if reply.status() != 201 {
                        refused.lock().unwrap().push(reply.status().as_u16());
                        continue;
                    }
                    let Ok(body) = reply.json::<serde_json::Value>().await else { break };
                    acknowledged.lock().unwrap().push(body["id"].as_str().unwrap().to_owned());
                }
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(600)).await;
    // The answers are sharing commits: more changes than commits.
    let metrics = reqwest::get(format!("http://{metrics_addr}/metrics")).await.unwrap().text().await.unwrap();
    let value = |name: &str| -> f64 {
        metrics
            .lines()
            .find_map(|line| line.strip_prefix(name)?.trim().parse().ok())
            .unwrap_or_else(|| panic!("no {name} in\n{metrics}"))
    };
    let (changes, commits) =
        (value("hearback_db_commit_group_changes_sum"), value("hearback_db_commit_group_changes_count"));
    assert!(commits > 0.0 && changes > commits, "{changes} changes in {commits} commits: no group commit happened");

    server.signal("KILL");
    for client in clients {
        client.await.unwrap();
    }
    assert_eq!(*refused.lock().unwrap(), Vec::<u16>::new(), "every answer before the kill was acknowledged");
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(acknowledged.len() > 50, "only {} answers acknowledged", acknowledged.len());

    let stored = Server::stored_ids(&server.database_url).await;
    let lost: Vec<&String> = acknowledged.iter().filter(|id| !stored.contains(id)).collect();
    assert!(lost.is_empty(), "{} of {} acknowledged answers lost: {lost:?}", lost.len(), acknowledged.len());
    // What the server had written but not yet acknowledged may be there too, but whole: the
    // aggregates equal a recount of the rows.
    let store = hearback_server::store::open(&server.database_url, &Default::default()).await.unwrap();
    let survey = store.survey("ops").await.unwrap().unwrap().survey;
    let kept = store.aggregate_cells(survey.id()).await.unwrap();
    assert_eq!(store.rebuild_aggregates(&survey, &|_, _| ()).await.unwrap(), stored.len() as u64);
    assert_eq!(store.aggregate_cells(survey.id()).await.unwrap(), kept, "aggregates kept = recounted");
}
