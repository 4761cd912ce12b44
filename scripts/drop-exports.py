#!/usr/bin/env python3
"""Drops the exports of a built wasm bundle whose names start with the given prefixes, and the
code only they reached (binaryen's wasm-metadce), then optimizes the result again for size.

Why: Leptos turns on server_fn's `browser` feature, which exports wasm-streams' stream classes
(`IntoUnderlyingSource`, `...Sink`, `...ByteSource`) from every bundle for streaming server
functions. Our bundles never use server functions, but an export is a root the linker must
keep, so those classes' code and futures stay in the wasm (about 1 KB brotli in the widget).
The JS glue still defines the classes; their methods call the dropped exports only when a
stream is made, which nothing here does.

Usage: drop-exports.py FILE.wasm PREFIX [PREFIX ...]   (binaryen's tools on PATH)
"""
import json
import re
import subprocess
import sys
import tempfile

wasm, prefixes = sys.argv[1], tuple(sys.argv[2:])
text = subprocess.run(["wasm-dis", wasm], check=True, capture_output=True, text=True).stdout
exports = re.findall(r'\(export "([^"]+)"', text)
imports = re.findall(r'\(import "([^"]+)" "([^"]+)"', text)
dropped = [e for e in exports if e.startswith(prefixes)]
if not dropped:
    sys.exit(f"drop-exports: no export of {wasm} starts with {', '.join(prefixes)}")

graph = [{"name": "outside", "root": True, "reaches": [f"export:{e}" for e in exports if e not in dropped]}]
graph += [{"name": f"export:{e}", "export": e} for e in exports]
graph += [{"name": f"import:{m}:{b}", "import": [m, b]} for m, b in imports]
with tempfile.NamedTemporaryFile("w", suffix=".json") as file:
    json.dump(graph, file)
    file.flush()
    subprocess.run(["wasm-metadce", wasm, "--graph-file", file.name, "-o", wasm], check=True, capture_output=True)
subprocess.run(
    ["wasm-opt", "-Oz", "--converge", "--gufa", "--strip-debug", "--strip-producers", wasm, "-o", wasm], check=True
)
print(f"drop-exports: {wasm}: dropped {len(dropped)} exports")
