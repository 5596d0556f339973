#!/usr/bin/env bash
# Load benchmark of `baomi serve` (BENCHMARKS.md "HTTP gate"): a generated 50 KB notice
# docx POSTed to /v1/scan by wrk (Debian package `wrk`) at several connection counts.
# Usage: scripts/bench-serve.sh [SECONDS=20] [CONNECTIONS="1 4 16"]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
connections=${2:-"1 4 16"}
command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 2; }
cargo build --release --quiet --example gen_docx
cargo build --release --quiet
mkdir -p target/bench
body=target/bench/notice.docx
cargo run --release --quiet --example gen_docx -- "$body" 50
out=target/bench/serve.out
./target/release/baomi serve --listen 127.0.0.1:0 --quiet --queue 1024 >"$out" 2>target/bench/serve.err &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q listening "$out" 2>/dev/null && break; sleep 0.1; done
addr=$(sed -n 's|.*http://\([^/]*\)/.*|\1|p' "$out")
url="http://$addr/v1/scan?filename=notice.docx"
curl -s -X POST --data-binary @"$body" "$url" | head -c 200 || true; echo
for c in $connections; do
  echo "== $c connection(s), ${seconds}s"
  BODY_FILE="$body" wrk -t "$(( c < 2 ? 1 : 2 ))" -c "$c" -d "${seconds}s" --latency \
    -s scripts/wrk-post-file.lua "$url"
done
