#!/usr/bin/env bash
# One row per upstream document: operations, types, simplified items by
# kind, and the release binary's own generation time (load + IR + render +
# write, as `generate` prints it); then the `serde_json::Value` items of all
# documents grouped by reason. `schemas` counts `components/schemas` (with
# python3 and PyYAML; `?` without), `types` the Rust types generated.
# Usage: bash bench/all-specs.sh
set -euo pipefail
cd "$(dirname "$0")/.."
specs=${SPECS_DIR:-../shared/specs}
cargo build --release -q -p generator --bin generator
bin=$PWD/target/release/generator
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

docs=$(cd "$specs" && grep -rlE '^(openapi:|"openapi":)' --include='*.yaml' --include='*.yml' --include='*.json' . | sed 's|^\./||' | sort)
schemas() {
  python3 -c 'import sys, yaml; d = yaml.safe_load(open(sys.argv[1])); print(len((d.get("components") or {}).get("schemas") or {}))' "$1" 2>/dev/null || echo '?'
}
echo "| document | operations | schemas | types | simplified | time |"
echo "|---|---|---|---|---|---|"
for d in $docs; do
  line=$("$bin" generate --spec "$specs/$d" --out "$out/$(echo "$d" | tr '/.' '__')" 2>&1 | tail -1)
  # `<out>: N operations, M types, ... S simplified (kinds); T`
  ops=$(sed -E 's/^[^:]*: ([0-9]+) operations.*/\1/' <<<"$line")
  types=$(sed -E 's/.* ([0-9]+) types.*/\1/' <<<"$line")
  simplified=$(sed -E 's/.* ([0-9]+ simplified[^;]*);.*/\1/' <<<"$line")
  time=$(sed -E 's/.*; ([^;]*)$/\1/' <<<"$line")
  echo "| $d | $ops | $(schemas "$specs/$d") | $types | $simplified | $time |"
  "$bin" check --spec "$specs/$d" 2>&1 | grep '^untyped value: ' >>"$out/untyped" || true
done
echo
echo "serde_json::Value items, all documents: $(wc -l <"$out/untyped")"
sed -E 's/^untyped value: [^ ]*: //' "$out/untyped" | sed -E 's/`[^`]*` (is not a component)/`..` \1/' | sort | uniq -c | sort -rn
