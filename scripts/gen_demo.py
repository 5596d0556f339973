#!/usr/bin/env python3
"""Regenerate the demo corpus in corpora/demo/ (shown by `cargo run --release -- scan corpora/demo`).

    python3 scripts/gen_demo.py

Deterministic (fixed seed): running it twice produces byte-identical files, corpora/demo.md included.
Every planted identifier is synthetic and is re-checked by an *independent* validator
(a different formulation from the generator) before anything is written; the script
aborts if a check fails, if a "clean" file contains something that looks like personal
data, or if an expected value is not in its file exactly as counted in README.md.

Standards used:
  * 居民身份证号 GB 11643-1999 (ISO 7064 MOD 11-2 check character)
  * 统一社会信用代码 GB 32100-2015 (MOD 31), its 主体标识码 = 组织机构代码 GB 11714 (MOD 11)
  * 银行卡号: UnionPay IIN 62, Luhn check digit
All names, numbers, companies and plates are invented.
"""

import datetime
import os
import random
import re

SEED = 20241009
HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpora", "demo")
rng = random.Random(SEED)

# ======================================================================================
# Generators
# ======================================================================================
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
PROVINCES = set(range(11, 16)) | set(range(21, 24)) | set(range(31, 38)) | \
    set(range(41, 47)) | set(range(50, 55)) | set(range(61, 66))
MOBILE_SEGMENTS = ["138", "139", "150", "186", "199", "177", "189", "191",
                   "135", "137", "158", "159", "188", "131", "133", "180"]
CARD_BINS = {"622202": 19, "622848": 19, "621700": 19, "622588": 16}  # ICBC, ABC, CCB, CMB


def id_check_char(body17):
    return ID_CHECK[sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS)) % 11]


def luhn_check_digit(payload):
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:          # rightmost payload digit is doubled (check digit goes to its right)
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return str((10 - total % 10) % 10)


def random_date(lo_year, hi_year):
    start = datetime.date(lo_year, 1, 1).toordinal()
    end = datetime.date(hi_year, 12, 31).toordinal()
    return datetime.date.fromordinal(rng.randint(start, end))


def gen_id(region, lo_year=1945, hi_year=2000, want_x=False):
    """Checksum-valid 18-char ID; digit-ended ones are kept Luhn-invalid (no bank-card look-alike)."""
    birth = random_date(lo_year, hi_year)
    while True:
        body = region + birth.strftime("%Y%m%d") + "%03d" % rng.randint(1, 999)
        full = body + id_check_char(body)
        if want_x != full.endswith("X"):
            continue
        if not want_x and luhn_valid(full):
            continue
        return full


def gen_mobile(segment=None):
    segment = segment or rng.choice(MOBILE_SEGMENTS)
    while True:
        n = segment + "%08d" % rng.randint(0, 99999999)
        if n[3:7] != "0000" and len(set(n[3:])) > 3:
            return n


def gen_card(bin6):
    length = CARD_BINS[bin6]
    payload = bin6 + "".join(str(rng.randint(0, 9)) for _ in range(length - 7))
    return payload + luhn_check_digit(payload)


def org_code_check(body8):
    vals = [int(c) if c.isdigit() else ord(c) - ord("A") + 10 for c in body8]
    c = 11 - sum(v * w for v, w in zip(vals, ORG_WEIGHTS)) % 11
    return {10: "X", 11: "0"}.get(c, str(c))


def gen_uscc(prefix2, region6):
    """prefix + region + 组织机构代码 (8 body chars + GB 11714 check) + GB 32100 check."""
    while True:
        body8 = "MA4" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(5))
        org = body8 + org_code_check(body8)
        if all(c in USCC_ALPHABET for c in org):
            break
    base = prefix2 + region6 + org
    s = sum(USCC_ALPHABET.index(c) * w for c, w in zip(base, USCC_WEIGHTS))
    return base + USCC_ALPHABET[(31 - s % 31) % 31]


# ======================================================================================
# Independent validators
# ======================================================================================
ASCII_DIGITS = set("0123456789")


