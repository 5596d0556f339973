#!/bin/sh
# How throughput scales with shards on one machine (BENCHMARKS.md "Shards"): the corpus
# scanned as 1 run with --jobs 1 (one core, for reference) and with --jobs 2, as 2 concurrent shards with --jobs 1 each, and as 4
# concurrent shards with --jobs 1 (oversubscribed on 2 cores); then the merge of the
# 2 shards' reports (JSON Lines, and HTML + XLSX as the Kubernetes merge Job writes).
#
#   cargo run --release --example gen_corpus -- /tmp/shard-bench 20000 10 10000
#   cargo build --release
#   scripts/bench-shards.sh /tmp/shard-bench/docs [ROUNDS]
#
# Prints one line per run: wall seconds and MB/s (10^6 bytes of input per second).
set -eu
DOCS=${1:?usage: bench-shards.sh DOCS_DIR [ROUNDS]}
ROUNDS=${2:-3}
BIN=${BIN:-target/release/baomi}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
BYTES=$(find "$DOCS" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
echo "corpus: $DOCS, $BYTES bytes, $(find "$DOCS" -type f | wc -l) files"

now() { date +%s.%N; }
rate() { awk -v b="$BYTES" -v s="$1" -v e="$2" 'BEGIN {printf "%.2f s, %.0f MB/s", e - s, b / (e - s) / 1e6}'; }

# shards N JOBS: N concurrent runs of `scan --shard I/N --jobs JOBS` (N = 1: no --shard).
shards() {
    n=$1 jobs=$2 start=$(now) i=0
    while [ "$i" -lt "$n" ]; do
        if [ "$n" -eq 1 ]; then shard=""; else shard="--shard $i/$n"; fi
        # Exit 1 (findings) is the expected outcome; only the report matters here.
        # shellcheck disable=SC2086
        "$BIN" scan "$DOCS" $shard --jobs "$jobs" --format jsonl -o "$OUT/$n-$i.jsonl" || true &
        i=$((i + 1))
    done
    wait
    echo "$n shard(s) x --jobs $jobs: $(rate "$start" "$(now)")"
}

for round in $(seq "$ROUNDS"); do
    echo "round $round"
    shards 1 1
    shards 1 2
    shards 2 1
    shards 4 1
done

for n in 2 4; do
    set -- "$OUT/$n"-*.jsonl
    /usr/bin/time -f "merge of $n shards -> jsonl: %e s, peak RSS %M KB" \
        "$BIN" merge "$@" -o "$OUT/merged-$n.jsonl" || true
done
/usr/bin/time -f "merge of 2 shards -> html + xlsx: %e s, peak RSS %M KB" \
    "$BIN" merge "$OUT"/2-*.jsonl -o "$OUT/report.html" -o "$OUT/report.xlsx" || true
ls -l "$OUT"/1-0.jsonl "$OUT"/report.html "$OUT"/report.xlsx | awk '{print $5, $9}'
# The merge equals the unsharded run (elapsed_ms aside).
a=$(sed '$d' "$OUT/1-0.jsonl" | sha256sum) b=$(sed '$d' "$OUT/merged-2.jsonl" | sha256sum)
c=$(sed '$d' "$OUT/merged-4.jsonl" | sha256sum)
if [ "$a" = "$b" ] && [ "$a" = "$c" ]; then
    echo "merged findings and error records identical to the unsharded run"
else
    echo "MERGED REPORTS DIFFER from the unsharded run" >&2
    exit 1
fi
