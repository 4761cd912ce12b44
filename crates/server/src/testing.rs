//! Fresh databases for the test suites, so every test runs on both backends from one code path.
//!
//! `make test` runs the suites twice: on SQLite (a file in the test's temporary directory), and
//! with `HEARBACK_TEST_BACKEND=postgres` on a new database in the throw-away PostgreSQL cluster
//! that `scripts/with-postgres.sh` starts and names in `HEARBACK_TEST_PG`.

use sqlx::Connection;

/// What Trunk's widget page looks like, reduced to what the server relies on (a title to put the
/// survey's into, the root the form renders into, the module script with Trunk's nonce), for the
/// suites and the benchmark, which serve pages without building the front end.
pub const WIDGET_PAGE: &str = r#"<!doctype html><html><head><title>Survey</title>
<script type="module" nonce="{{__TRUNK NONCE__}}">import init from '/assets/widget/w.js';</script></head>
<body><main id="survey-root"></main></body></html>"#;
use std::path::Path;

/// The cluster's maintenance database URL, when tests run under `scripts/with-postgres.sh`.
pub fn postgres_admin_url() -> Option<String> {
    std::env::var("HEARBACK_TEST_PG").ok().filter(|url| !url.is_empty())
}

/// Whether this run tests the PostgreSQL backend.
pub fn on_postgres() -> bool {
    std::env::var("HEARBACK_TEST_BACKEND").is_ok_and(|b| b == "postgres")
}

/// A URL of an empty database for one test: SQLite under `dir`, or a new PostgreSQL database.
pub async fn fresh_database_url(dir: &Path) -> String {
    if on_postgres() {
        let admin =
            postgres_admin_url().expect("HEARBACK_TEST_BACKEND=postgres needs HEARBACK_TEST_PG (run `make test`)");
        fresh_postgres_database(&admin).await
    } else {
        format!("sqlite:{}", dir.join("test.db").display())
    }
}

/// Creates a new, empty database in the cluster behind `admin_url` and returns its URL.
pub async fn fresh_postgres_database(admin_url: &str) -> String {
    let name = format!("hearback_test_{}", uuid::Uuid::new_v4().simple());
    let mut admin = sqlx::PgConnection::connect(admin_url).await.expect("the test cluster is up");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.expect("CREATE DATABASE");
    _ = admin.close().await;
    let (base, _) = admin_url.rsplit_once('/').expect("a URL with a database name");
    format!("{base}/{name}")
}

/// What a survey's aggregates count for a segment (`""` everyone, `v:true`, `a:plan=pro`), as
/// results JSON before any privacy rule: what was stored, for tests of storing.
pub async fn counted(store: &dyn crate::store::Store, survey: &str, segment: &str) -> serde_json::Value {
    let stored = store.survey(survey).await.expect("the store answers").expect("the survey exists");
    let scope = crate::store::aggregates::Scope { segment: segment.to_owned(), days: None };
    let tally = store.tally(stored.survey.id(), &scope).await.expect("the store answers");
    let results = hearback_core::Results::from_tally(&stored.survey, &tally);
    let mut json = serde_json::to_value(&results).expect("results serialize");
    json["completion_rate"] = serde_json::json!(results.completion_rate());
    json
}

/// A message an [`SmtpSink`] took.
#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    /// The message as sent: headers, a blank line, the body (transfer-encoded).
    pub data: String,
}

impl Received {
    /// A header's value (unfolded, RFC 2047 encoded words decoded).
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next().unwrap_or_default().replace("\r\n ", " ").replace("\r\n\t", " ");
        let raw = head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim().to_owned())
        })?;
        Some(decode_words(&raw))
    }

    /// The body as text, its quoted-printable or base64 transfer encoding undone.
    pub fn text(&self) -> String {
        use base64::Engine;
        let body = self.data.split_once("\r\n\r\n").map(|(_, body)| body).unwrap_or_default();
        let encoding = self.header("Content-Transfer-Encoding").unwrap_or_default().to_ascii_lowercase();
        let bytes = match encoding.as_str() {
            "base64" => base64::engine::general_purpose::STANDARD
                .decode(body.split_whitespace().collect::<String>())
                .unwrap_or_default(),
            "quoted-printable" => {
                let joined = body.replace("=\r\n", "");
                let mut bytes = Vec::new();
                let mut rest = joined.as_bytes();
                while let Some((&first, tail)) = rest.split_first() {
                    match (first, tail.get(..2).and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok()))
                    {
                        (b'=', Some(byte)) => {
                            bytes.push(byte);
                            rest = &tail[2..];
                        }
                        _ => {
                            bytes.push(first);
                            rest = tail;
                        }
                    }
                }
                bytes
            }
            _ => body.as_bytes().to_vec(),
        };
        String::from_utf8_lossy(&bytes).replace("\r\n", "\n")
    }
}