def valid_id18(s):
    """Region prefix, real calendar date, and MOD 11-2 over all 18 chars ≡ 1 (mod 11)."""
    if len(s) != 18 or not set(s[:17]) <= ASCII_DIGITS or s[17] not in "0123456789X":
        return False
    if int(s[:2]) not in PROVINCES or s[:2] == "62":
        return False
    try:
        d = datetime.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return False
    if not (1940 <= d.year <= 2015):
        return False
    vals = [10 if c == "X" else int(c) for c in s]
    return sum(v * pow(2, 17 - i, 11) for i, v in enumerate(vals)) % 11 == 1


def luhn_valid(s):
    if not s or not set(s) <= ASCII_DIGITS:
        return False
    digits = [int(c) for c in s][::-1]
    odd = sum(digits[0::2])
    even = sum(sum(divmod(2 * d, 10)) for d in digits[1::2])
    return (odd + even) % 10 == 0


def valid_card(s):
    return len(s) in (16, 19) and s.startswith("62") and luhn_valid(s)


def valid_uscc(s):
    """GB 32100: weights are 3^(i-1) mod 31; Σ value·weight over 17 chars + check ≡ 0 (mod 31).
    Plus the embedded 组织机构代码 (positions 9-17) must satisfy GB 11714."""
    if len(s) != 18 or any(c not in USCC_ALPHABET for c in s):
        return False
    total = sum(USCC_ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(s[:17]))
    if (total + USCC_ALPHABET.index(s[17])) % 31 != 0:
        return False
    org = s[8:17]
    vals = [int(c) if c in ASCII_DIGITS else ord(c) - 55 for c in org[:8]]
    check = (11 - sum(v * w for v, w in zip(vals, [3, 7, 9, 10, 5, 8, 4, 2])) % 11) % 11
    return org[8] == ("X" if check == 10 else str(check))


def valid_mobile(s):
    return re.fullmatch(r"1[3-9][0-9]{9}", s) is not None and s[:3] in MOBILE_SEGMENTS


def to_fullwidth(s):
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


# ======================================================================================
# 1. 关于开展2024年度城乡低保复核工作的通知.txt
# ======================================================================================
N1_MOBILE = gen_mobile("139")
N1_LANDLINE = "0731-84567890"
notice1 = f"""长沙市芙蓉区民政局
芙民发〔2024〕12号

关于开展2024年度城乡低保复核工作的通知

各街道办事处、区直有关单位：
为进一步规范城乡居民最低生活保障管理，确保低保政策精准落实，根据《社会救助暂行办法》《湖南省最低生活保障工作规程》和市民政局有关工作部署，经研究，决定在全区开展2024年度城乡低保复核工作。现将有关事项通知如下。

一、复核范围
截至2024年5月31日在册的全区城乡低保家庭，共计1,286户2,154人，其中城市低保1,102户、农村低保184户。

二、复核内容
（一）家庭人口、户籍和共同生活情况是否发生变化；
（二）家庭收入、财产状况是否符合当前保障标准；
（三）保障金额是否与家庭实际情况相符，是否存在漏保、错保和人情保。

三、时间安排
（一）动员部署阶段（2024年6月1日至6月10日）：各街道制定工作方案，组织社区工作人员开展业务培训。
（二）入户核查阶段（2024年6月11日至7月31日）：逐户开展入户调查和家庭经济状况核对，核查比例达到100%。
（三）审核确认阶段（2024年8月1日至8月31日）：街道审核后报区民政局确认，9月起按新核定金额发放。

四、保障标准
2024年全区城市低保标准为每人每月750元，农村低保标准为每人每年7,200元。本年度区级预算安排低保资金3,568,000元，由区财政局按月拨付。

五、工作要求
（一）加强组织领导。各街道要明确一名分管领导具体负责，确保复核工作按期完成。
（二）严格规范程序。对复核中发现不再符合条件的家庭，要按程序办理停保手续，并做好政策解释工作。
（三）注重信息保护。公示低保对象信息时，只公示户主姓名、保障人数和保障金额，不得公开身份证号码、银行账号等个人信息。
（四）畅通监督渠道。群众可通过12345政务服务便民热线反映低保办理中的问题，各街道应在5个工作日内办结回复。

附件：1.2024年度城乡低保复核情况统计表
      2.低保家庭入户调查表（样表）

长沙市芙蓉区民政局
2024年5月20日

（联系人：王晓明，联系电话：{N1_LANDLINE}；经办人：刘芳，手机：{N1_MOBILE}）

（此件主动公开）
"""

