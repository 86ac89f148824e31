#!/usr/bin/env bash
# What moving the runtime out of generated crates changed for the full
# Qovery client: lines of Rust and clean build time of the crate, before
# (a generator at an older commit, runtime copied into every crate) and
# after (this checkout: runtime as a dependency, and carried in the crate).
# The carried runtime is now a package of its own in the crate's
# `runtime/`, prebuilt with the other dependencies, so "carried" measures
# the client alone, like "dependency"; BENCHMARKS.md keeps the figures of
# the module layout it measured then.
#
# Usage: bash bench/runtime-split.sh [BEFORE_COMMIT] [ROUNDS]
# (default f095108, the last commit before the runtime crate; 2 rounds,
# the last one counts). Not run in CI.
#
# All crates are members of one throwaway workspace with one target
# directory, so they share the same prebuilt dependencies. Each round
# removes only the measured crate's own artifacts (`cargo clean -p`) and
# times `cargo build -p` of it, one crate after the other.
set -euo pipefail
cd "$(dirname "$0")/.."
before=${1:-f095108}
rounds=${2:-2}
specs=${SPECS_DIR:-../shared/specs}
root=$(pwd)
work=$root/target/bench-runtime-split
rm -rf "$work"
mkdir -p "$work"

echo "==> building the generator at $before and at HEAD (release)" >&2
git worktree add -f -q --detach "$work/before-src" "$before"
trap 'git -C "$root" worktree remove --force "$work/before-src" >/dev/null 2>&1 || true' EXIT
CARGO_TARGET_DIR=$work/before-target cargo build -q --release -p generator --manifest-path "$work/before-src/Cargo.toml"
cargo build -q --release -p generator
old_bin=$work/before-target/release/generator
new_bin=$root/target/release/generator

ws=$work/ws
mkdir -p "$ws"
"$old_bin" generate --spec "$specs/qovery/openapi.yaml" --out "$ws/before" --crate-name qovery-before >/dev/null 2>&1
"$new_bin" generate --spec "$specs/qovery/openapi.yaml" --out "$ws/after-dep" --crate-name qovery-after-dep \
  --runtime-path "$root/runtime" >/dev/null 2>&1
"$new_bin" generate --spec "$specs/qovery/openapi.yaml" --out "$ws/after-vendored" --crate-name qovery-after-vendored \
  >/dev/null 2>&1
cat >"$ws/Cargo.toml" <<EOF
[workspace]
resolver = "2"
members = ["before", "after-dep", "after-vendored"]
EOF
export CARGO_TARGET_DIR=$ws/target

lines() { find "$1/src" -name '*.rs' -print0 | xargs -0 cat | wc -l; }

echo "==> prebuilding dependencies (a first full build of every crate)" >&2
(cd "$ws" && cargo build -q --workspace 2>/dev/null)

declare -A secs
for round in $(seq "$rounds"); do
  for crate in before after-dep after-vendored; do
    pkg=qovery-$crate
    (cd "$ws" && cargo clean -q -p "$pkg")
    start=$(date +%s.%N)
    (cd "$ws" && cargo build -q -p "$pkg")
    secs[$crate]=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
    echo "round $round: $pkg ${secs[$crate]} s" >&2
  done
done

echo "| full Qovery client | lines of Rust in the crate | clean build of the crate (deps prebuilt) |"
echo "|---|---|---|"
echo "| before ($before): runtime rendered into the crate | $(lines "$ws/before") | ${secs[before]} s |"
echo "| after: runtime crate as a dependency (prebuilt) | $(lines "$ws/after-dep") | ${secs[after-dep]} s |"
echo "| after: runtime carried in the crate (default of \`generate --out\`) | $(lines "$ws/after-vendored") | ${secs[after-vendored]} s |"
echo "runtime crate itself: $(cat runtime/src/*.rs | wc -l) lines" >&2
