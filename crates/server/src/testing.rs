//! Fresh databases for the test suites, so every test runs on both backends from one code path.
//!
//! `make test` runs the suites twice: on SQLite (a file in the test's temporary directory), and
//! with `HEARBACK_TEST_BACKEND=postgres` on a new database in the throw-away PostgreSQL cluster
//! that `scripts/with-postgres.sh` starts and names in `HEARBACK_TEST_PG`.

use sqlx::Connection;
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
