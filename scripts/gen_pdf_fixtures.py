#!/usr/bin/env python3
"""Generates the PDF fixtures of tests/fmt_pdf.rs into tests/fixtures/formats/pdf/.

How they were made: `pip install reportlab pycryptodome` (reportlab 5.1.0), then
`python3 scripts/gen_pdf_fixtures.py` from the repository root. The outputs are committed;
rerun only to change them. All planted values are fake but checksum-valid.

* cn_stsong.pdf      reportlab, built-in CID font STSong-Light (Type0, UniGB-UCS2-H, not
                     embedded, no ToUnicode: the typical 公文 case). Page 1: ID
                     11010519491231002X; page 2: mobile 13800138000 and the mark 机密★1年.
                     Document info Author 张三, Title, Subject, Keywords.
* annotated.pdf      reportlab: a /Text annotation (author /T 李四) holding an ID, a /FreeText
                     annotation holding a mobile, an AcroForm text field whose value is a
                     bank card; visible body text on the page.
* encrypted_user.pdf reportlab RC4-128 with user password "secret" (cannot be read).
* encrypted_empty.pdf reportlab RC4-128 with an empty user password and an owner password
                     (viewers open it without asking): mobile 13912345678 on the page (Helvetica:
                     see encrypted() for why not a CID font).
* scanned.pdf        reportlab: one page holding only an image (no text layer).
* attachment.pdf     hand-written: /Names /EmbeddedFiles with a UTF-8 text file holding an ID.
* incremental.pdf    hand-written: revision 1 shows an ID on page 1; an incremental update
                     replaces the page content with 已删除, as a careless "redaction" does.
"""

import io
import os
import zlib

from reportlab.lib.pagesizes import A5
from reportlab.lib.utils import ImageReader
from reportlab.lib import pdfencrypt
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "formats", "pdf")

pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))


def new_canvas(path, **kw):
    # invariant=1: no timestamps or random IDs, so reruns give the same bytes.
    return canvas.Canvas(path, pagesize=A5, invariant=1, pageCompression=1, **kw)


def cn_stsong():
    c = new_canvas(os.path.join(OUT, "cn_stsong.pdf"))
    c.setAuthor("张三")
    c.setTitle("关于人员信息核查的通知")
    c.setSubject("内部核查")
    c.setKeywords("人员 核查")
    c.setFont("STSong-Light", 12)
    c.drawString(40, 500, "关于人员信息核查的通知")
    c.drawString(40, 470, "姓名：王五 身份证号：11010519491231002X")
    c.showPage()
    c.setFont("STSong-Light", 12)
    c.drawString(40, 500, "机密★1年")
    c.drawString(40, 470, "联系电话：13800138000")
    c.showPage()
    c.save()


def annotated():
    c = new_canvas(os.path.join(OUT, "annotated.pdf"))
    c.setFont("STSong-Light", 12)
    c.drawString(40, 500, "公开发布的正文，没有个人信息。")
    c.textAnnotation(
        "请核对 身份证号 430102198001010011",
        Rect=(40, 400, 60, 420),
        relative=0,
        T=pdfdoc.PDFString("李四"),
    )
    c.freeTextAnnotation(
        "联系人手机 13912345678",
        pdfdoc.PDFString("/Helv 10 Tf 0 g"),
        Rect=(40, 300, 240, 330),
        relative=0,
    )
    c.acroForm.textfield(
        name="银行卡号",
        value="6222021234567890128",
        x=40,
        y=200,
        width=200,
        height=20,
    )
    c.showPage()
    c.save()


def encrypted(name, user, owner, text):
    # Helvetica, not STSong-Light: reportlab leaves the strings nested in the CID font
    # dictionary (/CIDSystemInfo /Ordering (GB1)) unencrypted, so a conforming reader
    # "decrypts" them to garbage and loses the CMap. The PDF is wrong, not the reader.
    enc = pdfencrypt.StandardEncryption(user, ownerPassword=owner, strength=128)
    c = new_canvas(os.path.join(OUT, name), encrypt=enc)
    c.setFont("Helvetica", 12)
    c.drawString(40, 500, text)
    c.showPage()
    c.save()


