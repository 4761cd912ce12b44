#!/usr/bin/env bash
# Installs what building and testing Hearback needs, skipping whatever is already there.
#   scripts/install-tools.sh          build tools: wasm target, Trunk, wasm-bindgen, npm tools, brotli
#   scripts/install-tools.sh --test   also Chromium and ChromeDriver from Debian
# These machines reach only the package registries, so every tool comes from one of them, at a
# pinned version (see ../shared/TOOLCHAIN.md for why these versions).
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# The wasm-bindgen CLI must equal the library in Cargo.lock, or the bundle will not load.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)

step() { printf '==> %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

if [[ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]]; then
  step "installing trunk $TRUNK_VERSION (about 15 minutes, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]]; then
  step "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 6 minutes, once)"
  # Not --locked: one of its locked dependencies is missing from the registry.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if [[ ! -x node_modules/.bin/wasm-opt || ! -x node_modules/.bin/esbuild || package.json -nt node_modules/.installed ]]; then
  step "installing npm build tools (binaryen, esbuild, axe-core)"
  npm install --no-audit --no-fund
  touch node_modules/.installed
fi

missing=()
command -v brotli >/dev/null || missing+=(brotli)
if [[ "${1:-}" == "--test" ]]; then
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
fi
if ((${#missing[@]})); then
  step "installing ${missing[*]} from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
