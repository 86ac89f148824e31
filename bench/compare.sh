#!/usr/bin/env bash
# Compile cost of the generated full Qovery client, side by side with
# OpenAPI Generator 7.20's `rust` output (reqwest library), in one run.
#
# Usage: bash bench/compare.sh [BEFORE_COMMIT]
#   With BEFORE_COMMIT, our generator at that commit is a third column, so
#   one run shows before and after. Not run in CI (about 15 minutes on the
#   2-core machine; 25 with a BEFORE_COMMIT).
#
# OpenAPI Generator comes from PyPI (`openapi-generator-cli==7.20.0`, a
# wrapper around the jar) and runs on the machine's Java.
#
# Every crate is a member of one throwaway workspace under target/ with one
# target directory, so all share the same prebuilt dependencies (each at
# the version its manifest asks for). For each crate, one after the other,
# a round measures:
#   clean build   `cargo clean -p` of the crate alone, then `cargo build -p`
#   ... with its carried runtime
#                 the same, cleaning also the runtime package a crate
#                 generated without a runtime dependency carries in
#                 `runtime/` (equal to the above for the other crates)
#   touch rebuild `touch src/lib.rs`, then `cargo build -p`
#   cargo check   `touch src/lib.rs`, then `cargo check -p`; the clean above
#                 removed the crate's check artifacts, so this is a clean check
#   rlib          size of the crate's debug rlib
#   peak memory   maximum resident set of the two clean builds (GNU time %M:
#                 the largest process, which is rustc)
#   with mock     for our crate alone: a clean build with `--features mock`
#                 (the typed mock server, off in every other row)
# Two rounds; the second counts (the first also builds the dependencies).
set -euo pipefail
cd "$(dirname "$0")/.."
before=${1:-}
specs=${SPECS_DIR:-../shared/specs}
spec=$(realpath "$specs/qovery/openapi.yaml")
root=$(pwd)
work=$root/target/bench-compare
ws=$work/ws
# The target directory (prebuilt dependencies) and the lock file survive
# from one run to the next; the crates are generated anew.
rm -rf "$ws/ours" "$ws/oag" "$ws/before"
mkdir -p "$ws"

command -v java >/dev/null || { echo "error: OpenAPI Generator needs java on PATH" >&2; exit 1; }
if ! command -v openapi-generator-cli >/dev/null; then
  echo "==> installing openapi-generator-cli==7.20.0 from PyPI" >&2
  python3 -m pip install --quiet openapi-generator-cli==7.20.0
fi

echo "==> generating (release generator; OpenAPI Generator 7.20)" >&2
cargo build -q --release -p generator
/usr/bin/time -o "$ws/gen-time" -f %e target/release/generator generate --spec "$spec" --out "$ws/ours" \
  --crate-name qovery-ours >/dev/null 2>&1
gen_ours=$(tail -1 "$ws/gen-time")
/usr/bin/time -o "$ws/gen-time" -f %e openapi-generator-cli generate -g rust --library reqwest -i "$spec" -o "$ws/oag" \
  --additional-properties=packageName=qovery-oag >/dev/null 2>&1
gen_oag=$(tail -1 "$ws/gen-time")
crates=(ours oag)
names=(qovery-ours qovery-oag)
if [[ -n $before ]]; then
  echo "==> building our generator at $before" >&2
  git worktree add -f -q --detach "$work/before-src" "$before"
  trap 'git -C "$root" worktree remove --force "$work/before-src" >/dev/null 2>&1 || true' EXIT
  CARGO_TARGET_DIR=$work/before-target cargo build -q --release -p generator \
    --manifest-path "$work/before-src/Cargo.toml"
  "$work/before-target/release/generator" generate --spec "$spec" --out "$ws/before" \
    --crate-name qovery-before >/dev/null 2>&1
  crates=(before ours oag)
  names=(qovery-before qovery-ours qovery-oag)
