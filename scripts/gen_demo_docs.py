#!/usr/bin/env python3
"""Add two office documents to the demo corpus: the classic hidden-channel leaks.

    python3 scripts/gen_demo_docs.py

Writes corpora/demo/2024年第三季度城乡低保发放名单.xlsx and corpora/demo/专题会议纪要.docx with
the standard library only (zipfile + hand-written OOXML), deterministic (fixed timestamps).
Every identifier is synthetic and checksum-valid (GB 11643 check character); phones use
allocated segments. What baomi must find is listed in corpora/demo.md ("Office documents").

* the xlsx shows masked IDs in column C, keeps the full IDs in hidden column D, and has a
  hidden sheet 原始数据 with names, IDs and mobiles;
* the docx reads clean, but a deleted revision still holds an applicant's ID and mobile, a
  comment says 内部资料 注意保存, and the author property names the drafter.
"""

import os
import zipfile

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpora", "demo")
STAMP = (2024, 10, 9, 0, 0, 0)

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"


def id_number(region, birth, seq):
    body = f"{region}{birth}{seq:03d}"
    return body + CHECK[sum(int(d) * w for d, w in zip(body, WEIGHTS)) % 11]


def masked(idn):
    return idn[:6] + "*" * 8 + idn[-4:]


def write_zip(path, parts):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in parts:
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, body.encode("utf-8"))


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def col(n):
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def sheet_xml(rows, hidden_cols=()):
    cols = "".join(f'<col min="{c}" max="{c}" width="0" hidden="1"/>' for c in hidden_cols)
    data = []
    for r, row in enumerate(rows, 1):
        cells = "".join(
            f'<c r="{col(c)}{r}" t="inlineStr"><is><t>{esc(v)}</t></is></c>'
            for c, v in enumerate(row, 1) if v != "")
        data.append(f'<row r="{r}">{cells}</row>')
    cols = f"<cols>{cols}</cols>" if cols else ""
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'{cols}<sheetData>{"".join(data)}</sheetData></worksheet>')


PEOPLE = [
    ("刘建国", "430102", "19580312", 11, "13907312208"),
    ("陈秀英", "430103", "19630921", 24, "15874023316"),
    ("王德明", "430104", "19710105", 37, "18673105521"),
    ("赵桂兰", "430105", "19490817", 42, "13574187402"),
]


def xlsx():
    visible = [["2024年第三季度城乡低保发放名单"], ["序号", "户主姓名", "身份证号", "身份证号（原始）", "金额（元）"]]
    raw = [["姓名", "身份证号", "联系电话", "家庭住址"]]
    for i, (name, region, birth, seq, phone) in enumerate(PEOPLE, 1):
        idn = id_number(region, birth, seq)
        visible.append([str(i), name[0] + "**", masked(idn), idn, "750"])
        raw.append([name, idn, phone, f"某某街道{i}号"])
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
          '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
          '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
          '</Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            '</Relationships>')
    wb = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
          '<sheet name="公示" sheetId="1" r:id="rId1"/>'
          '<sheet name="原始数据" sheetId="2" state="hidden" r:id="rId2"/></sheets></workbook>')
    wbrels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
              '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>'
              '</Relationships>')
    core = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>社会救助科</dc:creator>'
            '<cp:lastModifiedBy>社会救助科</cp:lastModifiedBy></cp:coreProperties>')
    write_zip(os.path.join(HERE, "2024年第三季度城乡低保发放名单.xlsx"), [
        ("[Content_Types].xml", ct), ("_rels/.rels", rels), ("xl/workbook.xml", wb),
        ("xl/_rels/workbook.xml.rels", wbrels), ("xl/worksheets/sheet1.xml", sheet_xml(visible, [4])),
        ("xl/worksheets/sheet2.xml", sheet_xml(raw)), ("docProps/core.xml", core)])


def docx():
    idn = id_number("430102", "19850723", 56)
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    para = lambda t: f'<w:p><w:r><w:t xml:space="preserve">{esc(t)}</w:t></w:r></w:p>'
    body = "".join([
        para("专题会议纪要"),
        para("2024年9月20日，区民政局召开专题会议，研究城乡低保复核有关工作。"),
        '<w:p><w:r><w:t xml:space="preserve">会议听取了复核工作进展情况汇报。</w:t></w:r>'
        '<w:del w:id="1" w:author="张三" w:date="2024-09-20T10:00:00Z"><w:r><w:delText xml:space="preserve">'
        f'申请人身份证号{idn}，联系电话13812345678。</w:delText></w:r></w:del>'
        '<w:commentRangeStart w:id="0"/><w:r><w:t>会议要求各街道按时完成复核。</w:t></w:r>'
        '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>',
        para("区民政局办公室　2024年9月21日印发"),
    ])
    doc = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {w}><w:body>{body}</w:body></w:document>'
    comments = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments {w}>'
                '<w:comment w:id="0" w:author="李四" w:initials="LS"><w:p><w:r>'
                '<w:t>内部资料 注意保存，不宜公开</w:t></w:r></w:p></w:comment></w:comments>')
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
          '<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>'
          '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
          '</Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            '</Relationships>')
    docrels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>'
               '</Relationships>')
    core = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>张三</dc:creator>'
            '<cp:lastModifiedBy>李四</cp:lastModifiedBy></cp:coreProperties>')
    write_zip(os.path.join(HERE, "专题会议纪要.docx"), [
        ("[Content_Types].xml", ct), ("_rels/.rels", rels), ("word/document.xml", doc),
        ("word/_rels/document.xml.rels", docrels), ("word/comments.xml", comments),
        ("docProps/core.xml", core)])


if __name__ == "__main__":
    for idn in [id_number(r, b, s) for _, r, b, s, _ in PEOPLE]:
        assert len(idn) == 18
    xlsx()
    docx()