# ======================================================================================
# 2. 2024年第三季度临时救助发放名单.txt  (tab-separated)
# ======================================================================================
ROW_REGIONS = ["430102", "430103", "430104", "430105", "430111", "430102",
               "430121", "430181", "430102", "430104", "430103", "431102"]
NAMES = ["刘建国", "陈秀兰", "杨志强", None, "黄美华", "赵永福",
         "周丽娟", "吴国平", None, "徐桂英", "马海涛", "胡春梅"]
MASKED_NAMES = {4: "李**", 9: "郭**"}
AMOUNTS = [1500, 800, 2000, 1200, 3000, 1000, 600, 2500, 1500, 800, 1800, 1200]
BINS = ["622202", "622848", "621700", "622588", "622202", "622848",
        "621700", "622202", "622848", "622588", "622202", "621700"]
SPACED_ROW, FULLWIDTH_ROW, GROUPED_CARD_ROW = 6, 11, 8
MASKED_ROWS = {4: ("430102********2316", "138****5521", "621700*********7402"),
               9: ("430102********4528", "186****0937", "622848*********3306")}

rows = []           # (seq, name, id_written, id_plain, phone, card_written, card_plain, amount)
for i in range(1, 13):
    if i in MASKED_ROWS:
        mid, mph, mcard = MASKED_ROWS[i]
        rows.append((i, MASKED_NAMES[i], mid, None, mph, mcard, None, AMOUNTS[i - 1]))
        continue
    pid = gen_id(ROW_REGIONS[i - 1], 1946, 1996, want_x=(i == SPACED_ROW))
    written = pid
    if i == SPACED_ROW:
        written = f"{pid[:6]} {pid[6:10]} {pid[10:14]} {pid[14:]}"
    elif i == FULLWIDTH_ROW:
        written = to_fullwidth(pid)
    card = gen_card(BINS[i - 1])
    card_written = card
    if i == GROUPED_CARD_ROW:
        card_written = " ".join(card[k:k + 4] for k in range(0, len(card), 4))
    rows.append((i, NAMES[i - 1], written, pid, gen_mobile(), card_written, card, AMOUNTS[i - 1]))

total_amount = sum(AMOUNTS)
list_lines = [
    "长沙市芙蓉区2024年第三季度临时救助发放名单",
    "",
    "根据《长沙市芙蓉区临时救助实施细则》，经申请人申请、街道审核、区民政局审批，现将2024年第三季度（7月至9月）临时救助发放情况公示如下，公示期为2024年10月10日至10月16日。",
    "",
    "\t".join(["序号", "姓名", "身份证号", "联系电话", "银行卡号", "金额（元）"]),
]
for seq, name, idw, _, ph, cw, _, amt in rows:
    list_lines.append("\t".join([str(seq), name, idw, ph, cw, "%s.00" % format(amt, ",")]))
list_lines += [
    "\t".join(["合计", "", "", "", "", "%s.00" % format(total_amount, ",")]),
    "",
    "说明：1.救助资金已于2024年9月27日通过“一卡通”系统发放至救助对象本人账户；",
    "      2.公示期内如有异议，请向所在街道或区民政局社会救助科反映，也可拨打12345政务服务便民热线。",
    "",
    "制表单位：长沙市芙蓉区民政局社会救助科",
    "制表日期：2024年10月9日",
]
list_text = "\n".join(list_lines) + "\n"

# ======================================================================================
# 3. 关于进一步优化营商环境的若干措施.txt  (must stay clean at medium and above)
# ======================================================================================
def gen_project_no():
    """20 digits starting with the year; no 18-char window is a valid ID, no 16/19 window is
    Luhn-valid, and no 11-char window looks like a mobile: clean even for a matcher without
    digit boundaries."""
    while True:
        s = "2024" + "".join(str(rng.randint(0, 9)) for _ in range(16))
        if any(valid_id18(s[k:k + 18]) for k in range(3)):
            continue
        if any(luhn_valid(s[k:k + n]) for n in (16, 17, 18, 19) for k in range(21 - n)):
            continue
        if re.search(r"1[3-9]", s[:10]):
            continue
        return s