/// Decodes `=?utf-8?b?…?=` and `=?utf-8?q?…?=` words; space between two encoded words goes.
fn decode_words(raw: &str) -> String {
    use base64::Engine;
    let mut out = String::new();
    let mut rest = raw;
    let mut after_word = false;
    while let Some(start) = rest.find("=?") {
        let (before, word) = rest.split_at(start);
        let parts: Vec<&str> = word[2..].splitn(3, '?').collect();
        let end = parts.get(2).and_then(|p| p.find("?="));
        let (Some(end), [_, encoding, text]) = (end, parts.as_slice()) else { break };
        if !(after_word && before.trim().is_empty()) {
            out.push_str(before);
        }
        let text = &text[..end];
        let bytes = if encoding.eq_ignore_ascii_case("b") {
            base64::engine::general_purpose::STANDARD.decode(text).unwrap_or_default()
        } else {
            let mut bytes = Vec::new();
            let mut chars = text.bytes();
            while let Some(b) = chars.next() {
                match b {
                    b'_' => bytes.push(b' '),
                    b'=' => {
                        let hex: Vec<u8> = chars.by_ref().take(2).collect();
                        bytes.extend(std::str::from_utf8(&hex).ok().and_then(|h| u8::from_str_radix(h, 16).ok()));
                    }
                    other => bytes.push(other),
                }
            }
            bytes
        };
        out.push_str(&String::from_utf8_lossy(&bytes));
        let consumed = 2 + parts[0].len() + 1 + encoding.len() + 1 + end + 2;
        rest = &word[consumed..];
        after_word = true;
    }
    out.push_str(rest);
    out
}

/// The one number a query (`SELECT COUNT(*) …`) answers, on either database.
pub async fn count(database_url: &str, sql: &str) -> i64 {
    if database_url.starts_with("sqlite:") {
        let mut db = sqlx::SqliteConnection::connect(database_url).await.expect("the database opens");
        sqlx::query_scalar(sql).fetch_one(&mut db).await.expect("a count")
    } else {
        let mut db = sqlx::PgConnection::connect(database_url).await.expect("the database opens");
        sqlx::query_scalar(sql).fetch_one(&mut db).await.expect("a count")
    }
}

/// Every table's rows, as text, by table (sorted, so that the order rows are stored in does not
/// count): two states compare equal when nothing in the database changed. Tables in `except`
/// are left out.
pub async fn database_state(database_url: &str, except: &[&str]) -> std::collections::BTreeMap<String, String> {
    let mut state = std::collections::BTreeMap::new();
    if database_url.starts_with("sqlite:") {
        let mut db = sqlx::SqliteConnection::connect(database_url).await.expect("the database opens");
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .fetch_all(&mut db)
        .await
        .expect("tables");
        for table in tables.into_iter().filter(|t| !except.contains(&t.as_str())) {
            let columns: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info(?)")
                .bind(&table)
                .fetch_all(&mut db)
                .await
                .expect("columns");
            let row = columns.iter().map(|c| format!("quote(\"{c}\")")).collect::<Vec<_>>().join(" || '|' || ");
            let query = format!(
                "SELECT coalesce(group_concat(row, char(10)), '') FROM (SELECT {row} AS row FROM \"{table}\" ORDER BY 1)"
            );
            let rows: String = sqlx::query_scalar(&query).fetch_one(&mut db).await.expect("rows");
            state.insert(table, rows);
        }
    } else {
        let mut db = sqlx::PgConnection::connect(database_url).await.expect("the database opens");
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
        )
        .fetch_all(&mut db)
        .await
        .expect("tables");
        for table in tables.into_iter().filter(|t| !except.contains(&t.as_str())) {
            let query = format!("SELECT coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '') FROM \"{table}\" t");
            let rows: String = sqlx::query_scalar(&query).fetch_one(&mut db).await.expect("rows");
            state.insert(table, rows);
        }
    }
    state
}

