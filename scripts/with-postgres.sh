#!/usr/bin/env bash
# Runs a command beside a throw-away PostgreSQL cluster, and removes the cluster afterwards, also
# when the command fails. The command sees:
#   HEARBACK_TEST_PG      postgres://postgres@127.0.0.1:PORT/postgres (the maintenance database)
#   HEARBACK_TEST_PG_BIN  the folder of initdb and pg_ctl, for tests that run a cluster of their own
# PostgreSQL refuses to run as root, so the cluster runs as the `postgres` system user, on a free
# loopback port, with its files and socket in a temporary directory; no system service is used.
set -euo pipefail

if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  echo "==> installing PostgreSQL from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres

dir=$(mktemp -d /tmp/hearback-pg.XXXXXX)
chown postgres "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
as_postgres() { runuser -u postgres -- "$@"; }
stop() {
  as_postgres "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

as_postgres "$bin/initdb" -D "$dir/data" -A trust -U postgres >/dev/null
as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=400" start >/dev/null

export HEARBACK_TEST_PG="postgres://postgres@127.0.0.1:$port/postgres"
export HEARBACK_TEST_PG_BIN="$bin"
"$@"