fi
# The generated manifests carry no [workspace]; the members list joins them.
members=$(printf '"%s", ' "${crates[@]}")
cat >"$ws/Cargo.toml" <<EOF
[workspace]
resolver = "2"
members = [${members%, }]
EOF
export CARGO_TARGET_DIR=$ws/target

timed() { # prints "seconds peak_kb" of the command
  /usr/bin/time -o "$ws/time" -f "%e %M" "$@" >/dev/null 2>&1 || { cat "$ws/time" >&2; return 1; }
  tail -1 "$ws/time"
}

declare -A clean cleanrt touch check rlib mem lines
mock_clean=
for round in 1 2; do
  echo "==> round $round" >&2
  for i in "${!crates[@]}"; do
    c=${crates[$i]} n=${names[$i]}
    (cd "$ws" && cargo build -q -p "$n" >/dev/null 2>&1) # deps, first round only
    (cd "$ws" && cargo clean -q -p "$n")
    read -r t m < <(cd "$ws" && timed cargo build -p "$n")
    clean[$c]=$t mem[$c]=$m
    # A crate that carries the runtime as a package of its own: the same
    # build with that package cleaned too, so the runtime's share is seen.
    runtime_pkg=()
    if [[ -f $ws/$c/runtime/Cargo.toml ]]; then runtime_pkg=(-p "$n-runtime"); fi
    (cd "$ws" && cargo clean -q -p "$n" "${runtime_pkg[@]}")
    read -r t m < <(cd "$ws" && timed cargo build -p "$n")
    cleanrt[$c]=$t
    if ((m > mem[$c])); then mem[$c]=$m; fi
    touch "$ws/$c/src/lib.rs"
    read -r t _ < <(cd "$ws" && timed cargo build -p "$n")
    touch[$c]=$t
    touch "$ws/$c/src/lib.rs"
    read -r t _ < <(cd "$ws" && timed cargo check -p "$n")
    check[$c]=$t
    lib=${n//-/_}
    rlib[$c]=$(stat -c %s "$CARGO_TARGET_DIR"/debug/deps/lib"$lib"-*.rlib | sort -n | tail -1)
    lines[$c]=$(find "$ws/$c" -path "$ws/$c/target" -prune -o -name '*.rs' -print0 | xargs -0 cat | wc -l)
    if [[ $c == ours ]]; then
      (cd "$ws" && cargo clean -q -p "$n")
      read -r mock_clean _ < <(cd "$ws" && timed cargo build -p "$n" --features mock)
    fi
    echo "    $c: clean ${clean[$c]} s (${cleanrt[$c]} s with the runtime), touch ${touch[$c]} s, check ${check[$c]} s" >&2
  done
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.0f MB", b / 1e6 }'; }
gb() { awk -v k="$1" 'BEGIN { printf "%.2f GB", k / 1048576 }'; }
row() { # label, then one value per crate, then the ours/oag ratio
  local label=$1 key=$2 fmt=$3
  local -n arr=$key
  printf '| %s |' "$label"
  for c in "${crates[@]}"; do printf ' %s |' "$($fmt "${arr[$c]}")"; done
  printf ' %s |\n' "$(ratio "${arr[ours]}" "${arr[oag]}")"
}
secs() { printf '%s s' "$1"; }
plain() { printf '%s' "$1"; }
echo
printf '| |'; for c in "${crates[@]}"; do printf ' %s |' "$c"; done; echo ' ours / oag |'
printf '|---|'; for _ in "${crates[@]}"; do printf -- '---|'; done; echo '---|'
row "lines of Rust" lines plain
row "clean build of the crate" clean secs
row "clean build of the crate and its carried runtime" cleanrt secs
row "rebuild after touching src/lib.rs" touch secs
row "cargo check after a touch (clean check)" check secs
row "rlib" rlib mb
row "peak memory, clean build" mem gb
echo
echo "clean build of ours with --features mock: ${mock_clean} s"
echo "generation: ours ${gen_ours} s, OpenAPI Generator ${gen_oag} s"
echo "rustc $(rustc --version | cut -d' ' -f2), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