PROJECT_NO = gen_project_no()
policy = f"""长沙市芙蓉区人民政府办公室
芙政办发〔2024〕8号

关于进一步优化营商环境的若干措施

各街道办事处，区直各单位：
为深入贯彻《优化营商环境条例》（国务院令第722号）和《湖南省优化经济发展环境规定》，持续打造市场化、法治化、国际化一流营商环境，结合我区实际，制定以下措施。

一、提升政务服务效能
1.全面推行“一件事一次办”，2024年底前实现高频事项100%网上可办，企业开办时间压减至1个工作日以内。
2.推行告知承诺制，对第5条所列的28项涉企经营许可事项，申请人书面承诺符合条件的，当场作出审批决定。
3.区政务服务中心实行“周末不打烊”，工作日服务时间为9:00—17:30，周六上午提供预约服务。

二、降低企业经营成本
4.对新认定的国家级专精特新“小巨人”企业给予一次性奖励1,250,000元，省级专精特新中小企业给予200,000元奖励。
5.对年度纳税额首次突破5000万元的企业，按其区级财政贡献增量的30%给予奖励，单个企业每年最高不超过500万元。
6.中小微企业申请创业担保贷款的，担保费率不高于1%，区财政按贷款市场报价利率（LPR）的50%给予贴息。

三、强化要素保障
7.区级产业引导基金规模达到36,000万元，其中不低于15%投向初创期科技型企业。
8.重大产业项目实行“拿地即开工”，项目编号{PROJECT_NO}等首批12个项目已纳入服务清单，由专班全程跟踪服务。
9.对符合条件的企业，水、电、气接入实行“零上门、零审批、零投资”，报装时限压减至5个工作日。

四、加强法治保障
10.严格落实行政执法“三项制度”，涉企行政检查原则上每年不超过2次，对轻微违法行为依法不予处罚。
11.建立涉企政策兑现“免申即享”机制，符合条件的奖补资金在政策公布后60日内拨付到位。

五、附则
12.本措施第4条至第6条所需资金由区财政统筹安排，具体实施细则由区发展和改革局会同区财政局另行制定。
13.本措施自2024年5月1日起施行，有效期至2026年4月30日。措施实施期间上级出台相关政策的，按照“就高不就低”原则执行。
14.企业和群众对本措施有意见建议的，可拨打12345政务服务便民热线，或拨打企业服务专线400-816-2345咨询；相关申报材料请于2024-06-30前提交。

长沙市芙蓉区人民政府办公室
2024年4月18日

（此件主动公开）
"""

# ======================================================================================
# 4. 某会议纪要（内部）.txt
# ======================================================================================
minutes = """机密★5年
内部资料 注意保存

芙蓉区数据资源局局务会议纪要
〔2024〕第7期

2024年7月16日上午，局党组书记、局长刘志远在局三楼会议室主持召开2024年第7次局务会议，研究政务数据共享、公共数据授权运营和下半年重点工作。现将会议议定事项纪要如下。

一、关于政务数据共享平台建设
会议听取了数据共享科关于平台二期建设进展情况的汇报。会议认为，平台上线以来已归集各部门数据目录1,046项，共享调用量稳步增长，但部分单位仍存在数据更新不及时、目录与实际数据不一致的问题。
会议强调，要严格执行《中华人民共和国保守国家秘密法》及其实施条例，涉及国家秘密的数据一律不得接入共享平台；接入数据须经提供单位审核确认，确保来源合法、权责清晰。
会议决定：由数据共享科牵头，于8月底前完成目录清理，对连续3个月未更新的数据目录予以通报。

二、关于公共数据授权运营试点
会议审议了《芙蓉区公共数据授权运营试点方案（送审稿）》。会议指出，授权运营要坚持安全可控、依法有序，对企业在申请和运营中提交的技术方案、经营数据等涉及商业秘密的材料，应当依法予以保护，不得向无关第三方提供。
会议原则同意该方案，请数据开发科根据会议意见修改完善后，按程序报区政府审定。

三、关于下半年重点工作
会议要求，各科室要对照年度目标任务清单，逐项梳理完成进度，查漏补缺。网络安全和保密工作要常抓不懈，9月份开展一次全局网络安全检查和保密自查。

出席：刘志远  陈立新  黄卫东  张丽
列席：办公室、数据共享科、数据开发科、网络安全科负责人
记录：彭思远

分送：局领导，各科室。
芙蓉区数据资源局办公室              2024年7月18日印发
"""

