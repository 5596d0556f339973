#!/usr/bin/env python3
"""Generates the OLE fixtures of tests/fmt_ole.rs: tests/fixtures/formats/ole/planted.doc and
planted.ppt.

How they were made: this script writes a flat OpenDocument text (.fodt) and presentation
(.fodp) with a checksum-valid identifier planted in each channel (body, table, header, footer,
footnote, endnote, comment, deleted tracked change, hidden text, hyperlink field, text box,
document properties; slides, hidden slide, notes, comment), then converts them with
LibreOffice 7.4 headless (Debian bookworm packages libreoffice-writer-nogui and
libreoffice-impress-nogui):

    soffice --headless --convert-to doc:"MS Word 97" planted.fodt
    soffice --headless --convert-to ppt:"MS PowerPoint 97" planted.fodp

Run from the repository root: python3 scripts/gen_ole_fixtures.py
The identifiers (GB 11643 check digit valid) are listed in PLANTED; tests/fmt_ole.rs asserts
each one is found with the right part and hidden flag.
"""
import os
import shutil
import subprocess
import tempfile

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "formats", "ole")

# channel -> identifier (each valid, each used once)
PLANTED = {
    "body": "11010519491231002X",
    "table": "110101199003074514",
    "header": "430102198001010011",
    "footer": "32010619850612003X",
    "footnote": "440305199208150042",
    "comment": "51010719780320005X",
    "deleted": "370202198809090068",
    "hidden": "210102197001010075",
    "textbox": "420106199505050082",
    "custom": "310115198303030098",
    # presentation
    "slide": "11010519491231002X",
    "hidden_slide": "110101199003074514",
    "notes": "430102198001010011",
    "slide_comment": "32010619850612003X",
}

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" '
    'xmlns:officeooo="http://openoffice.org/2009/office" '
)

P = PLANTED

FODT = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document {NS} office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:meta>
  <dc:title>关于人员名单的通知</dc:title>
  <meta:initial-creator>张三</meta:initial-creator>
  <dc:creator>李四</dc:creator>
  <dc:subject>名单</dc:subject>
  <meta:keyword>内部</meta:keyword>
  <dc:description>起草说明</dc:description>
  <meta:user-defined meta:name="经办人身份证" meta:value-type="string">{P['custom']}</meta:user-defined>
 </office:meta>
 <office:automatic-styles>
  <style:style style:name="THidden" style:family="text"><style:text-properties text:display="none"/></style:style>
  <style:page-layout style:name="pm1">
   <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2cm" fo:margin-right="2cm"/>
   <style:header-style><style:header-footer-properties fo:min-height="0.5cm"/></style:header-style>
   <style:footer-style><style:header-footer-properties fo:min-height="0.5cm"/></style:footer-style>
  </style:page-layout>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="Standard" style:page-layout-name="pm1">
   <style:header><text:p>页眉身份证号：{P['header']}</text:p></style:header>
   <style:footer><text:p>页脚身份证号：{P['footer']}</text:p></style:footer>
  </style:master-page>
 </office:master-styles>
 <office:body>
  <office:text>
   <text:tracked-changes>
    <text:changed-region text:id="ct1">
     <text:deletion>
      <office:change-info><dc:creator>王五</dc:creator><dc:date>2024-01-02T03:04:05</dc:date></office:change-info>
      <text:p>已删除身份证号：{P['deleted']}</text:p>
     </text:deletion>
    </text:changed-region>
   </text:tracked-changes>
   <text:p>机密★1年</text:p>
   <text:p>申请人身份证号：{P['body']}</text:p>
   <text:p>修订前：<text:change text:change-id="ct1"/>。</text:p>
   <text:p>隐藏：<text:span text:style-name="THidden">身份证号：{P['hidden']}</text:span>。</text:p>
   <text:p>脚注在此<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>脚注身份证号：{P['footnote']}</text:p></text:note-body></text:note>。</text:p>
   <text:p>批注在此<office:annotation><dc:creator>赵六</dc:creator><dc:date>2024-01-02T03:04:05</dc:date><text:p>批注身份证号：{P['comment']}</text:p></office:annotation>。</text:p>
   <text:p>查询：<text:a xlink:type="simple" xlink:href="http://example.gov.cn/query?q=field">链接</text:a></text:p>
   <table:table table:name="名单">
    <table:table-column table:number-columns-repeated="3"/>
    <table:table-row>
     <table:table-cell office:value-type="string"><text:p>姓名</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>身份证号</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>手机</text:p></table:table-cell>
    </table:table-row>
    <table:table-row>
     <table:table-cell office:value-type="string"><text:p>张三</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>{P['table']}</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>13800138000</text:p></table:table-cell>
    </table:table-row>
   </table:table>
   <text:p>文本框：<draw:frame draw:name="框1" text:anchor-type="as-char" svg:width="8cm" svg:height="1.5cm"><draw:text-box><text:p>文本框身份证号：{P['textbox']}</text:p></draw:text-box></draw:frame></text:p>
   <text:p>完。</text:p>
  </office:text>
 </office:body>
