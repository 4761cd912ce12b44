#!/usr/bin/env bash
# Prints raw, gzip and brotli bytes of embed.js and of everything the widget iframe loads first.
# The widget page is fetched from a running server (the real page, with the survey rendered and
# inlined), so it counts what a browser really gets. Usage: scripts/size.sh [SURVEY_PAGE_URL]
set -euo pipefail
cd "$(dirname "$0")/.."

row() { # name, file
  printf '%-34s %9d %9d %9d\n' "$1" "$(wc -c <"$2")" "$(gzip -9c "$2" | wc -c)" "$(brotli -q 11 -c "$2" | wc -c)"
}

page=$(mktemp); trap 'rm -f "$page"' EXIT
curl -fsS "${1:-http://127.0.0.1:8080/w/demo}" -o "$page"

printf '%-34s %9s %9s %9s\n' "file" "raw" "gzip" "brotli"
row "public/embed.js" public/embed.js
echo "widget iframe, first load:"
row "  /w/demo (html + inlined survey)" "$page"
total_raw=$(wc -c <"$page"); total_br=$(brotli -q 11 -c "$page" | wc -c); total_gz=$(gzip -9c "$page" | wc -c)
for file in dist/widget/*.js dist/widget/*_bg.wasm dist/widget/*.css; do
  row "  ${file#dist/widget/}" "$file"
  total_raw=$((total_raw + $(wc -c <"$file")))
  total_gz=$((total_gz + $(gzip -9c "$file" | wc -c)))
  total_br=$((total_br + $(brotli -q 11 -c "$file" | wc -c)))
done
printf '%-34s %9d %9d %9d\n' "  total" "$total_raw" "$total_gz" "$total_br"
printf 'budget: widget <= 80 KB brotli (goal 45 KB); embed.js <= 1.4 KB brotli (goal 1 KB)\n'
