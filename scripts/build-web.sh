#!/usr/bin/env bash
# Builds the front-end bundles into dist/ (release, wasm-opt -Oz), then minifies their JS and CSS.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

# Trunk runs cargo offline (Trunk.toml) so it never downloads tools; the crates themselves must
# therefore be here first, those of every bundle's features included (a new machine has none).
cargo fetch --locked

# Three bundles: the widget (server-rendered, hydrated; small), the results page's forms (on the
# server's HTML; small) and the admin app (browser only).
trunk build widget.html --dist dist/widget --public-url /assets/widget/
trunk build results.html --dist dist/results --public-url /assets/results/
trunk build admin.html --dist dist/admin --public-url /assets/admin/
for bundle in widget results admin; do
  # The stream classes Leptos's server functions export and these bundles never use (see the
  # script for why they would stay otherwise).
  python3 scripts/drop-exports.py dist/$bundle/*_bg.wasm intounderlying __wbg_intounderlying
  # Trunk ships wasm-bindgen's glue unminified; esbuild shrinks it by a third. Integrity hashes
  # are off for these same-origin assets (data-integrity="none"), so rewriting them is safe.
  for file in dist/$bundle/*.js dist/$bundle/*.css; do
    esbuild "$file" --minify --allow-overwrite --outfile="$file" --log-level=warning
  done
  # Compressed once here at the highest levels, served as they are (ServeDir's precompressed
  # files), instead of compressed per request at the server's faster default level.
  for file in dist/$bundle/*.js dist/$bundle/*.css dist/$bundle/*.wasm; do
    brotli -q 11 -f -k "$file"
    gzip -9 -f -k "$file"
  done
done

# The widget page's own script (restoring answers, closing the loop) is inlined by the server,
# which takes this minified copy when it is there.
esbuild crates/server/src/http/widget_page.js --minify --outfile=dist/widget/page.min.js --log-level=warning
# The card's script, which that script loads for a respondent with a receipt (served by the server).
esbuild crates/server/src/http/widget_news.js --minify --outfile=dist/widget/news.min.js --log-level=warning
# The script of the pages of a survey the server steps through (rankings; the receipt on the thank-you).
esbuild crates/server/src/http/widget_steps.js --minify --outfile=dist/widget/steps.min.js --log-level=warning

# embed.js is written by hand for reading (public/embed.js) and served minified and compressed.
esbuild public/embed.js --minify --outfile=dist/embed.js --log-level=warning
brotli -q 11 -f -k dist/embed.js
gzip -9 -f -k dist/embed.js
