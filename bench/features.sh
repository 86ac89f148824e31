#!/usr/bin/env bash
# Per-tag features (issue 12, target 4): clean debug build time of the
# full Qovery client with its default features against one tag's feature.
#
# Usage: bash bench/features.sh [ROUNDS] [TAG...]
# (default 2 rounds, the last one counts; tags job-secret and clusters).
# By default the crate carries its copy of the runtime as a package of its
# own (`runtime/`), built once with the dependencies; RUNTIME=crate
# generates it against the runtime crate of this repository instead
# (`--runtime-path`). Either way, each measured build compiles the client
# alone.
# MODELS_ONLY=1 also builds each tag with its API module cut out, so only
# the models the tag reaches are compiled: the least any feature that
# enables the tag's operations can cost. The module, its re-export and
# its accessor on the client get `#[cfg(any())]` (never true) for that
# build; the file is restored after it.
# Not run in CI.
#
# The crate is the only member of a throwaway workspace with the
# repository's lock file; its dependencies are built once, then each
# measurement removes only the crate's own artifacts (`cargo clean -p`)
# and times `cargo build`, the builds of one round back to back.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-2}
shift || true
if [[ $# -gt 0 ]]; then tags=("$@"); else tags=(job-secret clusters); fi
specs=${SPECS_DIR:-../shared/specs}
root=$(pwd)
work=$root/target/bench-features
rm -rf "$work"
mkdir -p "$work"

echo "==> generating the full Qovery crate" >&2
runtime=()
if [[ ${RUNTIME:-vendored} == crate ]]; then runtime=(--runtime-path "$root/runtime"); fi
cargo run -q -p generator -- generate --spec "$specs/qovery/openapi.yaml" --out "$work/crate" "${runtime[@]}" >&2
printf '[workspace]\nresolver = "2"\nmembers = ["crate"]\n' >"$work/Cargo.toml"
cp Cargo.lock "$work/"
cd "$work"
export CARGO_TARGET_DIR=$work/target
echo "==> building the dependencies once" >&2
cargo build -q --offline --no-default-features

name=$(sed -n 's/^name = "\(.*\)"$/\1/p' crate/Cargo.toml | head -1)
# One measured build: ROUND FLAGS LABEL.
build() {
    cargo clean -q -p "$name"
    printf 'round %s [%s%s] load %s: ' "$1" "${2:-default}" "$3" "$(cut -d' ' -f1 /proc/loadavg)"
    # shellcheck disable=SC2086 # the flags are words
    /usr/bin/time -f '%e s %M KB' cargo build -q --offline $2 2>&1 | tail -1
}
for round in $(seq 1 "$rounds"); do
    sets=("")
    for t in "${tags[@]}"; do sets+=("--no-default-features --features $t"); done
    for flags in "${sets[@]}"; do
        build "$round" "$flags" ""
        if [[ -n ${MODELS_ONLY:-} && -n $flags ]]; then
            tag=${flags##* }
            cp crate/src/apis/mod.rs "$work/apis-mod.rs"
            perl -0pi -e 's/#\[cfg\(feature = "\Q'"$tag"'\E"\)\](\s*(?:#\[inline\]\s*)?pub (?:mod|use|fn) )/#[cfg(any())]$1/g' crate/src/apis/mod.rs
            cut=$(grep -c '^ *#\[cfg(any())\]$' crate/src/apis/mod.rs || true)
            [[ $cut == 3 ]] || { echo "cut $cut items of \`$tag\` from apis/mod.rs, expected 3" >&2; exit 1; }
            build "$round" "$flags" ", models only"
            cp "$work/apis-mod.rs" crate/src/apis/mod.rs
        fi
    done
done