# ======================================================================================
# 5. 行政处罚决定书.txt
# ======================================================================================
P_PARTY_ID = gen_id("430105", 1975, 1985)
P_PARTY_MOBILE = gen_mobile("186")
P_USCC = gen_uscc("91", "430102")
P_PLATE = "湘A12345"
P_PASSPORT_OLD = "E" + "%08d" % rng.randint(10000000, 99999999)
P_PASSPORT_NEW = "E" + rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") + "%07d" % rng.randint(1000000, 9999999)
P_PERMIT = "C" + "%08d" % rng.randint(10000000, 99999999)
P_EMAIL = "zhoujg1979@example.com"
penalty = f"""长沙市芙蓉区市场监督管理局
行政处罚决定书

芙市监处罚〔2024〕35号

当事人：周建国，男，汉族，身份证号：{P_PARTY_ID}，住址：长沙市开福区东风路街道，联系电话：{P_PARTY_MOBILE}，电子送达邮箱：{P_EMAIL}。
经营者：长沙恒源食品贸易有限公司（以下简称恒源公司），统一社会信用代码：{P_USCC}，住所：长沙市芙蓉区五一大道，法定代表人：周建国。
第三人：林家豪，中国籍，长期居住于新加坡，护照号码：{P_PASSPORT_OLD}，系恒源公司进口食品的境外供货联系人。
委托代理人：方晓琳，护照号码：{P_PASSPORT_NEW}，往来港澳通行证号码：{P_PERMIT}。

2024年6月12日，本局执法人员根据群众通过12345政务服务便民热线的举报，对恒源公司位于芙蓉区的仓库进行现场检查，发现当事人使用车牌号为{P_PLATE}的冷藏货车运输标签不符合规定的进口预包装食品一批，共计320箱，货值金额42,600元。本局于2024年6月13日立案调查。

经查明：2024年3月至6月，当事人以恒源公司名义从境外购入上述食品，未按规定加贴中文标签即向辖区内商超销售，违法所得12,600元。

上述事实有现场检查笔录、询问笔录、进货单据、销售记录、车辆行驶证复印件及当事人陈述等证据证实。

本局认为，当事人的行为违反了《中华人民共和国食品安全法》第九十七条的规定。依据《中华人民共和国食品安全法》第一百二十五条第一款第（二）项的规定，本局于2024年8月20日向当事人送达了《行政处罚告知书》，当事人在法定期限内未提出陈述、申辩，也未要求听证。

综上，本局决定对当事人作出如下行政处罚：
1.没收违法所得12,600元；
2.没收标签不符合规定的进口预包装食品320箱；
3.罚款50,000元。

当事人应当自收到本决定书之日起15日内，通过湖南省非税收入收缴管理系统缴纳罚没款。逾期不缴纳的，本局将依据《中华人民共和国行政处罚法》第七十二条第一款第（一）项的规定，每日按罚款数额的3%加处罚款。

当事人如不服本处罚决定，可以在收到本决定书之日起60日内向长沙市芙蓉区人民政府申请行政复议，也可以在6个月内依法向长沙市芙蓉区人民法院提起行政诉讼。

长沙市芙蓉区市场监督管理局
2024年9月12日
"""

