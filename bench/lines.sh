#!/usr/bin/env bash
# Lines of the generated full Qovery client, ours beside OpenAPI Generator
# 7.20's `rust` output (issue 23, target 6), in `src/apis` and
# `src/models`: all lines, and lines that are neither blank nor comments
# (`//`, `///`, `//!`). Not run in CI (about a minute).
#
# Usage: bash bench/lines.sh
set -euo pipefail
cd "$(dirname "$0")/.."
specs=${SPECS_DIR:-../shared/specs}
spec=$(realpath "$specs/qovery/openapi.yaml")
work=target/bench-lines
rm -rf "$work"
mkdir -p "$work"

if ! command -v openapi-generator-cli >/dev/null; then
  echo "==> installing openapi-generator-cli==7.20.0 from PyPI" >&2
  python3 -m pip install --quiet openapi-generator-cli==7.20.0
fi
cargo build -q --release -p generator
target/release/generator generate --spec "$spec" --out "$work/ours" --crate-name qovery-ours >/dev/null 2>&1
openapi-generator-cli generate -g rust --library reqwest -i "$spec" -o "$work/oag" \
  --additional-properties=packageName=qovery-oag >/dev/null 2>&1

# The number of operations: one `OPERATION` static per operation in ours.
ops=$(cat "$work"/ours/src/apis/*.rs | grep -c 'static OPERATION:')

count() { # all lines, then code lines, of the .rs files of directory $1
  local all code
  all=$(cat "$1"/*.rs | wc -l)
  code=$(cat "$1"/*.rs | grep -v '^\s*$' | grep -cv '^\s*//')
  echo "$all $code"
}

printf '| %s | %s | %s | %s | %s |\n' "" "ours, all" "ours, code" "OpenAPI Generator, all" "OpenAPI Generator, code"
printf '|---|---|---|---|---|\n'
for dir in apis models; do
  read -r oa oc < <(count "$work/ours/src/$dir")
  read -r ga gc < <(count "$work/oag/src/$dir")
  printf '| `src/%s` | %s | %s | %s | %s |\n' "$dir" "$oa" "$oc" "$ga" "$gc"
  if [[ $dir == apis ]]; then
    printf '| per operation (%s) | %s | %s | %s | %s |\n' "$ops" \
      "$(echo "scale=1; $oa / $ops" | bc)" "$(echo "scale=1; $oc / $ops" | bc)" \
      "$(echo "scale=1; $ga / $ops" | bc)" "$(echo "scale=1; $gc / $ops" | bc)"
  fi
done