</office:document>
"""

FODP = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document {NS} office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.presentation">
 <office:meta>
  <dc:title>汇报材料</dc:title>
  <meta:initial-creator>张三</meta:initial-creator>
  <dc:creator>李四</dc:creator>
 </office:meta>
 <office:automatic-styles>
  <style:style style:name="dpHidden" style:family="drawing-page"><style:drawing-page-properties presentation:visibility="hidden"/></style:style>
  <style:page-layout style:name="PM1"><style:page-layout-properties fo:page-width="28cm" fo:page-height="21cm"/></style:page-layout>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="Default" style:page-layout-name="PM1"/>
 </office:master-styles>
 <office:body>
  <office:presentation>
   <draw:page draw:name="第一页" draw:master-page-name="Default">
    <draw:frame svg:x="2cm" svg:y="2cm" svg:width="20cm" svg:height="3cm"><draw:text-box><text:p>机密★1年</text:p><text:p>身份证号：{P['slide']}</text:p></draw:text-box></draw:frame>
    <officeooo:annotation svg:x="1cm" svg:y="1cm" svg:width="1cm" svg:height="1cm"><dc:creator>赵六</dc:creator><dc:date>2024-01-02T03:04:05</dc:date><text:p>批注身份证号：{P['slide_comment']}</text:p></officeooo:annotation>
    <presentation:notes>
     <draw:frame presentation:class="notes" svg:x="2cm" svg:y="14cm" svg:width="17cm" svg:height="10cm"><draw:text-box><text:p>备注身份证号：{P['notes']}</text:p></draw:text-box></draw:frame>
    </presentation:notes>
   </draw:page>
   <draw:page draw:name="第二页" draw:style-name="dpHidden" draw:master-page-name="Default">
    <draw:frame svg:x="2cm" svg:y="2cm" svg:width="20cm" svg:height="3cm"><draw:text-box><text:p>隐藏页身份证号：{P['hidden_slide']}</text:p></draw:text-box></draw:frame>
   </draw:page>
  </office:presentation>
 </office:body>
</office:document>
"""


def convert(src_name, text, target, out_name):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("LibreOffice (soffice) not found")
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, src_name)
        with open(src, "w", encoding="utf-8") as f:
            f.write(text)
        profile = "file://" + os.path.join(tmp, "profile")
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target,
             "--outdir", tmp, src],
            check=True, stdout=subprocess.DEVNULL, timeout=300,
        )
        produced = os.path.join(tmp, os.path.splitext(src_name)[0] + "." + target.split(":")[0])
        os.makedirs(OUT, exist_ok=True)
        shutil.copyfile(produced, os.path.join(OUT, out_name))
        print("wrote", os.path.join(OUT, out_name), os.path.getsize(produced), "bytes")


if __name__ == "__main__":
    convert("planted.fodt", FODT, 'doc:MS Word 97', "planted.doc")
    convert("planted.fodp", FODP, 'ppt:MS PowerPoint 97', "planted.ppt")