# ======================================================================================
# 6. gbk_通知.txt  (GBK)
# ======================================================================================
G_ID = gen_id("430102", 1938 + 2, 1944)
G_MOBILE = gen_mobile("150")
gbk_notice = f"""长沙市芙蓉区定王台街道办事处
关于2024年第二批高龄津贴发放对象的通知

各社区居民委员会：
根据《长沙市高龄老年人津贴发放管理办法》，经社区初审、街道复核，现将2024年第二批新增高龄津贴发放对象有关事项通知如下。

一、本批次新增发放对象共16人，其中80至89周岁12人、90至99周岁4人，津贴自2024年7月起按月发放。
二、80至89周岁老年人每人每月100元，90至99周岁老年人每人每月200元，由区财政统一发放至本人社会保障卡。
三、各社区要在2024年7月15日前将名单在社区公示栏张贴公示，公示期7天。公示内容只包括姓名、性别、年龄段和发放标准。
四、工作要求
（一）各社区要安排专人负责，对新增对象逐一上门核实，确保本人健在、户籍在本辖区。
（二）对行动不便的老年人，社区工作人员应当主动上门代办申请手续，不得要求老年人本人到场。
（三）发放对象死亡或户籍迁出的，家属应当及时告知社区，社区在10个工作日内报街道停发。

附：需补正材料人员情况
申请人：曹玉珍，身份证号：{G_ID}，户口簿复印件不清晰，请社区工作人员联系其家属（手机：{G_MOBILE}）于7月10日前补交。

群众对发放对象有异议的，可向街道民政办反映，或拨打12345政务服务便民热线。

长沙市芙蓉区定王台街道办事处
2024年7月2日
"""

# ======================================================================================
# Self-checks
# ======================================================================================
ids_full = [r[3] for r in rows if r[3]]
cards_full = [r[6] for r in rows if r[6]]
phones_full = [r[4] for r in rows if r[3]]
for v in ids_full + [P_PARTY_ID, G_ID]:
    assert valid_id18(v), v
    assert v.endswith("X") or not luhn_valid(v), v
assert any(v.endswith("X") for v in ids_full)
assert rows[SPACED_ROW - 1][3].endswith("X")
for v in cards_full:
    assert valid_card(v), v
for v in phones_full + [N1_MOBILE, P_PARTY_MOBILE, G_MOBILE]:
    assert valid_mobile(v), v
assert valid_uscc(P_USCC), P_USCC
assert not valid_uscc(P_USCC[:17] + ("0" if P_USCC[17] != "0" else "1"))   # validator sanity
assert not valid_id18("110105194912310021") and valid_id18("11010519491231002X")  # GB 11643 example
assert valid_uscc("91110000600037341L")                                        # stdnum example
assert re.fullmatch(r"E[0-9]{8}", P_PASSPORT_OLD)
assert re.fullmatch(r"E[A-HJ-NP-Z][0-9]{7}", P_PASSPORT_NEW)
assert re.fullmatch(r"C[0-9]{8}", P_PERMIT)
assert len(ids_full) == 10 and len(cards_full) == 10 and len(phones_full) == 10


def digit_runs(text):
    fold = text.translate({0xFF10 + k: 0x30 + k for k in range(10)})
    return re.findall(r"[0-9]+", fold)


# The clean policy text: no digit run of 11+ except the 20-digit project number,
# no mobile/ID/card/USCC/mark/restricted vocabulary.
runs = [r for r in digit_runs(policy) if len(r) >= 11]
assert runs == [PROJECT_NO], runs
for bad in ["★", "秘密", "内部", "保密", "敏感", "不予公开", "征求意见稿", "送审稿", "讨论稿",
            "草稿", "初稿", "身份证", "手机", "联系人", "@", "低保", "住址"]:
    assert bad not in policy, bad
assert policy.count("12345") == 1 and "400-816-2345" in policy

# 纪要: no digit run long enough to be any kind of personal number.
assert max(len(r) for r in digit_runs(minutes)) <= 4, digit_runs(minutes)
assert minutes.splitlines()[0] == "机密★5年" and minutes.splitlines()[1] == "内部资料 注意保存"

# Notice 1: exactly one mobile, one landline, no ID/card.
assert max(len(r) for r in digit_runs(notice1)) == 11
assert [r for r in digit_runs(notice1) if len(r) >= 8] == ["84567890", N1_MOBILE]

# The list file: each full value appears exactly once, in its written form.
for seq, name, idw, pid, ph, cw, card, amt in rows:
    assert list_text.count(idw) == 1 and list_text.count(ph) == 1 and list_text.count(cw) == 1