/// A real SMTP server on loopback that keeps what it is sent, for tests of e-mail. It can play
/// an outage: while refusing, every connection is answered "421" (try again later) and closed;
/// and it refuses for good (550) any recipient with "reject" in the address.
#[derive(Debug, Clone)]
pub struct SmtpSink {
    pub addr: std::net::SocketAddr,
    messages: std::sync::Arc<std::sync::Mutex<Vec<Received>>>,
    refusing: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
        let sink = SmtpSink {
            addr: listener.local_addr().expect("bound"),
            messages: Default::default(),
            refusing: Default::default(),
        };
        let serving = sink.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let sink = serving.clone();
                tokio::spawn(async move { sink.converse(stream).await });
            }
        });
        sink
    }

    /// The server's URL for `--smtp-url`.
    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    pub fn messages(&self) -> Vec<Received> {
        self.messages.lock().expect("not poisoned").clone()
    }

    /// Starts or ends an outage.
    pub fn refuse(&self, refusing: bool) {
        self.refusing.store(refusing, std::sync::atomic::Ordering::SeqCst);
    }

    async fn converse(&self, stream: tokio::net::TcpStream) {
        use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
        let (read, mut write) = stream.into_split();
        let mut lines = BufReader::new(read).lines();
        if self.refusing.load(std::sync::atomic::Ordering::SeqCst) {
            let _ = write.write_all(b"421 sink: service not available, try again later\r\n").await;
            return;
        }
        let _ = write.write_all(b"220 sink ESMTP\r\n").await;
        let (mut from, mut to) = (String::new(), Vec::new());
        while let Ok(Some(line)) = lines.next_line().await {
            let verb = line.split_whitespace().next().unwrap_or_default().to_ascii_uppercase();
            let reply: &[u8] = match verb.as_str() {
                "EHLO" | "HELO" => b"250 sink\r\n",
                "MAIL" => {
                    from = line[line.find(':').map_or(0, |at| at + 1)..].trim().to_owned();
                    b"250 OK\r\n"
                }
                // An address with "reject" in it is refused for good, like an unknown mailbox.
                "RCPT" if line.contains("reject") => b"550 sink: no such mailbox\r\n",
                "RCPT" => {
                    to.push(line[line.find(':').map_or(0, |at| at + 1)..].trim().to_owned());
                    b"250 OK\r\n"
                }
                "DATA" => {
                    let _ = write.write_all(b"354 go ahead\r\n").await;
                    let mut data = String::new();
                    while let Ok(Some(line)) = lines.next_line().await {
                        if line == "." {
                            break;
                        }
                        data.push_str(line.strip_prefix('.').unwrap_or(&line));
                        data.push_str("\r\n");
                    }
                    let message = Received { from: std::mem::take(&mut from), to: std::mem::take(&mut to), data };
                    self.messages.lock().expect("not poisoned").push(message);
                    b"250 queued\r\n"
                }
                "QUIT" => {
                    let _ = write.write_all(b"221 bye\r\n").await;
                    return;
                }
                _ => b"250 OK\r\n",
            };
            if write.write_all(reply).await.is_err() {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn encoded_words_are_decoded_and_the_space_between_them_goes() {
        assert_eq!(
            super::decode_words("Pulse: =?utf-8?b?4oCcQW5zd2Vy?= within a =?utf-8?b?ZGF54oCd?= is done"),
            "Pulse: “Answer within a day” is done"
        );
        assert_eq!(super::decode_words("=?utf-8?q?caf=C3=A9_au?= =?utf-8?q?_lait?="), "café au lait");
        assert_eq!(super::decode_words("plain"), "plain");
    }
}
