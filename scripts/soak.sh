#!/usr/bin/env bash
# make soak: the long runs of the trust suites (README, "Reliability"), where `make test` runs
# short ones. CRASH_CYCLES (default 200) SIGKILL cycles of the crash harness on SQLite and on
# PostgreSQL; schemathesis with 200 cases per operation and a new seed; then each cargo fuzz
# target for FUZZ_SECONDS (default 600). A crash found is kept
# under fuzz/regressions/TARGET/ (which `make test` replays from then on) and fails the run.
# Runs inside scripts/with-postgres.sh (see the Makefile).
set -euo pipefail
cd "$(dirname "$0")/.."
CRASH_CYCLES=${CRASH_CYCLES:-200}
FUZZ_SECONDS=${FUZZ_SECONDS:-600}
TARGETS=(survey_definition compact_reader response results_filter customer_token request_headers)
CARGO_FUZZ_VERSION=0.13.2

step() { printf '==> %s\n' "$*"; }

step "crash harness: $CRASH_CYCLES SIGKILL cycles on SQLite, then on PostgreSQL (with immediate database stops)"
HEARBACK_CRASH_CYCLES=$CRASH_CYCLES cargo test -p hearback-server --test crash -- --nocapture --test-threads=1

step "schemathesis: 200 cases per operation and phase, a new seed"
ST_EXAMPLES=${ST_EXAMPLES:-200} ST_SEED=${ST_SEED:-$RANDOM$RANDOM} scripts/schemathesis.sh

# cargo fuzz needs the nightly compiler's sanitizer flags: the nightly toolchain when rustup can
# fetch it, else this machine's own compiler with its nightly features unlocked.
if rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal; then
  FUZZ=(cargo +nightly fuzz)
else
  step "no nightly toolchain to be had: the stable compiler with RUSTC_BOOTSTRAP=1"
  export RUSTC_BOOTSTRAP=1
  FUZZ=(cargo fuzz)
fi
if [[ "$(cargo fuzz --version 2>/dev/null)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]]; then
  step "installing cargo-fuzz $CARGO_FUZZ_VERSION (a few minutes, once)"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi

cd fuzz
step "building the fuzz targets (address sanitizer, coverage)"
"${FUZZ[@]}" build
for target in "${TARGETS[@]}"; do
  step "fuzzing $target for $FUZZ_SECONDS s (new inputs under fuzz/found/$target; seeds from fuzz/corpus/$target)"
  mkdir -p "found/$target" "regressions/$target"
  if ! "${FUZZ[@]}" run "$target" "found/$target" "corpus/$target" -- \
      -max_total_time="$FUZZ_SECONDS" -rss_limit_mb=4096 -timeout=10 -print_final_stats=1 2>&1 | tee "found/$target.log" | grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::new_units_added|==[0-9]+==|SUMMARY)'; then
    cp artifacts/"$target"/* "regressions/$target/" 2>/dev/null || true
    echo "$target crashed: the input is kept under fuzz/regressions/$target/ (see fuzz/found/$target.log)" >&2
    exit 1
  fi
done
step "done: fuzz/found/ holds what each target found new; keep the few that matter with \`cargo fuzz cmin\` into fuzz/corpus/"
