#!/usr/bin/env bash
# Every test, then the server's HTTP and end-to-end suites again on PostgreSQL. Runs inside
# scripts/with-postgres.sh (see `make test`).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "==> every test, server suites on SQLite"
cargo test --workspace --all-targets
echo "==> the server's HTTP and end-to-end suites on PostgreSQL"
HEARBACK_TEST_BACKEND=postgres cargo test -p hearback-server --test api
HEARBACK_TEST_BACKEND=postgres cargo test -p hearback-web --test embed --test experience
echo "==> the API contract against generated input (schemathesis, both OpenAPI documents)"
scripts/schemathesis.sh
echo "==> the bundles within their byte budgets (make size)"
scripts/size.sh
