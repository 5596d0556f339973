#!/usr/bin/env python3
"""Regenerate the plain-text integration-test fixtures in tests/fixtures/text/.

    python3 scripts/gen_fixtures.py

Deterministic (fixed seed): running it twice produces byte-identical files.
Every planted identifier is synthetic and is re-checked by an *independent*
validator (different formulation from the generator) before anything is written;
the script aborts if any check fails. EXPECTED.md is generated from the same data,
so line numbers and values in it always match the files.

Standards used:
  * 居民身份证号 GB 11643-1999, ISO 7064 MOD 11-2 check character.
  * Mobile numbers: 11 digits, allocated 3-digit segments.
No bank cards or USCCs are planted here (see scripts/gen_demo.py for those).
"""

import datetime
import os
import random
import re

SEED = 20240917
HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "text")
rng = random.Random(SEED)

# --------------------------------------------------------------------------------------
# Generators
# --------------------------------------------------------------------------------------
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"
PROVINCES = set(range(11, 16)) | set(range(21, 24)) | set(range(31, 38)) | \
    set(range(41, 47)) | set(range(50, 55)) | set(range(61, 66))
MOBILE_SEGMENTS = {"138", "139", "150", "186", "199", "177", "189", "191",
                   "135", "136", "137", "158", "159", "188", "131", "133", "180", "181"}


def id_check_char(body17):
    return ID_CHECK[sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS)) % 11]


