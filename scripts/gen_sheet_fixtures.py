#!/usr/bin/env python3
"""Generates the spreadsheet fixtures of tests/fmt_sheet.rs in tests/fixtures/formats/sheet/.

How they were made (re-run from the repository root to regenerate):

    pip install openpyxl xlwt
    python3 scripts/gen_sheet_fixtures.py

* planted.xlsx (openpyxl): sheet 低保名单 with a title row 2024年低保发放名单 (merged A1:E1),
  a header row 序号/姓名/身份证号/联系电话/备注/银行卡号, bare IDs under 身份证号, phones under
  联系电话 (one stored as a number), an 18-digit ID typed as a number (E5), row 4 hidden,
  column F (银行卡号) hidden, a comment with an ID on B3 (author 审核员), a page header with
  a classification mark, a hidden sheet 内部 and a very hidden sheet 备份, a defined name,
  and document properties (creator 张三丰, title, custom property 审核人).
* planted.xls (xlwt, BIFF8): sheet 公开 (title row, header, IDs, row 4 hidden, column C
  hidden) and a hidden sheet 隐藏 with an ID and a mark; page header with a mark.
* planted.ods: planted.xlsx converted by LibreOffice (`soffice --headless --convert-to ods`)
  when soffice with its Calc component is installed; skipped otherwise. (On the machine the
  fixtures were made on, LibreOffice had no Calc, so the ods tests build their workbook in
  Rust instead: see tests/fmt_sheet.rs.)

Values: checksum-valid IDs (GB 11643) 110101199003074514, 11010519491231002X,
430102198001010011, 440304198506151237, 320106197802034561, 510107199208170019; mobiles
13800138000, 13912345678; bank card 6222021234567890128 (Luhn); mark 机密★1年.
"""

import datetime
import os
import shutil
import subprocess
import tempfile

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures",
                   "formats", "sheet")
FIXED = datetime.datetime(2024, 3, 1, 8, 0, 0)


def xlsx(path):
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.packaging.custom import StringProperty

    wb = Workbook()
    ws = wb.active
    ws.title = "低保名单"
    ws["A1"] = "2024年低保发放名单"
    ws.merge_cells("A1:E1")
    ws.append(["序号", "姓名", "身份证号", "联系电话", "备注", "银行卡号"])
    ws.append([1, "张三", "110101199003074514", "13800138000", "", "6222021234567890128"])
    ws.append([2, "李四", "11010519491231002X", 13912345678, "", ""])
    ws.append([3, "王五", "430102198001010011", "", 430102198001010011, ""])
    ws.row_dimensions[4].hidden = True
    ws.column_dimensions["F"].hidden = True
    ws["B3"].comment = Comment("核对：身份证号 440304198506151237", "审核员")
    ws.oddHeader.center.text = "机密★1年"
    ws.oddFooter.right.text = "第 &P 页"

    hidden = wb.create_sheet("内部")
    hidden.append(["姓名", "身份证号"])
    hidden.append(["赵六", "320106197802034561"])
    hidden.sheet_state = "hidden"
    backup = wb.create_sheet("备份")
    backup.append(["姓名", "联系电话"])
    backup.append(["钱七", "13800138000"])
    backup.sheet_state = "veryHidden"

    dn = DefinedName("联系人", attr_text="'低保名单'!$B$3")
    try:
        wb.defined_names["联系人"] = dn
    except TypeError:
        wb.defined_names.append(dn)
    wb.properties.creator = "张三丰"
    wb.properties.title = "低保发放名单"
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    wb.custom_doc_props.append(StringProperty(name="审核人", value="李审核"))
    wb.save(path)


def xls(path):
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("公开")
    ws.write(0, 0, "2024年低保发放名单")
    for c, h in enumerate(["姓名", "身份证号", "联系电话"]):
        ws.write(1, c, h)
    ws.write(2, 0, "张三")
    ws.write(2, 1, "110101199003074514")
    ws.write(2, 2, "13800138000")
    ws.write(3, 0, "李四")
    ws.write(3, 1, "11010519491231002X")
    ws.write(3, 2, 13912345678)
    ws.row(3).hidden = True
    ws.col(2).hidden = True
    ws._Worksheet__header_str = "&C机密★1年"  # xlwt setter is broken on Python 3
    ws._Worksheet__footer_str = "&P"
    hidden = wb.add_sheet("隐藏")
    hidden.write(0, 0, "姓名")
    hidden.write(0, 1, "身份证号")
    hidden.write(1, 0, "赵六")
    hidden.write(1, 1, "510107199208170019")
    hidden.visibility = 1
    wb.save(path)


def ods(xlsx_path, path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("soffice not found: planted.ods not regenerated")
        return
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                        "--convert-to", "ods", "--outdir", tmp, xlsx_path],
                       check=False, capture_output=True)
        out = os.path.join(tmp, "planted.ods")
        if not os.path.exists(out):
            print("soffice could not convert (no Calc component?): planted.ods not made")
            return
        shutil.copy(out, path)


def main():
    os.makedirs(OUT, exist_ok=True)
    x = os.path.join(OUT, "planted.xlsx")
    xlsx(x)
    xls(os.path.join(OUT, "planted.xls"))
    ods(x, os.path.join(OUT, "planted.ods"))
    for name in sorted(os.listdir(OUT)):
        print(name, os.path.getsize(os.path.join(OUT, name)))


if __name__ == "__main__":
    main()
