#!/usr/bin/env python3
"""Small 7z and encrypted-zip fixtures for tests/fmt_package.rs (zip and OFD fixtures are
built in the tests themselves with zip::ZipWriter).

Made with: `pip install py7zr` (py7zr 1.1.4) and Info-ZIP `zip` 3.0 (apt `zip`), then
`python3 scripts/gen_package_fixtures.py` from the repository root. Outputs, in
tests/fixtures/formats/package/:

- id.7z: LZMA2 7z with 名单/id.txt (身份证号 11010519491231002X, 手机 13800138000) and an
  empty directory entry;
- encrypted_header.7z: AES-256 with encrypted headers (password "baomi"): not even the
  names can be read;
- encrypted_content.7z: AES-256 content, plain headers (password "baomi"): names visible,
  content not;
- bomb.7z: one solid LZMA2 block with ok.txt (the ID text), zeros.bin (200 MiB of zeros,
  about 30 KiB packed) and after.txt: the bomb must be a limit error, ok.txt still read;
- zipcrypto.zip: plain.txt (手机 13912345678) and secret.txt encrypted with ZipCrypto
  (`zip -P baomi`).

The values are synthetic (checksum-valid test numbers), not real people's.
"""
import os
import subprocess
import tempfile

import py7zr

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "formats", "package")
ID_TEXT = "申请人：张三\n身份证号：11010519491231002X\n手机：13800138000\n"


def seven(name, files, password=None, header_encryption=False):
    path = os.path.join(OUT, name)
    if os.path.exists(path):
        os.remove(path)
    filters = [{"id": py7zr.FILTER_LZMA2, "preset": 1}]
    if password:
        filters.append({"id": py7zr.FILTER_CRYPTO_AES256_SHA256})
    with py7zr.SevenZipFile(
        path, "w", password=password, header_encryption=header_encryption, filters=filters
    ) as z:
        with tempfile.TemporaryDirectory() as d:
            for arcname, text in files:
                if text is None:
                    z.write(d, arcname)  # an empty directory entry
                elif isinstance(text, bytes):
                    z.writestr(text, arcname)
                else:
                    z.writestr(text.encode("utf-8"), arcname)


def main():
    os.makedirs(OUT, exist_ok=True)
    seven("id.7z", [("名单", None), ("名单/id.txt", ID_TEXT)])
    seven(
        "bomb.7z",
        [("ok.txt", ID_TEXT), ("zeros.bin", bytes(200 << 20)), ("after.txt", "电话 13912345678\n")],
    )
    seven("encrypted_header.7z", [("secret.txt", ID_TEXT)], "baomi", True)
    seven("encrypted_content.7z", [("secret.txt", ID_TEXT)], "baomi", False)
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "plain.txt"), "w", encoding="utf-8") as f:
            f.write("联系电话 13912345678\n")
        with open(os.path.join(d, "secret.txt"), "w", encoding="utf-8") as f:
            f.write(ID_TEXT)
        out = os.path.abspath(os.path.join(OUT, "zipcrypto.zip"))
        if os.path.exists(out):
            os.remove(out)
        subprocess.run(["zip", "-q", "-X", out, "plain.txt"], cwd=d, check=True)
        subprocess.run(["zip", "-q", "-X", "-P", "baomi", out, "secret.txt"], cwd=d, check=True)


if __name__ == "__main__":
    main()