assert to_fullwidth(rows[FULLWIDTH_ROW - 1][3]) in list_text
assert all(len(l.split("\t")) == 6 for l in list_lines[4:17]), "table rows must have 6 columns"

# The GBK notice: all characters encodable.
gbk_bytes = gbk_notice.encode("gbk")
assert gbk_bytes.decode("gbk") == gbk_notice
assert len([r for r in digit_runs(gbk_notice) if len(r) >= 11]) == 2

FILES = {
    "关于开展2024年度城乡低保复核工作的通知.txt": notice1.encode("utf-8"),
    "2024年第三季度临时救助发放名单.txt": list_text.encode("utf-8"),
    "关于进一步优化营商环境的若干措施.txt": policy.encode("utf-8"),
    "某会议纪要（内部）.txt": minutes.encode("utf-8"),
    "行政处罚决定书.txt": penalty.encode("utf-8"),
    "gbk_通知.txt": gbk_bytes,
}
for name, data in FILES.items():
    n = data.count(b"\n")
    assert 20 <= n <= 80, (name, n)


# ======================================================================================
# README.md
# ======================================================================================
def line_of(text, needle):
    for i, l in enumerate(text.splitlines(), 1):
        if needle in l:
            return i
    raise AssertionError(needle)


def mask_id(v):
    return v[:6] + "********" + v[-4:]


