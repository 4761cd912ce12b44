# The two commands a new machine needs: `make run` and `make test`. Both install what is missing
# first (idempotently: a second run skips every install) and build the front end.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)

.PHONY: run test soak tools test-tools web size bench screenshots clean

## run: the product on the embedded SQLite under ./data, with the demo survey and a demo company site
run: tools web
	cargo run --release -p hearback-server -- serve --demo

## test: every test (unit, property, HTTP, end-to-end in headless Chromium), on SQLite and PostgreSQL
test: test-tools web
	scripts/with-postgres.sh scripts/test-all.sh

## soak: the trust suites' long runs (README, "Reliability"): 200 crash cycles on SQLite and on
## PostgreSQL, schemathesis with 200 cases per operation, then every fuzz target for 10 minutes (CRASH_CYCLES=N, FUZZ_SECONDS=N; installs the
## nightly toolchain and cargo-fuzz when missing)
soak: test-tools
	scripts/with-postgres.sh scripts/soak.sh

## size: bytes of embed.js and of everything the widget iframe loads, as the server sends them
size: test-tools web
	cargo build -p hearback-server
	scripts/size.sh

## bench: results read time at 1 thousand, 100 thousand and 1 million responses, insert throughput,
## and the ratio to a full recount (BENCH_RESPONSES=N for another largest size); then the pages in
## headless Chromium: bytes, first question visible, layout shift, unthrottled and throttled
## (PAGESPEED_RUNS=N runs each, default 5); last, submissions under load with oha on SQLite and
## PostgreSQL: the rate where p99 crosses 50 ms, and 60 s sustained below it (README, "Reliability")
bench: test-tools web
	cargo run --release -p hearback-server --example bench
	cargo run --release --example pagespeed
	scripts/with-postgres.sh scripts/load.sh

## screenshots: PNGs of every question kind in every mode, light and dark, LTR and RTL, desktop and
## phone, into target/screenshots/
screenshots: test-tools web
	cargo run --example screenshots

tools:
	scripts/install-tools.sh

test-tools:
	scripts/install-tools.sh --test

web:
	scripts/build-web.sh

clean:
	rm -rf dist target node_modules
