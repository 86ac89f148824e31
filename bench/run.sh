#!/usr/bin/env bash
# Generation benchmark: wall time and peak memory of the release binary on
# the full Qovery document (median of N runs). Usage: bash bench/run.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-5}
specs=${SPECS_DIR:-../shared/specs}
cargo build --release -q -p generator --bin generator --example parse_yaml
bin=target/release/generator
parse=target/release/examples/parse_yaml
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
measure() {
  local label=$1; shift
  local times=() mems=() cpus=()
  for _ in $(seq "$n"); do
    rm -rf "$out/crate"
    local line
    /usr/bin/time -o "$out/time" -f "%e %M %U %S" "$@" >/dev/null 2>&1
    read -r wall mem user sys < <(tail -1 "$out/time")
    times+=("$wall"); mems+=("$mem"); cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')")
  done
  local t m c
  t=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (n + 1) / 2 ))p")
  c=$(printf '%s\n' "${cpus[@]}" | sort -n | sed -n "$(( (n + 1) / 2 ))p")
  m=$(printf '%s\n' "${mems[@]}" | sort -n | tail -1)
  printf '| %s | %s s | %s s | %s MiB |\n' "$label" "$t" "$c" "$((m / 1024))"
}
echo "| step (qovery/openapi.yaml) | median wall time | median CPU time (user+sys) | peak RSS |"
echo "|---|---|---|---|"
measure "parse YAML only (baseline)" "$parse" "$specs/qovery/openapi.yaml"
measure "check (load + IR)" "$bin" check --spec "$specs/qovery/openapi.yaml"
measure "generate (load + IR + render + write)" "$bin" generate --spec "$specs/qovery/openapi.yaml" --out "$out/crate"
