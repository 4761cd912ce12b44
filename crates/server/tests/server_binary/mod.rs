//! The real `hearback-server` binary on a fresh SQLite database with one survey, `ops`, for the
//! suites that run the server as an operator does (each uses a part of this).
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const PAGE: &str = r#"<html><head><title>t</title></head><body><main id="survey-root"></main></body></html>"#;
pub const SURVEY: &str = r#"{"id": "ops", "title": "Ops", "questions": [
    {"id": "recommend", "kind": "nps", "prompt": "Recommend us?", "required": true}]}"#;

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

pub struct Server {
    pub url: String,
    pub addr: String,
    pub child: Child,
    pub database_url: String,
    pub log: PathBuf,
    pub dir: tempfile::TempDir,
}

impl Server {
    /// Starts `hearback-server serve` with the survey `ops` on a fresh SQLite database.
    pub async fn start(extra: &[&str]) -> Server {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("dist/widget")).unwrap();
        std::fs::write(dir.path().join("dist/widget/index.html"), PAGE).unwrap();
        std::fs::write(dir.path().join("survey.json"), SURVEY).unwrap();
        let database_url = format!("sqlite:{}", dir.path().join("hb.db").display());
        let created = Command::new(env!("CARGO_BIN_EXE_hearback-server"))
            .args(["survey", "create", dir.path().join("survey.json").to_str().unwrap()])
            .args(["--database-url", &database_url])
            .output()
            .unwrap();
        assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
        let addr = format!("127.0.0.1:{}", free_port());
        let log = dir.path().join("server.log");
        let child = Command::new(env!("CARGO_BIN_EXE_hearback-server"))
            .args(["serve", "--addr", &addr, "--dist", dir.path().join("dist").to_str().unwrap()])
            .args(["--database-url", &database_url])
            .args(extra)
            .env("RUST_LOG", "info,sqlx=warn")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        let url = format!("http://{addr}");
        let server = Server { url, addr, child, database_url, log, dir };
        server.wait_until_up(&server.url).await;
        server
    }

    pub async fn wait_until_up(&self, base: &str) {
        for _ in 0..200 {
            if reqwest::get(format!("{base}/healthz")).await.is_ok()
                || reqwest::get(format!("{base}/metrics")).await.is_ok()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("the server at {base} did not start: {}", std::fs::read_to_string(&self.log).unwrap_or_default());
    }

    pub async fn submit(&self, http: &reqwest::Client, score: u8) -> reqwest::Response {
        http.post(format!("{}/api/v1/surveys/ops/responses", self.url))
            .header("content-type", "application/json")
            .body(format!(r#"{{"answers": {{"recommend": {score}}}}}"#))
            .send()
            .await
            .unwrap()
    }

    pub fn signal(&self, name: &str) {
        let sent = Command::new("kill").args([&format!("-{name}"), &self.child.id().to_string()]).status().unwrap();
        assert!(sent.success());
    }

    /// Waits for the process to exit by itself; whether it exited successfully.
    pub fn exited(&mut self, within: Duration) -> bool {
        let started = Instant::now();
        while started.elapsed() < within {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.success();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("the server did not exit within {within:?}");
    }

    pub fn logs(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap()
    }

    pub async fn stored_ids(database_url: &str) -> Vec<String> {
        use sqlx::Connection;
        let mut db = sqlx::SqliteConnection::connect(database_url).await.unwrap();
        sqlx::query_scalar("SELECT id FROM responses").fetch_all(&mut db).await.unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        _ = self.child.kill();
        _ = self.child.wait();
    }
}