def luhn_ok(digits):
    """Independent Luhn (used only to *avoid* accidental card look-alikes)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2
            d = d - 9 if d > 9 else d
        total += d
    return total % 10 == 0


def random_date(lo_year, hi_year):
    start = datetime.date(lo_year, 1, 1).toordinal()
    end = datetime.date(hi_year, 12, 31).toordinal()
    return datetime.date.fromordinal(rng.randint(start, end))


def gen_id(region, lo_year=1945, hi_year=2000, want_x=False, birth=None):
    """A checksum-valid 18-char ID that is NOT Luhn-valid (so it cannot pose as a card)."""
    birth = birth or random_date(lo_year, hi_year)
    while True:
        seq = "%03d" % rng.randint(1, 999)
        body = region + birth.strftime("%Y%m%d") + seq
        full = body + id_check_char(body)
        if want_x != full.endswith("X"):
            continue
        if not want_x and luhn_ok(full):
            continue
        return full


def gen_mobile(segment):
    while True:
        n = segment + "%08d" % rng.randint(0, 99999999)
        # avoid "too pretty" numbers and keep subscriber part from starting with 0000
        if n[3:7] != "0000" and len(set(n[3:])) > 3:
            return n


# --------------------------------------------------------------------------------------
# Independent validators (different formulation from the generators above)
# --------------------------------------------------------------------------------------
ASCII_DIGITS = set("0123456789")


def valid_id18(s):
    """GB 11643: region prefix, calendar date, and MOD 11-2 over all 18 chars == 1."""
    if len(s) != 18 or not set(s[:17]) <= ASCII_DIGITS or s[17] not in "0123456789X":
        return False
    if int(s[:2]) not in PROVINCES:
        return False
    try:
        d = datetime.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return False
    if not (1900 <= d.year <= 2024):
        return False
    vals = [10 if c == "X" else int(c) for c in s]
    # ISO 7064 MOD 11-2: sum a_i * 2^(n-i) for i = 1..18 (weight of the check char is 1) ≡ 1 (mod 11)
    return sum(v * pow(2, 17 - i, 11) for i, v in enumerate(vals)) % 11 == 1


def valid_id15(s):
    if len(s) != 15 or not set(s) <= ASCII_DIGITS or int(s[:2]) not in PROVINCES:
        return False
    try:
        datetime.date(1900 + int(s[6:8]), int(s[8:10]), int(s[10:12]))
    except ValueError:
        return False
    return True


def valid_mobile(s):
    return re.fullmatch(r"1[3-9][0-9]{9}", s) is not None and s[:3] in MOBILE_SEGMENTS


def digits_of(s):
    return "".join(c for c in s if c in ASCII_DIGITS or c == "X")


# --------------------------------------------------------------------------------------
# Planted values
# --------------------------------------------------------------------------------------
ID_A = gen_id("430102", 1962, 1975)
ID_B_X = gen_id("110105", 1980, 1992, want_x=True)
ID_C = gen_id("440305", 1993, 2000)
ID15 = "430104" + random_date(1950, 1969).strftime("%y%m%d") + "%03d" % rng.randint(1, 999)


def corrupt_check(valid):
    """Same 17 digits, a wrong check char; also keep it Luhn-invalid."""
    for c in "0123456789X":
        cand = valid[:17] + c
        if cand != valid and not valid_id18(cand) and (c == "X" or not luhn_ok(cand)):
            return cand
    raise SystemExit("cannot corrupt " + valid)


BAD_1 = corrupt_check(gen_id("320106", 1950, 1990))
BAD_2 = corrupt_check(gen_id("510104", 1950, 1990, want_x=True))
EMBEDDED_ID = gen_id("370102", 1970, 1990)
SERIAL20 = "20" + EMBEDDED_ID          # 20 digits, contains a valid ID at offset 2
assert len(SERIAL20) == 20 and SERIAL20.isdigit()
MASKED_ID = "430103********3517"

GBK_ID = gen_id("431102", 1948, 1960)
BOM_ID = gen_id("420106", 1970, 1985, want_x=True)

MOB = {seg: gen_mobile(seg) for seg in ["139", "138", "150", "186", "199", "177", "189", "191"]}
MOB_MASKED = "138****%04d" % rng.randint(1000, 9999)

for v in [ID_A, ID_B_X, ID_C, EMBEDDED_ID, GBK_ID, BOM_ID]:
    assert valid_id18(v), v
    assert v.endswith("X") or not luhn_ok(v), v
assert ID_B_X.endswith("X") and BOM_ID.endswith("X")
assert valid_id15(ID15), ID15
for v in [BAD_1, BAD_2]:
    assert not valid_id18(v), v
    assert valid_id18(v[:17] + id_check_char(v[:17])), v  # only the check char is wrong
for v in MOB.values():
    assert valid_mobile(v), v


def g344(m, sep):
    return m[:3] + sep + m[3:7] + sep + m[7:]


# --------------------------------------------------------------------------------------
# File contents. Each entry: (name, encoding, lines, found, not_found)
#   found:     list of (line, raw, kind, normalized, note)
#   not_found: list of (line, raw, reason)
# --------------------------------------------------------------------------------------
FILES = []

# ---- clean.txt ------------------------------------------------------------------------
clean = [
    "关于做好政务服务事项办理指南更新工作的说明",
    "各有关单位：",
    "为进一步提升政务服务标准化水平，请各单位对照本部门权责清单，逐项核对办理指南中的受理条件、申请材料和办理流程。",
    "办理指南应当使用规范表述，材料名称与法律法规保持一致，不得要求申请人重复提交可通过共享获取的材料。",
    "承诺办理时限原则上压减至法定时限的一半以内，即办件当场办结。",
    "更新后的办理指南经本单位审核后，统一在政务服务网对外公布，并同步推送至各级服务窗口。",
    "各单位要明确专人负责，及时回应企业和群众的意见建议，持续改进服务质量。",
    "特此说明。",
]
FILES.append(("clean.txt", "utf-8", clean, [], [
    (None, "(whole file)", "no digits at all, no names with cues, no markings: expect zero findings, not even info"),
]))

# ---- ids.txt --------------------------------------------------------------------------
ids = [
    "申请人张某某，身份证号：%s，现申请办理户籍迁移。" % ID_A,
    "共同申请人李某某，公民身份号码%s，与申请人系夫妻关系。" % ID_B_X,
    "委托代理人陈某（身份证 %s）已当场核验原件。" % ID_C,
    "老年优待证持有人赵某某，身份证号：%s（一代证）。" % ID15,
    "以下号码经核验校验位错误，不予受理：%s。" % BAD_1,
    "复印件上的号码%s末位与原件不符。" % BAD_2,
    "档案流水号%s已归档。" % SERIAL20,
    "公示时身份证号一律脱敏为%s形式。" % MASKED_ID,
]
FILES.append(("ids.txt", "utf-8", ids, [
    (1, ID_A, "id_card", ID_A, "18-digit, checksum valid, cue 身份证号："),
    (2, ID_B_X, "id_card", ID_B_X, "18-digit ending in X, cue 公民身份号码, no separator before the value"),
    (3, ID_C, "id_card", ID_C, "18-digit, cue 身份证 inside full-width parentheses"),
    (4, ID15, "id_card", ID15, "15-digit legacy ID (no checksum; region + YYMMDD valid), reported because of the 身份证号： cue"),
], [
    (5, BAD_1, "18-digit look-alike, check char wrong (valid would be %s); also not Luhn-valid, so no bank_card either" % id_check_char(BAD_1[:17])),
    (6, BAD_2, "18-digit look-alike, check char wrong (valid would be %s)" % id_check_char(BAD_2[:17])),
    (7, SERIAL20, "20-digit serial; positions 3-20 are the valid ID %s but it is inside a longer digit run (digit boundary)" % EMBEDDED_ID),
    (8, MASKED_ID, "correctly masked ID (birth date hidden): compliant, at most `info`"),
]))

# ---- phones.txt -----------------------------------------------------------------------
phones = [
    "申请人手机：%s" % MOB["139"],
    "联系电话：%s" % g344(MOB["138"], "-"),
    "经办人电话 %s（工作日可联系）" % g344(MOB["150"], " "),
    "境外联系方式：+86 %s" % MOB["186"],
    "紧急联系人：(+86)%s" % MOB["199"],
    "家属电话：0086-%s" % MOB["177"],
    "住宅电话：0731-84567890",
    "原单位电话：(0731)88654321",
    "北京联络处：010 6552 7408",
    "值班室：0731-82218899转123",
    "咨询请拨打政务服务便民热线12345、安全生产举报热线12350或客服电话400-800-1234。",
    "公示名单中联系电话已脱敏为%s。" % MOB_MASKED,
]
FILES.append(("phones.txt", "utf-8", phones, [
    (1, MOB["139"], "mobile_phone", MOB["139"], "plain 11 digits"),
    (2, g344(MOB["138"], "-"), "mobile_phone", MOB["138"], "3-4-4 with hyphens"),
    (3, g344(MOB["150"], " "), "mobile_phone", MOB["150"], "3-4-4 with spaces"),
    (4, "+86 " + MOB["186"], "mobile_phone", MOB["186"], "+86 and a space; matched text may or may not include the prefix"),
    (5, "(+86)" + MOB["199"], "mobile_phone", MOB["199"], "(+86) prefix in ASCII parentheses"),
    (6, "0086-" + MOB["177"], "mobile_phone", MOB["177"], "0086- prefix; must not be read as a landline"),
    (7, "0731-84567890", "landline_phone", "073184567890", "area code 0731 + 8-digit local"),
    (8, "(0731)88654321", "landline_phone", "073188654321", "area code in ASCII parentheses"),
    (9, "010 6552 7408", "landline_phone", "01065527408", "Beijing 010 + 8 digits grouped 4-4 with spaces"),
    (10, "0731-82218899转123", "landline_phone", "073182218899", "extension 转123 may or may not be part of the match; the number itself must be"),
], [
    (11, "12345", "government service hotline (allow-list): at most `info` (rule pii.landline_phone.service)"),
    (11, "12350", "安全生产 hotline (allow-list): at most `info` (rule pii.landline_phone.service)"),
    (11, "400-800-1234", "400 shared-cost service number, not personal: at most `info` (rule pii.landline_phone.service)"),
    (12, MOB_MASKED, "correctly masked mobile: compliant, at most `info`"),
]))

# ---- marks.txt ------------------------------------------------------------------------
marks = [
    "机密★5年",
    "关于全市重点项目推进情况的通报",
    "各单位要认真学习《中华人民共和国保守国家秘密法》，依法做好定密管理工作。",
    "对企业申报材料中涉及商业秘密的内容，受理机关应当依法予以保护。",
    "请各单位按照通报要求，抓好问题整改落实。",
]
FILES.append(("marks.txt", "utf-8", marks, [
    (1, "机密★5年", "classification_mark", "机密★5年", "level 机密, period 5年, first line: a hard block (high or critical)"),
], [
    (3, "保守国家秘密法", "name of a published law in running text, not a marking"),
    (4, "商业秘密", "general legal term in a sentence about protecting it, not a document marking"),
]))

# ---- gbk.txt --------------------------------------------------------------------------
gbk = [
    "关于高龄津贴申领材料补正的告知书",
    "申请人刘某某：",
    "您于本月提交的高龄津贴申领材料中，户口簿复印件不清晰，请于十五个工作日内到社区服务站补正。",
    "申请人身份证号：%s" % GBK_ID,
    "逾期未补正的，视为放弃本次申请，可在下一申领周期重新提出。",
    "特此告知。",
    "芙蓉区定王台街道办事处",
]
FILES.append(("gbk.txt", "gbk", gbk, [
    (4, GBK_ID, "id_card", GBK_ID, "file is GBK without BOM; decoding must succeed (chardetng) before detection"),
], []))

# ---- utf16le.txt / utf16be.txt ----------------------------------------------------------
U16_MOB = MOB["189"]
u16 = [
    "志愿者报名登记",
    "姓名：周某",
    "手机：%s" % U16_MOB,
    "服务时段：周末上午",
]
FILES.append(("utf16le.txt", "utf-16-le-bom", u16, [
    (3, U16_MOB, "mobile_phone", U16_MOB, "UTF-16 LE with BOM FF FE"),
], []))
FILES.append(("utf16be.txt", "utf-16-be-bom", u16, [
    (3, U16_MOB, "mobile_phone", U16_MOB, "UTF-16 BE with BOM FE FF; same text as utf16le.txt"),
], []))

# ---- utf8bom.txt ----------------------------------------------------------------------
u8 = [
    "不动产登记申请表（节选）",
    "权利人：孙某某",
    "证件号码：%s" % BOM_ID,
    "登记类型：转移登记",
]
FILES.append(("utf8bom.txt", "utf-8-sig", u8, [
    (3, BOM_ID, "id_card", BOM_ID, "UTF-8 with BOM EF BB BF; ID ends in X; cue 证件号码"),
], []))


# --------------------------------------------------------------------------------------
# Write
# --------------------------------------------------------------------------------------
def encode(text, enc):
    if enc == "utf-16-le-bom":
        return b"\xff\xfe" + text.encode("utf-16-le")
    if enc == "utf-16-be-bom":
        return b"\xfe\xff" + text.encode("utf-16-be")
    return text.encode(enc)


def check_lines(name, lines, found, not_found):
    """Every expected raw value must sit on the stated line, exactly once in the file."""
    body = "\n".join(lines)
    for line, raw, *_ in found:
        assert raw in lines[line - 1], (name, line, raw)
        assert body.count(raw) == 1, (name, raw)
    for line, raw, _ in not_found:
        if line is not None:
            assert raw in lines[line - 1], (name, line, raw)
    assert 3 <= len(lines) <= 15, name


def column(lines, line, raw):
    return lines[line - 1].index(raw) + 1


for name, enc, lines, found, not_found in FILES:
    check_lines(name, lines, found, not_found)
    text = "\n".join(lines) + "\n"
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(encode(text, enc))

# Sanity: clean.txt has no ASCII or full-width digits at all.
assert not re.search(r"[0-9\uff10-\uff19]", "\n".join(clean))

ENC_DESC = {
    "utf-8": "UTF-8, no BOM",
    "utf-8-sig": "UTF-8 with BOM (EF BB BF)",
    "gbk": "GBK (no BOM)",
    "utf-16-le-bom": "UTF-16 LE with BOM (FF FE)",
    "utf-16-be-bom": "UTF-16 BE with BOM (FE FF)",
}

out = []
out.append("# Expected findings for tests/fixtures/text/\n\n")
out.append("Generated by `gen_fixtures.py` (seed %d) together with the fixtures; do not edit by hand —\n"
           "change the generator and re-run `python3 scripts/gen_fixtures.py`.\n" % SEED)
out.append("\nConventions:\n\n")
out.append("- **line** is 1-based in the decoded text (a BOM is not a character of line 1); "
           "**col** is the 1-based character (Unicode scalar) column where the raw value starts.\n"
           "- **raw** is the value exactly as written in the file; **normalized** is the value after folding "
           "separators / country prefixes. The finding's `text` (with `--reveal`) must contain the "
           "normalized digits' written form, i.e. tests should assert on the normalized value, "
           "or that the raw value is covered by the finding span.\n"
           "- \"Must find\" is the complete list of findings at `low` or above for that file: "
           "any other finding at `low`+ is a false positive. Items under \"Must NOT find\" may appear only "
           "at `info` where the row says so (masked values); otherwise not at all.\n"
           "- Person names in the fixtures are already masked (`张某某`, `周某`): compliant, allowed at `info` "
           "only, and not listed per file.\n"
           "- All values are synthetic; 18-digit IDs pass GB 11643 MOD 11-2 with a valid region prefix and "
           "birth date, and (except X-ended ones, which cannot be) are deliberately *not* Luhn-valid so they "
           "cannot be mistaken for bank cards.\n"
           "- Files end with a single `\\n`; line endings are LF.\n")
for name, enc, lines, found, not_found in FILES:
    out.append("\n## `%s` — %s, %d lines\n" % (name, ENC_DESC[enc], len(lines)))
    out.append("\nMust find (%d):\n" % len(found))
    if found:
        out.append("\n| line | col | kind | raw | normalized | note |\n|---|---|---|---|---|---|\n")
        for line, raw, kind, norm, note in found:
            out.append("| %d | %d | `%s` | `%s` | `%s` | %s |\n"
                       % (line, column(lines, line, raw), kind, raw, norm, note))
    else:
        out.append("\n- nothing.\n")
    if not_found:
        out.append("\nMust NOT find:\n\n| line | raw | why |\n|---|---|---|\n")
        for line, raw, why in not_found:
            out.append("| %s | `%s` | %s |\n" % (line if line else "—", raw, why))
    out.append("\nText:\n\n```text\n")
    for i, l in enumerate(lines, 1):
        out.append("%2d  %s\n" % (i, l))
    out.append("```\n")

with open(os.path.join(HERE, "EXPECTED.md"), "w", encoding="utf-8") as f:
    f.write("".join(out))

print("wrote", ", ".join(n for n, *_ in FILES), "and EXPECTED.md")