rows_full = [r for r in rows if r[3]]
spaced = rows[SPACED_ROW - 1]
fullw = rows[FULLWIDTH_ROW - 1]
grouped = rows[GROUPED_CARD_ROW - 1]
readme = f"""# Demo corpus

Six small, fully synthetic 政务公开 documents for trying baomi:

```sh
cargo run --release -- scan corpora/demo            # text report
cargo run --release -- scan corpora/demo --reveal   # show unmasked values (synthetic anyway)
```

Every identifier below is invented but checksum-valid where the real thing has a checksum
(GB 11643 ID check character, Luhn for bank cards, GB 32100 + GB 11714 for the USCC).
Regenerate everything, this README included, with `python3 scripts/gen_demo.py`
(seed {SEED}; byte-identical output). Line numbers below are 1-based. Values are shown masked here;
run with `--reveal` to see them.

**`关于开展2024年度城乡低保复核工作的通知.txt`** — a 区民政局 notice (文号 芙民发〔2024〕12号) with dates,
household counts and amounts (750元, 7,200元, 3,568,000元) that must not be flagged. Expect **2 findings**, both on
line {line_of(notice1, N1_MOBILE)} (the 附注): one `mobile_phone` — the 经办人's personal mobile
`{N1_MOBILE[:3]}****{N1_MOBILE[-4:]}` — at high severity, and one `landline_phone` `0731-84567890`, the unit office
number given for the 联系人 王晓明, which is a normally published contact: reported at `medium` (below the default `--fail-on high`),
not as a leak. The 12345 hotline and the 文号 must not be reported. Words such as 低保 and 身份证号码 appear only
in policy sentences, not tied to a person, so no `sensitive_attribute` finding is expected.

**`2024年第三季度临时救助发放名单.txt`** — a tab-separated 公示 list (序号, 姓名, 身份证号, 联系电话, 银行卡号,
金额) with 12 rows — the classic leak. Expect **10 `id_card`, 10 `mobile_phone` and 10 `bank_card`** findings at high
severity (rows 1–3, 5–8, 10–12), including three harder forms: row {SPACED_ROW} writes the ID in groups
`{spaced[2][:6]} {spaced[2][7:11]} **** ***X` (checksum-valid, ends in X), row {FULLWIDTH_ROW} writes the ID `{mask_id(fullw[3])}` in full-width
digits (U+FF10–FF19), and row {GROUPED_CARD_ROW} writes a 19-digit card in groups of four. Card BINs are
622202/622848/621700 (19 digits) and 622588 (16 digits). Rows 4 and 9 are properly masked (`430102********2316`,
`138****5521`, `621700*********7402`, names `李**`/`郭**`): compliant, at most `info`. Depending on the enabled rules
the 10 unmasked names in the 姓名 column may also be reported as `person_name`, and the 临时救助 context may raise a
`sensitive_attribute`; amounts, the 合计 row and the dates must not be reported.

**`关于进一步优化营商环境的若干措施.txt`** — a clean policy text full of numbers that are *not* personal data:
文号 芙政办发〔2024〕8号, 国务院令第722号, dates (2024年5月1日, 2024-06-30), times (9:00—17:30), amounts
(1,250,000元, 36,000万元, 500万元), percentages, item numbers, the 12345 hotline, a 400 service number
(400-816-2345), and a 20-digit 项目编号 `{PROJECT_NO}` (no 18-digit window is a valid ID, no 16–19-digit window
is Luhn-valid, no 11-digit window looks like a mobile). Expect **no findings at `medium` or above** — ideally none
at all; this file is the false-positive check.

**`某会议纪要（内部）.txt`** — internal meeting minutes. Line 1 `机密★5年` is a state-secret classification mark
(level 机密, period 5年) at the top of the document: expect **1 `classification_mark` at critical/high** — a
document carrying it must not be published at all. Line 2 `内部资料 注意保存` is a restricted internal-use marking:
expect **1 `classification_mark`** (rule `mark.internal`; `critical` like every marking: a marked document is not for publication). The
body mentions `《中华人民共和国保守国家秘密法》` (line {line_of(minutes, "保守国家秘密法")}),
`商业秘密` (line {line_of(minutes, "商业秘密")}), `保密自查`, and the process-stage word `送审稿` inside the title of
another document quoted in running text; none of these is a `classification_mark` (`送审稿` may surface as a
low/info review hint, not counted here). Names appear only with
official posts (局长, 出席/列席), which are legitimately public. No personal numbers.

**`行政处罚决定书.txt`** — a 市场监管 penalty decision naming a natural person and a company. Expect
**8 findings**: `id_card` for the 当事人 (`{mask_id(P_PARTY_ID)}`, line {line_of(penalty, P_PARTY_ID)}),
`mobile_phone` `{P_PARTY_MOBILE[:3]}****{P_PARTY_MOBILE[-4:]}` and `email` `{P_EMAIL}` on the same line; `uscc`
`{P_USCC[:8]}*********{P_USCC[-1]}` for the 经营者 (line {line_of(penalty, P_USCC)} — public registration data, so report it
low/info, not as personal data); two `passport` numbers, old format `E` + 8 digits (line
{line_of(penalty, P_PASSPORT_OLD)}) and post-2017 format `E` + letter + 7 digits (line {line_of(penalty, P_PASSPORT_NEW)}); one
`travel_permit` (往来港澳通行证, `C` + 8 digits, line {line_of(penalty, P_PERMIT)}); and one `license_plate` `湘A12345`
(line {line_of(penalty, P_PLATE)}). Names of the parties may additionally be reported as `person_name`. The 当事人's 住址
stops at 街道 level and the company 住所 is a business address, so no `address` finding is expected; amounts, 文号,
article numbers and the 12345 hotline must not be reported.

**`gbk_通知.txt`** — a 街道办事处 notice saved in **GBK** (no BOM), testing charset detection. Expect
**1 `id_card`** (`{mask_id(G_ID)}`) and **1 `mobile_phone`** (`{G_MOBILE[:3]}****{G_MOBILE[-4:]}`), both on line
{line_of(gbk_notice, G_ID)}. If the file were decoded wrongly these would still be ASCII digits, but the cue words
(身份证号, 手机) and the report's context snippet must come out as readable Chinese.

Totals for the whole folder — each planted value once, whatever severity policy assigns (the office landline and the
USCC may legitimately come out as `info`); masked values, optional `person_name`/`sensitive_attribute` and review
hints not counted: 12 `id_card`,
13 `mobile_phone`, 1 `landline_phone`, 10 `bank_card`, 1 `email`, 2 `passport`, 1 `travel_permit`,
1 `license_plate`, 1 `uscc`, 2 `classification_mark`.
"""

for name, data in FILES.items():
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)
with open(os.path.join(HERE, "..", "demo.md"), "w", encoding="utf-8") as f:
    f.write(readme)
print("wrote", len(FILES), "documents and README.md")
