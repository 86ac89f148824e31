#!/usr/bin/env bash
# JSON speed of generated models (issue 23): decode and encode of one
# 20 MB Qovery `SecretResponseList` (20,000 secrets), ours against OpenAPI
# Generator 7.20's serde-derived models, in one run on the same bytes,
# release build, best of 7; then the peak memory of one decode each, above
# that of a process that only reads the body. Not run in CI (about 6
# minutes on the 2-core machine, most of it the two release builds).
#
# Usage: bash bench/json.sh
# OpenAPI Generator comes from PyPI, as in bench/compare.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
specs=${SPECS_DIR:-../shared/specs}
spec=$(realpath "$specs/qovery/openapi.yaml")
root=$(pwd)
ws=$root/target/bench-json
rm -rf "$ws/ours" "$ws/oag" "$ws/bench"
mkdir -p "$ws/bench/src"

command -v java >/dev/null || { echo "error: OpenAPI Generator needs java on PATH" >&2; exit 1; }
if ! command -v openapi-generator-cli >/dev/null; then
  echo "==> installing openapi-generator-cli==7.20.0 from PyPI" >&2
  python3 -m pip install --quiet openapi-generator-cli==7.20.0
fi

echo "==> generating the Qovery client with both generators" >&2
cargo build -q --release -p generator
target/release/generator generate --spec "$spec" --out "$ws/ours" --crate-name qovery-ours >/dev/null
openapi-generator-cli generate -g rust --library reqwest -i "$spec" -o "$ws/oag" \
  --additional-properties=packageName=qovery-oag >/dev/null 2>&1

cp bench/json/main.rs "$ws/bench/src/main.rs"
cat >"$ws/bench/Cargo.toml" <<TOML
[package]
name = "json-bench"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
qovery-ours = { path = "../ours" }
qovery-oag = { path = "../oag" }
serde = "1"
serde_json = "1"
TOML
cat >"$ws/Cargo.toml" <<TOML
[workspace]
resolver = "2"
members = ["ours", "oag", "bench"]
TOML
# The generated crate names the runtime by path relative to the checkout.
[[ -f $ws/Cargo.lock ]] || cp Cargo.lock "$ws/Cargo.lock"

echo "==> building (release)" >&2
export CARGO_TARGET_DIR=$ws/target
(cd "$ws" && cargo build -q --release -p json-bench)
exe=$ws/target/release/json-bench

echo "machine: $(nproc) cores, $(uname -m), load $(cut -d' ' -f1-3 /proc/loadavg); $(rustc --version)"
cd "$ws"
"$exe" all
peak() { /usr/bin/time -f %M "$exe" "$1" "$2" 2>&1 >/dev/null | tail -1; }
echo "| peak memory of one decode, above reading the body | ours | OpenAPI Generator | ratio |"
echo "|---|---|---|---|"
for body in secrets credentials tfvars; do
  read_kb=$(peak "$body" read)
  ours_kb=$(peak "$body" ours)
  oag_kb=$(peak "$body" oag)
  size_kb=$(( $(stat -c %s "json-bench-$body.json") / 1024 ))
  awk -v b="$body" -v r="$read_kb" -v o="$ours_kb" -v g="$oag_kb" -v s="$size_kb" 'BEGIN {
    printf "| %s (body %.1f MB), MB | %.1f | %.1f | %.2f |\n", b, s / 1024, (o - r) / 1024, (g - r) / 1024, (o - r) / (g - r) }'
done
