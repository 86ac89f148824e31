#!/usr/bin/env bash
# Generation benchmark (issue 12): wall time, CPU time and peak memory of
# the release binary on the full Qovery document, median of N rounds, and
# each step's ratio to the bare YAML parse measured in the same rounds.
# Each round runs every step once (interleaved); wall time is read to the
# microsecond.
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

# The steps, in the order each round runs them. The rounds interleave the
# steps, so a change in the machine's load during the run weighs on every
# step alike instead of on whichever ran then; the no-op step follows the
# fresh one, so it regenerates what that one wrote.
labels=("parse YAML only (baseline)" "check (load + IR)" "generate, fresh (empty output directory)"
  "generate, no-op (second run, same directory)")
preps=(none none fresh primed)
command_of() {
  case $1 in
    0) cmd=("$parse" "$spec") ;;
    1) cmd=("$bin" check --spec "$spec") ;;
    *) cmd=("$bin" generate --spec "$spec" --out "$out/crate") ;;
  esac
}

# Wall time comes from bash's microsecond clock around the bare run (GNU
# time prints only hundredths, coarse against a 0.05 s baseline, and its
# own start-up would be timed too); CPU time from bash's `times` (the
# children's user and system time, before and after). Peak RSS is taken
# by GNU time in one more run of each step after the rounds.
# `times` runs in this shell (a command substitution would be a subshell,
# whose children are not these), into a file.
children_cpu() { times >"$out/times"; }
# The children's user + system seconds that `children_cpu` saved.
children_cpu_read() {
  tail -1 "$out/times" | awk '{ split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%.3f", u[1] * 60 + u[2] + s[1] * 60 + s[2] }'
}
declare -a walls cpus mems
for _ in $(seq "$n"); do
  for i in "${!labels[@]}"; do
    "${preps[$i]}"
    command_of "$i"
    children_cpu
    cpu0=$(children_cpu_read)
    start=$EPOCHREALTIME
    "${cmd[@]}" >/dev/null 2>&1
    end=$EPOCHREALTIME
    children_cpu
    cpu1=$(children_cpu_read)
    walls[i]+="$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }') "
    cpus[i]+="$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { printf "%.3f", b - a }') "
  done
done
for i in "${!labels[@]}"; do
  "${preps[$i]}"
  command_of "$i"
  /usr/bin/time -o "$out/time" -f "%M" "${cmd[@]}" >/dev/null 2>&1
  mems[i]=$(tail -1 "$out/time")
done

echo "| step (qovery/openapi.yaml, N=$n, interleaved) | median wall | wall / parse | median CPU (user+sys) | CPU / parse | peak RSS (one run) |"
echo "|---|---|---|---|---|---|"
base_wall=0 base_cpu=0
for i in "${!labels[@]}"; do
  w=$(tr ' ' '\n' <<<"${walls[i]}" | grep . | median)
  c=$(tr ' ' '\n' <<<"${cpus[i]}" | grep . | median)
  m=${mems[i]}
  if [[ $i == 0 ]]; then base_wall=$w base_cpu=$c; fi
  printf '| %s | %s s | %s | %s s | %s | %s MiB |\n' \
    "${labels[i]}" "$w" "$(ratio "$w" "$base_wall")" "$c" "$(ratio "$c" "$base_cpu")" "$((m / 1024))"
done
