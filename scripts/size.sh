#!/usr/bin/env bash
# `make size`: bytes of embed.js, of everything the widget iframe loads first and of everything
# the published results page loads, as the server really sends them (raw, gzip, brotli: each fetched with that Accept-Encoding). Starts the built
# server on a free port with a throw-away database and the demo survey, and stops it after.
set -euo pipefail
cd "$(dirname "$0")/.."

server=${SERVER:-target/debug/hearback-server}
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
addr=127.0.0.1:$(port); demo=127.0.0.1:$(port)
data=$(mktemp -d)
"$server" serve --demo --addr "$addr" --demo-addr "$demo" --database-url "sqlite:$data/size.db" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 100); do curl -fs "http://$addr/embed.js" -o /dev/null && break; sleep 0.1; done

bytes() { curl -fsS -H "Accept-Encoding: $2" "http://$addr$1" | wc -c; }
total_raw=0; total_gz=0; total_br=0
row() { # label, path
  local raw gz br
  raw=$(bytes "$2" identity); gz=$(bytes "$2" gzip); br=$(bytes "$2" br)
  printf '%-44s %9d %9d %9d\n' "$1" "$raw" "$gz" "$br"
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br))
}

printf '%-44s %9s %9s %9s\n' "what the browser fetches" "raw" "gzip" "brotli"
row "embed.js (on the host page)" /embed.js
embed_br=$total_br; total_raw=0; total_gz=0; total_br=0
# A page and everything it pulls in (stylesheet, module, wasm) from its bundle's assets.
page_total() { # label, page, bundle
  total_raw=0; total_gz=0; total_br=0
  echo "$1"
  row "  $2 (html)" "$2"
  for asset in $(curl -fsS "http://$addr$2" | grep -oE "/assets/$3/[^\"' ]+\.(css|js|wasm)" | sort -u); do
    row "  ${asset#/assets/$3/}" "$asset"
  done
  printf '%-44s %9d %9d %9d\n' "  total" "$total_raw" "$total_gz" "$total_br"
}
page_total "widget iframe, first load:" /w/demo widget
widget_br=$total_br
# The same survey as the demo site's one site tag picks it (its rules for the page's events in it).
page_total "widget iframe by the site tag, first load:" "/site/acme-demo-site?host=http%3A%2F%2F$demo&path=%2Fsite" widget
site_br=$total_br
# A survey the server steps through (a ranking, a date, a recalled answer): no wasm, its own script.
page_total "widget iframe of a stepped survey (ranking, date, recall):" /w/roadmap widget
stepped_br=$total_br
page_total "published results page:" /r/demo results
results_br=$total_br
echo
printf 'embed.js: %d B brotli (budget 1,434 B, goal 1,024 B)\n' "$embed_br"
printf 'widget:   %d B brotli (budget 65,536 B, goal 40,960 B); by the site tag %d B; a stepped survey %d B\n' "$widget_br" "$site_br" "$stepped_br"
printf 'results:  %d B brotli (budget 61,440 B)\n' "$results_br"
if ((widget_br > 65536 || site_br > 65536 || stepped_br > 65536 || embed_br > 1434 || results_br > 61440)); then echo "OVER BUDGET"; exit 1; fi
