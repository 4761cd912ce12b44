#!/usr/bin/env bash
# The API contract against generated input (README, "Reliability"): schemathesis, installed into
# a virtual environment under target/, runs against the real server seeded with the demo company
# (an organisation, its published results and plans, Dana, 30 answers) and a write token of
# Dana's, over the public and the admin OpenAPI documents. It fails on any server error, any
# answer whose body breaks its schema, any status or content type a document does not list.
#   ST_EXAMPLES   generated cases per operation and phase (default 25; make soak: 200)
#   ST_SEED       the generator's seed (default 1, so a run replays; make soak: a new one)
set -euo pipefail
cd "$(dirname "$0")/.."
SCHEMATHESIS_VERSION=4.32.5
venv=target/schemathesis-venv
step() { printf '==> %s\n' "$*"; }

if [[ "$("$venv/bin/st" --version 2>/dev/null)" != "st, version $SCHEMATHESIS_VERSION" ]]; then
  step "installing schemathesis $SCHEMATHESIS_VERSION into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "schemathesis==$SCHEMATHESIS_VERSION"
fi
cargo build --quiet -p hearback-server

dir=$(mktemp -d /tmp/hearback-schemathesis.XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port)
base="http://127.0.0.1:$port"
target/debug/hearback-server serve --demo --addr "127.0.0.1:$port" --demo-addr "127.0.0.1:$(free_port)" \
  --database-url "sqlite:$dir/hb.db" --no-rate-limit >"$dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done

# Dana signs in and makes a write token, as a company's script would be given one.
csrf=$(curl -sf -c "$dir/cookies" -H 'content-type: application/json' -H "origin: $base" \
  -d '{"email": "dana@acme.example", "password": "hearback demo"}' "$base/admin/api/login" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["csrf_token"])')
token=$(curl -sf -b "$dir/cookies" -H 'content-type: application/json' -H "origin: $base" -H "x-csrf-token: $csrf" \
  -d '{"name": "schemathesis", "scope": "write"}' "$base/admin/api/tokens" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')

checks=not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance
failed=0
for document in api/v1 admin/api; do
  step "schemathesis over $base/$document/openapi.json (${ST_EXAMPLES:-25} examples, seed ${ST_SEED:-1})"
  "$venv/bin/st" --config-file scripts/schemathesis.toml run "$base/$document/openapi.json" \
    -H "Authorization: Bearer $token" --checks "$checks" \
    --max-examples "${ST_EXAMPLES:-25}" --seed "${ST_SEED:-1}" --no-color >"$dir/st.log" 2>&1 || failed=1
  grep -E '^(  (Selected|Tested)|  ❌|  ✅|[0-9]+ generated|Test cases|  [0-9]+ generated)' "$dir/st.log" || true
  tail -n 1 "$dir/st.log"
  if ((failed)); then cat "$dir/st.log"; break; fi
done
if grep -q 'panicked' "$dir/server.log"; then
  echo "the server panicked:" >&2; grep -A5 panicked "$dir/server.log" >&2; failed=1
fi
exit $failed