def scanned():
    # A tiny grey PNG made without PIL: 8x8, 8-bit greyscale.
    raw = b"".join(b"\x00" + bytes([0x80] * 8) for _ in range(8))

    def chunk(kind, data):
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", (8).to_bytes(4, "big") * 2 + b"\x08\x00\x00\x00\x00")
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
    c = new_canvas(os.path.join(OUT, "scanned.pdf"))
    c.drawImage(ImageReader(io.BytesIO(png)), 20, 20, width=380, height=550)
    c.showPage()
    c.save()


# --- hand-written PDFs -------------------------------------------------------------------


def utf16_hex(text):
    return "<" + text.encode("utf-16-be").hex().upper() + ">"


def text_stream(lines):
    ops = ["BT", "/F1 12 Tf", "40 500 Td", "14 TL"]
    for line in lines:
        ops.append(utf16_hex(line) + " Tj T*")
    ops.append("ET")
    return "\n".join(ops).encode("ascii")


FONT = (
    b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
    b"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
    b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
    b"/FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
    b"/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
    b"/CapHeight 880 /StemV 93 >> /DW 1000 >>] >>"
)


class Writer:
    """Objects written in order, a classic xref table, optional incremental sections."""

    def __init__(self):
        self.buf = bytearray(b"%PDF-1.6\n%\xe2\xe3\xcf\xd3\n")
        self.offsets = {}

    def obj(self, num, body):
        self.offsets[num] = len(self.buf)
        self.buf += b"%d 0 obj\n" % num + body + b"\nendobj\n"

    def stream(self, num, data, extra=b""):
        self.obj(num, b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream")

    def xref(self, nums, size, trailer_extra=b"", prev=None):
        start = len(self.buf)
        self.buf += b"xref\n"
        if prev is None:
            self.buf += b"0 1\n0000000000 65535 f \n"
        for n in sorted(nums):
            self.buf += b"%d 1\n%010d 00000 n \n" % (n, self.offsets[n])
        self.buf += b"trailer\n<< /Size %d /Root 1 0 R %s" % (size, trailer_extra)
        if prev is not None:
            self.buf += b"/Prev %d " % prev
        self.buf += b">>\nstartxref\n%d\n%%%%EOF\n" % start
        return start


def attachment():
    w = Writer()
    w.obj(1, b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 6 0 R >> >>")
    w.obj(2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    w.obj(
        3,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 595] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
    )
    w.stream(4, text_stream(["附件见后，正文无个人信息。"]))
    w.obj(5, FONT)
    w.obj(6, b"<< /Names [(roster.txt) 7 0 R] >>")
    w.obj(7, b"<< /Type /Filespec /F (roster.txt) /UF (roster.txt) /EF << /F 8 0 R >> >>")
    payload = "名单\n赵六 身份证号 110101199003074514\n".encode("utf-8")
    w.stream(8, zlib.compress(payload), b"/Type /EmbeddedFile /Filter /FlateDecode ")
    w.xref(range(1, 9), 9)
    with open(os.path.join(OUT, "attachment.pdf"), "wb") as f:
        f.write(w.buf)


def incremental():
    w = Writer()
    w.obj(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    w.obj(2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    w.obj(
        3,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 595] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
    )
    w.stream(4, text_stream(["处理结果公示", "当事人身份证号：110101199003074514"]))
    w.obj(5, FONT)
    first = w.xref(range(1, 6), 6)
    # The update: a new content stream for the same object number.
    w.stream(4, text_stream(["处理结果公示", "当事人身份证号：已删除"]))
    w.xref([4], 6, prev=first)
    with open(os.path.join(OUT, "incremental.pdf"), "wb") as f:
        f.write(w.buf)


def main():
    os.makedirs(OUT, exist_ok=True)
    cn_stsong()
    annotated()
    encrypted("encrypted_user.pdf", "secret", "owner", "ID 11010519491231002X")
    encrypted("encrypted_empty.pdf", "", "owner", "Contact mobile: 13912345678")
    scanned()
    attachment()
    incremental()
    for name in sorted(os.listdir(OUT)):
        print(name, os.path.getsize(os.path.join(OUT, name)))


if __name__ == "__main__":
    main()
