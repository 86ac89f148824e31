#!/usr/bin/env bash
# Generation benchmark (issue 12): wall time, CPU time and peak memory of
# the release binary on the full Qovery document, median of N runs, and
# each step's ratio to the bare YAML parse measured in the same run.
#
# Steps: parse YAML only (the baseline, generator/examples/parse_yaml.rs),
# check (load + IR), a fresh generate (empty output directory) and a no-op
# generate (the same generation run a second time into the same directory;
# only the second run is timed). Not run by CI: timings on shared machines
# are too noisy to gate on.
#
# Usage: bash bench/run.sh [N]; BIN_DIR=dir takes `generator` and
# `parse_yaml` from dir instead of building (to time another build).
# Outputs go under $TMPDIR (mktemp): TMPDIR=/dev/shm keeps the disk out of
# the figures. On a disk where many files were deleted in the last minutes
# (another benchmark's clean-up, a cargo build), ext4 without a journal
# spends seconds of kernel time creating a fresh output's 2,000 files.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-5}
specs=${SPECS_DIR:-../shared/specs}
spec=$specs/qovery/openapi.yaml
if [[ -n ${BIN_DIR:-} ]]; then
  bin=$BIN_DIR/generator
  parse=$BIN_DIR/parse_yaml
else
  cargo build --release -q -p generator --bin generator --example parse_yaml
  target=${CARGO_TARGET_DIR:-target}
  bin=$target/release/generator
  parse=$target/release/examples/parse_yaml
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# The previous output is moved aside, not deleted: on ext4, creating files
# right after deleting thousands scans the recently freed inodes, which
# would time the benchmark's own clean-up (all is deleted at exit).
fresh() { [[ ! -d $out/crate ]] || mv "$out/crate" "$(mktemp -d -p "$out")"; }
# The untimed first generation of a no-op pair (skipped when the directory
# already holds the previous run's output).
primed() { [[ -d $out/crate ]] || "$bin" generate --spec "$spec" --out "$out/crate" >/dev/null 2>&1; }
none() { :; }

median() { sort -n | sed -n "$(( (n + 1) / 2 ))p"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "-" }'; }

base_wall=0 base_cpu=0
# measure LABEL PREPARE COMMAND...: PREPARE runs untimed before each run.
measure() {
  local label=$1 prepare=$2; shift 2
  local walls=() mems=() cpus=()
  for _ in $(seq "$n"); do
    "$prepare"
    /usr/bin/time -o "$out/time" -f "%e %M %U %S" "$@" >/dev/null 2>&1
    read -r wall mem user sys < <(tail -1 "$out/time")
    walls+=("$wall"); mems+=("$mem"); cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')")
  done
  local w c m
  w=$(printf '%s\n' "${walls[@]}" | median)
  c=$(printf '%s\n' "${cpus[@]}" | median)
  m=$(printf '%s\n' "${mems[@]}" | sort -n | tail -1)
  if [[ $base_wall == 0 ]]; then base_wall=$w base_cpu=$c; fi
  printf '| %s | %s s | %s | %s s | %s | %s MiB |\n' \
    "$label" "$w" "$(ratio "$w" "$base_wall")" "$c" "$(ratio "$c" "$base_cpu")" "$((m / 1024))"
}

echo "| step (qovery/openapi.yaml, N=$n) | median wall | wall / parse | median CPU (user+sys) | CPU / parse | peak RSS |"
echo "|---|---|---|---|---|---|"
measure "parse YAML only (baseline)" none "$parse" "$spec"
measure "check (load + IR)" none "$bin" check --spec "$spec"
measure "generate, fresh (empty output directory)" fresh "$bin" generate --spec "$spec" --out "$out/crate"
fresh
measure "generate, no-op (second run, same directory)" primed "$bin" generate --spec "$spec" --out "$out/crate"
