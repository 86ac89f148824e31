#!/usr/bin/env bash
# Peak memory of a download through the streaming form of a call against
# the buffered one (issue 21's target: 1 GiB streamed under 64 MiB peak
# RSS). Both read from a local server in the same process; the figures are
# the process's VmHWM. Usage: bash bench/stream_download.sh [MiB streamed] [MiB buffered]
set -euo pipefail
cd "$(dirname "$0")/.."
streamed=${1:-1024}
buffered=${2:-256}
cargo build --quiet --release -p openapi-rust-runtime --example download_rss
bin="${CARGO_TARGET_DIR:-target}/release/examples/download_rss"
echo "machine: $(nproc) cores, $(grep MemTotal /proc/meminfo | awk '{print $2/1024/1024 " GiB"}'), load $(cut -d' ' -f1 /proc/loadavg)"
"$bin" "$streamed" stream
"$bin" "$buffered" buffered
