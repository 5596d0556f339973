#!/usr/bin/env python3
"""A CMS's pre-publication check against `baomi serve` (standard library only).

    cms-gate.py URL FILE... [--unit 区民政局] [--token-file F]

POSTs each file to URL/v1/scan and prints the verdict with the findings (masked). Exit
codes follow baomi's: 0 pass, 1 block, 3 a file could not be read (never publish it),
2 the service could not be asked (do not publish either: fail closed).
"""
import argparse
import json
import sys
import urllib.error
import urllib.parse
import urllib.request


def scan(base, path, unit, token):
    query = {"filename": path.rsplit("/", 1)[-1]}
    if unit:
        query["unit"] = unit
    url = base.rstrip("/") + "/v1/scan?" + urllib.parse.urlencode(query)
    with open(path, "rb") as f:
        body = f.read()
    request = urllib.request.Request(url, data=body, method="POST")
    request.add_header("Content-Type", "application/octet-stream")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.load(response)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("files", nargs="+")
    parser.add_argument("--unit")
    parser.add_argument("--token-file")
    args = parser.parse_args()
    token = None
    if args.token_file:
        with open(args.token_file, encoding="utf-8") as f:
            token = f.read().strip()
    codes = set()
    for path in args.files:
        try:
            result = scan(args.url, path, args.unit, token)
        except (urllib.error.URLError, OSError, ValueError) as e:
            print(f"{path}: cannot ask baomi ({e}); not published", file=sys.stderr)
            return 2
        verdict = result["verdict"]
        print(f"{path}: {verdict} ({len(result['findings'])} findings, threshold {result['fail_on']})")
        for f in result["findings"]:
            if f["severity"] != "info":
                print(f"  {f['severity']:<8} {f['kind']:<20} {f['text']}  {json.dumps(f['location'], ensure_ascii=False)}")
        for e in result["errors"]:
            print(f"  cannot scan {e['path']}: {e['error']}")
        codes.add({"pass": 0, "block": 1}.get(verdict, 3))
    # block (1) outranks error (3), which outranks pass (0): the order of `baomi scan`.
    return 1 if 1 in codes else 3 if 3 in codes else 0


if __name__ == "__main__":
    sys.exit(main())
