#!/usr/bin/env bash
# Makes tests/fixtures/warc/: a tiny site served on 127.0.0.1, archived by tools we did
# not write, so the WARC reader is tested on what real crawlers produce.
#
#   site.warc.gz     GNU Wget: wget --warc-file=site -r -l 2 --compression=auto
#   warcio.warc.gz   warcio's capture_http (Python), when warcio can be installed into a
#                    venv under /tmp (skipped otherwise)
#
# The site: a UTF-8 page with an ID number, a GBK page declared by <meta charset="gbk">
# with a mobile number, a .docx attachment (corpora/demo/专题会议纪要.docx: tracked change
# and comment), a .txt with 机密★5年, a page sent chunked and gzip-encoded as GB18030
# declared only in the HTTP Content-Type, a link to a missing page (404) and a directory
# link without its slash (301). Values are the checksum-valid samples of tests/common.rs.
#
# Usage: scripts/make-warc-fixture.sh   (needs python3 and wget; PORT=18080 by default:
# the URLs in the archives, and so the tests, use this port)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
out="$repo/tests/fixtures/warc"
port=${PORT:-18080}
work=$(mktemp -d /tmp/baomi-warc.XXXXXX)
server=
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

command -v wget >/dev/null || { echo "wget is needed (apt-get install -y wget)" >&2; exit 1; }

site="$work/site"
mkdir -p "$site/files" "$site/sub"
cp "$repo/corpora/demo/专题会议纪要.docx" "$site/files/专题会议纪要.docx"

cat >"$site/index.html" <<'EOF'
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>某区民政局 政务公开</title></head>
<body>
<h1>2024年临时救助公示</h1>
<p>申请人张某，身份证号：430102196209278907，经审核符合条件。</p>
<ul>
<li><a href="gbk.html">低保复核名单（旧系统页面）</a></li>
<li><a href="files/%E4%B8%93%E9%A2%98%E4%BC%9A%E8%AE%AE%E7%BA%AA%E8%A6%81.docx">专题会议纪要</a></li>
<li><a href="notice.txt">通报</a></li>
<li><a href="news/chunked.html">动态</a></li>
<li><a href="missing.html">已撤下的页面</a></li>
<li><a href="sub">栏目</a></li>
</ul>
</body></html>
EOF

python3 - "$site/gbk.html" <<'EOF'
import sys
page = """<html><head><meta charset="gbk"><title>低保复核</title></head>
<body><p>经办人联系电话：13971689962，请于工作日咨询。</p></body></html>
"""
open(sys.argv[1], "wb").write(page.encode("gbk"))
EOF

printf '机密★5年\n关于全市重点项目推进情况的通报\n' >"$site/notice.txt"

cat >"$site/sub/index.html" <<'EOF'
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>栏目</title></head>
<body><p>本栏目暂无内容。</p></body></html>
EOF

# The server: files from the site directory, plus /news/chunked.html sent with
# Transfer-Encoding: chunked and (when asked for) Content-Encoding: gzip, in GB18030 with
# the charset only in the HTTP header.
cat >"$work/serve.py" <<'EOF'
import gzip, http.server, sys, functools

CHUNKED = ("<html><head><title>动态</title></head><body>"
           "<p>收款人银行卡号：6222021234567890128，联系人王某。</p>"
           "<p>本页内容经审核后发布。</p></body></html>").encode("gb18030")

class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path != "/news/chunked.html":
            return super().do_GET()
        body = CHUNKED
        gz = "gzip" in self.headers.get("Accept-Encoding", "")
        if gz:
            body = gzip.compress(body, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=GB18030")
        self.send_header("Transfer-Encoding", "chunked")
        if gz:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        for i in range(0, len(body), 40):
            piece = body[i:i + 40]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
        self.wfile.write(b"0\r\n\r\n")

    def log_message(self, *args):
        pass

handler = functools.partial(Handler, directory=sys.argv[2])
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), handler).serve_forever()
EOF

python3 "$work/serve.py" "$port" "$site" &
server=$!
for _ in $(seq 50); do
    if python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null; then
        break
    fi
    sleep 0.1
done

mkdir -p "$out" "$work/wget"
(
    cd "$work/wget"
    # wget exits 8 when a link is broken (the 404 is deliberate).
    wget --warc-file=site -r -l 2 --compression=auto --no-verbose \
        "http://127.0.0.1:$port/" || [ $? -eq 8 ]
)
cp "$work/wget/site.warc.gz" "$out/site.warc.gz"
wget_version=$(wget --version | head -1)

warcio_version="not made (warcio could not be installed)"
if python3 -m venv "$work/venv" >/dev/null 2>&1 &&
    "$work/venv/bin/pip" install --quiet warcio >/dev/null 2>&1; then
    "$work/venv/bin/python" - "$port" "$out/warcio.warc.gz" <<'EOF'
import sys, urllib.request, urllib.error
from warcio.capture_http import capture_http

base = "http://127.0.0.1:%s/" % sys.argv[1]
paths = ["", "gbk.html", "files/%E4%B8%93%E9%A2%98%E4%BC%9A%E8%AE%AE%E7%BA%AA%E8%A6%81.docx",
         "notice.txt", "news/chunked.html", "missing.html"]
with capture_http(sys.argv[2]):
    for p in paths:
        req = urllib.request.Request(base + p, headers={"Accept-Encoding": "gzip"})
        try:
            urllib.request.urlopen(req).read()
        except urllib.error.HTTPError as e:
            e.read()
EOF
    warcio_version="warcio $("$work/venv/bin/python" -c 'import importlib.metadata as m; print(m.version("warcio"))') on Python $(python3 -c 'import platform; print(platform.python_version())')"
fi

cat >"$out/README.md" <<EOF
# WARC fixtures

Made by \`scripts/make-warc-fixture.sh\` (a tiny site served on 127.0.0.1:$port; see the
script for its pages). Not regenerated by the tests: they read these files as written.

- \`site.warc.gz\`: $wget_version, \`wget --warc-file=site -r -l 2 --compression=auto --no-verbose http://127.0.0.1:$port/\`
- \`warcio.warc.gz\`: $warcio_version, \`capture_http\` around urllib requests of six URLs
EOF
ls -l "$out"
