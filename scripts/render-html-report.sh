#!/usr/bin/env bash
# Builds the demo HTML report (`baomi scan --format html`) and screenshots it in headless
# Chromium, to look at what reviewers get.
#
#   scripts/render-html-report.sh [OUT_DIR]          # default OUT_DIR: target/html-report
#   LARGE=185 scripts/render-html-report.sh          # also a large run: corpora/demo copied
#                                                    # 185 times (~20,000 findings); prints
#                                                    # its size and Chromium's timings
#
# Writes OUT_DIR/demo.html and demo.png: corpora/demo (unit 区民政局) plus one broken
# 附件3.docx, so the page shows every section (verdict, 无法审查的文件, charts, units,
# files, findings, rules). With LARGE: large.html, large.png and large-timing.txt (load to
# first layout, a kind filter, the first text search, a sort: measured in the page by a
# probe script appended to a copy).
#
# Needs cargo and Chromium: `apt-get install -y chromium fonts-noto-cjk` on Debian (the CJK
# font only for the screenshot; the report names the fonts Windows/WPS machines have).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/html-report}
mkdir -p "$out"
out=$(cd "$out" && pwd)
chrome=${CHROMIUM:-chromium}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet
baomi=$PWD/target/release/baomi

headless() {
    "$chrome" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$(mktemp -d -p "$work")" "$@" 2>/dev/null
}

mkdir -p "$work/broken"
printf 'PK\003\004 not really a docx' > "$work/broken/附件3.docx"
status=0
"$baomi" scan corpora/demo "$work/broken" --unit 区民政局 --format html -o "$out/demo.html" || status=$?
echo "demo.html: exit $status, $(wc -c < "$out/demo.html") bytes"
headless --screenshot="$out/demo.png" --window-size=1400,2000 "file://$out/demo.html" >/dev/null
echo "screenshot: $out/demo.png"

if [ -n "${LARGE:-}" ]; then
    for i in $(seq 1 "$LARGE"); do
        mkdir -p "$work/large/批次$i"
        cp corpora/demo/* "$work/large/批次$i/"
    done
    start=$(date +%s%N)
    "$baomi" scan "$work/large" --unit 区民政局 --format html -o "$out/large.html" || true
    took=$((($(date +%s%N) - start) / 1000000))
    rows=$(grep -o '<tr id="r' "$out/large.html" | wc -l)
    echo "large.html: $rows findings, $(wc -c < "$out/large.html") bytes, written in ${took} ms (scan included)"
    # The probe times, inside the page: parse to first layout, a kind filter, a sort.
    sed 's#</body>##' "$out/large.html" > "$work/probe.html"
    cat >> "$work/probe.html" <<'PROBE'
<script>
window.addEventListener("load", function () {
  document.body.offsetHeight;
  var loaded = performance.now();
  var k = document.getElementById("f-kind"); k.value = "id_card";
  var f0 = performance.now(); k.dispatchEvent(new Event("change")); document.body.offsetHeight;
  var filtered = performance.now() - f0;
  k.value = "";
  var t = document.getElementById("f-text"); t.value = "低保";
  var q0 = performance.now(); k.dispatchEvent(new Event("change")); document.body.offsetHeight;
  var searched = performance.now() - q0;
  t.value = ""; k.dispatchEvent(new Event("change"));
  var s0 = performance.now(); document.querySelectorAll("#findings thead th")[2].click(); document.body.offsetHeight;
  var sorted = performance.now() - s0;
  var p = document.createElement("pre"); p.id = "timing";
  p.textContent = "load+layout " + Math.round(loaded) + " ms; filter by kind " + Math.round(filtered) +
    " ms; first text search " + Math.round(searched) + " ms; sort by file " + Math.round(sorted) + " ms";
  document.body.appendChild(p);
});
</script></body>
PROBE
    headless --virtual-time-budget=60000 --dump-dom "file://$work/probe.html" \
        | sed -n 's#.*<pre id="timing">\(.*\)</pre>.*#\1#p' | tee "$out/large-timing.txt"
    headless --screenshot="$out/large.png" --window-size=1400,2000 "file://$out/large.html" >/dev/null
    echo "screenshot: $out/large.png"
fi
