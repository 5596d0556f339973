#!/usr/bin/env python3
"""Checks deploy/k8s/audit-indexed-job.yaml: it parses, and its two Jobs agree.

    python3 scripts/check-k8s.py [MANIFEST]

Needs PyYAML (`pip install pyyaml`, in a venv if the system Python is managed). Checks the
Indexed Job's `completions` equals its SHARDS, the shard command writes what the merge
reads, both use one image, and every embedded shell script passes `sh -n`. Run by the
`shards` integration tests when Python has PyYAML. Exit 0: valid; 1: a problem (printed).
"""

import pathlib
import subprocess
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "deploy" / "k8s" / "audit-indexed-job.yaml"


def fail(message):
    print(f"check-k8s: {message}", file=sys.stderr)
    sys.exit(1)


def container(job):
    containers = job["spec"]["template"]["spec"]["containers"]
    if len(containers) != 1:
        fail(f"{job['metadata']['name']}: expected one container")
    return containers[0]


def script(c):
    if c.get("command") != ["sh", "-c"] or len(c.get("args", [])) != 1:
        fail(f"{c['name']}: expected command sh -c with one script")
    text = c["args"][0]
    check = subprocess.run(["sh", "-n"], input=text, text=True, capture_output=True)
    if check.returncode != 0:
        fail(f"{c['name']}: shell syntax: {check.stderr.strip()}")
    return text


def main():
    path = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    docs = [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]
    jobs = {d["metadata"]["name"]: d for d in docs if d.get("kind") == "Job"}
    shards, merge = jobs.get("baomi-audit-shards"), jobs.get("baomi-audit-merge")
    if not shards or not merge or len(docs) != 2:
        fail("expected exactly the Jobs baomi-audit-shards and baomi-audit-merge")

    spec = shards["spec"]
    if spec.get("completionMode") != "Indexed":
        fail("the shard Job must be completionMode: Indexed")
    completions, parallelism = spec["completions"], spec["parallelism"]
    if not 1 <= parallelism <= completions:
        fail(f"parallelism {parallelism} must be within 1..completions ({completions})")
    scan = container(shards)
    env = {e["name"]: e.get("value") for e in scan.get("env", [])}
    if env.get("SHARDS") != str(completions):
        fail(f"SHARDS ({env.get('SHARDS')}) must equal completions ({completions})")
    scan_sh = script(scan)
    for needed in ['--shard "$JOB_COMPLETION_INDEX/$SHARDS"', "--format jsonl",
                   'out="/out/shard-$JOB_COMPLETION_INDEX.jsonl"']:
        if needed not in scan_sh:
            fail(f"the scan script lacks {needed}")
    if scan["resources"]["requests"]["cpu"] != "2":
        fail("the scan requests 2 CPUs (it runs --jobs 2)")

    m = container(merge)
    merge_sh = script(m)
    if "baomi merge /out/shard-*.jsonl" not in merge_sh:
        fail("the merge must read /out/shard-*.jsonl")
    for fmt in ("html", "xlsx"):
        if f"--format {fmt}" not in merge_sh:
            fail(f"the merge writes no {fmt} report")
    if scan["image"] != m["image"]:
        fail("both Jobs must run the same image")
    for job in (shards, merge):
        pod = job["spec"]["template"]["spec"]
        if pod.get("restartPolicy") != "Never":
            fail(f"{job['metadata']['name']}: podFailurePolicy needs restartPolicy: Never")
    print(f"check-k8s: {path.name}: {completions} shards, {parallelism} at a time: ok")


if __name__ == "__main__":
    main()
