#!/usr/bin/env bash
# make bench, last part: submissions under load with oha (a real HTTP load generator, installed
# from crates.io), on SQLite and on PostgreSQL. For each database: the release server on a fresh
# database with the demo survey, a ramp of fixed request rates (LOAD_STEP_SECONDS each, default
# 10) to find the rate where the 99th percentile latency crosses 50 ms, then LOAD_SECONDS
# (default 60) sustained at the highest rate of the ramp that stayed under it. Runs inside
# scripts/with-postgres.sh (see the Makefile). Prints a table for the README.
set -euo pipefail
cd "$(dirname "$0")/.."
OHA_VERSION=1.16.0
STEP=${LOAD_STEP_SECONDS:-10}
SUSTAIN=${LOAD_SECONDS:-60}
RATES=(${LOAD_RATES:-100 200 400 600 800 1000 1200 1500 2000})
step() { printf '==> %s\n' "$*" >&2; }

if [[ "$(oha --version 2>/dev/null)" != "oha $OHA_VERSION" ]]; then
  step "installing oha $OHA_VERSION (a few minutes, once)"
  cargo install oha --version "$OHA_VERSION" --locked
fi
cargo build --release --quiet -p hearback-server

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
dir=$(mktemp -d /tmp/hearback-load.XXXXXX)
server=
trap '[[ -n $server ]] && kill $server 2>/dev/null; rm -rf "$dir"' EXIT
body='{"answers": {"recommend": 9, "channel": "chat", "comment": "Quick and friendly"}}'

# One run of oha at `rate` for `seconds`: "p50 p99 rate-achieved non-201" (latencies in ms).
run() {
  local url=$1 rate=$2 seconds=$3
  oha --no-tui --output-format json -z "${seconds}s" -q "$rate" --latency-correction -c 64 \
    -m POST -H 'content-type: application/json' -d "$body" "$url" >"$dir/oha.json"
  python3 - "$dir/oha.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
p = r["latencyPercentiles"]
codes = r.get("statusCodeDistribution", {})
# Requests still in flight when the run's time is up are cut ("aborted due to deadline"): not
# the server's doing.
errors = {e: n for e, n in r.get("errorDistribution", {}).items() if "deadline" not in e}
if errors:
    print(errors, file=sys.stderr)
bad = sum(n for code, n in codes.items() if code != "201") + sum(errors.values())
print(f'{p["p50"] * 1000:.1f} {p["p99"] * 1000:.1f} {r["summary"]["requestsPerSec"]:.0f} {bad}')
PY
}

for database in sqlite postgres; do
  port=$(free_port)
  if [[ $database == sqlite ]]; then
    url="sqlite:$dir/load.db"
  else
    name=hearback_load_$$
    "$HEARBACK_TEST_PG_BIN/psql" -q "$HEARBACK_TEST_PG" -c "CREATE DATABASE $name" >/dev/null
    url="${HEARBACK_TEST_PG%/*}/$name"
  fi
  target/release/hearback-server serve --demo --addr "127.0.0.1:$port" --demo-addr "127.0.0.1:$(free_port)" \
    --database-url "$url" --no-rate-limit >"$dir/server-$database.log" 2>&1 &
  server=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  submit="http://127.0.0.1:$port/api/v1/surveys/demo/responses"
  best=0 crossed=
  printf '| %s | rate asked /s | achieved /s | p50 ms | p99 ms | not 201 |\n|---|---:|---:|---:|---:|---:|\n' "$database"
  for rate in "${RATES[@]}"; do
    read -r p50 p99 achieved bad < <(run "$submit" "$rate" "$STEP")
    printf '| ramp | %s | %s | %s | %s | %s |\n' "$rate" "$achieved" "$p50" "$p99" "$bad"
    if python3 -c "import sys; sys.exit(0 if $p99 < 50 and $bad == 0 else 1)"; then
      best=$rate
    else
      crossed=$rate
      break
    fi
  done
  read -r p50 p99 achieved bad < <(run "$submit" "$best" "$SUSTAIN")
  printf '| **%s s sustained** | %s | %s | %s | %s | %s |\n' "$SUSTAIN" "$best" "$achieved" "$p50" "$p99" "$bad"
  echo "$database: p99 stays under 50 ms up to $best/s; it crosses at ${crossed:-none of the rates tried}/s"
  echo
  kill $server; wait $server 2>/dev/null || true; server=
done
